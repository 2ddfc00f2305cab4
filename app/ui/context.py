"""The application context handed to every page: settings, secrets, the server in use, and its client.

Explicit instead of globals (git-cola's habit): a page gets ``ctx`` and asks it for what it needs.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.api import XinferenceClient
from app.core.secrets import SecretStore
from app.core.settings import Settings


class AppContext(QObject):
    # The server to talk to changed (other endpoint, new credentials, started or stopped).
    server_changed = Signal()
    # A page asks to show another page, with a payload (e.g. "dify" with a running model's fields).
    show_page = Signal(str, dict)
    # A short confirmation for the status bar / toast.
    toast = Signal(str)

    def __init__(self, settings: Settings, secrets: SecretStore | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.secrets = secrets or SecretStore()
        self.server_ready = False
        self._client: XinferenceClient | None = None
        self._client_key: tuple[str, str | None] | None = None
        self._retired: list[XinferenceClient] = []

    @property
    def endpoint(self) -> str:
        return self.settings.profile.server_url()

    def token(self) -> str | None:
        ep = self.endpoint.rstrip("/")
        return self.secrets.get(SecretStore.key(ep, "access_token")) or self.secrets.get(
            SecretStore.key(ep, "api_key")
        )

    def client(self) -> XinferenceClient:
        """The shared client for the current endpoint and credentials (rebuilt when either changes)."""
        key = (self.endpoint, self.token())
        if self._client is None or self._client_key != key:
            if self._client is not None:
                self._retired.append(self._client)
            self._client = XinferenceClient(key[0], token=key[1])
            self._client_key = key
        return self._client

    def notify_server_changed(self, ready: bool | None = None) -> None:
        if ready is not None:
            self.server_ready = ready
        self.server_changed.emit()

    def request_page(self, name: str, payload: dict[str, Any] | None = None) -> None:
        self.show_page.emit(name, payload or {})

    async def aclose(self) -> None:
        for client in [*self._retired, *([self._client] if self._client else [])]:
            await client.aclose()
        self._retired.clear()
        self._client = None
