"""The Dify check against real Xinference servers: every verdict is Dify's own.

Each expected verdict and error text was written from reading Dify's Xinference plugin (langgenius/
dify-official-plugins @ 7af2283, ``models/xinference``) and the ``xinference_client`` 4.1.0 it uses; the docstrings
name the line of that logic each case exercises. They were cross-checked by running the plugin's own
``validate_credentials`` (dify_plugin 0.7.4, Python 3.12) against the same servers: 40 cases, identical verdicts
and identical texts.
"""

from __future__ import annotations

import pytest

from app.core.dify.check import DifyCheckRequest, DifyReport, run_check
from app.core.dify.steps import Status
from tests.support.harness import RunningServer


async def check(url: str, uid: str, model_type: str = "llm", key: str | None = None, **kw: object) -> DifyReport:
    return await run_check(DifyCheckRequest(url, uid, model_type, api_key=key, docker_probe=False, **kw))  # type: ignore[arg-type]


def step(report: DifyReport, key: str) -> Status:
    return next(s.status for s in report.steps if s.key == key)


def first_failure(report: DifyReport) -> str:
    return next(s.key for s in report.steps if s.status is Status.FAIL)


async def test_chat_model_passes_as_llm(xinf_server: RunningServer) -> None:
    """llm.py:129-151: UID rule, then helper.py:102 metadata GET, then "chat" in model_ability (llm.py:139)."""
    report = await check(xinf_server.endpoint, xinf_server.uids["LLM"])
    assert report.accepted, report.text()
    assert [s.status for s in report.steps if s.key != "location"] == [Status.OK] * (len(report.steps) - 1)
    # Dify sends exactly one request for an LLM: the metadata call.
    assert [(e.stage, e.method) for e in report.emulation.exchanges] == [("metadata", "GET")]
    assert report.emulation.exchanges[0].url.endswith(f"/v1/models/{xinf_server.uids['LLM']}")


async def test_embedding_model_passes_as_text_embedding(xinf_server: RunningServer) -> None:
    """text_embedding.py:117 metadata, :123 Client (/v1/cluster/auth), :125 get_model, :128 handle, :132 embed."""
    report = await check(xinf_server.endpoint, xinf_server.uids["embedding"], "text-embedding")
    assert report.accepted, report.text()
    assert [e.stage for e in report.emulation.exchanges] == ["metadata", "client-auth", "get-model", "invoke"]
    assert step(report, "call") is Status.OK


async def test_rerank_model_passes_as_rerank(xinf_server: RunningServer) -> None:
    """rerank.py:83-99: no metadata call; Client, get_model, rerank handle (:85), then invoke (:89)."""
    report = await check(xinf_server.endpoint, xinf_server.uids["rerank"], "rerank")
    assert report.accepted, report.text()
    assert [e.stage for e in report.emulation.exchanges] == ["client-auth", "get-model", "invoke"]


async def test_embedding_chosen_as_llm_fails_on_abilities(xinf_server: RunningServer) -> None:
    """llm.py:144: neither chat nor generate in ['embed'] → ValueError, re-raised as is (llm.py:162)."""
    report = await check(xinf_server.endpoint, xinf_server.uids["embedding"], "llm")
    assert not report.accepted
    assert report.dify_error == (
        "xinference model ability ['embed'] is not supported, check if you have the right model type"
    )
    assert first_failure(report) == "type"


async def test_chat_chosen_as_embedding_fails_on_handle(xinf_server: RunningServer) -> None:
    """text_embedding.py:128-131: get_model gives a chat handle → InvokeBadRequestError, not wrapped."""
    report = await check(xinf_server.endpoint, xinf_server.uids["LLM"], "text-embedding")
    assert not report.accepted
    assert report.dify_error_kind == "InvokeBadRequestError"
    assert report.dify_error == "please check model type, the model you want to invoke is not a text embedding model"
    assert first_failure(report) == "type"


@pytest.mark.parametrize(
    ("dify_type", "expected"),
    [
        # helper.py:136: a rerank model has neither generate nor chat → NotImplementedError, a RuntimeError,
        # caught by llm.py:153 and prefixed there.
        ("llm", "Xinference credentials validate failed: xinference model handle type is not supported"),
        # the same exception, caught by text_embedding.py:137 without prefix.
        ("text-embedding", "xinference model handle type is not supported"),
        # tts.py:67 metadata raises the same; tts.py:89 wraps str(ex).
        ("tts", "xinference model handle type is not supported"),
        # speech2text.py:48: a rerank handle is not an audio handle.
        ("speech2text", "please check model type, the model you want to invoke is not a audio model"),
    ],
)
async def test_rerank_model_chosen_as_other_types(xinf_server: RunningServer, dify_type: str, expected: str) -> None:
    report = await check(xinf_server.endpoint, xinf_server.uids["rerank"], dify_type)
    assert not report.accepted
    assert report.dify_error == expected


