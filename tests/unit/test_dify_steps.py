"""The check's steps read as English a stranger can trust (issue 14.6)."""

from __future__ import annotations

import pytest

from app.core.dify.check import run_check
from app.core.dify.report import DifyCheckRequest
from tests.support.fake_http import FakeHttp, serve

NOT_AUTHENTICATED = '{"detail": "Not authenticated"}'


@pytest.mark.parametrize(("status", "expected"), [
    (401, "Xinference, with login on (it shows its version only after login)"),
    (403, "Xinference (it does not show its version to API keys)"),
])
async def test_login_server_step_is_a_sentence(status: int, expected: str) -> None:
    """It read "Xinference (its version is needs login)"."""
    routes = {"/v1/cluster/version": (status, NOT_AUTHENTICATED), "/v1/cluster/auth": (200, '{"auth": true}'),
              "/v1/models/m": (status, NOT_AUTHENTICATED)}
    async with serve(FakeHttp(routes)) as fake:
        report = await run_check(DifyCheckRequest(fake.url, "m", docker_probe=False))
    step = next(s for s in report.steps if s.key == "xinference")
    assert step.detail == expected


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_no_step_calls_a_silent_port_reachable() -> None:
    """Issue 14.6, as seen: the app's server on another port, Docker on Linux, the form at :9997. The check said
    "Nothing answers on port 9997" and "✓ Reachable from where Dify runs — the server accepts connections"."""
    silent = _free_port()
    async with serve(FakeHttp({"/v1/models/m": (200, '{"model_type": "LLM", "model_ability": ["chat"]}')})) as app:
        req = DifyCheckRequest(f"http://10.0.0.9:{silent}", "m", location="docker-linux", host_address="10.0.0.9",
                               known_endpoint=app.url, docker_probe=False)
        report = await run_check(req)
    inputs = next(s for s in report.steps if s.key == "inputs")
    location = next(s for s in report.steps if s.key == "location")
    assert f"Nothing answers on port {silent}" in inputs.cause
    assert location.status.value == "fail", location
    assert "accepts connections" not in location.detail.replace("Nothing accepts", "")
    assert not report.accepted
