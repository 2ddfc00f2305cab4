"""The catalog on disk: a second open is instant, and the catalog still shows when the server is gone.

One file per server endpoint and version under ``app.core.paths.cache_dir()/catalog``, holding the server's own
JSON per type (parsed again on load, so the cache never drifts from what the parser understands) and when it was
fetched. Written atomically; a corrupt file is treated as absent.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core import paths
from app.core.catalog import CATALOG_TYPES, Catalog, parse_catalog
from app.core.errors import ApiError, MalformedResponse, ManagerError

log = logging.getLogger(__name__)

CACHE_FORMAT = 1


@dataclass(frozen=True)
class CachedCatalog:
    endpoint: str
    version: str
    fetched_at: float  # epoch seconds
    raw: dict[str, list[Any]]  # type -> the server's detailed registrations
    catalog: Catalog

    @property
    def age_s(self) -> float:
        return max(0.0, time.time() - self.fetched_at)


def catalog_dir() -> Path:
    path = paths.cache_dir() / "catalog"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_path(endpoint: str, version: str) -> Path:
    key = hashlib.sha256(endpoint.rstrip("/").encode()).hexdigest()[:16]
    safe_version = "".join(c if c.isalnum() or c in ".-_" else "_" for c in version) or "unknown"
    return catalog_dir() / f"{key}-{safe_version}.json"


def save(endpoint: str, version: str, raw: dict[str, list[Any]], fetched_at: float | None = None) -> Path:
    path = cache_path(endpoint, version)
    body = {"format": CACHE_FORMAT, "endpoint": endpoint.rstrip("/"), "version": version,
            "fetched_at": fetched_at if fetched_at is not None else time.time(), "types": raw}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".catalog-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(body, fh, separators=(",", ":"))
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


def _read_body(path: Path) -> dict[str, Any] | None:
    try:
        body = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable catalog cache %s: %s", path, exc)
        return None
    if not isinstance(body, dict) or body.get("format") != CACHE_FORMAT or not isinstance(body.get("types"), dict):
        return None
    return body


def _read(path: Path) -> CachedCatalog | None:
    body = _read_body(path)
    if body is None:
        return None
    try:
        raw = {str(k): v for k, v in body["types"].items() if isinstance(v, list)}
        return CachedCatalog(
            endpoint=str(body.get("endpoint", "")),
            version=str(body.get("version", "")),
            fetched_at=float(body.get("fetched_at", 0.0)),
            raw=raw,
            catalog=parse_catalog(raw),
        )
    except (ValueError, TypeError, AttributeError, ManagerError) as exc:
        log.warning("ignoring unreadable catalog cache %s: %s", path, exc)
        return None


async def fetch_raw(client: Any, types: Sequence[str] = CATALOG_TYPES) -> dict[str, list[Any]]:
    """Every type's detailed registrations from the server (a type the server does not know is skipped)."""
    import asyncio

    raw: dict[str, list[Any]] = {}
    for model_type in types:
        path = f"/v1/model_registrations/{model_type}"
        try:
            resp = await client.request("GET", path, params={"detailed": "true"}, timeout=120.0)
        except ApiError as exc:
            if exc.status in (400, 404, 422, 500):
                log.info("server has no %s registrations: %s", model_type, exc.message)
                continue
            raise
        # 8 MB of LLM JSON takes ~100 ms to decode: off the event loop's thread, so the window never stalls.
        try:
            data = await asyncio.to_thread(json.loads, resp.content)
        except ValueError as exc:
            raise MalformedResponse(path, f"not JSON ({exc})") from exc
        if not isinstance(data, list):
            raise MalformedResponse(path, "expected a list")
        raw[model_type] = data
    return raw


async def refresh(client: Any, types: Sequence[str] = CATALOG_TYPES) -> CachedCatalog:
    """Fetch from the server, parse off the event loop's thread, save; returns what was saved."""
    import asyncio

    version = (await client.version()).version
    raw = await fetch_raw(client, types)
    fetched_at = time.time()
    if set(types) != set(CATALOG_TYPES):
        # A partial refresh (one type) keeps the other types already cached for this server version.
        previous = await asyncio.to_thread(_read_body, cache_path(client.endpoint, version))
        if previous is not None:
            raw = {**previous["types"], **raw}
    catalog = await asyncio.to_thread(parse_catalog, raw)
    await asyncio.to_thread(save, client.endpoint, version, raw, fetched_at)
    return CachedCatalog(client.endpoint, version, fetched_at, raw, catalog)
