"""The Server page driven like a person would, against a real xinference-local: Start → Running with version,
log and resources; Stop with nothing left; a login-enabled server walked through first-run setup; bad input."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.core.proc import alive
from app.core.server.supervisor import ServerState
from app.core.settings import Settings
from app.ui.context import AppContext
from app.ui.pages.server import ServerPage
from tests.support.harness import free_port, start_left_running


def _page(qtbot: Any, engine_venv: Path, tmp_path: Path, auth: bool) -> ServerPage:
    settings = Settings()
    settings.profile.server.engine_path = str(engine_venv)
    settings.profile.server.port = free_port()
    settings.profile.server.home = str(tmp_path / "home")
    settings.profile.server.auth_enabled = auth
    settings.save()
    page = ServerPage(AppContext(settings))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.engine_panel.engine is not None, timeout=30_000)
    return page


def _close(arun: Any, page: ServerPage) -> None:
    page.stop_on_quit.setChecked(True)
    arun(page.aclose())
    arun(page.ctx.aclose())


def test_start_running_stop_from_the_window(qtbot: Any, arun: Any, engine_venv: Path, tmp_path: Path) -> None:
    page = _page(qtbot, engine_venv, tmp_path, auth=False)
    try:
        assert "4.1.0" in page.engine_panel.label.text()
        assert page.start_button.isEnabled() and not page.stop_button.isEnabled()
        t0 = time.monotonic()
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.controller.state is ServerState.STARTING, timeout=10_000)
        assert "Starting" in page.state_label.text()
        qtbot.waitUntil(lambda: page.controller.state is ServerState.RUNNING, timeout=180_000)
        print(f"start-to-ready from the window: {time.monotonic() - t0:.1f} s")
        assert "Running" in page.state_label.text()
        assert page.endpoint_label.text() == f"http://127.0.0.1:{page.port.value()}"
        qtbot.waitUntil(lambda: page.version_label.text() == "4.1.0", timeout=15_000)
        qtbot.waitUntil(lambda: "RAM" in page.resources_label.text(), timeout=15_000)
        qtbot.waitUntil(lambda: page.log_view.model.rowCount() > 3, timeout=15_000)
        assert not page.port.isEnabled(), "options are locked while running"
        page._copy_endpoint()
        assert QGuiApplication.clipboard().text() == page.endpoint_label.text()

        # The Dify page asks for 0.0.0.0 (Docker cannot reach 127.0.0.1): one click restarts on it.
        first_pid = page.controller.supervisor.pid
        page.prefill({"host": "0.0.0.0", "restart": True, "warn_no_login": True})
        assert "0.0.0.0" in page.banner.text() and "Login is off" in page.banner.text()
        qtbot.mouseClick(page.banner.action, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.controller.supervisor.pid != first_pid
                        and page.controller.state is ServerState.RUNNING, timeout=180_000)
        listening = {c.laddr.ip for c in psutil.net_connections("inet")
                     if c.laddr and c.laddr.port == page.port.value() and c.status == psutil.CONN_LISTEN}
        assert listening == {"0.0.0.0"}
        arun(asyncio.sleep(1.2))
        tree = list(page.controller.supervisor.tree)
        qtbot.mouseClick(page.stop_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.controller.state is ServerState.STOPPED, timeout=60_000)
        assert "Stopped" in page.state_label.text()
        assert alive(tree) == []
        assert not any(c.laddr and c.laddr.port == page.port.value() and c.status == psutil.CONN_LISTEN
                       for c in psutil.net_connections("inet"))
        assert not page.banner.isVisible(), "a requested stop is not a crash"
    finally:
        _close(arun, page)


def test_busy_port_and_bad_home_are_explained(qtbot: Any, arun: Any, engine_venv: Path, tmp_path: Path) -> None:
    import socket

    page = _page(qtbot, engine_venv, tmp_path, auth=False)
    try:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            s.listen()
            page.port.setValue(s.getsockname()[1])
            qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: page.banner.isVisible(), timeout=10_000)
        assert f"Port {page.port.value()} is already in use" in page.banner.text()
        assert page.controller.state is ServerState.STOPPED
        blocker = tmp_path / "file"
        blocker.write_text("")
        page.home.setText(str(blocker / "x"))
        page.port.setValue(free_port())
        page.banner.clear()
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.banner.isVisible(), timeout=10_000)
        assert "not writable" in page.banner.text()
    finally:
        _close(arun, page)


def test_first_run_login_flow_from_the_window(qtbot: Any, arun: Any, engine_venv: Path, tmp_path: Path) -> None:
    page = _page(qtbot, engine_venv, tmp_path, auth=True)
    try:
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.controller.state is ServerState.RUNNING, timeout=180_000)
        panel = page.login_panel
        qtbot.waitUntil(lambda: panel.state is not None and panel.state.needs_setup, timeout=20_000)
        assert panel.setup_token.isVisible() and panel.setup_token.text(), "setup token read from the server log"
        # The token itself never shows in the log view.
        assert panel.setup_token.text() not in page.log_view.model.text()
        panel.password.setText("short")
        qtbot.mouseClick(panel.submit, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "shorter than" in panel.error.text(), timeout=10_000)
        panel.password.setText("a-good-password")
        qtbot.mouseClick(panel.submit, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.state is not None and panel.state.logged_in, timeout=20_000)
        assert panel.keys.isVisible() and not panel.form.isVisible()
        qtbot.waitUntil(lambda: page.version_label.text() == "4.1.0", timeout=15_000)
        qtbot.mouseClick(panel.key_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.key_out.text().startswith("xf-"), timeout=15_000)
        key = panel.key_out.text()
        assert QGuiApplication.clipboard().text() == key
        # Secrets: in the 0600 store, never in settings or the log view.
        assert key not in Settings.path().read_text()
        assert key not in page.log_view.model.text()
        assert page.ctx.secrets.get(f"{page.endpoint_label.text()}|api_key") == key
    finally:
        _close(arun, page)


def test_remote_endpoint_profile(qtbot: Any, arun: Any, engine_venv: Path, tmp_path: Path, xinf_server: Any) -> None:
    page = _page(qtbot, engine_venv, tmp_path, auth=False)
    try:
        page.connection.remote.setChecked(True)
        assert not page.options_box.isVisible()
        page.connection.url.setText("127.0.0.1:1")  # nothing listens on port 1
        qtbot.mouseClick(page.connection.connect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "No Xinference answers" in page.banner.text(), timeout=15_000)
        page.connection.url.setText(xinf_server.endpoint + "/")
        qtbot.mouseClick(page.connection.connect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Connected" in page.state_label.text(), timeout=15_000)
        assert page.ctx.endpoint == xinf_server.endpoint
        qtbot.waitUntil(lambda: page.version_label.text() == "4.1.0", timeout=15_000)
        assert Settings.load().profile.kind == "remote"
        page.connection.local.setChecked(True)
        assert Settings.load().profile.kind == "local"
        assert page.options_box.isVisible()
    finally:
        _close(arun, page)


def test_existing_server_offers_connect(qtbot: Any, arun: Any, engine_venv: Path, tmp_path: Path,
                                        xinf_server: Any) -> None:
    page = _page(qtbot, engine_venv, tmp_path, auth=False)
    try:
        page.port.setValue(xinf_server.port)
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.connect_button.isVisible(), timeout=15_000)
        assert "already answers" in page.banner.text()
        assert page.controller.supervisor.pid is None, "nothing was started"
        qtbot.mouseClick(page.connect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Connected" in page.state_label.text(), timeout=10_000)
        qtbot.waitUntil(lambda: page.version_label.text() == "4.1.0", timeout=15_000)
    finally:
        _close(arun, page)


def test_server_left_running_is_adopted_on_next_launch(qtbot: Any, arun: Any, engine_venv: Path,
                                                        tmp_path: Path) -> None:


    port = start_left_running(engine_venv, tmp_path / "home")
    settings = Settings()
    settings.profile.server.engine_path = str(engine_venv)
    settings.profile.server.port = port
    settings.save()
    page = ServerPage(AppContext(settings))
    qtbot.addWidget(page)
    try:
        qtbot.waitUntil(lambda: page.controller.supervisor.adopted, timeout=15_000)
        assert "Adopted" in page.banner.text()
        qtbot.waitUntil(lambda: "Running" in page.state_label.text(), timeout=10_000)
        qtbot.waitUntil(lambda: page.version_label.text() == "4.1.0", timeout=15_000)
        tree = list(page.controller.supervisor.tree)
        qtbot.mouseClick(page.stop_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.controller.state is ServerState.STOPPED, timeout=60_000)
        assert alive(tree) == []
    finally:
        _close(arun, page)


@contextlib.contextmanager
def hanging_index() -> Iterator[str]:
    """A loopback package index: ``/simple/`` answers, a package's page never does (until the test ends)."""
    import http.server
    import threading

    done = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            if self.path.rstrip("/") == "/simple":
                body = b"<html><body></body></html>"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                done.wait(60)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/simple"
    finally:
        done.set()
        server.shutdown()
        server.server_close()


