"""XinferenceClient: an async client over Xinference's REST API.

Every method returns parsed Python values (dataclasses from ``app.core.api.types`` where the shape matters) and
raises the typed errors of ``app.core.errors``; no caller ever sees an httpx exception or raw status code.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import re
import socket
from typing import Any
from urllib.parse import quote

import httpx

from app.core.api.bearer import BearerAuth, TokenRefresher, http_client
from app.core.api.types import (
    AuthInfo,
    ClusterVersion,
    ModelInstance,
    Reply,
    RunningModel,
    ServerStatus,
    SetupStatus,
    TokenPair,
)
from app.core.errors import (
    ApiError,
    AuthForbidden,
    AuthRequired,
    MalformedResponse,
    ModelNotFound,
    NotXinference,
    ServerTimeout,
    ServerUnreachable,
)

log = logging.getLogger(__name__)

MODEL_TYPES = ("LLM", "embedding", "rerank", "image", "audio", "video")

# The largest answer the client reads: the detailed LLM catalog of Xinference 4.1 is 8 MB, so this leaves room
# for catalogs eight times larger while a runaway answer (a wrong port, a proxy's endless stream) costs at most this.
MAX_RESPONSE_BYTES = 64 * 1024 * 1024


def normalize_endpoint(url: str) -> str:
    """Turn what a person types ("localhost:9997", "http://h:9997/") into a base URL without a trailing slash."""
    url = url.strip()
    if not url:
        raise ValueError("empty server URL")
    if "://" not in url:
        url = "http://" + url
    return url.rstrip("/")


class XinferenceClient:
    """One client per server. ``token`` is a session token or an API key; both go in ``Authorization: Bearer``."""

    def __init__(
        self,
        endpoint: str,
        token: str | None = None,
        timeout: float = 15.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.endpoint = normalize_endpoint(endpoint)
        # The credential and its renewal live in the auth flow, which other clients of this server may share.
        self.auth = BearerAuth(token)
        self._timeout = timeout
        self.max_response_bytes = MAX_RESPONSE_BYTES
        self._http = http_client(base_url=self.endpoint, timeout=timeout, auth=self.auth, transport=transport)

    @property
    def token(self) -> str | None:
        """A session token or an API key, sent as ``Authorization: Bearer``."""
        return self.auth.token

    @token.setter
    def token(self, value: str | None) -> None:
        self.auth.token = value

    @property
    def refresher(self) -> TokenRefresher | None:
        """Renews an expired session token (the login session installs itself here)."""
        return self.auth.refresher

    @refresher.setter
    def refresher(self, value: TokenRefresher | None) -> None:
        self.auth.refresher = value

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> XinferenceClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- transport ---------------------------------------------------------------------------------------------

    async def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: dict[str, Any] | None = None,
        timeout: float | None = None,
        auth: bool = True,
    ) -> Reply:
        """Send one request; its status and bytes (errors as typed exceptions, as everywhere here)."""
        resp = await self._send(method, path, json_body=json_body, params=params, timeout=timeout, auth=auth)
        return Reply(status=resp.status_code, content=resp.content)

    async def _send(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: dict[str, Any] | None = None,
        timeout: float | None = None,
        auth: bool = True,
    ) -> httpx.Response:
        """Map transport failures and error statuses to typed errors (the auth flow renews an expired session)."""
        seconds = timeout if timeout is not None else self._timeout
        try:
            # One deadline for the whole exchange: httpx's timeout is per read, so a server that drips a byte
            # now and then would otherwise hold the request (and the page waiting on it) forever.
            async with asyncio.timeout(seconds):
                resp = await self._receive(method, path, json_body, params, auth, seconds)
        except (httpx.TimeoutException, TimeoutError) as exc:
            raise ServerTimeout(self.endpoint, seconds) from exc
        except httpx.TransportError as exc:
            raise ServerUnreachable(self.endpoint, _describe_transport_error(exc)) from exc
        except RuntimeError as exc:
            if not self._http.is_closed:
                raise
            # The app replaced this client (other server, quit) while the request was on its way.
            raise ServerUnreachable(self.endpoint, "the app closed this connection (server changed)") from exc
        if resp.status_code >= 400:
            raise _error_for(resp, method, path)
        return resp

    async def _receive(
        self, method: str, path: str, json_body: Any, params: dict[str, Any] | None, auth: bool, seconds: float
    ) -> httpx.Response:
        """Send, then read the body up to ``max_response_bytes``: a runaway answer is refused, never held whole."""
        request = self._http.build_request(method, path, json=json_body, params=params, timeout=seconds)
        resp = await self._http.send(request, stream=True, auth=self.auth if auth else None)
        try:
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_response_bytes:
                raise _too_large(path, int(declared), self.max_response_bytes)
            body = bytearray()
            async for chunk in resp.aiter_bytes():  # decoded: a compressed answer is capped on what it expands to
                body += chunk
                if len(body) > self.max_response_bytes:
                    raise _too_large(path, None, self.max_response_bytes)
        finally:
            await resp.aclose()
        return httpx.Response(resp.status_code, headers=_plain_headers(resp.headers), content=bytes(body),
                              request=request)

    async def get_json(self, path: str, **kw: Any) -> Any:
        resp = await self._send("GET", path, **kw)
        return _parse_json(resp, path)

    async def post_json(self, path: str, body: Any = None, **kw: Any) -> Any:
        resp = await self._send("POST", path, json_body=body, **kw)
        return _parse_json(resp, path) if resp.content else None

    # -- server identity and health ----------------------------------------------------------------------------

    async def version(self) -> ClusterVersion:
        data = await self.get_json("/v1/cluster/version")
        if not isinstance(data, dict) or "version" not in data:
            raise NotXinference(self.endpoint, "no version in /v1/cluster/version")
        return ClusterVersion(version=str(data["version"]), revision=str(data.get("full-revisionid") or ""))

    async def status(self) -> ServerStatus:
        """``GET /status``: answers without login, so it is the readiness probe."""
        return ServerStatus.from_json(await self.get_json("/status", auth=False))

    async def auth_info(self) -> AuthInfo:
        """Whether login is on. Servers before 3.0 answer ``{"auth": false}`` or 404: both mean no login."""
        try:
            data = await self.get_json("/v1/cluster/auth", auth=False)
        except ApiError as exc:
            if exc.status == 404:
                return AuthInfo(auth=False, has_login_api=False)
            raise
        auth = bool(data.get("auth")) if isinstance(data, dict) else False
        return AuthInfo(auth=auth, has_login_api=None)

    async def setup_status(self) -> SetupStatus | None:
        """First-run setup state, or None on servers without the 3.0 admin API."""
        try:
            data = await self.get_json("/v1/admin/setup/status", auth=False)
        except ApiError as exc:
            if exc.status in (404, 405):
                return None
            raise
        if not isinstance(data, dict):
            raise MalformedResponse("/v1/admin/setup/status", "expected an object")
        min_length = data.get("password_min_length")
        return SetupStatus(
            needs_setup=bool(data.get("needs_setup")),
            initialized=bool(data.get("initialized")),
            # Only a plain positive count is one; anything else (absent, text, a list) means Xinference's 8.
            password_min_length=min_length if type(min_length) is int and 0 < min_length < 1024 else 8,
        )

    async def cluster_info(self, detailed: bool = True) -> Any:
        return await self.get_json("/v1/cluster/info", params={"detailed": str(detailed).lower()})

    # -- login -------------------------------------------------------------------------------------------------

    async def setup_admin(self, setup_token: str, username: str, password: str) -> None:
        await self.post_json(
            "/v1/admin/setup",
            {"setup_token": setup_token, "username": username, "password": password},
            auth=False,
        )

    async def login(self, username: str, password: str) -> TokenPair:
        data = await self.post_json("/token", {"username": username, "password": password}, auth=False)
        return TokenPair.from_json(data)

    async def refresh(self, refresh_token: str) -> TokenPair:
        data = await self.post_json("/v1/auth/refresh", {"refresh_token": refresh_token}, auth=False)
        return TokenPair.from_json(data)

    async def create_api_key(self, name: str) -> str:
        data = await self.post_json("/v1/admin/keys", {"name": name})
        key = _find_key(data)
        if not key:
            raise MalformedResponse("/v1/admin/keys", "no key in the answer")
        return key

    # -- running models ----------------------------------------------------------------------------------------

    async def list_models(self) -> list[RunningModel]:
        data = await self.get_json("/v1/models")
        items = data.get("data") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise MalformedResponse("/v1/models", "expected {data: [...]}")
        return [RunningModel.from_json(item) for item in items if isinstance(item, dict)]

    async def describe_model(self, uid: str) -> dict[str, Any]:
        try:
            data = await self.get_json(f"/v1/models/{quote(uid, safe='')}")
        except ApiError as exc:
            if exc.status in (400, 404) and not isinstance(exc, ModelNotFound):
                raise ModelNotFound(uid, exc.detail) from exc
            raise
        if not isinstance(data, dict):
            raise MalformedResponse(f"/v1/models/{uid}", "expected an object")
        return data

    async def instances(self) -> list[ModelInstance]:
        data = await self.get_json("/v1/models/instances")
        if not isinstance(data, list):
            raise MalformedResponse("/v1/models/instances", "expected a list")
        return [ModelInstance.from_json(item) for item in data if isinstance(item, dict)]

    async def launch_model(self, body: dict[str, Any], wait_ready: bool = False) -> str:
        """Ask the server to launch; returns the model UID. With ``wait_ready`` the call blocks until loaded."""
        data = await self.post_json(
            "/v1/models",
            body,
            params={"wait_ready": str(wait_ready).lower()},
            timeout=None if not wait_ready else 3600.0,
        )
        uid = data.get("model_uid") if isinstance(data, dict) else None
        if not uid:
            raise MalformedResponse("/v1/models", "no model_uid in the answer")
        return str(uid)

    async def progress(self, uid: str) -> float:
        data = await self.get_json(f"/v1/models/{quote(uid, safe='')}/progress")
        try:
            return float(data.get("progress", 0.0))
        except (AttributeError, TypeError, ValueError, OverflowError) as exc:
            raise MalformedResponse("progress", str(exc)) from exc

    async def cancel_launch(self, uid: str, timeout: float | None = None) -> None:
        await self._send("POST", f"/v1/models/{quote(uid, safe='')}/cancel", timeout=timeout)

    async def terminate(self, uid: str) -> None:
        try:
            await self._send("DELETE", f"/v1/models/{quote(uid, safe='')}")
        except ApiError as exc:
            if exc.status in (400, 404) and not isinstance(exc, ModelNotFound):
                raise ModelNotFound(uid, exc.detail) from exc
            raise

    # -- catalog and registration ------------------------------------------------------------------------------

    async def registrations(self, model_type: str, detailed: bool = False, timeout: float = 120.0) -> list[Any]:
        data = await self.get_json(
            f"/v1/model_registrations/{model_type}",
            params={"detailed": str(detailed).lower()},
            timeout=timeout,
        )
        if not isinstance(data, list):
            raise MalformedResponse(f"/v1/model_registrations/{model_type}", "expected a list")
        return data

    async def register_model(self, model_type: str, family: dict[str, Any], persist: bool = False) -> None:
        await self.post_json(
            f"/v1/model_registrations/{model_type}",
            {"model": json.dumps(family), "persist": persist},
        )

    async def unregister_model(self, model_type: str, model_name: str) -> None:
        await self._send("DELETE", f"/v1/model_registrations/{model_type}/{quote(model_name, safe='')}")

    async def engines(self, model_name: str, model_type: str | None = None, real_only: bool = False) -> Any:
        path = f"/v1/engines/{model_type}/{quote(model_name, safe='')}" if model_type else (
            f"/v1/engines/{quote(model_name, safe='')}"
        )
        params = {"enable_virtual_env": "false"} if real_only else None
        return await self.get_json(path, params=params)

    async def recommend(self, model_name: str, model_type: str, constraints: dict[str, Any] | None = None) -> Any:
        """The 4.x recommender; None where the server has no such endpoint."""
        try:
            return await self.post_json(
                "/v1/models/recommend",
                {"model_name": model_name, "model_type": model_type, "constraints": constraints or {}},
            )
        except ApiError as exc:
            if exc.status in (404, 405):
                return None
            raise


def _describe_transport_error(exc: httpx.TransportError) -> str:
    """A plain-words cause, looking through the exception chain (httpx wraps the OS error)."""
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and len(chain) < 8:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    for e in chain:
        if isinstance(e, ConnectionRefusedError):
            return "connection refused (nothing listens on that port)"
        if isinstance(e, socket.gaierror):
            return "the host name does not resolve"
    text = " ".join(str(e) for e in chain).lower()
    if "connection refused" in text or "errno 111" in text:
        return "connection refused (nothing listens on that port)"
    if "name or service not known" in text or "nodename nor servname" in text or "errno -2" in text:
        return "the host name does not resolve"
    if "no route to host" in text or "network is unreachable" in text:
        return "no route to that host"
    if isinstance(exc, httpx.RemoteProtocolError) or "reset" in text:
        return f"the connection was closed mid-answer ({exc})"
    return str(exc) or type(exc).__name__


def _too_large(path: str, declared: int | None, limit: int) -> MalformedResponse:
    size = f"{declared / 2**20:.0f} MB" if declared is not None else f"over {limit / 2**20:.0f} MB"
    return MalformedResponse(path, f"the answer is too large ({size}; the limit is {limit / 2**20:.0f} MB)")


def _plain_headers(headers: httpx.Headers) -> list[tuple[str, str]]:
    """The headers of a body that is now plain bytes (no encoding left to undo, its real length)."""
    drop = {"content-encoding", "content-length", "transfer-encoding"}
    return [(k, v) for k, v in headers.multi_items() if k.lower() not in drop]


def _detail_of(resp: httpx.Response) -> str:
    try:
        data = resp.json()
    except ValueError:
        text = resp.text.strip()
        if "html" in resp.headers.get("content-type", "").lower() or text[:1] == "<":
            return _html_gist(text) or resp.reason_phrase
        return text[:500] or resp.reason_phrase
    if isinstance(data, dict):
        detail = data.get("detail", data.get("error", data))
        return detail if isinstance(detail, str) else json.dumps(detail)[:500]
    return str(data)[:500]


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_TAG = re.compile(r"<(script|style)[^>]*>.*?</\1>|<[^>]*>", re.I | re.S)


def _html_gist(text: str) -> str:
    """A proxy's or another server's error page in a few words (its title, else its text), not 500 chars of tags."""
    text = text[:200_000]  # an error page is short; a huge one is not worth scanning whole
    match = _TITLE.search(text)
    words = " ".join(html.unescape(_TAG.sub(" ", match.group(1) if match else text)).split())
    return f"an HTML page: {words[:200]}" if words else "an HTML page"


def _error_for(resp: httpx.Response, method: str, path: str) -> Exception:
    detail = _detail_of(resp)
    if resp.status_code == 401:
        if "api key" in detail.lower() and "only" in detail.lower():
            return AuthForbidden(detail, "Log in as the admin; an API key can only query and call models.")
        return AuthRequired(detail)
    if resp.status_code == 403:
        return AuthForbidden(detail, "This account is not allowed to do that.")
    return ApiError(resp.status_code, detail, method, path)


def _parse_json(resp: httpx.Response, what: str) -> Any:
    try:
        return resp.json()
    except ValueError as exc:
        raise MalformedResponse(what, f"not JSON ({resp.text[:80]!r})") from exc


def _find_key(data: Any) -> str | None:
    if isinstance(data, dict):
        for name in ("key", "api_key", "value", "token"):
            if isinstance(data.get(name), str) and data[name]:
                return str(data[name])
        for value in data.values():
            found = _find_key(value)
            if found:
                return found
    return None


def preload_transport() -> None:
    """Import what httpx's transport imports only on its first request (httpcore's anyio backend).

    The app calls this in a worker thread after the window's first paint: otherwise the first request, made on
    the GUI thread (a server start's readiness poll), froze the window for the import (issue 15)."""
    import anyio
    import httpcore._backends.anyio  # noqa: F401

    anyio.run(anyio.sleep, 0, backend="asyncio")  # loads anyio's asyncio backend, as a first connection would