@pytest.mark.parametrize("which", ["LLM", "embedding"])
async def test_other_models_chosen_as_rerank(xinf_server: RunningServer, which: str) -> None:
    """rerank.py:85-88: the handle is not a rerank handle; rerank.py:101 wraps str(ex)."""
    report = await check(xinf_server.endpoint, xinf_server.uids[which], "rerank")
    assert not report.accepted
    assert report.dify_error == "please check model type, the model you want to invoke is not a rerank model"


async def test_wrong_port(xinf_server: RunningServer) -> None:
    """helper.py:102-106: connection refused (after urllib3's 3 retries) → RuntimeError with requests' text."""
    from tests.support.harness import free_port

    port = free_port()
    # The app knows its own server (the CLI and the page pass it): the check names the port that works.
    report = await check(f"http://127.0.0.1:{port}", xinf_server.uids["LLM"], known_endpoint=xinf_server.endpoint)
    assert not report.accepted
    assert report.dify_error.startswith("Xinference credentials validate failed: get xinference model extra "
                                        f"parameter failed, url: http://127.0.0.1:{port}/v1/models/")
    assert "Max retries exceeded" in report.dify_error and "[Errno 111] Connection refused" in report.dify_error
    assert first_failure(report) == "inputs"  # the form step names the wrong port and the URL that works
    inputs = next(s for s in report.steps if s.key == "inputs")
    assert f"Nothing answers on port {port}" in inputs.cause and xinf_server.endpoint in inputs.fix
    assert step(report, "uid") is Status.OK  # checked at the URL that works
    assert len(report.emulation.exchanges) == 1  # the retries happen inside that one request, as in urllib3


async def test_host_that_does_not_resolve(xinf_server: RunningServer) -> None:
    """helper.py:102-106: NameResolutionError inside requests' ConnectionError."""
    report = await check("http://no-such-host.invalid:9997", xinf_server.uids["LLM"])
    assert not report.accepted
    assert "Failed to resolve 'no-such-host.invalid'" in report.dify_error
    assert first_failure(report) == "resolve"


async def test_uid_with_slash(xinf_server: RunningServer) -> None:
    """xinference_helper.validate_model_uid (helper.py:156) via llm.py:129: refused before any request."""
    report = await check(xinf_server.endpoint, "qwen/" + xinf_server.uids["LLM"])
    assert not report.accepted
    assert report.dify_error == "model_uid should not contain /, ?, or #"
    assert report.emulation.exchanges == ()
    assert first_failure(report) == "inputs"


async def test_unknown_uid_lists_running_uids(xinf_server: RunningServer) -> None:
    """helper.py:107: Xinference answers 400 (not 404) for an unknown UID; Dify quotes status and body."""
    report = await check(xinf_server.endpoint, "no-such-model", "text-embedding")
    assert not report.accepted
    assert report.dify_error.startswith("get xinference model extra parameter failed, status code: 400, response:")
    uid_step = next(s for s in report.steps if s.key == "uid")
    assert uid_step.status is Status.FAIL
    assert f"Running Text Embedding models (UIDs): {xinf_server.uids['embedding']}." in uid_step.fix
    assert xinf_server.uids["LLM"] not in uid_step.fix  # only the UIDs of the right type


async def test_mistyped_uid_gets_the_closest_running_uid(xinf_server: RunningServer) -> None:
    uid = xinf_server.uids["embedding"]
    report = await check(xinf_server.endpoint, uid.replace("tiny-", "tiny_"), "text-embedding")
    uid_step = next(s for s in report.steps if s.key == "uid")
    assert f"Closest running UID: {uid!r}." in uid_step.fix


async def test_replica_name_is_recognised(xinf_server: RunningServer) -> None:
    """Issue 10: `minilm-rep0` copied from the server's process list is a replica's name, not the UID."""
    uid = xinf_server.uids["embedding"]
    report = await check(xinf_server.endpoint, f"{uid}-rep0", "text-embedding")
    assert not report.accepted
    uid_step = next(s for s in report.steps if s.key == "uid")
    assert uid_step.cause == f"'{uid}-rep0' is the name of a replica (an internal process), not a UID."
    assert uid_step.fix.startswith(f"Use the UID {uid!r}.")
    assert step(report, "xinference") is Status.OK  # not "another program listens there"


async def test_model_name_typed_instead_of_uid(xinf_server: RunningServer) -> None:
    """helper.py:107 again (400), and the panel recognises the model's name."""
    report = await check(xinf_server.endpoint, "tiny-chat")
    assert not report.accepted
    uid_step = next(s for s in report.steps if s.key == "uid")
    assert "name, not its UID" in uid_step.cause
    assert xinf_server.uids["LLM"] in uid_step.fix


async def test_url_ending_in_v1(xinf_server: RunningServer) -> None:
    """helper.py:94: URL(server_url) / "v1" / ... doubles /v1; the server answers 404."""
    report = await check(xinf_server.endpoint + "/v1", xinf_server.uids["LLM"])
    assert not report.accepted
    assert report.emulation.exchanges[0].url == f"{xinf_server.endpoint}/v1/v1/models/{xinf_server.uids['LLM']}"
    assert "status code: 404" in report.dify_error
    assert first_failure(report) == "inputs"
    assert report.suggested_url == xinf_server.endpoint
    assert step(report, "uid") is Status.OK  # every other step still ran, at the URL that works


