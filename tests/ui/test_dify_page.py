"""The Dify test page with real servers: prefilled from a running model, checklist filled live, verdict shown,
report and settings copied without the key, inputs remembered without the key."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.core.dify import parse_server_url
from app.core.dify.steps import Status, Step
from app.core.errors import InvalidInput
from app.core.server import ServerState, ServerStatus
from app.core.settings import Profile, Settings
from app.ui.context import AppContext
from app.ui.pages.dify import DifyPage, DifyStepsModel
from tests.support.fake_http import FakeHttp, serve
from tests.support.harness import RunningServer


def make_page(qtbot: Any, endpoint: str) -> DifyPage:
    ctx = AppContext(Settings(profiles=[Profile(name="t", kind="remote", endpoint=endpoint)], current="t"))
    page = DifyPage(ctx)
    qtbot.addWidget(page)
    return page


def run_and_wait(qtbot: Any, page: DifyPage) -> None:
    page.report = None
    page.run_button.click()
    qtbot.waitUntil(lambda: page.report is not None and not page.running, timeout=60_000)


def test_steps_model_is_a_sound_qt_model(qtmodeltester: Any) -> None:
    model = DifyStepsModel()
    model.append(Step("inputs", "URL and UID well-formed", Status.OK, 0.01))
    model.append(Step("connect", "TCP connect", Status.FAIL, 0.02, "x", "nothing listens", "start it"))
    qtmodeltester.check(model)


def test_prefilled_embedding_model_is_accepted(qtbot: Any, qloop: Any, xinf_server: RunningServer) -> None:
    page = make_page(qtbot, xinf_server.endpoint)
    page.prefill({"server_url": xinf_server.endpoint, "model_uid": xinf_server.uids["embedding"],
                  "model_type": "embedding", "model_name": "tiny-embed"})
    assert page.model_type.currentData() == "text-embedding"
    run_and_wait(qtbot, page)
    assert page.report is not None and page.report.accepted
    assert "accept" in page.verdict.text()
    marks = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert marks[-1] == "✓" and "✗" not in marks
    page.copy_settings()
    copied = QApplication.clipboard().text()
    assert f"Model uid: {xinf_server.uids['embedding']}" in copied and "Text Embedding" in copied


def test_key_is_never_copied_or_remembered(qtbot: Any, qloop: Any, xinf_auth_server: RunningServer) -> None:
    key = xinf_auth_server.api_key
    assert key
    page = make_page(qtbot, xinf_auth_server.endpoint)
    page.prefill({"server_url": xinf_auth_server.endpoint, "model_uid": xinf_auth_server.uids["LLM"],
                  "model_type": "LLM", "api_key": key})
    run_and_wait(qtbot, page)
    assert page.report is not None and page.report.accepted, page.report.text() if page.report else ""
    page.copy_report()
    assert key not in QApplication.clipboard().text()
    assert "given (not shown)" in QApplication.clipboard().text()
    saved = page.ctx.settings.ui["dify"]
    assert saved["model_uid"] == xinf_auth_server.uids["LLM"]
    assert key not in json.dumps(saved)
    assert key not in Settings.path().read_text()
    # The remembered inputs come back in a new page (the key does not).
    again = make_page(qtbot, xinf_auth_server.endpoint)
    again.ctx.settings.ui["dify"] = saved
    again._restore()
    assert again.model_uid.text() == xinf_auth_server.uids["LLM"] and again.api_key.text() == ""


def test_loopback_url_for_docker_dify_is_refused_with_a_fix(qtbot: Any, qloop: Any,
                                                           xinf_server: RunningServer) -> None:
    page = make_page(qtbot, xinf_server.endpoint)
    page.prefill({"server_url": xinf_server.endpoint, "model_uid": xinf_server.uids["LLM"], "model_type": "LLM"})
    page.location.setCurrentIndex(page.location.findData("docker-linux"))
    page.host_address.setText("192.0.2.77")
    run_and_wait(qtbot, page)
    assert page.report is not None and not page.report.accepted
    assert "Connection refused" in page.verdict.text()
    assert f"http://192.0.2.77:{xinf_server.port}" in page.suggestion.text()
    assert not page.rebind_button.isHidden()
    statuses = [page.model.index(r, 0).data(0x0100) for r in range(page.model.rowCount())]
    assert "fail" in statuses


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999", "http://[::1:9997"])
def test_bad_url_is_shown_beside_the_field(qtbot: Any, qloop: Any, url: str) -> None:
    """Defect 2: the same one line as the CLI's, beside the URL field; nothing is run."""
    page = make_page(qtbot, "http://127.0.0.1:9997")
    page.server_url.setText(url)
    with pytest.raises(InvalidInput) as caught:
        parse_server_url(url)
    assert not page.url_error.isHidden()
    assert page.url_error.text() == caught.value.one_line()
    page.run_button.click()
    qtbot.wait(200)
    assert page.report is None and not page.running and page.model.rowCount() == 0
    page.server_url.setText("http://127.0.0.1:9997")
    assert page.url_error.isHidden()


