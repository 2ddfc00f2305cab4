"""A distributed Xinference: a supervisor and its workers, read from the supervisor's REST API, and a local cluster
(one ``xinference-supervisor`` plus N ``xinference-worker``) started, watched, adopted and stopped like one server."""

from __future__ import annotations

from app.core.cluster.local import ClusterMember, LocalCluster, stop_cluster_record
from app.core.cluster.plan import (
    SUPERVISOR,
    WORKER,
    ClusterPlan,
    ClusterRecord,
    MemberPlan,
    cluster_log_files,
    default_home,
    plan_cluster,
    read_cluster_records,
    watch_memory_path,
)
from app.core.cluster.state import (
    ClusterNode,
    ClusterStatus,
    HostedReplica,
    Replica,
    WorkerHeartbeat,
    WorkerModels,
    parse_cluster_info,
    parse_replicas,
    parse_status,
    parse_workers,
)
from app.core.cluster.view import (
    ADMIN_NEEDED,
    LOST,
    NOT_ANSWERING,
    OK,
    ClusterView,
    ClusterWatch,
    WorkerView,
    is_cluster,
    model_replicas,
    served_only_by_lost,
)

__all__ = [
    "ADMIN_NEEDED",
    "LOST",
    "NOT_ANSWERING",
    "OK",
    "SUPERVISOR",
    "WORKER",
    "ClusterMember",
    "ClusterNode",
    "ClusterPlan",
    "ClusterRecord",
    "ClusterStatus",
    "ClusterView",
    "ClusterWatch",
    "HostedReplica",
    "LocalCluster",
    "MemberPlan",
    "Replica",
    "WorkerHeartbeat",
    "WorkerModels",
    "WorkerView",
    "cluster_log_files",
    "default_home",
    "is_cluster",
    "model_replicas",
    "parse_cluster_info",
    "parse_replicas",
    "parse_status",
    "parse_workers",
    "plan_cluster",
    "read_cluster_records",
    "served_only_by_lost",
    "stop_cluster_record",
    "watch_memory_path",
]
