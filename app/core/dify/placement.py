"""Where the server should listen, and with what login, so that Dify at a given location reaches it.

One answer per location (asked once per profile: ``Profile.dify_location``):

- same machine: 127.0.0.1 is enough.
- Docker Desktop (macOS, Windows): its ``host.docker.internal`` is forwarded to this machine's loopback, so a
  server on 127.0.0.1 is reachable. Never 0.0.0.0 on Windows: ``xinference-local -H 0.0.0.0`` fails there with
  "Cluster is not available after multiple attempts" (xorbitsai/inference #1053, #2828, #4001).
- Docker on Linux and another machine: the server must listen where a container or the network reaches it, so on
  every address, with login on (the network can reach it then). On Windows that is the machine's LAN address.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from app.core.dify.location import LOCATIONS, is_loopback, is_wildcard

LOOPBACK = "127.0.0.1"
EVERY_ADDRESS = "0.0.0.0"
_NEEDS_NETWORK = ("docker-linux", "remote")


def known_location(value: object) -> str | None:
    """The location a profile names, or None when it names none we know (not asked yet, skipped, damaged)."""
    return value if isinstance(value, str) and value in LOCATIONS else None


def login_required_for(location: str | None) -> bool:
    """True where the server must be open to the network, so login must be on."""
    return location in _NEEDS_NETWORK


def bind_host_for(location: str | None, platform: str = sys.platform, lan_address: str | None = None) -> str:
    """The address the server should listen on for Dify at ``location`` (None: not known, this machine only).

    ``lan_address``: this machine's network address, used on Windows instead of 0.0.0.0; without one the server
    stays on 127.0.0.1 there (and Dify elsewhere cannot reach it: ``bind_reaches`` says so)."""
    if location not in _NEEDS_NETWORK:
        return LOOPBACK
    if platform.startswith("win"):
        return lan_address if lan_address and not is_loopback(lan_address) else LOOPBACK
    return EVERY_ADDRESS


def bind_reaches(location: str | None, host: str) -> bool:
    """Whether a server listening on ``host`` is reachable from Dify at ``location``."""
    if location not in _NEEDS_NETWORK:
        return True  # this machine, or Docker Desktop (forwarded to the loopback): every bind of this machine
    return is_wildcard(host) or not is_loopback(host)


@dataclass(frozen=True)
class BindChange:
    """What the server's options must become for Dify at a location; ``None`` fields need no change."""

    host: str | None = None
    login: bool | None = None

    @property
    def needed(self) -> bool:
        return self.host is not None or self.login is not None


def bind_change_for(location: str | None, host: str, login_on: bool, platform: str = sys.platform,
                    lan_address: str | None = None) -> BindChange:
    """The change (if any) a server listening on ``host`` with login ``login_on`` needs for Dify at ``location``.

    A bind that already reaches Dify is kept (a server on the LAN address for Docker on Linux need not move)."""
    new_host = None if bind_reaches(location, host) else bind_host_for(location, platform, lan_address)
    if new_host is not None and new_host == host:
        new_host = None
    login = True if login_required_for(location) and not login_on else None
    return BindChange(new_host, login)
