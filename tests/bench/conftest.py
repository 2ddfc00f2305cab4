"""Benchmarks run only when asked (``-m bench`` or ``XIM_BENCH=1``): their budgets are asserted here, never in the
normal suite, where a busy machine would make timings flaky."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.support import harness

BENCH_DIR = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    asked = "bench" in (config.getoption("-m") or "") or os.environ.get("XIM_BENCH") == "1"
    if asked:
        return
    # Deselected (not skipped): a benchmark is a measurement asked for on purpose, not a test that could not run.
    benches = [item for item in items if BENCH_DIR in Path(str(item.fspath)).parents]
    if benches:
        config.hook.pytest_deselected(items=benches)
        items[:] = [item for item in items if item not in benches]


@pytest.fixture(scope="session")
def real_catalog_raw(request: pytest.FixtureRequest) -> dict[str, list[Any]]:
    """The real 4.1 server's detailed catalog of every type, saved once outside the repo (the harness's cache);
    fetched from the real server fixture when not saved yet."""
    import httpx

    from app.core.catalog.families import CATALOG_TYPES

    path = harness.cache_root() / "bench-catalog-4.1.0.json"
    if path.exists():
        return dict(json.loads(path.read_text()))
    server = request.getfixturevalue("xinf_server")
    raw = {t: httpx.get(f"{server.endpoint}/v1/model_registrations/{t}", params={"detailed": "true"},
                        timeout=120).json() for t in CATALOG_TYPES}
    path.write_text(json.dumps(raw))
    return raw
