"""The local server as the Server page and the CLI see it: start (after every check), stop, restart, auto-restart
after a crash, and finding servers (and orphans) that an earlier app run left behind."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

from app.core.api import http_client
from app.core.api.types import ClusterVersion
from app.core.errors import ManagerError, ProcessFailed
from app.core.proc import ProcRef, snapshot_tree, terminate_tree
from app.core.server.engine import Engine, configured_engine, find_engine
from app.core.server.options import ensure_port_free, validate_options
from app.core.server.pidfile import ServerRecord, read_records, remove_record
from app.core.server.supervisor import (
    LogCallback,
    ModelFailureCallback,
    ProcessOutcome,
    ServerState,
    ServerSupervisor,
)
from app.core.server.tree import describe_process, xinference_top
from app.core.settings import ServerOptions
from app.core.tasks import background

log = logging.getLogger(__name__)

UNKNOWN_VERSION = "unknown (log in to see it)"
STABLE_AFTER_S = 60.0  # a server that ran this long resets the auto-restart counter


class ServerAlreadyRunning(ManagerError):
    """An Xinference already answers at the chosen address: offer to connect to it instead."""

    def __init__(self, endpoint: str, version: str) -> None:
        super().__init__(
            f"An Xinference server ({version}) already answers at {endpoint}",
            "Connect to it instead, or choose another port.",
        )
        self.endpoint = endpoint
        self.version = version


async def probe_xinference(endpoint: str, timeout: float = 2.0, auth: httpx.Auth | None = None
                           ) -> ClusterVersion | None:
    """The version of an Xinference answering at ``endpoint``, or None when nothing (or something else) answers.

    On a login-enabled server the version needs the admin's login (``auth``: a client's auth flow, which renews an
    expired session as that client would): without it the version is "unknown" but the server is still recognised
    by ``/v1/cluster/auth`` (which needs none)."""
    base = endpoint.rstrip("/")
    try:
        async with http_client(timeout=timeout, auth=auth, url=base) as http:
            resp = await http.get(base + "/v1/cluster/version")
            if resp.status_code == 200:
                data = resp.json()
                if isinstance(data, dict) and "version" in data:
                    return ClusterVersion(str(data["version"]), str(data.get("full-revisionid") or ""))
                return None
            if resp.status_code in (401, 403):
                login = await http.get(base + "/v1/cluster/auth", auth=None)
                if login.status_code == 200 and isinstance(login.json(), dict) and "auth" in login.json():
                    return ClusterVersion(UNKNOWN_VERSION)
    except (httpx.HTTPError, ValueError):
        return None
    return None


def listening_pid(port: int) -> int | None:
    """The pid listening on a TCP port of this machine (for servers the app did not start)."""
    try:
        conns = psutil.net_connections(kind="inet")
    except psutil.Error:
        return None
    for c in conns:
        if c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port and c.pid:
            return int(c.pid)
    return None


class NotXinferenceListener(ManagerError):
    """Something else holds the port: the app stops Xinference trees only, never a program it does not know."""

    def __init__(self, port: int, program: str) -> None:
        super().__init__(
            f"Port {port} is held by {program}, which is not an Xinference server",
            "Nothing was stopped. End that program yourself if you mean to, or use another port.",
        )
        self.port = port
        self.program = program


@dataclass
class PreviousRun:
    """What an earlier app run left: live servers to adopt, and orphans of dead trees to clean up."""

    alive: list[ServerRecord] = field(default_factory=list)
    orphans: list[ProcRef] = field(default_factory=list)
    stale: list[ServerRecord] = field(default_factory=list)


def find_previous_run() -> PreviousRun:
    found = PreviousRun()
    for record in read_records():
        if record.is_alive():
            found.alive.append(record)
        else:
            found.stale.append(record)
            found.orphans.extend(record.orphans())
    return found


async def cleanup_orphans(previous: PreviousRun) -> int:
    """Kill the orphans of dead trees and forget the stale records; returns how many processes were ended."""
    count = len([r for r in previous.orphans if r.alive()])
    await terminate_tree(previous.orphans, None, grace=5.0)
    for record in previous.stale:
        remove_record(record.port)
    return count


async def stop_recorded(record: ServerRecord, grace: float = 20.0) -> None:
    """Stop a server from its PID file (e.g. started by an earlier ``server start``)."""
    tree = [*{r.pid: r for r in [*record.tree, *snapshot_tree(record.pid)]}.values()]
    await terminate_tree(tree, record.pid if record.is_alive() else None, grace=grace)
    remove_record(record.port)


def recorded_engine(record: ServerRecord) -> Engine | None:
    """The engine a recorded server was started with (a restart uses it again), or None when it is gone."""
    if len(record.engine) == 1:
        try:
            return configured_engine(record.engine[0])
        except ManagerError:
            return None
    if record.engine and Path(record.engine[0]).exists():  # an interpreter running the package
        return Engine("configured", tuple(record.engine), record.engine[0])
    return None


async def stop_listener(port: int, grace: float = 20.0) -> int | None:
    """Stop the Xinference tree listening on ``port`` although no PID file names it; returns its top pid (None when
    nothing listens). Raises ``NotXinferenceListener``, touching nothing, when the listener is another program."""
    pid = listening_pid(port)
    if pid is None:
        return None
    top = xinference_top(pid)
    if top is None:
        raise NotXinferenceListener(port, describe_process(pid))
    tree = snapshot_tree(top)
    await terminate_tree(tree, top, grace=grace)
    return top


class ServerController:
    """Owns the supervisor; adds the checks before start and the auto-restart policy after a crash."""

    def __init__(
        self,
        on_log: LogCallback,
        on_state: Callable[[ServerState, ProcessOutcome | None], None],
        auto_restart: Callable[[], tuple[bool, int]] = lambda: (False, 0),
        on_model_failed: ModelFailureCallback = lambda _f: None,
    ) -> None:
        self._on_state = on_state
        self._auto_restart = auto_restart
        self.supervisor = ServerSupervisor(on_log=on_log, on_state=self._state_changed, on_model_failed=on_model_failed)
        self.restarts = 0
        self._restart_task: asyncio.Task[None] | None = None
        self.engine: Engine | None = None

    @property
    def state(self) -> ServerState:
        return self.supervisor.state

    async def find_engine(self, configured: str = "") -> Engine:
        self.engine = await find_engine(configured)
        return self.engine

    async def start(self, options: ServerOptions, engine: Engine | None = None, wait: bool = True) -> None:
        """Check everything a person could get wrong, then start and (with ``wait``) wait until ready."""
        await validate_options(options)
        existing = await probe_xinference(options.endpoint)
        if existing is not None:
            raise ServerAlreadyRunning(options.endpoint, existing.version)
        ensure_port_free(options)
        engine = engine or self.engine or await self.find_engine(options.engine_path)
        self.engine = engine
        await self.supervisor.start(engine, options, wait=wait)

    async def stop(self) -> ProcessOutcome | None:
        self._cancel_restart()
        return await self.supervisor.stop()

    async def restart(self, options: ServerOptions | None = None) -> None:
        options = options or self.supervisor.options
        if options is None:
            raise ManagerError("Nothing to restart", "Start the server first.")
        await self.stop()
        await self.start(options)

    def adopt(self, record: ServerRecord, options: ServerOptions) -> None:
        self.supervisor.adopt(record, options)

    def _state_changed(self, state: ServerState, outcome: ProcessOutcome | None) -> None:
        self._on_state(state, outcome)
        if state is ServerState.CRASHED:
            enabled, cap = self._auto_restart()
            sup = self.supervisor
            if sup.ready_at and time.time() - sup.ready_at > STABLE_AFTER_S:
                self.restarts = 0
            if enabled and self.restarts < cap and sup.options is not None:
                delay = 2.0**self.restarts
                self.restarts += 1
                sup.on_log("app", f"auto-restart {self.restarts}/{cap} in {delay:.0f} s")
                self._restart_task = background(self._restart_later(delay, sup.options), self._restart_broke)

    async def _restart_later(self, delay: float, options: ServerOptions) -> None:
        await asyncio.sleep(delay)
        try:
            await self.start(options)
        except ManagerError as exc:
            self.supervisor.on_log("app", f"auto-restart failed: {exc.one_line()}")

    def _restart_broke(self, exc: BaseException) -> None:
        """An auto-restart failed in a way nobody foresaw: in the log view and the log, not lost."""
        log.error("auto-restart failed", exc_info=exc)
        self.supervisor.on_log("app", f"auto-restart failed: {type(exc).__name__}: {exc}")

    def _cancel_restart(self) -> None:
        if self._restart_task and not self._restart_task.done():
            self._restart_task.cancel()
        self._restart_task = None

    async def aclose(self, stop_server: bool) -> None:
        """App quit: stop the server or leave it running (its PID file stays for the next run to adopt).

        The watchers are always closed; a stop that failed is raised afterwards as a ``ManagerError`` that says
        which server may still run and how to end it."""
        self._cancel_restart()
        sup = self.supervisor
        failure: BaseException | None = None
        if stop_server:
            try:
                await sup.stop()
            except (ManagerError, TimeoutError, OSError, psutil.Error) as exc:
                failure = exc
        else:
            sup.detach()
        await sup.aclose()
        if failure is not None:
            why = failure.one_line() if isinstance(failure, ManagerError) else f"{type(failure).__name__}: {failure}"
            port = sup.options.port if sup.options else None
            raise ProcessFailed(
                f"The server (pid {sup.pid}{f', port {port}' if port else ''}) could not be stopped: {why}",
                f"It may still be running: `xinference-manager server stop --port {port}` ends it"
                if port else "It may still be running: end it with the system's task manager.",
            ) from failure
