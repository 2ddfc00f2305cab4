"""Dify's form as typed: the URL read once (bad input is one clear line), every mistake of it named in one pass, and
the one URL that works from where Dify runs.

Pure: what it needs to know about this machine (which ports Xinference listens on, whether anything listens on the
typed port, this machine's addresses) is gathered by the caller, off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yarl import URL

from app.core.dify import location as loc
from app.core.endpoint import parse_endpoint
from app.core.errors import InvalidInput

EXAMPLE = "http://127.0.0.1:9997"


def parse_server_url(text: str) -> URL:
    """The server URL as typed, parsed; a URL that cannot be a URL at all (a port out of range, an IPv6 address
    without its closing bracket) raises ``InvalidInput`` with one line that says what is wrong, worded as for every
    server URL of the app (``app.core.endpoint``).

    A URL that parses but that Dify would refuse (no scheme, ``/v1``, another scheme) is not bad input: the check
    names it, as Dify's own error would."""
    typed = text.strip()
    candidate = typed if "://" in typed else f"http://{typed}"
    try:
        url = URL(candidate)
        port = url.explicit_port
    except ValueError as exc:
        parse_endpoint(typed)  # raises with the app's wording for the same mistake
        raise InvalidInput(f"Server URL {typed!r} is not valid: {exc}", f"For example {EXAMPLE}.") from exc
    if port == 0:
        parse_endpoint(typed)
    return URL(typed) if "://" in typed else url


@dataclass(frozen=True)
class MachineFacts:
    """What this machine says about the typed URL (gathered in a thread)."""

    xinference_ports: tuple[int, ...] = ()  # ports of the xinference-local servers listening on this machine
    app_port: int | None = None  # the port of the server this app manages, when it listens
    typed_port_listens: bool | None = None  # None: not a port of this machine, or not known
    own_addresses: frozenset[str] = frozenset()


@dataclass(frozen=True)
class FormReview:
    problems: tuple[str, ...] = field(default_factory=tuple)
    working_url: str = ""  # the one URL that reaches the server from where Dify runs ("" when none can be told)


def review_url(text: str, location: str, host_address: str | None, facts: MachineFacts) -> FormReview:
    """Every mistake of the server URL, in one pass, and the URL that works instead."""
    typed = text.strip()
    if not typed:
        return FormReview(("The server URL is empty.",), "")
    problems: list[str] = []
    if "://" not in typed:
        problems.append("It has no http:// in front (Dify's requests would fail with "
                        "\"No connection adapters were found\").")
    url = parse_server_url(typed)
    if "://" not in typed:
        url = URL(f"http://{typed}")
    scheme = url.scheme if url.scheme in ("http", "https") else "http"
    if url.scheme not in ("http", "https"):
        problems.append(f"Its scheme is {url.scheme!r}; Dify speaks http or https.")
    path = url.path.rstrip("/")
    if path.endswith("/v1"):
        problems.append("It ends in /v1: Dify adds /v1 itself, and would ask for /v1/v1/models/...")
    elif path:
        problems.append(f"It has a path ({url.path}): Dify wants only scheme://host:port.")
    host = url.host or ""
    new_host = host
    if not host:
        problems.append("It has no host.")
        new_host = loc.dify_host(location, host_address)
    elif loc.is_loopback(host) and location != "same-host":
        problems.append(f"{host} is {loc.PLACE[location]} itself, not this machine.")
        new_host = loc.dify_host(location, host_address)
    elif host == loc.DOCKER_DESKTOP_HOST and location in ("docker-linux", "remote"):
        problems.append(f"{host} does not resolve in {loc.PLACE[location]}"
                        + (" (Dify's docker-compose does not add it on Linux)." if location == "docker-linux" else "."))
        new_host = loc.dify_host(location, host_address)
    new_port = url.explicit_port
    this_machine = _is_this_machine(host, location, host_address, facts)
    known = facts.xinference_ports
    # The app's own server, else the only one found: with several and none ours, the port cannot be guessed.
    likely = facts.app_port or (known[0] if len(known) == 1 else None)
    if url.explicit_port is None:
        default = 443 if url.scheme == "https" else 80
        problems.append(f"It has no port, so Dify would use {default}; Xinference's default is 9997.")
        new_port = likely or 9997
    elif this_machine and (likely or known) and url.explicit_port not in known and url.explicit_port != likely \
            and facts.typed_port_listens is not True:
        if likely:
            problems.append(f"Nothing answers on port {url.explicit_port}; Xinference listens on port {likely}.")
            new_port = likely
        else:
            problems.append(f"Nothing answers on port {url.explicit_port}; Xinference servers listen on ports "
                            f"{', '.join(map(str, known))}.")
    working = f"{scheme}://{new_host}:{new_port}" if new_host and loc.OWN_ADDRESS_HINT not in new_host else ""
    return FormReview(tuple(problems), working)


def _is_this_machine(host: str, location: str, host_address: str | None, facts: MachineFacts) -> bool:
    if loc.is_loopback(host) or host in facts.own_addresses or (host_address and host == host_address):
        return True
    return host == loc.DOCKER_DESKTOP_HOST and location == "docker-desktop"
