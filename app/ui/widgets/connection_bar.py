"""Choose the server the app works against: the local managed one, or a remote endpoint (URL + API key)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLineEdit, QPushButton, QRadioButton, QWidget

from app.core.api import normalize_endpoint
from app.core.settings import Profile, Settings
from app.ui.context import AppContext

REMOTE_PROFILE = "Remote server"


def remote_profile(settings: Settings) -> Profile:
    for p in settings.profiles:
        if p.kind == "remote":
            return p
    profile = Profile(name=REMOTE_PROFILE, kind="remote")
    settings.profiles.append(profile)
    return profile


def local_profile(settings: Settings) -> Profile:
    for p in settings.profiles:
        if p.kind == "local":
            return p
    profile = Profile()
    settings.profiles.insert(0, profile)
    return profile


class ConnectionBar(QWidget):
    mode_changed = Signal(bool)  # True: remote
    connect_requested = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.settings = settings = ctx.settings
        self.local = QRadioButton(self.tr("Local managed server"))
        self.remote = QRadioButton(self.tr("Remote endpoint"))
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.remote)
        remote = remote_profile(settings) if any(p.kind == "remote" for p in settings.profiles) else None
        self.url = QLineEdit(remote.endpoint if remote else "")
        self.url.setPlaceholderText("http://host:9997")
        self.url.setMinimumWidth(200)
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(self.tr("API key (if login is on)"))
        self.key.setMinimumWidth(160)
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.clicked.connect(self.connect_requested)
        self.url.returnPressed.connect(self.connect_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.local, self.remote):
            layout.addWidget(w)
        layout.addWidget(self.url, 2)
        layout.addWidget(self.key, 1)
        layout.addWidget(self.connect_button)
        (self.remote if settings.profile.kind == "remote" else self.local).setChecked(True)
        self.remote.toggled.connect(self._toggled)
        self._toggled(self.remote.isChecked())

    def is_remote(self) -> bool:
        return self.remote.isChecked()

    def _toggled(self, remote: bool) -> None:
        for w in (self.url, self.key, self.connect_button):
            w.setVisible(remote)
        profile = remote_profile(self.settings) if remote else local_profile(self.settings)
        self.settings.current = profile.name
        self.settings.save()
        self.mode_changed.emit(remote)

    def apply(self) -> str:
        """Save the remote URL (settings) and key (through the context: the client takes it at once); returns the
        endpoint."""
        url = normalize_endpoint(self.url.text())
        profile = remote_profile(self.settings)
        profile.endpoint = url
        self.settings.current = profile.name
        self.settings.save()
        if self.key.text():
            self.ctx.set_api_key(url, self.key.text())
            self.key.clear()
        return url
