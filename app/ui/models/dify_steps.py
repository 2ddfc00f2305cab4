"""The Dify check's checklist as an item model: one row per step (mark, step, time, what happened with cause and
fix)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.core.dify import MARK, Status, Step
from app.ui.i18n import QT_TRANSLATE_NOOP

COLORS = {Status.OK: "#2e7d32", Status.FAIL: "#c62828", Status.WARN: "#ef6c00", Status.SKIP: "#757575"}
Index = QModelIndex | QPersistentModelIndex


class DifyStepsModel(QAbstractTableModel):
    """The checklist: one row per step (mark, step, time, what happened with cause and fix)."""

    HEADERS = (QT_TRANSLATE_NOOP("DifyStepsModel", "Result"), QT_TRANSLATE_NOOP("DifyStepsModel", "Step"),
               QT_TRANSLATE_NOOP("DifyStepsModel", "Time"),
               QT_TRANSLATE_NOOP("DifyStepsModel", "Details"))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.steps: list[Step] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt signature
        return 0 if parent.isValid() else len(self.steps)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section]) if self.HEADERS[section] else ""
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.steps):
            return None
        step = self.steps[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return MARK[step.status]
            if col == 1:
                return step.title
            if col == 2:
                return self.tr("{0:.2f} s").format(step.seconds)
            return self.details(step)
        if role == Qt.ItemDataRole.ForegroundRole and col == 0:
            return QColor(COLORS[step.status])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.details(step)
        if role == Qt.ItemDataRole.UserRole:
            return step.status.value
        return None

    def details(self, step: Step) -> str:
        parts = [step.detail] if step.detail else []
        if step.cause:
            parts.append(self.tr("Cause: {0}").format(step.cause))
        if step.fix:
            parts.append(self.tr("Fix: {0}").format(step.fix))
        return "\n".join(parts)

    def clear(self) -> None:
        self.beginResetModel()
        self.steps = []
        self.endResetModel()

    def append(self, step: Step) -> None:
        self.beginInsertRows(QModelIndex(), len(self.steps), len(self.steps))
        self.steps.append(step)
        self.endInsertRows()

    def replace_all(self, steps: tuple[Step, ...]) -> None:
        self.beginResetModel()
        self.steps = list(steps)
        self.endResetModel()
