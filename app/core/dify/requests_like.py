"""requests' behaviour, over httpx: what Dify's plugin sees when it sends a request.

The plugin and its xinference client use ``requests`` (urllib3 underneath). Three of its habits decide verdicts and
error texts, so they are reproduced here:

* URL checks before anything is sent (``PreparedRequest.prepare_url`` and the adapter lookup): ``localhost:9997``
  has a "scheme" ``localhost`` and fails with ``InvalidSchema``; a URL without ``:`` fails with ``MissingSchema``;
* urllib3's ``Retry(total=N)`` from ``HTTPAdapter(max_retries=N)``: connection errors and read timeouts of a GET are
  retried N times without pause, HTTP statuses never are; the default adapter retries nothing;
* the text of the exception raised when all tries failed (``HTTPConnectionPool(...): Max retries exceeded ...``).

Environment proxies are ignored here (``trust_env=False``): the proxies that matter are those of Dify's container.
"""

from __future__ import annotations

import errno
import os
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx


@dataclass(frozen=True)
class UrlProblem:
    kind: str  # MissingSchema, InvalidSchema, InvalidURL
    text: str


class RequestsError(Exception):
    """A requests exception: ``kind`` is its class name, ``text`` its ``str()``."""

    def __init__(self, kind: str, text: str, cause: str = "") -> None:
        super().__init__(text)
        self.kind = kind
        self.text = text
        self.cause = cause  # refused, unresolved, timeout, reset, other
        self.tries = 1  # how many tries Dify makes before this error
        self.predicted_tries = 0  # of those, how many were predicted from the first rather than waited out


def requests_url_problem(url: str) -> UrlProblem | None:
    """What requests raises for ``url`` before connecting, or None when it would send the request."""
    if ":" in url and not url.lower().startswith("http"):
        # prepare_url lets non-HTTP "schemes" through untouched; no adapter matches them.
        return UrlProblem("InvalidSchema", f"No connection adapters were found for {url!r}")
    parts = urlsplit(url)
    if not parts.scheme:
        return UrlProblem(
            "MissingSchema", f"Invalid URL {url!r}: No scheme supplied. Perhaps you meant https://{url}?"
        )
    if not parts.hostname:
        return UrlProblem("InvalidURL", f"Invalid URL {url!r}: No host supplied")
    if parts.scheme.lower() not in ("http", "https"):
        return UrlProblem("InvalidSchema", f"No connection adapters were found for {url!r}")
    return None


class RequestsLike:
    """One requests-like session: ``send`` raises ``RequestsError`` with requests' class name and text.

    ``predict_retries``: a retried request that timed out is not waited out again: a server silent for a whole
    timeout stays silent for the retries too, so the error after the last try is predicted from the first (same
    class, same text), which keeps a check against a hung server within seconds rather than minutes."""

    def __init__(self, transport: httpx.AsyncBaseTransport | None = None, predict_retries: bool = True) -> None:
        # requests follows redirects for GET and POST; proxies from this process's environment are not Dify's.
        self._http = httpx.AsyncClient(transport=transport, trust_env=False, follow_redirects=True)
        self.predict_retries = predict_retries

    async def __aenter__(self) -> RequestsLike:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._http.aclose()

    async def send(self, method: str, url: str, *, timeout: float | None, retries: int = 0,
                   headers: dict[str, str] | None = None, patience: float | None = None,
                   **kw: Any) -> httpx.Response:
        """``patience``: wait at most this long even where Dify would wait ``timeout`` (or forever, for None), and
        predict that the rest of the wait would end the same way."""
        problem = requests_url_problem(url)
        if problem is not None:
            raise RequestsError(problem.kind, problem.text)
        wait = timeout if patience is None or (timeout is not None and timeout <= patience) else patience
        attempt = 0
        while True:
            try:
                return await self._http.request(method, url, headers=headers or {}, timeout=wait, **kw)
            except httpx.TransportError as exc:
                retryable = _is_connect_error(exc) or method in ("GET", "HEAD")
                if retryable and attempt < retries:
                    if not (self.predict_retries and isinstance(exc, httpx.TimeoutException)):
                        attempt += 1
                        continue
                    error = _translate(exc, url, timeout, retries)
                    error.tries, error.predicted_tries = retries + 1, retries - attempt
                    raise error from exc
                error = _translate(exc, url, timeout, retries)
                error.tries = attempt + 1
                if wait != timeout and isinstance(exc, httpx.TimeoutException):
                    error.predicted_tries = 1  # the one try, waited only up to our patience
                raise error from exc


