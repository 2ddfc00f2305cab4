"""Item models of the Catalog page: one row per family (with a filter proxy), and the specs of one family.

The filtering itself happens in the core (``filter_mask``, one pass over the catalog); the proxy only looks the
answer up per row, so a keystroke costs one pass plus one cheap call per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.core.catalog import CatalogFamily, CatalogSpec, FitVerdict, gib

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
FAMILY_ROLE = Qt.ItemDataRole.UserRole + 2
AnyIndex = QModelIndex | QPersistentModelIndex

# Best first: what a user wants to see for a family is its most favourable spec.
_KIND_RANK = {"gpu": 0, "unified": 0, "ram": 1, "too_large": 2, "needs_gpu": 3, "no_engine": 4, "needs_apple": 5}


def best_verdict(family: CatalogFamily, verdicts: Sequence[FitVerdict]) -> FitVerdict | None:
    if not verdicts or not family.specs:
        return None
    return min((verdicts[s.index] for s in family.specs),
               key=lambda v: (_KIND_RANK.get(v.kind, 9), v.estimate.total_mib))


class _ColumnsModel(QAbstractTableModel):
    """A flat table with fixed, translated column titles: the sizing and header part both catalog models share."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = [self.tr(c) for c in self.COLUMNS]

    def _row_count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else self._row_count()

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None


class CatalogModel(_ColumnsModel):
    COLUMNS = ("Name", "Type", "Abilities", "Formats", "Sizes", "Best fit", "Cached", "Origin")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.families: list[CatalogFamily] = []
        self.verdicts: Sequence[FitVerdict] = ()
        self._best: list[FitVerdict | None] = []

    def set_catalog(self, families: Sequence[CatalogFamily], verdicts: Sequence[FitVerdict] = ()) -> None:
        self.beginResetModel()
        self.families = list(families)
        self.verdicts = verdicts
        self._best = [best_verdict(f, verdicts) for f in self.families]
        self.endResetModel()

    def set_verdicts(self, verdicts: Sequence[FitVerdict]) -> None:
        """New verdicts (hardware or context length changed): same rows, new fit column."""
        self.verdicts = verdicts
        self._best = [best_verdict(f, verdicts) for f in self.families]
        if self.families:
            col = self.COLUMNS.index("Best fit")
            self.dataChanged.emit(self.index(0, col), self.index(len(self.families) - 1, col))

    def _row_count(self) -> int:
        return len(self.families)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        fam = self.families[index.row()]
        col = self.COLUMNS[index.column()]
        if role == FAMILY_ROLE:
            return fam
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(fam, col, index.row())
        if role == SORT_ROLE:
            return self._sort_key(fam, col, index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == "Name":
                return fam.description or fam.model_name
            if col == "Best fit":
                best = self._best[index.row()]
                return f"{best.reason}\n{best.estimate.basis}" if best else None
        return None

    def _display(self, fam: CatalogFamily, col: str, row: int) -> str:
        if col == "Name":
            return fam.model_name
        if col == "Type":
            return fam.model_type
        if col == "Abilities":
            return ", ".join(fam.abilities)
        if col == "Formats":
            return ", ".join(fam.formats)
        if col == "Sizes":
            span = fam.size_range
            if span is None:
                return ""
            return f"{span[0]:g}B" if span[0] == span[1] else f"{span[0]:g}–{span[1]:g}B"
        if col == "Best fit":
            best = self._best[row] if row < len(self._best) else None
            return best.reason if best else ""
        if col == "Cached":
            return self.tr("yes") if fam.cached else ""
        return self.tr("builtin") if fam.is_builtin else self.tr("custom")

    def _sort_key(self, fam: CatalogFamily, col: str, row: int) -> Any:
        if col == "Sizes":
            span = fam.size_range
            return span[1] if span else -1.0
        if col == "Best fit":
            best = self._best[row] if row < len(self._best) else None
            return (_KIND_RANK.get(best.kind, 9) * 10**9 + best.estimate.total_mib) if best else 10**12
        return self._display(fam, col, row).lower()


class CatalogProxy(QSortFilterProxyModel):
    """Shows the rows the core's ``filter_mask`` accepted."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.mask: list[bool] = []
        self.setSortRole(SORT_ROLE)

    def set_mask(self, mask: list[bool]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+; invalidateFilter() is deprecated there
            self.beginFilterChange()
            self.mask = mask
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.mask = mask
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:  # noqa: N802 - Qt API
        mask = self.mask
        return source_row >= len(mask) or mask[source_row]


class SpecModel(_ColumnsModel):
    """The specs of one family, with estimate and verdict; specs outside the active filters are greyed."""

    COLUMNS = ("Format", "Size", "Quantization", "Hub", "Engines", "Cached", "Estimate", "Confidence", "Fit")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.specs: list[CatalogSpec] = []
        self.verdicts: Sequence[FitVerdict] = ()
        self.matching: set[int] = set()

    def set_specs(self, specs: Sequence[CatalogSpec], verdicts: Sequence[FitVerdict], matching: set[int]) -> None:
        self.beginResetModel()
        self.specs, self.verdicts, self.matching = list(specs), verdicts, matching
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self.specs)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        spec = self.specs[index.row()]
        col = self.COLUMNS[index.column()]
        verdict = self.verdicts[spec.index] if spec.index < len(self.verdicts) else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(spec, col, verdict)
        if role == Qt.ItemDataRole.ToolTipRole and verdict is not None:
            e = verdict.estimate
            return self.tr("weights {w} MiB, KV cache {k} MiB, workspace {a} MiB, overhead {o} MiB at {c} tokens\n"
                           "{basis}").format(w=e.weights_mib, k=e.kv_cache_mib, a=e.workspace_mib,
                                             o=e.overhead_mib, c=e.context_length, basis=e.basis)
        if role == Qt.ItemDataRole.ForegroundRole and spec.index not in self.matching:
            return Qt.GlobalColor.gray
        return None

    def _display(self, spec: CatalogSpec, col: str, verdict: FitVerdict | None) -> str:
        if col == "Format":
            return spec.model_format
        if col == "Size":
            return spec.size_label
        if col == "Quantization":
            return spec.quantization
        if col == "Hub":
            return spec.model_hub
        if col == "Engines":
            return ", ".join(spec.engines)
        if col == "Cached":
            return self.tr("yes") if spec.cached else ""
        if verdict is None:
            return ""
        if col == "Estimate":
            return gib(verdict.estimate.total_bytes)
        if col == "Confidence":
            return verdict.estimate.confidence
        return verdict.reason
