"""The network as seen from where Dify runs, as an httpx transport for the re-enacted requests.

From this machine we cannot send a request from inside Dify's container, but we can make the requests behave as
they would there: a name the container resolves differently goes to the address it means there (Docker Desktop's
``host.docker.internal`` is this machine's loopback), a name it cannot resolve fails as a failed DNS lookup, and a
connection predicted to be refused is refused (a TCP reset, exactly what a closed port answers). The Host header
and every URL in error texts stay as typed, as Dify would show them.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import socket
import ssl
from collections.abc import Mapping

import httpx


@functools.cache
def _tls_context() -> ssl.SSLContext:
    # What httpx builds for every client by default (the certifi bundle): 70-200 ms of loading on a busy machine,
    # too long for the window's thread. Built once, in a thread, and shared by the check's clients. The modules
    # httpcore imports on its first connection (h11, anyio) are imported here too, for the same reason.
    for name in ("h11", "anyio", "httpcore._async.http11", "httpcore._backends.anyio"):
        importlib.import_module(name)
    return httpx.create_ssl_context()


async def tls_context() -> ssl.SSLContext:
    return await asyncio.to_thread(_tls_context)


class DifyNetwork(httpx.AsyncBaseTransport):
    def __init__(self, hosts: Mapping[str, str] | None = None, unresolved: frozenset[str] = frozenset(),
                 refuse: bool = False, verify: ssl.SSLContext | bool = True) -> None:
        self.hosts = dict(hosts or {})
        self.unresolved = unresolved
        self.refuse = refuse
        self._inner = httpx.AsyncHTTPTransport(verify=verify)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if self.refuse:
            try:
                raise ConnectionRefusedError(111, "Connection refused")
            except ConnectionRefusedError as exc:
                raise httpx.ConnectError(str(exc), request=request) from exc
        if host in self.unresolved:
            try:
                raise socket.gaierror(-2, "Name or service not known")  # glibc EAI_NONAME: Dify's containers are Linux
            except socket.gaierror as exc:
                raise httpx.ConnectError(str(exc), request=request) from exc
        mapped = self.hosts.get(host)
        if mapped is not None:
            # Send to the address the name means there; the Host header keeps the name, as Dify sends it.
            request.url = request.url.copy_with(host=mapped)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()
