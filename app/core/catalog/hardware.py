"""What a model has to fit into: this machine's CPU, RAM and GPUs, or a remote server's own figures.

Local GPUs come from NVML (``pynvml``, when importable), else ``nvidia-smi``'s CSV output, else Apple silicon's
unified memory. A remote server reports its workers in ``/v1/cluster/info?detailed=true``; for a server elsewhere
those figures count, not this machine's. The engines a server really has installed come from
``/v1/engines/{type}/{name}?enable_virtual_env=false`` (a list of parameters per usable engine, a reason string
for each unusable one).
"""

from __future__ import annotations

import logging
import os
import platform
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import psutil

from app.core.api import XinferenceClient
from app.core.errors import ApiError, MalformedResponse

log = logging.getLogger(__name__)

GIB = 1024**3


@dataclass(frozen=True)
class GpuInfo:
    index: int
    name: str
    total_bytes: int
    free_bytes: int | None = None
    vendor: str = "nvidia"  # "nvidia", "apple" (unified memory) or "server" (a worker's pooled figures)
    compute_capability: float | None = None  # CUDA's major.minor (8.9 = Ada); None when not reported

    @property
    def available_bytes(self) -> int:
        return self.free_bytes if self.free_bytes is not None else self.total_bytes


@dataclass(frozen=True)
class HardwareProfile:
    source: str  # "this machine" or the server's address
    cpu_count: int | None
    ram_total: int | None
    ram_free: int | None
    gpus: tuple[GpuInfo, ...] = ()
    os_name: str = ""
    arch: str = ""
    apple_silicon: bool | None = None  # None: unknown (a remote server does not say)
    gpu_probe: str = "none"  # how GPUs were found: nvml, nvidia-smi, apple, server, none
    notes: tuple[str, ...] = ()

    @property
    def unified_memory(self) -> bool:
        return any(g.vendor == "apple" for g in self.gpus)

    @property
    def cuda_gpus(self) -> tuple[GpuInfo, ...]:
        """GPUs that CUDA kernels can use (a server's pooled workers count: Xinference reports only CUDA ones)."""
        return tuple(g for g in self.gpus if g.vendor != "apple")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_json(data: Any) -> HardwareProfile | None:
        if not isinstance(data, dict):
            return None
        try:
            gpus = tuple(GpuInfo(**g) for g in data.get("gpus") or ())
            return HardwareProfile(**{**data, "gpus": gpus, "notes": tuple(data.get("notes") or ())})
        except TypeError:
            return None


# A reason that says the engine's library is absent (as opposed to "not usable for this one model").
_MISSING = re.compile(r"Failed to (?:import|load)|not installed|No module named", re.I)


@dataclass(frozen=True)
class InstalledEngines:
    """Per model type, engine name -> None when usable, else the server's reason (``"Failed to import vLLM"``).

    The server answers per type and per probed family: "transformers" may be usable for LLMs and refuse one
    embedding family; only an import failure means the engine is not installed.
    """

    engines: dict[str, str | None] = field(default_factory=dict)  # all types folded (usable wins)
    by_type: dict[str, dict[str, str | None]] = field(default_factory=dict)

    @property
    def installed(self) -> tuple[str, ...]:
        names = {n.lower(): n for n, reason in self.engines.items() if reason is None}
        return tuple(sorted(names.values(), key=str.lower))

    @property
    def missing(self) -> tuple[str, ...]:
        """Engines whose library does not import (and that no type lists as usable)."""
        usable = {n.lower() for n in self.installed}
        names = {n.lower(): n for n, reason in self.engines.items()
                 if reason is not None and _MISSING.search(reason) and n.lower() not in usable}
        return tuple(sorted(names.values(), key=str.lower))

    def is_installed(self, name: str, model_type: str | None = None) -> bool | None:
        """True when usable, False when its library does not import, None when unknown (never probed, or
        refused only for the probed family)."""
        tables = [self.by_type.get(model_type, {})] if model_type and model_type in self.by_type else []
        tables.append(self.engines)
        for table in tables:
            for known, reason in table.items():
                if known.lower() == name.lower():
                    if reason is None:
                        return True
                    return False if _MISSING.search(reason) else None
        return None

    def to_json(self) -> dict[str, Any]:
        return {"engines": self.engines, "by_type": self.by_type}

    @staticmethod
    def from_json(data: Any) -> InstalledEngines | None:
        if not isinstance(data, dict) or not isinstance(data.get("engines"), dict):
            return None
        by_type = data.get("by_type")
        if not isinstance(by_type, dict):
            by_type = {}
        return InstalledEngines(dict(data["engines"]), {str(t): dict(v) for t, v in by_type.items()
                                                         if isinstance(v, dict)})


