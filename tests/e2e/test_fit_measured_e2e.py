"""The memory harness: a model shaped exactly like Qwen2.5-0.5B-Instruct (random weights, built here at test time),
launched on the real engine with Transformers on this CPU, its peak memory measured under a long prompt, and the
catalog's estimate for the real Qwen2.5-0.5B spec held within 30% of it."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import httpx

from app.core.catalog.estimate import estimate_memory
from app.core.catalog.families import parse_catalog
from app.core.models.custom import build_family
from tests.e2e.launch_fixtures import wait_gone
from tests.e2e.memory_probe import measure_prompt
from tests.support import harness
from tests.support.harness import REPO, RunningServer

# Prompt length: long enough that the prompt's logits dominate (the issue measured 3.5k; a prefill of a 0.5B model
# takes ~1 minute per 1,000 tokens on this 2-core machine, so the default keeps the test near two minutes).
PROMPT_TOKENS = int(os.environ.get("XM_FIT_PROMPT_TOKENS", "1800"))
TOLERANCE = 0.30


def shaped_model(engine_venv: Path, tiny_chat: Path, name: str) -> Path:
    out = harness.cache_root() / "shaped-models-v1"
    out.mkdir(parents=True, exist_ok=True)
    run = subprocess.run([str(harness.engine_python(engine_venv)), str(REPO / "tests/e2e/make_shaped_models.py"),
                          str(out), str(tiny_chat), name], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    return Path(json.loads(run.stdout.strip().splitlines()[-1])[name])


def test_qwen05b_shaped_estimate_is_within_30_percent_of_its_peak(
        xinf_server: RunningServer, engine_venv: Path, test_models: dict[str, Path]) -> None:
    folder = shaped_model(engine_venv, test_models["tiny-chat"], "qwen2.5-0.5b-shape")
    ep, name, uid = xinf_server.endpoint, "shaped-qwen05b", "shaped-qwen05b-m"
    body = build_family("LLM", name, folder, model_family="qwen2.5-instruct", context_length=32768)
    r = httpx.post(f"{ep}/v1/model_registrations/LLM", json={"model": json.dumps(body), "persist": False},
                   timeout=60)
    assert r.status_code < 400 or "already" in r.text, r.text
    r = httpx.post(f"{ep}/v1/models", timeout=600, json={"model_name": name, "model_type": "LLM",
                                                         "model_engine": "Transformers", "model_uid": uid})
    assert r.status_code < 400, r.text
    try:
        measured = measure_prompt(ep, uid, PROMPT_TOKENS)
    finally:
        httpx.delete(f"{ep}/v1/models/{uid}", timeout=120)
        wait_gone(uid)
    # The catalog's own spec for the real model (its metadata: the shape we built).
    family = httpx.get(f"{ep}/v1/model_registrations/LLM/qwen2.5-instruct", timeout=60).json()
    catalog = parse_catalog({"LLM": [family]})
    spec = next(s for s in catalog.specs if s.model_format == "pytorch" and s.size_b == 0.5)
    tokens = measured.prompt_tokens
    assert tokens > PROMPT_TOKENS * 0.8
    at_prompt = estimate_memory(spec, catalog.families[0], tokens, "cpu")
    loaded = estimate_memory(spec, catalog.families[0], 1, "cpu")
    gpu_style = estimate_memory(spec, catalog.families[0], tokens, "gpu")
    print(f"\n[measure] Qwen2.5-0.5B-shaped on this CPU: loaded {measured.loaded_mib:.0f} MiB "
          f"(estimate {loaded.total_mib}), peak at a {tokens}-token prompt {measured.peak_mib:.0f} MiB "
          f"(estimate {at_prompt.total_mib}, ratio {at_prompt.total_mib / measured.peak_mib:.2f}; "
          f"the GPU-style figure {gpu_style.total_mib}); prefill {measured.seconds:.0f} s")
    assert abs(at_prompt.total_mib / measured.peak_mib - 1) <= TOLERANCE
    assert abs(loaded.total_mib / measured.loaded_mib - 1) <= TOLERANCE
    # What the catalog used to say (16-bit weights as on a GPU) is not within the tolerance here.
    assert gpu_style.total_mib < measured.peak_mib * (1 - TOLERANCE)
