"""A second app start hands over to the first (brings it to the front, with a page) and exits."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

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


def test_a_stale_socket_is_taken_over(qapp: Any) -> None:
    """An app that crashed leaves its socket name behind; the next app listens anyway."""
    name = f"xim-test-{uuid.uuid4().hex[:8]}"
    first = InstanceServer(name)
    assert first.listen()
    second = InstanceServer(name)
    try:
        # Not a crash, but the same situation for listen(): the name is taken and must be reclaimed.
        assert second.listen()
    finally:
        first.close()
        second.close()


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
