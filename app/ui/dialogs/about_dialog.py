"""AboutDialog: the app, Xinference, Python, Qt and OS versions, where settings, logs and the engine live, and
"Copy diagnostics" for a bug report (no secret in it: see ``app.core.diagnostics``).

The main window opens it with ``AboutDialog(ctx, parent=self).open()`` (non-modal to the event loop: never
``exec()`` inside a slot).
"""

from __future__ import annotations

import asyncio

import PySide6
from PySide6.QtCore import Qt, QTimer, qVersion
from PySide6.QtGui import QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.diagnostics import Diagnostics, collect
from app.core.errors import ManagerError
from app.resource_files import icon_png, read_bytes
from app.ui.async_slot import guarded_slot
from app.ui.context import AppContext
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.widgets.sizing import keep_wrapped_text_whole

# The row labels of ``Diagnostics.rows()`` (English, and English in the copied text for bug reports), translated on
# screen; product names ("Xinference Manager", "Python", "Qt") and labels added later show as they are.
ROW_LABELS = {
    "Xinference server": QT_TRANSLATE_NOOP("AboutDialog", "Xinference server"),
    "Server endpoint": QT_TRANSLATE_NOOP("AboutDialog", "Server endpoint"),
    "Operating system": QT_TRANSLATE_NOOP("AboutDialog", "Operating system"),
    "Machine": QT_TRANSLATE_NOOP("AboutDialog", "Machine"),
    "Settings": QT_TRANSLATE_NOOP("AboutDialog", "Settings"),
    "Server logs": QT_TRANSLATE_NOOP("AboutDialog", "Server logs"),
    "Xinference home": QT_TRANSLATE_NOOP("AboutDialog", "Xinference home"),
    "Engine": QT_TRANSLATE_NOOP("AboutDialog", "Engine"),
}

VERSION_TIMEOUT = 3.0  # seconds: the dialog asks the server once; a server that does not answer is "unknown"


def app_icon() -> QIcon:
    """The app icon at every shipped size (Qt picks the right one for title bars, docks and task bars)."""
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        pixmap = QPixmap()
        if pixmap.loadFromData(read_bytes(icon_png(size)), "PNG"):
            icon.addPixmap(pixmap)
    return icon


def qt_description() -> str:
    return f"Qt {qVersion()}, PySide6 {PySide6.__version__}"


class AboutDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.server_version: str | None = None
        self.setWindowTitle(self.tr("About Xinference Manager"))
        keep_wrapped_text_whole(self)
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(64, 64))
        title = QLabel(self.tr("<b>Xinference Manager</b><br>Run local AI models with Xinference and plug them "
                               "into Dify."))
        title.setWordWrap(True)
        header = QHBoxLayout()
        header.addWidget(logo)
        header.addWidget(title, 1)
        self.form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        self.copy_button = QPushButton(self.tr("Copy diagnostics"))
        self.copy_button.setToolTip(self.tr("Versions and paths for a bug report; no password, token or API key"))
        self.copy_button.clicked.connect(self.copy_diagnostics)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._show_rows()
        # Ask the server for its version once the dialog is up (an await cannot run in a constructor).
        QTimer.singleShot(0, self.refresh_server_version)

    def diagnostics(self) -> Diagnostics:
        return collect(self.ctx.settings, server_version=self.server_version, qt=qt_description())

    def _show_rows(self) -> None:
        for label, value in self.diagnostics().rows():
            shown = self.values.get(label)
            if shown is None:
                shown = QLabel()
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                shown.setWordWrap(True)
                self.values[label] = shown
                self.form.addRow(self.tr(ROW_LABELS[label]) if label in ROW_LABELS else label, shown)
            shown.setText(value)

    @guarded_slot()
    async def refresh_server_version(self) -> None:
        if not getattr(self.ctx, "server_ready", True):
            return
        try:
            found = await asyncio.wait_for(self.ctx.client().version(), VERSION_TIMEOUT)
        except (ManagerError, TimeoutError):
            return  # not running or not reachable: the row already says "unknown"
        self.server_version = found.version
        self._show_rows()

    def copy_diagnostics(self) -> None:
        QGuiApplication.clipboard().setText(self.diagnostics().as_text())
        self.copy_button.setText(self.tr("Copied"))
        # The button as context: the timer dies with the dialog instead of touching a deleted button.
        QTimer.singleShot(2000, self.copy_button, lambda: self.copy_button.setText(self.tr("Copy diagnostics")))

    def show_error(self, message: str, hint: str = "") -> None:
        self.error.setText(f"{message} {hint}".strip())
        self.error.show()