# -- this machine ---------------------------------------------------------------------------------------------


def probe_local(use_nvml: bool = True, use_nvidia_smi: bool = True) -> HardwareProfile:
    """This machine's figures. Never raises for a missing GPU tool: it just finds no GPU."""
    vm = psutil.virtual_memory()
    system = platform.system()
    machine = platform.machine().lower()
    apple = system == "Darwin" and machine in ("arm64", "aarch64")
    gpus: tuple[GpuInfo, ...] = ()
    probe = "none"
    notes: list[str] = []
    if apple:
        # Metal shares the system RAM: what is free for a model is what the OS has available.
        gpus = (GpuInfo(0, "Apple silicon (unified memory)", int(vm.total), int(vm.available), "apple"),)
        probe = "apple"
    else:
        if use_nvml:
            gpus, note = _probe_nvml()
            if gpus:
                probe = "nvml"
            elif note:
                notes.append(note)
        if not gpus and use_nvidia_smi:
            gpus, note = _probe_nvidia_smi()
            if gpus:
                probe = "nvidia-smi"
            elif note:
                notes.append(note)
    return HardwareProfile(
        source="this machine",
        cpu_count=os.cpu_count(),
        ram_total=int(vm.total),
        ram_free=int(vm.available),
        gpus=gpus,
        os_name=f"{system} {platform.release()}".strip(),
        arch=machine,
        apple_silicon=apple,
        gpu_probe=probe,
        notes=tuple(notes),
    )


def _probe_nvml() -> tuple[tuple[GpuInfo, ...], str]:
    try:
        import pynvml
    except ImportError:
        return (), ""
    try:
        pynvml.nvmlInit()
    except Exception as exc:  # noqa: BLE001 - NVMLError has many subclasses; no driver is a normal answer
        return (), f"NVML unavailable: {exc}"
    try:
        out = []
        for i in range(pynvml.nvmlDeviceGetCount()):
            handle = pynvml.nvmlDeviceGetHandleByIndex(i)
            name = pynvml.nvmlDeviceGetName(handle)
            mem = pynvml.nvmlDeviceGetMemoryInfo(handle)
            try:
                major, minor = pynvml.nvmlDeviceGetCudaComputeCapability(handle)
                capability: float | None = float(f"{major}.{minor}")
            except Exception:  # noqa: BLE001 - an old driver without this call: capability unknown
                capability = None
            out.append(GpuInfo(i, name.decode() if isinstance(name, bytes) else str(name), int(mem.total),
                               int(mem.free), compute_capability=capability))
        return tuple(out), ""
    except Exception as exc:  # noqa: BLE001 - see above
        return (), f"NVML query failed: {exc}"
    finally:
        try:
            pynvml.nvmlShutdown()
        except Exception:  # noqa: BLE001 - shutting down after a failure must not hide the failure
            log.debug("nvmlShutdown failed", exc_info=True)


NVIDIA_SMI_QUERY = ["--query-gpu=index,name,memory.total,memory.free", "--format=csv,noheader,nounits"]


def _probe_nvidia_smi(exe: str | None = None) -> tuple[tuple[GpuInfo, ...], str]:
    exe = exe or shutil.which("nvidia-smi")
    if not exe:
        return (), ""
    try:
        result = subprocess.run([exe, *NVIDIA_SMI_QUERY], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return (), f"nvidia-smi failed: {exc}"
    if result.returncode != 0:
        return (), f"nvidia-smi failed: {(result.stderr or result.stdout).strip()[:200]}"
    return parse_nvidia_smi_csv(result.stdout), ""


def parse_nvidia_smi_csv(text: str) -> tuple[GpuInfo, ...]:
    """Parse ``index, name, memory.total, memory.free`` lines (MiB, no units). Skips lines it cannot read."""
    gpus = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) < 4:
            continue
        try:
            index = int(parts[0])
            total = int(float(parts[-2])) * 1024**2
            free = int(float(parts[-1])) * 1024**2
        except ValueError:
            continue  # "[N/A]" on some cards
        gpus.append(GpuInfo(index, ",".join(parts[1:-2]), total, free))
    return tuple(gpus)


