"""The launch core against real servers: progress to READY, cancel while loading, the failure causes as the real
server words them, a server that dies mid-launch, and login (admin token vs API key)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from app.core.api.client import XinferenceClient
from app.core.errors import AuthForbidden
from app.core.models.launch import LaunchEvent, LaunchFailed, LaunchRequest, cancel_launch, follow_launch, launch
from tests.e2e.launch_fixtures import model_processes, wait_gone
from tests.support import harness
from tests.support.harness import RunningServer

CHAT = LaunchRequest("tiny-chat", "LLM", "Transformers")
EMBED = LaunchRequest("tiny-embed", "embedding", "sentence_transformers")


async def collect(client: XinferenceClient, req: LaunchRequest) -> list[LaunchEvent]:
    return [ev async for ev in launch(client, req, poll=0.3)]


async def test_chat_progress_reaches_ready_then_uid_taken(launch_server: RunningServer) -> None:
    async with XinferenceClient(launch_server.endpoint) as client:
        started = time.monotonic()
        events = await collect(client, LaunchRequest(**{**CHAT.__dict__, "model_uid": "core-chat"}))
        print(f"\n[measure] tiny chat model: READY {time.monotonic() - started:.1f} s after the launch request")
        assert events[0].status == "SUBMITTED" and events[0].uid == "core-chat"
        assert events[-1].status == "READY" and events[-1].progress == 1.0
        assert any(ev.stage == "loading" for ev in events[1:-1])  # the server's own stage came through
        assert [ev.progress for ev in events] == sorted(ev.progress for ev in events)
        try:
            with pytest.raises(LaunchFailed) as err:
                await collect(client, LaunchRequest(**{**CHAT.__dict__, "model_uid": "core-chat"}))
            assert err.value.kind == "uid_taken"
            assert "already in the model list" in err.value.detail
        finally:
            await client.terminate("core-chat")
    assert wait_gone("core-chat")


async def test_server_picks_uid_when_empty(launch_server: RunningServer) -> None:
    async with XinferenceClient(launch_server.endpoint) as client:
        events = await collect(client, EMBED)
        uid = events[0].uid
        try:
            assert uid and events[-1].status == "READY"
            assert uid in {m.uid for m in await client.list_models()}
        finally:
            await client.terminate(uid)


async def test_cancel_while_loading(launch_server: RunningServer) -> None:
    async with XinferenceClient(launch_server.endpoint) as client:
        gen = launch(client, LaunchRequest(**{**CHAT.__dict__, "model_uid": "core-cancel"}), poll=0.3)
        seen = [ev async for ev in _until_loading(gen)]
        assert seen[-1].status in ("CREATING", "LOADING")
        started = time.monotonic()
        await cancel_launch(client, "core-cancel")
        print(f"\n[measure] cancel answered after {time.monotonic() - started:.1f} s")
        with pytest.raises(LaunchFailed) as err:
            async for _ev in follow_launch(client, "core-cancel", poll=0.3, timeout=60):
                pass
        assert err.value.kind == "cancelled"
        assert "core-cancel" not in {m.uid for m in await client.list_models()}
    assert wait_gone("core-cancel")


async def _until_loading(gen):  # type: ignore[no-untyped-def]
    async for ev in gen:
        yield ev
        if ev.status in ("CREATING", "LOADING"):
            await gen.aclose()
            return


@pytest.mark.parametrize(
    "req, kind, words",
    [
        (LaunchRequest("qwen2.5-instruct", "LLM", "Transformers", "pytorch", "0_5", "none", "core-offline"),
         "download_failed", "Failed to download model"),
        (LaunchRequest("tiny-chat", "LLM", "vLLM", model_uid="core-vllm"), "engine_missing", "cannot be run on"),
        (LaunchRequest("tiny-chat", "LLM", "Transformers", model_uid="core-gpu", n_gpu="1"), "no_gpu", "GPUs"),
        (LaunchRequest("no-such-model", "LLM", "Transformers", model_uid="core-unknown"), "model_unknown",
         "Model not found"),
    ],
)
async def test_real_failures_are_explained(launch_server: RunningServer, req: LaunchRequest, kind: str,
                                           words: str) -> None:
    async with XinferenceClient(launch_server.endpoint) as client:
        with pytest.raises(LaunchFailed) as err:
            await collect(client, req)
        assert err.value.kind == kind, err.value.detail
        assert words in err.value.detail
        # The server stays usable afterwards.
        assert isinstance(await client.list_models(), list)


async def test_server_gone_mid_launch(engine_venv: Path, test_models: dict[str, Path],
                                      tmp_path_factory: pytest.TempPathFactory) -> None:
    server = harness.start_server(engine_venv, tmp_path_factory.mktemp("doomed"), auth=False)
    try:
        harness.register_test_models(server, test_models)
        async with XinferenceClient(server.endpoint, timeout=5) as client:
            gen = launch(client, LaunchRequest(**{**CHAT.__dict__, "model_uid": "doomed"}), poll=0.3)
            async for ev in gen:
                if ev.status in ("CREATING", "LOADING"):
                    break
            await gen.aclose()
            os.killpg(server.pid, signal.SIGKILL)  # a crash, not a polite stop
            with pytest.raises(LaunchFailed) as err:
                async for _ev in follow_launch(client, "doomed", poll=0.3, timeout=60):
                    pass
            assert err.value.kind == "server_gone"
            assert "stopped answering" in err.value.message
    finally:
        server.stop()
        for proc in model_processes("doomed"):
            proc.kill()


async def test_login_server_needs_the_admin_session(xinf_auth_server: RunningServer) -> None:
    req = LaunchRequest(**{**EMBED.__dict__, "model_uid": "auth-extra-embed"})
    async with XinferenceClient(xinf_auth_server.endpoint, token=xinf_auth_server.api_key) as with_key:
        with pytest.raises(AuthForbidden) as err:
            await collect(with_key, req)
        assert "API keys can only" in err.value.message
    async with XinferenceClient(xinf_auth_server.endpoint, token=xinf_auth_server.admin_token) as admin:
        events = await collect(admin, req)
        try:
            assert events[-1].status == "READY"
        finally:
            await admin.terminate("auth-extra-embed")  # leave the shared server as the other tests expect it
    assert wait_gone("auth-extra-embed")
