"""Session fixtures: a real Xinference engine, the offline test models, and real servers with and without login.

The engine is installed by the app's own installer on first use and cached outside the repo (keyed by its pip
requirement), so the first run takes a few minutes and later runs start at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import harness

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_STARTED = pytest.StashKey[float]()


@pytest.fixture(autouse=True)
def isolated_app_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own settings/data/state folders: never the real user's.

    Afterwards any server the app started in that test and did not stop (a test that failed half-way) is
    stopped from its PID file, so no test leaves a process tree behind."""
    home = tmp_path_factory.mktemp("app-home")
    monkeypatch.setenv("XINFERENCE_MANAGER_HOME", str(home))
    monkeypatch.setenv("XINFERENCE_MANAGER_NO_KEYRING", "1")
    yield home
    from app.core.server.control import stop_recorded
    from app.core.server.pidfile import read_records

    records = read_records()
    if records:  # in a thread of its own: the test's event loop may still be registered as running
        import threading

        worker = threading.Thread(target=lambda: [asyncio.run(stop_recorded(r, grace=10.0)) for r in records])
        worker.start()
        worker.join(60)


@pytest.fixture(scope="session")
def engine_venv() -> Path:
    """The venv that holds the real Xinference (installed by the app's installer, cached)."""
    return harness.ensure_engine()


@pytest.fixture(scope="session")
def test_models(engine_venv: Path) -> dict[str, Path]:
    """Folders of the offline models: ``tiny-chat``, ``embed`` and ``tiny-rerank``."""
    return harness.ensure_models(engine_venv)


@pytest.fixture(scope="session")
def server_workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("servers")


@pytest.fixture(scope="session")
def xinf_server(
    engine_venv: Path, test_models: dict[str, Path], server_workdir: Path
) -> Iterator[harness.RunningServer]:
    """A real no-login server on 127.0.0.1 with the three tiny models running; UIDs in ``.uids`` by type."""
    server = harness.start_server(engine_venv, server_workdir, auth=False)
    try:
        harness.register_test_models(server, test_models)
        harness.launch_test_models(server)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def xinf_auth_server(
    engine_venv: Path, test_models: dict[str, Path], server_workdir: Path
) -> Iterator[harness.RunningServer]:
    """A real login-enabled server (admin set up, ``.admin_token`` and ``.api_key``) with the chat and embedding
    models running."""
    server = harness.start_server(engine_venv, server_workdir, auth=True)
    try:
        harness.setup_admin(server)
        harness.register_test_models(server, test_models)
        harness.launch_test_models(server, which=("LLM", "embedding"))
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def launch_server(
    engine_venv: Path, test_models: dict[str, Path], server_workdir: Path
) -> Iterator[harness.RunningServer]:
    """A real no-login server with the tiny models registered and none running: launch/terminate tests use it,
    so the other session servers keep their models."""
    server = harness.start_server(engine_venv, server_workdir, auth=False)
    try:
        harness.register_test_models(server, test_models)
        yield server
    finally:
        server.stop()


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_STARTED] = time.monotonic()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A full run of the suite (no selection) leaves its time where the benchmarks read it (``suite_s``)."""
    config = session.config
    whole = not config.getoption("keyword") and not config.getoption("markexpr") and all(
        Path(arg).resolve() in (harness.REPO, harness.REPO / "tests") for arg in config.args)
    if not whole or session.testscollected < 100 or _STARTED not in config.stash:
        return
    record = {"seconds": round(time.monotonic() - config.stash[_STARTED], 1), "tests": session.testscollected,
              "failed": session.testsfailed, "exit_status": int(exitstatus), "finished_at": time.time(),
              "repo": str(harness.REPO)}
    with contextlib.suppress(OSError):
        (harness.cache_root() / "last-full-suite-run.json").write_text(json.dumps(record))
