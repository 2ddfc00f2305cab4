"""Login for Xinference 3.0+ (on by default): first-run setup, session tokens kept fresh, API keys for Dify.

Tokens and keys live in ``SecretStore`` only, keyed by endpoint; the client gets a refresher so an expired
session token is renewed transparently (and, failing that, re-obtained with the password, if the user chose to
save it: off by default).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core.api.client import XinferenceClient
from app.core.api.types import TokenPair
from app.core.errors import ApiError, AuthForbidden, AuthRequired, InvalidInput, ManagerError
from app.core.secrets import SecretStore

log = logging.getLogger(__name__)

SETUP_TOKEN_RE = re.compile(r"Setup token:\s*(\S+)")


@dataclass(frozen=True)
class LoginState:
    """What the Server page shows about login on the current server."""

    auth_enabled: bool
    has_login_api: bool  # False on 1.x/2.x servers: no login endpoints at all
    needs_setup: bool
    logged_in: bool
    password_min_length: int = 8

    def describe(self) -> str:
        if not self.has_login_api:
            return "This server has no login (Xinference before 3.0)."
        if not self.auth_enabled:
            return "Login is off on this server."
        if self.needs_setup:
            return "First-run setup is due: create the admin account."
        return "Logged in." if self.logged_in else "Login required."


def find_setup_token(lines: list[str] | str) -> str | None:
    """The newest setup token in server log lines (Xinference prints it in a FIRST-RUN banner)."""
    text = lines if isinstance(lines, str) else "\n".join(lines)
    found = SETUP_TOKEN_RE.findall(text)
    return found[-1] if found else None


def setup_token_from_home(home: Path) -> str | None:
    log_file = home / "logs" / "xinference.log"
    try:
        return find_setup_token(log_file.read_text(errors="replace"))
    except OSError:
        return None


class AuthSession:
    """Login state for one endpoint, with its secrets in ``store``.

    It installs itself as the client's token refresher, so one session lives as long as its client: an expired
    access token is renewed in place (same client, same refresher) however often it expires. When nothing can
    renew it, the session forgets the dead token and calls ``on_lost`` so the window can say "Login required".
    """

    def __init__(
        self,
        client: XinferenceClient,
        store: SecretStore,
        username: str = "",
        on_lost: Callable[[], None] | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.username = username
        self.endpoint = client.endpoint
        self.on_lost = on_lost
        self._refreshing = asyncio.Lock()
        client.refresher = self.refresh

    def _key(self, what: str) -> str:
        return SecretStore.key(self.endpoint, what)

    @property
    def access_token(self) -> str | None:
        return self.store.get(self._key("access_token"))

    def remembers_password(self, username: str | None = None) -> bool:
        name = self.username if username is None else username
        return bool(name) and self.store.get(self._key(f"password:{name}")) is not None

    async def state(self) -> LoginState:
        info = await self.client.auth_info()
        setup = await self.client.setup_status() if info.auth else None
        logged_in = False
        if info.auth and not (setup and setup.needs_setup) and self.client.token:
            try:
                await self.client.list_models()
                logged_in = True
            except AuthRequired:
                logged_in = False
        return LoginState(
            auth_enabled=info.auth,
            has_login_api=info.has_login_api is not False,
            needs_setup=bool(setup and setup.needs_setup),
            logged_in=logged_in,
            password_min_length=setup.password_min_length if setup else 8,
        )

    async def first_run_setup(
        self, setup_token: str, username: str, password: str, min_length: int = 8, remember_password: bool = False
    ) -> None:
        """Create the admin account with the setup token from the server's log, then log in."""
        if not username.strip():
            raise InvalidInput("The admin name is empty", "Choose a name for the admin account.")
        if len(password) < min_length:
            raise InvalidInput(
                f"The password is shorter than {min_length} characters", "Xinference requires a longer password."
            )
        try:
            await self.client.setup_admin(setup_token.strip(), username.strip(), password)
        except ApiError as exc:
            raise ManagerError(
                f"Creating the admin account failed: {exc.detail}",
                "Check the setup token: it is the newest one printed in the server log.",
            ) from exc
        await self.login(username, password, remember_password=remember_password)

    async def login(self, username: str, password: str, remember_password: bool = False) -> None:
        """Log in and keep the session's tokens. The password is kept only when the user asked for it
        (``remember_password``); otherwise a password saved earlier for this name is forgotten."""
        username = username.strip()
        if not username:
            raise InvalidInput("The name is empty", "Enter the admin's name.")
        if not password:
            raise InvalidInput("The password is empty", "Enter the admin's password.")
        try:
            tokens = await self.client.login(username, password)
        except (AuthRequired, AuthForbidden) as exc:  # 401/403: the server refused these credentials
            raise AuthRequired("the name or password was not accepted") from exc
        except ApiError as exc:  # anything else is the server's trouble, not a wrong password: say what it said
            raise ManagerError(
                f"Logging in failed: the server answered {exc.status}: {exc.detail}",
                "The name and password were not judged; see the server's log, then try again.",
            ) from exc
        self._keep(tokens)
        self.username = username
        if remember_password:
            self.store.set(self._key(f"password:{username}"), password)
        else:
            self.store.delete(self._key(f"password:{username}"))
        log.info("logged in to %s as %s", self.endpoint, username)

    def _keep(self, tokens: TokenPair) -> None:
        self.client.token = tokens.access_token
        self.store.set(self._key("access_token"), tokens.access_token)
        if tokens.refresh_token:
            self.store.set(self._key("refresh_token"), tokens.refresh_token)

    async def refresh(self) -> str | None:
        """A fresh access token: from the refresh token, else by logging in again with a saved password.

        Concurrent callers (two pages whose calls expired together) share one renewal: the refresh token is
        single-use on the server (rotated), so a second renewal with the same one would be refused."""
        before = self.client.token
        async with self._refreshing:
            if self.client.token != before and self.client.token:
                return self.client.token  # renewed by the caller we waited for
            fresh = await self._renew()
            if fresh is None:
                self._lost()
            return fresh

    async def _renew(self) -> str | None:
        refresh_token = self.store.get(self._key("refresh_token"))
        if refresh_token:
            try:
                tokens = await self.client.refresh(refresh_token)
            except ManagerError:
                log.info("the refresh token was refused")
            else:
                self._keep(tokens)
                return tokens.access_token
        password = self.store.get(self._key(f"password:{self.username}")) if self.username else None
        if password:
            try:
                await self.login(self.username, password, remember_password=True)
                return self.client.token
            except ManagerError:
                log.info("the saved password was refused")
        return None

    def _lost(self) -> None:
        """Nothing renews the session: drop the dead tokens (a saved API key, if any, takes over)."""
        had_session = self.access_token is not None
        for what in ("access_token", "refresh_token"):
            self.store.delete(self._key(what))
        self.client.token = self.store.get(self._key("api_key"))
        if had_session:
            log.warning("the login session for %s ended; log in again", self.endpoint)
            if self.on_lost is not None:
                self.on_lost()

    def logout(self) -> None:
        for what in ("access_token", "refresh_token", f"password:{self.username}"):
            self.store.delete(self._key(what))
        self.client.token = self.store.get(self._key("api_key"))

    async def create_api_key(self, name: str) -> str:
        """Create an ``xf-...`` key (for Dify's "API key" field) and remember it for this endpoint."""
        if not name.strip():
            raise InvalidInput("The key needs a name", "For example: dify")
        try:
            key = await self.client.create_api_key(name.strip())
        except ApiError as exc:
            raise ManagerError(
                f"Creating the API key failed: {exc.detail}", "Names must be unique: choose another name."
            ) from exc
        self.store.set(self._key("api_key"), key)
        return key
