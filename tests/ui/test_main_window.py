"""The main window: every page present, Ctrl+N navigation, closing hands over to the app's shutdown."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from app.core.settings import Settings
from app.ui.context import AppContext
from app.ui.main_window import PAGE_KEYS, MainWindow


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


def test_pages_other_than_server_are_built_on_first_visit(qtbot: Any, qloop: Any) -> None:
    """Only the Server page exists before the first paint; another page is built (once) when first shown, in its
    own place in the sidebar's order, and quitting closes only the pages that were built."""
    window = MainWindow(AppContext(Settings()))
    qtbot.addWidget(window)
    window.show()
    # (The Cluster page is built soon after the first paint, on a timer of its own.)
    assert set(window.pages.built()) - {"cluster"} == {"server"}
    assert window._stack.currentWidget() is window.pages["server"]
    window._nav.setCurrentRow(1)
    catalog = window.pages.built()["catalog"]
    assert window._stack.currentWidget() is catalog and window._stack.indexOf(catalog) == 1
    window._nav.setCurrentRow(0)
    window._nav.setCurrentRow(1)
    assert window.pages["catalog"] is catalog, "built once"
    assert set(window.pages.built()) - {"cluster"} == {"server", "catalog"}
    assert window._stack.count() == len(PAGE_KEYS)


def test_first_paint_needs_neither_the_cli_nor_the_other_pages(tmp_path: Path) -> None:
    """The window's process, at its first paint, has not imported the command line, the pages not shown, or the
    model sets (each cost the cold start time: issue 15)."""
    from tests.bench.cold_start import CHILD

    child = CHILD.replace('print(f"[first-paint]', 'print("[modules]", *sorted(sys.modules), file=sys.stderr); '
                          'os._exit(0); print(f"[first-paint]')
    env = {**os.environ, "XINFERENCE_MANAGER_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", child, "app"], env=env, capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).resolve().parents[2])
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("[modules]"))
    loaded = set(line.split()[1:])
    assert "app.ui.pages.server" in loaded
    early = {"app.cli", "app.ui.pages.catalog", "app.ui.pages.running", "app.ui.pages.dify", "app.core.models"}
    assert not early & loaded


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


def test_quit_during_an_engine_install_asks_first(qtbot: Any, qloop: Any) -> None:
    """Quitting cancels an install under way (its partial venv is removed): the window asks, and keeps running
    unless told to quit."""
    import asyncio

    window = MainWindow(AppContext(Settings()))
    qtbot.addWidget(window)
    window.show()
    panel = window.server_page.engine_panel
    install = qloop.create_task(asyncio.sleep(120))  # stands in for pip's minutes of work
    panel._install_task = install
    closings: list[int] = []
    window.closing.connect(lambda: closings.append(1))
    window.quit_app()
    box = window.install_question
    assert box is not None and box.isVisible() and window.isVisible()
    assert "cancels the install" in box.text()
    window.keep_installing.click()
    qtbot.waitUntil(lambda: window.install_question is None, timeout=2000)
    assert closings == [] and window.isVisible() and not install.done()
    window.quit_app()
    assert window.install_question is not None
    window.quit_anyway.click()
    qtbot.waitUntil(lambda: closings == [1], timeout=2000)
    install.cancel()


def test_a_local_cluster_can_be_started_from_a_single_server_window(qtbot: Any, qloop: Any) -> None:
    """The Cluster page hides while the endpoint is one server; File → Local cluster on this machine… shows it, with
    its Start cluster button."""
    window = MainWindow(AppContext(Settings()))
    qtbot.addWidget(window)
    window.show()
    row = PAGE_KEYS.index("cluster")
    assert window._nav.item(row).isHidden()
    window.cluster_action.trigger()
    page = window.pages["cluster"]
    assert window._stack.currentWidget() is page and not window._nav.item(row).isHidden()
    assert page.start_button.isVisible() and page.start_button.isEnabled()
