"""The live server log: a bounded list model (ring buffer), a search filter, colours by level, follow/pause.

Memory stays bounded however long the server runs: the model keeps the newest ``MAX_LINES`` lines.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QListView, QPushButton, QVBoxLayout, QWidget

from app.core.redact import redact
from app.core.server import STOP_NOISE_STREAM

MAX_LINES = 5000
_LEVEL = re.compile(r"\b(DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|Traceback)\b")
COLOURS = {
    "DEBUG": QColor("#7f8c8d"),
    "WARNING": QColor("#b9770e"),
    "WARN": QColor("#b9770e"),
    "ERROR": QColor("#c0392b"),
    "CRITICAL": QColor("#c0392b"),
    "Traceback": QColor("#c0392b"),
    "app": QColor("#1f618d"),
    # What a server prints while it stops because we asked it to (a ServerClosed traceback): dimmed, not red.
    "stop": QColor("#b3b6b7"),
}
Index = QModelIndex | QPersistentModelIndex


def level_of(stream: str, line: str) -> str:
    if stream in ("app", "pip"):
        return "app"
    if stream == STOP_NOISE_STREAM:
        return "stop"
    match = _LEVEL.search(line[:200])
    if match:
        return match.group(1)
    return "ERROR" if stream == "stderr" and "error" in line.lower() else "INFO"


class LogModel(QAbstractListModel):
    """Lines as (level, text). Appends are batched by the view's timer to keep the GUI smooth under floods."""

    def __init__(self, max_lines: int = MAX_LINES) -> None:
        super().__init__()
        self._max = max_lines
        self._lines: deque[tuple[str, str]] = deque(maxlen=max_lines)
        self._pending: list[tuple[str, str]] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._lines):
            return None
        level, text = self._lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ForegroundRole:
            return COLOURS.get(level)
        if role == Qt.ItemDataRole.UserRole:
            return level
        return None

    def append(self, stream: str, line: str) -> None:
        # Secrets never reach the screen either (the setup token is read from the raw line before this).
        self._pending.append((level_of(stream, line), redact(line)))

    def flush(self) -> bool:
        """Move pending lines into the model; True when anything changed."""
        if not self._pending:
            return False
        batch, self._pending = self._pending[-self._max :], []
        overflow = len(self._lines) + len(batch) - self._max
        if overflow > 0:
            drop = min(overflow, len(self._lines))
            self.beginRemoveRows(QModelIndex(), 0, drop - 1)
            for _ in range(drop):
                self._lines.popleft()
            self.endRemoveRows()
        start = len(self._lines)
        self.beginInsertRows(QModelIndex(), start, start + len(batch) - 1)
        self._lines.extend(batch)
        self.endInsertRows()
        return True

    def clear(self) -> None:
        self.beginResetModel()
        self._lines.clear()
        self._pending.clear()
        self.endResetModel()

    def text(self) -> str:
        return "\n".join(t for _l, t in self._lines)


class LogView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LogModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.list.setFont(mono)
        # Log lines are the server's English and JSON: left to right even when the app is in Persian.
        self.list.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search the log…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.follow = QCheckBox(self.tr("Follow"))
        self.follow.setChecked(True)
        self.open_folder = QPushButton(self.tr("Open log folder"))
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(self.model.clear)
        self.count = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.follow)
        bar.addWidget(self.count)
        bar.addWidget(self.clear_button)
        bar.addWidget(self.open_folder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.list, 1)
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._flush)
        self._timer.start()

    def append(self, stream: str, line: str) -> None:
        self.model.append(stream, line)

    def _flush(self) -> None:
        if self.model.flush():
            self.count.setText(self.tr("%n line(s)", "", self.model.rowCount()))
            if self.follow.isChecked():
                self.list.scrollToBottom()
