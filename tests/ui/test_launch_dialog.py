"""The Launch dialog against a real server: a bad UID never leaves the dialog, a builtin spec fails offline with
plain words (and the dialog stays usable), Cancel stops a launch that is loading; with a server slow to accept a
launch (a fake: a real one cannot be held in that window), Cancel works while submitting and never hits the UID of
an earlier launch."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
from collections.abc import Iterator
from typing import Any

import psutil
import pytest
import shiboken6

from app.core.models.launch import registered_family
from app.ui.dialogs.launch_dialog import LaunchDialog
from tests.e2e.launch_fixtures import close_ctx, make_ctx, wait_gone
from tests.support.fake_http import FakeHttp
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
    # The size as people write it; the server's own value is what the request carries.
    assert (dialog.size_box.currentText(), dialog.size_box.currentData()) == ("0.5B", "0_5")
    assert dialog.request().model_size_in_billions == "0_5"
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


class SlowSubmitServer(FakeHttp):
    """A server whose ``POST /v1/models`` answers only when the test says so (the submit window), and whose
    first launch fails while loading: enough to drive Cancel during submit and a second launch."""

    def __init__(self) -> None:
        super().__init__(default=(404, '{"detail": "Not Found"}'))
        self.release = asyncio.Event()
        self.launches = 0
        self.routes["/v1/models/instances"] = (200, json.dumps([{
            "model_uid": "first", "model_name": "tiny-embed", "status": "ERROR",
            "replica_statuses": [{"error_message": "the weights are damaged"}]}]))

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        line = head.split(b"\r\n", 1)[0].decode()
        if line.startswith("POST /v1/models?"):
            self.requests.append(line)
            self.launches += 1
            uid = "first" if self.launches == 1 else "second"
            if uid == "second":
                await self.release.wait()
            body = json.dumps({"model_uid": uid}).encode()
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                         + str(len(body)).encode() + b"\r\nconnection: close\r\n\r\n" + body)
            await writer.drain()
            writer.close()
            return
        if line.startswith("POST /v1/models/") and line.split(" ")[1].endswith("/cancel"):
            self.routes[line.split(" ")[1]] = (200, "null")
        replay = asyncio.StreamReader()
        replay.feed_data(head)
        replay.feed_eof()
        await super()._handle(replay, writer)


def test_cancel_while_submitting_and_a_second_launch_never_cancels_the_first(qtbot: Any, qloop: Any) -> None:
    from app.core.settings import Profile, Settings
    from app.ui.context import AppContext

    server = SlowSubmitServer()
    started = qloop.create_task(_start(server))
    qtbot.waitUntil(started.done, timeout=5_000)
    ctx = AppContext(Settings(profiles=[Profile(name="t", kind="remote", endpoint=server.url)], current="t"))
    dialog = LaunchDialog(ctx, {"model_name": "tiny-embed", "model_type": "embedding", "model_specs": []})
    qtbot.addWidget(dialog)
    dialog.open()
    try:
        dialog.launch_button.click()  # the first launch fails while loading: the dialog stays, uid "first"
        qtbot.waitUntil(lambda: dialog.failure is not None, timeout=15_000)
        assert dialog.uid == "first" and "damaged" in dialog.detail.toPlainText()
        dialog.launch_button.click()  # the second launch waits in the submit window
        qtbot.waitUntil(lambda: server.launches == 2, timeout=10_000)
        assert dialog.launching and dialog.uid == "", "the first launch's UID is not this launch's"
        dialog.cancel_button.click()
        qtbot.waitUntil(lambda: "Cancelling" in dialog.stage.text(), timeout=5_000)
        assert not dialog.cancel_button.isEnabled(), "Cancel answers at once, even before the server named it"
        server.release.set()  # the server answers the POST: the dialog cancels that launch, and only that one
        qtbot.waitUntil(lambda: not dialog.launching, timeout=15_000)
        cancels = [r for r in server.requests if "/cancel" in r]
        assert cancels == ["POST /v1/models/second/cancel HTTP/1.1"], server.requests
        assert dialog.stage.text() == "Cancelled" and "cancelled" in dialog.error.text()
        assert dialog.isVisible() and dialog.launch_button.isEnabled()
    finally:
        dialog.close()
        qtbot.waitUntil(qloop.create_task(ctx.aclose()).done, timeout=5_000)
        server.release.set()
        qtbot.waitUntil(qloop.create_task(_stop(server)).done, timeout=5_000)


async def _start(server: FakeHttp) -> None:
    server.runner = await asyncio.start_server(server._handle, "127.0.0.1", 0)  # type: ignore[attr-defined]
    server.port = server.runner.sockets[0].getsockname()[1]  # type: ignore[attr-defined]


async def _stop(server: FakeHttp) -> None:
    server.runner.close()  # type: ignore[attr-defined]


def _pool_of(server_pid: int, replica_uid: str) -> psutil.Process | None:
    """The model's xoscar sub pool under the server: by its title once renamed, else by the UID in its
    environment (while it loads)."""
    for proc in psutil.Process(server_pid).children(recursive=True):
        try:
            if " ".join(proc.cmdline()).startswith(f"Model: {replica_uid}") or (
                    "start_sub_pool" in proc.cmdline() and proc.environ().get("XINFERENCE_MODEL_UID") == replica_uid):
                return proc
        except psutil.Error:
            continue
    return None


def test_a_model_killed_while_loading_is_said_plainly(
    qtbot: Any, ctx: Any, arun: Any, launch_server: RunningServer
) -> None:
    """Its process killed while loading, the launch fails with xoscar's "Remote server unixsocket:///… closed": the
    dialog says what the Server page says (the core's ModelFailure sentence), with no frozen progress bar."""
    from app.core.server import ModelFailure

    dialog = open_dialog(qtbot, ctx, arun(registered_family(ctx.client(), "LLM", "tiny-chat")))
    dialog.uid_edit.setText("ui-killed")
    dialog.launch_button.click()
    qtbot.waitUntil(lambda: _pool_of(launch_server.pid, "ui-killed-rep0") is not None, timeout=60_000)
    pool = _pool_of(launch_server.pid, "ui-killed-rep0")
    assert pool is not None
    pool.kill()
    qtbot.waitUntil(lambda: dialog.failure is not None, timeout=90_000)
    said = dialog.error.text()
    print(f"the dialog said: {said!r}; detail: {dialog.detail.toPlainText()!r}")
    assert "Model ui-killed failed while loading: its process ended. The server keeps running." in said
    assert "unixsocket" not in said and "bytes read" not in said
    assert dialog.stage.text() == "Failed" and dialog.progress.value() == 0
    assert dialog.launch_button.isEnabled() and dialog.cancel_button.text() == "Close"
    # The supervisor's report (of a server the app started) adds the pid and Xinference's reason, in the same words.
    ctx.model_failed.emit(ModelFailure("ui-killed-rep0", while_loading=True, pid=pool.pid, reason="killed"))
    assert f"(pid {pool.pid}) ended" in dialog.error.text() and "Xinference says: killed" in dialog.error.text()
    with contextlib.suppress(Exception):
        arun(ctx.client().terminate("ui-killed"))
    assert wait_gone("ui-killed")
