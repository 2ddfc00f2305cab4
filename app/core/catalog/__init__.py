"""The model catalog: families and specs, the disk cache, search and filters, hardware, memory and fit."""

from __future__ import annotations

from app.core.catalog.cache import (
    CachedCatalog,
)
from app.core.catalog.cache import load as load_cached
from app.core.catalog.cache import refresh as refresh_catalog
from app.core.catalog.families import (
    CATALOG_TYPES,
    Catalog,
    CatalogFamily,
    CatalogSpec,
)
from app.core.catalog.filters import (
    CatalogFilter,
    filter_families,
    filter_mask,
    spec_matcher,
)
from app.core.catalog.fit import (
    DEFAULT_CONTEXT_LENGTH,
    FitVerdict,
    MemoryEstimate,
    Recommendation,
    engine_probes,
    estimate_all,
    gib,
    judge_all,
)
from app.core.catalog.hardware import (
    HardwareProfile,
    InstalledEngines,
    installed_engines,
    probe_local,
    server_profile,
)

__all__ = [
    "CATALOG_TYPES",
    "CachedCatalog",
    "Catalog",
    "CatalogFamily",
    "CatalogFilter",
    "CatalogSpec",
    "DEFAULT_CONTEXT_LENGTH",
    "FitVerdict",
    "HardwareProfile",
    "InstalledEngines",
    "MemoryEstimate",
    "Recommendation",
    "engine_probes",
    "estimate_all",
    "filter_families",
    "filter_mask",
    "gib",
    "installed_engines",
    "judge_all",
    "load_cached",
    "probe_local",
    "refresh_catalog",
    "server_profile",
    "spec_matcher",
]
