"""The model catalog: the server's builtin and custom families, parsed once into frozen dataclasses, and the
search and filters the Catalog page and ``xinference-manager catalog`` share.

The server's JSON (``/v1/model_registrations/{type}?detailed=true``) is parsed here and nowhere else. Each family
and spec keeps its raw dict so that what identifies it to the server (``model_size_in_billions`` exactly as the
server wrote it, ``quantization``, ``model_format``) travels unchanged to a launch request.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from app.core.errors import MalformedResponse

CATALOG_TYPES = ("LLM", "embedding", "rerank", "image", "audio", "video", "flexible")

# Which engines can run which LLM format (Xinference 4.x). The per-family answer of /v1/engines refines this in
# the detail pane; the table needs it for every spec at once without one request per family.
LLM_FORMAT_ENGINES: dict[str, tuple[str, ...]] = {
    "pytorch": ("Transformers", "vLLM", "SGLang"),
    "gptq": ("Transformers", "vLLM", "SGLang"),
    "awq": ("Transformers", "vLLM", "SGLang"),
    "fp8": ("vLLM", "SGLang"),  # Transformers' match_json refuses fp8 (4.1)
    "fp4": ("Transformers", "vLLM"),
    "bnb": ("Transformers", "vLLM"),
    "ggufv2": ("llama.cpp",),
    "mlx": ("MLX",),
}
DEFAULT_TYPE_ENGINES: dict[str, tuple[str, ...]] = {
    "embedding": ("sentence_transformers",),
    "rerank": ("sentence_transformers",),
    "image": ("diffusers",),
    "audio": ("transformers",),
    "video": ("diffusers",),
}


@dataclass(frozen=True)
class ModelShape:
    """Architecture facts from a spec's ``model_metadata`` (Xinference 4.x): enough to size the KV cache."""

    vocab_size: int
    num_attention_heads: int
    hidden_size: int
    intermediate_size: int
    num_hidden_layers: int
    num_key_value_heads: int | None = None
    head_dim: int | None = None
    architecture_type: str | None = None
    layer_types: tuple[str, ...] | None = None
    full_attention_interval: int | None = None
    num_experts: int | None = None
    num_experts_per_tok: int | None = None
    weights_bytes: int | None = None
    linear_num_key_heads: int | None = None
    linear_num_value_heads: int | None = None
    linear_key_head_dim: int | None = None
    linear_value_head_dim: int | None = None
    linear_conv_kernel_dim: int | None = None

    @staticmethod
    def from_json(data: Any) -> ModelShape | None:
        if not isinstance(data, dict):
            return None
        required = ("vocab_size", "num_attention_heads", "hidden_size", "intermediate_size", "num_hidden_layers")
        values = {name: _pos_int(data.get(name)) for name in required}
        if any(v is None for v in values.values()):
            return None
        layer_types = data.get("layer_types")
        return ModelShape(
            vocab_size=values["vocab_size"] or 0,
            num_attention_heads=values["num_attention_heads"] or 0,
            hidden_size=values["hidden_size"] or 0,
            intermediate_size=values["intermediate_size"] or 0,
            num_hidden_layers=values["num_hidden_layers"] or 0,
            num_key_value_heads=_pos_int(data.get("num_key_value_heads")),
            head_dim=_pos_int(data.get("head_dim")),
            architecture_type=data.get("architecture_type") or None,
            layer_types=tuple(str(t) for t in layer_types) if isinstance(layer_types, list) else None,
            full_attention_interval=_pos_int(data.get("full_attention_interval")),
            num_experts=_pos_int(data.get("num_experts")),
            num_experts_per_tok=_pos_int(data.get("num_experts_per_tok")),
            weights_bytes=_pos_int(data.get("weights_bytes")),
            linear_num_key_heads=_pos_int(data.get("linear_num_key_heads")),
            linear_num_value_heads=_pos_int(data.get("linear_num_value_heads")),
            linear_key_head_dim=_pos_int(data.get("linear_key_head_dim")),
            linear_value_head_dim=_pos_int(data.get("linear_value_head_dim")),
            linear_conv_kernel_dim=_pos_int(data.get("linear_conv_kernel_dim")),
        )


@dataclass(frozen=True)
class LocalWeights:
    """A registered model's files on this machine."""

    path: str
    weights_bytes: int  # the weight files, as stored
    bytes_per_param: int  # from config.json's dtype; 2 (16-bit) when it does not say
    shape: ModelShape | None  # a decoder's config, when config.json describes one
    param_count: int | None = None  # counted from the safetensors headers, when the files are safetensors

    @property
    def params(self) -> float:
        return float(self.param_count) if self.param_count else self.weights_bytes / self.bytes_per_param