@pytest.fixture
def busy_socket_table() -> Iterator[int]:
    """Thousands of listening sockets: reading the socket table then takes long enough (hundreds of ms) that doing
    it on the GUI thread would freeze the window visibly."""
    socks = []
    try:
        for _ in range(8000):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            s.listen()
            socks.append(s)
        yield len(socks)
    finally:
        for s in socks:
            s.close()


def test_gui_keeps_ticking_while_a_check_runs(qtbot: Any, qloop: Any, busy_socket_table: int) -> None:
    """Defect 4: "where does Dify run" (socket table, addresses, DNS) runs off the GUI thread. A 10 ms timer keeps
    ticking while a check runs; the longest gap stays under 250 ms (the benchmark keeps the 50 ms budget)."""

    async def serve_one() -> tuple[FakeHttp, Any]:
        cm = serve(FakeHttp({"/v1/models/m": (200, '{"model_type": "LLM", "model_ability": ["chat"]}')}))
        return await cm.__aenter__(), cm

    task = qloop.create_task(serve_one())
    qtbot.waitUntil(task.done, timeout=5000)
    fake, cm = task.result()
    page = make_page(qtbot, fake.url)
    page.prefill({"server_url": fake.url, "model_uid": "m", "model_type": "LLM"})
    page.location.setCurrentIndex(page.location.findData("docker-linux"))
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    try:
        run_and_wait(qtbot, page)
    finally:
        timer.stop()
        closing = qloop.create_task(cm.__aexit__(None, None, None))
        qtbot.waitUntil(closing.done, timeout=5000)
    assert page.report is not None and not page.report.accepted  # 127.0.0.1 from a container: refused
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    print(f"longest GUI stall {max(gaps):.3f} s over {len(ticks)} ticks")
    assert len(ticks) > 10 and max(gaps) < 0.25, f"longest GUI stall {max(gaps):.3f} s over {len(ticks)} ticks"


def _local_page(qtbot: Any, port: int, location: str | None) -> tuple[AppContext, DifyPage]:
    settings = Settings()
    settings.profile.server.port = port
    settings.profile.dify_location = location
    ctx = AppContext(settings)
    page = DifyPage(ctx)
    qtbot.addWidget(page)
    return ctx, page


def test_form_follows_the_server_the_app_runs(qtbot: Any, qloop: Any) -> None:
    """Issue 14.6: the location was answered while the Server page still said 9997; the server then started on
    18100 and the form kept http://<this machine>:9997. The URL follows the app's server when that changes; a
    URL of another server, typed by hand, is left alone."""
    ctx, page = _local_page(qtbot, 9997, None)
    page.host_address.setText("192.0.2.9")
    ctx.set_dify_location("docker-linux")
    assert page.server_url.text() == "http://192.0.2.9:9997"
    ctx.settings.profile.server.port = 18100  # what the Server page saves and publishes when it starts the server
    ctx.set_server_status(ServerStatus(ServerState.RUNNING, "http://127.0.0.1:18100"))
    assert page.server_url.text() == "http://192.0.2.9:18100"
    ctx.set_server_status(ServerStatus.connected_to("http://127.0.0.1:18300"))  # an existing server, connected to
    assert page.server_url.text() == "http://192.0.2.9:18300"
    page.server_url.setText("http://gpu-box.example:9997")
    ctx.set_server_status(ServerStatus(ServerState.RUNNING, "http://127.0.0.1:18200"))
    assert page.server_url.text() == "http://gpu-box.example:9997"


def test_a_page_built_later_writes_the_running_servers_url(qtbot: Any, qloop: Any) -> None:
    ctx, page = _local_page(qtbot, 18100, "docker-desktop")
    assert page.server_url.text() == "http://host.docker.internal:18100"


@pytest.mark.parametrize("location", ["docker-desktop", "docker-linux"])
def test_test_in_dify_panel_finds_the_key_and_clears_old_results(qtbot: Any, qloop: Any, location: str) -> None:
    """Issue 14.7: the key is kept under the app's endpoint; the Running page hands over the URL as Dify writes it
    (host.docker.internal, the LAN address). Refilled, the panel shows no results of the previous model."""
    from app.core.dify import server_url_for_dify

    ctx, page = _local_page(qtbot, 18100, location)
    ctx.set_api_key(ctx.endpoint, "xf-the-key")
    page.model.append(Step("connect", "TCP connect", Status.FAIL, 0.0, "old"))
    page.verdict.setText("✗ Dify will refuse this. (an old model)")
    page.suggestion.setText("Server URL that works from where Dify runs: http://old:1")
    page.copy_report_button.setEnabled(True)
    url = server_url_for_dify(ctx.endpoint, location)  # exactly what the Running page's button sends
    page.prefill({"server_url": url, "model_uid": "m", "model_type": "LLM"})
    assert page.server_url.text() == url
    assert page.api_key.text() == "xf-the-key"
    assert page.model.rowCount() == 0 and page.verdict.text() == "" and page.suggestion.text() == ""
    assert page.report is None and not page.copy_report_button.isEnabled()
