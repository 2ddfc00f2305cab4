""""Where does Dify run?" is asked first, once per profile, and its answer sets the Server page's bind and login;
Settings → "Where Dify runs…" changes it. The banner's close button is a real button."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.core.settings import Profile, Settings
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.pages.server import ServerPage
from app.ui.widgets.banner import Banner


def _window(qtbot: Any, settings: Settings) -> MainWindow:
    window = MainWindow(AppContext(settings))
    qtbot.addWidget(window)
    window.show()
    return window


def test_asked_first_once_and_remembered_per_profile(qtbot: Any, qloop: Any) -> None:
    settings = Settings(profiles=[Profile(name="home"),
                                  Profile(name="lab", kind="remote", endpoint="http://127.0.0.1:9")], current="home")
    settings.save()
    window = _window(qtbot, settings)
    panel = window.dify_location_panel
    assert panel.isVisible(), "asked on the first run, above every page"
    server = window.pages["server"]
    assert isinstance(server, ServerPage)
    assert server.host.currentText() == "127.0.0.1"
    qtbot.mouseClick(panel.buttons["docker-linux"], Qt.MouseButton.LeftButton)
    assert not panel.isVisible()
    # The answer decides the bind and login of the server this app starts, and is saved with the profile.
    assert server.host.currentText() == "0.0.0.0" and server.auth.isChecked()
    assert "0.0.0.0" in server.banner.text()
    assert window.pages["dify"].location.currentData() == "docker-linux"  # type: ignore[attr-defined]
    saved = Settings.load()
    assert saved.profile.dify_location == "docker-linux"
    assert (saved.profile.server.host, saved.profile.server.auth_enabled) == ("0.0.0.0", True)
    window.close()

    again = _window(qtbot, Settings.load())
    assert not again.dify_location_panel.isVisible(), "asked once"
    assert again.pages["dify"].location.currentData() == "docker-linux"  # type: ignore[attr-defined]
    again.close()

    other = Settings.load()
    other.current = "lab"
    lab = _window(qtbot, other)
    assert lab.dify_location_panel.isVisible(), "another profile has its own answer"
    qtbot.mouseClick(lab.dify_location_panel.skip, Qt.MouseButton.LeftButton)  # "I don't use Dify"
    assert not lab.dify_location_panel.isVisible()
    lab.close()
    reloaded = Settings.load()
    assert {p.name: p.dify_location for p in reloaded.profiles} == {"home": "docker-linux", "lab": ""}


def test_settings_menu_changes_the_answer(qtbot: Any, qloop: Any) -> None:
    settings = Settings()
    settings.profile.dify_location = "docker-linux"
    settings.profile.server.host = "0.0.0.0"
    window = _window(qtbot, settings)
    assert not window.dify_location_panel.isVisible()
    assert window.dify_location_action.text() == "Where Dify runs…"
    window.dify_location_action.trigger()
    dialog = window.dify_location_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.panel.buttons["docker-linux"].isChecked()
    qtbot.mouseClick(dialog.panel.buttons["docker-desktop"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert Settings.load().profile.dify_location == "docker-desktop"
    assert window.pages["dify"].location.currentData() == "docker-desktop"  # type: ignore[attr-defined]
    # Docker Desktop reaches a server on 0.0.0.0 as well as on 127.0.0.1: a working bind is left alone.
    assert window.server_page.host.currentText() == "0.0.0.0"
    window.close()


def test_banner_close_button_is_visible(qtbot: Any) -> None:
    """It was a 3-pixel speck: the window's stylesheet padded a 28 px push button by 12 px a side, and its "✕" was
    a glyph many fonts lack. Measured in a window with the app's stylesheet, as the pages show it."""
    from PySide6.QtWidgets import QMainWindow

    from app.resource_files import read_text

    window = QMainWindow()
    qtbot.addWidget(window)
    banner = Banner()
    window.setCentralWidget(banner)
    window.setStyleSheet(read_text("style.qss"))
    banner.show_error("Something failed", "a hint")
    window.resize(500, 120)
    window.show()
    qtbot.waitUntil(banner.close_button.isVisible, timeout=2000)
    button = banner.close_button
    assert button.width() >= 24 and button.height() >= 20
    image = button.grab().toImage()
    background = QColor(image.pixel(1, 1))
    inked = [(x, y) for x in range(image.width()) for y in range(image.height())
             if abs(QColor(image.pixel(x, y)).lightness() - background.lightness()) > 60]
    xs, ys = {x for x, _ in inked}, {y for _, y in inked}
    assert xs and max(xs) - min(xs) >= 8 and max(ys) - min(ys) >= 8, f"the close mark is {len(xs)}x{len(ys)} px"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()


def test_dify_page_tests_from_the_profiles_location(qtbot: Any, qloop: Any) -> None:
    """The check's vantage point and the form's URL follow the answer; a URL of another server is left alone."""
    from app.ui.pages.dify import DifyPage

    settings = Settings()
    settings.profile.server.port = 9997
    ctx = AppContext(settings)
    page = DifyPage(ctx)
    qtbot.addWidget(page)
    assert page.server_url.text() == ""
    ctx.set_dify_location("docker-desktop")
    assert page.location.currentData() == "docker-desktop"
    assert page.server_url.text() == "http://host.docker.internal:9997"
    page.server_url.setText("http://127.0.0.1:9997")  # this server, as this app sees it: rewritten for Dify
    page.host_address.setText("192.0.2.9")
    ctx.set_dify_location("docker-linux")
    assert page.server_url.text() == "http://192.0.2.9:9997"
    page.server_url.setText("http://gpu-box.lan:9997")  # another server: the user's to change
    ctx.set_dify_location("remote")
    assert page.location.currentData() == "remote" and page.server_url.text() == "http://gpu-box.lan:9997"
    again = DifyPage(ctx)  # a page built later starts from the profile's answer
    qtbot.addWidget(again)
    assert again.location.currentData() == "remote"
