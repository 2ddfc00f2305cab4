"""Model sets without a server: the JSON of a launch request and of a set, the sets of a profile, files, the CLI's
bookkeeping commands, and turning a server's description of a running model into a launch request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.core.errors import InvalidInput
from app.core.models import (
    ALREADY_RUNNING,
    FAILED,
    LAUNCHED,
    LAUNCHING,
    LaunchEvent,
    LaunchFailed,
    LaunchRequest,
    ModelSet,
    SetProgress,
    SetReport,
    delete_set,
    export_set,
    get_set,
    list_sets,
    read_set_file,
    rename_set,
    set_restore_on_start,
    store_set,
)
from app.core.models.sets import SET_FORMAT, _keep_what_server_forgets, request_from_description
from app.core.settings import Profile, Settings

CHAT = LaunchRequest("tiny-chat", "LLM", "Transformers", model_uid="chat-1")
EMBED = LaunchRequest("tiny-embed", "embedding", "sentence_transformers", model_uid="embed-1")
FULL = LaunchRequest(
    "qwen2.5-instruct", "LLM", "vLLM", "gptq", "7", "Int4", "qwen-7b", replica=2, n_gpu="2", gpu_idx=(0, 1),
    worker_ip="10.0.0.2", download_hub="modelscope", model_path="/models/qwen", context_length=8192,
    options={"gpu_memory_utilization": 0.8, "enable_prefix_caching": True},
)

# What a real Xinference 4.1 answered to GET /v1/models/{uid} for the tiny offline models (trimmed of fields that
# play no part here).
REAL_CHAT_DESCRIPTION = {
    "model_type": "LLM", "address": "127.0.0.1:45805", "accelerators": [], "model_name": "tiny-chat",
    "model_ability": ["generate", "chat"], "model_format": "pytorch", "model_size_in_billions": "0_1",
    "model_family": "qwen2.5-instruct", "quantization": "none", "model_hub": "huggingface", "revision": None,
    "context_length": 2048, "model_engine": "Transformers", "n_worker": 1, "replica": 1,
}
REAL_EMBED_DESCRIPTION = {
    "model_type": "embedding", "address": "127.0.0.1:41777", "accelerators": [], "model_name": "tiny-embed",
    "model_engine": "sentence_transformers", "model_format": "pytorch", "dimensions": 384, "max_tokens": 512,
    "model_ability": ["embed"], "model_hub": "huggingface", "quantization": "none", "n_worker": 1, "replica": 1,
}


# -- a launch request as JSON -----------------------------------------------------------------------------------

def test_request_round_trips_every_field() -> None:
    data = FULL.to_json()
    assert json.loads(json.dumps(data)) == data  # plain JSON
    assert LaunchRequest.from_json(data) == FULL


def test_request_json_leaves_defaults_out() -> None:
    assert CHAT.to_json() == {"model_name": "tiny-chat", "model_type": "LLM", "model_uid": "chat-1",
                              "model_engine": "Transformers"}
    assert LaunchRequest.from_json(CHAT.to_json()) == CHAT


@pytest.mark.parametrize("n_gpu, expected", [(None, "cpu"), (2, "2"), ("auto", "auto")])
def test_request_accepts_xinference_spellings_of_n_gpu(n_gpu: object, expected: str) -> None:
    assert LaunchRequest.from_json({**CHAT.to_json(), "n_gpu": n_gpu}).n_gpu == expected


@pytest.mark.parametrize(
    "data, words",
    [
        (["tiny-chat"], "must be a JSON object"),
        ({**CHAT.to_json(), "model_uidd": "x"}, "Unknown field 'model_uidd'"),
        ({**CHAT.to_json(), "replica": "2"}, "'replica'"),
        ({**CHAT.to_json(), "replica": True}, "'replica'"),
        ({**CHAT.to_json(), "gpu_idx": ["0"]}, "'gpu_idx'"),
        ({**CHAT.to_json(), "context_length": 1.5}, "'context_length'"),
        ({**CHAT.to_json(), "options": []}, "'options'"),
        ({"model_type": "LLM"}, "no model_name"),
        ({**CHAT.to_json(), "model_engine": ""}, "An LLM needs an engine"),
        ({**CHAT.to_json(), "model_uid": "a/b"}, "contains '/'"),
        ({**CHAT.to_json(), "replica": 0}, "at least 1"),
    ],
)
def test_request_from_json_refuses_what_would_fail_later(data: object, words: str) -> None:
    with pytest.raises(InvalidInput) as err:
        LaunchRequest.from_json(data)
    assert words in err.value.message


# -- a set as JSON ----------------------------------------------------------------------------------------------

def test_set_round_trips() -> None:
    model_set = ModelSet("rag", (CHAT, EMBED, FULL))
    data = model_set.to_json()
    assert data["format"] == SET_FORMAT and data["version"] == 1 and data["name"] == "rag"
    assert ModelSet.from_json(json.loads(json.dumps(data))) == model_set
    assert ModelSet.from_json(data, name="other").name == "other"


@pytest.mark.parametrize(
    "change, words",
    [
        ({"format": "something else"}, "not a model set file"),
        ({"version": 99}, "newer version"),
        ({"version": True}, "not a positive number"),
        ({"name": "  "}, "needs a name"),
        ({"models": {"a": 1}}, "no \"models\" list"),
        ({"models": [CHAT.to_json(), {**EMBED.to_json(), "model_uid": "chat-1"}]}, "'chat-1' appears twice"),
        ({"models": [CHAT.to_json(), {**EMBED.to_json(), "model_uid": ""}]}, "model #2 (tiny-embed): no model_uid"),
        ({"models": [{**CHAT.to_json(), "replica": "x"}]}, "model #1 (tiny-chat): Field 'replica'"),
    ],
)
def test_set_from_json_names_the_problem(change: dict[str, object], words: str) -> None:
    data = {**ModelSet("rag", (CHAT, EMBED)).to_json(), **change}
    with pytest.raises(InvalidInput) as err:
        ModelSet.from_json(data)
    assert words in err.value.message


# -- the sets of a profile --------------------------------------------------------------------------------------

def test_store_refuses_a_taken_name_unless_replacing() -> None:
    profile = Profile()
    store_set(profile, ModelSet("rag", (CHAT,)))
    with pytest.raises(InvalidInput, match="already exists"):
        store_set(profile, ModelSet("rag", (EMBED,)))
    assert get_set(profile, "rag").models == (CHAT,)
    store_set(profile, ModelSet("rag", (EMBED,)), replace_existing=True)
    assert [s.models for s in list_sets(profile)] == [(EMBED,)]


def test_store_checks_a_set_built_in_code() -> None:
    profile = Profile()
    with pytest.raises(InvalidInput, match="no model_uid"):
        store_set(profile, ModelSet("rag", (LaunchRequest("tiny-chat", "LLM", "Transformers"),)))
    assert profile.model_sets == []


def test_rename_and_delete_keep_restore_on_start_true() -> None:
    profile = Profile()
    store_set(profile, ModelSet("a", (CHAT,)))
    store_set(profile, ModelSet("b", (EMBED,)))
    set_restore_on_start(profile, "a")
    with pytest.raises(InvalidInput, match="already exists"):
        rename_set(profile, "a", "b")
    assert rename_set(profile, "a", "c").name == "c"
    assert profile.restore_set == "c"
    assert [s.name for s in list_sets(profile)] == ["c", "b"]
    delete_set(profile, "c")
    assert profile.restore_set == ""
    assert [s.name for s in list_sets(profile)] == ["b"]
    with pytest.raises(InvalidInput) as err:
        get_set(profile, "c")
    assert "No model set named 'c'" in err.value.message and "b" in err.value.hint
    with pytest.raises(InvalidInput):
        set_restore_on_start(profile, "nope")
    assert profile.restore_set == ""


def test_a_set_damaged_by_hand_is_skipped_not_lost() -> None:
    profile = Profile()
    store_set(profile, ModelSet("good", (CHAT,)))
    profile.model_sets.append({"format": SET_FORMAT, "version": 1, "name": "bad", "models": [{"x": 1}]})
    assert [s.name for s in list_sets(profile)] == ["good"]
    delete_set(profile, "good")
    assert profile.model_sets == [{"format": SET_FORMAT, "version": 1, "name": "bad", "models": [{"x": 1}]}]


def test_sets_survive_a_settings_round_trip() -> None:
    settings = Settings()
    store_set(settings.profile, ModelSet("rag", (CHAT, FULL)))
    set_restore_on_start(settings.profile, "rag")
    settings.save()
    again = Settings.load()
    assert get_set(again.profile, "rag") == ModelSet("rag", (CHAT, FULL))
    assert again.profile.restore_set == "rag"
    stored = json.loads(Settings.path().read_text())["profiles"][0]["model_sets"][0]
    assert stored["models"][0] == {"model_name": "tiny-chat", "model_type": "LLM", "model_uid": "chat-1",
                                   "model_engine": "Transformers"}  # readable: what the user set, no noise


# -- files ------------------------------------------------------------------------------------------------------

def test_export_then_import_gives_the_same_set(tmp_path: Path) -> None:
    model_set = ModelSet("rag", (CHAT, FULL))
    path = export_set(model_set, tmp_path / "rag.json")
    assert json.loads(path.read_text())["models"][1]["context_length"] == 8192
    assert read_set_file(path) == model_set
    assert read_set_file(path, name="copy") == ModelSet("copy", (CHAT, FULL))


@pytest.mark.parametrize(
    "content, words",
    [
        (None, "Cannot read"),
        ('{"format": "xinference-manager model set", "version": 1,', "is not valid JSON (line 1, column"),
        ("[1, 2]", "must be a JSON object"),
        ('{"format": "xinference-manager model set", "version": 1, "name": "x", "models": [{"model_type": "LLM"}]}',
         "model #1: A launch request has no model_name"),
    ],
)
def test_a_malformed_file_says_what_is_wrong(tmp_path: Path, content: str | None, words: str) -> None:
    path = tmp_path / "set.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(InvalidInput) as err:
        read_set_file(path)
    assert words in err.value.message and str(path) in err.value.message


# -- the CLI's bookkeeping (no server needed) ---------------------------------------------------------------------

def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["sets", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_import_list_export_rename_delete(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = export_set(ModelSet("rag", (CHAT, EMBED)), tmp_path / "in.json")
    assert run_cli(capsys, "import", str(source))[0] == 0
    code, _out, err = run_cli(capsys, "import", str(source))
    assert code == 2 and err.count("\n") == 1 and "already exists" in err and "add --replace" in err
    assert run_cli(capsys, "import", str(source), "--name", "rag2")[0] == 0
    assert run_cli(capsys, "restore-on-start", "rag")[1] == "rag\n"

    code, out, _err = run_cli(capsys, "list", "--json")
    listed = json.loads(out)
    assert code == 0 and [(s["name"], s["restore_on_start"]) for s in listed] == [("rag", True), ("rag2", False)]
    assert ModelSet.from_json({k: v for k, v in listed[0].items() if k != "restore_on_start"}) == ModelSet(
        "rag", (CHAT, EMBED))
    code, out, _err = run_cli(capsys, "list")
    assert out.splitlines()[0] == "rag: 2 models  [restored on start]: chat-1 (tiny-chat), embed-1 (tiny-embed)"

    assert run_cli(capsys, "rename", "rag", "prod")[0] == 0
    assert run_cli(capsys, "restore-on-start")[1] == "prod\n"
    assert run_cli(capsys, "export", "prod", str(tmp_path / "out.json"))[0] == 0
    assert read_set_file(tmp_path / "out.json") == ModelSet("prod", (CHAT, EMBED))
    assert run_cli(capsys, "delete", "prod")[0] == 0
    assert run_cli(capsys, "restore-on-start")[1] == "(none)\n"
    code, _out, err = run_cli(capsys, "delete", "prod")
    assert code == 2 and "No model set named 'prod'" in err and "rag2" in err


def test_cli_malformed_import_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "import", str(export_set(ModelSet("rag", (CHAT,)), tmp_path / "ok.json")))[0] == 0
    before = Settings.path().read_bytes()
    bad = tmp_path / "bad.json"
    data = ModelSet("rag", (CHAT, EMBED)).to_json()
    data["models"][1]["replica"] = "two"
    bad.write_text(json.dumps(data))
    code, out, err = run_cli(capsys, "import", str(bad), "--replace")
    assert code == 2 and out == ""
    assert err == f"error: {bad}: Model set 'rag', model #2 (tiny-embed): Field 'replica' of a launch request has " \
                  "an unusable value: 'two'\n"
    assert Settings.path().read_bytes() == before


def test_cli_apply_of_an_unknown_set_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "apply", "nope")
    assert code == 2 and out == "" and err.count("\n") == 1 and "No model set named 'nope'" in err


# -- running models as requests ---------------------------------------------------------------------------------

def test_request_from_real_descriptions() -> None:
    chat = request_from_description("c1", REAL_CHAT_DESCRIPTION)
    assert chat == LaunchRequest("tiny-chat", "LLM", "Transformers", "pytorch", "0_1", "none", "c1")
    # The description's context_length is the family's maximum, not the launch's: it is not taken.
    assert chat.context_length is None
    embed = request_from_description("e1", REAL_EMBED_DESCRIPTION)
    assert embed == LaunchRequest("tiny-embed", "embedding", "sentence_transformers", "pytorch", "", "none", "e1")


def test_request_from_description_on_gpus_and_a_cluster() -> None:
    desc = {**REAL_CHAT_DESCRIPTION, "accelerators": ["0", "1"], "replica": 2, "n_worker": 2}
    req = request_from_description("c1", desc)
    assert (req.n_gpu, req.replica, req.options) == ("2", 2, {"n_worker": 2})
    assert req.body()["n_gpu"] == 2


def test_an_earlier_request_keeps_what_the_server_forgets() -> None:
    found = request_from_description("c1", REAL_CHAT_DESCRIPTION)
    earlier = LaunchRequest("tiny-chat", "LLM", "Transformers", model_uid="c1", context_length=512,
                            options={"temperature": 0.1}, model_path="/m", replica=3)
    kept = _keep_what_server_forgets(found, earlier)
    assert (kept.context_length, kept.options, kept.model_path) == (512, {"temperature": 0.1}, "/m")
    assert (kept.model_format, kept.model_size_in_billions, kept.replica) == ("pytorch", "0_1", 1)  # the server's
    other_model = LaunchRequest("tiny-chat-2", "LLM", "Transformers", model_uid="c1", context_length=512)
    assert _keep_what_server_forgets(found, other_model) == found


# -- outcomes ---------------------------------------------------------------------------------------------------

def test_outcome_lines_and_report() -> None:
    failed = LaunchFailed("download_failed", "The model's files could not be downloaded", "Register them.",
                          "Failed to download model 'qwen'\nTraceback ...", "q1")
    steps = (
        SetProgress(0, 3, CHAT, LAUNCHED, seconds=11.24),
        SetProgress(1, 3, EMBED, ALREADY_RUNNING),
        SetProgress(2, 3, LaunchRequest("qwen", "LLM", "Transformers", model_uid="q1"), FAILED, error=failed),
    )
    assert [s.line() for s in steps] == [
        "chat-1: launched (tiny-chat, 11.2 s)",
        "embed-1: already running (tiny-embed)",
        "q1: failed (qwen): The model's files could not be downloaded (Register them.); "
        "server said: Failed to download model 'qwen'",
    ]
    loading = SetProgress(0, 3, CHAT, LAUNCHING, event=LaunchEvent("chat-1", "CREATING", "loading", 0.82))
    assert loading.line() == "chat-1: loading 82%" and not loading.final
    assert not SetReport("s", steps).all_running
    assert SetReport("s", steps[:2]).all_running and SetReport("s", steps).count(FAILED) == 1


async def test_restore_on_start_of_a_deleted_set_says_so() -> None:
    from app.core.api import XinferenceClient
    from app.core.models import restore_on_start

    profile = Profile(restore_set="gone")  # e.g. settings edited by hand: nothing is asked of the server
    async with XinferenceClient("http://127.0.0.1:9") as client:
        with pytest.raises(InvalidInput) as err:
            await restore_on_start(client, profile)
    assert err.value.message == "The set to restore on start, 'gone', no longer exists"
    assert "sets restore-on-start" in err.value.hint_for("cli") and "settings" in err.value.hint_for("gui")