def test_install_failure_is_explained_and_cancel_works(qtbot: Any, arun: Any, tmp_path: Path) -> None:
    settings = Settings()
    settings.install_requirement = "xim-no-such-package-zz"
    settings.install_pip_args = ["--no-index"]
    page = ServerPage(AppContext(settings))
    qtbot.addWidget(page)
    page.show()
    panel = page.engine_panel
    try:
        qtbot.mouseClick(panel.install_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.cancel_button.isVisible(), timeout=5_000)
        qtbot.waitUntil(lambda: panel.install_button.isVisible(), timeout=120_000)
        assert "failed" in panel.phase.text()
        assert "xim-no-such-package-zz" in page.log_view.model.text() or page.log_view.model._pending
        # A package index whose front page answers (so the check before pip passes) and whose package pages never
        # do: pip hangs until we cancel.
        with hanging_index() as index_url:
            panel.pip_args.setText(f"--index-url {index_url} --no-cache-dir")
            page.log_view.model.clear()
            qtbot.mouseClick(panel.install_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: "Looking in indexes" in page.log_view.model.text(), timeout=60_000)
            qtbot.wait(1000)
            assert panel.cancel_button.isVisible()
            qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: panel.install_button.isVisible(), timeout=30_000)
        assert "Cancelled" in panel.phase.text()
        engine_home = Path(os.environ["XINFERENCE_MANAGER_HOME"]) / "data" / "engine" / "envs"
        assert not engine_home.exists() or list(engine_home.iterdir()) == [], "the partial env was removed"
    finally:
        _close(arun, page)


