"""Answers a real Xinference never gives but a wrong port, a proxy or a dying server does: each ends in a typed
error with a clear message, within the request's deadline, holding at most the size limit in memory."""

import sys
import time
import tracemalloc

import pytest

from app.core.api.client import MAX_RESPONSE_BYTES, XinferenceClient
from app.core.errors import ApiError, MalformedResponse, ServerTimeout, ServerUnreachable
from tests.support.fake_http import Drip, FakeHttp, Huge, Truncated, serve

BIG = 300 * 1024 * 1024


async def test_body_cut_off_mid_answer_is_unreachable_in_words() -> None:
    routes = {"/v1/models": Truncated('{"object":"list","data":[{"id":"a"', declared=5000)}
    async with serve(FakeHttp(routes)) as fake, XinferenceClient(fake.url) as c:
        with pytest.raises(ServerUnreachable) as err:
            await c.list_models()
    assert "closed mid-answer" in err.value.message


async def test_complete_but_truncated_json_is_malformed() -> None:
    async with serve(FakeHttp({"/v1/models": (200, '{"object":"list","data":[{"id":')})) as fake, \
            XinferenceClient(fake.url) as c:
        with pytest.raises(MalformedResponse, match="not JSON"):
            await c.list_models()


async def test_500_with_an_html_page_says_its_title_not_its_markup() -> None:
    page = ("<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head>"
            "<body><h1>Bad Gateway</h1>" + "<p>filler</p>" * 500 + "</body></html>")
    async with serve(FakeHttp({"/v1/models": (500, page, "text/html")})) as fake, XinferenceClient(fake.url) as c:
        with pytest.raises(ApiError) as err:
            await c.list_models()
    assert err.value.status == 500
    assert "an HTML page: 502 Bad Gateway" in err.value.message
    assert "<" not in err.value.message and len(err.value.message) < 300


@pytest.mark.parametrize("with_length", [True, False], ids=["declared", "undeclared"])
async def test_a_300_mb_answer_is_refused_with_bounded_memory(with_length: bool) -> None:
    async with serve(FakeHttp({"/v1/models": Huge(BIG, with_length=with_length)})) as fake, \
            XinferenceClient(fake.url, timeout=60) as c:
        tracemalloc.start()
        try:
            started = time.monotonic()
            with pytest.raises(MalformedResponse, match="too large") as err:
                await c.list_models()
            seconds = time.monotonic() - started
            _now, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    print(f"300 MB answer ({'declared' if with_length else 'undeclared'} length): refused after {seconds:.2f} s, "
          f"peak Python allocation {peak / 2**20:.1f} MiB, process peak RSS {_peak_rss_mib()}")
    assert "limit is 64 MB" in err.value.message
    # A declared size is refused before any of the body is read; an undeclared one at the limit plus one chunk.
    assert peak < (1 if with_length else 1.25) * MAX_RESPONSE_BYTES


def _peak_rss_mib() -> str:
    """The whole process's peak RSS (run the test alone for a meaningful figure); POSIX only."""
    if sys.platform == "win32":
        return "unknown"
    import resource

    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 if sys.platform == "darwin" else 1)
    return f"{kib / 1024:.0f} MiB"


async def test_a_server_that_drips_forever_times_out() -> None:
    async with serve(FakeHttp({"/v1/models": Drip(every=0.05)})) as fake, XinferenceClient(fake.url, timeout=1) as c:
        started = time.monotonic()
        with pytest.raises(ServerTimeout, match="did not answer within 1 s"):
            await c.list_models()
    assert time.monotonic() - started < 3


async def test_answers_under_the_limit_still_arrive_whole() -> None:
    body = '[{"model_name": "%s"}]' % ("x" * (2 * 1024 * 1024))
    async with serve(FakeHttp({"/v1/model_registrations/LLM": (200, body)})) as fake, \
            XinferenceClient(fake.url) as c:
        reply = await c.request("GET", "/v1/model_registrations/LLM")
        assert reply.content == body.encode()
        families = await c.registrations("LLM")
    assert len(families[0]["model_name"]) == 2 * 1024 * 1024
