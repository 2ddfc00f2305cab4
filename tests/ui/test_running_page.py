"""The Running page and its dialogs against a real server: register and launch from the window, rows, Copy UID,
Dify hand-off, terminate (row and process gone), offline failure, cancel, bad UID."""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QToolButton

from app.core.models.running import RunningRow
from app.ui.dialogs.launch_dialog import LaunchDialog
from app.ui.dialogs.register_dialog import ModelPickerDialog, RegisterDialog
from app.ui.models.running_model import COLUMNS, COPY_COLUMN, RunningModelsModel
from app.ui.pages.running import RunningPage
from tests.e2e.launch_fixtures import (
    close_ctx,
    make_ctx,
    model_processes,
    wait_gone,
)
from tests.support.harness import RunningServer

LAUNCH_MS = 120_000


@pytest.fixture
def page(qtbot: Any, qloop: Any, launch_server: RunningServer) -> Iterator[RunningPage]:
    ctx = make_ctx(launch_server.endpoint)
    page = RunningPage(ctx)
    qtbot.addWidget(page)
    page.show()
    yield page
    closing = asyncio.ensure_future(page.aclose())  # ends a refresh still in flight, closes dialogs
    qtbot.waitUntil(closing.done, timeout=10_000)
    close_ctx(ctx, qtbot)
    # Let Qt delete the page and its dialogs now, inside the test, rather than at interpreter exit.
    if shiboken6.isValid(page):
        page.deleteLater()
    qtbot.wait(50)
    gc.collect()


def test_model_updates_in_place(qtmodeltester: Any) -> None:
    model = RunningModelsModel()
    qtmodeltester.check(model)
    a, b, c = (RunningRow(uid=u, model_name="m", model_type="LLM") for u in ("a", "b", "c"))
    model.set_rows([a, c])
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.set_rows([c, b, RunningRow(uid="a", model_name="m", model_type="LLM", status="LOADING")])
    assert [r.uid for r in model.rows()] == ["a", "b", "c"]
    assert model.data(model.index(0, 8)) == "LOADING"
    model.set_rows([b])
    assert [r.uid for r in model.rows()] == ["b"] and resets == []
    qtmodeltester.check(model)


def _launch_via_dialog(qtbot: Any, page: RunningPage, model_type: str, name: str, uid: str) -> LaunchDialog:
    page.open_launch_picker()
    picker = next(d for d in page.dialogs if isinstance(d, ModelPickerDialog))
    qtbot.waitUntil(lambda: picker.loaded, timeout=30_000)
    picker.model_type.setCurrentText(model_type)
    qtbot.waitUntil(lambda: picker.loaded and name in [picker.name.itemText(i) for i in range(picker.name.count())],
                    timeout=30_000)
    picker.name.setCurrentText(name)
    qtbot.mouseClick(picker.launch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(isinstance(d, LaunchDialog) for d in page.dialogs), timeout=30_000)
    dialog = next(d for d in page.dialogs if isinstance(d, LaunchDialog))
    qtbot.waitUntil(lambda: dialog.engine.count() > 0, timeout=30_000)
    dialog.uid_edit.setText(uid)
    return dialog


