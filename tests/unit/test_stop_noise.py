"""A stop we asked for: the ServerClosed traceback Xinference logs for a request that arrived while it shut down is
passed on as the stop's expected noise (dimmed in the window), with one line that says so; the rest is unchanged."""

from __future__ import annotations

import pytest

from app.core.server.stop_noise import EXPLANATION, STREAM, StopNoise

SITE = "/venv/lib/python3.11/site-packages"
# Xinference 4.1's stderr for SIGTERM while /status was polled (captured on this machine, paths shortened).
STOPPING = f"""\
2026-12-05T21:07:58.995Z INFO uvicorn.error pid:22038 role:local address:127.0.0.1:27281 node:vm Application startup complete.
2026-12-05T21:07:59.557Z ERROR xinference.api.routers.admin pid:22038 role:local address:127.0.0.1:27281 node:vm Remote server 127.0.0.1:27281 closed: 0 bytes read on a total of 11 expected bytes
Traceback (most recent call last):
  File "{SITE}/xinference/api/routers/admin.py", line 43, in get_status
    data = await supervisor_ref.get_status()
           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "{SITE}/xoscar/backends/core.py", line 105, in _listen
    raise ServerClosed(
xoscar.errors.ServerClosed: Remote server 127.0.0.1:27281 closed: 0 bytes read on a total of 11 expected bytes
2026-12-05T21:07:59.638Z INFO uvicorn.error pid:22038 role:local address:127.0.0.1:27281 node:vm Shutting down
2026-12-05T21:07:59.743Z ERROR xinference.core.worker pid:22038 role:local address:127.0.0.1:27281 node:vm Remote server 127.0.0.1:27281 closed: 0 bytes read on a total of 11 expected bytes
2026-12-05T21:07:59.744Z ERROR xinference.core.worker pid:22038 role:local address:127.0.0.1:27281 node:vm Model qwen failed: out of memory
""".splitlines()  # noqa: E501


def test_the_server_closed_traceback_is_the_noise_and_said_once() -> None:
    noise = StopNoise()
    passed = [pair for line in STOPPING for pair in noise.read("stderr", line)]
    streams = [s for s, _ in passed]
    texts = [t for _, t in passed]
    # The explanation comes once, just before the first noise record.
    assert texts.count(EXPLANATION) == 1 and texts.index(EXPLANATION) == 1 and streams[1] == "app"
    dimmed = [t for s, t in passed if s == STREAM]
    assert dimmed[0].endswith("expected bytes") and "Traceback (most recent call last):" in dimmed
    assert any(t.startswith("xoscar.errors.ServerClosed") for t in dimmed)
    assert len(dimmed) == 9  # the ERROR record, its 7 traceback lines, and the second ServerClosed record
    # Normal lines and an error that is not the stop's noise stay as they were.
    assert ("stderr", STOPPING[0]) in passed and ("stderr", STOPPING[9]) in passed
    assert passed[-1] == ("stderr", STOPPING[-1])


FAKE_SERVER = f"""
import signal, sys, time
LINES = {STOPPING[1:9]!r}
def on_term(*_):
    sys.stderr.write("\\n".join(LINES) + "\\n")
    sys.stderr.flush()
    sys.exit(0)
signal.signal(signal.SIGTERM, on_term)
time.sleep(120)
"""


