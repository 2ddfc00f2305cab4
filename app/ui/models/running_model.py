"""RunningModelsModel: the Running page's table, updated in place (no reset) so the view keeps its selection."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.core.catalog import size_label
from app.core.models import RunningRow
from app.ui.i18n import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex
UID_ROLE = Qt.ItemDataRole.UserRole + 1

# (header, RunningRow attribute); the last column holds the per-row Copy UID button.
COLUMNS = (
    (QT_TRANSLATE_NOOP("RunningModelsModel", "UID"), "uid"),
    (QT_TRANSLATE_NOOP("RunningModelsModel", "Model"), "model_name"),
    (QT_TRANSLATE_NOOP("RunningModelsModel", "Type"), "model_type"),
    (QT_TRANSLATE_NOOP("RunningModelsModel", "Engine"), "model_engine"),
    (QT_TRANSLATE_NOOP("RunningModelsModel", "Format"), "model_format"),
    (QT_TRANSLATE_NOOP("RunningModelsModel", "Size"), "model_size_in_billions"),
    (QT_TRANSLATE_NOOP("RunningModelsModel", "Quantization"), "quantization"),
    (QT_TRANSLATE_NOOP("RunningModelsModel", "Replicas"), "replica"),
    (QT_TRANSLATE_NOOP("RunningModelsModel", "Status"), "status"),
    (QT_TRANSLATE_NOOP("RunningModelsModel", "Address"), "address"),
    (QT_TRANSLATE_NOOP("RunningModelsModel", "Worker"), "workers"),
    (QT_TRANSLATE_NOOP("RunningModelsModel", "Abilities"), "abilities"),
    (QT_TRANSLATE_NOOP("RunningModelsModel", "Copy"), ""),  # a Copy UID button in each row
)
COPY_COLUMN = len(COLUMNS) - 1


class RunningModelsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RunningRow] = []

    # -- updates -----------------------------------------------------------------------------------------------

    def set_rows(self, rows: list[RunningRow]) -> None:
        """Apply a fresh listing as removals, insertions and changed cells: no reset, so no flicker and the
        selection (persistent indices) survives a refresh."""
        rows = sorted(rows, key=lambda r: r.uid)
        wanted = {r.uid for r in rows}
        for i in reversed(range(len(self._rows))):
            if self._rows[i].uid not in wanted:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()
        # What is left is an ordered subsequence of ``rows``: walk both, inserting the new ones in place.
        for i, row in enumerate(rows):
            if i < len(self._rows) and self._rows[i].uid == row.uid:
                if self._rows[i] != row:
                    self._rows[i] = row
                    self.dataChanged.emit(self.index(i, 0), self.index(i, COPY_COLUMN - 1))
            else:
                self.beginInsertRows(QModelIndex(), i, i)
                self._rows.insert(i, row)
                self.endInsertRows()

    def row_at(self, row: int) -> RunningRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, uid: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.uid == uid), -1)

    def rows(self) -> list[RunningRow]:
        return list(self._rows)

    # -- Qt model API ------------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(
            COLUMNS
        ):
            return self.tr(COLUMNS[section][0]) if COLUMNS[section][0] else ""
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        attr = COLUMNS[index.column()][1]
        if role == UID_ROLE:
            return row.uid
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole) and attr:
            value = getattr(row, attr)
            if attr == "model_size_in_billions" and value:
                return size_label(str(value))  # "0_1" is the server's spelling; people read 0.1B
            return ", ".join(value) if isinstance(value, tuple) else ("" if value is None else str(value))
        if role == Qt.ItemDataRole.ToolTipRole:
            if attr == "uid" and row.replica_uids:
                return self.tr("Use this UID in Dify. Replicas (internal, do not use): {0}").format(
                    ", ".join(row.replica_uids)
                )
            if attr == "status" and row.status != "READY":
                return self.tr("Still loading: the model answers once its status is READY.")
        return None
