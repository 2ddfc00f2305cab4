"""Bits per weight of a spec's format and quantization: the weights term of the memory estimate.

Every quantization name the catalog uses gets a figure. Known GGUF file types use the effective bits per weight of
llama.cpp's quantize table (file size / parameters, so the higher-precision embedding and output tensors are
included); unknown names are parsed generically (``UD-IQ2_XXS``, ``i1-Q4_K_S``, ``Q3_K_XL``, ``Int4-Int8Mix``) and
marked as less sure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Effective bits per weight of llama.cpp file types (its quantize tool reports them for Llama-3-8B and Llama-2-7B).
GGUF_BITS: dict[str, float] = {
    "F32": 32.0, "F16": 16.0, "BF16": 16.0, "FP16": 16.0,
    "Q8_0": 8.5, "Q8_1": 9.0, "Q8": 8.5,
    "Q6_K": 6.56, "Q6": 6.56,
    "Q5_K_M": 5.7, "Q5_K_S": 5.57, "Q5_K": 5.7, "Q5_1": 6.0, "Q5_0": 5.54, "Q5": 5.6,
    "Q4_K_M": 4.9, "Q4_K_S": 4.67, "Q4_K": 4.9, "Q4_1": 5.1, "Q4_0": 4.64, "Q4": 4.7,
    "Q3_K_L": 4.22, "Q3_K_M": 4.0, "Q3_K_S": 3.65, "Q3_K": 4.0, "Q3": 3.9,
    "Q2_K": 3.2, "Q2_K_S": 3.0, "Q2": 3.1,
    "IQ4_NL": 4.68, "IQ4_XS": 4.46,
    "IQ3_M": 3.9, "IQ3_S": 3.66, "IQ3_XS": 3.5, "IQ3_XXS": 3.27,
    "IQ2_M": 2.93, "IQ2_S": 2.74, "IQ2_XS": 2.55, "IQ2_XXS": 2.3,
    "IQ1_M": 2.0, "IQ1_S": 1.8,
    "TQ1_0": 1.9, "TQ2_0": 2.3, "Q1_0": 1.6,
    "MXFP4": 4.5, "MXFP4_MOE": 4.5,
}
# A family's digit when nothing more is known (K-quant mixes of that width).
_GGUF_BY_DIGIT = {1: 1.8, 2: 3.0, 3: 3.9, 4: 4.8, 5: 5.65, 6: 6.56, 8: 8.5}
# Size variants relative to the _M mix: bartowski's _L/_XL keep embeddings and output at Q8_0, unsloth's XL more.
_GGUF_SUFFIX_DELTA = {"XL": 0.35, "L": 0.2, "M": 0.0, "S": -0.2, "XS": -0.35}
# Unsloth's dynamic ("UD-") quants keep sensitive layers at higher precision.
_UNSLOTH_DYNAMIC_DELTA = 0.3
_GGUF_NAME = re.compile(r"^(I?Q|TQ)(\d)(?:_(K|\d|NL))?(?:_(XXS|XS|S|M|L|XL))?(?:_.*)?$")

# Added to a quantized width for what is stored beside it: GPTQ/AWQ/bnb keep group scales and zero points and
# leave the embeddings and output head in 16-bit (about 0.9 bit averaged over a 7B-class model); MLX quantizes
# every matrix with a 16-bit scale and bias per group of 64 (0.5 bit); FP8/FP4 checkpoints keep scales and a
# 16-bit embedding.
_FORMAT_EXTRA_BITS = {"gptq": 0.9, "awq": 0.9, "bnb": 0.9, "pytorch": 0.9, "mlx": 0.5, "fp8": 0.5, "fp4": 0.5}
_FULL_PRECISION = {"", "none", "bf16", "fp16", "f16", "float16", "bfloat16", "auto"}
_NUMBER = re.compile(r"(\d+)")


@dataclass(frozen=True)
class WeightBits:
    bits: float  # effective bits per parameter, all tensors included
    sure: bool  # a known name (True) or parsed/assumed (False)
    label: str  # what the figure stands for, for the user


def weight_bits(model_format: str, quantization: str) -> WeightBits:
    fmt = model_format.lower()
    if fmt == "ggufv2" or fmt.startswith("gguf"):
        return _gguf_bits(quantization)
    return _plain_bits(fmt, quantization)


def _gguf_bits(quantization: str) -> WeightBits:
    name = quantization.strip()
    upper = name.upper()
    if upper.lower() in _FULL_PRECISION:
        return WeightBits(16.0, upper != "NONE", "16-bit GGUF")
    delta = 0.0
    sure = True
    if upper.startswith("UD-"):
        upper = upper[3:]
        delta += _UNSLOTH_DYNAMIC_DELTA
        sure = False
    if upper.startswith("I1-"):  # an importance matrix changes quality, not size
        upper = upper[3:]
    if upper in ("F32", "FP32"):
        return WeightBits(32.0, True, "32-bit GGUF")
    if upper in GGUF_BITS:
        return WeightBits(GGUF_BITS[upper] + delta, sure, f"{GGUF_BITS[upper] + delta:.2g} bits ({name})")
    match = _GGUF_NAME.match(upper)
    if match is None:
        return WeightBits(4.8, False, f"4.8 bits (unknown GGUF type {name}, assumed 4-bit)")
    prefix, digit, kind, size = match.groups()
    base_key = f"{prefix}{digit}" + (f"_{kind}" if kind else "")
    base = GGUF_BITS.get(f"{base_key}_M") or GGUF_BITS.get(base_key) or _GGUF_BY_DIGIT.get(int(digit), 4.8)
    bits = base + delta + _GGUF_SUFFIX_DELTA.get(size or "M", 0.0)
    return WeightBits(bits, False, f"{bits:.2g} bits ({name}, by its name)")


def _plain_bits(fmt: str, quantization: str) -> WeightBits:
    q = quantization.strip().lower()
    if q in _FULL_PRECISION:
        # "none" on an FP8/FP4 checkpoint: engines without those kernels (Transformers on most hardware)
        # dequantize to 16 bits at load, so size it as 16-bit.
        return WeightBits(16.0, fmt not in ("fp8", "fp4"), "16-bit")
    if q in ("fp32", "f32", "float32"):
        return WeightBits(32.0, True, "32-bit")
    widths = [int(n) for n in _NUMBER.findall(q) if int(n) in (1, 2, 3, 4, 5, 6, 8, 16)]
    if fmt in ("awq", "gptq") and 4 not in widths and 8 not in widths:
        widths.insert(0, 4)  # "AWQ", "AWQ-Lite": 4-bit unless the name says otherwise
    if not widths:
        return WeightBits(16.0, False, f"16 bits (unknown quantization {quantization}, assumed unquantized)")
    mix = "mix" in q or "fp16mix" in q
    bits = sum(widths) / len(widths) if mix else float(widths[0])
    if bits >= 16:
        return WeightBits(bits, True, f"{bits:g}-bit")
    bits += _FORMAT_EXTRA_BITS.get(fmt, 0.9)
    return WeightBits(bits, not mix and len(set(widths)) == 1, f"{bits:.2g} bits ({quantization})")
