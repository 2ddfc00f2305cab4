"""The catalog judged for one server, built once for every front-end: ``judge_catalog``.

The CLI's ``catalog``, the Catalog page and the RAG starter each need the same sequence: the environment the
verdicts depend on (the server's hardware, engines and packages, as learnt or cached), this machine's hardware
when the server's is not known, the registered models' files on this disk, the estimates and the verdicts
(including room on the disk of the server's home for what must be downloaded). One function, so that the three
cannot judge the same model differently.
"""

from __future__ import annotations

import asyncio
import shutil
from dataclasses import dataclass
from pathlib import Path

from app.core import paths
from app.core.catalog.cache import CatalogEnvironment, load_environment
from app.core.catalog.estimate import DEFAULT_CONTEXT_LENGTH, MemoryEstimate
from app.core.catalog.families import Catalog
from app.core.catalog.fit import DownloadRoom, FitVerdict, estimates_for, judge_all
from app.core.catalog.hardware import HardwareProfile, InstalledEngines, is_local_endpoint, probe_local
from app.core.catalog.local_files import with_local_weights
from app.core.catalog.packages import EnginePackages


@dataclass(frozen=True)
class JudgedCatalog:
    """A catalog with one estimate and one verdict per spec (``spec.index``), and what they were judged against."""

    catalog: Catalog  # with the registered models' files read (``with_local_weights``)
    hardware: HardwareProfile
    environment: CatalogEnvironment | None  # None: nothing learnt about the server (engines unknown)
    estimates: list[MemoryEstimate]
    verdicts: list[FitVerdict]
    room: DownloadRoom | None

    @property
    def engines(self) -> InstalledEngines | None:
        return self.environment.engines if self.environment else None

    @property
    def packages(self) -> EnginePackages | None:
        return self.environment.packages if self.environment else None

    @property
    def hardware_of_this_machine(self) -> bool:
        """The server's own hardware was not known: the verdicts are for this machine."""
        return self.environment is None or self.environment.hardware is None


def download_room(endpoint: str, home: str | None = "") -> DownloadRoom | None:
    """Free space where a server on this machine downloads models: its ``XINFERENCE_HOME`` (``home``; empty: the
    default, which honours the environment). None for a server elsewhere, whose disk cannot be seen from here."""
    if home is None or not is_local_endpoint(endpoint):
        return None
    folder = Path(home).expanduser() if home else paths.default_xinference_home()
    probe = folder
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent  # the home is created on first start: its disk is the nearest existing parent's
    try:
        free = shutil.disk_usage(probe).free
    except OSError:
        return None
    return DownloadRoom(str(folder), free)


async def judge_catalog(catalog: Catalog, endpoint: str, *, environment: CatalogEnvironment | None = None,
                        context_length: int = DEFAULT_CONTEXT_LENGTH, home: str | None = "",
                        hints: bool = True) -> JudgedCatalog:
    """Judge ``catalog`` for the server at ``endpoint``: ``environment`` as learnt (None: the one cached on disk, if
    any), else this machine's hardware; ``home`` is the server's ``XINFERENCE_HOME`` as configured (empty: the
    default; None: not known). Everything slow runs in a worker thread."""
    if environment is None:
        environment = await asyncio.to_thread(load_environment, endpoint)
    hardware = environment.hardware if environment is not None else None
    if hardware is None:
        hardware = await asyncio.to_thread(probe_local)
    return await asyncio.to_thread(_judge, catalog, endpoint, environment, hardware, context_length, home, hints)


def _judge(catalog: Catalog, endpoint: str, environment: CatalogEnvironment | None, hardware: HardwareProfile,
           context_length: int, home: str | None, hints: bool) -> JudgedCatalog:
    catalog = with_local_weights(catalog)
    room = download_room(endpoint, home)
    estimates = estimates_for(catalog.families, context_length, hardware)
    engines = environment.engines if environment else None
    packages = environment.packages if environment else None
    verdicts = judge_all(catalog.families, estimates, hardware, engines, packages, hints=hints, room=room)
    return JudgedCatalog(catalog, hardware, environment, estimates, verdicts, room)
