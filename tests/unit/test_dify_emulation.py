"""Dify's behaviour on faults a real Xinference cannot produce: a server that hangs, an HTTP server that is not
Xinference, URLs requests refuses. Expected texts come from reading the plugin and requests/urllib3 (and were
cross-checked by running the plugin's own ``validate_credentials`` against the same local servers)."""

from __future__ import annotations

import asyncio
import http.server
import threading
import time
from collections.abc import AsyncIterator, Iterator

import pytest

from app.core.dify.check import DifyCheckRequest, run_check
from app.core.dify.requests_like import requests_url_problem
from app.core.dify.steps import Status
from app.core.dify.validation import emulate, metadata_url
from tests.support.fake_http import FakeHttp, serve


class HangingServer:
    """Accepts connections and never answers; counts them."""

    def __init__(self) -> None:
        self.connections = 0
        self.port = 0
        self._server: asyncio.base_events.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []

    async def _on_conn(self, _r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.append(w)

    async def __aenter__(self) -> HangingServer:
        self._server = await asyncio.start_server(self._on_conn, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        for w in self._writers:
            w.close()
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()


@pytest.fixture
async def hanging() -> AsyncIterator[HangingServer]:
    async with HangingServer() as server:
        yield server


class _HtmlHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        body = b"<html><body>It works!</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def html_server() -> Iterator[str]:
    """Some other web server on the port (a plain HTML page for every path)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HtmlHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


async def test_hanging_server_retries_predicted_equal_retries_waited_out(hanging: HangingServer) -> None:
    """helper.py:97-102: HTTPAdapter(max_retries=3) retries read timeouts of the GET: 1 + 3 tries, then requests
    raises ConnectionError(MaxRetryError(ReadTimeoutError)), wrapped in RuntimeError (helper.py:104) and prefixed by
    llm.py:154. Waiting out all four tries and predicting the last three from the first give the same text."""
    url = f"http://127.0.0.1:{hanging.port}"
    waited = await emulate("llm", url, "some-model", None, metadata_timeout=0.3, predict_retries=False)
    assert hanging.connections == 4
    predicted = await emulate("llm", url, "some-model", None, metadata_timeout=0.3)
    assert hanging.connections == 5  # one more: the prediction sent one request
    pool = f"HTTPConnectionPool(host='127.0.0.1', port={hanging.port})"
    expected = (
        "Xinference credentials validate failed: get xinference model extra parameter failed, "
        f"url: {url}/v1/models/some-model, error: {pool}: Max retries exceeded with url: /v1/models/some-model "
        f"(Caused by ReadTimeoutError(\"{pool}: Read timed out. (read timeout=0.3)\"))"
    )
    assert waited.error == predicted.error == expected
    assert (predicted.exchanges[0].tries, predicted.exchanges[0].predicted_tries) == (4, 3)


@pytest.mark.parametrize(("dify_type", "tries"), [("llm", 4), ("rerank", 1)])
async def test_hanging_server_gets_difys_verdict_within_15_s(dify_type: str, tries: int) -> None:
    """Defect 3: with Dify's own timeouts (10 s, 4 tries for the metadata call; the client's calls have none), a
    server that never answers gets Dify's verdict and text after the first silence, not after 40-50 s."""
    async with serve(FakeHttp(default="hang")) as fake:
        started = time.monotonic()
        report = await run_check(DifyCheckRequest(fake.url, "m", dify_type, docker_probe=False))
        seconds = time.monotonic() - started
    assert seconds < 15, seconds
    assert not report.accepted
    pool = f"HTTPConnectionPool(host='127.0.0.1', port={fake.port})"
    verdict = report.steps[-1]
    if dify_type == "llm":
        assert report.dify_error == (
            "Xinference credentials validate failed: get xinference model extra parameter failed, "
            f"url: {fake.url}/v1/models/m, error: {pool}: Max retries exceeded with url: /v1/models/m "
            f"(Caused by ReadTimeoutError(\"{pool}: Read timed out. (read timeout=10)\"))"
        )
        prediction = "No answer within 10 s. Dify tries 4 times, 10 s each, then shows:"
        assert verdict.detail == f"{prediction} {report.dify_error}"
    else:
        assert report.dify_error == f"{pool}: Read timed out. (read timeout=60)"
        assert verdict.detail.startswith("No answer within 10 s. Dify waits up to 60 s")
    assert report.emulation.exchanges[0].tries == tries
    xinference = next(s for s in report.steps if s.key == "xinference")
    assert xinference.status is Status.FAIL and "no answer" in xinference.cause
    assert len(fake.requests) == 1  # the ladder did not wait out the same silence again


async def test_rerank_on_hanging_server_fails_on_the_client_call(hanging: HangingServer) -> None:
    """rerank.py:83: the xinference client's /v1/cluster/auth has no timeout (Dify would wait for its daemon's own
    limit); the check bounds it with the invoke timeout and reports requests' ReadTimeout."""
    result = await emulate("rerank", f"http://127.0.0.1:{hanging.port}", "m", None, client_timeout=0.3)
    assert not result.accepted
    assert result.stage == "client-auth"
    assert "Read timed out" in result.error
    assert hanging.connections == 1  # the default adapter retries nothing


async def test_html_server_is_not_xinference(html_server: str) -> None:
    """helper.py:112: a 200 answer that is not JSON → requests' JSONDecodeError, re-raised as is by llm.py:162."""
    result = await emulate("llm", html_server, "m", None)
    assert not result.accepted
    assert result.error_kind == "JSONDecodeError"
    assert result.error == "Expecting value: line 1 column 1 (char 0)"
    report = await run_check(DifyCheckRequest(html_server, "m", "llm"))
    failed = next(s for s in report.steps if s.status is Status.FAIL)
    assert failed.key == "xinference"
    assert "not Xinference" in failed.cause


def test_yarl_join_like_dify() -> None:
    """helper.py:94: a trailing slash is harmless, /v1 doubles, a query is dropped."""
    assert metadata_url("http://h:9997/", "u") == "http://h:9997/v1/models/u"
    assert metadata_url("http://h:9997/v1", "u") == "http://h:9997/v1/v1/models/u"
    assert metadata_url("http://h:9997?x=1", "u") == "http://h:9997/v1/models/u"
    assert metadata_url("http://h:9997", "my uid") == "http://h:9997/v1/models/my%20uid"


def test_requests_url_rules() -> None:
    """requests' prepare_url and adapter lookup: what fails before any connection."""
    problem = requests_url_problem("localhost:9997/v1/models/u")
    assert problem is not None and problem.kind == "InvalidSchema"
    problem = requests_url_problem("v1/models/u")
    assert problem is not None and problem.kind == "MissingSchema"
    assert "No scheme supplied" in problem.text
    problem = requests_url_problem("http:///v1/models/u")
    assert problem is not None and problem.kind == "InvalidURL"
    assert requests_url_problem("http://h:9997/v1/models/u") is None


@pytest.mark.parametrize(
    ("dify_type", "uid", "expected"),
    [
        ("llm", "", "Xinference credentials validate failed: model_uid is empty"),  # helper.py:90 via llm.py:154
        ("text-embedding", "", "model_uid is empty"),  # helper.py:90 via text_embedding.py:138
        ("llm", "a#b", "model_uid should not contain /, ?, or #"),  # helper.py:156 via llm.py:129
        ("rerank", "a?b", "model_uid should not contain /, ?, or #"),  # rerank.py:80
        ("tts", "org/name", "model_uid should not contain /, ?, or #"),  # tts.py:62
    ],
)
async def test_uid_rules_send_nothing(dify_type: str, uid: str, expected: str) -> None:
    result = await emulate(dify_type, "http://127.0.0.1:9", uid, None)
    assert not result.accepted
    assert result.error == expected
    assert result.exchanges == ()
