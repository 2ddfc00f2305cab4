"""Bad input at the edge: the URL and port parsers, the CLI's argument types and one-line errors, hints worded per
front-end, model types in any case, "did you mean", and which local server a plain command talks to."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from app.cli import build_parser
from app.cli.common import CliContext, misplaced_global_options
from app.core.endpoint import parse_endpoint, parse_port
from app.core.errors import AuthRequired, EngineNotFound, InvalidInput, ManagerError, ModelNotFound
from app.core.models import LaunchRequest, build_family, closest, did_you_mean, model_type_name
from app.core.settings import Settings
from tests.support.harness import REPO, free_port


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, capture_output=True, text=True,
                          input=stdin, timeout=60, env=os.environ.copy())


# -- parsers ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("localhost:9997", "http://localhost:9997"),
    (" http://127.0.0.1:9997/ ", "http://127.0.0.1:9997"),
    ("https://xinf.example.org", "https://xinf.example.org"),
    ("http://[::1]:9997", "http://[::1]:9997"),
    ("http://h:80", "http://h:80"),  # the default port is kept as typed
    ("http://proxy.lan/xinference/", "http://proxy.lan/xinference"),
])
def test_parse_endpoint_accepts(text: str, expected: str) -> None:
    assert parse_endpoint(text) == expected


@pytest.mark.parametrize(("text", "words"), [
    ("http://[::1:9997", "'[' is not closed"),
    ("http://h:99999", "port 99999 is out of range"),
    ("http://h:0", "port 0 is out of range"),
    ("h:abc", "port 'abc' is not a number"),
    ("ftp://h", "scheme must be http or https"),
    ("http://h:1/?x", "'?' or '#'"),
    ("http://:80", "is not valid"),
    ("", "No server URL given"),
])
def test_parse_endpoint_refuses_with_the_reason(text: str, words: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_endpoint(text)
    assert words in err.value.message
    assert "http://HOST:PORT" in err.value.hint or "Use a port between 1 and 65535" in err.value.hint


def test_parse_port() -> None:
    assert parse_port("9997") == 9997 and parse_port(" 1 ") == 1 and parse_port(65535) == 65535
    for bad, words in (("99999", "99999 is out of range"), ("0", "0 is out of range"), ("-1", "out of range"),
                       ("x", "'x' is not a number"), ("", "is not a number")):
        with pytest.raises(InvalidInput, match=words):
            parse_port(bad)


# -- the parser: one line, exit status 2 ----------------------------------------------------------------------------

@pytest.mark.parametrize(("argv", "words"), [
    (["server", "status", "--port", "99999"], "argument --port: Port 99999 is out of range"),
    (["server", "stop", "--port", "0"], "Port 0 is out of range"),
    (["server", "login", "--port", "x"], "Port 'x' is not a number"),
    (["--endpoint", "http://[::1:9997", "ps"], "'[' is not closed"),
    (["--endpoint", "http://h:70000", "ps"], "port 70000 is out of range"),
    (["launch", "m", "--type", "Foo"], "Unknown model type 'Foo'"),
    (["register", "--type", "image", "--name", "a", "--path", "."], "Use one of: LLM, embedding, rerank"),
    (["--api-key", "k", "--api-key-stdin", "ps"], "not allowed with argument --api-key"),
])
def test_bad_arguments_are_one_line_and_exit_2(argv: list[str], words: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert words in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_global_option_after_the_command_says_where_it_goes() -> None:
    assert misplaced_global_options("xm", ["ps", "--endpoint", "http://h:1"], ["--endpoint", "http://h:1"]) == (
        "global options go before the command: xm --endpoint http://h:1 ps")
    # The key itself is never echoed back; other leftovers are still named.
    text = misplaced_global_options("xm", ["terminate", "u", "--api-key=xf-secret", "--bogus"],
                                    ["--api-key=xf-secret", "--bogus"])
    assert text == "global options go before the command: xm --api-key=KEY terminate u --bogus; " \
                   "unrecognized arguments: --bogus"
    text = misplaced_global_options("xm", ["ps", "--api-key", "xf-secret", "-v"], ["--api-key", "xf-secret", "-v"])
    assert "xf-secret" not in text and text.endswith("xm --api-key KEY -v ps")
    assert misplaced_global_options("xm", ["ps", "--bogus"], ["--bogus"]) == "unrecognized arguments: --bogus"


def test_help_says_how_to_keep_the_key_out_of_ps(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--api-key-stdin" in out and "XINFERENCE_API_KEY" in out and "visible to other users in `ps`" in out


def test_cli_subprocess_bad_input_never_a_traceback() -> None:
    for argv, words in ((["server", "status", "--port", "99999"], "out of range"),
                        (["ps", "--endpoint", "http://127.0.0.1:9"], "global options go before the command: "
                                                                     "xinference-manager --endpoint "
                                                                     "http://127.0.0.1:9 ps"),
                        (["--api-key-stdin", "ps"], "--api-key-stdin: stdin gave no API key")):
        r = run_cli(*argv)
        assert r.returncode == 2, r.stderr
        assert words in r.stderr and "Traceback" not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_api_key_from_stdin_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("xf-from-stdin\nrest\n"))
    monkeypatch.delenv("XINFERENCE_API_KEY", raising=False)
    ctx = CliContext.from_args(build_parser().parse_args(["--api-key-stdin", "ps"]))
    assert ctx.api_key == "xf-from-stdin"
    assert ctx.token_for("http://127.0.0.1:1") == "xf-from-stdin"


# -- hints per front-end --------------------------------------------------------------------------------------------

def test_hints_are_worded_per_front_end() -> None:
    for exc in (EngineNotFound(), AuthRequired(), ModelNotFound("u")):
        gui, cli = exc.hint_for("gui"), exc.hint_for("cli")
        assert exc.hint == gui and gui != cli
        assert "page" not in cli.lower() and "dialog" not in cli.lower()
        assert "xinference-manager" in cli
        assert exc.one_line("cli") == f"{exc.message} ({cli})"
    plain = ManagerError("m", "h")
    assert plain.hint_for("cli") == plain.hint_for("gui") == plain.hint == "h"
    plain.hint = "other"
    assert plain.one_line("cli") == "m (other)"


def test_core_hints_do_not_speak_of_the_window_in_the_cli() -> None:
    """Every hint a ManagerError of app/core gives the CLI is free of the window's words."""
    import re

    words = re.compile(r"\b(page|dialog|button|click)\b", re.IGNORECASE)
    for exc in (EngineNotFound("x"), AuthRequired("x"), ModelNotFound("u")):
        assert not words.search(exc.hint_for("cli"))
        assert "-H " not in exc.hint_for("cli")


