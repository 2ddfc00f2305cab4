"""The catalog on disk: a second open is instant, and the catalog still shows when the server is gone.

One file per server endpoint and version under ``app.core.paths.cache_dir()/catalog``: a one-line JSON header
(format, endpoint, version, when it was fetched, and where each type's text lies), then the server's own JSON per
type, byte for byte (parsed again on load, so the cache never drifts from what the parser understands). Written
atomically; a corrupt file is treated as absent.

Why not one ``json.dump``: CPython's JSON decoder and encoder hold the GIL for a whole 8 MB document (~100 ms),
which would freeze the window even from a worker thread. Keeping each type's text as the server sent it, and
decoding a list one element at a time (``loads_list``), lets the GUI thread run between elements.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core import paths
from app.core.api import XinferenceClient
from app.core.atomic import write_atomic
from app.core.catalog.families import CATALOG_TYPES, Catalog, parse_catalog
from app.core.catalog.hardware import HardwareProfile, InstalledEngines
from app.core.catalog.packages import EnginePackages
from app.core.errors import ApiError, MalformedResponse, ManagerError

log = logging.getLogger(__name__)

CACHE_FORMAT = 2
_DECODER = json.JSONDecoder()
_WS = re.compile(r"[ \t\n\r]*")


@dataclass(frozen=True)
class CachedCatalog:
    endpoint: str
    version: str
    fetched_at: float  # epoch seconds
    raw: dict[str, list[Any]]  # type -> the server's detailed registrations
    catalog: Catalog
    texts: dict[str, str] | None = None  # type -> the server's JSON text (what is saved)

    @property
    def age_s(self) -> float:
        return max(0.0, time.time() - self.fetched_at)


def loads_list(text: str) -> list[Any]:
    """``json.loads`` for a JSON array, one element per decoder call (see the module's docstring)."""
    idx = _WS.match(text, 0).end()  # type: ignore[union-attr]
    if not text.startswith("[", idx):
        value = json.loads(text)
        if not isinstance(value, list):
            raise ValueError("expected a JSON array")
        return value
    out: list[Any] = []
    idx = _WS.match(text, idx + 1).end()  # type: ignore[union-attr]
    if text.startswith("]", idx):
        return out
    while True:
        value, idx = _DECODER.raw_decode(text, idx)
        out.append(value)
        time.sleep(0)  # let another thread (the GUI's) take the GIL between elements
        idx = _WS.match(text, idx).end()  # type: ignore[union-attr]
        if text.startswith(",", idx):
            idx = _WS.match(text, idx + 1).end()  # type: ignore[union-attr]
        elif text.startswith("]", idx):
            if text[idx + 1:].strip():
                raise ValueError("extra data after the JSON array")
            return out
        else:
            raise ValueError(f"expected ',' or ']' at {idx}")


def catalog_dir() -> Path:
    path = paths.cache_dir() / "catalog"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_path(endpoint: str, version: str) -> Path:
    key = hashlib.sha256(endpoint.rstrip("/").encode()).hexdigest()[:16]
    safe_version = "".join(c if c.isalnum() or c in ".-_" else "_" for c in version) or "unknown"
    return catalog_dir() / f"{key}-{safe_version}.json"


def save(endpoint: str, version: str, raw: Mapping[str, str | list[Any]], fetched_at: float | None = None) -> Path:
    """Save each type's JSON text (a list is encoded first). Returns the file written."""
    blobs = {t: (v if isinstance(v, str) else json.dumps(v, separators=(",", ":"))).encode() for t, v in raw.items()}
    spans: dict[str, list[int]] = {}
    offset = 0
    for model_type, blob in blobs.items():
        spans[model_type] = [offset, len(blob)]
        offset += len(blob)
    header = {"format": CACHE_FORMAT, "endpoint": endpoint.rstrip("/"), "version": version,
              "fetched_at": fetched_at if fetched_at is not None else time.time(), "types": spans}
    path = cache_path(endpoint, version)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".catalog-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(json.dumps(header).encode() + b"\n")
            for blob in blobs.values():
                fh.write(blob)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load(endpoint: str, version: str | None = None) -> CachedCatalog | None:
    """The cached catalog for this endpoint: of ``version`` if given, else the newest one saved."""
    if version is not None:
        candidates = [cache_path(endpoint, version)]
    else:
        prefix = cache_path(endpoint, "x").name.split("-", 1)[0] + "-"
        candidates = sorted(catalog_dir().glob(prefix + "*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in candidates:
        cached = _read(path)
        if cached is not None:
            return cached
    return None


def _read_texts(path: Path) -> tuple[dict[str, Any], dict[str, str]] | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("ignoring unreadable catalog cache %s: %s", path, exc)
        return None
    head, _, body = data.partition(b"\n")
    try:
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("format") != CACHE_FORMAT:
            return None
        texts = {str(t): body[start:start + length].decode() for t, (start, length) in header["types"].items()}
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        log.warning("ignoring damaged catalog cache %s: %s", path, exc)
        return None
    return header, texts


def _read(path: Path) -> CachedCatalog | None:
    found = _read_texts(path)
    if found is None:
        return None
    header, texts = found
    try:
        raw = {t: loads_list(text) for t, text in texts.items()}
        return CachedCatalog(
            endpoint=str(header.get("endpoint", "")),
            version=str(header.get("version", "")),
            fetched_at=float(header.get("fetched_at", 0.0)),
            raw=raw,
            catalog=parse_catalog(raw),
            texts=texts,
        )
    except (ValueError, TypeError, AttributeError, ManagerError) as exc:
        log.warning("ignoring damaged catalog cache %s: %s", path, exc)
        return None


async def fetch_texts(client: XinferenceClient, types: Sequence[str] = CATALOG_TYPES) -> dict[str, str]:
    """Every type's detailed registrations from the server, as JSON text (a type it does not know is skipped)."""
    texts: dict[str, str] = {}
    for model_type in types:
        path = f"/v1/model_registrations/{model_type}"
        try:
            resp = await client.request("GET", path, params={"detailed": "true"}, timeout=120.0)
        except ApiError as exc:
            if exc.status in (400, 404, 422, 500):
                log.info("server has no %s registrations: %s", model_type, exc.message)
                continue
            raise
        texts[model_type] = resp.content.decode("utf-8")
    return texts


def _decode_all(texts: Mapping[str, str]) -> dict[str, list[Any]]:
    raw: dict[str, list[Any]] = {}
    for model_type, text in texts.items():
        try:
            raw[model_type] = loads_list(text)
        except ValueError as exc:
            raise MalformedResponse(f"/v1/model_registrations/{model_type}", f"not a JSON list ({exc})") from exc
    return raw


async def refresh(client: XinferenceClient, types: Sequence[str] = CATALOG_TYPES) -> CachedCatalog:
    """Fetch from the server, decode and parse off the event loop's thread, save; returns what was saved."""
    version = (await client.version()).version
    texts = await fetch_texts(client, types)
    fetched_at = time.time()
    if set(types) != set(CATALOG_TYPES):
        # A partial refresh (one type) keeps the other types already cached for this server version.
        previous = await asyncio.to_thread(_read_texts, cache_path(client.endpoint, version))
        if previous is not None:
            texts = {**previous[1], **texts}
    raw = await asyncio.to_thread(_decode_all, texts)
    catalog = await asyncio.to_thread(parse_catalog, raw)
    await asyncio.to_thread(save, client.endpoint, version, texts, fetched_at)
    return CachedCatalog(client.endpoint, version, fetched_at, raw, catalog, texts)


# -- what the verdicts were judged against: saved with the catalog, so that offline verdicts match online ones --


@dataclass(frozen=True)
class CatalogEnvironment:
    """The server's hardware, its engines' answers and its Python's packages, as last learnt."""

    hardware: HardwareProfile | None
    engines: InstalledEngines | None
    packages: EnginePackages | None
    learnt_at: float  # epoch seconds

    def to_json(self) -> dict[str, Any]:
        return {
            "format": CACHE_FORMAT,
            "hardware": self.hardware.to_json() if self.hardware else None,
            "engines": self.engines.to_json() if self.engines else None,
            "packages": self.packages.to_json() if self.packages else None,
            "learnt_at": self.learnt_at,
        }

    @staticmethod
    def from_json(data: Any) -> CatalogEnvironment | None:
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
            return None
        return CatalogEnvironment(
            hardware=HardwareProfile.from_json(data.get("hardware")),
            engines=InstalledEngines.from_json(data.get("engines")),
            packages=EnginePackages.from_json(data.get("packages")),
            learnt_at=float(data.get("learnt_at") or 0.0),
        )


def environment_path(endpoint: str) -> Path:
    return cache_path(endpoint, "x").with_name(cache_path(endpoint, "x").name.split("-", 1)[0] + ".environment.json")


def save_environment(endpoint: str, env: CatalogEnvironment) -> None:
    write_atomic(environment_path(endpoint), json.dumps(env.to_json()))


def load_environment(endpoint: str) -> CatalogEnvironment | None:
    try:
        data = json.loads(environment_path(endpoint).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("ignoring damaged catalog environment for %s: %s", endpoint, exc)
        return None
    return CatalogEnvironment.from_json(data)


async def learn_environment(client: XinferenceClient, catalog: Catalog, refresh: bool = False) -> CatalogEnvironment:
    """Ask the server (and, for a local one, its Python) what the verdicts depend on; saves it for offline use."""
    from app.core.catalog.fit import engine_probes
    from app.core.catalog.hardware import installed_engines, server_profile
    from app.core.catalog.packages import probe_packages, server_python

    hardware = await server_profile(client)
    engines = await installed_engines(client, engine_probes(catalog.families))
    python = await asyncio.to_thread(server_python, client.endpoint)
    packages = await probe_packages(python, refresh=refresh) if python else None
    env = CatalogEnvironment(hardware, engines, packages, time.time())
    await asyncio.to_thread(save_environment, client.endpoint, env)
    return env