def test_stop_while_starting_cancels_the_start_without_an_error(qtbot: Any, arun: Any, engine_venv: Path,
                                                                 tmp_path: Path) -> None:
    """Issue 14 item 11: Stop pressed while starting is what the user asked for, not a red error."""
    page = _page(qtbot, engine_venv, tmp_path, auth=False)
    try:
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.controller.state is ServerState.STARTING and page.stop_button.isEnabled(),
                        timeout=10_000)
        tree = list(page.controller.supervisor.tree)
        qtbot.mouseClick(page.stop_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.controller.state is ServerState.STOPPED, timeout=60_000)
        qtbot.waitUntil(lambda: page.start_button.isEnabled(), timeout=10_000)
        assert not page.banner.isVisible(), page.banner.text()
        assert "Stopped" in page.state_label.text()
        lines = [page.log_view.model.index(r, 0).data() for r in range(page.log_view.model.rowCount())]
        assert any("Start cancelled" in str(line) for line in lines), lines[-5:]
        assert alive(tree) == []
    finally:
        _close(arun, page)


def test_killed_server_process_is_shown_at_once(qtbot: Any, arun: Any, engine_venv: Path, tmp_path: Path) -> None:
    import signal

    page = _page(qtbot, engine_venv, tmp_path, auth=False)
    try:
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.controller.state is ServerState.RUNNING, timeout=180_000)
        arun(asyncio.sleep(1.5))  # let the watcher record the worker child
        top = page.controller.supervisor.pid
        child = next(p for p in psutil.Process(top).children() if "start_local" in " ".join(p.cmdline()))
        os.kill(child.pid, signal.SIGKILL)
        qtbot.waitUntil(lambda: page.controller.state is ServerState.CRASHED, timeout=30_000)
        assert "Crashed" in page.state_label.text()
        # Either our tree watcher sees the worker die first, or xinference-local notices and exits with code 1:
        # both are shown as an unexpected end, with the cause.
        text = page.banner.text()
        assert page.banner.isVisible()
        assert "died unexpectedly" in text or "exited unexpectedly with code 1" in text, text
        assert page.start_button.isEnabled(), "the user can start again"
        qtbot.waitUntil(lambda: page.controller.supervisor.leftover() == [], timeout=30_000)
    finally:
        _close(arun, page)


def test_port_and_host_fields_say_what_is_wrong(qtbot: Any, arun: Any, engine_venv: Path, tmp_path: Path) -> None:
    """99999 stays 99999 (a spin box made it 9999 and started there), 0 does not revert; Start refuses, beside the
    field, and starts nothing."""
    page = _page(qtbot, engine_venv, tmp_path, auth=False)
    try:
        for typed in ("99999", "0"):
            page.port.edit.clear()
            qtbot.keyClicks(page.port.edit, typed)
            assert page.port.text() == typed, "what was typed stays"
            assert page.port.error.isVisible() and "out of range" in page.port.error.text()
            qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
            qtbot.wait(300)
            assert page.port.text() == typed
            assert page.port.error.isVisible() and f"Port {typed} is out of range" in page.port.error.text()
            assert page.controller.supervisor.pid is None and page.controller.state is ServerState.STOPPED
            assert not page.banner.isVisible(), "the message is beside the field, not in a banner"
        page.port.edit.clear()
        qtbot.keyClicks(page.port.edit, str(free_port()))
        assert not page.port.error.isVisible()
        page.host.setCurrentText("[::1")
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.host_error.isVisible(), timeout=10_000)
        assert "not a host name or address" in page.host_error.text()
        assert page.controller.supervisor.pid is None
        page.host.setCurrentText("127.0.0.1")
        assert not page.host_error.isVisible(), "editing the host clears its message"
    finally:
        _close(arun, page)


