"""The supervisor against a real xinference-local: a killed server process is detected and shown with its cause;
a server left running is adopted by the next app run; orphans of a dead tree are found and cleaned up."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from pathlib import Path

import httpx
import psutil

from app.core.proc import ProcRef, alive, snapshot_tree
from app.core.server import STOP_NOISE_STREAM, ModelFailure
from app.core.server.control import ServerController, cleanup_orphans, find_previous_run
from app.core.server.engine import configured_engine
from app.core.server.stop_noise import EXPLANATION
from app.core.server.supervisor import ProcessOutcome, ServerState
from app.core.settings import ServerOptions
from tests.support import harness
from tests.support.harness import free_port, start_left_running


def _options(tmp_path: Path) -> ServerOptions:
    return ServerOptions(port=free_port(), home=str(tmp_path / "home"), auth_enabled=False)


async def _wait_for(predicate, timeout: float = 60.0, what: str = "condition") -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"{what}: not met in {timeout:.0f} s"
        await asyncio.sleep(0.2)


async def test_killed_child_is_detected_and_tree_cleaned(engine_venv: Path, tmp_path: Path) -> None:
    states: list[tuple[ServerState, ProcessOutcome | None]] = []
    lines: list[str] = []
    ctl = ServerController(on_log=lambda _s, line: lines.append(line), on_state=lambda s, o: states.append((s, o)))
    opts = _options(tmp_path)
    t0 = time.monotonic()
    await ctl.start(opts, engine=configured_engine(str(engine_venv)))
    ready_s = time.monotonic() - t0
    print(f"start-to-ready via supervisor: {ready_s:.1f} s")
    assert ctl.state is ServerState.RUNNING
    assert any("Uvicorn" in line or "xinference" in line.lower() for line in lines)  # the live log flowed
    tree = snapshot_tree(ctl.supervisor.pid or 0)
    core = [p for p in tree if p.pid != ctl.supervisor.pid]
    assert core, "xinference-local should have its supervisor/worker child"
    await asyncio.sleep(1.5)  # let the watcher record the tree
    os.kill(core[0].pid, signal.SIGKILL)
    await _wait_for(lambda: ctl.state is ServerState.CRASHED, timeout=30)
    outcome = states[-1][1]
    assert outcome is not None and not outcome.requested
    assert "died" in outcome.describe() or "signal" in outcome.describe() or "exited" in outcome.describe()
    assert outcome.last_lines, "the crash report carries the last log lines"
    await _wait_for(lambda: alive(tree) == [], timeout=30)
    await ctl.aclose(stop_server=True)


async def test_auto_restart_after_crash_with_a_cap(engine_venv: Path, tmp_path: Path) -> None:
    states: list[ServerState] = []
    ctl = ServerController(on_log=lambda _s, _l: None, on_state=lambda s, _o: states.append(s),
                           auto_restart=lambda: (True, 1))
    await ctl.start(_options(tmp_path), engine=configured_engine(str(engine_venv)))
    first = ctl.supervisor.pid
    assert first is not None
    os.killpg(first, signal.SIGKILL)  # the whole tree dies at once
    await _wait_for(lambda: ServerState.CRASHED in states, timeout=30)
    await _wait_for(lambda: ctl.state is ServerState.RUNNING and ctl.supervisor.pid != first, timeout=240)
    assert ctl.restarts == 1
    second = ctl.supervisor.pid
    assert second is not None
    os.killpg(second, signal.SIGKILL)
    await _wait_for(lambda: states.count(ServerState.CRASHED) == 2, timeout=30)
    await asyncio.sleep(3)  # the cap (1) is reached: no third start
    assert ctl.state is ServerState.CRASHED
    await ctl.aclose(stop_server=True)


async def _poll_status(endpoint: str) -> None:
    """What the window does while a server stops (status box, Running page): requests that meet the shutdown."""
    async with httpx.AsyncClient(timeout=2.0, trust_env=False) as http:
        while True:
            with contextlib.suppress(httpx.HTTPError):
                await http.get(endpoint + "/status")
            await asyncio.sleep(0.01)


async def test_stop_leaves_nothing_and_restart_works(engine_venv: Path, tmp_path: Path) -> None:
    """...and the ServerClosed traceback a request meets during the stop comes as the stop's noise, not as errors."""
    lines: list[tuple[str, str]] = []
    ctl = ServerController(on_log=lambda s, line: lines.append((s, line)), on_state=lambda _s, _o: None)
    opts = _options(tmp_path)
    engine = configured_engine(str(engine_venv))
    await ctl.start(opts, engine=engine)
    first_pid = ctl.supervisor.pid
    await ctl.restart()
    assert ctl.state is ServerState.RUNNING and ctl.supervisor.pid != first_pid
    await asyncio.sleep(1.2)
    tree = list(ctl.supervisor.tree)
    poller = asyncio.ensure_future(_poll_status(opts.endpoint))
    await asyncio.sleep(0.3)
    t0 = time.monotonic()
    outcome = await ctl.stop()
    print(f"stop via supervisor: {time.monotonic() - t0:.1f} s")
    poller.cancel()
    assert outcome is not None and outcome.requested and ctl.state is ServerState.STOPPED
    assert alive(tree) == [] and ctl.supervisor.leftover() == []
    assert find_previous_run().alive == []
    # Whether a request meets the shutdown is a race (met in two of the three polled stops measured here);
    # tests/unit/test_stop_noise.py provokes it for certain. When it happens, not one line of it is an error.
    closed = [(s, line) for s, line in lines
              if s != "app" and ("ServerClosed" in line or "closed: 0 bytes read" in line)]
    print(f"ServerClosed lines during the stop: {len(closed)}")
    assert {s for s, _ in closed} <= {STOP_NOISE_STREAM}, closed
    assert sum(EXPLANATION in line for _, line in lines) == (1 if closed else 0)


