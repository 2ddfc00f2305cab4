"""The catalog against a real server: counts, filters, verdicts, agreement with Xinference's own estimator, and
the disk cache once the server is gone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.core.catalog.estimate import estimate_all
from app.core.catalog.families import CATALOG_TYPES, parse_catalog
from tests.support import harness
from tests.support.harness import REPO, RunningServer


def cli(endpoint: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", "--endpoint", endpoint, "catalog", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)


def catalog_json(endpoint: str, *args: str) -> list[dict[str, Any]]:
    run = cli(endpoint, "--json", *args)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def full_catalog(xinf_server: RunningServer, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    # Module-scoped: one 8 MB fetch for the tests that read the whole catalog.
    home = tmp_path_factory.mktemp("catalog-home")
    run = subprocess.run([sys.executable, "-m", "app", "--endpoint", xinf_server.endpoint, "catalog", "--json"],
                         cwd=REPO, capture_output=True, text=True, timeout=300,
                         env={**_env(), "XINFERENCE_MANAGER_HOME": str(home)})
    assert run.returncode == 0, run.stderr
    return list(json.loads(run.stdout))


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


def test_counts_per_type_match_the_servers_lists(xinf_server: RunningServer, full_catalog: list[dict]) -> None:
    for model_type in CATALOG_TYPES:
        names = httpx.get(f"{xinf_server.endpoint}/v1/model_registrations/{model_type}", timeout=60).json()
        ours = [f["model_name"] for f in full_catalog if f["model_type"] == model_type]
        assert sorted(ours) == sorted(n["model_name"] for n in names), model_type
    llm = [f for f in full_catalog if f["model_type"] == "LLM"]
    print(f"\n[measure] LLM families {len(llm)}, specs {sum(len(f['model_specs']) for f in llm)}")
    assert "tiny-chat" in [f["model_name"] for f in llm]  # the custom model registered by the fixture


def test_every_spec_has_an_estimate_and_a_reason(full_catalog: list[dict]) -> None:
    specs = [s for f in full_catalog for s in f["model_specs"]]
    assert len(specs) > 5000
    for spec in specs:
        assert {"model_format", "model_size_in_billions", "quantization"} <= spec.keys()
        assert isinstance(spec["estimated_memory_mb"], int) and spec["estimated_memory_mb"] > 0
        assert isinstance(spec["fit"], bool) and spec["fit_reason"]
    # The server's own spelling of sizes survives ("0_5", not 0.5).
    assert "0_5" in {s["model_size_in_billions"] for s in specs}


def test_a_72b_pytorch_spec_is_too_large_here(full_catalog: list[dict]) -> None:
    family = next(f for f in full_catalog if f["model_name"] == "qwen2.5-instruct")
    spec = next(s for s in family["model_specs"]
                if s["model_format"] == "pytorch" and s["model_size_in_billions"] == 72)
    assert spec["fit"] is False
    assert spec["fit_reason"].startswith("too large: needs about ")
    needed = float(spec["fit_reason"].split("about ")[1].split(" GiB")[0])
    assert needed > 260  # on this CPU: 72e9 parameters × 4 bytes (float32) alone is 268 GiB
    assert spec["estimated_gpu_memory_mb"] < spec["estimated_memory_mb"] / 1.9  # 16-bit on a GPU
    small = next(s for s in family["model_specs"]
                 if s["model_format"] == "pytorch" and s["model_size_in_billions"] == "0_5")
    assert small["fit"] and small["fit_reason"].startswith("fits in RAM, CPU only, slow (est. ")
    assert small["device"] == "cpu" and small["estimate_confidence"] in ("high", "medium")
    gguf = next(s for s in family["model_specs"] if s["model_format"] == "ggufv2")
    assert gguf["fit_reason"] == "engine not installed: llama.cpp (pip install xllamacpp)"  # no xllamacpp here
    assert gguf["fit_hint"].startswith("fits as ")
    mlx = next(s for s in family["model_specs"] if s["model_format"] == "mlx")
    assert mlx["fit_reason"].startswith("needs Apple silicon (MLX")


def test_no_gpu_only_quantization_fits_this_cpu_only_machine(full_catalog: list[dict]) -> None:
    specs = [s for f in full_catalog for s in f["model_specs"] if f["model_type"] == "LLM"]
    gpu_only = [s for s in specs if s["model_format"] in ("fp8", "fp4", "bnb")]
    assert gpu_only and not [s for s in gpu_only if s["fit"]]
    assert all(s["fit_kind"] == "needs_gpu" and "NVIDIA GPU" in s["fit_reason"] for s in gpu_only)
    # GPTQ and AWQ load on a CPU only with optimum/gptqmodel, which this engine lacks: the reason names them.
    quantized = [s for s in specs if s["model_format"] in ("gptq", "awq")]
    assert quantized and not [s for s in quantized if s["fit"]]
    gptq = [s for s in quantized if s["model_format"] == "gptq"]
    assert all("optimum" in s["fit_reason"] and "gptqmodel" in s["fit_reason"] for s in gptq)
    ggufs = [s for s in specs if s["model_format"] == "ggufv2"]
    assert not [s for s in ggufs if s["fit"]]  # no xllamacpp in this engine


def test_no_unquantized_7b_or_larger_fits_24_gib_without_a_gpu(full_catalog: list[dict]) -> None:
    import psutil

    assert psutil.virtual_memory().total <= 24.5 * 2**30  # this machine: 24 GiB, no GPU
    big = [(f["model_name"], s) for f in full_catalog if f["model_type"] == "LLM" for s in f["model_specs"]
           if s["model_format"] == "pytorch" and str(s["quantization"]).lower() in ("none", "")
           and float(str(s["model_size_in_billions"]).replace("_", ".")) >= 7]
    assert len(big) > 100
    fitting = [(n, s["model_size_in_billions"], s["fit_reason"]) for n, s in big if s["fit"]]
    assert not fitting, fitting[:10]


def test_filters_narrow(xinf_server: RunningServer, full_catalog: list[dict]) -> None:
    ep = xinf_server.endpoint
    found = catalog_json(ep, "--type", "LLM", "--search", "qwen2.5")
    raw = {f["model_name"]: f for f in httpx.get(f"{ep}/v1/model_registrations/LLM", params={"detailed": "true"},
                                                 timeout=120).json()}
    haystack = lambda f: (f["model_name"] + (f.get("model_description") or "")  # noqa: E731
                          + " ".join(s["model_id"] or "" for s in f["model_specs"])).lower()
    assert found and all("qwen2.5" in haystack(raw[f["model_name"]]) for f in found)
    assert {n for n, f in raw.items() if "qwen2.5" in haystack(f)} == {f["model_name"] for f in found}
    assert len(found) < len([f for f in full_catalog if f["model_type"] == "LLM"])
    fitting = catalog_json(ep, "--type", "LLM", "--fits")
    specs = [s for f in fitting for s in f["model_specs"]]
    assert specs and all(s["fit"] for s in specs)
    assert len(specs) < sum(len(f["model_specs"]) for f in full_catalog if f["model_type"] == "LLM")
    # A longer context only raises the estimates.
    short = catalog_json(ep, "--type", "LLM", "--search", "qwen2.5-instruct", "--context-length", "1024")
    long = catalog_json(ep, "--type", "LLM", "--search", "qwen2.5-instruct", "--context-length", "32768")
    a = [s["estimated_memory_mb"] for f in short for s in f["model_specs"]]
    b = [s["estimated_memory_mb"] for f in long for s in f["model_specs"]]
    assert len(a) == len(b) and all(y > x for x, y in zip(a, b, strict=True))
    text = cli(ep, "--type", "rerank")
    assert text.returncode == 0 and "tiny-rerank" in text.stdout and "families" in text.stdout.splitlines()[-1]
    assert "[huggingface, modelscope]" in text.stdout  # each variant once, with the hubs that host it
    one = cli(ep, "--type", "rerank", "--search", "tiny-rerank")
    assert one.stdout.splitlines()[-1] == "# 1 family, 1 variant"
    bad = cli(ep, "--type", "nonsense")
    assert bad.returncode == 2 and "Unknown model type" in bad.stderr


def test_estimates_agree_with_xinferences_own(xinf_server: RunningServer, engine_venv: Path,
                                              tmp_path: Path) -> None:
    raw = httpx.get(f"{xinf_server.endpoint}/v1/model_registrations/LLM", params={"detailed": "true"},
                    timeout=120).json()
    catalog_file = tmp_path / "llm.json"
    catalog_file.write_text(json.dumps(raw))
    out = tmp_path / "xinference.json"
    context = 4096
    run = subprocess.run(
        [str(harness.engine_python(engine_venv)), str(REPO / "tests/e2e/catalog_xinference_estimates.py"),
         str(catalog_file), str(context), str(out)],
        capture_output=True, text=True, timeout=600,
        env={**_env(), "XINFERENCE_HOME": str(tmp_path / "xhome"), "HF_HUB_OFFLINE": "1"},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    theirs = json.loads(out.read_text())["results"]

    catalog = parse_catalog({"LLM": raw})
    ours = estimate_all(catalog.families, context)
    assert len(ours) == len(catalog.specs) == len(theirs)  # a figure for every spec
    by_position = {(fi, si): spec.index for fi, fam in enumerate(catalog.families) for si, spec in
                   enumerate(fam.specs)}
    compared, worst, worst_spec, outside = 0, 1.0, "", []
    for fi, si, total, cal_total, _error in theirs:
        for figure in {total, cal_total} - {None}:
            mine = ours[by_position[(fi, si)]].total_mib
            ratio = mine / figure
            compared += 1
            if abs(ratio - 1) > abs(worst - 1):
                spec = catalog.families[fi].specs[si]
                worst, worst_spec = ratio, f"{catalog.families[fi].model_name} {spec.model_format} " \
                                           f"{spec.model_size_in_billions} {spec.quantization}"
            if not 0.85 <= ratio <= 1 / 0.85:
                outside.append((catalog.families[fi].model_name, ratio))
    given = sum(1 for row in theirs if row[2] is not None)
    print(f"\n[measure] specs {len(theirs)}; Xinference gives a figure for {given}; compared {compared} figures; "
          f"worst ratio ours/theirs {worst:.3f} ({worst_spec}); outside 15%: {len(outside)}")
    assert given > 2000 and compared >= given
    assert not outside, outside[:20]


def test_cache_serves_the_catalog_when_the_server_is_gone(engine_venv: Path, tmp_path: Path) -> None:
    server = harness.start_server(engine_venv, tmp_path)
    try:
        online = cli(server.endpoint, "--type", "rerank", "--json")
        assert online.returncode == 0, online.stderr
        assert "cached" not in online.stderr
    finally:
        server.stop()
    offline = cli(server.endpoint, "--type", "rerank", "--json")
    assert offline.returncode == 0, offline.stderr
    assert "the catalog cached" in offline.stderr and "Xinference 4.1.0" in offline.stderr
    refresh = cli(server.endpoint, "--type", "rerank", "--refresh")  # must ask the server: it falls back
    assert refresh.returncode == 0 and "showing the catalog cached" in refresh.stderr
    assert "verdicts use engines, packages and hardware as learnt" in refresh.stderr
    names = lambda out: sorted(f["model_name"] for f in json.loads(out))  # noqa: E731
    assert names(offline.stdout) == names(online.stdout) and names(online.stdout)
    never = cli("http://127.0.0.1:9", "--type", "rerank")
    assert never.returncode == 1 and "no cached catalog" in never.stderr


def test_a_second_run_reads_the_cache_and_offline_verdicts_agree(xinf_server: RunningServer) -> None:
    import time

    started = time.perf_counter()
    first = cli(xinf_server.endpoint, "--json")
    first_s = time.perf_counter() - started
    assert first.returncode == 0, first.stderr
    assert "cached" not in first.stderr
    started = time.perf_counter()
    second = cli(xinf_server.endpoint, "--json")
    second_s = time.perf_counter() - started
    assert second.returncode == 0 and "the catalog cached" in second.stderr and "--refresh" in second.stderr
    offline = cli(xinf_server.endpoint, "--json", "--offline")
    assert offline.returncode == 0 and "offline" in offline.stderr and "as learnt" in offline.stderr
    print(f"\n[measure] catalog CLI: first run {first_s:.1f} s (server), second {second_s:.1f} s (cache)")
    assert second_s < first_s

    def verdicts(out: str) -> list[tuple[str, str, bool, str]]:
        return [(f["model_name"], str(s["model_id"]) + str(s["quantization"]), s["fit"], s["fit_reason"])
                for f in json.loads(out) for s in f["model_specs"]]

    online = verdicts(first.stdout)
    assert online == verdicts(second.stdout) == verdicts(offline.stdout)
    assert sum(1 for v in online if v[2]) > 50