async def test_trailing_slash_is_harmless(xinf_server: RunningServer) -> None:
    """helper.py:94: yarl's join drops the trailing slash."""
    report = await check(xinf_server.endpoint + "/", xinf_server.uids["LLM"])
    assert report.accepted, report.text()


async def test_url_without_scheme(xinf_server: RunningServer) -> None:
    """helper.py:102: "127.0.0.1:PORT/v1/..." has a "scheme" for requests, so no adapter: InvalidSchema, which is
    not among the caught exceptions and reaches Dify as is (llm.py:162)."""
    bare = xinf_server.endpoint.removeprefix("http://")
    report = await check(bare, xinf_server.uids["LLM"])
    assert not report.accepted
    assert report.dify_error_kind == "InvalidSchema"
    assert report.dify_error == f"No connection adapters were found for '{bare}/v1/models/{xinf_server.uids['LLM']}'"
    assert first_failure(report) == "inputs"


async def test_login_server_without_key(xinf_auth_server: RunningServer) -> None:
    """helper.py:100,107: no key → no header → 401 quoted by Dify."""
    report = await check(xinf_auth_server.endpoint, xinf_auth_server.uids["LLM"])
    assert not report.accepted
    assert report.dify_error == ('Xinference credentials validate failed: get xinference model extra parameter '
                                 'failed, status code: 401, response: {"detail":"Could not validate credentials"}')
    assert first_failure(report) == "auth"


async def test_api_key_sees_403_on_version_yet_every_step_runs(xinf_auth_server: RunningServer) -> None:
    """Issue 8: with a valid API key /v1/cluster/version answers 403; the server is still Xinference, and the UID,
    type and real-call steps all run; no failed step stands next to the accepting verdict."""
    report = await check(xinf_auth_server.endpoint, xinf_auth_server.uids["LLM"], key=xinf_auth_server.api_key)
    assert report.accepted, report.text()
    keys = [s.key for s in report.steps]
    assert {"xinference", "auth", "uid", "type", "abilities", "call"} <= set(keys)
    assert all(s.status in (Status.OK, Status.SKIP) for s in report.steps), report.text()
    assert next(s.detail for s in report.steps if s.key == "xinference") == \
        "Xinference (it does not show its version to API keys)"


async def test_login_server_with_key_accepts_embedding(xinf_auth_server: RunningServer) -> None:
    """restful_client.Client: /v1/cluster/auth says login is on, so the key is sent on get_model too."""
    report = await check(xinf_auth_server.endpoint, xinf_auth_server.uids["embedding"], "text-embedding",
                         key=xinf_auth_server.api_key)
    assert report.accepted, report.text()
    assert xinf_auth_server.api_key and xinf_auth_server.api_key not in report.text()
    assert xinf_auth_server.api_key not in str(report.to_json())


async def test_loopback_server_checked_for_docker_dify(xinf_server: RunningServer) -> None:
    """With Dify in Docker, 127.0.0.1 is Dify's own container: helper.py:102 gets connection refused there. The
    server here listens on 127.0.0.1 only, so this machine's own address fails too."""
    report = await check(xinf_server.endpoint, xinf_server.uids["LLM"], location="docker-linux",
                         host_address="192.0.2.55")
    assert not report.accepted
    assert "[Errno 111] Connection refused" in report.dify_error
    assert first_failure(report) == "inputs"  # "127.0.0.1 is Dify's plugin daemon container itself"
    assert step(report, "location") is Status.FAIL
    assert report.suggested_url == f"http://192.0.2.55:{xinf_server.port}"
    location = next(s for s in report.steps if s.key == "location")
    assert "0.0.0.0" in location.fix


async def test_docker_desktop_name_resolves_as_in_its_containers(xinf_server: RunningServer) -> None:
    """Issue 8: the URL the tool suggests for Docker Desktop (host.docker.internal) must not then be refused with
    "Failed to resolve": Dify's requests resolve it as Docker Desktop's containers do (this machine)."""
    url = f"http://host.docker.internal:{xinf_server.port}"
    report = await check(url, xinf_server.uids["LLM"], location="docker-desktop")
    assert report.accepted, report.text()
    assert report.emulation.exchanges[0].url == f"{url}/v1/models/{xinf_server.uids['LLM']}"
    assert all(s.status in (Status.OK, Status.SKIP) for s in report.steps), report.text()


def test_cli_settings_block_for_running_models(xinf_server: RunningServer, capsys: pytest.CaptureFixture[str]) -> None:
    """`dify-settings` prints the same block as the Running page, with the URL Dify uses from where it runs."""
    from app.cli import main

    assert main(["--endpoint", xinf_server.endpoint, "dify-settings", xinf_server.uids["rerank"],
                 "--dify-location", "docker-desktop"]) == 0
    out = capsys.readouterr().out
    assert "Model Type: Rerank\n" in out and f"Model uid: {xinf_server.uids['rerank']}\n" in out
    assert f"Server url: http://host.docker.internal:{xinf_server.port}\n" in out
    assert "leave empty (login is off" in out
