"""The Launch dialog against a real server: a bad UID never leaves the dialog, a builtin spec fails offline with
plain words (and the dialog stays usable), Cancel stops a launch that is loading."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6

from app.core.models.launch import registered_family
from app.ui.dialogs.launch_dialog import LaunchDialog
from tests.e2e.launch_fixtures import close_ctx, make_ctx, wait_gone
from tests.support.harness import RunningServer


@pytest.fixture
def ctx(qtbot: Any, qloop: Any, launch_server: RunningServer) -> Iterator[Any]:
    ctx = make_ctx(launch_server.endpoint)
    yield ctx
    close_ctx(ctx, qtbot)
    gc.collect()


def open_dialog(qtbot: Any, ctx: Any, family: dict[str, Any], spec: dict[str, Any] | None = None) -> LaunchDialog:
    dialog = LaunchDialog(ctx, family, spec)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.engine.count() > 0, timeout=30_000)
    return dialog


def test_bad_uid_is_refused_in_the_dialog(qtbot: Any, ctx: Any, arun: Any) -> None:
    dialog = open_dialog(qtbot, ctx, arun(registered_family(ctx.client(), "LLM", "tiny-chat")))
    dialog.uid_edit.setText("org/tiny-chat")
    assert dialog.uid_error.isVisibleTo(dialog) and "'/'" in dialog.uid_error.text()
    dialog.launch_button.click()
    assert dialog.uid == "" and not dialog.launching  # nothing was sent
    assert "UID" in dialog.error.text()
    rows = arun(ctx.client().instances())
    assert all(i.model_name != "tiny-chat" or "org" not in i.uid for i in rows)


def test_builtin_spec_fails_offline_and_dialog_stays_usable(qtbot: Any, ctx: Any) -> None:
    family = {"model_name": "qwen2.5-instruct", "model_type": "LLM",
              "model_specs": [{"model_format": "pytorch", "model_size_in_billions": "0_5", "quantization": "none"}]}
    dialog = open_dialog(qtbot, ctx, family, family["model_specs"][0])
    qtbot.waitUntil(lambda: dialog.engine.currentData() == "Transformers", timeout=30_000)
    dialog.uid_edit.setText("ui-offline")
    dialog.launch_button.click()
    qtbot.waitUntil(lambda: dialog.failure is not None, timeout=120_000)
    assert "could not be downloaded" in dialog.error.text()
    assert "Failed to download model 'qwen2.5-instruct'" in dialog.detail.toPlainText()
    assert dialog.stage.text() == "Failed" and dialog.launch_button.isEnabled() and dialog.isVisible()


def test_cancel_while_loading(qtbot: Any, ctx: Any, arun: Any) -> None:
    dialog = open_dialog(qtbot, ctx, arun(registered_family(ctx.client(), "LLM", "tiny-chat")))
    dialog.uid_edit.setText("ui-cancel")
    dialog.launch_button.click()
    qtbot.waitUntil(lambda: any(e.status in ("CREATING", "LOADING") for e in dialog.events), timeout=60_000)
    assert dialog.cancel_button.text() == "Cancel launch"
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: dialog.failure is not None, timeout=90_000)
    assert dialog.stage.text() == "Cancelled" and "cancelled" in dialog.error.text()
    assert "ui-cancel" not in {m.uid for m in arun(ctx.client().list_models())}
    assert wait_gone("ui-cancel")
    if shiboken6.isValid(dialog):
        dialog.close()
