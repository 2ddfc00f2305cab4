"""How much memory a spec needs, and whether it fits the hardware: ``MemoryEstimate`` and ``FitVerdict``.

The estimate adds four terms, each from what the catalog says about the spec:

* weights: the checkpoint's own size when the catalog knows it (``weights_bytes``), else parameters × effective
  bits per weight of the format and quantization (``fit_weights``);
* KV cache at the chosen context length: 2 (K and V) × tokens × attention layers × KV heads × head size × 2 bytes
  (16-bit cache); linear-attention layers keep a small fixed recurrent state instead; MLA models cache one
  compressed latent per layer;
* prefill workspace: a plain (eager) attention holds one layer's heads × tokens × tokens scores in 16 bits, plus a
  few tokens × hidden buffers;
* runtime overhead: the framework and CUDA context (about 650 MiB), and for llama.cpp compute buffers that grow
  with the context.

Figures are MiB (2^20 bytes), the unit Xinference's own estimator reports as "MB". Every spec gets a figure; the
``confidence`` says how much of it rests on real metadata.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.core.catalog.families import CatalogFamily, CatalogSpec, ModelShape, size_from_name
from app.core.catalog.hardware import GIB, HardwareProfile, InstalledEngines
from app.core.catalog.weights import weight_bits

MIB = 1024**2
DEFAULT_CONTEXT_LENGTH = 4096
RUNTIME_OVERHEAD_MIB = 650.0
GGUF_BUFFER_MIB_PER_TOKEN = 0.1
KV_BYTES = 2  # a 16-bit cache
MLA_LATENT_VALUES = 576  # DeepSeek-V2/V3 and Kimi-K2: a 512-value latent + a 64-value rotary key per layer
HIDDEN_BUFFERS_BYTES = 10  # about five 16-bit tokens × hidden buffers live during a prefill
# Formats whose kernels need a CUDA GPU: no CPU fallback in any engine Xinference ships.
GPU_ONLY_FORMATS = ("fp8", "fp4", "bnb")
# Parameters (billions) for non-LLM specs whose name gives no size: a typical model of the type.
TYPICAL_SIZE_B = {"embedding": 0.35, "rerank": 0.56, "audio": 1.5, "image": 6.0, "video": 14.0, "flexible": 1.0}


@dataclass(frozen=True)
class MemoryEstimate:
    total_mib: int
    weights_mib: int
    kv_cache_mib: int
    workspace_mib: int
    overhead_mib: int
    context_length: int
    confidence: str  # "high", "medium" or "low"
    basis: str  # what the weights figure rests on, for the user

    @property
    def total_bytes(self) -> int:
        return self.total_mib * MIB


@dataclass(frozen=True)
class FitVerdict:
    kind: str  # gpu, unified, ram, too_large, no_engine, needs_apple, needs_gpu
    reason: str
    estimate: MemoryEstimate

    @property
    def fits(self) -> bool:
        return self.kind in ("gpu", "unified", "ram")


# -- the estimate ---------------------------------------------------------------------------------------------


def estimate_memory(
    spec: CatalogSpec, family: CatalogFamily | None = None, context_length: int = DEFAULT_CONTEXT_LENGTH
) -> MemoryEstimate:
    if spec.model_type != "LLM":
        return _estimate_other(spec, family)
    tokens = max(1, int(context_length))
    shape = spec.shape
    bits = weight_bits(spec.model_format, spec.quantization)
    size_b = spec.size_b
    if size_b is None and family is not None:
        size_b = size_from_name(family.model_name, spec.model_id)
    params = (size_b or 7.0) * 1e9
    named = size_from_name(spec.model_id.rsplit("/", 1)[-1])
    mismatch = named is not None and size_b is not None and not 0.7 < named / size_b < 1.3
    upper = dense_params_upper(shape) if shape is not None and spec.model_format.startswith("gguf") else None
    if upper is not None:
        # A GGUF file's tensors are what its config describes; the catalog's stated size is sometimes a sibling's
        # (4.1 lists a "32B" GLM-4 GGUF whose files are the 9B model's).
        params, size_b = upper, round(upper / 1e9, 1)
    elif mismatch or size_b is None:
        # Stated size and repository name disagree (a copied entry): we cannot tell which is right, so keep the
        # larger; the verdict should rather warn than let a download fail.
        size_b = max(named or 0.0, size_b or 0.0) or None
        params = (size_b or 7.0) * 1e9
    if shape is not None and shape.weights_bytes and spec.model_format != "bnb":
        weights = shape.weights_bytes / MIB
        basis = "checkpoint size from the catalog"
        confidence = "high"
    else:
        weights = params * bits.bits / 8 / MIB
        basis = f"{size_b or 7:g}B parameters × {bits.label}"
        confidence = "medium" if bits.sure and size_b is not None and not mismatch else "low"
        if mismatch:
            basis += " (the catalog's stated size disagrees with the model's config; the config wins)"
    if shape is None:
        shape = guess_shape(params)
        confidence = "low"
        basis += "; architecture guessed from the size"
    elif shape.architecture_type == "mla" or (shape.layer_types and not _known_layers(shape.layer_types)):
        confidence = "low"
    kv = kv_cache_mib(shape, tokens) + recurrent_state_mib(shape)
    workspace = (tokens * shape.hidden_size * HIDDEN_BUFFERS_BYTES + tokens * tokens * shape.num_attention_heads * 2)
    workspace_mib = workspace / MIB
    overhead = RUNTIME_OVERHEAD_MIB
    if spec.model_format.startswith("gguf"):
        overhead += tokens * GGUF_BUFFER_MIB_PER_TOKEN
    total = weights + kv + workspace_mib + overhead
    return MemoryEstimate(
        total_mib=math.ceil(total),
        weights_mib=math.ceil(weights),
        kv_cache_mib=math.ceil(kv),
        workspace_mib=math.ceil(workspace_mib),
        overhead_mib=math.ceil(overhead),
        context_length=tokens,
        confidence=confidence,
        basis=basis,
    )


def kv_cache_mib(shape: ModelShape, tokens: int) -> float:
    layers = attention_layers(shape)
    if shape.architecture_type == "mla":
        return tokens * layers * MLA_LATENT_VALUES * KV_BYTES / MIB
    kv_heads = shape.num_key_value_heads or shape.num_attention_heads
    head_dim = shape.head_dim or shape.hidden_size / shape.num_attention_heads
    return 2 * tokens * layers * kv_heads * head_dim * KV_BYTES / MIB


def attention_layers(shape: ModelShape) -> int:
    """Layers that keep a KV cache (sliding-window layers counted in full: the window is not in the catalog)."""
    if shape.layer_types is not None:
        return sum(1 for t in shape.layer_types if "attention" in t and "linear" not in t)
    if shape.full_attention_interval:
        return shape.num_hidden_layers // shape.full_attention_interval
    return shape.num_hidden_layers


def recurrent_state_mib(shape: ModelShape) -> float:
    """Linear-attention (Gated DeltaNet) layers: a 32-bit state per value head plus a short convolution buffer."""
    if shape.layer_types is not None:
        linear = sum(1 for t in shape.layer_types if "linear" in t)
    elif shape.full_attention_interval:
        linear = shape.num_hidden_layers - attention_layers(shape)
    else:
        linear = 0
    dims = (shape.linear_num_key_heads, shape.linear_num_value_heads, shape.linear_key_head_dim,
            shape.linear_value_head_dim)
    if not linear or any(d is None for d in dims):
        return 0.0
    k_heads, v_heads, k_dim, v_dim = (d or 0 for d in dims)
    kernel = shape.linear_conv_kernel_dim or 4
    per_layer = v_heads * k_dim * v_dim * 4 + kernel * (2 * k_heads * k_dim + v_heads * v_dim) * 2
    return linear * per_layer / MIB


def dense_params_upper(shape: ModelShape) -> float | None:
    """An upper bound on a dense decoder's parameters from its config: four hidden × hidden attention matrices
    (no credit for grouped-query sharing), three MLP matrices, separate embedding and output head. None for MoE
    and hybrids, whose expert and recurrent blocks the catalog does not describe fully."""
    if shape.architecture_type is not None or shape.num_experts:
        return None
    h = shape.hidden_size
    per_layer = 4 * h * h + 3 * h * shape.intermediate_size
    return float(shape.num_hidden_layers * per_layer + 2 * shape.vocab_size * h)


def guess_shape(params: float) -> ModelShape:
    """A plausible dense decoder for a parameter count, when the catalog has no metadata.

    Decoders keep hidden ≈ 128 × layers and about 12 × layers × hidden² parameters; assume plain multi-head
    attention (the largest KV cache) and 128-wide heads.
    """
    layers = max(2, round((params / (12 * 128**2)) ** (1 / 3)))
    hidden = 128 * layers
    heads = max(1, hidden // 128)
    return ModelShape(vocab_size=32000, num_attention_heads=heads, hidden_size=hidden, intermediate_size=4 * hidden,
                      num_hidden_layers=layers)


def _known_layers(types: Sequence[str]) -> bool:
    return all(t in ("full_attention", "sliding_attention", "linear_attention") for t in types)


def _estimate_other(spec: CatalogSpec, family: CatalogFamily | None) -> MemoryEstimate:
    names = (family.model_name if family else "", spec.model_id)
    size_b = spec.size_b or size_from_name(*names)
    basis = f"{size_b:g}B parameters from the name" if size_b else "a typical model of this type"
    size_b = size_b or TYPICAL_SIZE_B.get(spec.model_type, 1.0)
    bits = weight_bits(spec.model_format or "pytorch", spec.quantization)
    weights = size_b * 1e9 * bits.bits / 8 / MIB
    # Diffusion pipelines hold latents and attention maps far beyond their weights; encoders barely any.
    workspace = weights * (0.5 if spec.model_type in ("image", "video") else 0.1)
    total = weights + workspace + RUNTIME_OVERHEAD_MIB
    return MemoryEstimate(
        total_mib=math.ceil(total), weights_mib=math.ceil(weights), kv_cache_mib=0,
        workspace_mib=math.ceil(workspace), overhead_mib=math.ceil(RUNTIME_OVERHEAD_MIB), context_length=0,
        confidence="low", basis=basis + " × " + bits.label,
    )


# -- the verdict ----------------------------------------------------------------------------------------------


def judge(spec: CatalogSpec, estimate: MemoryEstimate, hw: HardwareProfile,
          engines: InstalledEngines | None = None) -> FitVerdict:
    """Whether this spec can run on ``hw``, and why (the reason is shown as is)."""
    fmt = spec.model_format.lower()
    if fmt == "mlx" and hw.apple_silicon is False:
        return FitVerdict("needs_apple", "needs Apple silicon (MLX)", estimate)
    if engines is not None and spec.engines:
        states = [engines.is_installed(e) for e in spec.engines]
        if all(s is False for s in states):
            return FitVerdict("no_engine", "engine not installed: " + " or ".join(spec.engines), estimate)
    need = estimate.total_bytes
    if fmt in GPU_ONLY_FORMATS and not any(g.vendor != "apple" for g in hw.gpus):
        return FitVerdict("needs_gpu", f"needs an NVIDIA GPU ({spec.model_format})", estimate)
    if hw.gpus:
        best = max(hw.gpus, key=lambda g: g.available_bytes)
        if need <= best.available_bytes:
            kind = "unified" if best.vendor == "apple" else "gpu"
            where = "unified memory" if kind == "unified" else f"GPU {best.index}"
            return FitVerdict(kind, f"fits on {where} (est. {gib(need)} of {gib(best.total_bytes)})", estimate)
        pooled = sum(g.available_bytes for g in hw.gpus if g.vendor != "apple")
        if len(hw.gpus) > 1 and need <= pooled:
            total = sum(g.total_bytes for g in hw.gpus)
            return FitVerdict("gpu", f"fits across {len(hw.gpus)} GPUs (est. {gib(need)} of {gib(total)})",
                              estimate)
    ram_free = hw.ram_free or 0
    if not hw.unified_memory and fmt not in GPU_ONLY_FORMATS and need <= ram_free:
        return FitVerdict("ram", "fits in RAM (CPU only, slow)", estimate)
    free = max([ram_free, *(g.available_bytes for g in hw.gpus)])
    return FitVerdict("too_large", f"too large: needs about {gib(need)}, {gib(free)} free", estimate)


def estimate_all(families: Sequence[CatalogFamily], context_length: int = DEFAULT_CONTEXT_LENGTH,
                 ) -> list[MemoryEstimate]:
    """One estimate per spec, in catalog order (``spec.index``)."""
    out: list[MemoryEstimate] = []
    # The same checkpoint is listed once per download hub: estimate each distinct one once.
    seen: dict[tuple[Any, ...], MemoryEstimate] = {}
    for fam in families:
        time.sleep(0)  # hand the GIL to the GUI thread between families when this runs in a worker
        for spec in fam.specs:
            key = (fam.model_name, id(spec.shape), spec.model_type, spec.model_format, spec.quantization,
                   spec.size_b, spec.model_id)
            estimate = seen.get(key)
            if estimate is None:
                estimate = seen[key] = estimate_memory(spec, fam, context_length)
            out.append(estimate)
    return out


def judge_all(families: Sequence[CatalogFamily], estimates: Sequence[MemoryEstimate], hw: HardwareProfile,
              engines: InstalledEngines | None = None) -> list[FitVerdict]:
    return [judge(spec, estimates[spec.index], hw, engines) for fam in families for spec in fam.specs]


def engine_probes(families: Sequence[CatalogFamily]) -> list[tuple[str, str]]:
    """One family per type whose specs cover the most formats: its /v1/engines answer names every engine."""
    best: dict[str, CatalogFamily] = {}
    for fam in families:
        if not fam.is_builtin:
            continue
        current = best.get(fam.model_type)
        if current is None or len(fam.formats) > len(current.formats):
            best[fam.model_type] = fam
    return [(t, f.model_name) for t, f in best.items()]


def gib(nbytes: float) -> str:
    value = nbytes / GIB
    return f"{value:.1f} GiB" if value < 100 else f"{value:.0f} GiB"


def verdict_summary(verdicts: Mapping[int, FitVerdict] | Sequence[FitVerdict]) -> dict[str, int]:
    items = verdicts.values() if isinstance(verdicts, Mapping) else verdicts
    out: dict[str, int] = {}
    for v in items:
        out[v.kind] = out.get(v.kind, 0) + 1
    return out


# -- the server's own recommender (Xinference 4.x) ------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    """``POST /v1/models/recommend``: a launch config the server vouches for, or ``no_recommendation``."""

    status: str
    config: dict[str, object] | None
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]

    @staticmethod
    def from_json(data: object) -> Recommendation:
        body = data if isinstance(data, dict) else {}
        config = body.get("config")

        def messages(key: str) -> tuple[str, ...]:
            items = body.get(key) or []
            return tuple(str(i.get("message") or i.get("code")) if isinstance(i, dict) else str(i) for i in items)

        return Recommendation(
            status=str(body.get("status") or "unknown"),
            config=dict(config) if isinstance(config, dict) else None,
            reasons=messages("reasons"),
            warnings=messages("warnings"),
        )

    def describe(self) -> str:
        if self.status == "recommended" and self.config:
            parts = ", ".join(f"{k}={v}" for k, v in self.config.items() if v not in (None, ""))
            head = f"Server recommends: {parts}"
        else:
            head = f"Server: {self.status.replace('_', ' ')}"
        return " — ".join([head, *self.reasons])
