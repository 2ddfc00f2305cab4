"""A settings file cut off mid-write, filled with garbage, half wrong, or written by a newer version: the app
starts, says what it set aside, keeps the file beside the new one, and loses nothing else (secrets, PID files,
the other settings and sets)."""

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.models.launch import LaunchRequest
from app.core.models.sets import ModelSet, list_sets, store_set
from app.core.secrets import SecretStore
from app.core.settings import SETTINGS_VERSION, Settings, load_or_set_aside


def _saved() -> str:
    """A real settings file: a second profile, a model set, a few preferences."""
    s = Settings()
    s.profile.server.port = 9123
    s.auto_restart = True
    s.ui["dify"] = {"server_url": "http://x:1"}
    store_set(s.profile, ModelSet("rag", (LaunchRequest("tiny-embed", "embedding", model_uid="emb"),)))
    s.save()
    return Settings.path().read_text(encoding="utf-8")


def _aside(kind: str) -> list[Path]:
    return sorted(Settings.path().parent.glob(f"settings.json.{kind}-*"))


@pytest.mark.parametrize("damage", ["cut", "garbage", "binary", "not-an-object"])
def test_an_unreadable_file_is_set_aside_and_the_app_starts_from_defaults(damage: str, caplog) -> None:  # type: ignore[no-untyped-def]
    text = _saved()
    SecretStore().set("api_key", "xf-kept")
    damaged = {"cut": text[: len(text) // 2], "garbage": "\x00\x01 not settings {{{", "binary": "\udcff",
               "not-an-object": "[1, 2, 3]"}[damage]
    Settings.path().write_bytes(damaged.encode("utf-8", errors="surrogateescape"))
    with caplog.at_level(logging.WARNING):
        settings, notice = load_or_set_aside(Settings.path())
    assert settings.profile.server.port == 9997  # defaults
    [kept] = _aside("damaged")
    assert kept.read_bytes() == damaged.encode("utf-8", errors="surrogateescape")  # nothing of it is lost
    assert "could not be read" in notice and str(kept) in notice and "default settings" in notice
    assert notice in caplog.text  # the log view (and the CLI's stderr) show it
    assert not Settings.path().exists()  # the next save writes a fresh one beside the damaged copy
    assert SecretStore().get("api_key") == "xf-kept"  # the secrets are another file: untouched


def test_values_of_the_wrong_type_are_reset_one_by_one_and_the_rest_is_kept() -> None:
    data = json.loads(_saved())
    data["auto_restart_max"] = "three"
    data["profiles"][0]["server"]["port"] = True  # JSON true is no port
    data["profiles"][0]["server"]["extra_env"] = {"A": 1}
    data["profiles"][0]["model_sets"].append("garbage")  # one damaged set costs no other
    Settings.path().write_text(json.dumps(data))
    settings, notice = load_or_set_aside(Settings.path())
    assert settings.auto_restart is True and settings.ui["dify"] == {"server_url": "http://x:1"}
    assert settings.auto_restart_max == 3 and settings.profile.server.port == 9997
    assert [s.name for s in list_sets(settings.profile)] == ["rag"]
    assert "auto_restart_max" in notice and "profiles[0].server.port" in notice
    assert "profiles[0].server.extra_env" in notice
    [kept] = _aside("damaged")
    assert json.loads(kept.read_text()) == data  # the file as it was, for whatever was reset
    assert Settings.path().exists()


def test_a_file_from_a_newer_version_is_read_as_far_as_understood_and_copied() -> None:
    data = json.loads(_saved())
    data["version"] = SETTINGS_VERSION + 1
    data["a_future_setting"] = {"x": 1}
    Settings.path().write_text(json.dumps(data))
    settings, notice = load_or_set_aside(Settings.path())
    assert settings.profile.server.port == 9123 and settings.auto_restart is True
    assert [s.name for s in list_sets(settings.profile)] == ["rag"]
    assert "newer version" in notice
    [copy] = _aside("newer")
    assert json.loads(copy.read_text())["a_future_setting"] == {"x": 1}
    settings.save()
    assert json.loads(Settings.path().read_text())["version"] == SETTINGS_VERSION


def test_a_sound_file_says_nothing_and_sets_nothing_aside() -> None:
    _saved()
    settings, notice = load_or_set_aside(Settings.path())
    assert notice == "" and settings.profile.server.port == 9123
    assert not _aside("damaged") and not _aside("newer")


def test_the_cli_starts_on_a_damaged_file_and_says_so(isolated_app_home: Path) -> None:
    Settings.path().write_text('{"profiles": [{"name": "Local server", "server": {"port": 91')
    r = subprocess.run([sys.executable, "-m", "app", "server", "status"], capture_output=True, text=True, timeout=60)
    assert "Traceback" not in r.stderr
    assert "could not be read" in r.stderr and "settings.json.damaged-" in r.stderr
    assert _aside("damaged")
