"""Inputs are validated before anything starts, each with a message a person can act on."""

import os
import socket
from pathlib import Path

import pytest

from app.core.errors import InvalidInput, PortBusy
from app.core.server.engine import Engine
from app.core.server.options import build_command, build_env, ensure_port_free, port_is_free, validate_options
from app.core.settings import ServerOptions


def test_defaults_are_valid() -> None:
    validate_options(ServerOptions())


@pytest.mark.parametrize("port", [0, 70000, -1])
def test_port_out_of_range(port: int) -> None:
    with pytest.raises(InvalidInput, match="out of range"):
        validate_options(ServerOptions(port=port))


def test_host_that_is_not_this_machine() -> None:
    with pytest.raises(InvalidInput, match="not an address of this machine"):
        validate_options(ServerOptions(host="192.0.2.55"))  # TEST-NET-1: never assigned to a real machine


def test_host_that_does_not_resolve() -> None:
    with pytest.raises(InvalidInput, match="does not resolve"):
        validate_options(ServerOptions(host="no-such-host.invalid"))


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0", "localhost", "::"])
def test_local_hosts_are_fine(host: str) -> None:
    validate_options(ServerOptions(host=host))


def test_unwritable_home(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InvalidInput, match="not writable"):
        validate_options(ServerOptions(home=str(blocker / "sub")))


def test_read_only_home(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        if os.access(ro, os.W_OK):  # root ignores permissions: use a path under a file instead
            ro = Path("/proc/xim-not-writable")
        with pytest.raises(InvalidInput, match="not writable"):
            validate_options(ServerOptions(home=str(ro)))
    finally:
        (tmp_path / "ro").chmod(0o700)


def test_bad_env_name_and_log_level() -> None:
    with pytest.raises(InvalidInput, match="environment variable"):
        validate_options(ServerOptions(extra_env={"1BAD": "x"}))
    with pytest.raises(InvalidInput, match="log level"):
        validate_options(ServerOptions(log_level="LOUD"))


def test_busy_port_names_the_port() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert not port_is_free("127.0.0.1", port)
        assert not port_is_free("0.0.0.0", port)
        with pytest.raises(PortBusy) as err:
            ensure_port_free(ServerOptions(port=port))
        assert str(port) in err.value.message


def test_command_and_environment() -> None:
    engine = Engine("PATH", ("/x/xinference-local",), None)
    opts = ServerOptions(host="0.0.0.0", port=9999, home="/tmp/h", auth_enabled=False, extra_env={"K": "V"})
    assert build_command(engine, opts) == ["/x/xinference-local", "-H", "0.0.0.0", "-p", "9999", "--log-level",
                                           "INFO"]
    env = build_env(opts)
    assert env["XINFERENCE_HOME"] == "/tmp/h"
    assert env["XINFERENCE_AUTH_ADVANCED"] == "0"
    assert env["K"] == "V"
    assert "XINFERENCE_AUTH_ADVANCED" not in build_env(ServerOptions(auth_enabled=True))
    assert opts.endpoint == "http://127.0.0.1:9999"
