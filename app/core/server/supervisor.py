"""Start, watch and stop one ``xinference-local`` process tree.

The tree is started in a new session (its own process group), its stdout/stderr stream line by line to a callback,
its process tree is re-recorded while alive (so grandchildren - the model processes - are known even if an
intermediate process dies), and a PID file (pid + create time) lets a later app run find it again.

Each look at the tree classifies every process afresh (``tree.classify_tree``): the death of the server's own
supervisor/worker process is a crash; the death of a model pool is a model failure, reported with the model's UID
while the server stays up (Xinference recovers from it itself).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Callable, Coroutine
from dataclasses import asdict, dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any

import httpx

from app.core.api import http_client
from app.core.errors import ProcessFailed, StartCancelled
from app.core.proc import ProcRef, alive, kill_process_group, new_group_kwargs, snapshot_tree, terminate_tree
from app.core.server.engine import Engine
from app.core.server.logs import keep_previous, log_files
from app.core.server.model_failures import ModelFailure, ModelFailureWatch
from app.core.server.options import build_command, build_env, validate_options
from app.core.server.pidfile import ServerRecord, remove_record, write_record
from app.core.server.stop_noise import StopNoise
from app.core.server.tree import Member, Role, look_at_tree, model_uid_of
from app.core.settings import ServerOptions
from app.core.tasks import background

log = logging.getLogger(__name__)

READY_POLL_S = 0.05  # a refused connection costs nothing; each poll step is lag added to every start
TREE_POLL_S = 1.0
TAIL_POLL_S = 0.1
STOP_GRACE_S = 20.0
CRASH_LINES_S = 10.0  # the lines a crash report shows: those written this long before the end was seen, and after


class ServerState(Enum):
    STOPPED = "Stopped"
    STARTING = "Starting"
    RUNNING = "Running"
    STOPPING = "Stopping"
    CRASHED = "Crashed"


@dataclass(frozen=True)
class ProcessOutcome:
    """How a server ended: the exit code or signal, whether we asked for it, and the last log lines."""

    exit_code: int | None
    signal: int | None
    requested: bool
    last_lines: tuple[str, ...] = ()
    reason: str = ""

    def describe(self) -> str:
        if self.requested:
            return "Stopped."
        if self.reason:
            return self.reason
        if self.signal:
            try:
                name = signal.Signals(self.signal).name
            except ValueError:
                name = str(self.signal)
            return f"The server was killed by signal {name}."
        return f"The server exited unexpectedly with code {self.exit_code}."


LogCallback = Callable[[str, str], None]  # (stream name, line)
StateCallback = Callable[[ServerState, "ProcessOutcome | None"], None]
ModelFailureCallback = Callable[[ModelFailure], None]


@dataclass
class ServerSupervisor:
    """One supervised server. Callbacks run on the event loop's thread."""

    on_log: LogCallback = field(default=lambda _s, _l: None)
    on_state: StateCallback = field(default=lambda _s, _o: None)
    on_model_failed: ModelFailureCallback = field(default=lambda _f: None)
    state: ServerState = ServerState.STOPPED
    options: ServerOptions | None = None
    engine: Engine | None = None
    pid: int | None = None
    started_at: float | None = None
    ready_at: float | None = None
    adopted: bool = False
    tree: list[ProcRef] = field(default_factory=list)
    members: dict[ProcRef, Member] = field(default_factory=dict)  # each live process as last classified
    last_lines: list[str] = field(default_factory=list)
    _line_times: list[float] = field(default_factory=list)  # when each of last_lines came (monotonic)
    _incident_from: float = 0.0  # lines until then were about an earlier incident (a model failure), not a crash
    _ended_at: float | None = None  # when the end of the tree was seen
    _proc: asyncio.subprocess.Process | None = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _stop_requested: bool = False
    _ended: asyncio.Event | None = None  # set by _finish, awaited by stop()
    _crash_reason: str = ""  # why we ended a tree ourselves after part of it died
    outcome: ProcessOutcome | None = None  # how the last run ended
    _models: ModelFailureWatch | None = None
    _noise: StopNoise | None = None  # set while a stop we asked for runs

    @property
    def endpoint(self) -> str | None:
        return self.options.endpoint if self.options else None

    def _set_state(self, state: ServerState, outcome: ProcessOutcome | None = None) -> None:
        self.state = state
        self.on_state(state, outcome)

    def _log(self, stream: str, line: str) -> None:
        self.last_lines = [*self.last_lines[-49:], line]
        self._line_times = [*self._line_times[-49:], time.monotonic()]
        if stream != "app" and self._noise is not None:  # a stop we asked for: its expected errors are dimmed
            for name, text in self._noise.read(stream, line):
                self.on_log(name, text)
        else:
            self.on_log(stream, line)
        if stream != "app" and self._models is not None and self._watching_models():
            self._models.line(line)

    def _watching_models(self) -> bool:
        return self.state in (ServerState.STARTING, ServerState.RUNNING) and not self._stop_requested

    def _model_failed(self, failure: ModelFailure) -> None:
        if not self._watching_models():  # the whole server is going down: not one model's failure
            return
        log.warning("%s", failure.describe())
        self._log("app", failure.describe() + (f" ({failure.reason})" if failure.reason else ""))
        self._incident_from = time.monotonic()  # a crash later is another story: its report starts after this
        self.on_model_failed(failure)

    def _watch_models(self) -> None:
        if self._models is not None:
            self._models.reset()
        self._models = ModelFailureWatch(self._model_failed)

    def _background(self, coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        """A watcher task whose failure is said in the server log, not lost with the task."""
        def broke(exc: BaseException) -> None:
            log.error("watching the server failed", exc_info=exc)
            self._log("app", f"watching the server failed: {type(exc).__name__}: {exc}")
        return background(coro, broke)

    # -- start ---------------------------------------------------------------------------------------------------

    async def start(
        self, engine: Engine, options: ServerOptions, ready_timeout: float = 180.0, wait: bool = True
    ) -> None:
        """Validate, spawn, and (with ``wait``) wait until ``GET /status`` answers (state RUNNING)."""
        if self.state in (ServerState.STARTING, ServerState.RUNNING):
            raise ProcessFailed("The server is already running", "Stop it first, or use Restart.")
        await validate_options(options)
        self.options, self.engine = options, engine
        self.adopted, self._stop_requested, self._crash_reason, self._noise = False, False, "", None
        self.last_lines, self._line_times, self.tree, self.members = [], [], [], {}
        self._incident_from, self._ended_at = 0.0, None
        self.pid = None  # the last run's pid must not be what a Stop during the spawn below signals
        self._watch_models()
        cmd = self._command(engine, options)
        env = build_env(options)
        self._log("app", "$ " + " ".join(cmd))
        self._set_state(ServerState.STARTING)
        self.started_at, self.ready_at = time.time(), None
        out_path, err_path = keep_previous(self._log_paths())
        try:
            # Output goes to files, not pipes: a server left running after the app quits must not die of a
            # broken pipe, and a later app run can keep showing its log.
            with out_path.open("wb") as out, err_path.open("wb") as err:
                self._proc = await asyncio.create_subprocess_exec(
                    *cmd, stdout=out, stderr=err, stdin=asyncio.subprocess.DEVNULL, env=env,
                    cwd=options.home or None, **new_group_kwargs(),
                )
        except OSError as exc:
            self._set_state(ServerState.STOPPED)
            hint = "Check the engine path on the Server page."
            raise ProcessFailed(f"Could not start {cmd[0]}: {exc}", hint) from exc
        self.pid = self._proc.pid
        self.tree = snapshot_tree(self.pid)
        self._write_record()
        self._tasks = [
            self._background(self._tail("stdout", out_path)),
            self._background(self._tail("stderr", err_path)),
            self._background(self._watch_exit()),
            self._background(self._watch_tree()),
        ]
        if wait:
            await self._wait_ready(ready_timeout)
        else:
            self._tasks.append(self._background(self._wait_ready_quietly(ready_timeout)))

    async def _wait_ready(self, timeout: float) -> None:
        assert self.options is not None
        deadline = time.monotonic() + timeout
        async with http_client(timeout=2.0, url=self.options.endpoint) as http:
            while time.monotonic() < deadline:
                if self.state is not ServerState.STARTING:
                    if self._stop_requested:
                        raise StartCancelled()
                    raise ProcessFailed(
                        "The server stopped while starting",
                        "; ".join(self.last_lines[-3:]) or "See the log for the reason.",
                    )
                with contextlib.suppress(httpx.HTTPError):
                    if await self._answers(http):
                        self.ready_at = time.time()
                        self.tree = snapshot_tree(self.pid or 0) or self.tree
                        self._write_record()
                        self._set_state(ServerState.RUNNING)
                        return
                await asyncio.sleep(READY_POLL_S)
        await self.stop()
        raise ProcessFailed(f"The server was not ready after {timeout:.0f} s", "See the log for what it was doing.")

    async def _wait_ready_quietly(self, timeout: float) -> None:
        with contextlib.suppress(ProcessFailed):
            await self._wait_ready(timeout)

    async def _tail(self, name: str, path: Path, from_start: bool = True) -> None:
        """Follow a log file like ``tail -f``, line by line, until cancelled."""
        pos = 0 if from_start else (path.stat().st_size if path.exists() else 0)
        pending = b""
        while True:
            try:
                with path.open("rb") as fh:
                    fh.seek(pos)
                    chunk = fh.read(1 << 20)
            except FileNotFoundError:
                chunk = b""
            if chunk:
                pos += len(chunk)
                *lines, pending = (pending + chunk).split(b"\n")
                for raw in lines:
                    self._log(name, raw.decode(errors="replace").rstrip("\r"))
            else:
                await asyncio.sleep(TAIL_POLL_S)

    async def _watch_exit(self) -> None:
        assert self._proc is not None
        code = await self._proc.wait()
        self._ended_at = self._ended_at or time.monotonic()
        requested = self._stop_requested
        # Whatever ended the top process, no part of its tree may stay behind.
        killed = await terminate_tree(self.tree, self.pid, grace=STOP_GRACE_S if requested else 5.0)
        if killed:
            self._log("app", f"killed {killed} leftover process(es) of the server tree")
        sig = -code if code < 0 else None
        await self._finish(ProcessOutcome(None if sig else code, sig, requested, reason=self._crash_reason))

    async def _finish(self, outcome: ProcessOutcome) -> None:
        """The tree is gone: let the log tails catch up, drop the PID file, report the outcome."""
        # The files are complete now: one more pass of each tail (every TAIL_POLL_S) reads what is left.
        await asyncio.sleep(TAIL_POLL_S * 1.5)
        outcome = replace(outcome, last_lines=self._lines_of_this_end())
        if self._models is not None:
            self._models.reset()
        current = asyncio.current_task()
        for task in self._tasks:
            if task is not current:
                task.cancel()
        self._proc = None
        self._remove_record()
        self.outcome = outcome
        self._set_state(ServerState.STOPPED if outcome.requested else ServerState.CRASHED, outcome)
        if self._ended is not None:
            self._ended.set()

    def _lines_of_this_end(self) -> tuple[str, ...]:
        """The log lines that belong to how the server ended: written shortly before the end was seen (or after),
        never those of an earlier incident such as a model's failure ("… The server keeps running.")."""
        since = max(self._incident_from, (self._ended_at or time.monotonic()) - CRASH_LINES_S)
        newest_first = zip(reversed(self.last_lines), reversed(self._line_times), strict=False)
        return tuple(reversed([line for line, at in newest_first if at > since][:15]))

    async def _watch_tree(self) -> None:
        """Re-record the tree; a dead core child (the supervisor/worker process) is a crash even if the top lives."""
        while self.state in (ServerState.STARTING, ServerState.RUNNING):
            await asyncio.sleep(TREE_POLL_S)
            if self.pid is None:
                return
            dead_core = await self._review_tree()
            if dead_core is None:
                return
            if dead_core and self.state is ServerState.RUNNING and not self._stop_requested:
                self._log("app", f"server process {dead_core[0].pid} died; stopping the rest of the tree")
                await self._crash(f"A server process (pid {dead_core[0].pid}) died unexpectedly.")
                return

    async def _review_tree(self) -> list[ProcRef] | None:
        """Look at the tree now: classify every process afresh, report the model pools that ended, and return the
        server's own processes that died ([] if none; None when the top is gone, which the exit watcher handles).

        The look itself (psutil reads of every process: tens of ms with a hundred of them) runs in a worker thread:
        this is called every second on the event loop, which in the window is the GUI thread."""
        before, known = self.members, [*self.tree]
        fresh, tree, gone = await asyncio.to_thread(look_at_tree, self.pid or 0, known, [*before])
        if not fresh:
            return None
        self.members = {m.ref: m for m in fresh}
        self.tree = [*tree, *(r for r in self.tree if r not in known)]  # a stop may have added to it meanwhile
        dead_core = []
        for ref, member in before.items():
            if ref not in gone:
                continue
            if member.role is Role.CORE:
                dead_core.append(ref)
            elif member.role is Role.MODEL and self._watching_models():
                self._pool_ended(member)
        return dead_core

    def _pool_ended(self, member: Member) -> None:
        uid = member.replica_uid
        phase = "while loading" if member.loading else "after loading"
        name = f"model {model_uid_of(uid)} ({uid})" if uid else "a model process"
        self._log("app", f"{name}, pid {member.ref.pid}, ended {phase}; the server keeps running")
        if self._models is not None:
            self._models.pool_ended(uid, member.ref.pid, member.loading)

    async def _crash(self, reason: str) -> None:
        """Part of the tree died while the top lives on (or an adopted server ended): end the rest, report it.

        For our own child the exit watcher reports the end, with this reason rather than the SIGTERM we sent."""
        self._crash_reason, self._ended_at = reason, self._ended_at or time.monotonic()
        self._set_state(ServerState.STOPPING)
        await terminate_tree(self.tree, self.pid, grace=5.0)
        if self._proc is None:
            await self._finish(ProcessOutcome(None, None, False, reason=reason))

    # -- stop ----------------------------------------------------------------------------------------------------

    async def stop(self, grace: float = STOP_GRACE_S) -> ProcessOutcome | None:
        """SIGTERM the tree, wait for it to end, kill what remains. Afterwards no process of the tree is left."""
        if self.pid is None and self.state is ServerState.STARTING:
            # Stop pressed while the process is being spawned: it ends the start as soon as there is a process.
            self._stop_requested = True
            while self.pid is None and self.state is ServerState.STARTING:
                await asyncio.sleep(0.05)
        if self.pid is None or self.state in (ServerState.STOPPED, ServerState.CRASHED):
            return None
        self._stop_requested, self._noise = True, StopNoise()
        self._set_state(ServerState.STOPPING)
        self.tree = [*{r.pid: r for r in [*self.tree, *snapshot_tree(self.pid)]}.values()]
        if self._proc is not None:
            ended = self._ended = asyncio.Event()
            kill_process_group(self.pid, force=False)  # the exit watcher finishes the job
            try:
                await asyncio.wait_for(ended.wait(), grace + 30)
            except TimeoutError:
                await self._stop_overdue()
        else:  # adopted: not our child, so end it with psutil
            await terminate_tree(self.tree, self.pid, grace=grace)
            await self._finish(ProcessOutcome(None, None, True))
        return self.outcome

    async def _stop_overdue(self) -> None:
        """The tree did not end in time: kill all of it outright, and say which processes still live, if any."""
        kill_process_group(self.pid or 0, force=True)
        await terminate_tree(self.tree, None, grace=1.0)
        left = self.leftover()
        if left:
            raise ProcessFailed(
                f"The server did not stop: process(es) {', '.join(map(str, left))} still run",
                "End them with the system's task manager before starting the server again.",
            )

    def detach(self) -> None:
        """Stop watching but leave the server running (quit without stopping); its PID file stays for adoption."""
        for task in self._tasks:
            task.cancel()
        self._tasks = []
        self._proc = None

    async def aclose(self) -> None:
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def leftover(self) -> list[int]:
        """Pids of the last known tree still alive (for tests and the orphan check)."""
        return [p.pid for p in alive(self.tree)]

    # -- adopt ---------------------------------------------------------------------------------------------------

    def adopt(self, record: ServerRecord, options: ServerOptions) -> None:
        """Take over a server started by an earlier app run (found via its PID file and still alive)."""
        self.options, self.pid, self.adopted = options, record.pid, True
        self.started_at, self.ready_at = record.started_at, record.started_at
        self._stop_requested, self._crash_reason, self._noise, self._ended_at = False, "", None, None
        self.tree = [r for r in record.tree if r.alive()] or snapshot_tree(record.pid)
        self.members = {}
        self._watch_models()
        self._log("app", f"adopted the server already running as pid {record.pid} at {options.endpoint}")
        out_path, err_path = self._log_paths()
        self._tasks = [
            self._background(self._watch_adopted()),
            self._background(self._tail("stdout", out_path, from_start=False)),
            self._background(self._tail("stderr", err_path, from_start=False)),
        ]
        self._set_state(ServerState.RUNNING)

    async def _watch_adopted(self) -> None:
        top = ProcRef(self.pid or 0, 0.0)
        ref = next((r for r in self.tree if r.pid == self.pid), top)
        while self.state is ServerState.RUNNING:
            await asyncio.sleep(TREE_POLL_S)
            if not ref.alive():
                await self._crash("The adopted server ended.")
                return
            dead_core = await self._review_tree()
            if dead_core:
                await self._crash(f"A server process (pid {dead_core[0].pid}) died unexpectedly.")
                return

    # -- what a subclass may change (a cluster's supervisor and workers are the same kind of tree) ---------------

    def _command(self, engine: Engine, options: ServerOptions) -> list[str]:
        return build_command(engine, options)

    def _log_paths(self) -> tuple[Path, Path]:
        assert self.options is not None
        return log_files(self.options.port)

    async def _answers(self, http: httpx.AsyncClient) -> bool:
        """Whether the started process is ready: its REST API answers ``/status``."""
        assert self.options is not None
        return (await http.get(self.options.endpoint + "/status")).status_code == 200

    def _remove_record(self) -> None:
        if self.options:
            remove_record(self.options.port)

    def _write_record(self) -> None:
        record = self.current_record()
        if record is not None:
            write_record(record)

    def current_record(self) -> ServerRecord | None:
        """What the PID file says about this tree now (None before a start)."""
        if self.pid is None or self.options is None:
            return None
        top = next((r for r in self.tree if r.pid == self.pid), None)
        return ServerRecord(
            pid=self.pid,
            create_time=top.create_time if top else 0.0,
            host=self.options.host,
            port=self.options.port,
            home=self.options.home,
            endpoint=self.options.endpoint,
            started_at=self.started_at or time.time(),
            engine=list(self.engine.command) if self.engine else [],
            tree=list(self.tree),
            options=asdict(self.options),
        )

