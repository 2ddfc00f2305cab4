"""A network namespace that stands in for Dify's container, wired the way Docker's bridge is.

``ip netns add`` gives a namespace with its own loopback (its 127.0.0.1 is not this machine's), and a veth pair joins
it to this machine: the host side gets ``10.231.N.1/30`` (the "bridge address", as docker0's 172.17.0.1 is), the
namespace side ``10.231.N.2/30``. Traffic never leaves this machine: the namespace has no other route.

Needs root and iproute2 (``.ci/run`` installs it: ``apt-get install -y iproute2``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Namespace:
    name: str
    host_address: str  # this machine's side of the veth pair: what "the bridge address" is for the namespace
    ns_address: str

    def exec_argv(self, *argv: str) -> list[str]:
        return ["ip", "netns", "exec", self.name, *argv]


def available() -> str | None:
    """None when namespaces can be made here, else why not."""
    if shutil.which("ip") is None:
        return "the `ip` command (iproute2) is missing"
    if os.geteuid() != 0:
        return "network namespaces need root"
    return None


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, text=True)


@contextmanager
def bridge_namespace(index: int | None = None) -> Iterator[Namespace]:
    """Create the namespace and veth pair; remove both afterwards (deleting the namespace deletes the pair)."""
    n = index if index is not None else os.getpid() % 250 + 1
    name, host_if, ns_if = f"ximdify{n}", f"ximd{n}h", f"ximd{n}n"
    host_addr, ns_addr = f"10.231.{n}.1", f"10.231.{n}.2"
    subprocess.run(["ip", "netns", "del", name], capture_output=True)  # a leftover of a killed run
    subprocess.run(["ip", "link", "del", host_if], capture_output=True)
    _ip("netns", "add", name)
    try:
        _ip("link", "add", host_if, "type", "veth", "peer", "name", ns_if)
        _ip("link", "set", ns_if, "netns", name)
        _ip("addr", "add", f"{host_addr}/30", "dev", host_if)
        _ip("link", "set", host_if, "up")
        _ip("-n", name, "addr", "add", f"{ns_addr}/30", "dev", ns_if)
        _ip("-n", name, "link", "set", ns_if, "up")
        _ip("-n", name, "link", "set", "lo", "up")
        yield Namespace(name, host_addr, ns_addr)
    finally:
        subprocess.run(["ip", "netns", "del", name], capture_output=True)
        subprocess.run(["ip", "link", "del", host_if], capture_output=True)
