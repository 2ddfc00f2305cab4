"""Helpers for the launch/terminate tests (their server is the ``launch_server`` session fixture in
``tests/conftest.py``): model processes by UID, and an AppContext pointed at a server."""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import psutil

from tests.support.harness import RUN_MARK


def ours(proc: psutil.Process) -> bool:
    """Whether a process belongs to this test run: it or an ancestor inherited the run's mark (tests/conftest.py).
    Other work on the machine may run servers with the same model UIDs; their processes are none of our business.
    A model process's own environment reads empty (its title overwrites that memory), hence the ancestors."""
    mark = os.environ[RUN_MARK]
    try:
        for each in (proc, *proc.parents()):
            try:
                if each.environ().get(RUN_MARK) == mark:
                    return True
            except (psutil.AccessDenied, psutil.ZombieProcess):
                continue
    except psutil.NoSuchProcess:
        pass
    return False


def model_processes(uid: str) -> list[psutil.Process]:
    """This run's processes of a model: Xinference titles each replica's process ``Model: <uid>-rep<n>``."""
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        try:
            cmd = " ".join(proc.info["cmdline"] or [])
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if cmd.startswith(f"Model: {uid}-rep") and ours(proc):
            found.append(proc)
    return found


def wait_gone(uid: str, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not model_processes(uid):
            return True
        time.sleep(0.3)
    return False


def make_ctx(endpoint: str, token: str | None = None) -> Any:
    from app.core.secrets import SecretStore
    from app.core.settings import Profile, Settings
    from app.ui.context import AppContext

    settings = Settings(profiles=[Profile(name="test", kind="remote", endpoint=endpoint)], current="test")
    ctx = AppContext(settings)
    if token:
        ctx.secrets.set(SecretStore.key(endpoint, "access_token"), token)
    return ctx


def close_ctx(ctx: Any, qtbot: Any) -> None:
    task = asyncio.ensure_future(ctx.aclose())
    qtbot.waitUntil(task.done, timeout=10_000)
