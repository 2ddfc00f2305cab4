"""The Catalog page's search box and filters, with the active ones shown as removable chips."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog import CATALOG_TYPES, Catalog, CatalogFilter
from app.ui.i18n import QT_TRANSLATE_NOOP

# Filter field -> (label, combo key in Catalog.values or None); labels are English sources, translated when shown.
_COMBOS = (
    ("model_type", QT_TRANSLATE_NOOP("CatalogFilterBar", "Type"), None),
    ("ability", QT_TRANSLATE_NOOP("CatalogFilterBar", "Ability"), "ability"),
    ("language", QT_TRANSLATE_NOOP("CatalogFilterBar", "Language"), "language"),
    ("model_format", QT_TRANSLATE_NOOP("CatalogFilterBar", "Format"), "format"),
    ("engine", QT_TRANSLATE_NOOP("CatalogFilterBar", "Engine"), "engine"),
    ("quantization", QT_TRANSLATE_NOOP("CatalogFilterBar", "Quantization"), "quantization"),
    ("origin", QT_TRANSLATE_NOOP("CatalogFilterBar", "Origin"), None),
)
_CHIP_LABELS = {
    "text": QT_TRANSLATE_NOOP("CatalogFilterBar", "Search"),
    "model_type": QT_TRANSLATE_NOOP("CatalogFilterBar", "Type"),
    "ability": QT_TRANSLATE_NOOP("CatalogFilterBar", "Ability"),
    "language": QT_TRANSLATE_NOOP("CatalogFilterBar", "Language"),
    "model_format": QT_TRANSLATE_NOOP("CatalogFilterBar", "Format"),
    "engine": QT_TRANSLATE_NOOP("CatalogFilterBar", "Engine"),
    "quantization": QT_TRANSLATE_NOOP("CatalogFilterBar", "Quantization"),
    "origin": QT_TRANSLATE_NOOP("CatalogFilterBar", "Origin"),
    "size": QT_TRANSLATE_NOOP("CatalogFilterBar", "Size"),
    "cached_only": QT_TRANSLATE_NOOP("CatalogFilterBar", "Cached"),
    "fits_only": QT_TRANSLATE_NOOP("CatalogFilterBar", "Fits"),
}


class CatalogFilterBar(QWidget):
    changed = Signal(object)  # CatalogFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name, description or model id…"))
        self.search.setClearButtonEnabled(True)
        self.combos: dict[str, QComboBox] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for col, (field, label, _key) in enumerate(_COMBOS):
            combo = QComboBox()
            combo.setObjectName(f"filter_{field}")
            combo.addItem(self.tr("any"), "")
            self.combos[field] = combo
            grid.addWidget(QLabel(self.tr(label)), 0, col)
            grid.addWidget(combo, 1, col)
            combo.currentIndexChanged.connect(self._emit)
        for value in CATALOG_TYPES:
            self.combos["model_type"].addItem(value, value)
        self.combos["origin"].addItem(self.tr("builtin"), "builtin")
        self.combos["origin"].addItem(self.tr("custom"), "custom")
        self.size_min = self._size_box()
        self.size_max = self._size_box()
        col = len(_COMBOS)
        grid.addWidget(QLabel(self.tr("Size (B params)")), 0, col, 1, 2)
        grid.addWidget(self.size_min, 1, col)
        grid.addWidget(self.size_max, 1, col + 1)
        self.cached_only = QCheckBox(self.tr("Cached only"))
        self.fits_only = QCheckBox(self.tr("Fits this machine"))
        for box in (self.cached_only, self.fits_only):
            box.toggled.connect(self._emit)
        self.search.textChanged.connect(self._emit)
        self.chips = QHBoxLayout()
        self.chips.setContentsMargins(0, 0, 0, 0)
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.clear_button.clicked.connect(self.clear)
        self.count_label = QLabel()
        self.count_label.setObjectName("catalog_count")
        chip_row = QHBoxLayout()
        # The two switches open the row of active filters: as an eleventh column of the grid above they made the
        # page wider than a 1024 px screen leaves it.
        chip_row.addWidget(self.cached_only)
        chip_row.addWidget(self.fits_only)
        chip_row.addLayout(self.chips)
        chip_row.addStretch(1)
        chip_row.addWidget(self.count_label)
        chip_row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(grid)
        layout.addLayout(chip_row)
        self._quiet = False
        self._filter = CatalogFilter()
        self._refresh_chips()

    def _size_box(self) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(0, 2000)
        box.setDecimals(1)
        box.setSpecialValueText(self.tr("any"))
        box.valueChanged.connect(self._emit)
        return box

    def set_choices(self, catalog: Catalog) -> None:
        """Fill the combos from the catalog, keeping what is selected where it still exists."""
        self._quiet = True
        try:
            for field, _label, key in _COMBOS:
                if key is None:
                    continue
                combo = self.combos[field]
                current = combo.currentData()
                combo.clear()
                combo.addItem(self.tr("any"), "")
                for value in catalog.values(key):
                    combo.addItem(value, value)
                combo.setCurrentIndex(max(0, combo.findData(current)))
        finally:
            self._quiet = False
        self._emit()

    def current(self) -> CatalogFilter:
        return self._filter

    def _read(self) -> CatalogFilter:
        values: dict[str, Any] = {field: self.combos[field].currentData() or "" for field, _l, _k in _COMBOS}
        return CatalogFilter(
            text=self.search.text().strip(),
            size_min=self.size_min.value() or None,
            size_max=self.size_max.value() or None,
            cached_only=self.cached_only.isChecked(),
            fits_only=self.fits_only.isChecked(),
            **values,
        )

    def _emit(self) -> None:
        if self._quiet:
            return
        self._filter = self._read()
        self._refresh_chips()
        self.changed.emit(self._filter)

    def clear(self) -> None:
        self._quiet = True
        try:
            self.search.clear()
            for combo in self.combos.values():
                combo.setCurrentIndex(0)
            self.size_min.setValue(0)
            self.size_max.setValue(0)
            self.cached_only.setChecked(False)
            self.fits_only.setChecked(False)
        finally:
            self._quiet = False
        self._emit()

    def remove(self, name: str) -> None:
        """Clear one active filter (what a chip's ✕ does)."""
        if name == "text":
            self.search.clear()
        elif name == "size":
            self._quiet = True
            self.size_min.setValue(0)
            self._quiet = False
            self.size_max.setValue(0)
        elif name == "cached_only":
            self.cached_only.setChecked(False)
        elif name == "fits_only":
            self.fits_only.setChecked(False)
        elif name in self.combos:
            self.combos[name].setCurrentIndex(0)

    def set_filter(self, **changes: Any) -> None:
        """Set filters from code (tests, other pages): e.g. ``set_filter(model_format="pytorch")``."""
        wanted = replace(self._filter, **changes)
        self._quiet = True
        try:
            self.search.setText(wanted.text)
            for field, _l, _k in _COMBOS:
                combo = self.combos[field]
                combo.setCurrentIndex(max(0, combo.findData(getattr(wanted, field))))
            self.size_min.setValue(wanted.size_min or 0)
            self.size_max.setValue(wanted.size_max or 0)
            self.cached_only.setChecked(wanted.cached_only)
            self.fits_only.setChecked(wanted.fits_only)
        finally:
            self._quiet = False
        self._emit()

    def _refresh_chips(self) -> None:
        while self.chips.count():
            item = self.chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        active = self._filter.active()
        for name, value in active.items():
            chip = QToolButton()
            chip.setObjectName(f"chip_{name}")
            chip.setText(f"{self.tr(_CHIP_LABELS.get(name, name))}: {value}  ✕")
            chip.setToolTip(self.tr("Remove this filter"))
            chip.clicked.connect(lambda _=False, n=name: self.remove(n))
            self.chips.addWidget(chip)
        self.clear_button.setEnabled(bool(active))
