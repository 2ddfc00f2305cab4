"""How much memory a spec needs on the device it will run on: ``MemoryEstimate``.

Two figures per spec:

* ``gpu_mib``, comparable with Xinference's own estimator (``estimate_llm_gpu_memory``): weights (the checkpoint's
  size when the catalog knows it, else parameters × effective bits of the format), a 16-bit KV cache at the chosen
  context length (linear-attention layers keep a small recurrent state; MLA caches one latent per layer), an eager
  prefill workspace and about 650 MiB of framework and CUDA context (llama.cpp adds compute buffers);
* ``total_mib``, what the verdict uses: the same on a GPU, but on a CPU what Xinference's Transformers engine really
  does there: it loads the weights in float32 (``get_device_preferred_dtype("cpu")``), keeps a float32 KV cache,
  and its prefill (``transformers/utils.py``: ``model(**prefill_kws)``) materialises the logits of the whole
  prompt, tokens × vocabulary × 4 bytes. Measured here on a Qwen2.5-0.5B-shaped model: 2.43 GiB loaded, 4.80 GiB
  at the peak of a 3,847-token prompt (tests/e2e/test_fit_measured_e2e.py holds the estimate to it).

Non-LLM types are sized from their own metadata where they have some (an embedding's dimensions, a size in the
name, the parts of well-known diffusion pipelines) and say how sure that is in ``confidence``.
Figures are MiB (2^20 bytes), the unit Xinference's estimator reports as "MB".
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.core.catalog.families import CatalogFamily, CatalogSpec, LocalWeights, ModelShape, size_from_name
from app.core.catalog.hardware import HardwareProfile
from app.core.catalog.weights import weight_bits

MIB = 1024**2
DEFAULT_CONTEXT_LENGTH = 4096
RUNTIME_OVERHEAD_MIB = 650.0
# A model process on a CPU (Python, torch, transformers, the xoscar actor) before its weights: 604 MiB measured.
CPU_RUNTIME_MIB = 600.0
GGUF_BUFFER_MIB_PER_TOKEN = 0.1
KV_BYTES = 2  # a 16-bit cache
MLA_LATENT_VALUES = 576  # DeepSeek-V2/V3 and Kimi-K2: a 512-value latent + a 64-value rotary key per layer
HIDDEN_BUFFERS_BYTES = 10  # about five 16-bit tokens × hidden buffers live during a prefill
# Formats the Transformers engine loads (the only LLM engine that runs on a plain CPU besides llama.cpp).
TRANSFORMERS_FORMATS = ("pytorch", "gptq", "awq", "bnb", "fp4")
DEVICES = ("gpu", "cpu", "unified")


@dataclass(frozen=True)
class MemoryEstimate:
    total_mib: int  # on ``device``: what the verdict uses
    weights_mib: int
    kv_cache_mib: int
    workspace_mib: int
    overhead_mib: int
    context_length: int
    confidence: str  # "high", "medium" or "low"
    basis: str  # what the figure rests on, for the user
    device: str = "gpu"  # gpu, cpu or unified
    gpu_mib: int = 0  # the figure comparable with Xinference's estimator (16-bit, GPU)
    logits_mib: int = 0  # of workspace_mib: the logits of a whole prompt (Transformers on a CPU)
    files_mib: int = 0  # the weight files as stored: what a download needs on disk

    @property
    def total_bytes(self) -> int:
        return self.total_mib * MIB

    @property
    def mostly_logits(self) -> bool:
        """The prompt's logits are most of the figure: a shorter context length shrinks it the most."""
        return self.logits_mib * 2 > self.total_mib

    @property
    def comparable_mib(self) -> int:
        return self.gpu_mib or self.total_mib


def device_for(hw: HardwareProfile | None) -> str:
    """Where a model launched with the dialog's defaults runs: a GPU when there is one, else the CPU."""
    if hw is None:
        return "gpu"
    if hw.unified_memory:
        return "unified"
    return "gpu" if hw.gpus else "cpu"