# -- a server's figures ---------------------------------------------------------------------------------------


# More than any machine holds (the largest single hosts carry 16 GPUs).
MAX_GPUS_PER_WORKER = 1024


def from_cluster_info(data: Any, source: str) -> HardwareProfile:
    """The largest worker of ``/v1/cluster/info?detailed=true`` (a model must fit on one worker).

    Xinference reports a worker's GPUs pooled (count, total and available VRAM), so each GPU gets an equal share.
    """
    if not isinstance(data, list):
        raise MalformedResponse("/v1/cluster/info", "expected a list of nodes")
    nodes = [n for n in data if isinstance(n, dict)]
    workers = [n for n in nodes if str(n.get("node_type", "")).lower() == "worker"] or nodes
    if not workers:
        raise MalformedResponse("/v1/cluster/info", "no worker in the answer")
    best = max(workers, key=lambda n: (_int(n.get("gpu_vram_total")) or 0, _int(n.get("mem_total")) or 0))
    count = _int(best.get("gpu_count")) or 0
    if count > MAX_GPUS_PER_WORKER:  # a garbled answer, not a machine: one GPU object each would exhaust memory
        raise MalformedResponse("/v1/cluster/info", f"a worker reports {count} GPUs")
    gpus: tuple[GpuInfo, ...] = ()
    if count > 0:
        total = (_int(best.get("gpu_vram_total")) or 0) // count
        free_all = _int(best.get("gpu_vram_available"))
        free = free_all // count if free_all is not None else None
        gpus = tuple(GpuInfo(i, f"GPU {i} on {best.get('ip_address', 'the worker')}", total, free, "server")
                     for i in range(count))
    notes = (f"{len(workers)} workers; showing the largest",) if len(workers) > 1 else ()
    return HardwareProfile(
        source=source,
        cpu_count=_int(best.get("cpu_count")),
        ram_total=_int(best.get("mem_total")),
        ram_free=_int(best.get("mem_available")),
        gpus=gpus,
        gpu_probe="server",
        notes=notes,
    )


def is_local_endpoint(endpoint: str) -> bool:
    host = endpoint.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0].strip("[]").lower()
    return host in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "")


async def server_profile(client: XinferenceClient) -> HardwareProfile:
    """This machine's figures for a local server, the server's own for one elsewhere."""
    if is_local_endpoint(client.endpoint):
        import asyncio

        return await asyncio.to_thread(probe_local)
    return from_cluster_info(await client.cluster_info(detailed=True), client.endpoint)


def merge_engine_answers(answers: Iterable[Any], types: Iterable[str] | None = None) -> InstalledEngines:
    """Fold ``/v1/engines`` answers: an engine is usable if any answer lists parameters for it. ``types`` names
    each answer's model type (same order) so that the verdicts can tell types apart."""
    merged: dict[str, str | None] = {}
    by_type: dict[str, dict[str, str | None]] = {}
    type_list = list(types) if types is not None else None
    for i, answer in enumerate(answers):
        if not isinstance(answer, dict):
            continue
        table = by_type.setdefault(type_list[i], {}) if type_list is not None and i < len(type_list) else None
        for name, value in answer.items():
            reason = None if isinstance(value, list) else str(value)
            if table is not None:
                table[str(name)] = reason
            if reason is None:
                merged[str(name)] = None
            elif str(name) not in merged:
                merged[str(name)] = reason
    return InstalledEngines(merged, by_type)


async def installed_engines(client: XinferenceClient, probes: Iterable[tuple[str, str]]) -> InstalledEngines:
    """Ask the server which engines are really installed, using a few families as probes (type, name)."""
    answers, types = [], []
    for model_type, name in probes:
        try:
            answers.append(await client.engines(name, model_type=model_type, real_only=True))
            types.append(model_type)
        except ApiError as exc:
            log.info("engine probe %s/%s failed: %s", model_type, name, exc.message)
    return merge_engine_answers(answers, types)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: int(float("inf"))
        return None