def test_model_that_dies_while_loading_is_a_warning_not_a_crash(
    qtbot: Any, arun: Any, engine_venv: Path, test_models: dict[str, Path], tmp_path: Path
) -> None:
    import signal

    import httpx

    from tests.e2e.test_supervisor import kill_model_while_loading
    from tests.support import harness

    page = _page(qtbot, engine_venv, tmp_path, auth=False)
    try:
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.controller.state is ServerState.RUNNING, timeout=180_000)
        endpoint = page.endpoint_label.text()
        server = harness.RunningServer(endpoint, "127.0.0.1", page.port.value(), tmp_path / "home",
                                       tmp_path / "x.log", page.controller.supervisor.pid or 0, auth=False)
        harness.register_test_models(server, test_models, persist=True)  # the restart at the end relaunches one
        arun(kill_model_while_loading(endpoint, page.controller.supervisor.pid or 0, "doomed"))
        qtbot.waitUntil(lambda: "Model doomed" in page.banner.text(), timeout=30_000)
        text = page.banner.text()
        assert "keeps running" in text and "Crashed" not in page.state_label.text(), text
        qtbot.wait(2500)  # more looks at the tree: still running, still our server
        assert page.controller.state is ServerState.RUNNING and "Running" in page.state_label.text()
        assert httpx.get(endpoint + "/status", timeout=10).status_code == 200
        assert "CancelledError" not in page.log_view.model.text()
        assert "Model doomed" in page.log_view.model.text(), "the failure is in the log too"
        # Then the server itself is killed while a model runs: the crash banner shows the lines of this crash
        # (not the model's "… keeps running" from before) and offers the restart that brings the model back.
        r = httpx.post(endpoint + "/v1/models", json={"model_name": "tiny-chat", "model_type": "LLM",
                                                     "model_engine": "Transformers", "model_uid": "kept"}, timeout=300)
        assert r.status_code == 200, r.text
        page.ctx.notify_server_changed()  # as the launch dialog does: the restarter notes what runs
        qtbot.waitUntil(lambda: page.restarter.seen is not None and [m.model_uid for m in page.restarter.seen.models]
                        == ["kept"], timeout=30_000)
        os.kill(page.controller.supervisor.pid or 0, signal.SIGKILL)
        qtbot.waitUntil(lambda: page.controller.state is ServerState.CRASHED, timeout=60_000)
        text = page.banner.text()
        print(f"crash banner: {text!r}")
        assert "killed by signal SIGKILL" in text and "keeps running" not in text and "doomed" not in text, text
        assert page.banner.action.isVisible() and page.banner.action.text() == "Restart and bring back 1 model(s)"
        page.banner.action.click()
        qtbot.waitUntil(lambda: "every model is back" in page.banner.text(), timeout=400_000)
        assert page.controller.state is ServerState.RUNNING
        assert "kept" in {m.uid for m in arun(page.ctx.client().list_models())}
    finally:
        _close(arun, page)


def test_home_field_names_the_default_xinference_really_uses(qtbot: Any, arun: Any, tmp_path: Path,
                                                            monkeypatch: Any) -> None:
    """Issue 14 item 11: with XINFERENCE_HOME set in the environment, the server's home is that, not ~/.xinference."""
    monkeypatch.setenv("XINFERENCE_HOME", str(tmp_path / "xinf-home"))
    page = ServerPage(AppContext(Settings()))
    qtbot.addWidget(page)
    try:
        assert page.home.placeholderText() == f"default: {tmp_path / 'xinf-home'} (from XINFERENCE_HOME)"
    finally:
        _close(arun, page)
    monkeypatch.delenv("XINFERENCE_HOME")
    page = ServerPage(AppContext(Settings()))
    qtbot.addWidget(page)
    try:
        assert page.home.placeholderText() == f"default: {Path('~') / '.xinference'}"
    finally:
        _close(arun, page)
