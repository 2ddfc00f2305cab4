"""Cold start: process start to the first painted main window, CPU time and peak memory, against a floor.

``python -m tests.bench.cold_start [--pairs N]`` prints one JSON object on its last line. Each pair starts, one after
the other and alternating which goes first, the app (``python -m app``, its normal window) and the floor: a bare
PySide6 window in a process that imports the same libraries the app depends on and paints once. Both run in a fresh
app home (no settings: the first run a new user sees) on the same Qt platform (offscreen unless a display is set).

The clock starts in the parent just before the process is spawned; the child notes the wall time of the first
paint of a main window (an event filter installed before the app's code runs: the app takes over the
``QApplication`` that exists) and its own CPU seconds then. Peak RSS (``VmHWM``) is read a second after that
paint, once the first page's background work (engine search, settings) has run, then the process is ended.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SETTLE_S = 1.0
PYCACHE = Path(tempfile.gettempdir()) / "xim-bench-pycache"

# Runs in the child. The filter reports the first Paint of any widget inside a QMainWindow, then stays quiet.
CHILD = r"""
import os, resource, sys, time
mode = sys.argv[1]
if mode == "floor":
    import httpx, keyring, platformdirs, psutil, qasync, yarl  # noqa: F401 - the app's dependencies
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

class FirstPaint(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint and hasattr(obj, "window") \
                and isinstance(obj.window(), QMainWindow):
            self.done = True
            usage = resource.getrusage(resource.RUSAGE_SELF)
            print(f"[first-paint] {time.time()} {usage.ru_utime + usage.ru_stime}", file=sys.stderr, flush=True)
        return False

app = QApplication([sys.argv[0]])
probe = FirstPaint()
app.installEventFilter(probe)
if mode == "floor":
    window = QMainWindow()
    window.setCentralWidget(QLabel("floor"))
    window.resize(1200, 780)
    window.show()
    app.exec()
else:
    from app.__main__ import main
    sys.exit(main([]))
"""


def _peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def one_start(mode: str, repo: Path = REPO) -> dict[str, float | None]:
    home = tempfile.mkdtemp(prefix=f"xim-bench-cold-{mode}-")
    env = {**os.environ, "XINFERENCE_MANAGER_HOME": home, "XINFERENCE_MANAGER_NO_KEYRING": "1",
           # Bytecode as an installed app has it (pip compiles it), kept out of the repo: the first, uncounted
           # start writes it.
           "PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(PYCACHE),
           "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM") or ("xcb" if os.environ.get("DISPLAY") else
                                                                    "offscreen")}
    spawned = time.time()
    proc = subprocess.Popen([sys.executable, "-c", CHILD, mode], cwd=repo, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    painted = cpu = None
    try:
        for line in proc.stderr:
            if line.startswith("[first-paint]"):
                _tag, when, cpu_s = line.split()
                painted, cpu = float(when), float(cpu_s)
                break
        time.sleep(SETTLE_S)
        rss = _peak_rss_mb(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if painted is None:
        raise RuntimeError(f"{mode}: no window was painted")
    return {"paint_ms": (painted - spawned) * 1000, "cpu_s": cpu, "rss_mb": rss}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--repo", type=Path, default=REPO,
                        help="the app's source tree to start (another checkout, to compare before and after)")
    args = parser.parse_args(argv)
    app: list[dict[str, float | None]] = []
    floor: list[dict[str, float | None]] = []
    one_start("app", args.repo)  # warm the file cache and write the bytecode once; not counted
    one_start("floor")
    for i in range(args.pairs):
        order = (("app", app), ("floor", floor)) if i % 2 == 0 else (("floor", floor), ("app", app))
        for mode, rows in order:
            rows.append(one_start(mode, args.repo))
            print(f"[cold-start] {mode}: {rows[-1]}", file=sys.stderr, flush=True)

    def med(rows: list[dict[str, float | None]], key: str) -> float | None:
        values = [r[key] for r in rows if r[key] is not None]
        return statistics.median(values) if values else None  # type: ignore[type-var]

    app_ms, floor_ms = med(app, "paint_ms"), med(floor, "paint_ms")
    result = {
        "pairs": args.pairs,
        "platform": os.environ.get("QT_QPA_PLATFORM") or ("xcb" if os.environ.get("DISPLAY") else "offscreen"),
        "cold_start_ms": app_ms,
        "floor_first_paint_ms": floor_ms,
        "cold_start_ratio": app_ms / floor_ms if app_ms and floor_ms else None,
        "cpu_s": med(app, "cpu_s"),
        "floor_cpu_s": med(floor, "cpu_s"),
        "rss_mb": med(app, "rss_mb"),
        "floor_rss_mb": med(floor, "rss_mb"),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
