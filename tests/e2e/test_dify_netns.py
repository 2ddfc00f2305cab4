"""Dify's container simulated for real: the app's ``docker-linux`` prediction, made on this machine, must equal what
the same check sees when run from inside a network namespace wired like Docker's bridge (tests/support/netns.py).

Inside the namespace the check runs as ``--dify-location same-host``: there, nothing is predicted, the requests are
simply sent, as Dify's plugin daemon would send them from its container.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import harness, netns
from tests.support.harness import RunningServer


@pytest.fixture(scope="module")
def namespace() -> Iterator[netns.Namespace]:
    why = netns.available()
    assert why is None, f"cannot simulate Dify's container: {why}"
    with netns.bridge_namespace() as ns:
        yield ns


@pytest.fixture(scope="module")
def open_server(engine_venv: Path, test_models: dict[str, Path], server_workdir: Path) -> Iterator[RunningServer]:
    """A real server bound to 0.0.0.0 (login off, as many users run it) with the chat model."""
    server = harness.start_server(engine_venv, server_workdir, host="0.0.0.0", auth=False)
    try:
        harness.register_test_models(server, test_models)
        harness.launch_test_models(server, which=("LLM",))
        yield server
    finally:
        server.stop()


def dify_check(url: str, uid: str, *extra: str, prefix: tuple[str, ...] = ()) -> dict[str, Any]:
    argv = [*prefix, sys.executable, "-m", "app", "dify-check", "--url", url, "--uid", uid, "--json",
            "--no-docker-probe", *extra]
    done = subprocess.run(argv, cwd=harness.REPO, capture_output=True, text=True, timeout=180)
    assert done.returncode in (0, 1), done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    assert done.returncode == (0 if report["accepted"] else 1)
    return report


def prediction_and_reality(ns: netns.Namespace, url: str, uid: str) -> tuple[dict[str, Any], dict[str, Any]]:
    predicted = dify_check(url, uid, "--dify-location", "docker-linux", "--host-address", ns.host_address)
    seen = dify_check(url, uid, "--dify-location", "same-host", prefix=tuple(ns.exec_argv()))
    return predicted, seen


def test_loopback_url_fails_from_the_container(namespace: netns.Namespace, xinf_server: RunningServer) -> None:
    """helper.py:102: from the namespace, 127.0.0.1 is its own loopback, where nothing listens: refused."""
    predicted, seen = prediction_and_reality(namespace, xinf_server.endpoint, xinf_server.uids["LLM"])
    assert seen["accepted"] is False
    assert "[Errno 111] Connection refused" in seen["dify_error"]
    assert predicted["accepted"] == seen["accepted"]
    assert predicted["dify_error"] == seen["dify_error"]


def test_loopback_bound_server_at_bridge_address(namespace: netns.Namespace, xinf_server: RunningServer) -> None:
    """A server bound to 127.0.0.1, asked for at the bridge address: the host answers RST, Dify gets refused."""
    url = f"http://{namespace.host_address}:{xinf_server.port}"
    predicted, seen = prediction_and_reality(namespace, url, xinf_server.uids["LLM"])
    assert seen["accepted"] is False
    assert predicted["accepted"] == seen["accepted"]
    assert predicted["dify_error"] == seen["dify_error"]
    location = next(s for s in predicted["steps"] if s["key"] == "location")
    assert location["status"] == "fail" and "127.0.0.1" in location["detail"]


def test_open_server_at_bridge_address(namespace: netns.Namespace, open_server: RunningServer) -> None:
    """A server bound to 0.0.0.0 at the bridge address: llm.py's whole validation passes from the container."""
    url = f"http://{namespace.host_address}:{open_server.port}"
    predicted, seen = prediction_and_reality(namespace, url, open_server.uids["LLM"])
    assert seen["accepted"] is True, seen["verdict"]
    assert predicted["accepted"] is True, predicted["verdict"]
    location = next(s for s in predicted["steps"] if s["key"] == "location")
    assert location["status"] == "ok"
