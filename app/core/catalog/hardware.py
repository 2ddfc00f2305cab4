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
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import psutil

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


@dataclass(frozen=True)
class InstalledEngines:
    """Engine name -> None when usable, else the server's reason (``"Failed to import vLLM: ..."``)."""

    engines: dict[str, str | None] = field(default_factory=dict)

    @property
    def installed(self) -> tuple[str, ...]:
        return tuple(sorted(name for name, reason in self.engines.items() if reason is None))

    def is_installed(self, name: str) -> bool | None:
        """True/False when the server said; None when this engine never came up."""
        for known, reason in self.engines.items():
            if known.lower() == name.lower():
                return reason is None
        return None


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
            out.append(GpuInfo(i, name.decode() if isinstance(name, bytes) else str(name), int(mem.total),
                               int(mem.free)))
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


async def server_profile(client: Any) -> HardwareProfile:
    """This machine's figures for a local server, the server's own for one elsewhere."""
    if is_local_endpoint(client.endpoint):
        import asyncio

        return await asyncio.to_thread(probe_local)
    return from_cluster_info(await client.cluster_info(detailed=True), client.endpoint)


def merge_engine_answers(answers: Iterable[Any]) -> InstalledEngines:
    """Fold ``/v1/engines`` answers: an engine is usable if any answer lists parameters for it."""
    merged: dict[str, str | None] = {}
    for answer in answers:
        if not isinstance(answer, dict):
            continue
        for name, value in answer.items():
            if isinstance(value, list):
                merged[str(name)] = None
            elif str(name) not in merged:
                merged[str(name)] = str(value)
    return InstalledEngines(merged)


async def installed_engines(client: Any, probes: Iterable[tuple[str, str]]) -> InstalledEngines:
    """Ask the server which engines are really installed, using a few families as probes (type, name)."""
    answers = []
    for model_type, name in probes:
        try:
            answers.append(await client.engines(name, model_type=model_type, real_only=True))
        except ApiError as exc:
            log.info("engine probe %s/%s failed: %s", model_type, name, exc.message)
    return merge_engine_answers(answers)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