@dataclass(frozen=True)
class CatalogSpec:
    """One downloadable variant of a family. ``index`` is its position in the whole catalog (verdict lookup)."""

    index: int
    model_type: str
    model_format: str
    model_size_in_billions: Any  # as the server wrote it: 7, "0_5", or None for non-LLM types
    size_b: float | None
    quantization: str
    model_id: str
    model_hub: str
    cached: bool
    engines: tuple[str, ...]
    shape: ModelShape | None
    raw: dict[str, Any] = field(compare=False, repr=False)
    # A registered model's files on this machine (``local_files.with_local_weights``), read after parsing.
    local: LocalWeights | None = field(default=None, compare=False, repr=False)

    @property
    def size_label(self) -> str:
        return size_label(self.size_b)

    def identity(self) -> dict[str, Any]:
        """The server's own fields that identify this spec (for JSON output and launch requests)."""
        return {
            "model_format": self.raw.get("model_format"),
            "model_size_in_billions": self.raw.get("model_size_in_billions"),
            "quantization": self.raw.get("quantization"),
            "model_hub": self.raw.get("model_hub"),
            "model_id": self.raw.get("model_id"),
        }


@dataclass(frozen=True)
class CatalogFamily:
    model_type: str
    model_name: str
    description: str
    abilities: tuple[str, ...]
    languages: tuple[str, ...]
    context_length: int | None
    is_builtin: bool
    specs: tuple[CatalogSpec, ...]
    search_text: str  # lower-case name + description + ids, built once so a keystroke costs one `in`
    raw: dict[str, Any] = field(compare=False, repr=False)

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.model_format for s in self.specs if s.model_format))

    @property
    def cached(self) -> bool:
        return any(s.cached for s in self.specs)

    @property
    def size_range(self) -> tuple[float, float] | None:
        sizes = [s.size_b for s in self.specs if s.size_b is not None]
        return (min(sizes), max(sizes)) if sizes else None


@dataclass(frozen=True)
class Catalog:
    families: tuple[CatalogFamily, ...]
    specs: tuple[CatalogSpec, ...]

    def by_type(self, model_type: str) -> tuple[CatalogFamily, ...]:
        return tuple(f for f in self.families if f.model_type == model_type)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for fam in self.families:
            out[fam.model_type] = out.get(fam.model_type, 0) + 1
        return out

    def values(self, what: str) -> list[str]:
        """Distinct values for a filter's choices: ability, language, format, engine, quantization."""
        seen: dict[str, None] = {}
        for fam in self.families:
            if what == "ability":
                seen.update(dict.fromkeys(fam.abilities))
            elif what == "language":
                seen.update(dict.fromkeys(fam.languages))
            else:
                for spec in fam.specs:
                    if what == "format":
                        seen[spec.model_format] = None
                    elif what == "engine":
                        seen.update(dict.fromkeys(spec.engines))
                    elif what == "quantization":
                        seen[spec.quantization] = None
        return sorted((v for v in seen if v), key=str.lower)


def size_label(value: Any) -> str:
    """A size in billions as people write it, for every front-end: ``"0_1"`` → ``0.1B``, ``7`` → ``7B``; empty for
    none, and anything unreadable as it came (the server's own value stays what requests carry)."""
    if value is None or value == "":
        return ""
    size = parse_size(value)
    return f"{size:g}B" if size is not None else str(value)


