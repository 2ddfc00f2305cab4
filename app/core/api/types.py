"""Frozen dataclasses for the server's answers: JSON is parsed once, here, and nowhere else."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from app.core.errors import MalformedResponse

# Xinference names replica processes "<uid>-<n>" (2.x/3.x) or "<uid>-rep<n>" (4.x): clients must use the bare UID.
_REPLICA_SUFFIX = re.compile(r"-(rep)?\d+$")


def strip_replica_suffix(uid: str, known_uids: set[str] | None = None) -> str:
    """The UID clients use for a replica's id; with ``known_uids``, only strip when the stem is a real UID."""
    stem = _REPLICA_SUFFIX.sub("", uid)
    if known_uids is None or stem in known_uids:
        return stem
    return uid


@dataclass(frozen=True)
class Reply:
    """A raw answer, for the few callers that need its bytes (the catalog cache keeps the server's JSON text)."""

    status: int
    content: bytes = field(repr=False)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class ClusterVersion:
    version: str
    revision: str = ""

    @property
    def major(self) -> int:
        try:
            return int(self.version.split(".")[0].lstrip("v"))
        except ValueError:
            return 0


@dataclass(frozen=True)
class AuthInfo:
    auth: bool
    # False when the server has no login API at all (before 3.0 / 404); None when unknown.
    has_login_api: bool | None = None


@dataclass(frozen=True)
class SetupStatus:
    needs_setup: bool
    initialized: bool
    password_min_length: int = 8


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str | None
    token_type: str = "bearer"

    @staticmethod
    def from_json(data: Any) -> TokenPair:
        if not isinstance(data, dict) or not data.get("access_token"):
            raise MalformedResponse("/token", "no access_token in the answer")
        return TokenPair(
            access_token=str(data["access_token"]),
            refresh_token=data.get("refresh_token"),
            token_type=str(data.get("token_type") or "bearer"),
        )

    def __repr__(self) -> str:  # never print tokens, even in tracebacks
        return "TokenPair(<redacted>)"


@dataclass(frozen=True)
class WorkerStatus:
    """One worker of ``GET /status``: CPU and memory figures (GPU entries kept raw)."""

    address: str
    cpu_percent: float | None
    cpu_count: int | None
    memory_used: int | None
    memory_total: int | None
    memory_available: int | None = None
    gpus: dict[str, Any] = field(default_factory=dict)

    @staticmethod
    def from_json(address: str, data: dict[str, Any]) -> WorkerStatus:
        status = _dict(data.get("status")) or data
        cpu = _dict(status.get("cpu"))
        gpus = {k: v for k, v in status.items() if k != "cpu" and isinstance(v, dict)}
        return WorkerStatus(
            address=address,
            cpu_percent=_num(cpu.get("usage")),
            cpu_count=_int(cpu.get("total")),
            memory_used=_int(cpu.get("memory_used")),
            memory_total=_int(cpu.get("memory_total")),
            memory_available=_int(cpu.get("memory_available")),
            gpus=gpus,
        )


@dataclass(frozen=True)
class ServerStatus:
    """``GET /status`` (answers without login): uptime and per-worker resources."""

    uptime: float | None
    workers: tuple[WorkerStatus, ...]

    @staticmethod
    def from_json(data: Any) -> ServerStatus:
        if not isinstance(data, dict):
            raise MalformedResponse("/status", "expected an object")
        workers = _dict(data.get("workers"))
        return ServerStatus(
            uptime=_num(data.get("uptime")),
            workers=tuple(WorkerStatus.from_json(a, w) for a, w in workers.items() if isinstance(w, dict)),
        )


@dataclass(frozen=True)
class RunningModel:
    uid: str
    model_name: str
    model_type: str
    model_engine: str = ""
    model_format: str = ""
    model_size_in_billions: str = ""
    quantization: str = ""
    replica: int = 1
    address: str = ""
    abilities: tuple[str, ...] = ()
    context_length: int | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @staticmethod
    def from_json(data: dict[str, Any]) -> RunningModel:
        uid = data.get("id") or data.get("model_uid")
        if not uid:
            raise MalformedResponse("/v1/models", "a model without an id")
        ability = data.get("model_ability") or []
        if isinstance(ability, str):
            ability = [ability]
        size = data.get("model_size_in_billions")
        return RunningModel(
            uid=str(uid),
            model_name=str(data.get("model_name") or ""),
            model_type=str(data.get("model_type") or ""),
            model_engine=str(data.get("model_engine") or ""),
            model_format=str(data.get("model_format") or ""),
            model_size_in_billions="" if size is None else str(size),
            quantization=str(data.get("quantization") or ""),
            replica=_int(data.get("replica")) or 1,
            address=str(data.get("address") or ""),
            abilities=tuple(str(a) for a in ability),
            context_length=_int(data.get("context_length")),
            raw=dict(data),
        )


@dataclass(frozen=True)
class ModelInstance:
    """One entry of ``/v1/models/instances``: a model being launched or running, with its status."""

    uid: str
    model_name: str
    status: str
    replica: int = 1
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @staticmethod
    def from_json(data: dict[str, Any]) -> ModelInstance:
        return ModelInstance(
            uid=str(data.get("model_uid") or data.get("id") or ""),
            model_name=str(data.get("model_name") or ""),
            status=str(data.get("status") or "").upper(),
            replica=_int(data.get("replica")) or 1,
            raw=dict(data),
        )


def _num(v: Any) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def _int(v: Any) -> int | None:
    try:
        return int(v)
    except (TypeError, ValueError, OverflowError):  # OverflowError: int(float("inf"))
        return None


def _dict(v: Any) -> dict[str, Any]:
    return v if isinstance(v, dict) else {}
