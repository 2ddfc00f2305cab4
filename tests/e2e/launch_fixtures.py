"""Fixtures for the launch/terminate tests: a server of their own (so the shared session servers keep their
models), and an AppContext pointed at a server.

The server is one per test session even when several modules ask for it.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

from tests.support import harness

_SERVER: harness.RunningServer | None = None


def shared_launch_server(
    engine_venv: Path, test_models: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> harness.RunningServer:
    """A real no-login server with the tiny models registered and nothing running: tests launch and stop.

    Call it from a session-scoped fixture in the test module (``yield`` it, then ``stop_shared_server()``)."""
    global _SERVER
    if _SERVER is None:
        server = harness.start_server(engine_venv, tmp_path_factory.mktemp("launch-server"), auth=False)
        try:
            harness.register_test_models(server, test_models)
        except Exception:
            server.stop()
            raise
        _SERVER = server
    return _SERVER


def stop_shared_server() -> None:
    global _SERVER
    if _SERVER is not None:
        _SERVER.stop()
        _SERVER = None


def model_processes(uid: str) -> list[psutil.Process]:
    """Xinference titles each replica's process ``Model: <uid>-rep<n>``."""
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        try:
            cmd = " ".join(proc.info["cmdline"] or [])
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if cmd.startswith(f"Model: {uid}-rep"):
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
