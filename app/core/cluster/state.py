"""A cluster's state as Xinference 4.1's supervisor reports it, parsed once into frozen dataclasses.

Four answers make the picture (``xinference/api/routers/admin.py`` and ``models.py``):
- ``GET /status`` (no login): ``{"uptime": s, "workers": {addr: {"update_time": epoch, "failure_remaining_count": n,
  "status": {"cpu": {usage, total, memory_used, memory_available, memory_total}, "gpu-0": {...}}}}}``. A worker
  that misses heartbeats counts ``failure_remaining_count`` down from 5 and is dropped at 0 (about 30 s).
- ``GET /v1/cluster/info?detailed=true`` (admin): one node per supervisor and worker, with ``node_type``,
  ``ip_address``, CPU, memory, ``gpu_count``, ``gpu_vram_total``/``gpu_vram_available``, ``gpu_utilization`` and a
  worker's ``software_version``. The supervisor's ``ip_address`` is its internal (xoscar) address.
- ``GET /v1/workers`` (admin): ``[{"work-ip": addr, "models": {replica_uid: {model_name, model_type, ...}}}]``.
- ``GET /v1/models/{uid}/replicas`` (models:list): ``[{replica_id, replica_model_uid, worker_address, status,
  model_address, error_message, gpu_idx, ...}]``; a replica on a dead worker stays listed as ``TERMINATED``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.errors import MalformedResponse

FAILURE_BUDGET = 5  # XINFERENCE_HEALTH_CHECK_FAILURE_THRESHOLD: heartbeats a worker may miss before it is dropped


def _num(value: Any, default: float = 0.0) -> float:
    try:
        return float(value) if value is not None else default
    except (TypeError, ValueError):
        return default


def _int(value: Any) -> int:
    return int(_num(value))


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class GpuFigures:
    name: str
    memory_total: int
    memory_used: int
    utilization: float | None = None


@dataclass(frozen=True)
class WorkerHeartbeat:
    """One worker as ``/status`` sees it: its last report and how many missed reports it has left."""

    address: str
    update_time: float
    failures_left: int
    cpu_usage: float  # 0..1 of all cores
    cpu_count: int
    memory_used: int
    memory_available: int
    memory_total: int
    gpus: tuple[GpuFigures, ...] = ()

    @property
    def answering(self) -> bool:
        """False once the supervisor has started counting missed heartbeats."""
        return self.failures_left >= FAILURE_BUDGET


@dataclass(frozen=True)
class ClusterStatus:
    uptime: float
    workers: tuple[WorkerHeartbeat, ...]


def parse_status(data: Any) -> ClusterStatus:
    if not isinstance(data, dict) or not isinstance(data.get("workers", {}), dict):
        raise MalformedResponse("/status", "expected {uptime, workers: {...}}")
    workers = []
    for address, entry in data.get("workers", {}).items():
        entry = _dict(entry)
        status = _dict(entry.get("status"))
        cpu = _dict(status.get("cpu"))
        gpus = tuple(
            GpuFigures(
                name=str(g.get("name") or key),
                memory_total=_int(g.get("mem_total")),
                memory_used=_int(g.get("mem_used")),
                utilization=_num(g.get("gpu_util")) if g.get("gpu_util") is not None else None,
            )
            for key, g in sorted(status.items())
            if key != "cpu" and isinstance(g, dict)  # the GPUs are keyed by index ("gpu-0" or "0")
        )
        workers.append(WorkerHeartbeat(
            address=str(address),
            update_time=_num(entry.get("update_time")),
            failures_left=_int(entry.get("failure_remaining_count", FAILURE_BUDGET)),
            cpu_usage=_num(cpu.get("usage")),
            cpu_count=_int(cpu.get("total")),
            memory_used=_int(cpu.get("memory_used")),
            memory_available=_int(cpu.get("memory_available")),
            memory_total=_int(cpu.get("memory_total")),
            gpus=gpus,
        ))
    return ClusterStatus(uptime=_num(data.get("uptime")), workers=tuple(sorted(workers, key=lambda w: w.address)))


@dataclass(frozen=True)
class ClusterNode:
    """One node of ``/v1/cluster/info``: the supervisor or a worker, with its free memory and GPU figures."""

    role: str  # "Supervisor" or "Worker"
    address: str
    cpu_count: int
    cpu_available: float  # cores' worth of CPU not in use (Xinference's own figure)
    memory_used: int
    memory_available: int
    memory_total: int
    gpu_count: int
    gpu_memory_total: int
    gpu_memory_available: int
    gpu_utilization: float | None
    version: str = ""

    @property
    def is_supervisor(self) -> bool:
        return self.role.lower() == "supervisor"


def parse_cluster_info(data: Any) -> tuple[ClusterNode, ...]:
    if not isinstance(data, list):
        raise MalformedResponse("/v1/cluster/info", "expected a list of nodes")
    return tuple(
        ClusterNode(
            role=str(n.get("node_type") or ""),
            address=str(n.get("ip_address") or ""),
            cpu_count=_int(n.get("cpu_count")),
            cpu_available=_num(n.get("cpu_available")),
            memory_used=_int(n.get("mem_used")),
            memory_available=_int(n.get("mem_available")),
            memory_total=_int(n.get("mem_total")),
            gpu_count=_int(n.get("gpu_count")),
            gpu_memory_total=_int(n.get("gpu_vram_total")),
            gpu_memory_available=_int(n.get("gpu_vram_available")),
            gpu_utilization=_num(n.get("gpu_utilization")) if n.get("gpu_utilization") is not None else None,
            version=str(n.get("software_version") or ""),
        )
        for n in data
        if isinstance(n, dict)
    )


@dataclass(frozen=True)
class HostedReplica:
    """A model replica a worker holds (``/v1/workers``): its replica UID and what model it is."""

    replica_uid: str  # e.g. "qwen-rep0"
    model_name: str
    model_type: str
    model_engine: str = ""


@dataclass(frozen=True)
class WorkerModels:
    address: str
    replicas: tuple[HostedReplica, ...]


def parse_workers(data: Any) -> tuple[WorkerModels, ...]:
    if not isinstance(data, list):
        raise MalformedResponse("/v1/workers", "expected a list of workers")
    found = []
    for w in data:
        if not isinstance(w, dict):
            continue
        models = _dict(w.get("models"))
        replicas = tuple(
            HostedReplica(
                replica_uid=str(uid),
                model_name=str(m.get("model_name") or ""),
                model_type=str(m.get("model_type") or ""),
                model_engine=str(m.get("model_engine") or ""),
            )
            for uid, m in sorted(models.items())
            if isinstance(m, dict)
        )
        # 4.1 spells the key "work-ip"; accept the obvious spelling too in case a later version fixes it.
        found.append(WorkerModels(str(w.get("work-ip") or w.get("worker_ip") or ""), replicas))
    return tuple(found)


@dataclass(frozen=True)
class Replica:
    """One replica of a model (``/v1/models/{uid}/replicas``) and the worker that holds it."""

    model_uid: str
    replica_id: int
    replica_uid: str
    worker_address: str
    status: str  # CREATING, LOADING, READY, ERROR, TERMINATED...
    model_address: str = ""
    error: str = ""
    gpu_idx: tuple[int, ...] = ()


def parse_replicas(model_uid: str, data: Any) -> tuple[Replica, ...]:
    if not isinstance(data, list):
        raise MalformedResponse(f"/v1/models/{model_uid}/replicas", "expected a list of replicas")
    found = []
    for r in data:
        if not isinstance(r, dict):
            continue
        gpus = r.get("gpu_idx")
        found.append(Replica(
            model_uid=model_uid,
            replica_id=_int(r.get("replica_id")),
            replica_uid=str(r.get("replica_model_uid") or f"{model_uid}-rep{_int(r.get('replica_id'))}"),
            worker_address=str(r.get("worker_address") or ""),
            status=str(r.get("status") or ""),
            model_address=str(r.get("model_address") or ""),
            error=str(r.get("error_message") or ""),
            gpu_idx=tuple(int(g) for g in gpus) if isinstance(gpus, list) else (),
        ))
    return tuple(found)
