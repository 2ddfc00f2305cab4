"""What the Cluster page and ``cluster status`` show: the supervisor, each worker with its figures, models and
health, and the workers that were lost (with when, and what ran there).

Xinference forgets a dead worker entirely (it vanishes from ``/status`` and ``/v1/workers`` about 30 s after its last
heartbeat), so "lost" is this app's memory: a ``ClusterWatch`` remembers every worker it saw and what it held, and
one that disappears is lost from that moment until it comes back. The memory can be saved to a file, so a command
line run after the loss can still tell.
"""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.core.api import XinferenceClient, strip_replica_suffix
from app.core.cluster.state import (
    ClusterNode,
    HostedReplica,
    Replica,
    WorkerHeartbeat,
    WorkerModels,
    parse_cluster_info,
    parse_replicas,
    parse_status,
    parse_workers,
)
from app.core.errors import ApiError, AuthForbidden, AuthRequired, ManagerError

log = logging.getLogger(__name__)

_CONNECT_FAILED = re.compile(r"Connect call failed \('([^']+)', (\d+)\)")

OK, NOT_ANSWERING, LOST = "ok", "not answering", "lost"
ADMIN_NEEDED = ("The per-worker view (free memory, GPUs, models on each worker) needs an admin login; "
                "shown here is what /status gives without one.")


@dataclass(frozen=True)
class WorkerView:
    address: str
    health: str  # OK, NOT_ANSWERING (missing heartbeats) or LOST (dropped by the supervisor)
    heartbeat: WorkerHeartbeat | None = None
    node: ClusterNode | None = None  # detailed figures: admin only
    replicas: tuple[HostedReplica, ...] = ()
    lost_at: float | None = None

    @property
    def version(self) -> str:
        return self.node.version if self.node else ""

    def describe_health(self) -> str:
        if self.health == LOST and self.lost_at:
            return f"lost at {time.strftime('%H:%M:%S', time.localtime(self.lost_at))}"
        if self.health == NOT_ANSWERING and self.heartbeat:
            return f"not answering ({self.heartbeat.failures_left} checks left)"
        return self.health

    def to_json(self) -> dict[str, Any]:
        hb, node = self.heartbeat, self.node
        return {
            "address": self.address,
            "health": self.health,
            "lost_at": self.lost_at,
            "version": self.version or None,
            "cpu_count": node.cpu_count if node else (hb.cpu_count if hb else None),
            "cpu_usage": hb.cpu_usage if hb else None,
            "memory_total": node.memory_total if node else (hb.memory_total if hb else None),
            "memory_available": node.memory_available if node else (hb.memory_available if hb else None),
            "gpu_count": node.gpu_count if node else (len(hb.gpus) if hb else None),
            "gpu_memory_total": node.gpu_memory_total if node else None,
            "gpu_memory_available": node.gpu_memory_available if node else None,
            "gpu_utilization": node.gpu_utilization if node else None,
            "last_heartbeat": hb.update_time if hb else None,
            "replicas": [asdict(r) for r in self.replicas],
        }


@dataclass(frozen=True)
class ClusterView:
    endpoint: str
    taken_at: float
    uptime: float
    supervisor: ClusterNode | None
    workers: tuple[WorkerView, ...]  # live ones (answering or not), then the lost ones
    admin_note: str = ""  # why the detailed figures are missing, when they are

    @property
    def live(self) -> tuple[WorkerView, ...]:
        return tuple(w for w in self.workers if w.health != LOST)

    @property
    def lost(self) -> tuple[WorkerView, ...]:
        return tuple(w for w in self.workers if w.health == LOST)

    def worker(self, address: str) -> WorkerView | None:
        return next((w for w in self.workers if w.address == address), None)

    def worker_of(self, replica_uid: str) -> str | None:
        """The live worker that holds ``replica_uid`` (e.g. ``qwen-rep0``), if any."""
        return next((w.address for w in self.live for r in w.replicas if r.replica_uid == replica_uid), None)

    def models_gone_with_lost_workers(self) -> tuple[str, ...]:
        """Model UIDs whose every replica sat on a lost worker: nothing serves them any more (Xinference ends a
        model with no replica left), so Dify's calls to them fail until they are launched again."""
        live = {strip_replica_suffix(r.replica_uid) for w in self.live for r in w.replicas}
        gone = {strip_replica_suffix(r.replica_uid) for w in self.lost for r in w.replicas}
        return tuple(sorted(gone - live))

    def to_json(self) -> dict[str, Any]:
        sup = self.supervisor
        return {
            "endpoint": self.endpoint,
            "uptime_s": self.uptime,
            "supervisor": asdict(sup) if sup else None,
            "workers": [w.to_json() for w in self.live],
            "lost_workers": [w.to_json() for w in self.lost],
            "models_gone_with_lost_workers": list(self.models_gone_with_lost_workers()),
            "note": self.admin_note or None,
        }


