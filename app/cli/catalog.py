"""``catalog``: every model the server knows, with a memory estimate and a fit verdict for this hardware.

Same core as the Catalog page: the catalog is fetched and cached on disk; when the server cannot be reached the
cached copy is used (said on stderr). ``--json`` prints a list of families, each with ``model_name``,
``model_type`` and ``model_specs``; each spec keeps the server's identifying fields and adds
``estimated_memory_mb`` (MiB, at ``--context-length``), ``fit`` and ``fit_reason``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import Any

from app.cli.common import CliContext, print_json
from app.core.catalog import (
    CATALOG_TYPES,
    DEFAULT_CONTEXT_LENGTH,
    CachedCatalog,
    CatalogFamily,
    CatalogFilter,
    FitVerdict,
    HardwareProfile,
    InstalledEngines,
    engine_probes,
    estimate_all,
    filter_families,
    gib,
    installed_engines,
    judge_all,
    load_cached,
    probe_local,
    refresh_catalog,
    server_profile,
    spec_matcher,
)
from app.core.errors import InvalidInput, ServerUnreachable


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("catalog", help="list the server's models with memory estimates and fit verdicts")
    p.add_argument("--type", default="", help="model type: " + ", ".join(CATALOG_TYPES) + " (default: all)")
    p.add_argument("--search", default="", help="words to find in the name, description or model id")
    p.add_argument("--fits", action="store_true", help="only specs that fit this machine (or the server's)")
    p.add_argument("--format", default="", help="model format, e.g. pytorch, ggufv2, mlx")
    p.add_argument("--context-length", type=int, default=DEFAULT_CONTEXT_LENGTH,
                   help=f"context length the estimate budgets for (default {DEFAULT_CONTEXT_LENGTH})")
    p.add_argument("--offline", action="store_true", help="use the cached catalog; do not ask the server")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=catalog_cmd)


def _model_type(value: str) -> str:
    if not value:
        return ""
    for known in CATALOG_TYPES:
        if known.lower() == value.lower():
            return known
    raise InvalidInput(f"Unknown model type {value!r}", "Use one of: " + ", ".join(CATALOG_TYPES))


async def catalog_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    model_type = _model_type(args.type)
    if args.context_length <= 0:
        raise InvalidInput("--context-length must be positive", "For example --context-length 4096.")
    client = ctx.client(timeout=30.0)
    types = (model_type,) if model_type else CATALOG_TYPES
    engines: InstalledEngines | None = None
    hw: HardwareProfile
    cached = None if args.offline else await _fetch(client, types)
    if cached is None:
        cached = await asyncio.to_thread(load_cached, client.endpoint)
        if cached is None:
            raise ServerUnreachable(client.endpoint, "no answer and no cached catalog for it")
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(cached.fetched_at))
        print(f"note: showing the catalog cached {when} (Xinference {cached.version})", file=sys.stderr)
        hw = await asyncio.to_thread(probe_local)
    else:
        hw = await server_profile(client)
        engines = await installed_engines(client, engine_probes(cached.catalog.families))
    families = cached.catalog.families
    estimates = estimate_all(families, args.context_length)
    verdicts = judge_all(families, estimates, hw, engines)
    flt = CatalogFilter(text=args.search, model_type=model_type, model_format=args.format, fits_only=args.fits)
    fits = _fits(verdicts)
    chosen = filter_families(families, flt, fits)
    spec_ok = spec_matcher(flt, fits)
    if args.json:
        print_json([_family_json(f, spec_ok, verdicts) for f in chosen])
        return 0
    _print_table(chosen, spec_ok, verdicts, hw, args.context_length)
    return 0


async def _fetch(client: Any, types: tuple[str, ...]) -> CachedCatalog | None:
    try:
        return await refresh_catalog(client, types)
    except ServerUnreachable as exc:
        print(f"note: {exc.message}", file=sys.stderr)
        return None


def _fits(verdicts: list[FitVerdict]) -> Any:
    return lambda spec: verdicts[spec.index].fits


def _family_json(fam: CatalogFamily, spec_ok: Any, verdicts: list[FitVerdict]) -> dict[str, Any]:
    specs = []
    for spec in fam.specs:
        if not spec_ok(spec):
            continue
        verdict = verdicts[spec.index]
        specs.append({
            **spec.identity(),
            "cache_status": spec.cached,
            "estimated_memory_mb": verdict.estimate.total_mib,
            "estimate_confidence": verdict.estimate.confidence,
            "fit": verdict.fits,
            "fit_reason": verdict.reason,
        })
    return {
        "model_name": fam.model_name,
        "model_type": fam.model_type,
        "is_builtin": fam.is_builtin,
        "model_ability": list(fam.abilities),
        "context_length": fam.context_length,
        "model_specs": specs,
    }


def _print_table(families: list[CatalogFamily], spec_ok: Any, verdicts: list[FitVerdict], hw: HardwareProfile,
                 context_length: int) -> None:
    gpus = ", ".join(f"GPU {g.index} {gib(g.available_bytes)} free of {gib(g.total_bytes)}" for g in hw.gpus)
    print(f"# {hw.source}: {hw.cpu_count} cores, RAM {gib(hw.ram_free or 0)} free of {gib(hw.ram_total or 0)}"
          + (f"; {gpus}" if gpus else "; no GPU") + f"; context {context_length}")
    count = 0
    for fam in families:
        rows = [s for s in fam.specs if spec_ok(s)]
        if not rows:
            continue
        print(f"{fam.model_name}  [{fam.model_type}{'' if fam.is_builtin else ', custom'}]")
        for spec in rows:
            verdict = verdicts[spec.index]
            count += 1
            size = spec.size_label or "-"
            print(f"  {spec.model_format or '-':8} {size:>7} {spec.quantization or '-':14} "
                  f"~{gib(verdict.estimate.total_bytes):>10}  {verdict.reason}")
    print(f"# {len(families)} families, {count} specs")
