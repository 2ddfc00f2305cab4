"""The Server page's "Dify reaches this server at URL" line (with Copy), shown while a server runs.

The URL follows the profile's answer to "where does Dify run?" (``app.core.dify.server_url_for_dify``, the same
function as every "Copy Dify settings"); working it out reads this machine's interfaces, so it runs in a thread."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.core.dify import PLACE, bind_reaches, is_loopback, server_url_for_dify
from app.ui.async_slot import guarded_slot
from app.ui.context import AppContext
from app.ui.i18n import QT_TRANSLATE_NOOP

# The core's PLACE words (where Dify's requests come from), shown translated here and in the restart offer: listed
# so that lupdate collects them; a place the core adds later shows in English until it is listed.
PLACE_NAMES = (
    QT_TRANSLATE_NOOP("DifyReachRow", "this machine"),
    QT_TRANSLATE_NOOP("DifyReachRow", "Dify's plugin daemon container (Docker Desktop)"),
    QT_TRANSLATE_NOOP("DifyReachRow", "Dify's plugin daemon container (Docker on Linux)"),
    QT_TRANSLATE_NOOP("DifyReachRow", "the machine where Dify runs"),
)


def place_name(location: str) -> str:
    """``PLACE[location]`` in the UI's language."""
    return QCoreApplication.translate("DifyReachRow", PLACE[location])


def _own_address(host: str) -> str | None:
    """A server bound to one address of this machine (not loopback, not every address) is reached there."""
    return host if host and not is_loopback(host) and host not in ("0.0.0.0", "::") else None


class DifyReachRow(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.url = ""
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.clicked.connect(self.copy)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.copy_button)
        self._shown: tuple[str, str] | None = None
        self.hide()

    def show_for(self, endpoint: str | None, bound_host: str | None = None) -> None:
        """The server runs at ``endpoint`` (bound to ``bound_host`` when this app started it); None: no server."""
        if not endpoint:
            self._shown = None
            self.url = ""
            self.hide()
            return
        self._shown = (endpoint, bound_host or "")
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # built outside the app's loop (a bare page in a test): nothing to work it out on
            return
        self.refresh()

    @guarded_slot()
    async def refresh(self) -> None:
        if self._shown is None:
            return
        endpoint, bound = self._shown
        location = self.ctx.dify_location
        url = await asyncio.to_thread(server_url_for_dify, endpoint, location, _own_address(bound))
        if self._shown != (endpoint, bound):  # the server changed meanwhile
            return
        self.url = url
        text = self.tr("Dify reaches this server at <b>{0}</b>").format(url)
        if location is None:
            text += self.tr(" (from this machine; choose where Dify runs in Settings → Where Dify runs…)")
        elif bound and not bind_reaches(location, bound):
            text += self.tr(" once the server listens on the network: from {0} it cannot reach {1}.").format(
                place_name(location), bound)
        self.label.setText(text)
        self.show()

    def show_error(self, message: str, hint: str = "") -> None:
        self.label.setText(f"{message} ({hint})" if hint else message)

    def copy(self) -> None:
        if self.url:
            QGuiApplication.clipboard().setText(self.url)
            self.ctx.toast.emit(self.tr("Copied {0}").format(self.url))
