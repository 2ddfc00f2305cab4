"""The Model sets dialog and restore-on-start against a real server: save the running model as a set (name
suggested), export, a malformed import (one line, nothing changed), edit a UID, apply (launched under the saved
UID, then "already running"), and the Server page's restorer bringing the set back when the server is running."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx

from app.core.models import get_set, list_sets
from app.ui.dialogs.model_sets import ModelSetsDialog
from app.ui.pages.running import RunningPage
from app.ui.set_restore import SetRestorer
from tests.e2e.launch_fixtures import close_ctx, make_ctx, wait_gone
from tests.support.harness import RunningServer

LAUNCH_MS = 120_000


def running_uids(endpoint: str) -> set[str]:
    return {m["id"] for m in httpx.get(f"{endpoint}/v1/models", timeout=30).json()["data"]}


def terminate(endpoint: str, uid: str) -> None:
    httpx.delete(f"{endpoint}/v1/models/{uid}", timeout=60)
    assert wait_gone(uid)


def test_sets_dialog_save_edit_apply_import_and_restore(qtbot: Any, qloop: Any, launch_server: RunningServer,
                                                        tmp_path: Path) -> None:
    endpoint = launch_server.endpoint
    r = httpx.post(f"{endpoint}/v1/models", json={"model_name": "tiny-embed", "model_type": "embedding",
                                                 "model_engine": "sentence_transformers", "model_uid": "ms-embed"},
                   timeout=180)
    assert r.status_code == 200, r.text
    ctx = make_ctx(endpoint)
    page = RunningPage(ctx)
    qtbot.addWidget(page)
    page.sets_button.click()
    dialog = next(d for d in page.dialogs if isinstance(d, ModelSetsDialog))
    try:
        dialog.ask_save()
        assert dialog.input is not None and dialog.input.textValue() == "my-models"
        dialog.input.accept()
        qtbot.waitUntil(lambda: dialog.sets.count() == 1, timeout=30_000)
        saved = get_set(ctx.settings.profile, "my-models")
        assert saved.uids == ("ms-embed",) and saved.models[0].model_engine == "sentence_transformers"

        target = tmp_path / "set.json"
        dialog.export_to(saved, str(target))
        assert json.loads(target.read_text())["models"][0]["model_uid"] == "ms-embed"
        bad = tmp_path / "bad.json"
        bad.write_text('{"format": "xinference-manager model set", "version": 1, "name": "x", "models": [{}]}')
        before = list(ctx.settings.profile.model_sets)
        assert not dialog.import_from(str(bad))
        assert "bad.json" in dialog.message.text() and ctx.settings.profile.model_sets == before

        # Edit: the model comes back under another UID.
        dialog.models.setCurrentRow(0)
        dialog.uid_edit.setText("ms-embed-2")
        dialog.uid_button.click()
        assert get_set(ctx.settings.profile, "my-models").uids == ("ms-embed-2",)
        dialog.uid_edit.setText("a/b")
        dialog.uid_button.click()
        assert "'/'" in dialog.message.text() and get_set(ctx.settings.profile, "my-models").uids == ("ms-embed-2",)

        terminate(endpoint, "ms-embed")
        dialog.apply_button.click()
        qtbot.waitUntil(lambda: not dialog.applying and "ms-embed-2: launched" in dialog.progress.text(),
                        timeout=LAUNCH_MS)
        assert "ms-embed-2" in running_uids(endpoint)
        dialog.apply_button.click()
        qtbot.waitUntil(lambda: "ms-embed-2: already running" in dialog.progress.text(), timeout=30_000)
        qtbot.waitUntil(lambda: not dialog.applying, timeout=30_000)

        # Restore on start: chosen in the dialog, applied by the restorer when the server is (again) running.
        dialog.restore.setCurrentIndex(dialog.restore.findData("my-models"))
        assert ctx.settings.profile.restore_set == "my-models"
        terminate(endpoint, "ms-embed-2")
        lines: list[str] = []
        failures: list[str] = []
        restorer = SetRestorer(ctx, lines.append, lambda m, h: failures.append(m))
        restorer.server_running(True)
        qtbot.waitUntil(lambda: restorer.task is not None and restorer.task.done(), timeout=LAUNCH_MS)
        assert failures == [] and any("ms-embed-2: launched" in line for line in lines), lines
        restorer.server_running(True)  # still running: no second restore
        assert restorer.task.done()

        dialog.delete_button.click()
        assert list_sets(ctx.settings.profile) == [] and ctx.settings.profile.restore_set == ""
    finally:
        for uid in ("ms-embed", "ms-embed-2"):
            if uid in running_uids(endpoint):
                terminate(endpoint, uid)
        dialog.close()
        closing = asyncio.ensure_future(page.aclose())
        qtbot.waitUntil(closing.done, timeout=10_000)
        close_ctx(ctx, qtbot)
