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
    assert (row["model_name"], row["model_type"], row["model_engine"], row["status"], row["replica"]) == (
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
        # Issue 14 (house): one size formatter for the window and the CLI; ps printed the server's 0_1.
        line = next(x for x in cli(ep, "ps").stdout.splitlines() if x.startswith("cli-chat-nowait"))
        assert " 0.1B " in line and "0_1" not in line, line
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


# -- the command line tells the truth (issue 8) ----------------------------------------------------------------------

def _names(ep: str, model_type: str) -> dict[str, bool]:
    return {n["model_name"]: n["is_builtin"] for n in
            httpx.get(f"{ep}/v1/model_registrations/{model_type}", timeout=60).json()}


def test_unregister_refuses_what_it_cannot_remove(launch_server: RunningServer) -> None:
    ep = launch_server.endpoint
    r = cli(ep, "unregister", "--type", "LLM", "tiny-chatt")
    assert r.returncode == 1
    assert "No custom LLM model is registered as 'tiny-chatt'; did you mean 'tiny-chat'?" in r.stderr
    assert "unregistered" not in r.stderr
    r = cli(ep, "unregister", "--type", "llm", "qwen2.5-instruct")  # any case for the type
    assert r.returncode == 1
    assert "'qwen2.5-instruct' is a builtin LLM model; only custom registrations can be removed" in r.stderr
    assert _names(ep, "LLM")["qwen2.5-instruct"] is True and "tiny-chat" in _names(ep, "LLM")


def test_register_checks_the_family(launch_server: RunningServer, test_models: dict[str, Path]) -> None:
    ep = launch_server.endpoint
    r = cli(ep, "register", "--type", "llm", "--name", "cli-bad-family", "--path", str(test_models["tiny-chat"]),
            "--family", "qwen2.5-instrct")
    assert r.returncode == 1
    assert "'qwen2.5-instrct' is not a builtin LLM family of this server; did you mean 'qwen2.5-instruct'" in r.stderr
    assert "cli-bad-family" not in _names(ep, "LLM")


def test_launch_names_the_closest_models_and_the_usable_engines(launch_server: RunningServer) -> None:
    ep = launch_server.endpoint
    r = cli(ep, "launch", "tiny-chatt", "--engine", "Transformers")
    assert r.returncode == 1
    assert "The server has no model named 'tiny-chatt'; did you mean 'tiny-chat'" in r.stderr
    r = cli(ep, "launch", "tiny-embed", "--type", "LLM", "--engine", "Transformers")
    assert r.returncode == 1
    assert "The server has no LLM model named 'tiny-embed'; it is registered as embedding" in r.stderr
    r = cli(ep, "launch", "tiny-chat")  # an LLM without --engine: say which engines can run it here
    assert r.returncode == 2
    assert "tiny-chat is an LLM: it needs an engine" in r.stderr and "Transformers" in r.stderr
    assert "page" not in r.stderr and "dialog" not in r.stderr


def test_embedding_launched_without_type_and_unregister_of_a_running_model(
    launch_server: RunningServer, test_models: dict[str, Path]
) -> None:
    ep = launch_server.endpoint
    reg = cli(ep, "register", "--type", "EMBEDDING", "--name", "cli-run-embed", "--path", str(test_models["embed"]))
    assert reg.returncode == 0, reg.stderr
    try:
        # No --type: the registration says it is an embedding model (it used to say "An LLM needs an engine").
        run = cli(ep, "launch", "cli-run-embed", "--engine", "sentence_transformers", "--uid", "cli-run-embed-1",
                  "--wait")
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() == "cli-run-embed-1"

        # A mistyped UID, a replica's name, and the model's name instead of its UID.
        r = cli(ep, "terminate", "cli-run-embd-1")
        assert r.returncode == 1
        assert "No running model has the UID 'cli-run-embd-1'; did you mean 'cli-run-embed-1'?" in r.stderr
        assert "xinference-manager ps" in r.stderr and "Running page" not in r.stderr
        r = cli(ep, "terminate", "cli-run-embed")
        assert r.returncode == 1 and "is a model's name, and its UIDs are cli-run-embed-1" in r.stderr

        r = cli(ep, "unregister", "cli-run-embed", "--type", "embedding")
        assert r.returncode == 1
        assert "cli-run-embed is running as cli-run-embed-1" in r.stderr and "--force" in r.stderr
        assert "cli-run-embed" in _names(ep, "embedding")
        r = cli(ep, "unregister", "cli-run-embed", "--type", "embedding", "--force")
        assert r.returncode == 0, r.stderr
        assert "unregistered cli-run-embed (embedding); still running as cli-run-embed-1" in r.stderr
        assert "cli-run-embed" not in _names(ep, "embedding")
        assert any(row["uid"] == "cli-run-embed-1" for row in json.loads(cli(ep, "ps", "--json").stdout))

        stop = cli(ep, "terminate", "cli-run-embed-1-rep0")  # a replica's name means its model
        assert stop.returncode == 0, stop.stderr
        assert "terminated cli-run-embed-1" in stop.stderr
        assert wait_gone("cli-run-embed-1")
    finally:
        cli(ep, "terminate", "cli-run-embed-1")
        cli(ep, "unregister", "cli-run-embed", "--type", "embedding", "--force")
