"""ClusterWorkersModel: the Cluster page's table, one row per worker (live ones first, then the lost ones)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.core.cluster import LOST, NOT_ANSWERING, WorkerView
from app.ui.i18n import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex
GIB = 1024**3
COLUMNS = (
    QT_TRANSLATE_NOOP("ClusterWorkersModel", "Worker"),
    QT_TRANSLATE_NOOP("ClusterWorkersModel", "Health"),
    QT_TRANSLATE_NOOP("ClusterWorkersModel", "Version"),
    QT_TRANSLATE_NOOP("ClusterWorkersModel", "CPU"),
    QT_TRANSLATE_NOOP("ClusterWorkersModel", "Memory free"),
    QT_TRANSLATE_NOOP("ClusterWorkersModel", "GPUs"),
    QT_TRANSLATE_NOOP("ClusterWorkersModel", "GPU memory free"),
    QT_TRANSLATE_NOOP("ClusterWorkersModel", "Models"),
)
HEALTH_COLOURS = {LOST: "#c62828", NOT_ANSWERING: "#ef6c00"}


def _gib(value: int) -> str:
    return f"{value / GIB:.1f}"


def cells(w: WorkerView) -> tuple[str, ...]:
    """The row's texts (English figures: units and numbers, not prose)."""
    hb, node = w.heartbeat, w.node
    cpu = ""
    if hb is not None:
        cpu = f"{hb.cpu_count} × {hb.cpu_usage * 100:.0f}%"
    memory = ""
    if node is not None:
        memory = f"{_gib(node.memory_available)} / {_gib(node.memory_total)} GiB"
    elif hb is not None:
        memory = f"{_gib(hb.memory_available)} / {_gib(hb.memory_total)} GiB"
    gpus = str(node.gpu_count) if node is not None else (str(len(hb.gpus)) if hb is not None else "")
    gpu_memory = ""
    if node is not None and node.gpu_count:
        gpu_memory = f"{_gib(node.gpu_memory_available)} / {_gib(node.gpu_memory_total)} GiB"
        if node.gpu_utilization is not None:
            gpu_memory += f" ({node.gpu_utilization:.0f}%)"
    models = ", ".join(r.replica_uid for r in w.replicas)
    return (w.address, w.describe_health(), w.version, cpu, memory, gpus, gpu_memory, models)


class ClusterWorkersModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[WorkerView] = []
        self._cells: list[tuple[str, ...]] = []

    def set_workers(self, workers: tuple[WorkerView, ...]) -> None:
        if [w.address for w in workers] == [w.address for w in self._rows]:
            # Same workers: change the cells in place, so the selection survives the refresh.
            self._rows, self._cells = list(workers), [cells(w) for w in workers]
            if workers:
                self.dataChanged.emit(self.index(0, 0), self.index(len(workers) - 1, len(COLUMNS) - 1))
            return
        self.beginResetModel()
        self._rows, self._cells = list(workers), [cells(w) for w in workers]
        self.endResetModel()

    def worker_at(self, row: int) -> WorkerView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and \
                0 <= section < len(COLUMNS):
            from PySide6.QtCore import QCoreApplication

            return QCoreApplication.translate("ClusterWorkersModel", COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        worker = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and worker.health in HEALTH_COLOURS:
            return QColor(HEALTH_COLOURS[worker.health])
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == len(COLUMNS) - 1 and worker.replicas:
            return "\n".join(f"{r.replica_uid}: {r.model_type} {r.model_name}" for r in worker.replicas)
        return None