def _is_connect_error(exc: httpx.TransportError) -> bool:
    return isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout))


def _pool(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or (443 if scheme == "https" else 80)
    cls = "HTTPSConnectionPool" if scheme == "https" else "HTTPConnectionPool"
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return f"{cls}(host={parts.hostname!r}, port={port})", path


def connect_cause(exc: BaseException) -> tuple[str, str]:
    """(cause, OS-level text) of a failed connection: refused / unresolved / unreachable / other."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return "unresolved", f"[Errno {seen.errno}] {seen.strerror}"
        if isinstance(seen, OSError) and seen.errno is not None:
            cause = {
                errno.ECONNREFUSED: "refused",
                errno.EHOSTUNREACH: "unreachable",
                errno.ENETUNREACH: "unreachable",
            }.get(seen.errno, "other")
            # asyncio says "Connect call failed (...)"; the socket module (and so urllib3) says the OS's text.
            return cause, f"[Errno {seen.errno}] {os.strerror(seen.errno)}"
        seen = seen.__cause__ or seen.__context__
    text = str(exc)
    lowered = text.lower()
    if "refused" in lowered:
        return "refused", f"[Errno {errno.ECONNREFUSED}] Connection refused"
    if "name or service not known" in lowered or "nodename nor servname" in lowered or "name resolution" in lowered:
        return "unresolved", "[Errno -2] Name or service not known"
    return "other", text or type(exc).__name__


def _translate(exc: httpx.TransportError, url: str, timeout: float | None, retries: int) -> RequestsError:
    pool, path = _pool(url)
    parts = urlsplit(url)
    host = parts.hostname
    conn = pool.replace("ConnectionPool", "Connection")
    if isinstance(exc, httpx.ConnectTimeout):
        reason = f"ConnectTimeoutError({conn}, 'Connection to {host} timed out. (connect timeout={timeout})')"
        return RequestsError("ConnectTimeout", f"{pool}: Max retries exceeded with url: {path} (Caused by {reason})",
                             "timeout")
    if isinstance(exc, httpx.ConnectError):
        cause, os_text = connect_cause(exc)
        if cause == "unresolved":
            reason = f"NameResolutionError({conn + f': Failed to resolve {host!r} ({os_text})'!r})"
        else:
            reason = f"NewConnectionError({conn + ': Failed to establish a new connection: ' + os_text!r})"
        return RequestsError("ConnectionError", f"{pool}: Max retries exceeded with url: {path} (Caused by {reason})",
                             cause)
    if isinstance(exc, httpx.TimeoutException):
        read = f"{pool}: Read timed out. (read timeout={timeout:g})" if timeout else f"{pool}: Read timed out."
        if retries:
            # urllib3 wraps the last read timeout in MaxRetryError, which requests turns into a ConnectionError.
            return RequestsError(
                "ConnectionError",
                f"{pool}: Max retries exceeded with url: {path} (Caused by ReadTimeoutError(\"{read}\"))",
                "timeout",
            )
        return RequestsError("ReadTimeout", read, "timeout")
    text = "('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))"
    if retries:
        text = f"{pool}: Max retries exceeded with url: {path} (Caused by ProtocolError{text})"
    return RequestsError("ConnectionError", text, "reset")