# -- LLMs -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Llm:
    params: float
    weights_mib: float  # as stored (the GPU figure's weights)
    shape: ModelShape
    confidence: str
    basis: str


def _llm(spec: CatalogSpec, family: CatalogFamily | None) -> _Llm:
    if spec.local is not None:
        return _local_llm(spec, spec.local)
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
        if spec.model_format == "pytorch" and not mismatch:
            params = shape.weights_bytes / 2  # a 16-bit checkpoint: two bytes per parameter
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
    return _Llm(params, weights, shape, confidence, basis)


def _local_llm(spec: CatalogSpec, local: LocalWeights) -> _Llm:
    """A model registered from disk: its files' size and its own config.json (the registration's "0_1" size is a
    rounded placeholder)."""
    shape = local.shape or spec.shape
    gguf = spec.model_format.startswith("gguf")
    params = local.params
    if gguf:
        upper = dense_params_upper(shape) if shape is not None else None
        params = upper or (spec.size_b or 7.0) * 1e9
    basis = f"its files on disk ({_mib_text(local.weights_bytes)})"
    confidence = "high"
    if shape is None:
        shape = guess_shape(params)
        basis += "; architecture guessed from the size (no config.json)"
        confidence = "medium"
    else:
        basis += " and its config.json"
    return _Llm(params, local.weights_bytes / MIB, shape, confidence, basis)


def _mib_text(nbytes: float) -> str:
    mib = nbytes / MIB
    return f"{mib / 1024:.1f} GiB" if mib >= 1024 else f"{mib:.1f} MiB"


def _gpu_llm(spec: CatalogSpec, llm: _Llm, tokens: int) -> tuple[float, float, float, float]:
    """weights, KV cache, workspace, overhead (MiB) as on a GPU with 16-bit activations."""
    shape = llm.shape
    kv = kv_cache_mib(shape, tokens) + recurrent_state_mib(shape)
    workspace = (tokens * shape.hidden_size * HIDDEN_BUFFERS_BYTES + tokens * tokens * shape.num_attention_heads * 2)
    overhead = RUNTIME_OVERHEAD_MIB
    if spec.model_format.startswith("gguf"):
        overhead += tokens * GGUF_BUFFER_MIB_PER_TOKEN
    return llm.weights_mib, kv, workspace / MIB, overhead


def _cpu_transformers(spec: CatalogSpec, llm: _Llm, tokens: int) -> tuple[float, float, float, float]:
    """weights, KV cache, workspace, overhead (MiB) of the Transformers engine on a CPU (see the module doc)."""
    shape = llm.shape
    if spec.model_format == "pytorch":
        weights = llm.params * 4 / MIB  # float32
    else:
        weights = llm.weights_mib  # GPTQ/AWQ kernels keep the packed weights
    kv = (kv_cache_mib(shape, tokens) + recurrent_state_mib(shape)) * 2  # float32
    logits = tokens * shape.vocab_size * 4
    # torch's CPU attention (SDPA) is blockwise: no tokens² scores; MLP and hidden buffers of the whole prompt.
    buffers = tokens * (2 * shape.intermediate_size + 4 * shape.hidden_size) * 4
    return weights, kv, (logits + buffers) / MIB, CPU_RUNTIME_MIB