def test_launch_from_window_copy_uid_dify_and_terminate(qtbot: Any, page: RunningPage) -> None:
    dialog = _launch_via_dialog(qtbot, page, "LLM", "tiny-chat", "ui-chat")
    # Engines come from the server: Transformers usable, the others disabled with Xinference's reason.
    assert dialog.engine.currentData() == "Transformers"
    items = dialog.engine.model()
    vllm = items.item(dialog.engine.findData("vLLM"))  # type: ignore[attr-defined]
    assert not vllm.isEnabled() and "vllm" in vllm.toolTip().lower()
    assert dialog.current_values() == {"model_engine": "Transformers", "model_format": "pytorch",
                                       "model_size_in_billions": "0_1", "quantization": "none"}
    dialog.copy_manager.click()
    assert "xinference-manager --endpoint" in QGuiApplication.clipboard().text()
    assert "--uid ui-chat" in QGuiApplication.clipboard().text()
    started = time.monotonic()
    with qtbot.waitSignal(dialog.launched, timeout=LAUNCH_MS) as ready:
        qtbot.mouseClick(dialog.launch_button, Qt.MouseButton.LeftButton)
    print(f"\n[measure] tiny chat from the Launch dialog: READY after {time.monotonic() - started:.1f} s")
    assert ready.args == ["ui-chat"]
    assert dialog.events[-1].status == "READY" and dialog.events[-1].progress == 1.0
    assert any(e.stage == "loading" for e in dialog.events)

    qtbot.waitUntil(lambda: _status(page, "ui-chat") == "READY", timeout=15_000)
    row = page.model.row_at(page.model.row_of("ui-chat"))
    assert row is not None
    assert (row.model_name, row.model_type, row.model_engine, row.model_format, row.model_size_in_billions,
            row.status, row.replica) == (
        "tiny-chat", "LLM", "Transformers", "pytorch", "0_1", "READY", 1)
    assert row.abilities == ("generate", "chat") and row.replica_uids == ("ui-chat-rep0",)
    size_cell = page.model.index(page.model.row_of("ui-chat"), [c[1] for c in COLUMNS].index("model_size_in_billions"))
    assert size_cell.data() == "0.1B", "the server's 0_1 is shown as people write it"

    # The row's own Copy UID button puts exactly the UID on the clipboard.
    QGuiApplication.clipboard().setText("")
    button = page.view.indexWidget(page.model.index(page.model.row_of("ui-chat"), COPY_COLUMN))
    assert isinstance(button, QToolButton)
    with qtbot.waitSignal(page.ctx.toast, timeout=2000):
        button.click()
    assert QGuiApplication.clipboard().text() == "ui-chat"

    # Ctrl+C on the selected row, then the selection survives refreshes.
    assert page.select_uid("ui-chat")
    QGuiApplication.clipboard().setText("")
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "ui-chat"
    page.refresh()
    qtbot.wait(600)
    assert page.selected() is not None and page.selected().uid == "ui-chat"  # type: ignore[union-attr]

    page.copy_dify_settings()
    block = QGuiApplication.clipboard().text()
    assert "Model Type: LLM" in block and "Model uid: ui-chat\n" in block and "host.docker.internal" in block

    asked: list[tuple[str, dict[str, Any]]] = []
    page.ctx.show_page.connect(lambda name, payload: asked.append((name, payload)))
    page.dify_test_button.click()
    assert asked == [("dify", {"server_url": launch_server_url(page), "model_uid": "ui-chat",
                               "model_type": "LLM", "model_name": "tiny-chat"})]

    page.try_input.setText("Hello")
    page.try_button.click()
    qtbot.waitUntil(lambda: " ms)" in page.try_output.toPlainText(), timeout=60_000)

    assert model_processes("ui-chat")
    page.ask_terminate()
    assert isinstance(page.confirm, QMessageBox)
    page.confirm.done(QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: page.model.row_of("ui-chat") < 0, timeout=60_000)
    assert wait_gone("ui-chat"), "the model process outlived terminate"


def _status(page: RunningPage, uid: str) -> str:
    row = page.model.row_at(page.model.row_of(uid))
    return row.status if row else ""


def launch_server_url(page: RunningPage) -> str:
    return page.ctx.endpoint


