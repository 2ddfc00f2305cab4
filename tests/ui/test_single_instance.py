"""A second app start hands over to the first (brings it to the front, with a page) and exits."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from app.ui.single_instance import InstanceServer, hand_over, server_name

ROOT = Path(__file__).resolve().parents[2]
SECOND_START = (
    "import sys\n"
    "from PySide6.QtCore import QCoreApplication\n"
    "from app.ui.single_instance import hand_over\n"
    "app = QCoreApplication([])\n"
    "sys.exit(0 if hand_over(sys.argv[1] or None, sys.argv[2]) else 3)\n"
)


def _second_start(page: str, name: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", SECOND_START, page, name], cwd=ROOT)


def test_second_start_hands_over_its_page_and_exits(qtbot: Any) -> None:
    server = InstanceServer(f"xim-test-{uuid.uuid4().hex[:8]}")
    assert server.listen()
    try:
        with qtbot.waitSignal(server.activated, timeout=10_000) as signal:
            proc = _second_start("dify", server.name)
        assert signal.args == ["dify"]
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=10_000)
        assert proc.returncode == 0, "the second start exits once the first answered"
        with qtbot.waitSignal(server.activated, timeout=10_000) as signal:
            proc = _second_start("", server.name)
        assert signal.args == [""]
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=10_000)
        assert proc.returncode == 0
    finally:
        server.close()


def test_no_running_app_means_start_normally(qapp: Any) -> None:
    assert hand_over(None, f"xim-test-{uuid.uuid4().hex[:8]}") is False


def test_a_live_app_is_never_taken_over(qtbot: Any) -> None:
    """The name is taken by an app that answers: a second listen fails (QTBUG-48635 made it succeed with
    UserAccessOption on Unix) and the first keeps receiving hand-overs."""
    name = f"xim-test-{uuid.uuid4().hex[:8]}"
    first = InstanceServer(name)
    assert first.listen()
    second = InstanceServer(name)
    try:
        assert not second.listen(), "two apps must not both listen"
        with qtbot.waitSignal(first.activated, timeout=10_000) as signal:
            proc = _second_start("running", name)
        assert signal.args == ["running"]
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=10_000)
        assert proc.returncode == 0
    finally:
        first.close()
        second.close()


@pytest.mark.skipif(sys.platform == "win32", reason="a Windows pipe leaves no file behind when its app crashes")
def test_the_socket_of_a_crashed_app_is_taken_over(qapp: Any) -> None:
    """An app that crashed leaves its socket file behind, with nothing accepting on it: the next app listens."""
    name = server_name()
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(name)
    stale.close()  # the file stays, as after a crash
    assert Path(name).exists()
    server = InstanceServer()
    try:
        assert server.listen()
        assert hand_over(None) is True
    finally:
        server.close()


@pytest.mark.skipif(sys.platform == "win32", reason="Windows names a pipe, private to the user by its ACL")
def test_the_socket_lives_in_a_private_folder(qapp: Any) -> None:
    server = InstanceServer()
    try:
        assert server.listen()
        folder = Path(server.name).parent
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and folder.stat().st_uid == os.getuid()
        assert Path(server.name).is_socket()
    finally:
        server.close()


BUSY_FIRST = (
    "import sys, time\n"
    "from PySide6.QtCore import QCoreApplication\n"
    "from app.ui.single_instance import InstanceServer\n"
    "app = QCoreApplication([])\n"
    "server = InstanceServer(sys.argv[1])\n"
    "assert server.listen()\n"
    "server.activated.connect(lambda page: (print('activated', page, flush=True), app.quit()))\n"
    "print('listening', flush=True)\n"
    "time.sleep(6)  # the loop is blocked: a long synchronous step\n"
    "app.exec()\n"
)


def test_second_start_hands_over_while_the_first_is_busy(qapp: Any) -> None:
    """The first app's loop is blocked for seconds: the second start still hands over (and does not take the name
    over), exits at once, and the first shows the page once it is free."""
    name = f"xim-test-{uuid.uuid4().hex[:8]}"
    first = subprocess.Popen([sys.executable, "-c", BUSY_FIRST, name], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert first.stdout is not None and first.stdout.readline().strip() == "listening"
        started = time.monotonic()
        assert hand_over("dify", name) is True
        assert time.monotonic() - started < 4, "no waiting for the busy app to answer"
        assert not InstanceServer(name).listen(), "the busy app's name is not taken over"
        out, _ = first.communicate(timeout=30)
        assert "activated dify" in out
    finally:
        if first.poll() is None:
            first.kill()


def test_instance_name_follows_the_app_home(monkeypatch: Any, tmp_path: Path) -> None:
    """Tests and portable installs (their own XINFERENCE_MANAGER_HOME) never hand over to the user's app."""
    monkeypatch.setenv("XINFERENCE_MANAGER_HOME", str(tmp_path / "a"))
    first = server_name()
    monkeypatch.setenv("XINFERENCE_MANAGER_HOME", str(tmp_path / "b"))
    assert server_name() != first


def test_second_double_click_brings_the_first_app_forward(qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    """Two real app processes: the second (``--page dify``) hands over to the first and exits 0."""
    import os

    from PySide6.QtNetwork import QLocalSocket

    monkeypatch.setenv("XINFERENCE_MANAGER_HOME", str(tmp_path))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XINFERENCE_MANAGER_NO_KEYRING": "1"}
    first = subprocess.Popen([sys.executable, "-m", "app"], cwd=ROOT, env=env)
    try:
        probe = QLocalSocket()

        def first_listens() -> bool:
            probe.connectToServer(server_name())
            ok = probe.waitForConnected(200)
            probe.abort()
            return ok

        qtbot.waitUntil(first_listens, timeout=60_000)
        second = subprocess.run([sys.executable, "-m", "app", "--page", "dify"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 0, second.stderr
        assert "already running" in second.stdout
        assert first.poll() is None, "the first app keeps running"
    finally:
        first.terminate()
        first.wait(30)