async def test_adopt_after_app_restart_then_stop(engine_venv: Path, tmp_path: Path) -> None:
    """An earlier app run (here: the CLI, which leaves the server running) started it; a fresh controller adopts."""
    port = start_left_running(engine_venv, tmp_path / "home")
    previous = find_previous_run()
    record = next(r for r in previous.alive if r.port == port)
    states: list[ServerState] = []
    ctl = ServerController(on_log=lambda _s, _l: None, on_state=lambda s, _o: states.append(s))
    ctl.adopt(record, ServerOptions(port=port, auth_enabled=False))
    assert ctl.state is ServerState.RUNNING and ctl.supervisor.adopted
    tree = [*record.tree, *snapshot_tree(record.pid)]
    outcome = await ctl.stop()
    assert outcome is not None and outcome.requested
    assert alive(tree) == []
    assert find_previous_run().alive == []


async def test_orphans_of_a_killed_server_are_found_and_cleaned(engine_venv: Path, tmp_path: Path) -> None:
    port = start_left_running(engine_venv, tmp_path / "home")
    record = next(r for r in find_previous_run().alive if r.port == port)
    assert len(record.tree) >= 2
    os.kill(record.pid, signal.SIGKILL)  # the top dies: its children live on as orphans
    psutil.Process(record.pid).wait(10) if psutil.pid_exists(record.pid) else None
    previous = find_previous_run()
    assert any(r.port == port for r in previous.stale)
    assert previous.orphans, "the supervisor/worker child should be orphaned"
    count = await cleanup_orphans(previous)
    assert count >= 1
    assert alive(record.tree) == []
    assert find_previous_run().stale == []


async def kill_model_while_loading(endpoint: str, top_pid: int, uid: str, model: str = "tiny-chat",
                                   hold: float = 1.5) -> bool:
    """Launch ``model`` without waiting; SIGKILL its xoscar sub pool once it has been there ``hold`` seconds (so the
    supervisor has looked at it while it was still loading), or as soon as it renames itself. Returns True when it
    was killed inside the loading window (still ``start_sub_pool``, not yet ``Model: ...``)."""
    import httpx

    async with httpx.AsyncClient(timeout=60, trust_env=False) as http:
        r = await http.post(f"{endpoint}/v1/models?wait_ready=false",
                            json={"model_name": model, "model_type": "LLM", "model_engine": "Transformers",
                                  "model_uid": uid})
        assert r.status_code == 200, r.text
    deadline = time.monotonic() + 60
    first_seen: float | None = None
    while time.monotonic() < deadline:
        for proc in psutil.Process(top_pid).children(recursive=True):
            try:
                cmd = " ".join(proc.cmdline())
            except psutil.Error:
                continue
            if "start_sub_pool" in cmd:
                first_seen = first_seen or time.monotonic()
                if time.monotonic() - first_seen >= hold:
                    proc.kill()
                    return True
            elif cmd.startswith("Model:"):
                print(f"renamed after {time.monotonic() - (first_seen or time.monotonic()):.1f} s of loading")
                proc.kill()
                return False
        await asyncio.sleep(0.05)
    raise AssertionError("the model process never appeared")


