"""The system tray: the server's state at a glance, Start/Stop, Open, copy the endpoint, Copy UID per running model,
Quit, and notifications when the server crashes or a launch ends.

The tray's Start and Stop follow the server's state as the application context owns it (the same rule that enables
the page's buttons), not the page's widgets; pressing one goes through the page's checks and messages exactly
like a click in the window.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QColor, QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from app.core.errors import ManagerError
from app.core.server import ModelFailure, ServerState, ServerStatus
from app.ui.async_slot import spawn
from app.ui.pages.server import STATE_COLOURS  # the tray's dot matches the page's state colour

if TYPE_CHECKING:
    from app.core.models import RunningRow
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

def status_line(status: ServerStatus, endpoint: str) -> str:
    """The server's state in a few words, for the tray and the window's status bar (the tray's translations)."""
    translate = QCoreApplication.translate
    if status.running:
        return translate("AppTray", "Server: running at %s") % (status.endpoint or endpoint)
    return {
        ServerState.STARTING: translate("AppTray", "Server: starting…"),
        ServerState.STOPPING: translate("AppTray", "Server: stopping…"),
        ServerState.STOPPED: translate("AppTray", "Server: stopped"),
        ServerState.CRASHED: translate("AppTray", "Server: crashed"),
    }[status.state]


def status_icon(base: QIcon, colour: str, size: int = 64) -> QIcon:
    """The app icon with a coloured dot in its corner: the state readable at a glance in the tray."""
    pixmap = base.pixmap(size, size) if not base.isNull() else QPixmap(size, size)
    if base.isNull():
        pixmap.fill(QColor("#2c3e50"))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("white"))
    painter.setBrush(QColor(colour))
    dot = size // 2
    painter.drawEllipse(size - dot - 1, size - dot - 1, dot, dot)
    painter.end()
    return QIcon(pixmap)


class AppTray(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.server_page = window.server_page
        self.base_icon = window.windowIcon()
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu()
        self.status_action = self._action(self.tr("Server: stopped"))
        self.status_action.setEnabled(False)
        self.menu.addSeparator()
        self.open_action = self._action(self.tr("Open Xinference Manager"), self.show_window)
        self.start_action = self._action(self.tr("Start server"), self._start)
        self.stop_action = self._action(self.tr("Stop server"), self._stop)
        self.copy_endpoint_action = self._action(self.tr("Copy endpoint"), self.copy_endpoint)
        self.models_menu = self.menu.addMenu(self.tr("Running models"))
        self.menu.addSeparator()
        self.quit_action = self._action(self.tr("Quit"), window.quit_app)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.menu.aboutToShow.connect(self.refresh_models)
        self._models_task: asyncio.Task[None] | None = None
        self._last_state: ServerState | None = None
        self.ctx.server_status_changed.connect(self.update_state)
        self.ctx.notification.connect(self.notify)
        self.ctx.model_failed.connect(self._model_failed)
        self.update_state()

    def _action(self, text: str, slot: object = None) -> QAction:
        action = self.menu.addAction(text)
        if slot is not None:
            action.triggered.connect(slot)
        return action

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        self.icon.show()

    # -- state -------------------------------------------------------------------------------------------------

    def state(self) -> ServerState:
        return self.ctx.server_status.state

    def update_state(self, _status: object = None) -> None:
        status = self.ctx.server_status
        state = status.state
        label = status_line(status, self.ctx.endpoint)
        self.status_action.setText(label)
        self.icon.setToolTip(self.tr("Xinference Manager — %s") % label)
        self.icon.setIcon(status_icon(self.base_icon, STATE_COLOURS[state]))
        self.start_action.setEnabled(status.can_start)
        self.stop_action.setEnabled(status.can_stop)
        self.copy_endpoint_action.setEnabled(status.running)
        if state is ServerState.CRASHED and self._last_state is not ServerState.CRASHED:
            self.notify(self.tr("Xinference server crashed"), self.tr("Open the Server page to see why."), error=True)
        self._last_state = state

    def notify(self, title: str, text: str, error: bool = False) -> None:
        """A desktop notification, where the desktop has a tray to show it from."""
        if self.icon.isVisible():
            kind = QSystemTrayIcon.MessageIcon.Critical if error else QSystemTrayIcon.MessageIcon.Information
            self.icon.showMessage(title, text, kind, 8000)
        log.info("%s: %s", title, text)

    def _model_failed(self, failure: ModelFailure) -> None:
        self.notify(self.tr("Model failed"), failure.describe(), error=True)

    # -- actions -----------------------------------------------------------------------------------------------

    def show_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_window()

    def _start(self) -> None:
        self.server_page.start_button.click()  # the page's checks and messages; enabled by the same status

    def _stop(self) -> None:
        self.server_page.stop_button.click()

    def copy_endpoint(self) -> None:
        QGuiApplication.clipboard().setText(self.ctx.endpoint)
        self.ctx.toast.emit(self.tr("Endpoint copied"))

    def refresh_models(self) -> None:
        """Fill "Running models" when the menu opens; a request in flight is not started twice."""
        if self._models_task is None or self._models_task.done():
            self._models_task = spawn(self, self._load_models())

    async def _load_models(self) -> None:
        if self.state() is not ServerState.RUNNING:
            self.set_models(None, self.tr("The server is not running"))
            return
        try:
            from app.core.models import running_rows  # imported on use: not needed before the first paint

            rows = await running_rows(self.ctx.client())
        except ManagerError as exc:
            self.set_models(None, exc.message)
            return
        self.set_models(rows)

    def set_models(self, rows: list[RunningRow] | None, reason: str = "") -> None:
        self.models_menu.clear()
        if not rows:
            empty = self.models_menu.addAction(reason or self.tr("No model is running"))
            empty.setEnabled(False)
            return
        for row in rows:
            action = self.models_menu.addAction(self.tr("Copy UID: %s (%s)") % (row.uid, row.model_type))
            action.triggered.connect(lambda _=False, uid=row.uid: self.copy_uid(uid))

    def copy_uid(self, uid: str) -> None:
        QGuiApplication.clipboard().setText(uid)
        self.ctx.toast.emit(self.tr("UID %s copied") % uid)
        self.notify(self.tr("UID copied"), uid)

    def shutdown(self) -> None:
        if self._models_task is not None:
            self._models_task.cancel()
        self.icon.hide()

