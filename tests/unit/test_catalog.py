"""Catalog parsing, search and filters, and the disk cache (core, no Qt, no server)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from app.core.catalog import cache as catalog_cache
from app.core.catalog.families import parse_catalog, parse_size, size_from_name
from app.core.catalog.filters import CatalogFilter, filter_families
from app.core.errors import MalformedResponse


def llm_family(name: str, specs: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"model_name": name, "model_type": "qwen2", "model_ability": ["chat"], "model_lang": ["en", "zh"],
            "model_description": f"{name} description", "context_length": 32768, "is_builtin": True,
            "model_specs": specs, **extra}


def spec(fmt: str, size: Any, quant: str, cached: bool = False, **extra: Any) -> dict[str, Any]:
    return {"model_format": fmt, "model_size_in_billions": size, "quantization": quant, "model_id": f"org/m-{size}",
            "model_hub": "huggingface", "cache_status": cached, **extra}


RAW = {
    "LLM": [
        llm_family("qwen2.5-instruct", [spec("pytorch", "0_5", "none", cached=True), spec("pytorch", 72, "none"),
                                        spec("ggufv2", 7, "Q4_K_M"), spec("mlx", 7, "4bit")]),
        llm_family("tiny-chat", [spec("pytorch", None, "none")], is_builtin=False, model_ability=["generate"]),
    ],
    "embedding": [{"model_name": "bge-m3", "language": ["zh", "en"], "model_ability": [], "is_builtin": True,
                   "max_tokens": 8192, "model_specs": [spec("pytorch", None, "none")]}],
}


def test_parse_keeps_the_servers_fields_and_indexes_specs() -> None:
    cat = parse_catalog(RAW)
    assert [f.model_name for f in cat.families] == ["qwen2.5-instruct", "tiny-chat", "bge-m3"]
    assert [s.index for s in cat.specs] == list(range(6))
    qwen = cat.families[0]
    assert qwen.model_type == "LLM"  # the catalog type, not the server's architecture name
    assert qwen.specs[0].model_size_in_billions == "0_5" and qwen.specs[0].size_b == 0.5
    assert qwen.specs[0].identity()["model_size_in_billions"] == "0_5"
    assert qwen.specs[2].engines == ("llama.cpp",) and qwen.specs[3].engines == ("MLX",)
    assert qwen.formats == ("pytorch", "ggufv2", "mlx") and qwen.cached and qwen.size_range == (0.5, 72.0)
    assert cat.families[2].abilities == ("embed",) and cat.families[2].context_length == 8192
    assert cat.counts() == {"LLM": 2, "embedding": 1}
    assert cat.values("format") == ["ggufv2", "mlx", "pytorch"]
    assert cat.values("language") == ["en", "zh"]


def test_parse_rejects_a_non_list() -> None:
    with pytest.raises(MalformedResponse):
        parse_catalog({"LLM": {"not": "a list"}})  # type: ignore[dict-item]


@pytest.mark.parametrize(("value", "expected"), [(7, 7.0), ("0_5", 0.5), ("1.8", 1.8), ("46_7", 46.7),
                                                  (None, None), ("x", None), (True, None)])
def test_parse_size(value: Any, expected: float | None) -> None:
    assert parse_size(value) == expected


@pytest.mark.parametrize(("name", "expected"), [("Qwen/Qwen-1_8B-Chat", 1.8), ("Qwen3-30B-A3B", 30.0),
                                                ("gemma-2b-it", 2.0), ("THUDM_GLM-4-9B-0414-GGUF", 9.0),
                                                ("bge-m3", None), ("Qwen3-Embedding-0.6B", 0.6),
                                                ("Mixtral-8x7B", None)])
def test_size_from_name(name: str, expected: float | None) -> None:
    assert size_from_name(name) == expected


def test_filters_narrow_and_combine() -> None:
    cat = parse_catalog(RAW)
    names = lambda flt, fits=None: [f.model_name for f in filter_families(cat, flt, fits)]  # noqa: E731
    assert names(CatalogFilter()) == ["qwen2.5-instruct", "tiny-chat", "bge-m3"]
    assert names(CatalogFilter(text="QWEN")) == ["qwen2.5-instruct"]
    assert names(CatalogFilter(text="org/m-72")) == ["qwen2.5-instruct"]  # model ids are searched too
    assert names(CatalogFilter(text="qwen2.5 nothing")) == []  # every word must match
    assert names(CatalogFilter(model_type="embedding")) == ["bge-m3"]
    assert names(CatalogFilter(ability="generate")) == ["tiny-chat"]
    assert names(CatalogFilter(language="zh")) == ["qwen2.5-instruct", "tiny-chat", "bge-m3"]
    assert names(CatalogFilter(model_format="GGUFV2")) == ["qwen2.5-instruct"]
    assert names(CatalogFilter(engine="mlx")) == ["qwen2.5-instruct"]
    assert names(CatalogFilter(quantization="q4_k_m")) == ["qwen2.5-instruct"]
    assert names(CatalogFilter(size_min=10)) == ["qwen2.5-instruct"]
    assert names(CatalogFilter(size_max=1)) == ["qwen2.5-instruct"]
    assert names(CatalogFilter(size_min=1, size_max=5)) == []
    assert names(CatalogFilter(cached_only=True)) == ["qwen2.5-instruct"]
    assert names(CatalogFilter(origin="custom")) == ["tiny-chat"]
    assert names(CatalogFilter(origin="builtin", model_type="LLM")) == ["qwen2.5-instruct"]
    only_small = lambda s: s.size_b == 0.5  # noqa: E731
    assert names(CatalogFilter(fits_only=True), only_small) == ["qwen2.5-instruct"]
    active = CatalogFilter(text="q", size_min=1, fits_only=True).active()
    assert active == {"text": "q", "size": "1– B", "fits_only": "fits"}


def test_cache_round_trip_partial_refresh_and_corruption(tmp_path: Any) -> None:
    ep = "http://example.invalid:9997"
    path = catalog_cache.save(ep, "4.1.0", RAW, fetched_at=1000.0)
    assert path.parent.name == "catalog" and "4.1.0" in path.name
    loaded = catalog_cache.load(ep)
    assert loaded is not None and loaded.version == "4.1.0" and loaded.fetched_at == 1000.0
    assert [f.model_name for f in loaded.catalog.families] == ["qwen2.5-instruct", "tiny-chat", "bge-m3"]
    assert catalog_cache.load(ep, "9.9.9") is None
    assert catalog_cache.load("http://other:1") is None
    # A newer version of the same server is preferred when no version is asked for.
    time.sleep(0.01)
    catalog_cache.save(ep, "4.2.0", {"LLM": RAW["LLM"][:1]})
    newest = catalog_cache.load(ep)
    assert newest is not None and newest.version == "4.2.0"
    catalog_cache.cache_path(ep, "4.2.0").write_text("{not json")
    fallback = catalog_cache.load(ep)
    assert fallback is not None and fallback.version == "4.1.0"  # a corrupt file is treated as absent
    catalog_cache.cache_path(ep, "4.1.0").write_text(json.dumps({"format": 99}))
    assert catalog_cache.load(ep) is None


@pytest.mark.parametrize("text", ['[]', ' [ ] ', '[1]', '[{"a": [1, 2]}, "x" , null]\n', '[[], {}, 3.5, true]'])
def test_loads_list_matches_json(text: str) -> None:
    assert catalog_cache.loads_list(text) == json.loads(text)


@pytest.mark.parametrize("text", ['[1,]', '[1 2]', '[1] x', '{"a": 1}', '[', ''])
def test_loads_list_rejects_what_json_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        catalog_cache.loads_list(text)
