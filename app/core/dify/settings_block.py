"""The "Dify settings" block: what to type into Dify's "Add Model" form, the one function every front-end uses
(the Running page, the Dify page's report, the command line).

The field names are the labels of Dify's form (``models/xinference/provider/xinference.yaml``): Model Type, Model
Name, Server url, Model uid, API key, invoke timeout, max retries. The URL is the one Dify reaches this server at
from where it runs (``app.core.dify.location``).
"""

from __future__ import annotations

from yarl import URL

from app.core.api import normalize_endpoint
from app.core.api.types import RunningModel
from app.core.dify import location as loc
from app.core.dify.model_types import dify_label, dify_type_of_model

# Dify's form defaults for the two last fields (xinference.yaml).
INVOKE_TIMEOUT = 60
MAX_RETRIES = 3
GENERIC_KEY_HINT = "an API key of this server (xf-...)"


def server_url_for_dify(endpoint: str, location: str | None, host_address: str | None = None) -> str:
    """The server URL Dify should use, for a server this app reaches at ``endpoint``.

    A server of this machine (loopback, wildcard or one of its addresses) is written as Dify at ``location`` reaches
    it; a server elsewhere keeps its own address. ``location`` None: not known, written as for this machine."""
    url = URL(endpoint.strip().rstrip("/"))
    host, port = url.host or "", url.explicit_port or url.port or 9997
    if not _is_this_machine(host):
        return str(url.with_path("").with_query(None)).rstrip("/")
    return loc.dify_url(location or "same-host", port, host_address, url.scheme or "http")


def app_endpoint_for(server_url: str, endpoint: str, host_address: str | None = None) -> str | None:
    """The inverse of ``server_url_for_dify``: ``endpoint`` (normalized) when ``server_url``, as written for Dify at
    any location (loopback, ``host.docker.internal``, an address of this machine, ``host_address``), reaches the
    server this app reaches at ``endpoint``; None for another server or port. Secrets (the API key) are kept under
    the app's endpoint, so a URL written for Dify finds them through this."""
    try:
        url = URL(server_url.strip() if "://" in server_url else f"http://{server_url.strip()}")
        own = URL(normalize_endpoint(endpoint))
        port, own_port = url.port, own.port
    except ValueError:
        return None
    host, own_host = url.host or "", own.host or ""
    if not host or port != own_port:
        return None
    if host == own_host:
        return str(own).rstrip("/")
    if not _is_this_machine(own_host):
        return None
    if (loc.is_loopback(host) or loc.is_wildcard(host) or host == loc.DOCKER_DESKTOP_HOST
            or (host_address and host == host_address.strip("[]")) or _is_this_machine(host)):
        return str(own).rstrip("/")
    return None


def _is_this_machine(host: str) -> bool:
    return loc.is_loopback(host) or loc.is_wildcard(host) or host in loc.local_addresses()


def _location_notes(endpoint: str, location: str | None, host_address: str | None) -> list[str]:
    url = URL(endpoint.strip().rstrip("/"))
    port = url.explicit_port or url.port or 9997
    if location is None:
        return [f"If Dify runs in Docker Desktop, use {loc.dify_url('docker-desktop', port)}.",
                f"If Dify runs in Docker on Linux, use {loc.dify_url('docker-linux', port, host_address)}: "
                + loc.DOCKER_LINUX_ADVICE]
    if location == "docker-linux":
        return [loc.DOCKER_LINUX_ADVICE]
    if location == "remote":
        return ["Start Xinference on 0.0.0.0 (with login on) so that the other machine can reach it."]
    return []


def dify_settings(*, model_type: str | None, model_name: str, uid: str, server_url: str, login_on: bool | None,
                  key_hint: str = GENERIC_KEY_HINT, notes: list[str] | tuple[str, ...] = ()) -> str:
    """The block itself. ``model_type`` is Dify's key (``text-embedding``) or None where Dify has no such type."""
    kind = dify_label(model_type) if model_type else "(Dify has no Xinference model type for this model)"
    if login_on is None:
        key = f"{key_hint} if the server has login on; else leave it empty"
    elif login_on:
        key = f"{key_hint} (login is on; the admin password does not work here)"
    else:
        key = "leave empty (login is off on this server)"
    lines = [
        "Dify > Settings > Model Provider > Xorbits Inference > Add Model",
        f"Model Type: {kind}",
        f"Model Name: {model_name or uid}",
        f"Server url: {server_url.strip().rstrip('/')}",
        f"Model uid: {uid.strip()}",
        f"API key: {key}",
        f"invoke timeout (unit:second): {INVOKE_TIMEOUT}",
        f"max retries: {MAX_RETRIES}",
    ]
    lines += [f"Note: {n}" for n in notes]
    return "\n".join(lines)


def dify_settings_block(model: RunningModel, endpoint: str, login_on: bool | None, location: str | None = None,
                        host_address: str | None = None, key_hint: str = GENERIC_KEY_HINT) -> str:
    """The block for one running model; the UID is the client UID (never a replica's ``-rep0`` name)."""
    return dify_settings(
        model_type=dify_type_of_model(model.model_type, model.abilities), model_name=model.model_name,
        uid=model.uid, server_url=server_url_for_dify(endpoint, location, host_address), login_on=login_on,
        key_hint=key_hint, notes=_location_notes(endpoint, location, host_address))
