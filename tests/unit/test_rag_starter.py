"""The RAG starter's choice: only fitting models, registered ones first, then cached builtins, then the smallest;
one chat LLM (not a generate-only one), one embedding model, one reranker; UIDs that never launch a model twice."""

from __future__ import annotations

from typing import Any

import pytest

from app.core.catalog import FitVerdict, InstalledEngines, MemoryEstimate
from app.core.catalog.families import parse_catalog
from app.core.models import (
    STARTER_SET,
    LaunchRequest,
    ModelSet,
    RunningRow,
    starter_set,
    starter_settings,
)
from app.core.models.rag_starter import CACHED, DOWNLOAD, REGISTERED, candidates, propose, uid_for


def llm(name: str, *, builtin: bool = True, abilities: tuple[str, ...] = ("generate", "chat"),
        specs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"model_name": name, "is_builtin": builtin, "model_ability": list(abilities),
            "model_specs": specs or [{"model_format": "pytorch", "model_size_in_billions": 1, "quantization": "none",
                                      "model_id": f"org/{name}"}]}


def other(name: str, *, builtin: bool = True, cached: bool = False) -> dict[str, Any]:
    return {"model_name": name, "is_builtin": builtin,
            "model_specs": [{"model_format": "pytorch", "quantization": "none", "model_id": f"org/{name}",
                             "cache_status": cached}]}


def verdict(kind: str, mib: int) -> FitVerdict:
    estimate = MemoryEstimate(mib, mib, 0, 0, 0, 4096, "high", "test", "cpu")
    return FitVerdict(kind, f"{kind} test", estimate)


def judged(raw: dict[str, list[dict[str, Any]]], kinds: dict[str, tuple[str, int]]) -> tuple[Any, list[FitVerdict]]:
    """A catalog and one verdict per spec, by family name (every spec of a family gets the same one)."""
    catalog = parse_catalog(raw)
    verdicts = [verdict(*kinds[f.model_name]) for f in catalog.families for _ in f.specs]
    return catalog, verdicts


def test_registered_first_then_cached_then_smallest_and_only_what_fits() -> None:
    catalog, verdicts = judged(
        {"LLM": [llm("big-builtin"), llm("small-builtin"), llm("custom-chat", builtin=False),
                 llm("too-big"), llm("base-only", abilities=("generate",))],
         "embedding": [other("bge-small"), other("bge-cached", cached=True), other("my-embed", builtin=False)],
         "rerank": [other("bge-reranker", cached=True), other("huge-reranker")]},
        {"big-builtin": ("ram", 9000), "small-builtin": ("ram", 1200), "custom-chat": ("ram", 3000),
         "too-big": ("too_large", 100), "base-only": ("ram", 10), "bge-small": ("ram", 300),
         "bge-cached": ("ram", 900), "my-embed": ("ram", 2000), "bge-reranker": ("gpu", 800),
         "huge-reranker": ("maybe", 50)})
    by_role = propose(catalog.families, verdicts)
    assert [c.model_name for c in by_role["chat"]] == ["custom-chat", "small-builtin", "big-builtin"]
    assert [c.source for c in by_role["chat"]] == [REGISTERED, DOWNLOAD, DOWNLOAD]
    assert [c.model_name for c in by_role["embedding"]] == ["my-embed", "bge-cached", "bge-small"]
    assert by_role["embedding"][1].source == CACHED
    assert [c.model_name for c in by_role["rerank"]] == ["bge-reranker"]  # "may not fit" is not offered
    assert "registered, on disk" in by_role["chat"][0].label()
    assert "needs a download" in by_role["chat"][1].label()


def test_best_spec_of_a_family_is_cached_then_smallest() -> None:
    specs = [{"model_format": "pytorch", "model_size_in_billions": 7, "quantization": "none", "model_id": "a"},
             {"model_format": "pytorch", "model_size_in_billions": "0_5", "quantization": "none", "model_id": "b"},
             {"model_format": "ggufv2", "model_size_in_billions": 3, "quantization": "Q4_K_M", "model_id": "c",
              "cache_status": True}]
    catalog = parse_catalog({"LLM": [llm("qwen", specs=specs)]})
    verdicts = [verdict("ram", 8000), verdict("ram", 900), verdict("ram", 2500)]
    best = candidates(catalog.families, verdicts, "chat")[0]
    assert (best.spec.model_id, best.engine, best.source) == ("c", "llama.cpp", CACHED)
    req = best.request("chat-1")
    assert (req.model_format, req.model_size_in_billions, req.quantization, req.model_engine) == (
        "ggufv2", "3", "Q4_K_M", "llama.cpp")
    # Without the cached one, the smallest variant wins.
    catalog = parse_catalog({"LLM": [llm("qwen", specs=specs[:2])]})
    best = candidates(catalog.families, verdicts[:2], "chat")[0]
    assert best.spec.model_id == "b" and best.request("u").model_size_in_billions == "0_5"