async def test_model_that_dies_while_loading_leaves_the_server_up(
    engine_venv: Path, test_models: dict[str, Path], tmp_path: Path
) -> None:
    import httpx

    failures: list[ModelFailure] = []
    states: list[ServerState] = []
    lines: list[str] = []
    ctl = ServerController(on_log=lambda _s, line: lines.append(line), on_state=lambda s, _o: states.append(s),
                           on_model_failed=failures.append)
    opts = _options(tmp_path)
    await ctl.start(opts, engine=configured_engine(str(engine_venv)))
    try:
        server = harness.RunningServer(opts.endpoint, "127.0.0.1", opts.port, tmp_path / "home", tmp_path / "x.log",
                                       ctl.supervisor.pid or 0, auth=False)
        await asyncio.to_thread(harness.register_test_models, server, test_models)
        await asyncio.sleep(1.2)  # the watcher has seen the tree as it is before the launch
        in_loading_window = await kill_model_while_loading(opts.endpoint, ctl.supervisor.pid or 0, "doomed")
        print(f"killed inside the loading window: {in_loading_window}")
        await _wait_for(lambda: bool(failures), timeout=60, what="the model failure is reported")
        failure = failures[0]
        assert failure.model_uid == "doomed" and failure.replica_uid == "doomed-rep0"
        assert failure.while_loading == in_loading_window
        assert "Model doomed" in failure.describe() and "keeps running" in failure.describe()
        await asyncio.sleep(3)  # several looks at the tree later, the server is still ours and up
        assert ctl.state is ServerState.RUNNING and ServerState.CRASHED not in states
        async with httpx.AsyncClient(timeout=10, trust_env=False) as http:
            assert (await http.get(opts.endpoint + "/status")).status_code == 200
            # A model launched and then terminated on purpose is not a failure.
            r = await http.post(opts.endpoint + "/v1/models",
                                json={"model_name": "tiny-chat", "model_type": "LLM", "model_engine": "Transformers",
                                      "model_uid": "fine"}, timeout=300)
            assert r.status_code == 200, r.text
            await asyncio.sleep(1.5)
            pool = ProcRef.of(next(p for p in psutil.Process(ctl.supervisor.pid or 0).children(recursive=True)
                                   if "fine-rep0" in " ".join(p.cmdline())))
            assert (await http.delete(opts.endpoint + "/v1/models/fine")).status_code == 200
        await _wait_for(lambda: not pool.alive(), timeout=90, what="Xinference ends the terminated model's process")
        await _wait_for(lambda: any("model fine" in line and "ended" in line for line in lines), timeout=15,
                        what="the ended pool is logged")
        await asyncio.sleep(2)  # a failure report would come within 1.5 s of the pool's end
        assert len(failures) == 1, [f.describe() for f in failures]
        assert not any("CancelledError" in line for line in lines)
        assert ctl.state is ServerState.RUNNING
    finally:
        await ctl.aclose(stop_server=True)
    assert ctl.supervisor.leftover() == []


async def test_stop_during_the_spawn_cancels_the_start(engine_venv: Path, tmp_path: Path) -> None:
    """Issue 14 item 11: Stop pressed while starting, even before the process exists, ends the start as a cancel
    (no red error, nothing left running), never as a server that comes up after Stop was pressed."""
    from app.core.errors import StartCancelled

    states: list[ServerState] = []
    pids_at_stop: list[int | None] = []
    stopping: list[asyncio.Future[object]] = []

    async def stop_now() -> None:
        pids_at_stop.append(ctl.supervisor.pid)
        await ctl.stop()

    def on_state(state: ServerState, _outcome: object) -> None:
        states.append(state)
        if state is ServerState.STARTING:  # Stop pressed the moment the state says Starting: before the spawn ends
            stopping.append(asyncio.ensure_future(stop_now()))

    ctl = ServerController(on_log=lambda _s, _l: None, on_state=on_state)
    engine = configured_engine(str(engine_venv))
    starting = asyncio.ensure_future(ctl.start(_options(tmp_path), engine=engine))
    try:
        await _wait_for(lambda: bool(stopping), 30, "starting")
        await stopping[0]
        assert pids_at_stop == [None], "Stop came while the process was being spawned: the window tested here"
        cancelled: BaseException | None = None
        try:
            await starting
        except StartCancelled as exc:
            cancelled = exc
        assert cancelled is not None, "the start ended as a cancel"
        assert ctl.state is ServerState.STOPPED and ServerState.RUNNING not in states, states
        assert alive(ctl.supervisor.tree) == []
    finally:
        if not starting.done():
            starting.cancel()
        await ctl.aclose(stop_server=True)
