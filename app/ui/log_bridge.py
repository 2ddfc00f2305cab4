"""Route the core's ``logging`` records to the in-app log view (thread-safe via a queued Qt signal), redacted.

The handler is installed before anything else runs (settings are loaded before the window exists, and a damaged
settings file is reported right then): records that arrive while no log view is attached are kept, bounded,
and replayed to the first view that attaches.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from app.core.redact import RedactingFilter, redact

BACKLOG = 500


class _Emitter(QObject):
    record = Signal(str, str)  # level name, formatted message


class GuiLogHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.emitter = _Emitter()
        self.setFormatter(logging.Formatter("%(name)s: %(message)s"))
        # The same filter as every other handler; the formatted text (tracebacks included) is scrubbed too.
        self.addFilter(RedactingFilter())
        self._backlog: deque[tuple[str, str]] = deque(maxlen=BACKLOG)
        self._views = 0

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = redact(self.format(record))
            if self._views == 0:
                self._backlog.append((record.levelname, text))
                return
            self.emitter.record.emit(record.levelname, text)
        except RuntimeError:  # emitter already deleted at shutdown
            pass

    def attach(self, view: Callable[[str, str], None]) -> None:
        """Send records to ``view(level, text)`` (a bound method of a QObject: detached when it is destroyed),
        starting with those logged while no view was attached."""
        backlog, self._backlog = list(self._backlog), deque(maxlen=BACKLOG)
        for level, text in backlog:
            view(level, text)
        self.emitter.record.connect(view)
        self._views += 1
        owner = getattr(view, "__self__", None)
        if isinstance(owner, QObject):
            owner.destroyed.connect(self._detached)

    def _detached(self) -> None:
        self._views = max(0, self._views - 1)


_handler: GuiLogHandler | None = None


def install_gui_log_handler() -> GuiLogHandler:
    global _handler
    if _handler is None:
        _handler = GuiLogHandler()
        logging.getLogger("app").addHandler(_handler)
    return _handler
