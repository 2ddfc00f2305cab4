"""The application context handed to every page: settings, secrets, the server in use, its state, client and login.

Explicit instead of globals (git-cola's habit): a page gets ``ctx`` and asks it for what it needs. It is the one
owner of credentials: one client per endpoint with one login session (and its token refresher) for the life of
that client, secrets read once through the store's cache, and a replaced client closed at once. It is also the
one owner of the server's state (``server_status``): the Server page publishes it, the page's buttons, the tray and
the status bar read it, none of them each other's widgets.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.api import AuthSession, XinferenceClient, normalize_endpoint
from app.core.dify import known_location
from app.core.secrets import SecretStore
from app.core.server import ServerStatus
from app.core.settings import Settings
from app.core.tasks import background, log_error

log = logging.getLogger(__name__)


class AppContext(QObject):
    # The server to talk to changed (other endpoint, new credentials, started or stopped).
    server_changed = Signal()
    # Login, logout, a new API key, or a session that ended for good (nothing could renew it).
    credentials_changed = Signal()
    # A page asks to show another page, with a payload (e.g. "dify" with a running model's fields).
    show_page = Signal(str, dict)
    # A short confirmation for the status bar / toast.
    toast = Signal(str)
    # Something worth a desktop notification when the window may be hidden (title, text, is_error): the tray shows it.
    notification = Signal(str, str, bool)
    # The profile's answer to "where does Dify run?" changed ("" : the user does not use Dify).
    dify_location_changed = Signal(str)
    # The server's state changed (a ``ServerStatus``): started, stopped, connected, an engine found.
    server_status_changed = Signal(object)
    # Another process (the CLI) changed the settings file and they were read again.
    settings_changed = Signal()
    # A model's process died while the server runs on (a ``ModelFailure`` from the supervisor): every page that
    # shows that model (the launch dialog, the Running page, the status bar, the tray) says it in the same words.
    model_failed = Signal(object)

    def __init__(self, settings: Settings, secrets: SecretStore | None = None) -> None:
        super().__init__()
        self.settings = settings
        settings.changed_outside = self._settings_taken_in
        self._location_shown = settings.profile.dify_location
        self.secrets = secrets or SecretStore()
        self.server_status = ServerStatus()
        self._client: XinferenceClient | None = None
        self._session: AuthSession | None = None
        self._closing: set[asyncio.Task[None]] = set()
        self._unclosed: list[XinferenceClient] = []  # replaced while no loop ran: closed in aclose()
        # The model failures reported so far (newest last, with when): a page built later (the pages are built on
        # their first visit) still says them.
        self.model_failures: list[tuple[Any, float]] = []

    @property
    def endpoint(self) -> str:
        return self.settings.profile.server_url()

    @property
    def dify_location(self) -> str | None:
        """Where Dify runs for the current profile; None when not known (not asked, or no Dify)."""
        return known_location(self.settings.profile.dify_location)

    @property
    def server_ready(self) -> bool:
        """A server answers (started here, adopted, or connected to)."""
        return self.server_status.running

    def set_server_status(self, status: ServerStatus) -> None:
        """Publish the server's state: everything that shows it follows from here."""
        self.server_status = status
        self.server_status_changed.emit(status)
        self.server_changed.emit()

    def save_setting(self, name: str, value: object) -> None:
        """A window setting (a checkbox) changed: saved at once, merged into what is on disk now."""
        setattr(self.settings, name, value)
        self.settings.save()

    def reload_settings(self) -> None:
        """The settings file changed on disk (the CLI saved a set, a login, where Dify runs): take it in."""
        self.settings.reload()

    def _settings_taken_in(self) -> None:
        """A reload, or a save that merged, took in what another process wrote: the pages show it."""
        log.info("settings changed outside the window; the window follows")
        self.settings_changed.emit()
        location = self.settings.profile.dify_location
        if location != self._location_shown and location is not None:
            self._location_shown = location
            self.dify_location_changed.emit(location)

    def set_dify_location(self, location: str) -> None:
        """Remember the answer for the current profile ("" : no Dify) and tell the pages."""
        self.settings.profile.dify_location = location
        self._location_shown = location
        self.settings.save()
        self.dify_location_changed.emit(location)

    def _token_for(self, endpoint: str) -> str | None:
        """The credential a client sends: the admin session's token, else a saved API key (cached reads)."""
        return self.secrets.get(SecretStore.key(endpoint, "access_token")) or self.secrets.get(
            SecretStore.key(endpoint, "api_key")
        )

    def client(self) -> XinferenceClient:
        """The one client for the current endpoint; a new endpoint replaces it (and closes the old one)."""
        endpoint = normalize_endpoint(self.endpoint)
        if self._client is None or self._client.endpoint != endpoint:
            self._replace_client(endpoint)
        assert self._client is not None
        return self._client

    def session(self) -> AuthSession:
        """The login session of the current endpoint (it is the client's token refresher)."""
        self.client()
        assert self._session is not None
        self._session.username = self._session.username or self.settings.profile.username
        return self._session

    def _replace_client(self, endpoint: str) -> None:
        old = self._client
        self._client = XinferenceClient(endpoint, token=self._token_for(endpoint))
        self._session = AuthSession(
            self._client, self.secrets, username=self.settings.profile.username, on_lost=self._session_lost
        )
        if old is not None:
            self._close_soon(old)

    def _close_soon(self, client: XinferenceClient) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # no loop yet (a page built before the loop runs): close at quit
            self._unclosed.append(client)
            return
        task = background(client.aclose(), log_error("closing the client of a replaced endpoint"))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    def _session_lost(self) -> None:
        self.credentials_changed.emit()

    # -- credentials: every change goes through here, so the client and the pages follow at once ---------------

    async def login(self, username: str, password: str, remember_password: bool = False) -> None:
        session = self.session()
        await session.login(username, password, remember_password=remember_password)
        self._remember_username(session.username)

    async def first_run_setup(
        self, setup_token: str, username: str, password: str, min_length: int, remember_password: bool = False
    ) -> None:
        session = self.session()
        await session.first_run_setup(setup_token, username, password, min_length, remember_password)
        self._remember_username(session.username)

    def _remember_username(self, username: str) -> None:
        self.settings.profile.username = username
        self.settings.save()
        self.credentials_changed.emit()
        self.server_changed.emit()

    def logout(self) -> None:
        self.session().logout()
        self.credentials_changed.emit()
        self.server_changed.emit()

    def set_api_key(self, endpoint: str, key: str) -> None:
        """Save an API key for ``endpoint``; the client uses it unless an admin session is active."""
        endpoint = normalize_endpoint(endpoint)
        self.secrets.set(SecretStore.key(endpoint, "api_key"), key)
        if self._client is not None and self._client.endpoint == endpoint:
            self._client.token = self._token_for(endpoint)
        self.credentials_changed.emit()

    def reload_credentials(self) -> None:
        """Forget cached secrets and re-read them (another process, e.g. the CLI, may have logged in meanwhile).
        Called once per server start or adoption, not per request."""
        self.secrets.forget()
        if self._client is not None:
            token = self._token_for(self._client.endpoint)
            if token != self._client.token:
                self._client.token = token
                self.credentials_changed.emit()

    # -- pages ---------------------------------------------------------------------------------------------------

    def report_model_failure(self, failure: Any) -> None:
        """A ``ModelFailure`` from the supervisor: kept for pages built later, and told to every page now."""
        self.model_failures = [*self.model_failures[-19:], (failure, time.monotonic())]
        self.model_failed.emit(failure)

    def notify_server_changed(self) -> None:
        """What runs on the server changed (a model launched or died): pages that list it refresh."""
        self.server_changed.emit()

    def request_page(self, name: str, payload: dict[str, Any] | None = None) -> None:
        self.show_page.emit(name, payload or {})

    async def aclose(self) -> None:
        clients = [*self._unclosed, *([self._client] if self._client else [])]
        self._client = None
        self._session = None
        self._unclosed.clear()
        for client in clients:
            await client.aclose()
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)
