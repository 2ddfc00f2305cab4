"""One owner for the window's settings: a checkbox is saved when it changes and read from there; the window never
overwrites what the CLI saved while it was open, and it notices such a change."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from app.core.models import LaunchRequest, ModelSet, export_set
from app.core.settings import Settings
from app.ui.context import AppContext
from app.ui.dialogs.model_sets import ModelSetsDialog
from app.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def test_checkboxes_are_saved_when_they_change_and_read_from_the_settings(qtbot: Any, qloop: Any) -> None:
    Settings().save()
    window = MainWindow(AppContext(Settings.load()))
    qtbot.addWidget(window)
    page = window.server_page
    page.auto_restart.setChecked(True)  # ticked while a server runs: no Start needed for it to count
    assert Settings.load().auto_restart is True
    assert page.controller._auto_restart() == (True, 3), "the crash handler reads what the box says"
    page.stop_on_quit.setChecked(False)
    assert Settings.load().stop_server_on_quit is False, "the next quit leaves the server running"
    # Changed from outside (another tool): the box follows the file.
    other = Settings.load()
    other.auto_restart = False
    other.save()
    qtbot.waitUntil(lambda: not page.auto_restart.isChecked(), timeout=5000)
    assert Settings.load().auto_restart is False


def test_a_set_saved_with_the_cli_survives_the_window(qtbot: Any, qloop: Any, tmp_path: Path) -> None:
    """The window is open (read its settings at start); ``sets import`` runs in another process; the window
    notices the new set, and quitting (which saves the window's geometry) keeps it."""
    settings = Settings()
    settings.profile.dify_location = ""
    settings.save()
    ctx = AppContext(Settings.load())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    dialog = ModelSetsDialog(ctx, window)
    dialog.open()
    chat = LaunchRequest("tiny-chat", "LLM", "Transformers", model_uid="chat-1")
    set_file = export_set(ModelSet("from the CLI", (chat,)), tmp_path / "chat.json")
    cli = subprocess.run([sys.executable, "-m", "app", "sets", "import", str(set_file)], cwd=ROOT,
                         env=dict(os.environ), capture_output=True, text=True, timeout=120)
    assert cli.returncode == 0, cli.stderr
    qtbot.waitUntil(lambda: any(s["name"] == "from the CLI" for s in ctx.settings.profile.model_sets),
                    timeout=5000)
    assert [dialog.sets.item(i).text() for i in range(dialog.sets.count())] == ["from the CLI"], \
        "the open Model sets dialog shows it"
    changed_location = Settings.load()
    changed_location.profile.dify_location = "docker-linux"
    with qtbot.waitSignal(ctx.dify_location_changed, timeout=5000) as signal:
        changed_location.save()
    assert signal.args == ["docker-linux"]
    window.quit_app()
    on_disk = Settings.load()
    assert [s["name"] for s in on_disk.profile.model_sets] == ["from the CLI"]
    assert on_disk.profile.dify_location == "docker-linux"
    assert "window_geometry" in on_disk.ui, "the window's own change is written too"
