"""Notices when another process (the CLI, a second tool) rewrites the settings file while the window is open.

The file is replaced by a rename on every save, which ends a watch on the file itself: the folder is watched too
and the file re-added after each change. A burst of events is read once, after a short quiet time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer

QUIET_MS = 150


class SettingsWatcher(QObject):
    def __init__(self, path: Path, changed: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._changed = changed
        path.parent.mkdir(parents=True, exist_ok=True)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.addPath(str(path.parent))
        self._watch_file()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(QUIET_MS)
        self._timer.timeout.connect(self._fire)
        self._watcher.fileChanged.connect(lambda _p: self._timer.start())
        self._watcher.directoryChanged.connect(lambda _p: self._timer.start())

    def _watch_file(self) -> None:
        if self.path.exists() and str(self.path) not in self._watcher.files():
            self._watcher.addPath(str(self.path))

    def _fire(self) -> None:
        self._watch_file()
        self._changed()
