"""The main window: a sidebar of pages (Server, Catalog, Running, Dify test) over a stack."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app.ui.context import AppContext
from app.ui.pages.catalog import CatalogPage
from app.ui.pages.dify import DifyPage
from app.ui.pages.running import RunningPage
from app.ui.pages.server import ServerPage

RESOURCES = Path(__file__).resolve().parents[2] / "resources"

log = logging.getLogger(__name__)

# (key, title, page class), in sidebar order; Ctrl+1.. follow this order.
PAGES: tuple[tuple[str, str, Callable[[AppContext], QWidget]], ...] = (
    ("server", "Server", ServerPage),
    ("catalog", "Catalog", CatalogPage),
    ("running", "Running models", RunningPage),
    ("dify", "Dify connection test", DifyPage),
)


class MainWindow(QMainWindow):
    # Emitted when the window closes: the app then stops (or leaves) the server and closes clients before quitting.
    closing = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(self.tr("Xinference Manager"))
        self.resize(1200, 780)
        self.pages: dict[str, QWidget] = {}
        self._nav = QListWidget()
        self._nav.setObjectName("nav")
        self._nav.setFixedWidth(190)
        self._stack = QStackedWidget()
        for key, title, page_class in PAGES:
            page = page_class(ctx)
            self.pages[key] = page
            self._stack.addWidget(page)
            item = QListWidgetItem(self.tr(title))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self._nav.addItem(item)
        self._nav.currentRowChanged.connect(self._stack.setCurrentIndex)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._nav)
        layout.addWidget(self._stack, 1)
        self.setCentralWidget(central)
        style = RESOURCES / "style.qss"
        if style.exists():
            self.setStyleSheet(style.read_text(encoding="utf-8"))
        self._status = QLabel()
        self.statusBar().addPermanentWidget(self._status)
        self._add_shortcuts()
        ctx.show_page.connect(self.show_page)
        ctx.toast.connect(self.show_toast)
        self._restore_geometry()
        self._nav.setCurrentRow(0)

    def _add_shortcuts(self) -> None:
        for index in range(self._nav.count()):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _=False, i=index: self._nav.setCurrentRow(i))
            self.addAction(action)
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)

    def show_page(self, key: str, payload: dict[str, Any] | None = None) -> None:
        page = self.pages.get(key)
        if page is None:
            return
        for row in range(self._nav.count()):
            if self._nav.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self._nav.setCurrentRow(row)
        prefill = getattr(page, "prefill", None)
        if payload and callable(prefill):
            prefill(payload)

    def show_toast(self, text: str) -> None:
        self.statusBar().showMessage(text, 3000)

    def _restore_geometry(self) -> None:
        geometry = self.ctx.settings.ui.get("window_geometry")
        if isinstance(geometry, str):
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode()))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.ctx.settings.ui["window_geometry"] = bytes(self.saveGeometry().toBase64().data()).decode()
        self.ctx.settings.save()
        super().closeEvent(event)
        self.closing.emit()
