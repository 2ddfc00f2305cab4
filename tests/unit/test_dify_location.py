"""Where Dify runs: predictions from this machine's real listening sockets, and the docker exec probe."""

from __future__ import annotations

import http.server
import os
import socket
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.dify import location as loc
from app.core.dify.container_probe import probe_from_container
from app.core.dify.network import DifyNetwork
from app.core.dify.validation import emulate
from tests.support.fake_http import FakeHttp, serve


@pytest.fixture
def loopback_listener() -> Iterator[int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


@pytest.fixture
def wildcard_listener() -> Iterator[int]:
    with socket.socket() as s:
        s.bind(("0.0.0.0", 0))
        s.listen()
        yield s.getsockname()[1]


def test_listening_addresses_see_the_real_socket(loopback_listener: int) -> None:
    assert loc.listening_addresses(loopback_listener) == ("127.0.0.1",)


def test_loopback_url_never_reaches_a_container(wildcard_listener: int) -> None:
    for where in ("docker-linux", "docker-desktop", "remote"):
        reach = loc.predict_blocking(where, f"http://localhost:{wildcard_listener}", host_address="10.0.0.9")
        assert reach.reachable is False
        assert reach.fix


def test_bridge_address_refused_while_server_listens_on_loopback(loopback_listener: int) -> None:
    reach = loc.predict_blocking("docker-linux", f"http://10.0.0.9:{loopback_listener}", host_address="10.0.0.9")
    assert reach.reachable is False
    assert reach.server_loopback_only
    assert "0.0.0.0" in reach.fix
    assert reach.suggested_url == f"http://10.0.0.9:{loopback_listener}"


def test_bridge_address_reached_when_server_listens_everywhere(wildcard_listener: int) -> None:
    reach = loc.predict_blocking("docker-linux", f"http://10.0.0.9:{wildcard_listener}", host_address="10.0.0.9")
    assert reach.reachable is True


def test_docker_desktop_name_is_forwarded(loopback_listener: int) -> None:
    reach = loc.predict_blocking("docker-desktop", f"http://host.docker.internal:{loopback_listener}")
    assert reach.reachable is True


def test_docker_desktop_name_does_not_resolve_on_linux(wildcard_listener: int) -> None:
    """Dify's docker-compose (plugin_daemon) has no extra_hosts: on Linux the name is unknown in its container."""
    reach = loc.predict_blocking("docker-linux", f"http://host.docker.internal:{wildcard_listener}",
                                 host_address="10.0.0.9")
    assert reach.reachable is False and reach.blocked == "unresolved"
    assert reach.suggested_url == f"http://10.0.0.9:{wildcard_listener}"
    assert "extra_hosts" in reach.cause


async def test_predict_runs_off_the_loop(loopback_listener: int) -> None:
    reach = await loc.predict("docker-linux", f"http://10.0.0.9:{loopback_listener}", host_address="10.0.0.9")
    assert reach.reachable is False and reach.blocked == "refused"


LLM = '{"model_type": "LLM", "model_ability": ["chat"], "model_name": "tiny-chat"}'


async def test_requests_resolve_names_as_docker_desktop_does() -> None:
    """host.docker.internal reaches this machine's loopback from Docker Desktop's containers: Dify's requests,
    re-enacted through that network, reach a server on 127.0.0.1 (and keep the name in the Host header)."""
    async with serve(FakeHttp({"/v1/models/m": (200, LLM)})) as fake:
        url = f"http://host.docker.internal:{fake.port}"
        there = await emulate("llm", url, "m", None, transport=DifyNetwork(loc.container_hosts("docker-desktop")))
    assert there.accepted, there.error
    assert fake.requests == ["GET /v1/models/m HTTP/1.1"]


async def test_unresolved_name_fails_as_dns_does_in_the_container() -> None:
    result = await emulate("llm", "http://host.docker.internal:9997", "m", None,
                           transport=DifyNetwork(unresolved=frozenset({"host.docker.internal"})))
    assert "Failed to resolve 'host.docker.internal' ([Errno -2] Name or service not known)" in result.error


def test_same_host_is_not_predicted() -> None:
    assert loc.predict_blocking("same-host", "http://127.0.0.1:1").reachable is True


def test_foreign_address_cannot_be_told() -> None:
    assert loc.predict_blocking("remote", "http://192.0.2.200:9997").reachable is None


class _Ok(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_docker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `docker` CLI that lists a plugin daemon container and runs `exec` commands right here (a stand-in for a
    daemon this machine does not have; the probe's own shell/python command runs for real)."""
    script = tmp_path / "docker"
    script.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = ps ]; then printf "docker-plugin_daemon-1\\tlanggenius/dify-plugin-daemon:0.1.0-local\\n"; '
        "exit 0; fi\n"
        'if [ "$1" = exec ]; then shift 2; exec "$@"; fi\n'
        "exit 1\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    return script


async def test_probe_from_container_reaches_a_server(fake_docker: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = await probe_from_container(f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
    assert result is not None
    assert result.container == "docker-plugin_daemon-1"
    assert result.reachable, result.output


async def test_probe_from_container_reports_refusal(fake_docker: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = await probe_from_container(f"http://127.0.0.1:{port}")
    assert result is not None and not result.reachable
    assert "refused" in result.output.lower()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("where", ["docker-linux", "docker-desktop"])
def test_nothing_listening_is_never_called_reachable(where: str) -> None:
    """Issue 14.6: with nothing on the port, the check said both "Nothing answers on port 9997" and "the server
    accepts connections on …:9997". Reachable is said only after a connection to that address succeeded."""
    port = _free_port()
    host = "10.0.0.9" if where == "docker-linux" else "host.docker.internal"
    reach = loc.predict_blocking(where, f"http://{host}:{port}", host_address="10.0.0.9")
    assert reach.reachable is False and reach.blocked == "refused"
    assert "the server accepts connections" not in reach.detail and "nothing accepts" in reach.detail.lower()
    assert f":{port}" in reach.cause


def test_reachable_names_the_connection_it_made(wildcard_listener: int) -> None:
    reach = loc.predict_blocking("docker-linux", f"http://10.0.0.9:{wildcard_listener}", host_address="10.0.0.9")
    assert reach.reachable is True and "connected to" in reach.detail.lower()