def parse_size(value: Any) -> float | None:
    """``7`` -> 7.0, ``"0_5"`` -> 0.5, ``"1.8"`` -> 1.8; None or garbage -> None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        size = float(value) if isinstance(value, int | float) else float(str(value).replace("_", "."))
    except (ValueError, OverflowError):  # OverflowError: an integer beyond any float (JSON allows it)
        return None
    return size if math.isfinite(size) else None  # "inf" or NaN is no size


# The fields of model_metadata that ModelShape keeps: specs of one model on several hubs repeat them exactly.
_SHAPE_FIELDS = (
    "vocab_size", "num_attention_heads", "hidden_size", "intermediate_size", "num_hidden_layers",
    "num_key_value_heads", "head_dim", "architecture_type", "full_attention_interval", "num_experts",
    "num_experts_per_tok", "weights_bytes", "linear_num_key_heads", "linear_num_value_heads", "linear_key_head_dim",
    "linear_value_head_dim", "linear_conv_kernel_dim",
)


class _ShapeCache:
    """Parse each distinct model_metadata once (5,500 LLM specs share a few hundred shapes)."""

    def __init__(self) -> None:
        self._seen: dict[tuple[Any, ...], ModelShape | None] = {}

    def get(self, data: Any) -> ModelShape | None:
        if not isinstance(data, dict):
            return None
        layer_types = data.get("layer_types")
        key = (*map(data.get, _SHAPE_FIELDS), tuple(layer_types) if isinstance(layer_types, list) else None)
        try:
            return self._seen[key]
        except KeyError:
            shape = self._seen[key] = ModelShape.from_json(data)
            return shape
        except TypeError:  # an unhashable value: parse without the cache
            return ModelShape.from_json(data)


def parse_catalog(by_type: Mapping[str, Sequence[Any]]) -> Catalog:
    """Parse the detailed registrations of each type into one ``Catalog`` (families in server order)."""
    families: list[CatalogFamily] = []
    specs: list[CatalogSpec] = []
    shapes = _ShapeCache()
    for model_type, items in by_type.items():
        if not isinstance(items, list | tuple):
            raise MalformedResponse(f"/v1/model_registrations/{model_type}", "expected a list")
        for item in items:
            if isinstance(item, dict) and item.get("model_name"):
                families.append(_parse_family(model_type, item, specs, shapes))
                time.sleep(0)  # hand the GIL to the GUI thread between families when this runs in a worker
    return Catalog(tuple(families), tuple(specs))


def _parse_family(model_type: str, data: dict[str, Any], specs: list[CatalogSpec], shapes: _ShapeCache,
                   ) -> CatalogFamily:
    raw_specs = data.get("model_specs") or []
    own: list[CatalogSpec] = []
    for raw in raw_specs if isinstance(raw_specs, list) else []:
        if not isinstance(raw, dict):
            continue
        spec = _parse_spec(model_type, len(specs), raw, data, shapes)
        specs.append(spec)
        own.append(spec)
    _borrow_missing_shapes(own, specs)
    ability = data.get("model_ability") or []
    if isinstance(ability, str):
        ability = [ability]
    if model_type == "embedding" and "embed" not in ability:
        ability = ["embed", *ability]
    elif model_type == "rerank" and "rerank" not in ability:
        ability = ["rerank", *ability]
    langs = data.get("model_lang") or data.get("language") or []
    if isinstance(langs, str):
        langs = [langs]
    name = str(data["model_name"])
    description = str(data.get("model_description") or "")
    ids = " ".join(dict.fromkeys(s.model_id for s in own))
    return CatalogFamily(
        model_type=model_type,
        model_name=name,
        description=description,
        abilities=tuple(str(a) for a in ability),
        languages=tuple(str(x) for x in langs),
        context_length=_pos_int(data.get("context_length") or data.get("max_tokens")),
        is_builtin=bool(data.get("is_builtin", data.get("is_built_in", True))),
        specs=tuple(own),
        search_text=f"{name}\n{description}\n{ids}".lower(),
        raw=data,
    )


def _borrow_missing_shapes(own: list[CatalogSpec], specs: list[CatalogSpec]) -> None:
    """A spec without metadata (often the ModelScope copy) borrows it from a sibling listing the same checkpoint
    (same format, size and quantization), else the architecture of a same-size sibling without its file size."""
    if all(s.shape is not None for s in own):
        return
    exact: dict[tuple[str, Any, str], ModelShape] = {}
    by_size: dict[Any, ModelShape] = {}
    for s in own:
        if s.shape is not None:
            exact.setdefault((s.model_format, s.size_b, s.quantization.lower()), s.shape)
            by_size.setdefault(s.size_b, s.shape)
    for i, s in enumerate(own):
        if s.shape is not None:
            continue
        shape = exact.get((s.model_format, s.size_b, s.quantization.lower()))
        if shape is None and s.size_b in by_size:
            shape = replace(by_size[s.size_b], weights_bytes=None)  # another format's files have another size
        if shape is not None:
            own[i] = specs[s.index] = replace(s, shape=shape)


def _parse_spec(model_type: str, index: int, raw: dict[str, Any], family: dict[str, Any], shapes: _ShapeCache,
                ) -> CatalogSpec:
    fmt = str(raw.get("model_format") or family.get("model_format") or "")
    size_value = raw.get("model_size_in_billions")
    engine = raw.get("model_engine") or family.get("engine")
    if model_type == "LLM":
        engines = LLM_FORMAT_ENGINES.get(fmt, ())
    elif engine:
        engines = (str(engine),)
    else:
        engines = DEFAULT_TYPE_ENGINES.get(model_type, ())
    return CatalogSpec(
        index=index,
        model_type=model_type,
        model_format=fmt,
        model_size_in_billions=size_value,
        size_b=parse_size(size_value),
        quantization=str(raw.get("quantization") or ""),
        model_id=str(raw.get("model_id") or family.get("model_id") or ""),
        model_hub=str(raw.get("model_hub") or ""),
        cached=bool(raw.get("cache_status")),
        engines=engines,
        shape=shapes.get(raw.get("model_metadata")),
        raw=raw,
    )


_SIZE_IN_NAME = re.compile(r"(?:^|[-/ _])(\d+(?:[._]\d+)?)[bB](?=$|[-/ _.])")


def size_from_name(*names: str) -> float | None:
    """A parameter count written in a model's name or id ("Qwen3-Embedding-0.6B" -> 0.6, "Qwen-1_8B" -> 1.8)."""
    for name in names:
        match = _SIZE_IN_NAME.search(name)
        if match:
            return float(match.group(1).replace("_", "."))
    return None


def _pos_int(value: Any) -> int | None:
    if type(value) is int:  # the common case, without the cost of try/except
        return value if value > 0 else None
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: int(float("inf"))
        return None
    return number if number > 0 else None
