"""Inputs are validated before anything starts, each with a message a person can act on."""

import os
import socket
from pathlib import Path

import pytest

from app.core.errors import InvalidInput, PortBusy
from app.core.server.engine import Engine
from app.core.server.options import build_command, build_env, ensure_port_free, port_is_free, validate_options
from app.core.settings import ServerOptions


async def test_defaults_are_valid() -> None:
    await validate_options(ServerOptions())


@pytest.mark.parametrize("port", [0, 70000, -1])
async def test_port_out_of_range(port: int) -> None:
    with pytest.raises(InvalidInput, match="out of range"):
        await validate_options(ServerOptions(port=port))


async def test_host_that_is_not_this_machine() -> None:
    with pytest.raises(InvalidInput, match="not an address of this machine"):
        await validate_options(ServerOptions(host="192.0.2.55"))  # TEST-NET-1: never assigned to a real machine


async def test_host_that_does_not_resolve() -> None:
    with pytest.raises(InvalidInput, match="does not resolve"):
        await validate_options(ServerOptions(host="no-such-host.invalid"))


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0", "localhost", "::"])
async def test_local_hosts_are_fine(host: str) -> None:
    await validate_options(ServerOptions(host=host))


async def test_unwritable_home(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InvalidInput, match="not writable"):
        await validate_options(ServerOptions(home=str(blocker / "sub")))


async def test_read_only_home(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        if os.access(ro, os.W_OK):  # root ignores permissions: use a path under a file instead
            ro = Path("/proc/xim-not-writable")
        with pytest.raises(InvalidInput, match="not writable"):
            await validate_options(ServerOptions(home=str(ro)))
    finally:
        (tmp_path / "ro").chmod(0o700)


async def test_bad_env_name_and_log_level() -> None:
    with pytest.raises(InvalidInput, match="environment variable"):
        await validate_options(ServerOptions(extra_env={"1BAD": "x"}))
    with pytest.raises(InvalidInput, match="log level"):
        await validate_options(ServerOptions(log_level="LOUD"))


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


async def test_host_lookup_runs_off_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow DNS server must not freeze the window: the loop keeps ticking while a host name resolves."""
    import asyncio
    import threading
    import time

    loop_thread = threading.current_thread()
    lookups: list[threading.Thread] = []

    def slow_getaddrinfo(host: str, *_a: object, **_k: object) -> list[tuple[object, ...]]:
        lookups.append(threading.current_thread())
        time.sleep(0.6)  # a resolver that takes its time
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 0))]

    monkeypatch.setattr(socket, "getaddrinfo", slow_getaddrinfo)
    gaps: list[float] = []

    async def ticker() -> None:
        last = time.monotonic()
        while True:
            await asyncio.sleep(0.02)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    tick = asyncio.create_task(ticker())
    await validate_options(ServerOptions(host="my-machine.example"))
    tick.cancel()
    assert lookups and lookups[0] is not loop_thread
    assert max(gaps) < 0.25, f"the loop stalled for {max(gaps):.2f} s"


async def test_bracketed_or_spaced_host_names_the_host_field() -> None:
    from app.core.server.options import OptionInvalid

    for host in ("[::1", "[::1]", "127.0.0.1 x"):
        with pytest.raises(OptionInvalid) as info:
            await validate_options(ServerOptions(host=host))
        assert info.value.field == "host"


def test_check_port_takes_typed_text() -> None:
    from app.core.server.options import OptionInvalid, check_port

    assert check_port("9997") == 9997
    for text, words in (("99999", "out of range"), ("0", "out of range"), ("", "Enter a port"),
                        ("97a", "not a number")):
        with pytest.raises(OptionInvalid, match=words):
            check_port(text)


class _RecordingSocket:
    """Stands in for the probe socket: records the options set on it, binds as if the port were free."""

    def __init__(self, *_args: object) -> None:
        self.options: list[tuple[int, int, int]] = []

    def __enter__(self) -> "_RecordingSocket":
        return self

    def __exit__(self, *_exc: object) -> None:
        return None

    def setsockopt(self, level: int, option: int, value: int) -> None:
        self.options.append((level, option, value))

    def bind(self, _address: object) -> None:
        return None


@pytest.mark.parametrize("platform", ["win32", "linux", "darwin"])
def test_busy_port_probe_binds_as_exclusively_as_the_platform_needs(
    platform: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows SO_REUSEADDR lets a bind share a port someone listens on (a busy port would look free): the probe
    asks for SO_EXCLUSIVEADDRUSE there and never SO_REUSEADDR; elsewhere SO_REUSEADDR only passes TIME_WAIT."""
    import socket
    import sys

    exclusive = getattr(socket, "SO_EXCLUSIVEADDRUSE", -5)  # Windows-only name: a stand-in value elsewhere
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(socket, "SO_EXCLUSIVEADDRUSE", exclusive, raising=False)
    made: list[_RecordingSocket] = []
    monkeypatch.setattr(socket, "socket", lambda *a: made.append(_RecordingSocket(*a)) or made[-1])
    assert port_is_free("127.0.0.1", 18123)
    options = [opt for s in made for _level, opt, _value in s.options]
    if platform == "win32":
        assert options == [exclusive]
    else:
        assert options == [socket.SO_REUSEADDR]
