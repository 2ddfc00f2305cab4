"""The "Copy Dify settings" block: what to type into Dify's "Add model" form for one running model.

Kept small and pure: where Dify runs (and so which URL reaches this server) is decided by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from app.core.api.types import RunningModel

_LOOPBACK = ("127.0.0.1", "localhost", "0.0.0.0", "::1", "[::1]")
# What Docker Desktop (and Linux with host-gateway added) calls the host from inside a container.
DOCKER_HOST_NAME = "host.docker.internal"


def dify_model_type(model_type: str, abilities: tuple[str, ...] | list[str] = ()) -> str | None:
    """The model type as Dify's Xinference provider names it, or None where Dify has no such type."""
    if model_type == "LLM":
        return "LLM"
    if model_type == "embedding":
        return "Text Embedding"
    if model_type == "rerank":
        return "Rerank"
    if model_type == "audio":
        if "audio2text" in abilities:
            return "Speech2text"
        if any(a.startswith("text2audio") for a in abilities):
            return "TTS"
    return None


@dataclass(frozen=True)
class DifyUrl:
    url: str
    note: str = ""


def dify_server_url(endpoint: str, dify_in_docker: bool | None = None) -> DifyUrl:
    """The server URL as Dify would reach it. ``dify_in_docker``: True/False when known, None when not."""
    parts = urlsplit(endpoint.rstrip("/"))
    host = parts.hostname or ""
    if host not in _LOOPBACK:
        return DifyUrl(endpoint.rstrip("/"))
    if dify_in_docker is False:
        url = urlunsplit(parts._replace(netloc=f"127.0.0.1:{parts.port}" if parts.port else "127.0.0.1"))
        return DifyUrl(url, "Dify runs on this machine, outside Docker, so 127.0.0.1 reaches the server.")
    docker_url = urlunsplit(
        parts._replace(netloc=f"{DOCKER_HOST_NAME}:{parts.port}" if parts.port else DOCKER_HOST_NAME)
    )
    note = (
        f"Inside Dify's Docker containers 127.0.0.1 is the container itself, so {endpoint} would not reach "
        f"this server. Use {docker_url} (on Linux add `extra_hosts: host.docker.internal:host-gateway` to the "
        "plugin_daemon service) and start Xinference bound to 0.0.0.0 or this machine's LAN address."
    )
    if dify_in_docker is None:
        note = "If Dify runs in Docker: " + note[0].lower() + note[1:]
    return DifyUrl(docker_url, note)


def dify_settings_block(
    model: RunningModel, endpoint: str, login_on: bool, dify_in_docker: bool | None = None
) -> str:
    """A ready-to-paste block; the UID is the client UID (never a replica's ``-rep0`` name)."""
    url = dify_server_url(endpoint, dify_in_docker)
    kind = dify_model_type(model.model_type, model.abilities)
    lines = [
        "Dify > Settings > Model Provider > Xinference > Add Model",
        f"Model Type: {kind or f'(Dify has no {model.model_type} type for Xinference)'}",
        f"Model Name: {model.model_name}",
        f"Server URL: {url.url}",
        f"Model UID: {model.uid}",
    ]
    if login_on:
        lines.append("API Key: an xf-... key created on the Server page (the admin password does not work here)")
    else:
        lines.append("API Key: leave empty (login is off on this server)")
    if url.note:
        lines += ["", f"Note: {url.note}"]
    return "\n".join(lines)
