"""Small process helpers: run-and-capture, process groups, and process trees remembered by (pid, create time).

A pid alone is not an identity (pids are reused); a pid with its create time is.

Platform-neutral by construction: nothing POSIX-only is read at import time. POSIX starts a child in a new session
and signals its process group; Windows has no such groups for a GUI app's children, so a child starts in a new
process group (``CREATE_NEW_PROCESS_GROUP``) and a tree is ended process by process with psutil. The branch is
chosen by ``IS_WINDOWS`` (a module constant, so tests can exercise the Windows branch here).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from dataclasses import dataclass
from typing import Any

import psutil

IS_WINDOWS = os.name == "nt"
# subprocess.CREATE_NEW_PROCESS_GROUP exists only on Windows; the value is fixed by the Win32 API.
CREATE_NEW_PROCESS_GROUP = 0x00000200


def new_group_kwargs() -> dict[str, Any]:
    """Keyword arguments for ``create_subprocess_exec``/``Popen`` that make the child the head of its own group,
    so that the whole tree can be stopped later without touching the app itself."""
    if IS_WINDOWS:
        return {"creationflags": CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


async def run_capture(cmd: list[str], timeout: float = 30.0, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run a command, return (exit code, stdout+stderr). A timeout or missing program gives (-1, reason)."""
    try:
        proc = await asyncio.create_subprocess_exec(
            *cmd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, env=env, **new_group_kwargs(),
        )
    except OSError as exc:
        return -1, str(exc)
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), timeout)
    except (TimeoutError, asyncio.CancelledError):
        kill_process_group(proc.pid)
        await proc.wait()
        raise
    return proc.returncode or 0, out.decode(errors="replace")


def kill_process_group(pid: int, force: bool = True) -> None:
    """End (``force``) or ask to end (SIGTERM) the tree that ``pid`` heads; a process already gone is fine.

    POSIX: the process group ``pid`` leads (started with ``new_group_kwargs``), else ``pid`` alone. Windows:
    every process of the tree now, children first, with psutil (there TerminateProcess is the only way)."""
    if IS_WINDOWS:
        _end_tree_psutil(pid, force)
    else:
        _signal_group_posix(pid, force)


def _signal_group_posix(pid: int, force: bool) -> None:
    if sys.platform == "win32":  # never called there; tells mypy --platform win32 the names below are POSIX-only
        raise AssertionError("POSIX only")
    sig = signal.SIGKILL if force else signal.SIGTERM
    try:
        # Only a group this pid leads: signalling someone else's group would hit processes not in the tree.
        if os.getpgid(pid) == pid:
            os.killpg(pid, sig)
            return
    except (ProcessLookupError, PermissionError):
        pass
    try:
        os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _end_tree_psutil(pid: int, force: bool) -> None:
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return
    for p in reversed(procs):  # children first: a parent that ends first could restart or orphan them
        try:
            if force:
                p.kill()
            else:
                p.terminate()
        except psutil.Error:
            pass


@dataclass(frozen=True)
class ProcRef:
    pid: int
    create_time: float

    @staticmethod
    def of(proc: psutil.Process) -> ProcRef:
        return ProcRef(proc.pid, proc.create_time())

    def process(self) -> psutil.Process | None:
        """The live process, or None when it ended (or its pid now belongs to another process)."""
        try:
            proc = psutil.Process(self.pid)
            if abs(proc.create_time() - self.create_time) > 0.05:
                return None
            if proc.status() == psutil.STATUS_ZOMBIE:
                return None
            return proc
        except psutil.Error:
            return None

    def alive(self) -> bool:
        return self.process() is not None


def snapshot_tree(root_pid: int) -> list[ProcRef]:
    """The root and all its descendants now. Take it while the tree is alive: after an intermediate process dies,
    its children are re-parented and no longer show up under the root."""
    try:
        root = psutil.Process(root_pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return []
    refs = []
    for p in procs:
        try:
            refs.append(ProcRef.of(p))
        except psutil.Error:
            continue
    return refs


def alive(refs: list[ProcRef]) -> list[psutil.Process]:
    return [p for p in (r.process() for r in refs) if p is not None]


async def terminate_tree(refs: list[ProcRef], group: int | None, grace: float = 20.0) -> int:
    """Ask the group (or each process) to end, wait up to ``grace`` seconds, kill what remains.

    Returns how many processes had to be killed."""
    procs = alive(refs)
    if group is not None:
        kill_process_group(group, force=False)
    for p in procs:
        try:
            p.terminate()
        except psutil.Error:
            pass
    remaining = await asyncio.to_thread(lambda: psutil.wait_procs(procs, timeout=grace)[1])
    # Descendants started after the last snapshot: catch them before killing their parents.
    extra = []
    for p in remaining:
        try:
            extra.extend(p.children(recursive=True))
        except psutil.Error:
            pass
    remaining = [*remaining, *extra]
    for p in remaining:
        try:
            p.kill()
        except psutil.Error:
            pass
    if remaining:
        await asyncio.to_thread(psutil.wait_procs, remaining, 5)
    return len(remaining)
