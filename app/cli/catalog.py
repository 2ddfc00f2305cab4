"""``catalog``: every model the server knows, with a memory estimate and a fit verdict for this hardware.

Same core as the Catalog page. The catalog and what the verdicts depend on (the server's hardware, its engines and
its Python's packages) are cached on disk: a second run reads the cache at once; ``--refresh`` asks the server
again; ``--offline`` (or an unreachable server) uses the cache and says when it was learnt. ``--json`` prints a
list of families, each with ``model_name``, ``model_type`` and ``model_specs``; each spec keeps the server's
identifying fields and adds ``estimated_memory_mb`` (MiB on the device it will run on, what the verdict uses),
``estimated_gpu_memory_mb`` (comparable with Xinference's estimator), ``estimate_confidence``, ``device``, ``fit``,
``fit_reason`` and ``fit_hint``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable
from typing import Any

from app.cli.common import CliContext, print_json
from app.core.api import XinferenceClient
from app.core.catalog import (
    CATALOG_TYPES,
    DEFAULT_CONTEXT_LENGTH,
    CachedCatalog,
    CatalogEnvironment,
    CatalogFamily,
    CatalogFilter,
    CatalogSpec,
    FitVerdict,
    HardwareProfile,
    filter_families,
    gib,
    judge_catalog,
    learn_environment,
    load_cached,
    load_environment,
    refresh_catalog,
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
    p.add_argument("--refresh", action="store_true", help="fetch the catalog again instead of using the cache")
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


def _when(epoch: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(epoch))


async def catalog_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    model_type = _model_type(args.type)
    if args.context_length <= 0:
        raise InvalidInput("--context-length must be positive", "For example --context-length 4096.")
    if args.offline and args.refresh:
        raise InvalidInput("--offline and --refresh contradict each other", "Use one of them.")
    client = ctx.client(timeout=30.0)
    cached, env = await _catalog_and_environment(client, args)
    profile = ctx.settings.profile
    judged = await judge_catalog(cached.catalog, client.endpoint, environment=env,
                                 context_length=args.context_length,
                                 home=profile.server.home if profile.kind == "local" else None)
    hw, families, verdicts = judged.hardware, judged.catalog.families, judged.verdicts
    flt = CatalogFilter(text=args.search, model_type=model_type, model_format=args.format, fits_only=args.fits)
    fits = _fits(verdicts)
    chosen = filter_families(families, flt, fits)
    spec_ok = spec_matcher(flt, fits)
    if args.json:
        print_json([_family_json(f, spec_ok, verdicts) for f in chosen])
        return 0
    _print_table(chosen, spec_ok, verdicts, hw, args.context_length)
    return 0


async def _catalog_and_environment(client: XinferenceClient, args: argparse.Namespace,
                                   ) -> tuple[CachedCatalog, CatalogEnvironment | None]:
    """The cache unless --refresh (or none yet); the server when it must be asked and answers."""
    cached = None if args.refresh else await asyncio.to_thread(load_cached, client.endpoint)
    env = None if args.refresh else await asyncio.to_thread(load_environment, client.endpoint)
    if cached is not None and (env is not None or args.offline):
        if args.offline:
            print(f"note: offline: the catalog cached {_when(cached.fetched_at)} (Xinference {cached.version})"
                  + (f"; engines, packages and hardware as learnt {_when(env.learnt_at)}" if env else
                     "; engines unknown, this machine's hardware"), file=sys.stderr)
        else:
            print(f"note: the catalog cached {_when(cached.fetched_at)} (Xinference {cached.version}); "
                  "--refresh to fetch it again", file=sys.stderr)
        return cached, env
    if not args.offline:
        try:
            fresh = await refresh_catalog(client)
            return fresh, await learn_environment(client, fresh.catalog, refresh=args.refresh)
        except ServerUnreachable as exc:
            print(f"note: {exc.message}", file=sys.stderr)
    cached = cached or await asyncio.to_thread(load_cached, client.endpoint)
    if cached is None:
        raise ServerUnreachable(client.endpoint, "no answer and no cached catalog for it")
    env = env or await asyncio.to_thread(load_environment, client.endpoint)
    print(f"note: showing the catalog cached {_when(cached.fetched_at)} (Xinference {cached.version})"
          + (f"; verdicts use engines, packages and hardware as learnt {_when(env.learnt_at)}" if env else ""),
          file=sys.stderr)
    return cached, env


def _fits(verdicts: list[FitVerdict]) -> Callable[[CatalogSpec], bool]:
    return lambda spec: verdicts[spec.index].fits


def _family_json(fam: CatalogFamily, spec_ok: Callable[[CatalogSpec], bool], verdicts: list[FitVerdict],
                 ) -> dict[str, Any]:
    specs = []
    for spec in fam.specs:
        if not spec_ok(spec):
            continue
        verdict = verdicts[spec.index]
        specs.append({
            **spec.identity(),
            "cache_status": spec.cached,
            "estimated_memory_mb": verdict.estimate.total_mib,
            "estimated_gpu_memory_mb": verdict.estimate.comparable_mib,
            "estimate_confidence": verdict.estimate.confidence,
            "device": verdict.estimate.device,
            "fit": verdict.fits,
            "fit_kind": verdict.kind,
            "fit_reason": verdict.reason,
            "fit_hint": verdict.hint,
        })
    return {
        "model_name": fam.model_name,
        "model_type": fam.model_type,
        "is_builtin": fam.is_builtin,
        "model_ability": list(fam.abilities),
        "context_length": fam.context_length,
        "model_specs": specs,
    }


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _print_table(families: list[CatalogFamily], spec_ok: Callable[[CatalogSpec], bool], verdicts: list[FitVerdict],
                 hw: HardwareProfile, context_length: int) -> None:
    gpus = ", ".join(f"GPU {g.index} {gib(g.available_bytes)} free of {gib(g.total_bytes)}" for g in hw.gpus)
    print(f"# {hw.source}: {hw.cpu_count} cores, RAM {gib(hw.ram_free or 0)} free of {gib(hw.ram_total or 0)}"
          + (f"; {gpus}" if gpus else "; no GPU") + f"; context {context_length}")
    count = 0
    shown = 0
    for fam in families:
        rows = _by_checkpoint([s for s in fam.specs if spec_ok(s)])
        if not rows:
            continue
        shown += 1
        print(f"{fam.model_name}  [{fam.model_type}{'' if fam.is_builtin else ', custom'}]")
        for spec, hubs in rows:
            verdict = verdicts[spec.index]
            count += 1
            e = verdict.estimate
            print(f"  {spec.model_format or '-':8} {spec.size_label or '-':>7} {spec.quantization or '-':14} "
                  f"~{gib(e.total_bytes):>10} {e.confidence:6}  {verdict.text}  [{', '.join(hubs) or '-'}]")
    print(f"# {plural(shown, 'family', 'families')}, {plural(count, 'variant', 'variants')}")


def _by_checkpoint(specs: list[CatalogSpec]) -> list[tuple[CatalogSpec, list[str]]]:
    """One row per variant (format, size, quantization), with the hubs that host it."""
    rows: dict[tuple[str, Any, str], tuple[CatalogSpec, list[str]]] = {}
    for spec in specs:
        key = (spec.model_format, spec.size_b, spec.quantization)
        if key not in rows:
            rows[key] = (spec, [])
        if spec.model_hub and spec.model_hub not in rows[key][1]:
            rows[key][1].append(spec.model_hub)
    return list(rows.values())
