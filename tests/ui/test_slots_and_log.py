"""Every async slot ends somewhere visible: its exception shows in the page, the log has it, redacted; core
warnings logged before the window exists reach the window's log view; choosing a file never nests an event loop."""

from __future__ import annotations

import ast
import importlib
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QLabel, QVBoxLayout, QWidget

from app.core.errors import ManagerError
from app.core.settings import Settings
from app.ui.async_slot import guarded_slot
from app.ui.context import AppContext
from app.ui.log_bridge import install_gui_log_handler
from app.ui.pages.server import ServerPage
from app.ui.widgets.engine_panel import EnginePanel

UI = Path(__file__).resolve().parents[2] / "app" / "ui"
SECRET = "xf-AbCdEf0123456789"


class Page(QWidget):
    """A page with a visible error line and a child whose slots fail (the child has no show_error of its own)."""

    def __init__(self) -> None:
        super().__init__()
        self.line = QLabel()
        self.child = Child()
        layout = QVBoxLayout(self)
        layout.addWidget(self.line)
        layout.addWidget(self.child)

    def show_error(self, message: str, hint: str = "") -> None:
        self.line.setText(f"{message} | {hint}")


class LogLines(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[tuple[str, str]] = []

    def record(self, level: str, text: str) -> None:
        self.lines.append((level, text))


class Child(QWidget):
    @guarded_slot()
    async def fail_unexpectedly(self) -> None:
        raise RuntimeError(f"broke while sending {SECRET}")

    @guarded_slot()
    async def fail_expectedly(self) -> None:
        raise ManagerError("The server said no", "Try again later.")


def test_a_failing_slot_shows_in_its_page_and_the_log_redacted(qtbot: Any, qloop: Any) -> None:
    page = Page()
    qtbot.addWidget(page)
    handler = install_gui_log_handler()
    log_view = LogLines()
    handler.attach(log_view.record)
    lines = log_view.lines
    try:
        page.child.fail_unexpectedly()
        qtbot.waitUntil(lambda: "Unexpected error" in page.line.text(), timeout=5_000)
        assert "RuntimeError" in page.line.text() and "Details are in the log." in page.line.text()
        qtbot.waitUntil(lambda: any(level == "ERROR" for level, _ in lines), timeout=5_000)
        logged = "\n".join(text for _, text in lines)
        assert "broke while sending" in logged and SECRET not in logged and "xf-<redacted>" in logged
        page.child.fail_expectedly()
        qtbot.waitUntil(lambda: page.line.text() == "The server said no | Try again later.", timeout=5_000)
        assert any(level == "WARNING" and "The server said no" in text for level, text in lines)
    finally:
        handler.emitter.record.disconnect(log_view.record)


def _classes_with_async_slots() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in UI.rglob("*.py"):
        module = ".".join(path.relative_to(UI.parents[1]).with_suffix("").parts)
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(d, ast.Call) and getattr(d.func, "id", "") == "guarded_slot"
                for item in node.body if isinstance(item, ast.AsyncFunctionDef) for d in item.decorator_list
            ):
                found.setdefault(module, []).append(node.name)
    return found


def test_every_widget_with_async_slots_has_a_visible_show_error() -> None:
    found = _classes_with_async_slots()
    assert sum(len(v) for v in found.values()) >= 10, found  # the scan sees the pages, dialogs and widgets
    missing = [f"{module}.{name}" for module, names in found.items() for name in names
               if not callable(getattr(getattr(importlib.import_module(module), name), "show_error", None))]
    assert missing == []


def test_core_warnings_before_the_window_reach_its_log_view(qtbot: Any, qloop: Any) -> None:
    install_gui_log_handler()  # as the app does first thing, before the settings load
    Settings.path().parent.mkdir(parents=True, exist_ok=True)
    Settings.path().write_text('{"profiles": [{"server": {"port": "not-a-port"}}], "current": 3, "oops": }')
    settings = Settings.load()  # damaged: kept aside, defaults used, a warning logged (no window yet)
    logging.getLogger("app.core.secrets").warning("token leaked? Bearer %s", "eyJhbGciOi.eyJzdWIi.c2ln")
    page = ServerPage(AppContext(settings))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: "settings file could not be read" in page.log_view.model.text(), timeout=5_000)
    text = page.log_view.model.text()
    assert "WARNING" in text and "eyJhbGciOi" not in text and "Bearer <redacted>" in text
    logging.getLogger("app.core.settings").warning("a warning after the window exists")
    qtbot.waitUntil(lambda: "a warning after the window exists" in page.log_view.model.text(), timeout=5_000)


