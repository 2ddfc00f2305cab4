"""The launch core without a server: request bodies, UID checks, failure causes (real server messages), commands,
and the Running table's rows."""

from __future__ import annotations

import shlex

import httpx
import pytest

from app.core.api.client import XinferenceClient
from app.core.api.types import ModelInstance, RunningModel
from app.core.errors import InvalidInput
from app.core.models.commands import manager_command, xinference_command
from app.core.models.launch import LaunchRequest, explain_failure, parse_options, start_launch, validate_uid
from app.core.models.running import merge_rows


@pytest.mark.parametrize("uid", ["org/model", "a?b", "x#1", "two words"])
def test_bad_uid_is_refused(uid: str) -> None:
    with pytest.raises(InvalidInput) as err:
        validate_uid(uid)
    assert "UID" in err.value.message


def test_empty_uid_lets_the_server_choose() -> None:
    assert validate_uid("  ") == ""
    assert "model_uid" not in LaunchRequest("tiny-embed", "embedding").body()


async def test_bad_uid_sends_no_request() -> None:
    seen: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(200, json={"model_uid": "x"}))
    async with XinferenceClient("http://127.0.0.1:9", transport=transport) as client:
        with pytest.raises(InvalidInput):
            await start_launch(client, LaunchRequest("tiny-chat", model_engine="Transformers", model_uid="a/b"))
    assert seen == []


def test_body_carries_every_field() -> None:
    req = LaunchRequest(
        "qwen2.5-instruct", "LLM", "Transformers", "pytorch", "0_5", "none", "my-qwen", replica=2, n_gpu="cpu",
        worker_ip="10.0.0.2:30001", download_hub="modelscope", context_length=4096,
        options=parse_options(["trust_remote_code=true", "max_num_seqs=8", "dtype=bfloat16"]),
    )
    assert req.body() == {
        "model_name": "qwen2.5-instruct", "model_type": "LLM", "model_engine": "Transformers",
        "model_format": "pytorch", "model_size_in_billions": "0_5", "quantization": "none",
        "model_uid": "my-qwen", "replica": 2, "n_gpu": None, "worker_ip": "10.0.0.2:30001",
        "download_hub": "modelscope", "context_length": 4096, "trust_remote_code": True, "max_num_seqs": 8,
        "dtype": "bfloat16",
    }
    assert LaunchRequest("m", "LLM", "E", gpu_idx=(0, 1), replica=2).body()["gpu_idx"] == [0, 1]
    assert "n_gpu" not in LaunchRequest("m", "LLM", "E").body()  # auto: the server's default
    assert LaunchRequest("m", "LLM", "E", n_gpu="2").body()["n_gpu"] == 2


@pytest.mark.parametrize(
    "req, fragment",
    [
        (LaunchRequest("m", "LLM"), "engine"),
        (LaunchRequest("m", "LLM", "E", replica=2, gpu_idx=(0,)), "multiple"),
        (LaunchRequest("m", "LLM", "E", n_gpu="lots"), "not a number"),
        (LaunchRequest(" ", "embedding"), "No model name"),
    ],
)
def test_invalid_requests(req: LaunchRequest, fragment: str) -> None:
    with pytest.raises(InvalidInput, match=fragment):
        req.body()


def test_bad_option_syntax() -> None:
    with pytest.raises(InvalidInput):
        parse_options(["novalue"])


