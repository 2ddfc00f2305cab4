"""The longest GUI-thread stall: a 5 ms heartbeat timer; the longest gap between its ticks."""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback

from PySide6.QtCore import QTimer

# With XIM_BENCH_STALL_TRACE=1 a watchdog thread prints the GUI thread's stack whenever the heartbeat is 40 ms
# late: what is blocking, not only how long.
TRACE = os.environ.get("XIM_BENCH_STALL_TRACE") == "1"


class StallProbe:
    """Ticks every 5 ms on the GUI thread; ``worst_ms`` is the longest gap between ticks while it ran."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.worst_ms = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        if self.last:
            self.worst_ms = max(self.worst_ms, (now - self.last) * 1000)
        self.last = now

    def __enter__(self) -> StallProbe:
        self.last = time.perf_counter()
        self.timer.start()
        if TRACE:
            self._gui = threading.get_ident()
            self._stop = threading.Event()
            threading.Thread(target=self._watch, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._tick()
        self.timer.stop()
        if TRACE:
            self._stop.set()

    def _watch(self) -> None:
        seen = 0.0
        while not self._stop.wait(0.01):
            last = self.last
            if time.perf_counter() - last > 0.04 and last != seen:
                seen = last
                frame = sys._current_frames().get(self._gui)
                stack = "".join(traceback.format_stack(frame)[-12:]) if frame else "?"
                print(f"[stall] GUI thread busy for 40+ ms in:\n{stack}", file=sys.stderr, flush=True)