def estimate_memory(spec: CatalogSpec, family: CatalogFamily | None = None,
                    context_length: int = DEFAULT_CONTEXT_LENGTH, device: str = "gpu") -> MemoryEstimate:
    if spec.model_type != "LLM":
        return _estimate_other(spec, family, device)
    tokens = max(1, int(context_length))
    llm = _llm(spec, family)
    gpu_parts = _gpu_llm(spec, llm, tokens)
    gpu_total = math.ceil(sum(gpu_parts))
    parts, basis = gpu_parts, llm.basis
    logits = 0.0
    if device == "cpu" and spec.model_format in TRANSFORMERS_FORMATS:
        parts = _cpu_transformers(spec, llm, tokens)
        logits = tokens * llm.shape.vocab_size * 4 / MIB
        if spec.model_format == "pytorch":
            basis += "; on this CPU: float32 weights and KV cache, the logits of a whole prompt"
    weights, kv, workspace, overhead = parts
    total = math.ceil(sum(parts))
    if logits * 2 > total:
        # Say it where the figure is read: the logits scale with the context length, not with the model.
        basis += (f"; mostly the logits of a {tokens:,}-token prompt ({_mib_text(logits * MIB)}): a shorter "
                  "context length needs much less")
    return MemoryEstimate(
        total_mib=total, weights_mib=math.ceil(weights), kv_cache_mib=math.ceil(kv),
        workspace_mib=math.ceil(workspace), overhead_mib=math.ceil(overhead), context_length=tokens,
        confidence=llm.confidence, basis=basis, device=device, gpu_mib=gpu_total,
        logits_mib=math.ceil(logits), files_mib=math.ceil(llm.weights_mib),
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



# -- other types ----------------------------------------------------------------------------------------------

# Parameters (billions) of well-known models whose names give no size, every part counted (a diffusion pipeline's
# text encoders and VAE too: they are loaded with it). From the models' cards; first match wins.
KNOWN_SIZES_B: tuple[tuple[re.Pattern[str], float], ...] = tuple((re.compile(p, re.I), b) for p, b in (
    (r"^sd-turbo$|stable-diffusion-2|stable-diffusion-v1|^stable-diffusion-inpainting$", 1.3),
    (r"sdxl|stable-diffusion-xl", 3.5),
    (r"sd3-medium|sd3\.5-medium", 7.7),  # 2.5B MMDiT + CLIP-L, CLIP-G, T5-XXL
    (r"sd3\.5-large", 13.6),
    (r"flux\.1", 17.0),  # 12B transformer + T5-XXL + CLIP-L
    (r"kolors", 8.8),  # 2.6B UNet + ChatGLM3-6B
    (r"hunyuandit", 3.6),
    (r"cogview4", 16.0),  # 6B + GLM-4-9B
    (r"qwen-image", 28.0),  # 20B MMDiT + Qwen2.5-VL-7B
    (r"cogvideox-2b", 6.7), (r"cogvideox-5b", 10.3), (r"hunyuanvideo", 21.0),
    (r"wan2\.1-1\.3b", 7.0), (r"wan2\.[12].*14b", 20.0),
    (r"whisper-tiny", 0.04), (r"whisper-base", 0.07), (r"whisper-small", 0.24), (r"whisper-medium", 0.77),
    (r"whisper-large-v3-turbo", 0.81), (r"whisper-large", 1.55),
    (r"sensevoicesmall", 0.23), (r"paraformer", 0.22), (r"chattts", 0.3), (r"cosyvoice-300m", 0.4),
    (r"bge-reranker-base|bce-reranker-base|jina-reranker-v2", 0.28), (r"bge-reranker-large", 0.56),
    (r"bge-reranker-v2-m3", 0.57), (r"bge-reranker-v2-gemma", 2.5), (r"minicpm", 2.7),
))
# An embedding model's width says roughly which encoder it is (MiniLM, BERT base/large, Qwen-based 1.5–8B).
EMBEDDING_SIZE_BY_DIMENSIONS_B = {384: 0.03, 512: 0.1, 768: 0.11, 1024: 0.34, 1536: 1.5, 2048: 2.0, 2560: 4.0,
                                   3584: 7.0, 4096: 8.0}
# Parameters (billions) when nothing else is known: a typical model of the type.
TYPICAL_SIZE_B = {"embedding": 0.35, "rerank": 0.56, "audio": 1.5, "image": 6.0, "video": 14.0, "flexible": 1.0}
_DTYPE_BYTES = {"float32": 4, "float16": 2, "bfloat16": 2}


def _other_size(spec: CatalogSpec, family: CatalogFamily | None) -> tuple[float, str, str]:
    """Parameters (billions), where the figure comes from, confidence."""
    name = family.model_name if family else ""
    if spec.local is not None:
        local_b = spec.local.params / 1e9
        return local_b, f"{local_b:.3g}B parameters from its files on disk ({_mib_text(spec.local.weights_bytes)})", \
            "high"
    size_b = spec.size_b or size_from_name(name, spec.model_id)
    if size_b:
        return size_b, f"{size_b:g}B parameters from the name", "medium"
    for pattern, known in KNOWN_SIZES_B:
        if pattern.search(name) or pattern.search(spec.model_id):
            return known, f"{known:g}B parameters (all parts of {name or spec.model_id})", "medium"
    dims = _dimensions(family)
    if spec.model_type == "embedding" and dims in EMBEDDING_SIZE_BY_DIMENSIONS_B:
        size_b = EMBEDDING_SIZE_BY_DIMENSIONS_B[dims]
        return size_b, f"about {size_b:g}B parameters (a {dims}-dimension encoder)", "low"
    size_b = TYPICAL_SIZE_B.get(spec.model_type, 1.0)
    return size_b, f"a typical {spec.model_type} model ({size_b:g}B parameters, a guess)", "low"


def _dimensions(family: CatalogFamily | None) -> int | None:
    value = family.raw.get("dimensions") if family else None
    return value if isinstance(value, int) and value > 0 else None


def _estimate_other(spec: CatalogSpec, family: CatalogFamily | None, device: str) -> MemoryEstimate:
    size_b, basis, confidence = _other_size(spec, family)
    config = family.raw.get("default_model_config") if family else None
    dtype = config.get("torch_dtype") if isinstance(config, dict) else None
    fmt = (spec.model_format or "pytorch").lower()
    if fmt in ("pytorch", "diffusers", "") and spec.quantization.lower() in ("", "none"):
        # Unquantized: the pipeline's own dtype if it names one, else the device's (float32 on a CPU).
        nbytes = _DTYPE_BYTES.get(str(dtype), 4 if device == "cpu" else 2)
        label = f"{nbytes * 8}-bit"
        weights = size_b * 1e9 * nbytes / MIB
        gpu_weights = size_b * 1e9 * _DTYPE_BYTES.get(str(dtype), 2) / MIB
    else:
        bits = weight_bits(fmt, spec.quantization)
        label = bits.label
        weights = gpu_weights = size_b * 1e9 * bits.bits / 8 / MIB
    # Diffusion pipelines hold latents and attention maps beyond their weights; encoders barely any.
    share = 0.5 if spec.model_type in ("image", "video") else 0.1
    overhead = CPU_RUNTIME_MIB if device == "cpu" else RUNTIME_OVERHEAD_MIB
    total = weights * (1 + share) + overhead
    return MemoryEstimate(
        total_mib=math.ceil(total), weights_mib=math.ceil(weights), kv_cache_mib=0,
        workspace_mib=math.ceil(weights * share), overhead_mib=math.ceil(overhead), context_length=0,
        confidence=confidence, basis=f"{basis} × {label}", device=device,
        gpu_mib=math.ceil(gpu_weights * (1 + share) + RUNTIME_OVERHEAD_MIB),
        files_mib=math.ceil(spec.local.weights_bytes / MIB if spec.local is not None else gpu_weights),
    )


def estimate_all(families: Sequence[CatalogFamily], context_length: int = DEFAULT_CONTEXT_LENGTH,
                 device: str = "gpu") -> list[MemoryEstimate]:
    """One estimate per spec, in catalog order (``spec.index``), for ``device`` (see ``device_for``)."""
    out: list[MemoryEstimate] = []
    # The same checkpoint is listed once per download hub: estimate each distinct one once.
    seen: dict[tuple[Any, ...], MemoryEstimate] = {}
    for fam in families:
        time.sleep(0)  # hand the GIL to the GUI thread between families when this runs in a worker
        for spec in fam.specs:
            key = (fam.model_name, id(spec.shape), id(spec.local), spec.model_type, spec.model_format,
                   spec.quantization, spec.size_b, spec.model_id)
            estimate = seen.get(key)
            if estimate is None:
                estimate = seen[key] = estimate_memory(spec, fam, context_length, device)
            out.append(estimate)
    return out
