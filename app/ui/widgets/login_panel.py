"""Login on a 3.0+ server: first-run admin setup (token read from the server's log), log in, API key for Dify.

The panel holds no credentials of its own: logging in, out and creating keys go through the ``AppContext``, the
one owner of the client and its session, so every page follows at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.api import LoginState
from app.core.errors import ManagerError
from app.ui.async_slot import guarded_slot
from app.ui.context import AppContext
from app.ui.i18n import QT_TRANSLATE_NOOP

ERROR_STYLE = "color: #b00020"
# The core's words (SecretStore.describe, LoginState.describe) that the panel shows through self.tr(): listed here
# so that lupdate collects them; a sentence the core adds later shows in English until it is listed.
CORE_TEXTS = (
    QT_TRANSLATE_NOOP("LoginPanel", "stored in the system keyring"),
    QT_TRANSLATE_NOOP("LoginPanel", "stored in a file only you can read"),
    QT_TRANSLATE_NOOP("LoginPanel", "This server has no login (Xinference before 3.0)."),
    QT_TRANSLATE_NOOP("LoginPanel", "Login is off on this server."),
    QT_TRANSLATE_NOOP("LoginPanel", "First-run setup is due: create the admin account."),
    QT_TRANSLATE_NOOP("LoginPanel", "Logged in."),
    QT_TRANSLATE_NOOP("LoginPanel", "Login required."),
)


class LoginPanel(QGroupBox):
    logged_in = Signal()

    def __init__(self, ctx: AppContext, setup_token_source: Callable[[], str | None]) -> None:
        super().__init__(self.tr("Login"))
        self.ctx = ctx
        self._token_source = setup_token_source
        self.state: LoginState | None = None
        self.status = QLabel(self.tr("Not connected."))
        self.status.setWordWrap(True)
        self.error = QLabel()  # what went wrong with the last action, with its hint
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.setup_token = QLineEdit()
        self.setup_token.setEchoMode(QLineEdit.EchoMode.Password)
        self.setup_token.setPlaceholderText(self.tr("read from the server log"))
        self.username = QLineEdit(ctx.settings.profile.username or "admin")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self._submit)
        self.password_error = QLabel()  # beside the field: "enter the password" and the like
        self.password_error.setStyleSheet(ERROR_STYLE)
        self.password_error.setWordWrap(True)
        self.password_error.hide()
        self.password.textChanged.connect(self.password_error.hide)
        # Saving the password is the user's choice, off by default; the label says where it would go.
        self.remember = QCheckBox(self.tr("Remember password (%s)") % self.tr(ctx.secrets.describe()))
        self.remember.setToolTip(self.tr("Lets the app log in again by itself when the session expires."))
        self.remember.setChecked(ctx.settings.remember_password)
        self.submit = QPushButton(self.tr("Log in"))
        self.submit.clicked.connect(self._submit)
        self.key_name = QLineEdit("dify")
        self.key_name.setMinimumWidth(120)
        self.key_button = QPushButton(self.tr("Create API key for Dify"))
        self.key_button.clicked.connect(self._create_key)
        self.key_out = QLineEdit()
        self.key_out.setReadOnly(True)
        self.key_out.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_out.setMinimumWidth(220)
        self.key_out.setPlaceholderText(self.tr("the new key appears here"))
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
        form.addRow("", self.password_error)
        form.addRow("", self.remember)
        form.addRow("", self.submit)
        # Two rows, not one: side by side with three buttons the fields were squeezed to a few pixels.
        self.keys = QWidget()
        keys = QFormLayout(self.keys)
        keys.setContentsMargins(0, 0, 0, 0)
        name_row = QHBoxLayout()
        name_row.addWidget(self.key_name, 1)
        name_row.addWidget(self.key_button)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_out, 1)
        key_row.addWidget(self.copy_key)
        keys.addRow(self.tr("Key name"), name_row)
        keys.addRow(self.tr("API key"), key_row)
        keys.addRow("", self.logout_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.form)
        layout.addWidget(self.keys)
        ctx.server_changed.connect(self._server_changed)
        ctx.credentials_changed.connect(self._credentials_changed)
        self._show(None)

    def show_error(self, message: str, hint: str = "") -> None:
        """Where ``guarded_slot`` (and the panel's own actions) report a failure: inside the panel."""
        self.error.setText(f"{message}\n{hint}" if hint else message)
        self.error.show()

    def _clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

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

    def _server_changed(self) -> None:
        # A stopped (or switched) server: what was shown about the old one is no longer true.
        if not self.ctx.server_ready:
            self._clear_error()
            self.key_out.clear()
            self._show(None)

    def _credentials_changed(self) -> None:
        if self.ctx.server_ready:
            self._refresh_now()

    @guarded_slot()
    async def _refresh_now(self) -> None:
        await self.refresh()

    async def refresh(self) -> None:
        """Ask the server how login stands; fill in the setup token from the log when setup is due."""
        try:
            state = await self.ctx.session().state()
        except ManagerError as exc:
            self.status.setText(exc.one_line())
            return
        if state.needs_setup and not self.setup_token.text():
            self.setup_token.setText(self._token_source() or "")
        self._show(state)

    @guarded_slot()
    async def _submit(self) -> None:
        self._clear_error()
        password = self.password.text()
        if not password:
            self.password_error.setText(self.tr("Enter the password."))
            self.password_error.show()
            self.password.setFocus()
            return
        remember = self.remember.isChecked()
        if remember != self.ctx.settings.remember_password:
            self.ctx.settings.remember_password = remember
            self.ctx.settings.save()
        self.submit.setEnabled(False)
        try:
            if self.state and self.state.needs_setup:
                await self.ctx.first_run_setup(self.setup_token.text(), self.username.text(), password,
                                               self.state.password_min_length, remember_password=remember)
            else:
                await self.ctx.login(self.username.text(), password, remember_password=remember)
            self.password.clear()
            self.logged_in.emit()
        finally:
            self.submit.setEnabled(True)

    @guarded_slot()
    async def _create_key(self) -> None:
        self._clear_error()
        self.key_button.setEnabled(False)
        try:
            key = await self.ctx.session().create_api_key(self.key_name.text())
            self.key_out.setText(key)
            QGuiApplication.clipboard().setText(key)
            self.ctx.toast.emit(self.tr("API key created and copied"))
        finally:
            self.key_button.setEnabled(True)

    def _logout(self) -> None:
        self._clear_error()
        self.key_out.clear()
        self.ctx.logout()