# Messages as the real Xinference 4.1.0 server wrote them (see tests/e2e/test_launch_e2e.py for the live ones),
# plus torch's and the OS's wording for memory, which this CPU box cannot provoke safely.
@pytest.mark.parametrize(
    "detail, kind",
    [
        ("Failed to download model 'qwen2.5-instruct' (size: 0_5, format: pytorch) after multiple retries",
         "download_failed"),
        ("[address=127.0.0.1:42788, pid=4870] Model is already in the model list, uid: probe-embed", "uid_taken"),
        ("Model tiny-chat cannot be run on engine vLLM.", "engine_missing"),
        ("Failed to import vLLM: No module named 'vllm'", "engine_missing"),
        ("CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 7.79 GiB total capacity)", "out_of_memory"),
        ("torch.OutOfMemoryError: CUDA out of memory.", "out_of_memory"),
        ("[Errno 12] Cannot allocate memory", "out_of_memory"),
        ("The parameter `n_gpu` must be greater than 0 and not greater than the number of GPUs: 0 on the machine.",
         "no_gpu"),
        ("Model not found, name: nope-model, format: None, size: None, quantization: None", "model_unknown"),
        ("something nobody expected", "other"),
        # The model's process killed while loading (Xinference 4.1): after it started, and while it started.
        ("Remote server unixsocket:///146926469120 closed: 0 bytes read on a total of 11 expected bytes",
         "process_ended"),
        ("Start sub pool failed, returncode: -9", "process_ended"),
        ("Remote server unixsocket:///146926469120 closed: Server may be closed", "process_ended"),
    ],
)
def test_failure_causes(detail: str, kind: str) -> None:
    failure = explain_failure(detail, "uid")
    assert failure.kind == kind
    assert failure.detail == detail  # the server's words stay available under the plain message
    assert failure.message and failure.hint


def test_commands_round_trip_through_a_shell() -> None:
    req = LaunchRequest("tiny-chat", "LLM", "Transformers", "pytorch", "0_1", "none", "my chat".replace(" ", "-"),
                        context_length=2048, options={"temperature": 0.5, "note": "two words"})
    line = xinference_command(req, "http://127.0.0.1:9997")
    args = shlex.split(line)
    assert args[:2] == ["xinference", "launch"]
    for flag, value in [("--model-name", "tiny-chat"), ("--model-engine", "Transformers"),
                        ("--size-in-billions", "0_1"), ("--model-uid", "my-chat"), ("--context-length", "2048"),
                        ("--note", "two words"), ("--temperature", "0.5"), ("--endpoint", "http://127.0.0.1:9997")]:
        assert args[args.index(flag) + 1] == value
    ours = shlex.split(manager_command(req, "http://127.0.0.1:9997"))
    assert ours[:4] == ["xinference-manager", "--endpoint", "http://127.0.0.1:9997", "launch"]
    assert ours[4] == "tiny-chat" and "--wait" in ours
    assert ours[ours.index("--option", ours.index("--option") + 1) + 1] == "note=two words"


def test_our_command_parses_back_to_the_same_request() -> None:
    from app.cli import build_parser
    from app.cli.models import request_from_args

    req = LaunchRequest("tiny-embed", "embedding", "sentence_transformers", "pytorch", "", "none", "e1",
                        n_gpu="cpu", options={"k": 1})
    args = build_parser().parse_args(shlex.split(manager_command(req, "http://h:1"))[1:])
    assert request_from_args(args).body() == req.body()


def test_rows_collapse_replicas_and_show_loading() -> None:
    models = [RunningModel.from_json({"id": "chat", "model_name": "tiny-chat", "model_type": "LLM", "replica": 2})]
    instances = [
        ModelInstance.from_json({"model_uid": "chat", "model_name": "tiny-chat", "status": "READY", "replica": 2,
                                 "replica_statuses": [{"replica_model_uid": "chat-rep0"},
                                                      {"replica_model_uid": "chat-rep1"}]}),
        ModelInstance.from_json({"model_uid": "emb", "model_name": "tiny-embed", "status": "CREATING"}),
        ModelInstance.from_json({"model_uid": "bad", "model_name": "x", "status": "ERROR"}),
    ]
    rows = merge_rows(models, instances)
    assert [(r.uid, r.status, r.replica) for r in rows] == [("chat", "READY", 2), ("emb", "CREATING", 1)]
    assert rows[0].replica_uids == ("chat-rep0", "chat-rep1")
    # An older server listing replicas as their own ids: still one row under the client UID.
    old = [RunningModel.from_json({"id": f"e-{i}", "model_name": "m", "model_type": "embedding"}) for i in (0, 1)]
    old.append(RunningModel.from_json({"id": "e", "model_name": "m", "model_type": "embedding"}))
    assert [(r.uid, r.replica) for r in merge_rows(old, [])] == [("e", 3)]
