"""Where Dify runs, and whether the server can be reached from there.

Since Dify 1.0 the credential check runs in Dify's *plugin daemon* container. Seen from a container, ``127.0.0.1`` is
the container itself, and an address of this machine reaches the server only if the server listens on it (or on
``0.0.0.0``). This module predicts that from this machine's interfaces and the server's listening sockets (psutil),
rather than guessing, and can ask the plugin daemon container itself (``docker exec``) when the Docker CLI sees it.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import shutil
import socket
from dataclasses import dataclass

import httpx
import psutil
from yarl import URL

LOCATIONS = ("same-host", "docker-desktop", "docker-linux", "remote")
PLACE = {
    "same-host": "this machine",
    "docker-desktop": "Dify's plugin daemon container (Docker Desktop)",
    "docker-linux": "Dify's plugin daemon container (Docker on Linux)",
    "remote": "the machine where Dify runs",
}
DOCKER_DESKTOP_HOST = "host.docker.internal"
WILDCARDS = ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in ("localhost", "localhost.localdomain", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def local_addresses() -> set[str]:
    """Every IP address of this machine's interfaces."""
    found: set[str] = set()
    for addrs in psutil.net_if_addrs().values():
        for a in addrs:
            if a.family in (socket.AF_INET, socket.AF_INET6):
                found.add(a.address.split("%")[0])
    return found


def bridge_address() -> str | None:
    """The address a Linux container uses to reach this machine: docker0's, else the first non-loopback IPv4."""
    addrs = psutil.net_if_addrs()
    for a in addrs.get("docker0", []):
        if a.family == socket.AF_INET:
            return str(a.address)
    for _name, items in sorted(addrs.items()):
        for a in items:
            if a.family == socket.AF_INET and not is_loopback(a.address):
                return str(a.address)
    return None


def listening_addresses(port: int) -> tuple[str, ...]:
    """Addresses on which some process of this machine accepts TCP connections on ``port``."""
    try:
        conns = psutil.net_connections(kind="inet")
    except (psutil.AccessDenied, OSError):
        return ()
    found = {c.laddr.ip for c in conns if c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port}
    return tuple(sorted(found))


def accepts_on(listening: tuple[str, ...], address: str) -> bool:
    return any(a in WILDCARDS or a == address for a in listening)


def suggested_url(location: str, port: int, host_address: str | None = None, scheme: str = "http") -> str:
    """The server URL to type into Dify for this location."""
    if location == "same-host":
        host = "127.0.0.1"
    elif location == "docker-desktop":
        host = DOCKER_DESKTOP_HOST
    else:
        host = host_address or bridge_address() or "<this machine's IP address>"
    return f"{scheme}://{host}:{port}"


@dataclass(frozen=True)
class Reachability:
    """``reachable``: True / False as predicted, None when it cannot be told from here (then we just try)."""

    reachable: bool | None
    detail: str
    cause: str = ""
    fix: str = ""
    suggested_url: str = ""
    listening: tuple[str, ...] = ()
    server_loopback_only: bool = False


