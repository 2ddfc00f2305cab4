"""Xinference bans an address after too many wrong API keys; the Dify check must explain a ban and never cause one.

These tests send wrong keys on purpose, so they use a login server of their own (never the shared one), started
with a low ``XINFERENCE_RATE_LIMIT_IP_MAX_FAILURES`` so that a second wrong key would already ban 127.0.0.1. The
admin looks at the bans from 127.0.0.2 (another loopback address, so never banned with 127.0.0.1).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.core.dify import DifyCheckRequest, DifyReport, Status, run_check
from app.core.dify import ban as dify_ban
from tests.support import harness
from tests.support.harness import RunningServer

MAX_FAILURES = 2
WRONG_KEY = "xf-this-key-is-wrong"


@pytest.fixture(scope="module")
def ban_server(engine_venv: Path, server_workdir: Path) -> Iterator[RunningServer]:
    saved = os.environ.get("XINFERENCE_RATE_LIMIT_IP_MAX_FAILURES")
    os.environ["XINFERENCE_RATE_LIMIT_IP_MAX_FAILURES"] = str(MAX_FAILURES)
    try:
        server = harness.start_server(engine_venv, server_workdir, auth=True)
    finally:
        if saved is None:
            os.environ.pop("XINFERENCE_RATE_LIMIT_IP_MAX_FAILURES")
        else:
            os.environ["XINFERENCE_RATE_LIMIT_IP_MAX_FAILURES"] = saved
    try:
        harness.setup_admin(server)
        yield server
    finally:
        server.stop()


def admin(server: RunningServer) -> httpx.Client:
    """The admin, connecting from 127.0.0.2."""
    return httpx.Client(base_url=server.endpoint, headers=server.headers(), timeout=30,
                        transport=httpx.HTTPTransport(local_address="127.0.0.2"))


def banned_ips(server: RunningServer) -> list[dict[str, object]]:
    with admin(server) as http:
        resp = http.get("/v1/admin/security/banned-ips")
        resp.raise_for_status()
        return list(resp.json())


@pytest.fixture
def clean_slate(ban_server: RunningServer) -> Iterator[RunningServer]:
    """No failures counted against 127.0.0.1 before and after each test."""
    with admin(ban_server) as http:
        http.post("/v1/admin/security/unban-ip", json={"ip": "127.0.0.1"}).raise_for_status()
    yield ban_server
    with admin(ban_server) as http:
        http.post("/v1/admin/security/unban-ip", json={"ip": "127.0.0.1"}).raise_for_status()


async def check(server: RunningServer, key: str, model_type: str) -> DifyReport:
    return await run_check(DifyCheckRequest(server.endpoint, "some-model", model_type, api_key=key,
                                            docker_probe=False))


@pytest.mark.parametrize("model_type", ["llm", "text-embedding", "rerank"])
async def test_a_wrong_key_is_sent_once_per_check(clean_slate: RunningServer, model_type: str) -> None:
    report = await check(clean_slate, WRONG_KEY, model_type)
    assert not report.accepted
    assert report.key_requests == 1, report.to_json()
    auth = next(s for s in report.steps if s.key == "auth")
    assert auth.status is Status.FAIL and "refuses this API key" in auth.cause
    # The server agrees: with 2 failures allowed, one check did not ban this address.
    assert banned_ips(clean_slate) == []
    assert httpx.get(f"{clean_slate.endpoint}/v1/models", headers={"Authorization": f"Bearer {clean_slate.api_key}"},
                     timeout=30).status_code == 200


async def test_a_ban_is_explained(clean_slate: RunningServer) -> None:
    for _ in range(MAX_FAILURES):
        httpx.get(f"{clean_slate.endpoint}/v1/models", headers={"Authorization": f"Bearer {WRONG_KEY}"}, timeout=30)
    bans = banned_ips(clean_slate)
    assert [b["ip"] for b in bans] == ["127.0.0.1"]
    # What the check says about "until when" is what this Xinference does (its default ban length).
    remaining = int(str(bans[0]["remaining_seconds"]))
    assert dify_ban.IP_BAN_SECONDS - 60 < remaining <= dify_ban.IP_BAN_SECONDS

    report = await check(clean_slate, str(clean_slate.api_key), "llm")
    assert not report.accepted
    assert "status code: 429" in report.dify_error and dify_ban.IP_BANNED in report.dify_error
    auth = next(s for s in report.steps if s.key == "auth")
    assert auth.status is Status.FAIL
    assert f"after {dify_ban.IP_MAX_FAILURES} wrong API keys" in auth.cause
    assert f"for {dify_ban.IP_BAN_SECONDS} s" in auth.cause
    assert "XINFERENCE_RATE_LIMIT_IP_MAX_FAILURES" in auth.cause and "unban-ip" in auth.fix
    xinference = next(s for s in report.steps if s.key == "xinference")
    assert xinference.status is Status.OK  # a ban is not "another program listens there"