def test_register_and_launch_embedding_from_window(qtbot: Any, page: RunningPage, test_models: dict[str, Path]) -> None:
    page.open_register()
    reg = next(d for d in page.dialogs if isinstance(d, RegisterDialog))
    reg.model_type.setCurrentText("embedding")
    assert not reg.family.isVisible()
    reg.name.setText("ui-embed-model")
    reg.path.setText(str(test_models["embed"]))
    reloads: list[float] = []
    reload = page.reload

    async def counted_reload() -> None:
        reloads.append(time.monotonic())
        await reload()

    page.reload = counted_reload  # type: ignore[method-assign]
    page._timer.stop()  # no poll in between: a reload now is the registration's
    clicked_at = time.monotonic()
    with qtbot.waitSignal(reg.registered, timeout=30_000):
        reg.register_button.click()
    # Issue 14 item 11: the page confirms the registration and refreshes at once, not at the next poll (3 s).
    assert "Registered ui-embed-model (embedding)" in page.notice.text()
    qtbot.waitUntil(lambda: any(t >= clicked_at for t in reloads), timeout=1_000)
    page._timer.start()
    qtbot.waitUntil(lambda: any(isinstance(d, LaunchDialog) for d in page.dialogs), timeout=30_000)
    dialog = next(d for d in page.dialogs if isinstance(d, LaunchDialog))
    qtbot.waitUntil(lambda: dialog.engine.currentData() == "sentence_transformers", timeout=30_000)
    dialog.uid_edit.setText("ui-embed")
    with qtbot.waitSignal(dialog.launched, timeout=LAUNCH_MS):
        dialog.launch_button.click()
    qtbot.waitUntil(lambda: _status(page, "ui-embed") == "READY", timeout=15_000)
    row = page.model.row_at(page.model.row_of("ui-embed"))
    assert row is not None and (row.model_name, row.model_type, row.status) == ("ui-embed-model", "embedding",
                                                                              "READY")
    page.select_uid("ui-embed")
    page.try_input.setText("an embedding please")
    page.try_button.click()
    qtbot.waitUntil(lambda: "384 dimensions" in page.try_output.toPlainText(), timeout=60_000)
    page.ask_terminate()
    assert page.confirm is not None
    page.confirm.done(QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: page.model.row_of("ui-embed") < 0, timeout=60_000)
    assert wait_gone("ui-embed")
    # Unregister from the picker; it only offers that for custom models.
    page.open_launch_picker()
    picker = next(d for d in page.dialogs if isinstance(d, ModelPickerDialog))
    picker.model_type.setCurrentText("embedding")
    qtbot.waitUntil(lambda: picker.loaded and "ui-embed-model" in picker.custom, timeout=30_000)
    picker.name.setCurrentText("ui-embed-model")
    assert picker.unregister_button.isEnabled()
    with qtbot.waitSignal(picker.unregistered, timeout=30_000):
        picker.unregister_button.click()
    qtbot.waitUntil(lambda: picker.loaded and "ui-embed-model" not in picker.custom, timeout=30_000)


def test_a_dead_models_sentence_stays_until_it_runs_again(qtbot: Any, arun: Any, monkeypatch: Any) -> None:
    """The refresh that follows a death must not wipe the sentence (a list read in that moment may still say
    READY); it goes once the model has been seen down and is READY again (relaunched or recreated)."""
    from app.core.server import ModelFailure
    from app.core.settings import Settings
    from app.ui.context import AppContext
    from app.ui.pages import running as running_module

    lists: list[list[RunningRow]] = []

    async def rows(_client: Any) -> list[RunningRow]:
        return lists.pop(0)

    monkeypatch.setattr(running_module, "running_rows", rows)
    page = RunningPage(AppContext(Settings()))
    qtbot.addWidget(page)
    ready = RunningRow("m", "tiny-chat", "LLM", status="READY")
    page.ctx.model_failed.emit(ModelFailure("m-rep0", while_loading=False, pid=7))
    assert "stopped unexpectedly: its process (pid 7) ended" in page.banner.text()
    for listed, still_said in (([ready], True), ([], True), ([ready], False)):
        lists.append(listed)
        arun(page.reload())
        said = "stopped unexpectedly: its process (pid 7) ended" in page.banner.text()
        assert said is still_said, (listed, page.banner.text())
