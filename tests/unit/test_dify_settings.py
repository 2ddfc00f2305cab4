"""One source of truth for Dify: model types, "is this host loopback", the URL Dify uses from each location, and
the settings block every front-end prints (the Running page, the Dify page's report, the CLI)."""

from __future__ import annotations

import pytest

from app.core.api.types import RunningModel
from app.core.dify import (
    DOCKER_LINUX_ADVICE,
    DifyCheckRequest,
    DifyReport,
    dify_settings_block,
    dify_type_for,
    dify_type_of_model,
    dify_url,
    is_loopback,
    server_url_for_dify,
)
from app.core.dify.validation import Emulation


@pytest.mark.parametrize(
    ("xinference_type", "abilities", "dify_type"),
    [("LLM", ("chat",), "llm"), ("embedding", (), "text-embedding"), ("rerank", (), "rerank"),
     ("audio", ("audio2text",), "speech2text"), ("audio", ("text2audio",), "tts"), ("image", (), None)],
)
def test_xinference_type_maps_to_dify_type(xinference_type: str, abilities: tuple[str, ...],
                                           dify_type: str | None) -> None:
    assert dify_type_of_model(xinference_type, abilities) == dify_type
    if dify_type is not None:
        assert dify_type_for(xinference_type, abilities) == dify_type


def test_type_read_from_keys_labels_and_xinference_names() -> None:
    assert dify_type_for("Text Embedding") == dify_type_for("text_embedding") == "text-embedding"
    with pytest.raises(ValueError, match="unknown model type"):
        dify_type_for("chat")


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "::ffff:127.0.0.1", "localhost",
                                  "LOCALHOST.", "dify.localhost"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "host.docker.internal", "localhost.example.com",
                                  "10.0.0.1", "::"])
def test_not_loopback_hosts(host: str) -> None:
    assert not is_loopback(host)


def test_url_per_location() -> None:
    assert dify_url("same-host", 9997) == "http://127.0.0.1:9997"
    assert dify_url("docker-desktop", 9997) == "http://host.docker.internal:9997"
    # Dify's docker-compose gives plugin_daemon no host.docker.internal on Linux: the bridge/LAN address instead.
    assert dify_url("docker-linux", 9997, "172.17.0.1") == "http://172.17.0.1:9997"
    assert dify_url("remote", 9997, "fd00::5") == "http://[fd00::5]:9997"


def test_server_elsewhere_keeps_its_address() -> None:
    assert server_url_for_dify("http://192.0.2.5:9997/", "docker-linux") == "http://192.0.2.5:9997"
    assert server_url_for_dify("http://127.0.0.1:9997", "docker-desktop") == "http://host.docker.internal:9997"


def test_block_uses_client_uid_and_docker_linux_advice() -> None:
    model = RunningModel(uid="tiny-embed-1", model_name="tiny-embed", model_type="embedding")
    block = dify_settings_block(model, "http://127.0.0.1:9997", login_on=True, location="docker-linux",
                                host_address="172.17.0.1")
    assert "Model Type: Text Embedding\n" in block
    assert "Model uid: tiny-embed-1\n" in block and "-rep0" not in block
    assert "Server url: http://172.17.0.1:9997\n" in block
    assert "login is on" in block and DOCKER_LINUX_ADVICE in block
    unknown = dify_settings_block(model, "http://127.0.0.1:9997", login_on=False)
    assert "Server url: http://127.0.0.1:9997\n" in unknown
    assert "host.docker.internal:9997" in unknown and DOCKER_LINUX_ADVICE in unknown


def test_check_report_and_running_block_agree() -> None:
    """The Dify page's "Copy Dify settings" and the Running page's block are the same function's output."""
    model = RunningModel(uid="m1", model_name="tiny-chat", model_type="LLM", abilities=("chat",))
    running = dify_settings_block(model, "http://127.0.0.1:9997", login_on=False, location="docker-desktop")
    req = DifyCheckRequest("http://host.docker.internal:9997", "m1", "llm", location="docker-desktop",
                           model_name="tiny-chat")
    report = DifyReport(req, (), True, "", "", "", 0.0, Emulation(True), login_on=False)
    assert report.dify_settings() == running


@pytest.mark.parametrize("location", ["same-host", "docker-desktop", "docker-linux", "remote"])
def test_every_dify_url_of_this_server_maps_back_to_its_endpoint(location: str) -> None:
    """Issue 14.7: the API key is kept under the app's endpoint; the Dify page is given the URL as Dify writes it
    (host.docker.internal, the LAN address). One function maps every such URL back to the endpoint."""
    from app.core.dify import app_endpoint_for

    endpoint = "http://127.0.0.1:18100"
    url = server_url_for_dify(endpoint, location, "192.0.2.7")
    assert app_endpoint_for(url, endpoint, "192.0.2.7") == endpoint
    assert app_endpoint_for(url.replace("18100", "9997"), endpoint, "192.0.2.7") is None  # another port
    assert app_endpoint_for("http://gpu-box.example:18100", endpoint, "192.0.2.7") is None  # another machine


def test_a_remote_server_maps_to_itself() -> None:
    from app.core.dify import app_endpoint_for

    assert app_endpoint_for("http://gpu-box.example:9997/", "http://gpu-box.example:9997") == \
        "http://gpu-box.example:9997"
