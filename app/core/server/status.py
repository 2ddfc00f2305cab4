"""The server's state as every front-end shows it: one value, and the one rule for what can be done in it.

The window's page, its tray and its status bar all read this value from the application context, never from each
other's widgets, so none of them can be a state behind.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.server.supervisor import ServerState


@dataclass(frozen=True)
class ServerStatus:
    state: ServerState = ServerState.STOPPED
    endpoint: str | None = None  # where the server answers, while it runs
    connected: bool = False  # a server this app did not start: connected to it (an existing or a remote one)
    engine_found: bool = False  # an engine to start a server with is known

    @property
    def running(self) -> bool:
        return self.state is ServerState.RUNNING

    @property
    def busy(self) -> bool:
        return self.state in (ServerState.STARTING, ServerState.STOPPING)

    @property
    def can_start(self) -> bool:
        return not self.busy and not self.running and self.engine_found

    @property
    def can_stop(self) -> bool:
        """Stop a running server, disconnect from one we did not start, or give up a start under way."""
        return self.running or self.state is ServerState.STARTING

    @property
    def can_restart(self) -> bool:
        return self.running and not self.connected

    @classmethod
    def connected_to(cls, endpoint: str, engine_found: bool = False) -> ServerStatus:
        return cls(ServerState.RUNNING, endpoint, connected=True, engine_found=engine_found)
