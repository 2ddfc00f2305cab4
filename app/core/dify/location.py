"""Where Dify runs: which host names mean what there, the one URL that reaches this server from there, and whether
the server can be reached.

Since Dify 1.0 the credential check runs in Dify's *plugin daemon* container. Seen from a container, ``127.0.0.1`` is
the container itself, and an address of this machine reaches the server only if the server listens on it (or on
``0.0.0.0``). Dify's own ``docker/docker-compose.yaml`` (langgenius/dify, Dify 1.13) gives the ``plugin_daemon``
service no ``extra_hosts``, so ``host.docker.internal`` resolves there only under Docker Desktop; on Linux the
container reaches this machine at an address of its own (docker0's, or the LAN address).

Everything here that looks at this machine (interfaces, listening sockets, DNS) blocks: callers on an event loop use
``predict`` (async), which does that work in a thread.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass, replace

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
OWN_ADDRESS_HINT = "<this machine's IP address>"
LOOPBACK = "127.0.0.1"
# The advice for Docker on Linux, in one place: the settings block, the check and the page all quote it.
DOCKER_LINUX_ADVICE = (
    "Dify's docker-compose gives its plugin_daemon container no host.docker.internal on Linux, so use this "
    "machine's address as containers see it (docker0's, or the LAN address), and start Xinference on 0.0.0.0 "
    "(with login on). To use host.docker.internal instead, add `extra_hosts: [\"host.docker.internal:host-gateway\"]` "
    "to the plugin_daemon service (docker-compose.override.yaml) and restart Dify."
)


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        found = ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return None
    if isinstance(found, ipaddress.IPv6Address) and found.ipv4_mapped is not None:
        return found.ipv4_mapped
    return found


def is_loopback(host: str) -> bool:
    """True for a loopback address (127.0.0.0/8, ::1, their IPv4-mapped forms) and for ``localhost`` and its
    subdomains, which RFC 6761 reserves for the loopback."""
    address = _address(host)
    if address is not None:
        return address.is_loopback
    name = host.strip().rstrip(".").lower()
    return name == "localhost" or name.endswith(".localhost")


def is_wildcard(host: str) -> bool:
    """True for the "every address" bind (0.0.0.0, ::) and an empty host."""
    address = _address(host)
    return not host.strip("[]") or (address is not None and address.is_unspecified)


def url_host(host: str) -> str:
    """A host as it goes into a URL (IPv6 in brackets)."""
    address = _address(host)
    return f"[{address}]" if isinstance(address, ipaddress.IPv6Address) else host


def local_addresses() -> set[str]:
    """Every IP address of this machine's interfaces (blocks briefly: call it from a thread)."""
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


def xinference_ports() -> tuple[int, ...]:
    """HTTP ports of the ``xinference-local`` servers of this machine that listen now (from their ``-p``/``--port``
    argument, default 9997: the same process also listens on internal actor ports, which are not the API)."""
    try:
        conns = psutil.net_connections(kind="inet")
    except (psutil.AccessDenied, OSError):
        return ()
    listening = {(c.pid, c.laddr.port) for c in conns if c.status == psutil.CONN_LISTEN and c.laddr}
    ports: set[int] = set()
    for proc in psutil.process_iter(["cmdline"]):
        args = proc.info.get("cmdline") or []
        if not any(a.endswith("xinference-local") for a in args[:2]):
            continue
        port = 9997
        for flag, value in zip(args, args[1:], strict=False):
            if flag in ("-p", "--port") and value.isdigit():
                port = int(value)
        if (proc.pid, port) in listening:
            ports.add(port)
    return tuple(sorted(ports))


def accepts_on(listening: tuple[str, ...], address: str) -> bool:
    return any(is_wildcard(a) or a == address for a in listening)


def dify_host(location: str, host_address: str | None = None) -> str:
    """The host name or address of this machine as Dify at ``location`` must write it."""
    if location == "same-host":
        return "127.0.0.1"
    if location == "docker-desktop":
        return DOCKER_DESKTOP_HOST
    return url_host(host_address or bridge_address() or OWN_ADDRESS_HINT)


def dify_url(location: str, port: int, host_address: str | None = None, scheme: str = "http") -> str:
    """The server URL to type into Dify for a server of this machine on ``port``, from ``location``."""
    return f"{scheme}://{dify_host(location, host_address)}:{port}"


def container_hosts(location: str) -> dict[str, str]:
    """Names the place where Dify runs resolves differently from this machine, mapped to the address on this
    machine that the name reaches (Docker Desktop forwards host.docker.internal to this machine's loopback)."""
    return {DOCKER_DESKTOP_HOST: "127.0.0.1"} if location == "docker-desktop" else {}


@dataclass(frozen=True)
class Reachability:
    """``reachable``: True / False as predicted, None when it cannot be told from here (then we just try).
    ``blocked`` says how a False fails there: "refused" (nothing listens where it connects) or "unresolved"."""

    reachable: bool | None
    detail: str
    cause: str = ""
    fix: str = ""
    suggested_url: str = ""
    listening: tuple[str, ...] = ()
    server_loopback_only: bool = False
    blocked: str = ""


