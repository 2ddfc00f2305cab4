"""The main window: a sidebar of pages (Server, Catalog, Running, Dify test) over a stack."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import autostart
from app.resource_files import read_text
from app.ui import i18n
from app.ui.context import AppContext
from app.ui.dialogs.about_dialog import AboutDialog, app_icon
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.pages.catalog import CatalogPage
from app.ui.pages.cluster import ClusterPage
from app.ui.pages.dify import DifyPage
from app.ui.pages.running import RunningPage
from app.ui.pages.server import ServerPage
from app.ui.tray import AppTray
from app.ui.widgets.dify_location import DifyLocationDialog, DifyLocationPanel

log = logging.getLogger(__name__)

# (key, title, page class), in sidebar order; Ctrl+1.. follow this order. Titles are English sources, translated
# when the sidebar is built.
PAGES: tuple[tuple[str, str, Callable[[AppContext], QWidget]], ...] = (
    ("server", QT_TRANSLATE_NOOP("MainWindow", "Server"), ServerPage),
    ("catalog", QT_TRANSLATE_NOOP("MainWindow", "Catalog"), CatalogPage),
    ("running", QT_TRANSLATE_NOOP("MainWindow", "Running models"), RunningPage),
    ("dify", QT_TRANSLATE_NOOP("MainWindow", "Dify connection test"), DifyPage),
    ("cluster", QT_TRANSLATE_NOOP("MainWindow", "Cluster"), ClusterPage),
)


class MainWindow(QMainWindow):
    # Emitted when the window closes: the app then stops (or leaves) the server and closes clients before quitting.
    closing = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(self.tr("Xinference Manager"))
        self.setWindowIcon(app_icon())
        self.resize(1200, 780)
        self.pages: dict[str, QWidget] = {}
        self.tray: AppTray | None = None
        self._quitting = False
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
            if isinstance(page, ClusterPage):  # offered only when the endpoint is a cluster
                item.setHidden(not page.available)
                page.availability_changed.connect(lambda on, it=item: it.setHidden(not on))
        self._nav.currentRowChanged.connect(self._stack.setCurrentIndex)
        # Asked first, once per profile: everything Dify-related follows from the answer.
        self.dify_location_panel = DifyLocationPanel()
        self.dify_location_panel.chosen.connect(self.ctx.set_dify_location)
        self.dify_location_panel.setVisible(ctx.settings.profile.dify_location is None)
        ctx.dify_location_changed.connect(lambda _l: self.dify_location_panel.hide())
        self.dify_location_dialog: DifyLocationDialog | None = None
        pages = QHBoxLayout()
        pages.setContentsMargins(0, 0, 0, 0)
        pages.setSpacing(0)
        pages.addWidget(self._nav)
        pages.addWidget(self._stack, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.dify_location_panel)
        layout.addLayout(pages, 1)
        self.setCentralWidget(central)
        self.setStyleSheet(read_text("style.qss"))  # shipped in the package: a missing file is a broken install
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
        menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = menu.addAction(self.tr("&Quit"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.quit_app)
        settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        self.hide_to_tray_action = settings_menu.addAction(self.tr("Keep running in the tray when the window closes"))
        self.hide_to_tray_action.setCheckable(True)
        self.hide_to_tray_action.setChecked(self.hide_to_tray_enabled())
        self.hide_to_tray_action.toggled.connect(self._set_hide_to_tray)
        self.dify_location_action = settings_menu.addAction(self.tr("Where Dify runs…"))
        self.dify_location_action.triggered.connect(self.ask_dify_location)
        self.language_menu = settings_menu.addMenu(self.tr("Language"))
        self._add_languages(self.language_menu)
        self.autostart_action = settings_menu.addAction(self.tr("Start Xinference Manager when I log in"))
        self.autostart_action.setCheckable(True)
        self.autostart_action.setChecked(autostart.is_enabled())  # the OS's own entry is the only record
        self.autostart_action.toggled.connect(self._set_autostart)
        self.help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = self.help_menu.addAction(self.tr("&About Xinference Manager"))
        about.triggered.connect(self.show_about)

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

    def bring_to_front(self, page: str = "") -> None:
        """Another start of the app handed over to this one (single instance): show the window, and its page."""
        self.showNormal()
        self.raise_()
        self.activateWindow()
        if page:
            self.show_page(page)

    def show_toast(self, text: str) -> None:
        self.statusBar().showMessage(text, 3000)

    def _restore_geometry(self) -> None:
        geometry = self.ctx.settings.ui.get("window_geometry")
        if isinstance(geometry, str):
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode()))

    @property
    def server_page(self) -> ServerPage:
        page = self.pages["server"]
        assert isinstance(page, ServerPage)
        return page

    # -- tray and quitting --------------------------------------------------------------------------------------

    def install_tray(self) -> AppTray | None:
        """The tray icon, where the desktop has a tray (none offscreen or on a bare X server)."""
        if not AppTray.available():
            self.hide_to_tray_action.setEnabled(False)
            self.hide_to_tray_action.setToolTip(self.tr("This desktop shows no tray icons."))
            return None
        self.tray = AppTray(self)
        self.tray.show()
        return self.tray

    def hide_to_tray_enabled(self) -> bool:
        return bool(self.ctx.settings.ui.get("hide_to_tray", True))

    def _add_languages(self, menu: QMenu) -> None:
        group = QActionGroup(self)
        current = self.ctx.settings.ui.get("language") or ""
        for code, name in [("", self.tr("Follow the system")), *i18n.LANGUAGES.items()]:
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == current)
            action.setData(code)
            group.addAction(action)
        group.triggered.connect(self._set_language)

    def _set_language(self, action: QAction) -> None:
        code = action.data() or ""
        self.ctx.settings.ui["language"] = code
        self.ctx.settings.save()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            i18n.install(app, code)  # menus built from now on, and the layout direction, change at once
        self.show_toast(self.tr("The language changes everywhere the next time the app starts."))

    def _set_autostart(self, on: bool) -> None:
        try:
            if on:
                autostart.enable()
            else:
                autostart.disable()
        except OSError as exc:
            self.show_toast(self.tr("Could not change the login item: %s") % exc)
            self.autostart_action.blockSignals(True)
            self.autostart_action.setChecked(autostart.is_enabled())
            self.autostart_action.blockSignals(False)

    def ask_dify_location(self) -> DifyLocationDialog:
        dialog = DifyLocationDialog(self.ctx.settings.profile.dify_location, parent=self)
        dialog.chosen.connect(self.ctx.set_dify_location)
        self.dify_location_dialog = dialog
        dialog.open()  # not exec(): a nested loop inside qasync breaks
        return dialog

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self.ctx, parent=self)
        dialog.open()
        return dialog

    def _set_hide_to_tray(self, on: bool) -> None:
        self.ctx.settings.ui["hide_to_tray"] = on
        self.ctx.settings.save()

    def quit_app(self) -> None:
        """Quit for real (File → Quit, Ctrl+Q, the tray's Quit): never just hide."""
        self._quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self._quitting and self.tray is not None and self.hide_to_tray_enabled():
            event.ignore()
            self.hide()
            if not self.ctx.settings.ui.get("hide_to_tray_explained"):
                # Said once: a window that vanishes while the server runs on would otherwise look like a crash.
                self.tray.notify(self.tr("Xinference Manager is still running"),
                                 self.tr("It keeps the server running in the tray. Quit from the tray's menu, or "
                                         "turn this off in Settings."))
                self.ctx.settings.ui["hide_to_tray_explained"] = True
                self.ctx.settings.save()
            return
        if self.tray is not None:
            self.tray.shutdown()
        self.ctx.settings.ui["window_geometry"] = bytes(self.saveGeometry().toBase64().data()).decode()
        self.ctx.settings.save()
        super().closeEvent(event)
        self.closing.emit()