def test_choosing_an_engine_file_does_not_nest_an_event_loop(
    qtbot: Any, qloop: Any, engine_venv: Path
) -> None:
    ctx = AppContext(Settings())
    panel = EnginePanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    panel.choose_button.click()  # returns at once: the dialog is open()ed, not exec()ed
    dialog = panel.chooser
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    ticks: list[int] = []
    qloop.call_soon(lambda: ticks.append(1))
    qtbot.waitUntil(lambda: ticks == [1], timeout=5_000)  # the asyncio loop runs while the dialog is open
    exe = engine_venv / "bin" / "xinference-local"
    dialog.fileSelected.emit(str(exe))  # what the dialog sends when the user picks the file
    dialog.close()
    qtbot.waitUntil(lambda: panel.engine is not None, timeout=60_000)
    assert panel.engine is not None and panel.engine.version == "4.1.0"
    assert ctx.settings.profile.server.engine_path == str(exe)


def test_a_slot_that_outlives_its_widget_is_not_an_error(qtbot: Any, qloop: Any, caplog: Any) -> None:
    """A request still in flight when its page closes ends in Qt's "already deleted": not a failure to show."""
    import logging

    from PySide6.QtWidgets import QWidget

    from app.ui.async_slot import guarded_slot

    class Page(QWidget):
        shown: list[str] = []

        def show_error(self, message: str, hint: str = "") -> None:
            self.shown.append(message)

        @guarded_slot()
        async def refresh(self) -> None:
            raise RuntimeError("libshiboken: Internal C++ object (PySide6.QtWidgets.QLabel) already deleted.")

        @guarded_slot()
        async def broken(self) -> None:
            raise RuntimeError("a real bug")

    page = Page()
    qtbot.addWidget(page)
    with caplog.at_level(logging.DEBUG, logger="app.ui.async_slot"):
        task = page.refresh()
        qtbot.waitUntil(task.done, timeout=5000)
        assert page.shown == [] and not [r for r in caplog.records if r.levelno >= logging.WARNING]
        task = page.broken()
        qtbot.waitUntil(task.done, timeout=5000)
    assert page.shown and "a real bug" in page.shown[0]



APP = UI.parent
# Tasks awaited where they are made (a race in asyncio.wait, the install the panel awaits): the awaiter gets
# their exception.
AWAITED_HERE = {"core/models/set_apply.py", "ui/widgets/engine_panel.py"}


def test_no_background_task_can_lose_its_exception() -> None:
    """A bare create_task/ensure_future whose task nobody awaits swallows its exception: every background
    coroutine goes through ``app.core.tasks.background`` (the window's ``spawn``), which reports it."""
    bare = []
    for path in APP.rglob("*.py"):
        rel = path.relative_to(APP).as_posix()
        if rel == "core/tasks.py" or rel in AWAITED_HERE:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
                    "create_task", "ensure_future"):
                bare.append(f"{rel}:{node.lineno}")
    assert bare == []


def test_a_background_task_that_fails_shows_in_its_page(qtbot: Any, qloop: Any) -> None:
    """Terminate runs after the confirmation box closes, outside any slot: an unexpected failure still shows."""
    from PySide6.QtWidgets import QMessageBox

    from app.ui.pages.running import RunningPage

    ctx = AppContext(Settings())
    page = RunningPage(ctx)
    qtbot.addWidget(page)

    async def broken_terminate(uid: str) -> None:
        raise KeyError(f"no such replica {uid}")

    ctx.client().terminate = broken_terminate  # type: ignore[method-assign]
    page._terminate_answered(QMessageBox.StandardButton.Yes, "my-model")
    qtbot.waitUntil(lambda: "Unexpected error" in page.banner.text(), timeout=5_000)
    assert "KeyError" in page.banner.text() and "my-model" in page.banner.text()
    assert page.terminate_button.isEnabled()
