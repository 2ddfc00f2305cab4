"""Which Python packages the server's own environment has: what decides whether a format's kernels exist.

``/v1/engines/{model}?enable_virtual_env=false`` says which engines import, but not which quantization packages
sit beside them (Transformers "accepts" GPTQ specs that then fail to load without ``optimum``). So we ask the
engine's Python itself: ``importlib.util.find_spec`` for each module below, plus its distribution's version. That
runs as a short subprocess (off the GUI thread), once per interpreter until asked again.

The server's Python is found from the process listening on its port (a local server only): its command line starts
with the venv's interpreter (``.../bin/python .../bin/xinference-local``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
from yarl import URL

log = logging.getLogger(__name__)

# module -> distribution (for its version). The modules the engines and quantizers of Xinference 4.x import.
PROBED_MODULES: dict[str, str] = {
    "torch": "torch",
    "transformers": "transformers",
    "accelerate": "accelerate",
    "optimum": "optimum",
    "gptqmodel": "gptqmodel",
    "auto_gptq": "auto-gptq",
    "awq": "autoawq",
    "bitsandbytes": "bitsandbytes",
    "fp_quant": "fp_quant",
    "xllamacpp": "xllamacpp",
    "llama_cpp": "llama-cpp-python",
    "mlx_lm": "mlx-lm",
    "vllm": "vllm",
    "sglang": "sglang",
    "sentence_transformers": "sentence-transformers",
    "FlagEmbedding": "FlagEmbedding",
    "diffusers": "diffusers",
}

_PROBE_SCRIPT = """
import importlib.util, importlib.metadata, json, sys
out = {}
for mod, dist in json.loads(sys.argv[1]).items():
    try:
        found = importlib.util.find_spec(mod) is not None
    except (ImportError, ValueError):
        found = False
    version = None
    if found:
        try:
            version = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            version = ""
    out[mod] = version
print(json.dumps(out))
"""


@dataclass(frozen=True)
class EnginePackages:
    """Module -> installed version ("" when the version is unknown); absent modules map to None."""

    python: str
    versions: dict[str, str | None] = field(default_factory=dict)

    def has(self, module: str) -> bool:
        return self.versions.get(module) is not None

    def major(self, module: str) -> int | None:
        version = self.versions.get(module) or ""
        head = version.split(".", 1)[0]
        return int(head) if head.isdigit() else None

    def to_json(self) -> dict[str, Any]:
        return {"python": self.python, "versions": dict(self.versions)}

    @staticmethod
    def from_json(data: Any) -> EnginePackages | None:
        if not isinstance(data, dict) or not isinstance(data.get("versions"), dict):
            return None
        versions = {str(k): (None if v is None else str(v)) for k, v in data["versions"].items()}
        return EnginePackages(str(data.get("python") or ""), versions)


_cache: dict[str, EnginePackages] = {}


async def probe_packages(python: str, refresh: bool = False, timeout: float = 60.0) -> EnginePackages | None:
    """The probed modules of ``python``'s environment (cached per interpreter); None when it cannot run."""
    if not refresh and python in _cache:
        return _cache[python]
    try:
        proc = await asyncio.create_subprocess_exec(
            python, "-c", _PROBE_SCRIPT, json.dumps(PROBED_MODULES),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except (OSError, TimeoutError) as exc:
        log.info("cannot probe the packages of %s: %s", python, exc)
        return None
    if proc.returncode != 0:
        log.info("package probe of %s failed: %s", python, err.decode(errors="replace")[-500:])
        return None
    try:
        data = json.loads(out.decode())
    except ValueError:
        log.info("package probe of %s printed no JSON", python)
        return None
    found = EnginePackages.from_json({"python": python, "versions": data})
    if found is not None:
        _cache[python] = found
    return found


def server_python(endpoint: str) -> str | None:
    """The interpreter of the local Xinference serving ``endpoint`` (None for a remote or unknown one)."""
    try:
        url = URL(endpoint)
    except ValueError:
        return None
    host = (url.host or "").strip("[]").lower()
    if host not in ("127.0.0.1", "localhost", "::1", "0.0.0.0") or url.port is None:
        return None
    for proc in _listeners(url.port) or _xinference_processes(url.port):
        python = _python_of(proc)
        if python:
            return python
    return None


def _listeners(port: int) -> list[psutil.Process]:
    try:
        conns = psutil.net_connections(kind="tcp")
    except (psutil.AccessDenied, OSError):  # macOS without privileges: fall back to command lines
        return []
    out = []
    for conn in conns:
        if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port and conn.pid:
            try:
                out.append(psutil.Process(conn.pid))
            except psutil.NoSuchProcess:
                continue
    return out


def _xinference_processes(port: int) -> list[psutil.Process]:
    out = []
    for proc in psutil.process_iter(["cmdline"]):
        cmd = proc.info.get("cmdline") or []
        if any("xinference-local" in part for part in cmd) and str(port) in cmd:
            out.append(proc)
    return out


def _python_of(proc: psutil.Process) -> str | None:
    try:
        cmd = proc.cmdline()
        exe = proc.exe()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None
    # argv[0] keeps the venv's own path (exe() resolves the symlink to the base interpreter, losing the venv).
    first = cmd[0] if cmd else ""
    name = Path(first).name.lower()
    if first and name.startswith("python") and Path(first).exists():
        return first if os.path.isabs(first) else exe
    return exe if Path(exe).name.lower().startswith("python") else None


def current_python() -> str:
    return sys.executable