@dataclass
class ClusterWatch:
    """Looks at a cluster again and again, remembering workers it saw so that one that disappears shows as lost."""

    endpoint: str
    memory_file: Path | None = None
    seen: dict[str, tuple[HostedReplica, ...]] = field(default_factory=dict)  # address → what it held last
    lost_at: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._load()

    def expect(self, addresses: list[str]) -> None:
        """Workers known to belong to the cluster (a local cluster's PID file), seen or not."""
        for address in addresses:
            self.seen.setdefault(address, ())

    async def refresh(self, client: XinferenceClient) -> ClusterView:
        """One look: ``/status`` always; ``/v1/cluster/info`` and ``/v1/workers`` when the login allows."""
        status = parse_status(await client.get_json("/status", auth=False))
        nodes: tuple[ClusterNode, ...] = ()
        hosted: tuple[WorkerModels, ...] = ()
        note = ""
        unreachable: set[str] = set()
        try:
            nodes = parse_cluster_info(await client.get_json("/v1/cluster/info", params={"detailed": "true"}))
            hosted = parse_workers(await client.get_json("/v1/workers"))
        except (AuthRequired, AuthForbidden):
            note = ADMIN_NEEDED
        except ApiError as exc:
            # Between a worker's death and its removal (about 30 s) 4.1 answers 500 "Connect call failed
            # ('127.0.0.1', 52491)" to the per-worker calls: name that worker at once instead of failing the look.
            unreachable = {f"{host}:{port}" for host, port in _CONNECT_FAILED.findall(exc.detail)}
            note = f"The supervisor could not reach every worker: {exc.detail}"
        return self.update(status.uptime, status.workers, nodes, hosted, note, unreachable=unreachable)

    def update(self, uptime: float, beats: tuple[WorkerHeartbeat, ...], nodes: tuple[ClusterNode, ...],
               hosted: tuple[WorkerModels, ...], note: str = "", now: float | None = None,
               unreachable: set[str] | None = None) -> ClusterView:
        """Merge one look into the memory and say what is where (pure: the tests feed it answers)."""
        now = time.time() if now is None else now
        by_node = {n.address: n for n in nodes if not n.is_supervisor}
        by_models = {w.address: w.replicas for w in hosted}
        live = []
        for beat in beats:
            replicas = by_models.get(beat.address, self.seen.get(beat.address, ()) if not hosted else ())
            self.seen[beat.address] = replicas
            if self.lost_at.pop(beat.address, None) is not None:
                log.info("worker %s is back", beat.address)
            answering = beat.answering and beat.address not in (unreachable or set())
            live.append(WorkerView(beat.address, OK if answering else NOT_ANSWERING, beat,
                                   by_node.get(beat.address), replicas))
        present = {b.address for b in beats}
        lost = []
        for address, replicas in sorted(self.seen.items()):
            if address in present:
                continue
            if address not in self.lost_at:
                log.warning("worker %s is lost (it held %d replica(s))", address, len(replicas))
            when = self.lost_at.setdefault(address, now)
            lost.append(WorkerView(address, LOST, replicas=replicas, lost_at=when))
        self._save()
        supervisor = next((n for n in nodes if n.is_supervisor), None)
        return ClusterView(self.endpoint, now, uptime, supervisor, (*live, *lost), note)

    def forget(self, address: str) -> None:
        """The user dismissed a lost worker."""
        self.seen.pop(address, None)
        self.lost_at.pop(address, None)
        self._save()

    # -- memory on disk (for the command line) -------------------------------------------------------------------

    def _load(self) -> None:
        if self.memory_file is None or not self.memory_file.exists():
            return
        try:
            data = json.loads(self.memory_file.read_text(encoding="utf-8"))
            self.seen = {a: tuple(HostedReplica(**r) for r in reps) for a, reps in data.get("seen", {}).items()}
            self.lost_at = {a: float(t) for a, t in data.get("lost_at", {}).items()}
        except (ValueError, TypeError, AttributeError) as exc:
            log.warning("ignoring unreadable cluster memory %s: %s", self.memory_file, exc)

    def _save(self) -> None:
        if self.memory_file is None:
            return
        from app.core.atomic import write_atomic

        data = {"seen": {a: [asdict(r) for r in reps] for a, reps in self.seen.items()}, "lost_at": self.lost_at}
        try:
            write_atomic(self.memory_file, json.dumps(data, indent=1))
        except OSError as exc:
            log.warning("cannot save the cluster memory %s: %s", self.memory_file, exc)


async def is_cluster(client: XinferenceClient) -> bool:
    """True when the endpoint is a supervisor with more than one worker (``/status``, no login needed).

    4.1's ``xinference-local`` runs its worker at an address of its own too (``deploy/local.py``), so the REST API
    cannot tell it from a one-worker cluster: that one is known as a cluster only when the app started it (or,
    later, from the connection profile)."""
    try:
        return len(parse_status(await client.get_json("/status", auth=False)).workers) > 1
    except ManagerError:
        return False


async def model_replicas(client: XinferenceClient, uid: str) -> tuple[Replica, ...]:
    """Each replica of model ``uid`` and the worker that holds it (a replica on a dead worker says TERMINATED)."""
    return parse_replicas(uid, await client.get_json(f"/v1/models/{uid}/replicas"))


def served_only_by_lost(replicas: tuple[Replica, ...], view: ClusterView) -> bool:
    """True when every replica of a model sat on a worker that is now lost (so nothing serves it)."""
    lost = {w.address for w in view.lost}
    return bool(replicas) and all(r.worker_address in lost for r in replicas)


async def worker_choices(client: XinferenceClient) -> tuple[WorkerHeartbeat, ...]:
    """The workers a launch can be placed on (``worker_ip``), from ``/status`` (no login needed); () for a single
    server, where there is nothing to choose."""
    try:
        workers = parse_status(await client.get_json("/status", auth=False)).workers
    except ManagerError:
        return ()
    return workers if len(workers) > 1 else ()