async def predict(location: str, server_url: str, host_address: str | None = None) -> Reachability:
    """Can Dify, running at ``location``, open a connection to ``server_url``? (The socket table and any DNS lookup
    run in a thread: this is called from the window's event loop.)"""
    return await asyncio.to_thread(predict_blocking, location, server_url, host_address)


def predict_blocking(location: str, server_url: str, host_address: str | None = None) -> Reachability:
    try:
        url = URL(server_url.strip())
    except ValueError:
        return Reachability(None, "The URL cannot be parsed.")
    host, port = url.host, url.explicit_port or url.port
    if not host or not port or not url.absolute:
        return Reachability(None, "No host and port to check.")
    listening = listening_addresses(port)
    loop_only = bool(listening) and all(is_loopback(a) for a in listening)
    suggestion = dify_url(location, port, host_address, url.scheme)
    base = Reachability(None, "", suggested_url=suggestion, listening=listening, server_loopback_only=loop_only)

    def verdict(reachable: bool | None, detail: str, cause: str = "", fix: str = "",
                blocked: str = "") -> Reachability:
        return replace(base, reachable=reachable, detail=detail, cause=cause, fix=fix, blocked=blocked)

    rebind = (" Start the server on 0.0.0.0 (with login on, since everyone on the network can reach it)."
              if loop_only and location != "docker-desktop" else "")
    if location == "same-host":
        return verdict(True, "Dify runs on this machine: it sees the server as this app does.")
    place = PLACE[location]
    own = "container" if location != "remote" else "machine"
    if is_loopback(host):
        return verdict(
            False, f"From {place}, {host} is that {own} itself.",
            cause=f"Dify would connect to port {port} of its own {own}, where nothing listens.",
            fix=f"Use {suggestion} as the server URL.{rebind}", blocked="refused")
    if host == DOCKER_DESKTOP_HOST and location != "docker-desktop":
        where = "Dify's containers on Linux" if location == "docker-linux" else "the machine where Dify runs"
        return verdict(
            False, f"{DOCKER_DESKTOP_HOST} does not resolve in {where}.",
            cause=(DOCKER_LINUX_ADVICE if location == "docker-linux"
                   else f"{DOCKER_DESKTOP_HOST} is Docker Desktop's name, unknown elsewhere."),
            fix=f"Use {suggestion} as the server URL.{rebind}", blocked="unresolved")
    mapped = container_hosts(location).get(host)
    address = mapped or _resolve_here(host)
    mine = local_addresses() | ({host_address} if host_address else set())
    if address is None or (address not in mine and not is_loopback(address)):
        return verdict(None, f"{host} is not an address of this machine: cannot tell from here whether "
                             f"{place} reaches it; checked from this machine instead.")
    via = f"{host} is {address} there; " if mapped else ""
    if not listening or accepts_on(listening, address):
        # "Reachable" only after a connection succeeded: an empty socket table (nothing listens, or psutil may
        # not read it) proves nothing. A declared address that is no interface of this machine (a NAT's) cannot
        # be dialled from here; the server's own loopback answers for a server on every address.
        target = address if address in local_addresses() or is_loopback(address) else LOOPBACK
        error = connect_error(target, port)
        if error:
            return verdict(
                False, _after(via, f"nothing accepts connections on {url_host(target)}:{port} ({error})."),
                cause=f"Dify would connect to {url_host(address)}:{port}, where nothing listens: the connection is "
                      "refused.",
                fix="Start the server, or use the port it listens on.", blocked="refused")
        every = " (it listens on every address)" if target != address else ""
        return verdict(True, _after(via, f"connected to {url_host(target)}:{port}: the server accepts "
                                         f"connections there{every}."))
    shown = ", ".join(listening)
    return verdict(
        False, f"{via}the server listens on {shown} only, not on {address}.",
        cause=f"A connection from {place} to {url_host(address)}:{port} is refused: the server listens on "
              f"{shown} only.",
        fix=("Start the server on 0.0.0.0 (turn login on first: the whole network can reach it then)"
             f" and keep {suggestion} as the server URL."), blocked="refused")


def _after(lead: str, text: str) -> str:
    """``text`` after ``lead`` ("host.docker.internal is 127.0.0.1 there; "), or as a sentence of its own."""
    return lead + text if lead else text[:1].upper() + text[1:]


def connect_error(host: str, port: int, timeout: float = 2.0) -> str:
    """Open and close one TCP connection to ``host``:``port`` (blocking); "" when it succeeded, else the error."""
    try:
        with socket.create_connection((host.strip("[]"), port), timeout=timeout):
            return ""
    except TimeoutError:
        return f"no answer within {timeout:g} s"
    except OSError as exc:
        return exc.strerror or str(exc)


def _resolve_here(host: str) -> str | None:
    address = _address(host)
    if address is not None:
        return str(address)
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return None
    return str(infos[0][4][0]) if infos else None
