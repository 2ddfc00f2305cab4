"""The model catalog: families and specs, the disk cache, search and filters, hardware, memory and fit."""

from __future__ import annotations

from app.core.catalog.cache import (
    CachedCatalog,
    CatalogEnvironment,
    learn_environment,
    load_environment,
    save_environment,
)
from app.core.catalog.cache import load as load_cached
from app.core.catalog.cache import refresh as refresh_catalog
from app.core.catalog.estimate import (
    DEFAULT_CONTEXT_LENGTH,
    MemoryEstimate,
    device_for,
    estimate_all,
)
from app.core.catalog.families import (
    CATALOG_TYPES,
    Catalog,
    CatalogFamily,
    CatalogSpec,
    size_label,
)
from app.core.catalog.filters import (
    CatalogFilter,
    filter_families,
    filter_mask,
    spec_matcher,
)
from app.core.catalog.fit import (
    DownloadRoom,
    FitVerdict,
    Recommendation,
    engine_probes,
    estimates_for,
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
from app.core.catalog.judged import JudgedCatalog, download_room, judge_catalog
from app.core.catalog.packages import (
    EnginePackages,
    probe_packages,
    server_python,
)

__all__ = [
    "CATALOG_TYPES",
    "CachedCatalog",
    "Catalog",
    "CatalogEnvironment",
    "CatalogFamily",
    "CatalogFilter",
    "CatalogSpec",
    "DEFAULT_CONTEXT_LENGTH",
    "DownloadRoom",
    "EnginePackages",
    "FitVerdict",
    "HardwareProfile",
    "InstalledEngines",
    "JudgedCatalog",
    "MemoryEstimate",
    "Recommendation",
    "device_for",
    "download_room",
    "engine_probes",
    "estimate_all",
    "estimates_for",
    "filter_families",
    "filter_mask",
    "gib",
    "installed_engines",
    "judge_all",
    "judge_catalog",
    "learn_environment",
    "load_cached",
    "load_environment",
    "probe_local",
    "probe_packages",
    "refresh_catalog",
    "save_environment",
    "server_profile",
    "server_python",
    "size_label",
    "spec_matcher",
]
