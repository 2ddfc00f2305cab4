"""The Running models table's rows: ``/v1/models`` merged with ``/v1/models/instances``, one row per client UID.

Replicas are collapsed under the UID that clients (and Dify) must use; Xinference's internal ``uid-rep0`` names
are kept only as details, since copying one of those into Dify is a known source of failures.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from app.core.api.client import XinferenceClient
from app.core.api.types import ModelInstance, RunningModel, strip_replica_suffix
from app.core.errors import ApiError

LAUNCHING = ("CREATING", "LOADING", "PENDING", "DOWNLOADING")


@dataclass(frozen=True)
class RunningRow:
    """One client UID as the table shows it. Its facts carry the server's names (those of ``RunningModel`` and
    ``LaunchRequest``: ``model_engine``, ``model_size_in_billions``, ``replica``); ``status`` and the replicas'
    own UIDs come from the instance list."""

    uid: str
    model_name: str
    model_type: str
    model_engine: str = ""
    model_format: str = ""
    model_size_in_billions: str = ""
    quantization: str = ""
    replica: int = 1
    status: str = "READY"
    address: str = ""
    abilities: tuple[str, ...] = ()
    replica_uids: tuple[str, ...] = ()
    context_length: int | None = None
    # The worker of each replica (a cluster's supervisor names it in the instance list); one entry per worker.
    workers: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["abilities"] = list(self.abilities)
        data["replica_uids"] = list(self.replica_uids)
        data["workers"] = list(self.workers)
        return data

    def to_model(self) -> RunningModel:
        return RunningModel(
            uid=self.uid, model_name=self.model_name, model_type=self.model_type, model_engine=self.model_engine,
            model_format=self.model_format, model_size_in_billions=self.model_size_in_billions,
            quantization=self.quantization, replica=self.replica, address=self.address, abilities=self.abilities,
            context_length=self.context_length,
        )


def merge_rows(models: list[RunningModel], instances: list[ModelInstance]) -> list[RunningRow]:
    """Rows sorted by UID: running models with their status, plus launches still loading (failed ones are left
    out: Xinference keeps them listed forever and they cannot be terminated)."""
    by_uid = {i.uid: i for i in instances}
    known = {m.uid for m in models} | set(by_uid)
    rows: dict[str, RunningRow] = {}
    for m in models:
        uid = strip_replica_suffix(m.uid, known)
        if uid in rows:  # a server that lists replicas separately: count them under one UID
            rows[uid] = replace(rows[uid], replica=rows[uid].replica + 1)
            continue
        inst = by_uid.get(uid)
        rows[uid] = RunningRow(
            uid=uid, model_name=m.model_name, model_type=m.model_type, model_engine=m.model_engine,
            model_format=m.model_format, model_size_in_billions=m.model_size_in_billions,
            quantization=m.quantization, replica=max(m.replica, inst.replica if inst else 1),
            status=(inst.status if inst else "") or "READY",
            address=m.address, abilities=m.abilities, replica_uids=_replica_uids(inst),
            context_length=m.context_length, workers=_workers(inst),
        )
    for uid, inst in by_uid.items():
        if uid not in rows and inst.status in LAUNCHING:
            rows[uid] = RunningRow(
                uid=uid, model_name=inst.model_name, model_type=str(inst.raw.get("model_type") or ""),
                replica=inst.replica, status=inst.status, replica_uids=_replica_uids(inst),
                workers=_workers(inst),
            )
    return [rows[k] for k in sorted(rows)]


def _replica_uids(inst: ModelInstance | None) -> tuple[str, ...]:
    if inst is None:
        return ()
    reps = inst.raw.get("replica_statuses") or []
    return tuple(str(r["replica_model_uid"]) for r in reps if isinstance(r, dict) and r.get("replica_model_uid"))


def _workers(inst: ModelInstance | None) -> tuple[str, ...]:
    """The workers that hold a live replica (4.1's ``replica_statuses[].worker_address``), without repeats."""
    if inst is None:
        return ()
    reps = inst.raw.get("replica_statuses") or []
    found = [str(r["worker_address"]) for r in reps
             if isinstance(r, dict) and r.get("worker_address") and r.get("status") not in ("TERMINATED", "ERROR")]
    return tuple(dict.fromkeys(found))


async def running_rows(client: XinferenceClient) -> list[RunningRow]:
    models = await client.list_models()
    try:
        instances = await client.instances()
    except ApiError as exc:
        if exc.status not in (404, 405):
            raise
        instances = []  # servers before the instance list: models only
    return merge_rows(models, instances)


@dataclass(frozen=True)
class TryResult:
    text: str
    seconds: float


async def try_model(client: XinferenceClient, row: RunningRow, text: str) -> TryResult:
    """A quick real call: chat for LLMs, an embedding, or a rerank of two lines against the query."""
    import time

    started = time.monotonic()
    if row.model_type == "embedding":
        data = await client.post_json("/v1/embeddings", {"model": row.uid, "input": [text]}, timeout=120.0)
        vec = data["data"][0]["embedding"]
        out = f"{len(vec)} dimensions: [{', '.join(f'{v:.4f}' for v in vec[:4])}, ...]"
    elif row.model_type == "rerank":
        docs = [text, "An unrelated sentence about the weather."]
        data = await client.post_json("/v1/rerank", {"model": row.uid, "query": text, "documents": docs},
                                      timeout=120.0)
        out = "\n".join(f"#{r['index']}: {r['relevance_score']:.4f}" for r in data.get("results", []))
    else:
        body = {"model": row.uid, "messages": [{"role": "user", "content": text}], "max_tokens": 32}
        data = await client.post_json("/v1/chat/completions", body, timeout=300.0)
        out = str(data["choices"][0]["message"].get("content") or "")
    return TryResult(out, round(time.monotonic() - started, 3))
