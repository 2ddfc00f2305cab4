"""Supervision figures: the app's own share of starting and stopping a real server, measured from the window.

``python -m tests.bench.supervision [--pairs N]`` prints one JSON object on its last line. In each pair the
engine is started twice on a fresh port, alternating: by hand (``xinference-local`` with the same command line
and environment the app would use) and through the Server page (its Start button's slot, the core the window
uses). A thread polls ``/status`` every 20 ms in both, so the server's own readiness is seen the same way; the
app's overhead is what it adds around that: the checks before it spawns the engine, and the time from the first
``/status`` answer to the page showing Running. Comparing whole start times instead would drown half a second
in the ±10 s a busy two-core machine adds to a 20-60 s engine start.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XINFERENCE_MANAGER_NO_KEYRING", "1")
os.environ.setdefault("XINFERENCE_MANAGER_HOME", tempfile.mkdtemp(prefix="xim-bench-home-"))

from tests.support import harness  # noqa: E402 - the environment above must be set before the app is imported

POLL_S = 0.02


class StatusPoller(threading.Thread):
    """Polls ``/status`` from its own thread; ``first`` is the wall time of the first 200."""

    def __init__(self, endpoint: str) -> None:
        super().__init__(daemon=True)
        self.url = endpoint + "/status"
        self.first: float | None = None
        self.done = threading.Event()

    def run(self) -> None:
        with httpx.Client(timeout=1.0, trust_env=False) as http:
            while not self.done.is_set():
                try:
                    if http.get(self.url).status_code == 200:
                        self.first = time.time()
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(POLL_S)


def _tree_gone(procs: list[psutil.Process], timeout: float = 60.0) -> None:
    psutil.wait_procs(procs, timeout=timeout)


def by_hand(venv: Path, workdir: Path) -> dict[str, float]:
    """Spawn to the first ``/status`` answer, and SIGTERM to the last process gone, for the engine on its own."""
    from app.core.server.engine import configured_engine
    from app.core.server.options import build_command, build_env
    from app.core.settings import ServerOptions

    port = harness.free_port()
    options = ServerOptions(port=port, home=str(workdir / f"home-{port}"), auth_enabled=False)
    Path(options.home).mkdir(parents=True)
    cmd = build_command(configured_engine(str(venv)), options)
    poller = StatusPoller(options.endpoint)
    with (workdir / f"hand-{port}.log").open("wb") as out:
        spawned = time.time()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=build_env(options),
                                start_new_session=True)
    poller.start()
    poller.join(300)
    ready = poller.first
    procs = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
    stop_started = time.time()
    os.killpg(proc.pid, signal.SIGTERM)
    _tree_gone(procs)
    stopped = time.time()
    proc.wait()
    if ready is None:
        raise RuntimeError(f"the engine started by hand did not answer on port {port}")
    return {"ready_s": ready - spawned, "stop_s": stopped - stop_started}


def through_window(venv: Path, workdir: Path) -> dict[str, float]:
    """The Server page's Start and Stop, timed around the engine's own readiness; also the longest GUI stall."""
    import qasync
    from PySide6.QtWidgets import QApplication

    from app.core.server.supervisor import ServerState
    from app.core.settings import Settings
    from app.ui.context import AppContext
    from app.ui.pages.server import ServerPage
    from tests.bench.stalls import StallProbe

    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    port = harness.free_port()
    settings = Settings()
    settings.profile.server.engine_path = str(venv)
    settings.profile.server.port = port
    settings.profile.server.home = str(workdir / f"home-{port}")
    settings.profile.server.auth_enabled = False
    page = ServerPage(AppContext(settings))
    page.show()
    shown: dict[ServerState, float] = {}
    original = page.controller._on_state

    def on_state(state: ServerState, outcome: Any) -> None:
        original(state, outcome)  # the page has shown the state once this returns
        shown.setdefault(state, time.time())

    page.controller._on_state = on_state
    poller = StatusPoller(settings.profile.server.endpoint)

    async def run() -> dict[str, float]:
        while page.engine_panel.engine is None:  # found once when the page opens, before anyone clicks Start
            await asyncio.sleep(0.05)
        with StallProbe() as probe:
            clicked = time.time()
            poller.start()
            page.start_button.click()
            while ServerState.RUNNING not in shown:
                if page.controller.state is ServerState.STOPPED and page.banner.isVisible():
                    raise RuntimeError(f"the window's start failed: {page.banner.text()}")
                await asyncio.sleep(0.05)
        started_at = page.controller.supervisor.started_at or clicked
        assert poller.first is not None
        stop_clicked = time.time()
        page.stop_button.click()
        while ServerState.STOPPED not in shown:
            await asyncio.sleep(0.05)
        stopped = shown[ServerState.STOPPED]
        page.stop_on_quit.setChecked(True)
        await page.aclose()
        await page.ctx.aclose()
        return {
            "before_spawn_s": started_at - clicked,
            "ready_s": poller.first - started_at,
            "status_to_running_s": shown[ServerState.RUNNING] - poller.first,
            "total_s": shown[ServerState.RUNNING] - clicked,
            "stop_s": stopped - stop_clicked,
            "max_stall_ms": probe.worst_ms,
        }

    try:
        return loop.run_until_complete(run())
    finally:
        poller.done.set()
        page.close()
        page.deleteLater()
        loop.close()
        asyncio.set_event_loop(None)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=2)
    parser.add_argument("--extra-processes", type=int, default=0,
                        help="idle processes to keep on the machine meanwhile (the process-tree watch must not "
                             "slow down with them)")
    args = parser.parse_args(argv)
    sleepers = [subprocess.Popen(["sleep", "3600"],  # coreutils: 300 of them cost almost nothing
                                 stdin=subprocess.DEVNULL) for _ in range(args.extra_processes)]
    try:
        return _measure(args)
    finally:
        for proc in sleepers:
            proc.kill()
        for proc in sleepers:
            proc.wait()


def _measure(args: argparse.Namespace) -> int:
    venv = harness.ensure_engine()
    workdir = Path(tempfile.mkdtemp(prefix="xim-bench-supervision-"))
    hand: list[dict[str, float]] = []
    window: list[dict[str, float]] = []
    for i in range(args.pairs):
        # Alternating, so a load that changes during the run weighs on both sides alike.
        for side in ((by_hand, hand), (through_window, window)) if i % 2 == 0 else ((through_window, window),
                                                                                    (by_hand, hand)):
            figures = side[0](venv, workdir)
            side[1].append(figures)
            print(f"[supervision] {side[0].__name__}: " + ", ".join(f"{k}={v:.3f}" for k, v in figures.items()),
                  file=sys.stderr, flush=True)

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    overhead = [r["before_spawn_s"] + r["status_to_running_s"] for r in window]
    result = {
        "pairs": args.pairs,
        "extra_processes": args.extra_processes,
        "hand_ready_s": med(hand, "ready_s"),
        "window_ready_s": med(window, "ready_s"),
        "window_total_s": med(window, "total_s"),
        "before_spawn_ms": med(window, "before_spawn_s") * 1000,
        "start_overhead_ms": statistics.median(overhead) * 1000,
        "status_to_running_ms": med(window, "status_to_running_s") * 1000,
        "stop_ms": med(window, "stop_s") * 1000,
        "hand_stop_ms": med(hand, "stop_s") * 1000,
        "server_start_max_stall_ms": max(r["max_stall_ms"] for r in window),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
