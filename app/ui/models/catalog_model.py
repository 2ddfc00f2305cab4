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
from PySide6.QtGui import QColor

from app.core.catalog import CatalogFamily, CatalogSpec, FitVerdict, gib
from app.ui.i18n import QT_TRANSLATE_NOOP

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
FAMILY_ROLE = Qt.ItemDataRole.UserRole + 2
AnyIndex = QModelIndex | QPersistentModelIndex

# Best first: what a user wants to see for a family is its most favourable spec.
_KIND_RANK = {"gpu": 0, "unified": 0, "ram": 1, "maybe": 2, "too_large": 3, "needs_package": 4, "needs_gpu": 5,
              "no_engine": 6, "needs_apple": 7}
# The badge beside each verdict: green fits, amber may fit, red cannot launch here.
BADGE_COLOURS = {"gpu": "#2e7d32", "unified": "#2e7d32", "ram": "#2e7d32", "maybe": "#f9a825"}
BADGE_OTHER = "#c62828"


def badge_colour(kind: str) -> QColor:
    return QColor(BADGE_COLOURS.get(kind, BADGE_OTHER))


def best_spec(family: CatalogFamily, verdicts: Sequence[FitVerdict]) -> tuple[CatalogSpec, FitVerdict] | None:
    """The variant to offer first on this machine: the best verdict, then the largest model that fits, then the
    smallest estimate."""
    if not verdicts or not family.specs:
        return None
    pairs = [(s, verdicts[s.index]) for s in family.specs if s.index < len(verdicts)]
    if not pairs:
        return None
    return min(pairs, key=lambda sv: (_KIND_RANK.get(sv[1].kind, 9), -(sv[0].size_b or 0) if sv[1].fits else 0,
                                      sv[1].estimate.total_mib))


def best_verdict(family: CatalogFamily, verdicts: Sequence[FitVerdict]) -> FitVerdict | None:
    best = best_spec(family, verdicts)
    return best[1] if best else None


def variant_label(spec: CatalogSpec) -> str:
    return " ".join(x for x in (spec.size_label, spec.model_format, spec.quantization) if x and x != "none")


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
    # The verdict leads (a coloured badge and the best variant for this machine): at the default window size it
    # was off-screen to the right.
    # English keys the code compares against, marked for lupdate; _ColumnsModel translates them as titles.
    COLUMNS = (QT_TRANSLATE_NOOP("CatalogModel", "Best fit"), QT_TRANSLATE_NOOP("CatalogModel", "Name"),
               QT_TRANSLATE_NOOP("CatalogModel", "Sizes"), QT_TRANSLATE_NOOP("CatalogModel", "Type"),
               QT_TRANSLATE_NOOP("CatalogModel", "Abilities"), QT_TRANSLATE_NOOP("CatalogModel", "Formats"),
               QT_TRANSLATE_NOOP("CatalogModel", "Cached"), QT_TRANSLATE_NOOP("CatalogModel", "Origin"))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.families: list[CatalogFamily] = []
        self.verdicts: Sequence[FitVerdict] = ()
        self._best: list[tuple[CatalogSpec, FitVerdict] | None] = []

    def set_catalog(self, families: Sequence[CatalogFamily], verdicts: Sequence[FitVerdict] = ()) -> None:
        self.beginResetModel()
        self.families = list(families)
        self.verdicts = verdicts
        self._best = [best_spec(f, verdicts) for f in self.families]
        self.endResetModel()

    def set_verdicts(self, verdicts: Sequence[FitVerdict]) -> None:
        """New verdicts (hardware or context length changed): same rows, new fit column."""
        self.verdicts = verdicts
        self._best = [best_spec(f, verdicts) for f in self.families]
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
                best = self._best[index.row()] if index.row() < len(self._best) else None
                if best is None:
                    return None
                spec, v = best
                e = v.estimate
                return "\n".join(x for x in (
                    f"{variant_label(spec)}: {v.text}",
                    self.tr("estimate {m} on {d} ({c} confidence): {b}").format(
                        m=gib(e.total_bytes), d=e.device, c=e.confidence, b=e.basis)) if x)
        if role == Qt.ItemDataRole.DecorationRole and col == "Best fit":
            best = self._best[index.row()] if index.row() < len(self._best) else None
            return badge_colour(best[1].kind) if best else None
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
            if best is None:
                return ""
            spec, v = best
            label = variant_label(spec)
            if v.fits:
                return f"{label} · {gib(v.estimate.total_bytes)} ({v.estimate.confidence})"
            return f"{label} · {v.reason}"
        if col == "Cached":
            return self.tr("yes") if fam.cached else ""
        return self.tr("builtin") if fam.is_builtin else self.tr("custom")

    def _sort_key(self, fam: CatalogFamily, col: str, row: int) -> Any:
        if col == "Sizes":
            span = fam.size_range
            return span[1] if span else -1.0
        if col == "Best fit":
            best = self._best[row] if row < len(self._best) else None
            return (_KIND_RANK.get(best[1].kind, 9) * 10**9 + best[1].estimate.total_mib) if best else 10**12
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

    COLUMNS = (QT_TRANSLATE_NOOP("SpecModel", "Fit"), QT_TRANSLATE_NOOP("SpecModel", "Estimate"),
               QT_TRANSLATE_NOOP("SpecModel", "Confidence"), QT_TRANSLATE_NOOP("SpecModel", "Format"),
               QT_TRANSLATE_NOOP("SpecModel", "Size"), QT_TRANSLATE_NOOP("SpecModel", "Quantization"),
               QT_TRANSLATE_NOOP("SpecModel", "Hub"), QT_TRANSLATE_NOOP("SpecModel", "Engines"),
               QT_TRANSLATE_NOOP("SpecModel", "Cached"))

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
            return self.tr("on {d}: weights {w} MiB, KV cache {k} MiB, workspace {a} MiB, overhead {o} MiB at {c} "
                           "tokens ({conf} confidence; {g} MiB as Xinference's GPU estimator counts)\n{basis}").format(
                d=e.device, w=e.weights_mib, k=e.kv_cache_mib, a=e.workspace_mib, o=e.overhead_mib,
                c=e.context_length, conf=e.confidence, g=e.comparable_mib, basis=e.basis)
        if role == Qt.ItemDataRole.ForegroundRole and spec.index not in self.matching:
            return Qt.GlobalColor.gray
        if role == Qt.ItemDataRole.DecorationRole and col == "Fit" and verdict is not None:
            return badge_colour(verdict.kind)
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
            return f"{gib(verdict.estimate.total_bytes)} ({verdict.estimate.device})"
        if col == "Confidence":
            return verdict.estimate.confidence
        return verdict.text
