"""The Catalog page's detail pane: one family's description and facts, its specs with estimates and verdicts,
the server's own recommendation where it has one, and the Launch… button."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog import CatalogFamily, CatalogSpec, FitVerdict, Recommendation
from app.ui.models.catalog_model import SpecModel
from app.ui.widgets.sizing import fit_column_widths


class CatalogDetail(QWidget):
    launch_requested = Signal(object, object)  # CatalogFamily, CatalogSpec | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.family: CatalogFamily | None = None
        self.title = QLabel()
        self.title.setObjectName("detail_title")
        self.facts = QLabel()
        self.facts.setObjectName("detail_facts")
        self.facts.setWordWrap(True)
        self.recommendation = QLabel()
        self.recommendation.setObjectName("detail_recommendation")
        self.recommendation.setWordWrap(True)
        self.specs = SpecModel(self)
        self.spec_view = QTableView()
        self.spec_view.setModel(self.specs)
        self.spec_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.spec_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.spec_view.verticalHeader().setVisible(False)
        self.spec_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.spec_view.horizontalHeader().setStretchLastSection(True)
        fit_column_widths(self.spec_view)
        self.launch_button = QPushButton(self.tr("Launch…"))
        self.launch_button.setEnabled(False)
        self.launch_button.clicked.connect(self._launch)
        bar = QHBoxLayout()
        bar.addWidget(self.recommendation, 1)
        bar.addWidget(self.launch_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.spec_view, 1)
        layout.addLayout(bar)
        self.show_family(None, (), set())

    def show_family(self, family: CatalogFamily | None, verdicts: Sequence[FitVerdict], matching: set[int]) -> None:
        self.family = family
        self.launch_button.setEnabled(family is not None)
        self.recommendation.setText("")
        if family is None:
            self.title.setText(self.tr("Select a model to see its variants."))
            self.facts.setText("")
            self.specs.set_specs((), (), set())
            return
        self.title.setText(f"<b>{html.escape(family.model_name)}</b> · {html.escape(family.model_type)}"
                           + ("" if family.is_builtin else " · " + self.tr("custom")))
        facts = [
            html.escape(family.description) if family.description else self.tr("<i>no description</i>"),
            self.tr("Abilities: {v}").format(v=html.escape(", ".join(family.abilities)) or "—"),
            self.tr("Languages: {v}").format(v=html.escape(", ".join(family.languages)) or "—"),
            self.tr("Context length: {v}").format(v=family.context_length or "—"),
        ]
        self.facts.setText("<br>".join(facts))
        # Matching specs first, then the rest (greyed), each group in the server's order.
        ordered = sorted(family.specs, key=lambda s: s.index not in matching)
        self.specs.set_specs(ordered, verdicts, matching)
        self.spec_view.resizeColumnsToContents()
        fit_column_widths(self.spec_view)
        if ordered:
            self.spec_view.selectRow(0)

    def selected_spec(self) -> CatalogSpec | None:
        rows = self.spec_view.selectionModel().selectedRows()
        return self.specs.specs[rows[0].row()] if rows else None

    def show_recommendation(self, rec: Recommendation | None, error: str = "",
                            verdicts: Sequence[FitVerdict] = ()) -> None:
        """The server's recommendation beside the app's verdict, with the reason when they disagree."""
        if error:
            self.recommendation.setText(self.tr("Server recommendation unavailable: {e}").format(e=error))
        elif rec is None:
            self.recommendation.setText(self.tr("This server has no recommender (Xinference before 4.0)."))
        else:
            why = rec.disagreement(self.family, verdicts) if self.family is not None else ""
            self.recommendation.setText(rec.describe() + (f"\n{why}" if why else ""))

    def _launch(self) -> None:
        if self.family is not None:
            self.launch_requested.emit(self.family, self.selected_spec())

    def family_payload(self) -> dict[str, Any] | None:
        return None if self.family is None else {**self.family.raw, "model_type": self.family.model_type}
