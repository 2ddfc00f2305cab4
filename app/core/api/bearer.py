"""``Authorization: Bearer`` as an ``httpx.Auth`` flow: the 401 → renew → retry dance in one place.

Every client of the app that talks to a server (``XinferenceClient``, the controller's probe, the supervisor's
readiness poll) is built by ``http_client`` and may share one ``BearerAuth``: the one that holds the session's
token and the login session's refresher (``AuthSession.refresh``), so an expired session is renewed the same way
whichever client met the 401.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Generator

import httpx

from app.core.tls import context_for

# Called when a request answers 401 while a token was sent; returns a fresh token or None.
TokenRefresher = Callable[[], Awaitable[str | None]]


class BearerAuth(httpx.Auth):
    """Sends ``token`` (a session token or an API key); on a 401 to a request that carried it, renews it once
    through ``refresher`` and sends the request again."""

    def __init__(self, token: str | None = None, refresher: TokenRefresher | None = None) -> None:
        self.token = token
        self.refresher = refresher

    def _sign(self, request: httpx.Request, token: str | None) -> None:
        if token:
            request.headers["Authorization"] = f"Bearer {token}"

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        # The app's clients are async; a sync client still sends the token, it cannot await a renewal.
        self._sign(request, self.token)
        yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        sent = self.token
        self._sign(request, sent)
        response = yield request
        if response.status_code != 401 or not sent or self.refresher is None:
            return
        # Another request may have renewed the token while this one was on its way: use that one.
        fresh = self.token if self.token != sent else await self.refresher()
        if not fresh:
            return
        self.token = fresh
        self._sign(request, fresh)
        yield request


def http_client(*, base_url: str = "", timeout: float, auth: httpx.Auth | None = None,
                transport: httpx.AsyncBaseTransport | None = None, url: str = "") -> httpx.AsyncClient:
    """An HTTP client for an Xinference server, built one way everywhere: no proxies from the environment (a
    server of this machine must not go through the user's proxy), ``auth`` for the requests that need login, and
    the shared TLS context for where its requests go (``url``, else ``base_url``): building one per client cost
    100-400 ms of the GUI thread (app/core/tls.py)."""
    return httpx.AsyncClient(base_url=base_url, timeout=timeout, auth=auth, transport=transport, trust_env=False,
                             verify=context_for(url or base_url))
