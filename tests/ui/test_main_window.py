"""The main window: every page present, Ctrl+N navigation, closing hands over to the app's shutdown."""

from typing import Any

from PySide6.QtCore import Qt

from app.core.settings import Settings
from app.ui.context import AppContext
from app.ui.main_window import MainWindow


def test_main_window_announces_closing(qtbot: Any, qloop: Any) -> None:
    """Closing the window hands over to the app's shutdown (stop or leave the server) instead of quitting Qt."""
    window = MainWindow(AppContext(Settings()))
    qtbot.addWidget(window)
    assert set(window.pages) == {"server", "catalog", "running", "dify", "cluster"}
    window.show()
    with qtbot.waitSignal(window.closing, timeout=2000):
        window.close()
    assert Settings.load().ui.get("window_geometry"), "the window's geometry is remembered"


def test_pages_switch_with_keyboard_and_requests(qtbot: Any, qloop: Any) -> None:
    window = MainWindow(AppContext(Settings()))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window._stack.currentWidget() is window.pages["running"]
    window.ctx.request_page("dify", {"server_url": "http://127.0.0.1:9997", "model_uid": "m-1", "model_type": "LLM"})
    assert window._stack.currentWidget() is window.pages["dify"]


def test_settings_menu_start_at_login_and_about(qtbot: Any, qloop: Any, monkeypatch: Any, tmp_path: Any) -> None:
    """Settings → Start at login writes (and removes) the OS's login entry; Help → About opens the About dialog."""
    from app.core import autostart

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    window = MainWindow(AppContext(Settings()))
    qtbot.addWidget(window)
    assert not window.autostart_action.isChecked()
    window.autostart_action.setChecked(True)
    assert autostart.is_enabled() and str(tmp_path) in str(autostart.entry_path())
    window.autostart_action.setChecked(False)
    assert not autostart.is_enabled()
    about = window.show_about()
    qtbot.addWidget(about)
    assert about.isVisible()
    about.close()
