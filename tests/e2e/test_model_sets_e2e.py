"""Model sets against a real server: save the running offline models, terminate them, apply the set (back under
the same UIDs and answering), apply again (nothing launched), a model that cannot launch (reported, the others
still launched), cancel, restore-on-start across a server restart, and the ``sets`` CLI."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.core.api import XinferenceClient
from app.core.models import (
    ALREADY_RUNNING,
    CANCELLED,
    FAILED,
    LAUNCHED,
    LaunchFailed,
    LaunchRequest,
    ModelSet,
    SetProgress,
    build_family,
    export_set,
    restore_on_start,
    run_set,
    set_from_running,
    set_restore_on_start,
    store_set,
)
from app.core.models.launch import launch
from app.core.settings import Profile
from tests.e2e.launch_fixtures import model_processes, wait_gone
from tests.support import harness
from tests.support.harness import REPO, RunningServer

CHAT = LaunchRequest("tiny-chat", "LLM", "Transformers", model_uid="sets-chat")
EMBED = LaunchRequest("tiny-embed", "embedding", "sentence_transformers", model_uid="sets-embed")
RERANK = LaunchRequest("tiny-rerank", "rerank", "sentence_transformers", model_uid="sets-rerank")
# A builtin spec: its weights would have to be downloaded, which cannot happen here.
OFFLINE = LaunchRequest("qwen2.5-instruct", "LLM", "Transformers", "pytorch", "0_5", "none", "sets-offline")


async def launched_at(client: XinferenceClient) -> dict[str, object]:
    data = await client.get_json("/v1/models/instances")
    return {i["model_uid"]: i.get("instance_created_ts") for i in data if i.get("status") == "READY"}


async def terminate_all(client: XinferenceClient, *uids: str) -> None:
    running = {m.uid for m in await client.list_models()}
    for uid in uids:
        if uid in running:
            await client.terminate(uid)
    for uid in uids:
        assert wait_gone(uid), f"{uid} outlived terminate"


async def answers(client: XinferenceClient) -> None:
    """Each model of the set answers a real call under its saved UID."""
    chat = await client.post_json("/v1/chat/completions", {"model": "sets-chat", "max_tokens": 4,
                                                           "messages": [{"role": "user", "content": "hi"}]},
                                  timeout=120.0)
    assert chat["choices"][0]["message"]["role"] == "assistant"
    emb = await client.post_json("/v1/embeddings", {"model": "sets-embed", "input": ["hello"]}, timeout=120.0)
    assert len(emb["data"][0]["embedding"]) == 384
    rer = await client.post_json("/v1/rerank", {"model": "sets-rerank", "query": "q", "documents": ["a", "b"]},
                                 timeout=120.0)
    assert sorted(r["index"] for r in rer["results"]) == [0, 1]


async def test_save_terminate_apply_then_apply_again(launch_server: RunningServer) -> None:
    uids = ("sets-chat", "sets-embed", "sets-rerank")
    async with XinferenceClient(launch_server.endpoint, timeout=60) as client:
        try:
            for req in (CHAT, EMBED, RERANK):
                assert [ev async for ev in launch(client, req, poll=0.3)][-1].status == "READY"
            saved = await set_from_running(client, "offline")
            mine = ModelSet("offline", tuple(m for m in saved.models if m.model_uid in uids))
            assert [m.model_uid for m in mine.models] == sorted(uids)
            chat = next(m for m in mine.models if m.model_uid == "sets-chat")
            assert (chat.model_name, chat.model_type, chat.model_engine, chat.model_format,
                    chat.model_size_in_billions, chat.quantization, chat.replica) == (
                "tiny-chat", "LLM", "Transformers", "pytorch", "0_1", "none", 1)
            profile = Profile()
            store_set(profile, mine)  # through the settings' JSON, as the app keeps it

            await terminate_all(client, *uids)
            assert not set(uids) & {m.uid for m in await client.list_models()}

            steps: list[SetProgress] = []
            started = time.monotonic()
            report = await run_set(client, ModelSet.from_json(profile.model_sets[0]), steps.append, poll=0.3)
            print(f"\n[measure] applying a set of 3 tiny models (one after the other): "
                  f"{time.monotonic() - started:.1f} s")
            assert [(o.uid, o.state) for o in report.outcomes] == [(u, LAUNCHED) for u in sorted(uids)]
            assert report.all_running
            assert any(s.event is not None and s.event.stage == "loading" for s in steps)  # live progress came
            assert all(model_processes(uid) for uid in uids)
            await answers(client)

            before = await launched_at(client)
            again = await run_set(client, mine, poll=0.3)
            assert [(o.uid, o.state) for o in again.outcomes] == [(u, ALREADY_RUNNING) for u in sorted(uids)]
            assert again.all_running
            assert await launched_at(client) == before  # nothing was launched a second time
        finally:
            await terminate_all(client, *uids)


async def test_a_model_that_cannot_launch_does_not_stop_the_others(launch_server: RunningServer) -> None:
    async with XinferenceClient(launch_server.endpoint, timeout=60) as client:
        try:
            report = await run_set(client, ModelSet("mixed", (OFFLINE, RERANK)), poll=0.3)
            offline, rerank = report.outcomes
            assert offline.state == FAILED and isinstance(offline.error, LaunchFailed)
            assert offline.error.kind == "download_failed", offline.error.detail
            assert offline.line().startswith("sets-offline: failed (qwen2.5-instruct): The model's files could "
                                             "not be downloaded")
            assert rerank.state == LAUNCHED and not report.all_running
            rer = await client.post_json("/v1/rerank", {"model": "sets-rerank", "query": "q", "documents": ["a"]})
            assert rer["results"][0]["index"] == 0

            # A set that gives a running model's UID to another model is told so, and changes nothing.
            taken = await run_set(client, ModelSet("clash", (LaunchRequest(
                "tiny-embed", "embedding", "sentence_transformers", model_uid="sets-rerank"),)))
            assert taken.outcomes[0].state == FAILED
            assert "taken by another model (tiny-rerank)" in taken.outcomes[0].reason()
            assert {m.uid: m.model_name for m in await client.list_models()}["sets-rerank"] == "tiny-rerank"
        finally:
            await terminate_all(client, "sets-rerank", "sets-offline")


def loading(step: SetProgress) -> bool:
    # Xinference 4.1 keeps the instance CREATING while its stage is "loading".
    return step.event is not None and step.event.status in ("CREATING", "LOADING")


async def test_cancel_leaves_nothing_running(launch_server: RunningServer) -> None:
    cancel_chat = LaunchRequest("tiny-chat", "LLM", "Transformers", model_uid="sets-cancel")
    cancel_embed = LaunchRequest("tiny-embed", "embedding", "sentence_transformers", model_uid="sets-cancel-2")
    async with XinferenceClient(launch_server.endpoint, timeout=60) as client:
        try:
            cancel = asyncio.Event()

            def on_step(step: SetProgress) -> None:
                if loading(step):
                    cancel.set()

            report = await run_set(client, ModelSet("c", (cancel_chat, cancel_embed)), on_step, poll=0.3,
                                   cancel=cancel)
            assert [(o.uid, o.state) for o in report.outcomes] == [("sets-cancel", CANCELLED),
                                                                   ("sets-cancel-2", CANCELLED)]
            assert not {"sets-cancel", "sets-cancel-2"} & {m.uid for m in await client.list_models()}
            assert wait_gone("sets-cancel")

            # Cancelling the task itself (the window closing, Ctrl+C) cancels the launch on the server too.
            seen_loading = asyncio.Event()
            task = asyncio.ensure_future(run_set(
                client, ModelSet("c", (cancel_chat,)), lambda s: seen_loading.set() if loading(s) else None, poll=0.3))
            await asyncio.wait_for(seen_loading.wait(), 120)
            assert not task.done()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert "sets-cancel" not in {m.uid for m in await client.list_models()}
            assert wait_gone("sets-cancel")
        finally:
            await terminate_all(client, "sets-cancel", "sets-cancel-2")


async def test_restore_on_start_after_a_restart(engine_venv: Path, test_models: dict[str, Path],
                                                tmp_path_factory: pytest.TempPathFactory) -> None:
    workdir = tmp_path_factory.mktemp("restore")
    server = harness.start_server(engine_venv, workdir, auth=False)
    profile = Profile()
    try:
        async with XinferenceClient(server.endpoint, timeout=60) as client:
            # Persisted, so that the registration is still there after the restart.
            await client.register_model("embedding", build_family("embedding", "tiny-embed", test_models["embed"]),
                                        persist=True)
            assert await restore_on_start(client, profile) is None  # no set chosen: nothing happens
            store_set(profile, ModelSet("keep", (EMBED,)))
            set_restore_on_start(profile, "keep")
            first = await restore_on_start(client, profile, poll=0.3)
            assert first is not None and [o.state for o in first.outcomes] == [LAUNCHED]
        server.stop()
        assert wait_gone("sets-embed")

        server = harness.start_server(engine_venv, workdir, port=server.port, auth=False)  # same home
        async with XinferenceClient(server.endpoint, timeout=60) as client:
            assert "sets-embed" not in {m.uid for m in await client.list_models()}
            started = time.monotonic()
            again = await restore_on_start(client, profile, poll=0.3)
            print(f"\n[measure] restore-on-start of one embedding model after a restart: "
                  f"{time.monotonic() - started:.1f} s")
            assert again is not None and [(o.uid, o.state) for o in again.outcomes] == [("sets-embed", LAUNCHED)]
            emb = await client.post_json("/v1/embeddings", {"model": "sets-embed", "input": ["back"]})
            assert len(emb["data"][0]["embedding"]) == 384
    finally:
        server.stop()
    assert wait_gone("sets-embed")


def cli(endpoint: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", "--endpoint", endpoint, "sets", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)


def test_cli_save_apply_wait_and_failures(launch_server: RunningServer, tmp_path: Path) -> None:
    ep = launch_server.endpoint
    try:
        r = httpx.post(f"{ep}/v1/models", json={"model_name": "tiny-embed", "model_type": "embedding",
                                                "model_engine": "sentence_transformers", "model_uid": "sets-embed"},
                       timeout=300)
        assert r.status_code == 200, r.text
        saved = cli(ep, "save", "cli")
        assert saved.returncode == 0, saved.stderr
        assert "sets-embed (tiny-embed)" in saved.stderr
        refused = cli(ep, "save", "cli")
        assert refused.returncode == 2 and "already exists" in refused.stderr and refused.stderr.count("\n") == 1

        assert httpx.delete(f"{ep}/v1/models/sets-embed", timeout=60).status_code == 200
        assert wait_gone("sets-embed")
        applied = cli(ep, "apply", "cli", "--wait")
        assert applied.returncode == 0, applied.stderr
        assert applied.stdout.startswith("sets-embed: launched (tiny-embed, ")
        assert applied.stderr.splitlines()[-1].endswith("] sets-embed: ready 100%")  # progress on stderr
        again = cli(ep, "apply", "cli")
        assert (again.returncode, again.stdout) == (0, "sets-embed: already running (tiny-embed)\n")

        mixed = export_set(ModelSet("mixed", (EMBED, OFFLINE)), tmp_path / "mixed.json")
        assert cli(ep, "import", str(mixed)).returncode == 0
        failed = cli(ep, "apply", "mixed", "--wait")
        assert failed.returncode == 1
        lines = failed.stdout.splitlines()
        assert lines[0] == "sets-embed: already running (tiny-embed)"
        assert lines[1].startswith("sets-offline: failed (qwen2.5-instruct): The model's files could not be "
                                   "downloaded") and len(lines) == 2
        listed = json.loads(cli(ep, "list", "--json").stdout)
        assert [s["name"] for s in listed] == ["cli", "mixed"]
    finally:
        for uid in ("sets-embed", "sets-offline"):
            httpx.delete(f"{ep}/v1/models/{uid}", timeout=60)
        assert wait_gone("sets-embed")
