"""What a spec's format and quantization need to launch here: an engine that imports and accepts it, the packages
its kernels import, and the hardware those kernels run on. From Xinference 4.1's engines (``match_json`` and
``check_lib`` of each LLM engine) and the quantizers of the transformers it loads with:

* Transformers accepts pytorch, gptq, awq, bnb and fp4 (not fp8); GPTQ loads with ``optimum`` and ``gptqmodel``
  (which has CPU kernels; transformers 4.x also took ``auto-gptq`` on a CUDA GPU); AWQ with ``gptqmodel`` and
  ``accelerate`` (4.x: ``autoawq`` on a GPU); bnb with ``bitsandbytes`` and ``accelerate`` (4-bit on a GPU); fp4
  only on a CUDA GPU with ``fp_quant``;
* vLLM and SGLang need a CUDA GPU on Linux; fp8 kernels need compute capability 8.0 or later (8.9 natively);
* llama.cpp (ggufv2) imports ``xllamacpp``; MLX (mlx) needs Apple silicon and ``mlx_lm``.

The server's ``/v1/engines`` answers say which engines import; the engine Python's own packages (``packages``)
say which quantization libraries sit beside them. Unknown (None) counts as present: a remote server cannot be
probed, and the reason then says what was not checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.core.catalog.families import CatalogSpec
from app.core.catalog.hardware import HardwareProfile, InstalledEngines
from app.core.catalog.packages import EnginePackages

FP8_MIN_CAPABILITY = 8.0
FP4_MIN_CAPABILITY = 9.0


@dataclass(frozen=True)
class Blocker:
    kind: str  # needs_gpu, needs_package, no_engine, needs_apple
    reason: str


@dataclass(frozen=True)
class _Need:
    """One engine's way to run a format: its library, packages (alternatives as "a|b"), and hardware."""

    engine: str
    packages: tuple[str, ...] = ()
    gpu: bool = False
    min_capability: float | None = None
    apple: bool = False
    when: Callable[[EnginePackages | None], bool] | None = None  # only for some transformers versions


def _tf5(p: EnginePackages | None) -> bool:
    return p is None or (p.major("transformers") or 5) >= 5


def _tf4(p: EnginePackages | None) -> bool:
    return p is not None and (p.major("transformers") or 5) < 5


_GPU_ENGINES = (_Need("vLLM", gpu=True), _Need("SGLang", gpu=True))
LLM_NEEDS: dict[str, tuple[_Need, ...]] = {
    "pytorch": (_Need("Transformers"), *_GPU_ENGINES),
    "gptq": (_Need("Transformers", ("optimum", "gptqmodel"), when=_tf5),
             _Need("Transformers", ("optimum", "gptqmodel|auto_gptq"), gpu=True, when=_tf4),
             *_GPU_ENGINES),
    "awq": (_Need("Transformers", ("gptqmodel", "accelerate"), when=_tf5),
            _Need("Transformers", ("awq",), gpu=True, when=_tf4), *_GPU_ENGINES),
    "bnb": (_Need("Transformers", ("bitsandbytes", "accelerate"), gpu=True), _Need("vLLM", ("bitsandbytes",), gpu=True),
            _Need("SGLang", gpu=True)),
    "fp4": (_Need("Transformers", ("fp_quant",), gpu=True, min_capability=FP4_MIN_CAPABILITY),
            _Need("vLLM", gpu=True, min_capability=FP4_MIN_CAPABILITY)),
    "fp8": (_Need("vLLM", gpu=True, min_capability=FP8_MIN_CAPABILITY),
            _Need("SGLang", gpu=True, min_capability=FP8_MIN_CAPABILITY)),
    "ggufv2": (_Need("llama.cpp", ("xllamacpp",)),),
    "mlx": (_Need("MLX", ("mlx_lm",), apple=True),),
}
# pip names for the hint, where they differ from the module.
PIP_NAMES = {"auto_gptq": "auto-gptq", "awq": "autoawq", "mlx_lm": "mlx-lm", "xllamacpp": "xllamacpp",
             "fp_quant": "fp-quant"}


def blocker(spec: CatalogSpec, hw: HardwareProfile, engines: InstalledEngines | None,
            packages: EnginePackages | None) -> Blocker | None:
    """None when some engine can launch this spec here (memory aside); else what stands in the way."""
    if spec.model_type != "LLM":
        return _other_blocker(spec, engines)
    needs = [n for n in LLM_NEEDS.get(spec.model_format.lower(), ()) if n.when is None or n.when(packages)]
    if not needs:
        return None if not spec.engines else _other_blocker(spec, engines)
    gaps = [_gaps(n, hw, engines, packages) for n in needs]
    for gap in gaps:
        if not gap:
            return None
    # Report the way that misses the least (ties: the first, i.e. the engine the launch dialog prefers).
    best, need = min(zip(gaps, needs, strict=True), key=lambda gn: len(gn[0]))
    return _describe(spec, need, best)


def _gaps(need: _Need, hw: HardwareProfile, engines: InstalledEngines | None,
          packages: EnginePackages | None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if need.apple and hw.apple_silicon is False:
        out.append(("apple", "Apple silicon"))
    if need.gpu:
        cuda = hw.cuda_gpus
        if not cuda:
            out.append(("gpu", "an NVIDIA GPU"))
        elif need.min_capability is not None:
            known = [g.compute_capability for g in cuda if g.compute_capability is not None]
            if known and max(known) < need.min_capability:
                out.append(("gpu", f"a GPU of compute capability {need.min_capability:g}+ (this one: "
                                   f"{max(known):g})"))
    if engines is not None and engines.is_installed(need.engine, "LLM") is False:
        out.append(("engine", need.engine))
    if packages is not None:
        for alternatives in need.packages:
            if not any(packages.has(m) for m in alternatives.split("|")):
                out.append(("package", alternatives.split("|")[0]))
    return out


def _describe(spec: CatalogSpec, need: _Need, gaps: list[tuple[str, str]]) -> Blocker:
    fmt = spec.model_format.upper() if spec.model_format != "ggufv2" else "GGUF"
    kinds = {k for k, _ in gaps}
    packages = [PIP_NAMES.get(v, v) for k, v in gaps if k == "package"]
    if "apple" in kinds:
        return Blocker("needs_apple", f"needs Apple silicon ({fmt}, {need.engine} engine)")
    if "gpu" in kinds:
        what = next(v for k, v in gaps if k == "gpu")
        extra = f" and {', '.join(packages)}" if packages else ""
        return Blocker("needs_gpu", f"needs {what}{extra} ({fmt} kernels, {need.engine} engine)")
    if "engine" in kinds:
        pip = f" (pip install {' '.join(packages)})" if packages else ""
        return Blocker("no_engine", f"engine not installed: {need.engine}{pip}")
    return Blocker("needs_package", f"needs {' and '.join(packages)} in the server's environment ({fmt} with "
                                    f"{need.engine}; pip install {' '.join(packages)})")


def _other_blocker(spec: CatalogSpec, engines: InstalledEngines | None) -> Blocker | None:
    if engines is None or not spec.engines:
        return None
    states = [engines.is_installed(e, spec.model_type) for e in spec.engines]
    if all(s is False for s in states):
        return Blocker("no_engine", "engine not installed: " + " or ".join(spec.engines))
    return None
