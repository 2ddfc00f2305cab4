"""Route the core's ``logging`` records to the in-app log view (thread-safe via a queued Qt signal)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    record = Signal(str, str)  # level name, formatted message


class GuiLogHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.emitter = _Emitter()
        self.setFormatter(logging.Formatter("%(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.emitter.record.emit(record.levelname, self.format(record))
        except RuntimeError:  # emitter already deleted at shutdown
            pass


_handler: GuiLogHandler | None = None


def install_gui_log_handler() -> GuiLogHandler:
    global _handler
    if _handler is None:
        _handler = GuiLogHandler()
        logging.getLogger("app").addHandler(_handler)
    return _handler
