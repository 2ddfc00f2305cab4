"""Where the server listens for Dify at each location, per platform; the profile remembers the answer; the URL in
the copied settings follows it."""

from __future__ import annotations

import pytest

from app.core.api.types import RunningModel
from app.core.catalog import size_label
from app.core.dify import (
    LOCATIONS,
    BindChange,
    bind_change_for,
    bind_host_for,
    bind_reaches,
    dify_settings_block,
    known_location,
    login_required_for,
)
from app.core.settings import Profile, Settings
from app.ui.dialogs.launch_text import stage_text


@pytest.mark.parametrize(
    ("location", "platform", "lan", "host"),
    [
        ("same-host", "linux", None, "127.0.0.1"),
        ("same-host", "win32", "192.168.1.20", "127.0.0.1"),
        # Docker Desktop forwards host.docker.internal to the loopback: no need to open the server to the network.
        ("docker-desktop", "darwin", None, "127.0.0.1"),
        ("docker-desktop", "win32", "192.168.1.20", "127.0.0.1"),
        ("docker-linux", "linux", None, "0.0.0.0"),
        ("remote", "linux", "192.168.1.20", "0.0.0.0"),
        ("remote", "darwin", None, "0.0.0.0"),
        # xinference-local -H 0.0.0.0 fails on Windows: the machine's address instead.
        ("remote", "win32", "192.168.1.20", "192.168.1.20"),
        ("docker-linux", "win32", "10.0.0.5", "10.0.0.5"),
        ("remote", "win32", None, "127.0.0.1"),  # no address found: stays local (bind_reaches says it is not enough)
        ("remote", "win32", "127.0.0.1", "127.0.0.1"),
        (None, "linux", None, "127.0.0.1"),
    ],
)
def test_bind_host_for(location: str | None, platform: str, lan: str | None, host: str) -> None:
    assert bind_host_for(location, platform, lan) == host


def test_login_required_only_where_the_network_reaches_the_server() -> None:
    assert [loc for loc in LOCATIONS if login_required_for(loc)] == ["docker-linux", "remote"]
    assert not login_required_for(None)


def test_bind_reaches_and_the_change_needed() -> None:
    assert bind_reaches("docker-desktop", "127.0.0.1") and bind_reaches("same-host", "127.0.0.1")
    assert not bind_reaches("docker-linux", "127.0.0.1") and not bind_reaches("remote", "localhost")
    assert bind_reaches("docker-linux", "0.0.0.0") and bind_reaches("remote", "192.168.1.20")
    assert bind_change_for("docker-linux", "127.0.0.1", login_on=False, platform="linux") == BindChange("0.0.0.0",
                                                                                                         True)
    assert bind_change_for("docker-linux", "0.0.0.0", login_on=True, platform="linux") == BindChange()
    assert not bind_change_for("docker-desktop", "127.0.0.1", login_on=False).needed
    assert bind_change_for("remote", "192.168.1.20", login_on=False, platform="win32") == BindChange(None, True)
    assert bind_change_for("remote", "127.0.0.1", login_on=True, platform="win32",
                           lan_address="192.168.1.20") == BindChange("192.168.1.20", None)


def test_profile_remembers_the_answer_per_profile() -> None:
    settings = Settings(profiles=[Profile(name="a"), Profile(name="b")], current="a")
    assert settings.profile.dify_location is None  # not asked yet
    settings.profile.dify_location = "docker-linux"
    settings.current = "b"
    settings.profile.dify_location = ""  # "I don't use Dify": asked, and not again
    settings.save()
    loaded = Settings.load()
    assert [(p.name, p.dify_location) for p in loaded.profiles] == [("a", "docker-linux"), ("b", "")]
    assert known_location("") is None and known_location("mars") is None and known_location("remote") == "remote"


def test_copied_settings_follow_the_location() -> None:
    model = RunningModel(uid="chat-1", model_name="tiny-chat", model_type="LLM", abilities=("chat",))
    url = {loc: next(line for line in dify_settings_block(model, "http://127.0.0.1:9997", True, loc,
                                                          host_address="192.168.1.20").splitlines()
                     if line.startswith("Server url:")) for loc in LOCATIONS}
    assert url == {"same-host": "Server url: http://127.0.0.1:9997",
                   "docker-desktop": "Server url: http://host.docker.internal:9997",
                   "docker-linux": "Server url: http://192.168.1.20:9997",
                   "remote": "Server url: http://192.168.1.20:9997"}


def test_launch_dialog_words_sizes_and_stages_once() -> None:
    assert [size_label(v) for v in ("0_1", "0_5", "7", "1.8", "")] == ["0.1B", "0.5B", "7B", "1.8B", ""]
    assert stage_text("loading", "Loading model") == "Loading model"
    assert stage_text("downloading", "42 MB of 88 MB") == "downloading 42 MB of 88 MB"
    assert stage_text("creating", "") == "creating"
