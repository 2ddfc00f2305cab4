"""Small process helpers: run-and-capture, process groups, and process trees remembered by (pid, create time).

A pid alone is not an identity (pids are reused); a pid with its create time is.
"""

from __future__ import annotations

import asyncio
import os
import signal
from dataclasses import dataclass

import psutil


async def run_capture(cmd: list[str], timeout: float = 30.0, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run a command, return (exit code, stdout+stderr). A timeout or missing program gives (-1, reason)."""
    try:
        proc = await asyncio.create_subprocess_exec(
            *cmd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, env=env,
            start_new_session=True,
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


def kill_process_group(pid: int, sig: int = signal.SIGKILL) -> None:
    if os.name == "nt":
        try:
            psutil.Process(pid).kill()
        except psutil.NoSuchProcess:
            pass
        return
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        try:
            os.kill(pid, sig)
        except (ProcessLookupError, PermissionError):
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
    """SIGTERM the group (or each process), wait up to ``grace`` seconds, SIGKILL what remains.

    Returns how many processes had to be killed."""
    procs = alive(refs)
    if group is not None:
        kill_process_group(group, signal.SIGTERM)
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
