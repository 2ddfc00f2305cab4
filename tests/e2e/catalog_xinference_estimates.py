"""Run by the engine's own Python (not ours): Xinference's memory estimate for every LLM spec of a catalog file.

argv: catalog.json context_length out.json. For each spec it calls what the recommender calls
(``estimate_llm_gpu_memory_details`` on the spec's own ``model_metadata``, engine-agnostic, 16-bit KV cache) and
what ``xinference cal-model-mem`` calls (``estimate_llm_gpu_memory`` by model name, offline), and writes
``{"results": [[family_index, spec_index, total_mib | null, cal_model_mem_total_mib | null, error | null]]}``.
Figures are Xinference's ``ModelMemInfo.total`` (MiB). Exceptions count as "no figure", as in the recommender.
"""
import json
import sys
import time

from xinference.model.llm.llm_family import convert_model_size_to_float
from xinference.model.llm.memory import (
    ModelLayersInfo,
    estimate_llm_gpu_memory,
    estimate_llm_gpu_memory_details,
)
from xinference.model.llm.model_metadata import ModelMetadata

with open(sys.argv[1]) as fh:
    catalog = json.load(fh)
ctx = int(sys.argv[2])
rows = []
t0 = time.time()
public_cache = {}
for fi, fam in enumerate(catalog):
    for si, spec in enumerate(fam["model_specs"]):
        total = None
        err = None
        md = spec.get("model_metadata")
        if md:
            try:
                info = ModelLayersInfo.from_metadata(ModelMetadata.parse_obj(md))
                total = estimate_llm_gpu_memory_details(
                    info, convert_model_size_to_float(spec["model_size_in_billions"]), spec["quantization"], ctx,
                    spec["model_format"]).total
            except (KeyError, ValueError, AssertionError, ArithmeticError) as exc:
                err = f"{type(exc).__name__}: {exc}"
        else:
            err = "no metadata"
        key = (fam["model_name"], spec["model_format"], str(spec["model_size_in_billions"]), spec["quantization"])
        if key not in public_cache:
            try:
                info2 = estimate_llm_gpu_memory(spec["model_size_in_billions"], spec["quantization"], ctx,
                                                spec["model_format"], fam["model_name"], 16, allow_download=False)
                public_cache[key] = info2.total if info2 is not None else None
            except (KeyError, ValueError, AssertionError, ArithmeticError):
                public_cache[key] = None
        rows.append([fi, si, total, public_cache[key], err])
with open(sys.argv[3], "w") as fh:
    json.dump({"context_length": ctx, "seconds": time.time() - t0, "results": rows}, fh)
