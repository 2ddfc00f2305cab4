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
import uuid
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from tests.support import harness

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ[harness.RUN_MARK] = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"  # one per pytest process (xdist worker)

TESTS = Path(__file__).parent
# The tier of each folder, as a marker: ``-m unit`` (core, no Qt), ``-m ui`` (pytest-qt), ``-m e2e`` (real servers),
# ``-m bench``. ``engine`` marks every test that needs the real Xinference engine, whatever its folder, so
# ``-m "not engine"`` is the fast tier (about a minute).
TIERS = ("unit", "ui", "e2e", "bench", "packaging", "soak")
# Tiers that run only when asked for with -m: benchmarks (tests/bench/conftest.py), the packaged build
# (about 2 minutes of PyInstaller; .ci/run runs it once, after the suite) and the soak (about 30 real server
# starts with kills: 20-60 minutes, README "Reliability").
ON_REQUEST = ("packaging", "soak")
ENGINE_FIXTURES = {"engine_venv"}
# Under pytest-xdist (``-n``), the tests of one shared server run on one worker, so each session server starts
# once per run, not once per worker (``--dist loadgroup``).
SHARED_SERVERS = ("launch_server", "xinf_auth_server", "xinf_server")


@pytest.hookimpl(tryfirst=True)  # before xdist's own, which turns the xdist_group marks into the nodeid's @group
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    asked = config.getoption("-m") or ""
    for tier in ON_REQUEST:
        if tier in asked:
            continue
        # Deselected, not skipped: the packaged build is a check asked for on purpose, not a test that could not run.
        held = [item for item in items if TESTS / tier in Path(str(item.path)).parents]
        if held:
            config.hook.pytest_deselected(items=held)
            items[:] = [item for item in items if item not in held]
    for item in items:
        path = Path(str(item.path))
        tier = next((t for t in TIERS if TESTS / t in path.parents), None)
        if tier:
            item.add_marker(tier)
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & ENGINE_FIXTURES:
            item.add_marker("engine")
        if item.get_closest_marker("xdist_group"):
            continue
        shared = next((name for name in SHARED_SERVERS if name in fixtures), None)
        # A module's own server or cluster (and the order its tests rely on: kill a worker, then see it lost)
        # stays on one worker too.
        group = shared or (f"module-{item.path.stem}" if _uses_module_fixture(item) else None)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
            if getattr(config.option, "loadgroup", False) and "@" not in item.nodeid:  # set in xdist workers only
                _add_group_suffix(item, group)

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
    models running.

    Its wrong-key limits are raised: the credential tests send expired tokens on purpose, and at Xinference's
    default (10 in 5 minutes) they would ban 127.0.0.1 for an hour. The ban itself is tested on a server of its
    own (tests/e2e/test_dify_ban.py)."""
    server = harness.start_server(engine_venv, server_workdir, auth=True, env={
        "XINFERENCE_RATE_LIMIT_IP_MAX_FAILURES": "100000", "XINFERENCE_RATE_LIMIT_KEY_MAX_FAILURES": "100000"})
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


def _add_group_suffix(item: pytest.Item, group: str) -> None:
    """xdist's loadgroup schedules by a ``@group`` suffix of the nodeid, which its own hook writes to
    ``item._nodeid``; pytest 9 keeps the nodeid in ``item._id`` (a ``NodeId``), so that write changed nothing and
    every worker started every shared server. Written where pytest reads it."""
    nodeid = f"{item.nodeid}@{group}"
    if hasattr(item, "_id"):
        from _pytest.nodeid import NodeId

        item._id = NodeId.parse(nodeid)
    else:  # pytest 8
        item._nodeid = nodeid


def _uses_module_fixture(item: pytest.Item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    defs = info.name2fixturedefs.values() if info is not None else ()
    return any(chain and chain[-1].scope == "module" for chain in defs)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport,
                                                                                              pytest.TestReport]:
    """A failed test shows the tail of every server log written while it ran (servers the app started in its app
    home, and the harness's servers), so "Local cluster failed to start" comes with its reason."""
    report = yield
    if report.failed and call.when in ("setup", "call"):
        since = call.start - 1
        roots = [Path(str(item.funcargs["isolated_app_home"]))] if "isolated_app_home" in getattr(
            item, "funcargs", {}) else []
        roots.append(Path(str(item.config._tmp_path_factory.getbasetemp())))  # type: ignore[attr-defined]
        seen: set[Path] = set()
        for root in roots:
            for log in sorted(root.rglob("server-*.log*")):
                if log in seen or not log.is_file() or log.stat().st_mtime < since:
                    continue
                seen.add(log)
                tail = log.read_text(errors="replace").splitlines()[-40:]
                report.sections.append((f"server log {log}", "\n".join(tail)))
    return report

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
