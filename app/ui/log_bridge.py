"""Route the core's ``logging`` records to the in-app log view (thread-safe via a queued Qt signal), redacted.

The handler is installed before anything else runs (settings are loaded before the window exists, and a damaged
settings file is reported right then): the latest records are kept, bounded, and replayed to a log view when it
attaches, so nothing logged before the window existed is lost.
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

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = redact(self.format(record))
            self._backlog.append((record.levelname, text))
            self.emitter.record.emit(record.levelname, text)
        except RuntimeError:  # emitter already deleted at shutdown
            pass

    def attach(self, view: Callable[[str, str], None]) -> None:
        """Send records to ``view(level, text)`` (best a bound method of a QObject: Qt disconnects it when that
        object is destroyed), starting with the latest ones logged before it attached."""
        for level, text in list(self._backlog):
            view(level, text)
        self.emitter.record.connect(view)


_handler: GuiLogHandler | None = None


def install_gui_log_handler() -> GuiLogHandler:
    global _handler
    if _handler is None:
        _handler = GuiLogHandler()
        logging.getLogger("app").addHandler(_handler)
    return _handler
