"""The models CLI against a real server: register, launch --wait, ps, terminate, unregister, and the failures."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.e2e.launch_fixtures import model_processes, wait_gone
from tests.support.harness import REPO, RunningServer


def cli(endpoint: str, *args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", "--endpoint", endpoint, *args], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)


def test_register_launch_ps_terminate_unregister(launch_server: RunningServer, test_models: dict[str, Path]) -> None:
    ep = launch_server.endpoint
    reg = cli(ep, "register", "--type", "embedding", "--name", "cli-embed", "--path", str(test_models["embed"]))
    assert reg.returncode == 0, reg.stderr
    names = httpx.get(f"{ep}/v1/model_registrations/embedding", timeout=30).json()
    assert {"model_name": "cli-embed", "is_builtin": False} in names

    started = time.monotonic()
    run = cli(ep, "launch", "cli-embed", "--type", "embedding", "--engine", "sentence_transformers",
              "--uid", "cli-embed-1", "--wait")
    seconds = time.monotonic() - started
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "cli-embed-1"
    assert "READY" in run.stderr and "100%" in run.stderr  # progress went to stderr, the UID alone to stdout
    print(f"\n[measure] CLI launch of the embedding model (--wait, process start included): {seconds:.1f} s")
    assert model_processes("cli-embed-1")

    ps = cli(ep, "ps", "--json")
    assert ps.returncode == 0, ps.stderr
    row = next(r for r in json.loads(ps.stdout) if r["uid"] == "cli-embed-1")
    assert (row["model_name"], row["model_type"], row["engine"], row["status"], row["replicas"]) == (
        "cli-embed", "embedding", "sentence_transformers", "READY", 1)
    assert row["replica_uids"] == ["cli-embed-1-rep0"] and row["abilities"] == ["embed"]
    plain = cli(ep, "ps")
    assert "cli-embed-1" in plain.stdout and "uid" in plain.stdout.splitlines()[0]

    stop = cli(ep, "terminate", "cli-embed-1")
    assert stop.returncode == 0, stop.stderr
    assert wait_gone("cli-embed-1"), "the model process outlived terminate"
    assert "cli-embed-1" not in cli(ep, "ps").stdout

    unreg = cli(ep, "unregister", "cli-embed", "--type", "embedding")
    assert unreg.returncode == 0, unreg.stderr
    names = httpx.get(f"{ep}/v1/model_registrations/embedding", timeout=30).json()
    assert all(n["model_name"] != "cli-embed" for n in names)


def test_launch_chat_without_wait_prints_uid(launch_server: RunningServer) -> None:
    ep = launch_server.endpoint
    run = cli(ep, "launch", "tiny-chat", "--engine", "Transformers", "--uid", "cli-chat-nowait")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "cli-chat-nowait"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            rows = json.loads(cli(ep, "ps", "--json").stdout)
            if any(r["uid"] == "cli-chat-nowait" and r["status"] == "READY" for r in rows):
                break
            time.sleep(1)
        else:
            raise AssertionError("the chat model never became READY")
        assert next(r for r in rows if r["uid"] == "cli-chat-nowait")["abilities"] == ["generate", "chat"]
    finally:
        cli(ep, "terminate", "cli-chat-nowait")
    assert wait_gone("cli-chat-nowait")


def test_builtin_spec_fails_offline_with_plain_words(launch_server: RunningServer) -> None:
    run = cli(launch_server.endpoint, "launch", "qwen2.5-instruct", "--engine", "Transformers", "--format",
              "pytorch", "--size", "0_5", "--quantization", "none", "--uid", "cli-offline", "--wait")
    assert run.returncode == 1
    assert "could not be downloaded" in run.stderr
    assert "server said: Failed to download model 'qwen2.5-instruct'" in run.stderr


def test_uid_with_slash_is_refused_before_any_request() -> None:
    # Port 9 (discard) has no server: a request would fail with "Cannot reach", not with the UID message.
    run = cli("http://127.0.0.1:9", "launch", "tiny-chat", "--engine", "Transformers", "--uid", "org/tiny")
    assert run.returncode == 2
    assert "UID 'org/tiny'" in run.stderr and "Cannot reach" not in run.stderr


def test_terminate_unknown_uid(launch_server: RunningServer) -> None:
    run = cli(launch_server.endpoint, "terminate", "no-such-model")
    assert run.returncode == 1
    assert "No running model has the UID 'no-such-model'" in run.stderr
