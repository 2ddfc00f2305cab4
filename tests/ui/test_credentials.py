"""Credentials have one owner (the AppContext), against a real login server: an expired session is renewed in
place however often it expires, a session nothing can renew says "Login required" instead of "Logged in", the
password is saved only when the user asks, and the Server page's status polling neither piles up nor reads the
secret store per tick.

These tests send expired tokens on purpose, which Xinference counts towards banning 127.0.0.1 (10 in 5 minutes by
default): the session's login server (``xinf_auth_server``) runs with that limit raised, so they share it.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from app.core.errors import AuthRequired
from app.core.secrets import SecretStore
from app.core.server import ServerStatus
from app.core.settings import Profile, Settings
from app.ui.context import AppContext
from app.ui.widgets.login_panel import LoginPanel
from app.ui.widgets.server_status import ServerStatusBox
from tests.support.harness import ADMIN_PASSWORD, ADMIN_USER, RunningServer


@pytest.fixture
def login_server(xinf_auth_server: RunningServer) -> RunningServer:
    return xinf_auth_server


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def expired_copy(server: RunningServer, token: str) -> str:
    """The same session token, expired a minute ago, signed with the server's own key: what the server sees
    when 30 minutes have passed (without waiting them)."""
    secret = (server.home / "auth" / "jwt_secret_key").read_text().strip()
    header, payload, _sig = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["exp"] = int(time.time()) - 60
    body = f"{header}.{_b64(json.dumps(claims).encode())}"
    sig = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()
    return f"{body}.{_b64(sig)}"


def expire_session(server: RunningServer, ctx: AppContext) -> str:
    """Let the current session token expire where the app keeps it (the client in use and the secret store)."""
    key = SecretStore.key(server.endpoint, "access_token")
    stale = expired_copy(server, ctx.secrets.get(key) or "")
    ctx.secrets.set(key, stale)
    ctx.client().token = stale
    return stale


@pytest.fixture
def ctx(qtbot: Any, qloop: Any, arun: Any, login_server: RunningServer) -> Iterator[AppContext]:
    settings = Settings(profiles=[Profile(name="t", kind="remote", endpoint=login_server.endpoint)], current="t")
    ctx = AppContext(settings)
    ctx.set_server_status(ServerStatus.connected_to(login_server.endpoint))
    yield ctx
    arun(ctx.aclose())


def login_panel(qtbot: Any, ctx: AppContext) -> LoginPanel:
    panel = LoginPanel(ctx, lambda: None)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def log_in(qtbot: Any, arun: Any, panel: LoginPanel, remember: bool = False) -> None:
    arun(panel.refresh())
    assert panel.state is not None and panel.state.auth_enabled and not panel.state.logged_in
    panel.username.setText(ADMIN_USER)
    panel.password.setText(ADMIN_PASSWORD)
    panel.remember.setChecked(remember)
    panel.submit.click()
    qtbot.waitUntil(lambda: panel.state is not None and panel.state.logged_in, timeout=20_000)


async def both_pages_poll(ctx: AppContext) -> list[Any]:
    return list(await asyncio.gather(ctx.client().list_models(), ctx.client().list_models()))


def test_expired_session_is_renewed_in_place_every_time(
    qtbot: Any, arun: Any, ctx: AppContext, login_server: RunningServer
) -> None:
    panel = login_panel(qtbot, ctx)
    log_in(qtbot, arun, panel)
    client = ctx.client()
    for round_ in range(3):  # the bug: the first renewal built a client without a refresher; the second failed
        stale = expire_session(login_server, ctx)
        # Two pages polling at once: one renewal serves both (the server's refresh token is single-use).
        models = arun(both_pages_poll(ctx))
        # The shared login server runs the test models: both pages see the same list (the call was let through).
        assert isinstance(models[0], list) and models[0] == models[1], f"round {round_}"
        assert ctx.client() is client and client.refresher is not None
        assert client.token != stale
        assert ctx.secrets.get(SecretStore.key(login_server.endpoint, "access_token")) == client.token
    arun(panel.refresh())
    assert panel.state is not None and panel.state.logged_in and panel.status.text() == "Logged in."


def test_session_nothing_can_renew_says_login_required(
    qtbot: Any, arun: Any, ctx: AppContext, login_server: RunningServer
) -> None:
    panel = login_panel(qtbot, ctx)
    log_in(qtbot, arun, panel)
    assert not panel.form.isVisible()
    # The server forgets the refresh token (as after 7 days, or a password reset elsewhere), then the token expires.
    refresh_token = ctx.secrets.get(SecretStore.key(login_server.endpoint, "refresh_token"))
    httpx.post(f"{login_server.endpoint}/v1/auth/logout", json={"refresh_token": refresh_token}, timeout=30)
    expire_session(login_server, ctx)
    with pytest.raises(AuthRequired):
        arun(ctx.client().list_models())
    qtbot.waitUntil(lambda: panel.status.text() == "Login required.", timeout=10_000)
    assert panel.form.isVisible() and not panel.keys.isVisible()
    assert ctx.secrets.get(SecretStore.key(login_server.endpoint, "access_token")) is None
    log_in(qtbot, arun, panel)  # and logging in again works on the same client
    assert isinstance(arun(ctx.client().list_models()), list)


def test_password_is_saved_only_when_asked(qtbot: Any, arun: Any, ctx: AppContext, login_server: RunningServer) -> None:
    panel = login_panel(qtbot, ctx)
    password_key = SecretStore.key(login_server.endpoint, f"password:{ADMIN_USER}")
    assert not panel.remember.isChecked(), "off by default"
    # No keyring in the tests: the checkbox says where the password would go.
    assert panel.remember.text() == "Remember password (stored in a file only you can read)"
    log_in(qtbot, arun, panel)
    assert ctx.secrets.get(password_key) is None
    ctx.logout()
    qtbot.waitUntil(lambda: panel.form.isVisible(), timeout=10_000)
    log_in(qtbot, arun, panel, remember=True)
    assert ctx.secrets.get(password_key) == ADMIN_PASSWORD
    assert ctx.settings.remember_password and Settings.load().remember_password
    assert ADMIN_PASSWORD not in Settings.path().read_text()
    # With the password saved, even a session whose refresh token is gone renews itself.
    refresh_token = ctx.secrets.get(SecretStore.key(login_server.endpoint, "refresh_token"))
    httpx.post(f"{login_server.endpoint}/v1/auth/logout", json={"refresh_token": refresh_token}, timeout=30)
    expire_session(login_server, ctx)
    assert isinstance(arun(ctx.client().list_models()), list)
    # Unticking it forgets the saved password at the next login.
    ctx.logout()
    qtbot.waitUntil(lambda: panel.form.isVisible(), timeout=10_000)
    log_in(qtbot, arun, panel, remember=False)
    assert ctx.secrets.get(password_key) is None


def test_empty_password_and_stopped_server_are_said(
    qtbot: Any, arun: Any, ctx: AppContext, login_server: RunningServer
) -> None:
    panel = login_panel(qtbot, ctx)
    arun(panel.refresh())
    panel.password.clear()
    panel.submit.click()
    qtbot.waitUntil(lambda: panel.password_error.isVisible(), timeout=5_000)
    assert panel.password_error.text() == "Enter the password."
    assert not (panel.state and panel.state.logged_in)
    panel.password.setText("x")
    assert not panel.password_error.isVisible(), "typing clears the message"
    log_in(qtbot, arun, panel)
    panel.resize(420, 400)
    qtbot.waitUntil(lambda: panel.key_out.width() >= 200, timeout=5_000)
    assert panel.key_name.width() >= 100
    ctx.set_server_status(ServerStatus())  # the server stopped
    assert panel.status.text() == "Start or connect to a server first."
    assert not panel.keys.isVisible() and not panel.form.isVisible()


def test_status_polling_one_at_a_time_version_once_no_secret_reads(
    qtbot: Any, arun: Any, ctx: AppContext, login_server: RunningServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = login_panel(qtbot, ctx)
    log_in(qtbot, arun, panel)
    client = ctx.client()
    in_flight, most, versions = 0, 0, 0
    real_status, real_version = client.status, client.version

    async def slow_status() -> Any:  # a busy server: each answer takes longer than the poll interval
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        try:
            await asyncio.sleep(0.3)
            return await real_status()
        finally:
            in_flight -= 1

    async def counted_version() -> Any:
        nonlocal versions
        versions += 1
        return await real_version()

    monkeypatch.setattr(client, "status", slow_status)
    monkeypatch.setattr(client, "version", counted_version)
    box = ServerStatusBox(ctx, panel)
    qtbot.addWidget(box)
    box.timer.setInterval(50)
    box.start(login_server.endpoint)  # reads the secrets once (the CLI may have logged in meanwhile)
    qtbot.waitUntil(lambda: box.version_label.text() == "4.1.0", timeout=10_000)
    reads = ctx.secrets.reads
    qtbot.wait(1500)
    box.start(login_server.endpoint)  # the page reports "running" again for the same server: nothing restarts
    qtbot.wait(300)
    box.stop()
    qtbot.waitUntil(lambda: not box.polling, timeout=5_000)
    assert most == 1, "a tick while a poll is in flight is skipped"
    assert 2 <= box.polls <= 8, box.polls
    assert versions == 1, "the version is asked once per server start"
    assert ctx.secrets.reads == reads, "no secret-store reads per tick"
    assert "RAM" not in box.resources_label.text() and box.uptime_label.text() == "—"


def test_every_client_renews_the_session_the_same_way(
    qtbot: Any, arun: Any, ctx: AppContext, login_server: RunningServer
) -> None:
    """House item of issue 14: the 401 → renew → retry dance is one ``httpx.Auth`` flow that every client takes.
    A client other than the context's (the controller's probe) renews the expired session in place and asks
    again, instead of reporting the version as unknown."""
    from app.core.server import probe_xinference

    panel = login_panel(qtbot, ctx)
    log_in(qtbot, arun, panel)
    client = ctx.client()
    stale = expire_session(login_server, ctx)
    version = arun(probe_xinference(login_server.endpoint, auth=client.auth))
    assert version is not None and version.version == "4.1.0"
    assert client.token != stale
    assert ctx.secrets.get(SecretStore.key(login_server.endpoint, "access_token")) == client.token
    assert isinstance(arun(client.list_models()), list)  # the context's client goes on with the renewed token
