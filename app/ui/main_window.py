"""The main window: a sidebar of pages (Server, Catalog, Running, Dify test) over a stack."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import autostart
from app.core.server import ModelFailure
from app.core.settings import Settings
from app.resource_files import read_text
from app.ui import i18n
from app.ui.context import AppContext
from app.ui.dialogs.about_dialog import AboutDialog, app_icon
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.pages.server import ServerPage
from app.ui.settings_watch import SettingsWatcher
from app.ui.tray import AppTray, status_line
from app.ui.widgets.dify_location import DifyLocationDialog, DifyLocationPanel

log = logging.getLogger(__name__)


# The pages other than Server are imported and built on their first visit: before the first paint the window
# needs only the page it opens on (building all four, with their imports, doubled the time to the first paint).
def _catalog_page(ctx: AppContext) -> QWidget:
    from app.ui.pages.catalog import CatalogPage

    return CatalogPage(ctx)


def _running_page(ctx: AppContext) -> QWidget:
    from app.ui.pages.running import RunningPage

    return RunningPage(ctx)


def _dify_page(ctx: AppContext) -> QWidget:
    from app.ui.pages.dify import DifyPage

    return DifyPage(ctx)


def _cluster_page(ctx: AppContext) -> QWidget:
    from app.ui.pages.cluster import ClusterPage

    return ClusterPage(ctx)


CLUSTER_PAGE_DELAY_MS = 1500


# (key, title, page factory), in sidebar order; Ctrl+1.. follow this order. Titles are English sources, translated
# when the sidebar is built.
PAGES: tuple[tuple[str, str, Callable[[AppContext], QWidget]], ...] = (
    ("server", QT_TRANSLATE_NOOP("MainWindow", "Server"), ServerPage),
    ("catalog", QT_TRANSLATE_NOOP("MainWindow", "Catalog"), _catalog_page),
    ("running", QT_TRANSLATE_NOOP("MainWindow", "Running models"), _running_page),
    ("dify", QT_TRANSLATE_NOOP("MainWindow", "Dify connection test"), _dify_page),
    ("cluster", QT_TRANSLATE_NOOP("MainWindow", "Cluster"), _cluster_page),
)
PAGE_KEYS = tuple(key for key, _title, _factory in PAGES)


class LazyPages(Mapping[str, QWidget]):
    """The window's pages by key; a page is built when first asked for (``pages["dify"]``, ``pages.get``).

    Iterating names every page without building one; ``built()`` are those that exist (what quitting closes)."""

    def __init__(self, build: Callable[[str], QWidget]) -> None:
        self._build = build
        self._pages: dict[str, QWidget] = {}

    def __getitem__(self, key: str) -> QWidget:
        if key not in PAGE_KEYS:
            raise KeyError(key)
        if key not in self._pages:
            self._pages[key] = self._build(key)
        return self._pages[key]

    def __iter__(self) -> Iterator[str]:
        return iter(PAGE_KEYS)

    def __len__(self) -> int:
        return len(PAGE_KEYS)

    def built(self) -> dict[str, QWidget]:
        return dict(self._pages)


class MainWindow(QMainWindow):
    # Emitted when the window closes: the app then stops (or leaves) the server and closes clients before quitting.
    closing = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(self.tr("Xinference Manager"))
        self.setWindowIcon(app_icon())
        self.resize(1200, 780)
        self.tray: AppTray | None = None
        self._quitting = False
        self._install_given_up = False  # the user said to quit although an engine install runs
        self.install_question: QMessageBox | None = None
        self._nav = QListWidget()
        self._nav.setObjectName("nav")
        self._nav.setFixedWidth(190)
        self._stack = QStackedWidget()
        for key, title, _factory in PAGES:
            self._stack.addWidget(QWidget())  # a placeholder until the page's first visit
            item = QListWidgetItem(self.tr(title))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self._nav.addItem(item)
        self.pages = LazyPages(self._build_page)
        self.pages["server"]  # always built: it supervises the server, and the tray and Ctrl+R act through it
        self._nav.currentRowChanged.connect(self._show_row)
        # The Cluster page is offered once the endpoint is a cluster (or a local one runs): the page itself finds
        # out, polling in the background, so it is built soon after the first paint rather than on a first visit.
        self._nav.item(PAGE_KEYS.index("cluster")).setHidden(True)
        QTimer.singleShot(CLUSTER_PAGE_DELAY_MS, self, lambda: self.pages["cluster"])
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
        # Below the pages' own minimum (a 1366x768 laptop, a 900 px screen with a panel) the page scrolls: a
        # window manager squeezing the window under its minimum cut buttons and labels in half instead.
        scroll = QScrollArea()
        scroll.setObjectName("page-scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._stack)
        pages.addWidget(scroll, 1)
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
        ctx.server_status_changed.connect(self._show_server_status)
        self._show_server_status()
        # A set saved, a login or Dify's place chosen from the CLI while the window is open shows here too.
        self.settings_watcher = SettingsWatcher(Settings.path(), ctx.reload_settings, self)
        self._add_shortcuts()
        ctx.show_page.connect(self.show_page)
        ctx.toast.connect(self.show_toast)
        ctx.model_failed.connect(self._model_failed)
        self._restore_geometry()
        self._nav.setCurrentRow(0)

    def _build_page(self, key: str) -> QWidget:
        index = PAGE_KEYS.index(key)
        page = PAGES[index][2](self.ctx)
        placeholder = self._stack.widget(index)
        assert placeholder is not None
        current = self._stack.currentIndex()
        self._stack.insertWidget(index, page)
        self._stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self._stack.setCurrentIndex(current)
        availability = getattr(page, "availability_changed", None)
        if availability is not None:  # the Cluster page: offered only when the endpoint is a cluster
            item = self._nav.item(index)
            item.setHidden(not getattr(page, "available", False))
            availability.connect(lambda on, it=item: it.setHidden(not on))
        return page

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(PAGE_KEYS):
            self.pages[PAGE_KEYS[row]]  # built on its first visit
        self._stack.setCurrentIndex(row)

    def _add_shortcuts(self) -> None:
        for index in range(self._nav.count()):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _=False, i=index: self._nav.setCurrentRow(i))
            self.addAction(action)
        menu = self.menuBar().addMenu(self.tr("&File"))
        # The Cluster page is in the sidebar only once the endpoint is a cluster: this is the way to start one.
        self.cluster_action = menu.addAction(self.tr("Local cluster on this machine…"))
        self.cluster_action.triggered.connect(self.open_cluster_page)
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

    def open_cluster_page(self) -> None:
        """Show the Cluster page (and its sidebar entry) even while the endpoint is a single server: it starts a
        local supervisor and workers."""
        self.pages["cluster"]
        self._nav.item(PAGE_KEYS.index("cluster")).setHidden(False)
        self.show_page("cluster")

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

    def _show_server_status(self, _status: object = None) -> None:
        self._status.setText(status_line(self.ctx.server_status, self.ctx.endpoint))

    def show_toast(self, text: str) -> None:
        self.statusBar().showMessage(text, 3000)

    def _model_failed(self, failure: ModelFailure) -> None:
        # Longer than a toast, and in place of one: a "… is ready" just before must not outlive the model.
        self.statusBar().showMessage(failure.describe(), 20_000)

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
        if self._install_would_be_lost():
            event.ignore()
            return
        if self.tray is not None:
            self.tray.shutdown()
        self.ctx.settings.ui["window_geometry"] = bytes(self.saveGeometry().toBase64().data()).decode()
        self.ctx.settings.save()
        super().closeEvent(event)
        self.closing.emit()

    def _install_would_be_lost(self) -> bool:
        """Quitting cancels an engine install under way (its partial environment is removed): ask first. True
        while the question is open; the answer quits (cancelling the install) or keeps the app running."""
        panel = self.server_page.engine_panel
        if not panel.installing or self._install_given_up:
            return False
        if self.install_question is None:
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Engine install under way"),
                              self.tr("Xinference is being installed ({0}). Quitting cancels the install and removes "
                                      "what it has downloaded so far; the engine you had stays as it was.").format(
                                  panel.phase.text() or self.tr("starting")), parent=self)
            self.keep_installing = box.addButton(self.tr("Keep installing"), QMessageBox.ButtonRole.RejectRole)
            self.quit_anyway = box.addButton(self.tr("Quit and cancel the install"),
                                             QMessageBox.ButtonRole.DestructiveRole)
            box.setDefaultButton(self.keep_installing)
            # Not exec(): a nested loop inside qasync breaks; open() and react to the answer instead.
            box.finished.connect(lambda _r, b=box: self._install_answered(b))
            self.install_question = box
            box.open()
        return True

    def _install_answered(self, box: QMessageBox) -> None:
        self.install_question = None
        if box.clickedButton() is self.quit_anyway:
            self._install_given_up = True
            log.info("quit during an engine install: the install is cancelled and its partial environment removed")
            self.quit_app()
        else:
            self._quitting = False  # the app keeps running, the install goes on
