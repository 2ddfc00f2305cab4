"""About: versions and paths, the real server's version, and "Copy diagnostics" without any secret."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.core.secrets import SecretStore
from app.core.server import ServerStatus
from app.core.settings import Profile, Settings
from app.ui.context import AppContext
from app.ui.dialogs.about_dialog import AboutDialog
from tests.support.harness import RunningServer


def _remote(endpoint: str) -> Settings:
    return Settings(profiles=[Profile(name="test", kind="remote", endpoint=endpoint)], current="test")


def test_about_shows_versions_and_paths(qtbot: Any, qloop: Any) -> None:
    ctx = AppContext(_remote("http://127.0.0.1:9"))  # nothing listens on the discard port
    dialog = AboutDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    for label in ("Xinference Manager", "Python", "Qt", "Operating system", "Settings", "Server logs",
                  "Xinference home", "Engine"):
        assert dialog.values[label].text(), label
    assert "PySide6" in dialog.values["Qt"].text()
    assert dialog.values["Settings"].text() == str(Settings.path())
    assert "unknown" in dialog.values["Xinference server"].text()


def test_copy_diagnostics_holds_no_secret(qtbot: Any, qloop: Any, monkeypatch: pytest.MonkeyPatch,
                                          xinf_auth_server: RunningServer) -> None:
    """A login-enabled real server: the admin session sits in the SecretStore (the version is read with it) and an
    API key is in the environment; neither reaches the copied text, nor does a password typed into the URL."""
    assert xinf_auth_server.admin_token and xinf_auth_server.api_key
    monkeypatch.setenv("XINFERENCE_API_KEY", xinf_auth_server.api_key)
    store = SecretStore()
    store.set(SecretStore.key(xinf_auth_server.endpoint, "access_token"), xinf_auth_server.admin_token)
    store.set(SecretStore.key(xinf_auth_server.endpoint, "password"), "hunter2-secret-pw")
    ctx = AppContext(_remote(xinf_auth_server.endpoint), secrets=store)
    ctx.set_server_status(ServerStatus.connected_to(xinf_auth_server.endpoint))
    dialog = AboutDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.server_version is not None, timeout=15_000)
    assert dialog.values["Xinference server"].text() == dialog.server_version
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert f"Xinference server: {dialog.server_version}" in copied
    assert f"Server endpoint: {xinf_auth_server.endpoint}" in copied
    for secret in (xinf_auth_server.admin_token, xinf_auth_server.api_key, "hunter2-secret-pw"):
        assert secret not in copied
    # The same server typed with a user:password in the URL: the report shows the address only.
    with_password = xinf_auth_server.endpoint.replace("http://", "http://admin:hunter2-secret-pw@")
    other = AboutDialog(AppContext(_remote(with_password), secrets=store))
    qtbot.addWidget(other)
    text = other.diagnostics().as_text()
    assert "hunter2-secret-pw" not in text and f"Server endpoint: {xinf_auth_server.endpoint}" in text

