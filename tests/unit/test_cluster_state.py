"""A cluster's JSON (answers captured from a real Xinference 4.1 supervisor with two workers) parsed once, the
lost-worker memory, the port plan and the PID file of a local cluster."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from app.core.cluster import (
    LOST,
    NOT_ANSWERING,
    OK,
    ClusterRecord,
    ClusterWatch,
    Replica,
    parse_cluster_info,
    parse_replicas,
    parse_status,
    parse_workers,
    plan_cluster,
    read_cluster_records,
    served_only_by_lost,
)
from app.core.cluster.plan import role_command, write_cluster_record
from app.core.errors import InvalidInput, PortBusy
from app.core.proc import ProcRef
from app.core.server import Engine, ServerRecord

STATUS = {"uptime": 245, "workers": {
    "127.0.0.1:19314": {"update_time": 1796504629.33, "failure_remaining_count": 5, "status": {"cpu": {
        "usage": 1.0, "total": 2, "memory_used": 6814478336, "memory_available": 18510483456,
        "memory_total": 25324961792}}},
    "127.0.0.1:19312": {"update_time": 1796504629.88, "failure_remaining_count": 3, "status": {"cpu": {
        "usage": 0.5, "total": 2, "memory_used": 6813442048, "memory_available": 18511519744,
        "memory_total": 25324961792}, "gpu-0": {"name": "NVIDIA L4", "mem_total": 24e9, "mem_free": 20e9,
                                                 "mem_used": 4e9, "mem_usage": 0.16, "gpu_util": 12}}}}}
INFO = [
    {"node_type": "Supervisor", "ip_address": "127.0.0.1:19311", "gpu_count": 0, "gpu_vram_total": 0,
     "gpu_vram_available": 0, "gpu_utilization": None, "cpu_available": 0.056, "cpu_count": 2,
     "mem_used": 4412207104, "mem_available": 20912754688, "mem_total": 25324961792},
    {"node_type": "Worker", "ip_address": "127.0.0.1:19314", "gpu_count": 0, "gpu_vram_total": 0,
     "cpu_available": 0.22, "cpu_count": 2, "mem_used": 4358344704, "mem_available": 20966617088,
     "mem_total": 25324961792, "gpu_utilization": None, "gpu_vram_available": 0, "software_version": "4.1.0"},
]
WORKERS = [
    {"work-ip": "127.0.0.1:19314", "models": {}},
    {"work-ip": "127.0.0.1:19312", "models": {"e1-rep0": {
        "model_type": "embedding", "address": "127.0.0.1:42113", "model_name": "tiny-embed",
        "model_engine": "sentence_transformers", "model_format": "pytorch", "dimensions": 384}}},
]
REPLICAS = [{"replica_id": 0, "replica_model_uid": "e1-rep0", "worker_address": "127.0.0.1:19312",
             "model_address": "127.0.0.1:42113", "accelerators": [], "status": "READY", "created_ts": 1796504561,
             "error_message": None, "replica_uid": None, "gpu_idx": None}]


def test_the_four_answers_parse_into_typed_figures() -> None:
    status = parse_status(STATUS)
    assert [w.address for w in status.workers] == ["127.0.0.1:19312", "127.0.0.1:19314"]
    busy = status.workers[0]
    assert (busy.cpu_count, busy.memory_total, busy.failures_left, busy.answering) == (2, 25324961792, 3, False)
    assert busy.gpus[0].name == "NVIDIA L4" and busy.gpus[0].utilization == 12
    nodes = parse_cluster_info(INFO)
    assert nodes[0].is_supervisor and not nodes[1].is_supervisor and nodes[1].version == "4.1.0"
    hosted = parse_workers(WORKERS)  # the key is spelled "work-ip" in 4.1
    assert hosted[1].address == "127.0.0.1:19312" and hosted[1].replicas[0].replica_uid == "e1-rep0"
    assert hosted[1].replicas[0].model_name == "tiny-embed"
    replica = parse_replicas("e1", REPLICAS)[0]
    assert (replica.worker_address, replica.status, replica.gpu_idx) == ("127.0.0.1:19312", "READY", ())


def test_a_worker_that_disappears_is_lost_with_what_it_held_until_it_comes_back(tmp_path: Path) -> None:
    memory = tmp_path / "watch.json"
    watch = ClusterWatch("http://127.0.0.1:19310", memory)
    status = parse_status(STATUS)
    view = watch.update(1.0, status.workers, parse_cluster_info(INFO), parse_workers(WORKERS), now=100.0)
    assert [w.health for w in view.workers] == [NOT_ANSWERING, OK]
    assert view.worker_of("e1-rep0") == "127.0.0.1:19312"
    assert view.worker("127.0.0.1:19314") is not None and view.worker("127.0.0.1:19314").version == "4.1.0"
    only_one = tuple(w for w in status.workers if w.address == "127.0.0.1:19314")
    view = watch.update(2.0, only_one, (), (), now=130.0)
    lost = view.lost[0]
    assert (lost.address, lost.health, lost.lost_at) == ("127.0.0.1:19312", LOST, 130.0)
    assert [r.replica_uid for r in lost.replicas] == ["e1-rep0"]
    replicas = (Replica("e1", 0, "e1-rep0", "127.0.0.1:19312", "TERMINATED"),)
    assert served_only_by_lost(replicas, view)
    assert view.models_gone_with_lost_workers() == ("e1",)
    # A later command-line run remembers the loss (and its time) from the file.
    again = ClusterWatch("http://127.0.0.1:19310", memory).update(3.0, only_one, (), (), now=160.0)
    assert again.lost[0].lost_at == 130.0
    back = watch.update(4.0, status.workers, (), (), now=190.0)
    assert not back.lost and len(back.live) == 2


def test_a_worker_the_supervisor_cannot_reach_is_not_answering_before_it_is_dropped() -> None:
    status = parse_status({"uptime": 1, "workers": {k: {**v, "failure_remaining_count": 5}
                                                  for k, v in STATUS["workers"].items()}})  # type: ignore[attr-defined]
    view = ClusterWatch("http://x").update(1.0, status.workers, (), (), unreachable={"127.0.0.1:19312"})
    assert {w.address: w.health for w in view.workers} == {"127.0.0.1:19312": NOT_ANSWERING, "127.0.0.1:19314": OK}


def test_every_port_is_chosen_and_a_busy_one_is_refused() -> None:
    plan = plan_cluster(2)
    ports = [p for m in plan.members for p in (m.port, m.extra_port)]
    assert len(set(ports)) == 6 and plan.endpoint == f"http://127.0.0.1:{plan.port}"
    assert plan.args(plan.workers[0])[:2] == ["-e", plan.endpoint]
    assert "--metrics-exporter-port" in plan.args(plan.workers[1])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        with pytest.raises(PortBusy):
            plan_cluster(1, port=s.getsockname()[1])
    with pytest.raises(InvalidInput):
        plan_cluster(0)


def test_the_roles_run_beside_xinference_local_or_through_its_python(tmp_path: Path) -> None:
    (tmp_path / "xinference-local").touch()
    (tmp_path / "xinference-worker").touch()
    engine = Engine("configured", (str(tmp_path / "xinference-local"),), "/venv/bin/python")
    assert role_command(engine, "worker") == [str(tmp_path / "xinference-worker")]
    assert role_command(engine, "supervisor")[:2] == ["/venv/bin/python", "-c"]


def test_the_pid_file_names_each_members_tree() -> None:
    plan = plan_cluster(1)
    tree = ServerRecord(pid=11, create_time=1.5, host="127.0.0.1", port=plan.port, home="/h", endpoint=plan.endpoint,
                        started_at=2.0, tree=[ProcRef(11, 1.5), ProcRef(12, 1.6)])
    write_cluster_record(ClusterRecord("127.0.0.1", plan.port, "/h", False, 2.0, plan.members, {"supervisor": tree}))
    (record,) = read_cluster_records()
    assert record.trees["supervisor"].tree == [ProcRef(11, 1.5), ProcRef(12, 1.6)]
    assert record.worker_addresses() == [plan.workers[0].address("127.0.0.1")] and not record.auth
