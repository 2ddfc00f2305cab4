"""Login on a 3.0+ server: first-run admin setup (token read from the server's log), log in, API key for Dify."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.api import AuthSession, LoginState
from app.core.errors import ManagerError
from app.ui.async_slot import guarded_slot
from app.ui.context import AppContext


class LoginPanel(QGroupBox):
    logged_in = Signal()

    def __init__(self, ctx: AppContext, setup_token_source: Callable[[], str | None]) -> None:
        super().__init__(self.tr("Login"))
        self.ctx = ctx
        self._token_source = setup_token_source
        self.state: LoginState | None = None
        self.status = QLabel(self.tr("Not connected."))
        self.status.setWordWrap(True)
        self.setup_token = QLineEdit()
        self.setup_token.setEchoMode(QLineEdit.EchoMode.Password)
        self.setup_token.setPlaceholderText(self.tr("read from the server log"))
        self.username = QLineEdit(ctx.settings.profile.username or "admin")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self._submit)
        self.submit = QPushButton(self.tr("Log in"))
        self.submit.clicked.connect(self._submit)
        self.key_name = QLineEdit("dify")
        self.key_button = QPushButton(self.tr("Create API key for Dify"))
        self.key_button.clicked.connect(self._create_key)
        self.key_out = QLineEdit()
        self.key_out.setReadOnly(True)
        self.key_out.setEchoMode(QLineEdit.EchoMode.Password)
        self.copy_key = QPushButton(self.tr("Copy key"))
        self.copy_key.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.key_out.text()))
        self.logout_button = QPushButton(self.tr("Log out"))
        self.logout_button.clicked.connect(self._logout)

        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        self._token_row = QLabel(self.tr("Setup token"))
        form.addRow(self._token_row, self.setup_token)
        form.addRow(self.tr("Name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.submit)
        self.keys = QWidget()
        keys = QHBoxLayout(self.keys)
        keys.setContentsMargins(0, 0, 0, 0)
        keys.addWidget(self.key_name)
        keys.addWidget(self.key_button)
        keys.addWidget(self.key_out, 1)
        keys.addWidget(self.copy_key)
        keys.addWidget(self.logout_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.form)
        layout.addWidget(self.keys)
        self._show(None)

    def session(self) -> AuthSession:
        return AuthSession(self.ctx.client(), self.ctx.secrets, username=self.username.text().strip())

    def _show(self, state: LoginState | None) -> None:
        self.state = state
        self.status.setText(self.tr(state.describe()) if state else self.tr("Start or connect to a server first."))
        needs_form = bool(state and state.auth_enabled and not state.logged_in)
        self.form.setVisible(needs_form)
        setup = bool(state and state.needs_setup)
        self._token_row.setVisible(setup)
        self.setup_token.setVisible(setup)
        self.submit.setText(self.tr("Create admin and log in") if setup else self.tr("Log in"))
        self.keys.setVisible(bool(state and state.auth_enabled and state.logged_in))
        self.setVisible(state is None or state.auth_enabled or not state.has_login_api)

    async def refresh(self) -> None:
        """Ask the server how login stands; fill in the setup token from the log when setup is due."""
        try:
            state = await self.session().state()
        except ManagerError as exc:
            self.status.setText(exc.one_line())
            return
        if state.needs_setup and not self.setup_token.text():
            self.setup_token.setText(self._token_source() or "")
        self._show(state)

    @guarded_slot()
    async def _submit(self) -> None:
        self.submit.setEnabled(False)
        try:
            session = self.session()
            if self.state and self.state.needs_setup:
                await session.first_run_setup(
                    self.setup_token.text(), self.username.text(), self.password.text(),
                    self.state.password_min_length,
                )
            else:
                await session.login(self.username.text().strip(), self.password.text())
            self.password.clear()
            self.ctx.settings.profile.username = self.username.text().strip()
            self.ctx.settings.save()
            self.ctx.notify_server_changed()
            self.logged_in.emit()
            await self.refresh()
        except ManagerError as exc:
            self.status.setText(exc.one_line())
        finally:
            self.submit.setEnabled(True)

    @guarded_slot()
    async def _create_key(self) -> None:
        self.key_button.setEnabled(False)
        try:
            key = await self.session().create_api_key(self.key_name.text())
            self.key_out.setText(key)
            QGuiApplication.clipboard().setText(key)
            self.ctx.toast.emit(self.tr("API key created and copied"))
        except ManagerError as exc:
            self.status.setText(exc.one_line())
        finally:
            self.key_button.setEnabled(True)

    @guarded_slot()
    async def _logout(self) -> None:
        self.session().logout()
        self.ctx.notify_server_changed()
        await self.refresh()