def predict(location: str, server_url: str, host_address: str | None = None) -> Reachability:
    """Can Dify, running at ``location``, open a connection to ``server_url``?"""
    try:
        url = URL(server_url.strip())
    except ValueError:
        return Reachability(None, "The URL cannot be parsed.")
    host, port = url.host, url.explicit_port or url.port
    if not host or not port or not url.absolute:
        return Reachability(None, "No host and port to check.")
    listening = listening_addresses(port)
    loop_only = bool(listening) and all(is_loopback(a) for a in listening)
    mine = local_addresses() | ({host_address} if host_address else set())
    suggestion = suggested_url(location, port, host_address, url.scheme)
    rebind = (" Start the server with -H 0.0.0.0 (with login on, since everyone on the network can reach it)."
              if loop_only else "")
    if location == "same-host":
        return Reachability(True, "Dify runs on this machine: it sees the server as this app does.",
                            suggested_url=suggestion, listening=listening, server_loopback_only=loop_only)
    place = PLACE[location]
    if is_loopback(host):
        return Reachability(
            False, f"From {place}, {host} is that {'container' if location != 'remote' else 'machine'} itself.",
            cause=f"Dify would connect to port {port} of its own {'container' if location != 'remote' else 'machine'},"
                  " where nothing listens.",
            fix=f"Use {suggestion} as the server URL.{rebind}",
            suggested_url=suggestion, listening=listening, server_loopback_only=loop_only)
    if host == DOCKER_DESKTOP_HOST and location == "docker-desktop":
        # Docker Desktop forwards host.docker.internal to this machine's loopback as well.
        return Reachability(True, "Docker Desktop forwards host.docker.internal to this machine.",
                            suggested_url=suggestion, listening=listening, server_loopback_only=loop_only)
    address = _resolve_here(host)
    if host == DOCKER_DESKTOP_HOST and location == "docker-linux":
        address = host_address or bridge_address()
    if address is None or address not in mine:
        return Reachability(None, f"{host} is not an address of this machine: cannot tell from here whether "
                                  f"{place} reaches it; checked from this machine instead.",
                            suggested_url=suggestion, listening=listening, server_loopback_only=loop_only)
    if not listening or accepts_on(listening, address):
        return Reachability(True, f"The server accepts connections on {address}:{port}.",
                            suggested_url=suggestion, listening=listening, server_loopback_only=loop_only)
    shown = ", ".join(listening)
    return Reachability(
        False, f"The server listens on {shown} only, not on {address}.",
        cause=f"A connection from {place} to {address}:{port} is refused: the server listens on {shown} only.",
        fix=("Start the server with -H 0.0.0.0 (turn login on first: the whole network can reach it then)"
             f" and keep {suggestion} as the server URL."),
        suggested_url=suggestion, listening=listening, server_loopback_only=loop_only)


def _resolve_here(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return None
    return str(infos[0][4][0]) if infos else None


class RefusingTransport(httpx.AsyncBaseTransport):
    """The network as Dify's container would see it when nothing listens where it connects: every connection is
    refused (a TCP reset), exactly what a closed port answers."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            raise ConnectionRefusedError(111, "Connection refused")
        except ConnectionRefusedError as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc


# -- asking the plugin daemon container itself -------------------------------------------------------------------


@dataclass(frozen=True)
class ProbeResult:
    container: str
    reachable: bool
    output: str


_PROBE = (
    "u={url}; "
    "if command -v python3 >/dev/null; then python3 -c \"import sys,urllib.request as r\n"
    "try:\n print(r.urlopen(sys.argv[1], timeout=10).status)\n"
    "except Exception as e:\n print(getattr(e, 'code', None) or e); "
    "sys.exit(getattr(e, 'code', None) is None)\" \"$u\"; "
    "elif command -v curl >/dev/null; then curl -sS -m 10 -o /dev/null -w '%{{http_code}}' \"$u\"; "
    "else wget -q -T 10 -O /dev/null \"$u\" && echo ok; fi"
)


async def _run(*cmd: str, timeout: float) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        *cmd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        await proc.wait()
        return 124, "timed out"
    return proc.returncode or 0, out.decode(errors="replace").strip()


async def find_plugin_daemon() -> str | None:
    """The name of a running Dify plugin daemon container, when a Docker CLI here can see one."""
    if shutil.which("docker") is None:
        return None
    code, out = await _run("docker", "ps", "--format", "{{.Names}}\t{{.Image}}", timeout=10)
    if code != 0:
        return None
    for line in out.splitlines():
        name, _, image = line.partition("\t")
        if "plugin_daemon" in name or "plugin-daemon" in name or "plugin-daemon" in image:
            return name
    return None


async def probe_from_container(server_url: str) -> ProbeResult | None:
    """Open ``/v1/cluster/auth`` of the server from inside the plugin daemon container (any HTTP answer counts)."""
    container = await find_plugin_daemon()
    if container is None:
        return None
    target = str(URL(server_url.strip()).with_path("/v1/cluster/auth"))
    quoted = "'" + target.replace("'", "'\\''") + "'"
    code, out = await _run("docker", "exec", container, "sh", "-c", _PROBE.format(url=quoted), timeout=30)
    answered = code == 0 and out.strip()[:3].isdigit() or out.strip() == "ok"
    return ProbeResult(container, bool(answered), out[-500:])
