"""The tray's menu: state at a glance, Start/Stop follow the Server page, copy endpoint, Copy UID per running model
(from a real server), Quit; closing the window hides it to the tray when that is on, and Quit always quits."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication

from app.core.models import RunningRow
from app.core.server import Engine, ServerState, ServerStatus
from app.core.settings import Settings
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.tray import AppTray
from tests.e2e.launch_fixtures import close_ctx, make_ctx
from tests.support.harness import RunningServer


@pytest.fixture
def window(qtbot: Any, qloop: Any) -> MainWindow:
    win = MainWindow(AppContext(Settings()))
    qtbot.addWidget(win)
    return win


def test_menu_follows_the_server_page(window: MainWindow) -> None:
    tray = AppTray(window)
    texts = [a.text() for a in tray.menu.actions()]
    assert texts[0] == "Server: stopped"
    assert {"Open Xinference Manager", "Start server", "Stop server", "Copy endpoint", "Quit"} <= set(texts)
    assert tray.start_action.isEnabled() == window.server_page.start_button.isEnabled()
    assert not tray.stop_action.isEnabled(), "nothing to stop while the server is stopped"
    assert not tray.copy_endpoint_action.isEnabled()


def test_tray_page_and_status_bar_follow_one_state(window: MainWindow) -> None:
    """The supervisor's transitions, as a real start and stop make them: after each, the tray's Start/Stop, the
    page's buttons and the status bar agree (the tray was one state behind: Start greyed after Stop, and Start
    rather than Stop offered while starting)."""
    tray = AppTray(window)
    page = window.server_page
    page.engine_panel._set_engine(Engine("configured", ("xinference-local",), None, "4.1.0"))
    supervisor = page.controller.supervisor

    def shown() -> tuple[bool, bool, bool, bool, str, str]:
        return (tray.start_action.isEnabled(), tray.stop_action.isEnabled(), page.start_button.isEnabled(),
                page.stop_button.isEnabled(), tray.status_action.text(), window._status.text())

    assert shown() == (True, False, True, False, "Server: stopped", "Server: stopped")
    supervisor._set_state(ServerState.STARTING)
    assert shown() == (False, True, False, True, "Server: starting…", "Server: starting…")
    supervisor.options = window.ctx.settings.profile.server
    supervisor._set_state(ServerState.RUNNING)
    running = f"Server: running at {window.ctx.endpoint}"
    assert shown() == (False, True, False, True, running, running)
    assert tray.copy_endpoint_action.isEnabled() and page.restart_button.isEnabled()
    supervisor._set_state(ServerState.STOPPING)
    assert shown() == (False, False, False, False, "Server: stopping…", "Server: stopping…")
    supervisor._set_state(ServerState.STOPPED)
    assert shown() == (True, False, True, False, "Server: stopped", "Server: stopped")
    # A server we connected to but did not start: Stop disconnects, there is nothing to restart.
    page._on_state(ServerState.RUNNING, None, "http://127.0.0.1:9")
    assert window.ctx.server_status == ServerStatus.connected_to("http://127.0.0.1:9", engine_found=True)
    assert shown()[:4] == (False, True, False, True) and not page.restart_button.isEnabled()
    assert page.connected_endpoint == "http://127.0.0.1:9"


def test_copy_uid_and_endpoint(window: MainWindow) -> None:
    tray = AppTray(window)
    tray.set_models([RunningRow(uid="qwen-chat", model_name="tiny", model_type="LLM")])
    (action,) = tray.models_menu.actions()
    assert action.text() == "Copy UID: qwen-chat (LLM)"
    action.trigger()
    assert QGuiApplication.clipboard().text() == "qwen-chat"
    tray.copy_endpoint()
    assert QGuiApplication.clipboard().text() == window.ctx.endpoint
    tray.set_models([])
    (empty,) = tray.models_menu.actions()
    assert not empty.isEnabled() and empty.text() == "No model is running"


def test_quit_from_the_tray_closes_even_when_hiding_to_tray(qtbot: Any, window: MainWindow) -> None:
    window.tray = AppTray(window)  # as install_tray does where the desktop has a tray
    window.show()
    window.close()  # hides to the tray (the default) and says so once
    assert not window.isVisible()
    assert window.ctx.settings.ui["hide_to_tray_explained"] is True
    with qtbot.waitSignal(window.closing, timeout=2000):
        window.tray.quit_action.trigger()


def test_hide_to_tray_off_means_close_quits(qtbot: Any, window: MainWindow) -> None:
    window.tray = AppTray(window)
    window.hide_to_tray_action.setChecked(False)
    assert Settings.load().ui["hide_to_tray"] is False, "the choice is remembered"
    window.show()
    with qtbot.waitSignal(window.closing, timeout=2000):
        window.close()


def test_running_models_come_from_the_server(qtbot: Any, qloop: Any, arun: Any, xinf_server: RunningServer) -> None:
    ctx = make_ctx(xinf_server.endpoint)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    tray = AppTray(win)
    try:
        # As when the Server page connects to a server it did not start.
        ctx.set_server_status(ServerStatus.connected_to(xinf_server.endpoint))
        assert tray.status_action.text() == f"Server: running at {xinf_server.endpoint}"
        arun(tray._load_models())
        texts = [a.text() for a in tray.models_menu.actions()]
        for uid in xinf_server.uids.values():
            assert any(uid in t for t in texts), (uid, texts)
    finally:
        close_ctx(ctx, qtbot)


def test_launch_outcomes_reach_the_tray(window: MainWindow, monkeypatch: Any) -> None:
    """A launch that finishes or fails is announced from the tray (the window may be hidden)."""
    shown: list[tuple[str, str, bool]] = []
    monkeypatch.setattr(AppTray, "notify", lambda self, title, text, error=False: shown.append((title, text, error)))
    AppTray(window)
    window.ctx.notification.emit("Launch failed", "tiny-chat: out of memory", True)
    assert shown == [("Launch failed", "tiny-chat: out of memory", True)]


def test_a_dead_model_is_said_in_the_status_bar_the_running_page_and_the_tray(
    window: MainWindow, monkeypatch: Any
) -> None:
    """The supervisor reports a model whose process died just after loading: the status bar no longer says
    "… is ready", and the Running page and the tray say what the Server page says, in the same words."""
    from app.core.server import ModelFailure

    shown: list[tuple[str, str, bool]] = []
    monkeypatch.setattr(AppTray, "notify", lambda self, title, text, error=False: shown.append((title, text, error)))
    AppTray(window)
    window.ctx.toast.emit("model-copy2 is ready")  # what the launch dialog said a moment before
    failure = ModelFailure("model-copy2-rep0", while_loading=False, pid=4242)
    window.server_page._on_model_failed(failure)  # as the supervisor calls it
    sentence = "Model model-copy2 (replica model-copy2-rep0) stopped unexpectedly: its process (pid 4242) ended."
    assert failure.describe().startswith(sentence)
    assert window.statusBar().currentMessage() == failure.describe()
    assert sentence in window.server_page.banner.text()
    running = window.pages["running"]
    assert sentence in running.banner.text() and failure.hint() in running.banner.text()  # type: ignore[attr-defined]
    assert shown == [("Model failed", failure.describe(), True)]
