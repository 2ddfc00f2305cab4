"""The Windows (and macOS) paths of the process and file helpers, exercised here where they can run.

``proc.IS_WINDOWS`` picks the branch; with it set, no POSIX-only call (process groups, fchmod) may be made: those
names are made to fail, so a test passes only if the Windows branch really avoids them.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from app.core import atomic, proc

REPO = Path(__file__).resolve().parents[2]
# A parent that starts a child and both sleep: a small process tree of our own.
TREE = ("import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
        "time.sleep(60)")


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(proc, "IS_WINDOWS", True)

    def posix_only(*_a: object, **_k: object) -> None:
        raise AssertionError("a POSIX-only call on the Windows path")

    monkeypatch.setattr(os, "killpg", posix_only)
    monkeypatch.setattr(os, "fchmod", posix_only)


def _tree() -> tuple[subprocess.Popen[bytes], list[psutil.Process]]:
    top = subprocess.Popen([sys.executable, "-c", TREE], start_new_session=True)
    parent = psutil.Process(top.pid)
    deadline = 50
    while not parent.children() and deadline:
        psutil.wait_procs([], timeout=0.1)
        deadline -= 1
    return top, [parent, *parent.children(recursive=True)]


def test_new_group_kwargs_per_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(proc, "IS_WINDOWS", True)
    assert proc.new_group_kwargs() == {"creationflags": 0x00000200}  # CREATE_NEW_PROCESS_GROUP
    monkeypatch.setattr(proc, "IS_WINDOWS", False)
    assert proc.new_group_kwargs() == {"start_new_session": True}


def test_windows_kill_ends_the_whole_tree_with_psutil(windows: None) -> None:
    top, procs = _tree()
    try:
        assert len(procs) == 2
        proc.kill_process_group(top.pid)
        _gone, alive = psutil.wait_procs(procs, timeout=10)
        assert alive == []
    finally:
        top.kill()
        top.wait()


async def test_windows_terminate_tree(windows: None) -> None:
    top, procs = _tree()
    try:
        refs = proc.snapshot_tree(top.pid)
        assert len(refs) == 2
        killed = await proc.terminate_tree(refs, top.pid, grace=5.0)
        assert killed == 0, "terminate (not a later kill) ended them"
        assert proc.alive(refs) == []
    finally:
        top.kill()
        top.wait()


def test_posix_group_signal_spares_a_group_it_does_not_lead() -> None:
    """A process that does not lead a group is signalled alone: its group may hold unrelated processes."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])  # in *our* group
    try:
        assert os.getpgid(child.pid) != child.pid
        proc.kill_process_group(child.pid)
        assert child.wait(10) == -9
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_atomic_write_on_windows_skips_fchmod(windows: None, tmp_path: Path) -> None:
    target = tmp_path / "secrets.json"
    atomic.write_atomic(target, '{"a": 1}', mode=0o600)
    assert target.read_text() == '{"a": 1}'


def test_atomic_write_on_posix_sets_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    atomic.write_atomic(target, "x", mode=0o640)
    assert target.stat().st_mode & 0o777 == 0o640


def test_windows_replace_retries_a_file_held_open(windows: None, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.replace
    calls = []

    def busy_twice(src: str, dst: object) -> None:
        calls.append(src)
        if len(calls) < 3:
            raise PermissionError(13, "The process cannot access the file")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", busy_twice)
    target = tmp_path / "settings.json"
    atomic.write_atomic(target, "ok")
    assert target.read_text() == "ok" and len(calls) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"], "no temp file left behind"


def test_posix_replace_error_is_not_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(_src: str, _dst: object) -> None:
        raise PermissionError(13, "denied")

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(PermissionError):
        atomic.write_atomic(tmp_path / "s.json", "x")
    assert list(tmp_path.iterdir()) == []


def test_no_posix_only_name_is_needed_at_import() -> None:
    """As on Windows: without SIGKILL, killpg, getpgid and fchmod the core (settings, server, proc) still imports."""
    code = ("import os, signal\n"
            "for mod, name in ((signal, 'SIGKILL'), (os, 'killpg'), (os, 'getpgid'), (os, 'fchmod')):\n"
            "    delattr(mod, name)\n"
            "import app.core.proc, app.core.atomic, app.core.settings, app.core.secrets, app.core.server\n"
            "import app.cli\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr


async def test_run_capture_uses_the_group_kwargs(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}
    real = asyncio.create_subprocess_exec

    async def spy(*args: str, **kwargs: object) -> asyncio.subprocess.Process:
        seen.update(kwargs)
        return await real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(asyncio, "create_subprocess_exec", spy)
    code, out = await proc.run_capture([sys.executable, "-c", "print('hi')"])
    assert (code, out.strip()) == (0, "hi")
    assert seen.get("start_new_session") is True and "creationflags" not in seen
