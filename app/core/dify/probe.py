"""The diagnostic requests of the Dify check (ours, not Dify's), with the user's key sent with care."""

from __future__ import annotations

import ssl
from typing import Any

import httpx


class Probe:
    """The diagnostic requests, with the user's key when one is given.

    A wrong key counts towards Xinference's ban on the sender's address, so the key is sent until the server
    refuses it once (or not at all when Dify's own requests already saw it refused); ``keyed`` counts the
    requests that carried it."""

    def __init__(self, base: str, api_key: str | None, timeout: float = 10.0, key_refused: bool = False,
                 host_header: str | None = None, verify: ssl.SSLContext | bool = True) -> None:
        self.base = base.rstrip("/")
        self.api_key = api_key
        self.key_refused = key_refused
        self.keyed = 0
        self.extra = {"Host": host_header} if host_header else {}
        self.http = httpx.AsyncClient(trust_env=False, timeout=timeout, verify=verify)

    async def aclose(self) -> None:
        await self.http.aclose()

    def headers(self, auth: bool = True) -> dict[str, str]:
        if auth and self.api_key and not self.key_refused:
            return {**self.extra, "Authorization": f"Bearer {self.api_key}"}
        return dict(self.extra)

    async def request(self, method: str, path: str, auth: bool = True, **kw: Any) -> httpx.Response:
        headers = self.headers(auth)
        keyed = "Authorization" in headers
        self.keyed += keyed
        url = path if "://" in path else self.base + path
        resp = await self.http.request(method, url, headers=headers, **kw)
        if keyed and resp.status_code == 401:
            self.key_refused = True
        return resp

    async def get(self, path: str, auth: bool = True) -> httpx.Response:
        return await self.request("GET", path, auth)
