"""Which process of an Xinference tree is what, judged afresh by command line and place in the tree.

The command lines are the ones measured on a real Xinference 4.1 tree (see tests/e2e for the real server); the
tree test builds processes that carry those command lines, so the classification of a live tree is checked too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from app.core.server.tree import (
    Role,
    classify_tree,
    describe_process,
    is_model_pool,
    is_server_command,
    is_worker_command,
    model_uid_of,
    xinference_top,
)

VENV = "/root/.cache/xim/envs/1/bin"
SERVER = [f"{VENV}/python", f"{VENV}/xinference-local", "-H", "127.0.0.1", "-p", "9997", "--log-level", "INFO"]
WORKER = [f"{VENV}/python", "-u", "/tmp/xinf-api-nudc7v0o/start_local.py", "/tmp/xinf-api-nudc7v0o/local.json"]
LOADING = [f"{VENV}/python", "-m", "xoscar.backends.indigen", "start_sub_pool", "-sn", "psm_f55ebc5d"]


@pytest.mark.parametrize("cmd", [
    SERVER,
    [f"{VENV}/xinference-local", "-p", "9997"],
    [r"C:\envs\x\Scripts\xinference-local.exe", "-H", "127.0.0.1"],
    [r"C:\envs\x\Scripts\python.exe", r"C:\envs\x\Scripts\xinference-local-script.py"],
    ["python3", "-X", "utf8", "-m", "xinference.deploy.cmdline", "local"],
])
def test_server_commands(cmd: list[str]) -> None:
    assert is_server_command(cmd)
    assert not is_model_pool(cmd)


@pytest.mark.parametrize("cmd", [
    ["python3", "-m", "http.server", "8000"],
    ["vim", "xinference-local"],
    ["python3", "/home/me/xinference-local-notes.py"],
    [],
])
def test_not_server_commands(cmd: list[str]) -> None:
    assert not is_server_command(cmd)


def test_model_pools_loading_and_loaded() -> None:
    assert is_model_pool(LOADING)
    assert is_model_pool(["Model: tiny-chat-37405-rep0"])
    assert is_model_pool(["Model:", "tiny-chat-37405-rep0"])  # setproctitle's title split on spaces
    assert not is_model_pool(WORKER) and not is_model_pool(SERVER)
    assert is_worker_command(WORKER) and not is_worker_command(LOADING)


def test_model_uid_of_replica() -> None:
    assert model_uid_of("qwen-rep0") == "qwen"
    assert model_uid_of("my-rep-model-rep12") == "my-rep-model"
    assert model_uid_of("plain") == "plain"


@pytest.fixture
def fake_xinference_tree(tmp_path: Path) -> Iterator[int]:
    """xinference-local → start_local.py → an xoscar sub pool (still loading), with real command lines."""
    sleeper = "import time, sys\ntime.sleep(120)\n"
    pkg = tmp_path / "xoscar" / "backends" / "indigen"
    pkg.mkdir(parents=True)
    for folder in (tmp_path / "xoscar", tmp_path / "xoscar" / "backends", pkg):
        (folder / "__init__.py").write_text("")
    (pkg / "__main__.py").write_text(sleeper)
    (tmp_path / "start_local.py").write_text(
        "import os, subprocess, sys, time\n"
        "env = dict(os.environ, XINFERENCE_MODEL_UID='tiny-chat-rep0', PYTHONPATH=sys.argv[2])\n"
        "subprocess.Popen([sys.executable, '-m', 'xoscar.backends.indigen', 'start_sub_pool', '-sn', 'psm_1'],"
        " env=env)\n"
        "time.sleep(120)\n")
    (tmp_path / "xinference-local").write_text(
        "import subprocess, sys, time\n"
        f"subprocess.Popen([sys.executable, '-u', {str(tmp_path / 'start_local.py')!r}, 'local.json', "
        f"{str(tmp_path)!r}])\n"
        "time.sleep(120)\n")
    top = subprocess.Popen([sys.executable, str(tmp_path / "xinference-local"), "-H", "127.0.0.1", "-p", "1"],
                           start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while len(psutil.Process(top.pid).children(recursive=True)) < 2 or not any(
                "start_sub_pool" in " ".join(p.cmdline()) for p in psutil.Process(top.pid).children(recursive=True)):
            assert time.monotonic() < deadline, "the fake tree did not come up"
            time.sleep(0.1)
        yield top.pid
    finally:
        os.killpg(top.pid, 9)
        top.wait()


def test_classify_a_live_tree(fake_xinference_tree: int) -> None:
    members = classify_tree(fake_xinference_tree)
    roles = sorted((m.role.value, m.replica_uid, m.loading) for m in members)
    assert roles == sorted([("server", None, False), ("supervisor/worker", None, False),
                            ("model", "tiny-chat-rep0", True)])
    pool = next(m for m in members if m.role is Role.MODEL)
    # Climbing from any process of the tree finds its top; the pool is Xinference's too.
    assert xinference_top(pool.ref.pid) == fake_xinference_tree
    assert xinference_top(fake_xinference_tree) == fake_xinference_tree


def test_a_foreign_program_is_not_xinference() -> None:
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        deadline = time.monotonic() + 10
        while "time.sleep" not in " ".join(psutil.Process(other.pid).cmdline()):  # until it has exec'd
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert xinference_top(other.pid) is None
        text = describe_process(other.pid)
        assert f"pid {other.pid}" in text and "time.sleep(60)" in text
    finally:
        other.kill()
        other.wait()
    assert classify_tree(other.pid) == []


def test_a_new_start_keeps_the_previous_runs_log(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The run that crashed is the one whose log says why: a restart on the same port keeps it as ``*.log.1``."""
    from app.core.server.logs import fresh_log_files, log_files

    monkeypatch.setenv("XINFERENCE_MANAGER_HOME", str(tmp_path))
    out, err = log_files(18123)
    err.write_text("Local cluster failed to start\n")
    out.write_text("")
    assert fresh_log_files(18123) == (out, err)
    assert (err.parent / "server-18123.err.log.1").read_text() == "Local cluster failed to start\n"
    assert not err.exists()
    assert not (out.parent / "server-18123.out.log.1").exists(), "an empty log is not worth keeping"
def test_the_tree_is_looked_at_off_the_event_loop(fake_xinference_tree: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The supervisor looks at the tree every second on the event loop (the GUI thread in the window): the psutil
    walk runs in a worker thread, and what it finds (a pool that ended) is still reported."""
    import threading

    from app.core.server import supervisor as sup_module
    from app.core.server import tree as tree_module

    threads: list[int] = []
    real = tree_module.classify_tree

    def recording(pid: int) -> list:
        threads.append(threading.get_ident())
        return real(pid)

    monkeypatch.setattr(tree_module, "classify_tree", recording)
    lines: list[str] = []
    sup = sup_module.ServerSupervisor(on_log=lambda _s, line: lines.append(line))
    sup.pid, sup.state = fake_xinference_tree, sup_module.ServerState.RUNNING

    async def look_twice() -> int:
        assert await sup._review_tree() == []
        pool = next(m for m in sup.members.values() if m.role is Role.MODEL)
        os.kill(pool.ref.pid, 9)
        deadline = time.monotonic() + 10
        while pool.ref.alive():  # its fake parent never reaps it: a zombie counts as ended
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert await sup._review_tree() == []
        return pool.ref.pid

    pid = __import__("asyncio").run(look_twice())
    assert threads and threading.get_ident() not in threads
    assert any(f"pid {pid}, ended while loading" in line for line in lines), lines
    assert pid not in {r.pid for r in sup.tree}
