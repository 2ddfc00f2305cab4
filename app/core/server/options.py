"""Turn ``ServerOptions`` into a command line and environment, and validate them before anything starts."""

from __future__ import annotations

import asyncio
import ipaddress
import os
import re
import socket
import sys
import tempfile
from pathlib import Path

import psutil

from app.core import paths
from app.core.endpoint import parse_port
from app.core.errors import InvalidInput, PortBusy
from app.core.server.engine import Engine
from app.core.settings import LOG_LEVELS, MODEL_SOURCES, ServerOptions

_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
WILDCARDS = ("0.0.0.0", "::", "")


def build_command(engine: Engine, options: ServerOptions) -> list[str]:
    return [*engine.command, "-H", options.host or "127.0.0.1", "-p", str(options.port), "--log-level",
            options.log_level.upper()]


def build_env(options: ServerOptions) -> dict[str, str]:
    env = dict(os.environ)
    env.update({k: str(v) for k, v in options.extra_env.items()})
    if options.home:
        env["XINFERENCE_HOME"] = str(Path(options.home).expanduser())
    env["XINFERENCE_MODEL_SRC"] = options.model_source
    # Launches must not try to pip-install engine packages behind the user's back.
    env.setdefault("XINFERENCE_ENABLE_VIRTUAL_ENV", "0")
    env["PYTHONUNBUFFERED"] = "1"
    if options.auth_enabled:
        env.pop("XINFERENCE_AUTH_ADVANCED", None)
    else:
        env["XINFERENCE_AUTH_ADVANCED"] = "0"
    return env


def local_addresses() -> set[str]:
    found = {"127.0.0.1", "::1"}
    for addrs in psutil.net_if_addrs().values():
        for a in addrs:
            if a.family in (socket.AF_INET, socket.AF_INET6):
                found.add(a.address.split("%")[0])
    return found


class OptionInvalid(InvalidInput):
    """A start option is unusable; ``field`` names the form field it came from (``host``, ``port``, ``home``...)."""

    def __init__(self, field: str, message: str, hint: str = "") -> None:
        super().__init__(message, hint)
        self.field = field


def check_port(port: object) -> int:
    """The port as an int in 1..65535, or ``OptionInvalid`` saying what is wrong (the rule is ``parse_port``'s)."""
    if isinstance(port, str) and not port.strip():
        raise OptionInvalid("port", "Enter a port", "Use a port between 1 and 65535 (default 9997).")
    try:
        return parse_port(port if isinstance(port, str | int) and not isinstance(port, bool) else str(port))
    except InvalidInput as exc:
        raise OptionInvalid("port", exc.message, exc.hint) from None


def check_options(options: ServerOptions) -> None:
    """Everything but the host name's lookup (which may block on DNS: ``validate_options`` does it off the loop)."""
    check_port(options.port)
    host = (options.host or "").strip()
    if any(c.isspace() for c in host) or host.startswith("[") or host.endswith("]"):
        raise OptionInvalid("host", f"{host!r} is not a host name or address",
                            "Write the address without brackets or spaces, e.g. 127.0.0.1, 0.0.0.0 or ::1.")
    if options.log_level.upper() not in LOG_LEVELS:
        raise InvalidInput(f"Unknown log level {options.log_level!r}", f"Use one of {', '.join(LOG_LEVELS)}.")
    if options.model_source not in MODEL_SOURCES:
        raise InvalidInput(f"Unknown model source {options.model_source!r}", f"Use one of {', '.join(MODEL_SOURCES)}.")
    for name in options.extra_env:
        if not _ENV_NAME.match(name):
            raise InvalidInput(f"{name!r} is not a valid environment variable name", "Use letters, digits and _.")
    if options.home:
        _check_writable(Path(options.home).expanduser())


async def validate_options(options: ServerOptions) -> None:
    """Raise ``InvalidInput`` with a clear message for anything that would make the start fail.

    A host name is looked up in a worker thread: a slow or dead DNS server must not freeze the window."""
    check_options(options)
    host = (options.host or "").strip()
    if host in WILDCARDS or host == "localhost":
        return
    try:
        resolved = {str(ipaddress.ip_address(host))}
    except ValueError:
        try:
            infos = await asyncio.to_thread(socket.getaddrinfo, host, None)
        except (socket.gaierror, UnicodeError):
            raise OptionInvalid(
                "host", f"Host {host!r} does not resolve", "Use 127.0.0.1, 0.0.0.0, or an address of this machine."
            ) from None
        resolved = {str(info[4][0]) for info in infos}
    if not resolved & local_addresses():
        raise OptionInvalid(
            "host",
            f"{host} is not an address of this machine",
            "A server can only listen on this machine's own addresses: use 127.0.0.1 (this machine only) "
            "or 0.0.0.0 (all interfaces).",
        )


def _check_writable(home: Path) -> None:
    try:
        home.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=home, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise InvalidInput(
            f"XINFERENCE_HOME {home} is not writable ({exc.strerror or exc})",
            "Choose a folder you own, or leave it empty for the default "
            f"({paths.default_xinference_home_text()}).",
        ) from None


def bind_like_the_server(s: socket.socket) -> None:
    """Set the probe socket's options so that its bind fails exactly when the server's would."""
    if sys.platform == "win32":
        # Windows' SO_REUSEADDR lets a bind share a port that another program listens on: with it the probe would
        # call every port free. SO_EXCLUSIVEADDRUSE makes the bind fail while anyone holds the port.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
    else:
        # POSIX: SO_REUSEADDR only lets the bind pass a port left in TIME_WAIT by a server just stopped (uvicorn
        # sets it too, so Xinference will start there); a listener still makes the bind fail.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)


def port_is_free(host: str, port: int) -> bool:
    """True when nothing listens on (host, port). Binding is the only honest test."""
    bind_host = host if host not in ("", "localhost") else "127.0.0.1"
    family = socket.AF_INET6 if ":" in bind_host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        bind_like_the_server(s)
        try:
            s.bind((bind_host, port))
        except OSError:
            return False
    if bind_host in ("0.0.0.0", "::"):
        return port_is_free("127.0.0.1", port)
    return True


def ensure_port_free(options: ServerOptions) -> None:
    if not port_is_free(options.host or "127.0.0.1", options.port):
        raise PortBusy(options.host or "127.0.0.1", options.port)
