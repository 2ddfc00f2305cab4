"""The AppContext owns the client: one per endpoint, replaced (and closed at once) when the endpoint changes, with
the session's refresher on it for its whole life, and credentials changes applied to it in place."""

from __future__ import annotations

from typing import Any

from app.core.secrets import SecretStore
from app.core.settings import Profile, Settings
from app.ui.context import AppContext


def _ctx(endpoint: str) -> AppContext:
    return AppContext(Settings(profiles=[Profile(name="t", kind="remote", endpoint=endpoint)], current="t"))


def test_one_client_per_endpoint_and_a_replaced_one_is_closed_at_once(qtbot: Any, qloop: Any, arun: Any) -> None:
    ctx = _ctx("http://127.0.0.1:1")
    first = ctx.client()
    assert ctx.client() is first and first.refresher is not None
    ctx.settings.profile.endpoint = "http://127.0.0.1:2"
    second = ctx.client()
    assert second is not first and second.refresher is not None
    qtbot.waitUntil(lambda: first._http.is_closed, timeout=5_000)  # not kept until quit
    assert not second._http.is_closed
    arun(ctx.aclose())
    assert second._http.is_closed


def test_credential_changes_reach_the_client_in_place(qtbot: Any, qloop: Any, arun: Any) -> None:
    ctx = _ctx("http://127.0.0.1:1")
    client = ctx.client()
    assert client.token is None
    changed: list[int] = []
    ctx.credentials_changed.connect(lambda: changed.append(1))
    ctx.set_api_key("127.0.0.1:1/", "xf-first-key-123456")
    assert ctx.client() is client and client.token == "xf-first-key-123456" and changed == [1]
    # A login from another process (the CLI) is picked up when asked, not by re-reading the keyring per call.
    SecretStore(use_keyring=False).set(SecretStore.key("http://127.0.0.1:1", "access_token"), "session-token")
    assert ctx.client().token == "xf-first-key-123456"
    ctx.reload_credentials()
    assert ctx.client() is client and client.token == "session-token"
    ctx.logout()  # the session ends: the saved API key takes over
    assert client.token == "xf-first-key-123456"
    arun(ctx.aclose())