async def test_only_a_stop_we_asked_for_dims_the_traceback(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A process that prints the ServerClosed traceback when it gets SIGTERM (as Xinference does when a request
    meets its shutdown): through the supervisor's own stop, the lines come as the stop's noise, explained once."""
    import asyncio
    import sys

    from app.core.server.engine import Engine
    from app.core.server.supervisor import ServerState, ServerSupervisor
    from app.core.settings import ServerOptions
    from tests.support.harness import free_port

    script = tmp_path / "fake_server.py"
    script.write_text(FAKE_SERVER)
    lines: list[tuple[str, str]] = []
    sup = ServerSupervisor(on_log=lambda s, line: lines.append((s, line)))
    engine = Engine("PATH", (sys.executable, str(script)), None)
    await sup.start(engine, ServerOptions(port=free_port(), home=str(tmp_path / "home")), wait=False)
    await asyncio.sleep(1.0)  # the script has set its handler
    outcome = await sup.stop(grace=10)
    assert outcome is not None and outcome.requested and sup.state is ServerState.STOPPED
    server = [(s, t) for s, t in lines if s != "app"]
    assert len(server) == 8 and {s for s, _ in server} == {STREAM}, lines
    assert [t for s, t in lines if s == "app"].count(EXPLANATION) == 1


CRASHING_SERVER = """
import sys, time
print("INFO routine line from long ago", flush=True)
time.sleep(float(sys.argv[1]))
print("ERROR something is wrong", flush=True)
print("the last words", flush=True)
time.sleep(120)
"""



@pytest.mark.parametrize("earlier", ["model failure", "time"])
async def test_a_crash_report_has_the_lines_of_this_crash_only(tmp_path, monkeypatch, earlier: str) -> None:  # type: ignore[no-untyped-def]
    """A crash (SIGKILL) is reported with what the server wrote shortly before it ended: not the lines of an
    earlier incident (a model that failed: "… The server keeps running."), nor routine lines from long before."""
    import asyncio
    import os
    import signal
    import sys

    from app.core.server import supervisor as sup_module
    from app.core.server.engine import Engine
    from app.core.server.model_failures import ModelFailure
    from app.core.server.supervisor import ServerState, ServerSupervisor
    from app.core.settings import ServerOptions
    from tests.support.harness import free_port

    # Each cause alone: a window that reaches back to the start, or one shorter than the wait before the crash.
    monkeypatch.setattr(sup_module, "CRASH_LINES_S", 60.0 if earlier == "model failure" else 1.5)
    script = tmp_path / "crashing.py"
    script.write_text(CRASHING_SERVER)
    outcomes: list[object] = []
    sup = ServerSupervisor(on_state=lambda _s, o: outcomes.append(o))
    engine = Engine("PATH", (sys.executable, str(script), "3"), None)
    await sup.start(engine, ServerOptions(port=free_port(), home=str(tmp_path / "home")), wait=False)
    sup.state = ServerState.RUNNING  # nothing answers /status: as if it were ready
    await asyncio.sleep(1.0)
    if earlier == "model failure":
        sup._model_failed(ModelFailure("m-rep0", while_loading=True, pid=12))  # as the watcher reports one
    deadline = asyncio.get_running_loop().time() + 20
    while "the last words" not in sup.last_lines:
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.1)
    os.kill(sup.pid or 0, signal.SIGKILL)
    while sup.state is not ServerState.CRASHED:
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.1)
    outcome = outcomes[-1]
    assert isinstance(outcome, sup_module.ProcessOutcome) and not outcome.requested
    assert "ERROR something is wrong" in outcome.last_lines and "the last words" in outcome.last_lines
    assert not any("keeps running" in line for line in outcome.last_lines), outcome.last_lines
    assert "INFO routine line from long ago" not in outcome.last_lines, outcome.last_lines
    assert "INFO routine line from long ago" in sup.last_lines  # still in the log, just not in the crash report


def test_the_other_wording_of_server_closed_is_noise_too() -> None:
    """Measured in a real stop here: a request met the closing pool as "closed: Server may be closed"."""
    noise = StopNoise()
    assert noise.is_noise("2026-12-05T22:15:01.001Z ERROR xinference.api.routers.admin pid:1 Remote server "
                          "127.0.0.1:57228 closed: Server may be closed")
    assert noise.is_noise("xoscar.errors.ServerClosed: Remote server 127.0.0.1:57228 closed: Server may be closed")
    assert not noise.is_noise("2026-12-05T22:15:01.101Z INFO uvicorn.error pid:1 Shutting down")