def test_an_engine_the_server_cannot_import_removes_the_spec() -> None:
    specs = [{"model_format": "ggufv2", "model_size_in_billions": 1, "quantization": "Q4_0", "model_id": "g"},
             {"model_format": "pytorch", "model_size_in_billions": 1, "quantization": "none", "model_id": "p"}]
    catalog = parse_catalog({"LLM": [llm("m", specs=specs)]})
    engines = InstalledEngines({"llama.cpp": "Failed to import module 'xllamacpp'", "Transformers": None})
    best = candidates(catalog.families, [verdict("ram", 100), verdict("ram", 900)], "chat", engines)
    assert [c.spec.model_id for c in best] == ["p"] and best[0].engine == "Transformers"


def test_registered_request_names_the_model_only() -> None:
    catalog, verdicts = judged({"LLM": [llm("tiny-chat", builtin=False)]}, {"tiny-chat": ("ram", 10)})
    req = candidates(catalog.families, verdicts, "chat")[0].request("tiny-chat")
    assert req == LaunchRequest("tiny-chat", "LLM", "Transformers", model_uid="tiny-chat")


def test_uids_reuse_what_runs_and_avoid_taken_names() -> None:
    catalog, verdicts = judged(
        {"LLM": [llm("tiny-chat", builtin=False)], "embedding": [other("tiny-embed", builtin=False)],
         "rerank": [other("tiny-rerank", builtin=False)]},
        {"tiny-chat": ("ram", 10), "tiny-embed": ("ram", 10), "tiny-rerank": ("ram", 10)})
    chosen = {role: found[0] for role, found in propose(catalog.families, verdicts).items()}
    running = [RunningRow("my-embed-uid", "tiny-embed", "embedding"),  # already runs: reused, not relaunched
               RunningRow("tiny-chat", "someone-else", "LLM")]  # the name is taken by another model
    model_set = starter_set(chosen, running)
    assert isinstance(model_set, ModelSet) and model_set.name == STARTER_SET
    assert model_set.uids == ("tiny-chat-2", "my-embed-uid", "tiny-rerank")
    assert [m.model_type for m in model_set.models] == ["LLM", "embedding", "rerank"]
    assert uid_for(chosen["rerank"], [], taken=["tiny-rerank"]) == "tiny-rerank-2"
    # A role with nothing chosen is left out.
    assert starter_set({"chat": chosen["chat"]}, []).uids == ("tiny-chat",)


def test_unknown_role_is_refused() -> None:
    with pytest.raises(ValueError):
        candidates([], [], "image")


def test_one_settings_block_for_all_models() -> None:
    rows = [RunningRow("c", "tiny-chat", "LLM", abilities=("generate", "chat")),
            RunningRow("e", "tiny-embed", "embedding"), RunningRow("r", "tiny-rerank", "rerank")]
    text = starter_settings([r.to_model() for r in rows], "http://127.0.0.1:9997", True, "docker-desktop")
    blocks = text.split("\n\n")
    assert len(blocks) == 3 and blocks[0].startswith("# 1/3")
    assert "Model Type: LLM" in blocks[0] and "Model uid: c" in blocks[0]
    assert "Model Type: Text Embedding" in blocks[1] and "Model Type: Rerank" in blocks[2]
    assert all("Server url: http://host.docker.internal:9997" in b for b in blocks)
    assert all("login is on" in b for b in blocks)


def test_a_size_made_of_the_prompts_logits_says_so_in_the_chooser() -> None:
    """Issue 14 item 10: the figure a user reads beside a candidate says when it is mostly the prompt's logits."""
    catalog = parse_catalog({"LLM": [llm("logits-heavy"), llm("weights-heavy")]})
    heavy = FitVerdict("ram", "fits", MemoryEstimate(3000, 500, 10, 2400, 600, 8192, "high", "t", "cpu",
                                                     logits_mib=2300))
    plain = FitVerdict("ram", "fits", MemoryEstimate(3000, 2300, 10, 90, 600, 8192, "high", "t", "cpu",
                                                     logits_mib=50))
    chat = {c.model_name: c for c in propose(catalog.families, [heavy, plain])["chat"]}
    assert chat["logits-heavy"].label().endswith("about 2.9 GiB, mostly the logits of a 8,192-token prompt)")
    assert "logits" not in chat["weights-heavy"].label()