# -- model types and names ------------------------------------------------------------------------------------------

def test_model_type_any_case() -> None:
    assert model_type_name("llm") == "LLM" and model_type_name(" Embedding ") == "embedding"
    assert model_type_name("RERANK", ("LLM", "embedding", "rerank")) == "rerank"
    with pytest.raises(InvalidInput, match="did you mean 'embedding'"):
        model_type_name("embeding")
    with pytest.raises(InvalidInput) as err:
        model_type_name("image", ("LLM", "embedding", "rerank"))
    assert err.value.hint == "Use one of: LLM, embedding, rerank (any case)."


def test_closest_names() -> None:
    names = ["qwen2.5-instruct", "qwen2-instruct", "llama-3.1-instruct", "bge-small-en-v1.5"]
    assert closest("qwen2.5-instrct", names)[0] == "qwen2.5-instruct"
    assert closest("QWEN2.5-INSTRUCT", names)[0] == "qwen2.5-instruct"
    assert did_you_mean("zzz", names) == ""
    assert did_you_mean("bge-small-en", names) == "; did you mean 'bge-small-en-v1.5'?"


def test_launch_request_type_any_case_and_unknown_type() -> None:
    assert LaunchRequest("m", model_type="Embedding").validated().model_type == "embedding"
    # Empty: not known yet; everything else is checked, and no body is built until it is set.
    assert LaunchRequest("m", model_type="").validated().model_type == ""
    with pytest.raises(InvalidInput, match="UID"):
        LaunchRequest("m", model_type="", model_uid="a/b").validated()
    with pytest.raises(InvalidInput, match="No model type"):
        LaunchRequest("m", model_type="").body()
    with pytest.raises(InvalidInput) as err:
        LaunchRequest("m", model_type="llm").validated()
    assert err.value.message == "An LLM needs an engine" and "--engine" in err.value.hint_for("cli")


def test_build_family_type_any_case(tmp_path: Path) -> None:
    assert build_family("EMBEDDING", "e", tmp_path)["model_name"] == "e"
    with pytest.raises(InvalidInput, match="Unknown model type 'image'"):
        build_family("image", "e", tmp_path)
    with pytest.raises(InvalidInput, match="A custom LLM needs a model family"):
        build_family("llm", "c", tmp_path)


# -- which local server a plain command talks to --------------------------------------------------------------------

@pytest.fixture
def app_started() -> Iterator[Callable[[int], None]]:
    """Write PID-file records as ``server start`` does, for a stand-in process (never this test process: the
    session teardown stops what the records name)."""
    from app.core.server.pidfile import ServerRecord, remove_record, write_record

    sleepers: list[subprocess.Popen[bytes]] = []
    ports: list[int] = []

    def record(port: int) -> None:
        sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
        sleepers.append(sleeper)
        ports.append(port)
        proc = psutil.Process(sleeper.pid)
        write_record(ServerRecord(pid=proc.pid, create_time=proc.create_time(), host="127.0.0.1", port=port,
                                  home="", endpoint=f"http://127.0.0.1:{port}", started_at=time.time()))

    yield record
    for port in ports:
        remove_record(port)
    for sleeper in sleepers:
        sleeper.kill()
        sleeper.wait()


def _ctx_with_profile_port(port: int) -> CliContext:
    settings = Settings.load()
    settings.profile.server.port = port
    return CliContext(settings=settings)


def test_default_is_the_server_the_app_started_while_the_profile_port_is_free(
    app_started: Callable[[int], None],
) -> None:
    profile_port, started_port = free_port(), free_port()
    assert _ctx_with_profile_port(profile_port).endpoint() == f"http://127.0.0.1:{profile_port}"
    app_started(started_port)
    ctx = _ctx_with_profile_port(profile_port)
    assert ctx.local_port() == started_port
    assert ctx.endpoint() == f"http://127.0.0.1:{started_port}"
    assert ctx.endpoint(profile_port) == f"http://127.0.0.1:{profile_port}"  # --port wins


def test_profile_port_wins_when_something_answers_there(app_started: Callable[[int], None]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        profile_port = s.getsockname()[1]
        app_started(free_port())
        assert _ctx_with_profile_port(profile_port).local_port() == profile_port


def test_two_app_started_servers_leave_the_profile_port(app_started: Callable[[int], None]) -> None:
    profile_port = free_port()
    app_started(free_port())
    app_started(free_port())
    assert _ctx_with_profile_port(profile_port).local_port() == profile_port
