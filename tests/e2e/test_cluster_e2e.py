"""A real local cluster started by the app (``cluster start``: one xinference-supervisor and two xinference-worker on
127.0.0.1), shared by every test of this module, in order: both workers listed with their resources; the offline
embedding model launched on a chosen worker lands there; killing the other worker's tree is seen as a crash by the
app's supervision and as a lost worker by the cluster view, while the model keeps serving; ``cluster stop`` leaves
no process behind."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from app.core.api import XinferenceClient
from app.core.cluster import (
    LOST,
    ClusterRecord,
    ClusterWatch,
    LocalCluster,
    cluster_log_files,
    model_replicas,
    read_cluster_records,
    stop_cluster_record,
)
from app.core.proc import ProcRef, snapshot_tree
from app.core.server import ServerState
from tests.support.harness import REPO
from tests.ui.conftest import qloop  # noqa: F401 - the qasync loop fixture, for the window tests here

UID = "cluster-embed"


@dataclass
class Cluster:
    home: Path  # the app's home (XINFERENCE_MANAGER_HOME) that holds the cluster's PID file
    endpoint: str
    record: ClusterRecord

    def env(self) -> dict[str, str]:
        return {**os.environ, "XINFERENCE_MANAGER_HOME": str(self.home)}

    def cli(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=REPO,
                              timeout=timeout, env=self.env())

    def every_pid(self) -> set[ProcRef]:
        return {ref for rec in self.record.trees.values() for ref in [*rec.tree, *snapshot_tree(rec.pid)]}

    def worker_addresses(self) -> list[str]:
        return self.record.worker_addresses()


@pytest.fixture(scope="module")
def cluster(engine_venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    home = tmp_path_factory.mktemp("cluster-app")
    env = {**os.environ, "XINFERENCE_MANAGER_HOME": str(home)}
    started = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "app", "cluster", "start", "--workers", "2", "--no-auth", "--engine",
                        str(engine_venv), "--home", str(home / "xinference"), "--wait"],
                       capture_output=True, text=True, cwd=REPO, timeout=700, env=env)
    print(f"cluster start (supervisor + 2 workers) to every worker joined: {time.monotonic() - started:.1f} s")
    assert r.returncode == 0, r.stderr
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XINFERENCE_MANAGER_HOME", str(home))
        (record,) = read_cluster_records()
    found = Cluster(home, r.stdout.strip(), record)
    remembered = found.every_pid()
    try:
        yield found
    finally:
        with pytest.MonkeyPatch.context() as mp:  # whatever a failed test left running ends here
            mp.setenv("XINFERENCE_MANAGER_HOME", str(home))
            asyncio.run(stop_cluster_record(record, grace=10.0))
        left = [ref.pid for ref in remembered if ref.alive()]
        assert not left, f"processes left behind: {left}"


@pytest.fixture
def in_cluster_home(cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> Cluster:
    monkeypatch.setenv("XINFERENCE_MANAGER_HOME", str(cluster.home))
    return cluster


def test_supervisor_and_both_workers_are_listed_with_their_resources(in_cluster_home: Cluster) -> None:
    c = in_cluster_home
    assert c.endpoint == c.record.endpoint
    assert set(c.record.trees) == {"supervisor", "worker-1", "worker-2"}
    ports = [p for m in c.record.members for p in (m.port, m.extra_port)]
    assert len(set(ports)) == len(ports) == 6
    for name in c.record.trees:  # one log per process
        assert cluster_log_files(c.record.port, name)[1].stat().st_size > 0
    r = c.cli("cluster", "status", "--json")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["supervisor"]["role"] == "Supervisor"
    assert sorted(w["address"] for w in info["workers"]) == sorted(c.worker_addresses())
    for w in info["workers"]:
        assert w["health"] == "ok" and w["version"] == "4.1.0"
        assert w["cpu_count"] >= 1 and w["memory_total"] > w["memory_available"] > 0 and w["gpu_count"] == 0
    assert all(p["alive"] for p in info["processes"].values()) and not info["lost_workers"]


def test_a_model_launched_on_a_chosen_worker_lands_there(in_cluster_home: Cluster, test_models: dict[str, Path]
                                                         ) -> None:
    c = in_cluster_home
    chosen = c.worker_addresses()[1]
    r = c.cli("--endpoint", c.endpoint, "register", "--type", "embedding", "--name", "tiny-embed", "--path",
              str(test_models["embed"]))
    assert r.returncode == 0, r.stderr
    started = time.monotonic()
    r = c.cli("--endpoint", c.endpoint, "launch", "tiny-embed", "--type", "embedding", "--engine",
              "sentence_transformers", "--uid", UID, "--worker", chosen, "--wait")
    print(f"launch on {chosen}: {time.monotonic() - started:.1f} s")
    assert r.returncode == 0, r.stderr

    async def look() -> None:
        async with XinferenceClient(c.endpoint) as client:
            (replica,) = await model_replicas(client, UID)
            assert replica.worker_address == chosen and replica.status == "READY"
            view = await ClusterWatch(c.endpoint).refresh(client)
            assert view.worker_of(f"{UID}-rep0") == chosen

    asyncio.run(look())
    status = c.cli("cluster", "status")
    assert f"runs {UID}-rep0 (embedding tiny-embed)" in status.stdout


def _window(c: Cluster) -> Any:
    from app.core.settings import Profile, Settings
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    settings = Settings(profiles=[Profile(name="cluster", kind="remote", endpoint=c.endpoint, dify_location="")],
                        current="cluster")
    return MainWindow(AppContext(settings))


@pytest.mark.usefixtures("qloop")
def test_the_window_shows_the_cluster_the_workers_and_where_each_replica_runs(in_cluster_home: Cluster,
                                                                              qtbot: Any) -> None:
    from app.ui.dialogs.launch_dialog import LaunchDialog

    c = in_cluster_home
    chosen = c.worker_addresses()[1]
    window = _window(c)
    qtbot.addWidget(window)
    window.show()  # the Running page refreshes only while shown
    page = window.pages["cluster"]
    nav = next(window._nav.item(i) for i in range(window._nav.count()) if window._nav.item(i).text() == "Cluster")
    qtbot.waitUntil(lambda: page.available and not nav.isHidden(), timeout=30_000)  # offered: it is a cluster
    window.show_page("cluster")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=30_000)
    rows = {page.model.worker_at(r).address: r for r in range(2)}
    assert set(rows) == set(c.worker_addresses())
    models = page.model.index(rows[chosen], 7).data()
    assert models == f"{UID}-rep0" and page.model.index(rows[chosen], 1).data() == "ok"
    assert page.model.index(rows[chosen], 2).data() == "4.1.0" and "GiB" in page.model.index(rows[chosen], 4).data()
    window.show_page("running")
    running = window.pages["running"]
    qtbot.waitUntil(lambda: running.model.row_of(UID) >= 0, timeout=30_000)
    assert running.model.row_at(running.model.row_of(UID)).workers == (chosen,)
    dialog = LaunchDialog(window.ctx, {"model_name": "tiny-embed", "model_type": "embedding"}, parent=window)
    qtbot.waitUntil(lambda: dialog.worker.count() == 3, timeout=30_000)  # "any" and the two workers
    assert {dialog.worker.itemText(i) for i in range(3)} == {"", *c.worker_addresses()}
    dialog.worker.setCurrentText(chosen)
    assert dialog.request().worker_ip == chosen


def test_a_killed_worker_is_a_crash_and_a_lost_worker_while_the_other_serves(in_cluster_home: Cluster) -> None:
    c = in_cluster_home
    victim, survivor = c.worker_addresses()
    crashed: list[str] = []

    async def scenario() -> float:
        watched = LocalCluster(on_state=lambda name, state, _o: crashed.append(name)
                               if state is ServerState.CRASHED else None)
        assert sorted(watched.adopt(c.record)) == ["supervisor", "worker-1", "worker-2"]  # adoption by PID file
        async with XinferenceClient(c.endpoint) as client:
            watch = ClusterWatch(c.endpoint)
            await watch.refresh(client)
            killed_at = time.monotonic()
            os.killpg(c.record.trees["worker-1"].pid, signal.SIGKILL)
            while "worker-1" not in crashed:  # the app's own supervision sees the tree end within seconds
                assert time.monotonic() - killed_at < 15, "the worker's death was not noticed"
                await asyncio.sleep(0.2)
            print(f"worker crash noticed by the app after {time.monotonic() - killed_at:.1f} s")
            while True:
                view = await watch.refresh(client)
                lost = view.worker(victim)
                if lost is not None and lost.health == LOST:
                    break
                assert time.monotonic() - killed_at < 60, f"not shown as lost within a minute: {view}"
                await asyncio.sleep(1.0)
            seconds = time.monotonic() - killed_at
            assert view.worker(survivor) is not None and view.worker(survivor).health == "ok"  # type: ignore[union-attr]
            assert view.worker_of(f"{UID}-rep0") == survivor
        watched.detach()
        await watched.aclose()
        return seconds

    seconds = asyncio.run(scenario())
    print(f"worker shown as lost {seconds:.1f} s after its tree was killed")
    r = httpx.post(f"{c.endpoint}/v1/embeddings", json={"model": UID, "input": "still serving"}, timeout=120)
    assert r.status_code == 200 and len(r.json()["data"][0]["embedding"]) == 384
    status = json.loads(c.cli("cluster", "status", "--json").stdout)
    assert [w["address"] for w in status["lost_workers"]] == [victim]
    assert status["processes"]["worker-1"]["alive"] is False


@pytest.mark.usefixtures("qloop")
def test_the_window_shows_the_lost_worker_and_what_ran_on_the_other(in_cluster_home: Cluster, qtbot: Any) -> None:
    c = in_cluster_home
    victim, survivor = c.worker_addresses()
    window = _window(c)
    qtbot.addWidget(window)
    window.show()
    page = window.pages["cluster"]
    window.show_page("cluster")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and page.view is not None, timeout=30_000)
    health = {page.model.worker_at(r).address: page.model.index(r, 1).data() for r in range(2)}
    assert health[survivor] == "ok" and health[victim].startswith("lost at")
    assert "1 worker(s), 1 lost" in page.summary.text()


def test_cluster_stop_leaves_no_process_behind(in_cluster_home: Cluster) -> None:
    c = in_cluster_home
    every = c.every_pid()
    assert any(ref.alive() for ref in every)
    started = time.monotonic()
    r = c.cli("cluster", "stop")
    print(f"cluster stop: {time.monotonic() - started:.1f} s")
    assert r.returncode == 0, r.stderr
    left = [f"{ref.pid} {psutil.Process(ref.pid).cmdline()[:3]}" for ref in every if ref.alive()]
    assert not left, left
    assert read_cluster_records() == []
    assert c.cli("cluster", "stop").returncode == 1
