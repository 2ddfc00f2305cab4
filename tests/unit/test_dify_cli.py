"""``dify-check`` exit codes: 2 for bad arguments, 1 when Dify would refuse (here: before any request)."""

from __future__ import annotations

import json

import pytest

from app.cli import main


def test_bad_model_type_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dify-check", "--url", "http://127.0.0.1:9997", "--uid", "m", "--model-type", "chat"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_missing_uid_is_exit_2() -> None:
    assert main(["dify-check", "--url", "http://127.0.0.1:9997"]) == 2


def test_refused_uid_is_exit_1_with_every_step_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    """helper.py:156 via llm.py:129: a UID with '/' is refused before any request."""
    code = main(["dify-check", "--url", "http://127.0.0.1:9", "--uid", "org/model", "--json", "--api-key", "xf-s3"])
    out = capsys.readouterr().out
    report = json.loads(out)
    assert code == 1
    assert report["accepted"] is False
    assert report["dify_error"] == "model_uid should not contain /, ?, or #"
    assert [s["key"] for s in report["steps"]][0] == "inputs"
    assert report["request"]["api_key_given"] is True
    assert "xf-s3" not in out


@pytest.mark.parametrize(
    ("url", "message"),
    [("http://127.0.0.1:99999", "error: Server URL 'http://127.0.0.1:99999': port 99999 is out of range (Use a "
                                "port between 1 and 65535.)\n"),
     ("http://[::1:9997", "error: Server URL 'http://[::1:9997' is not valid: an IPv6 address's '[' is not closed "
                          "(Write it as http://HOST:PORT, e.g. http://127.0.0.1:9997 or http://[::1]:9997.)\n")],
)
def test_malformed_url_is_one_line_and_exit_2(url: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Defect 2: a port out of range or an unclosed IPv6 bracket ended in a traceback."""
    assert main(["dify-check", "--url", url, "--uid", "m", "--no-docker-probe"]) == 2
    captured = capsys.readouterr()
    assert captured.err == message and captured.out == ""
