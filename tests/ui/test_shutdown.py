"""Quit always finishes: a server that will not stop is reported (log and message), and the clients still close."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from app.core.server import ServerController, ServerState
from app.core.settings import Settings
from app.ui.application import shutdown
from app.ui.context import AppContext
from app.ui.pages.server import ServerPage


class _Window:
    def __init__(self, pages: dict[str, Any]) -> None:
        self.pages = pages


class _ClosingSpy:
    """Another page, after the server page in the quit order: it must still be closed."""

    closed = False

    async def aclose(self) -> None:
        self.closed = True


def _hung_stop(controller: ServerController) -> None:
    """The supervisor's stop times out, as when the exit watcher never reports the tree's end."""
    sup = controller.supervisor
    sup.pid, sup.state = 4242424, ServerState.RUNNING

    async def stop(grace: float = 20.0) -> None:
        raise TimeoutError

    sup.stop = stop  # type: ignore[method-assign]


async def _stop_that_fails_oddly() -> None:
    raise OSError(5, "Input/output error")


@pytest.mark.parametrize("failure", ["timeout", "oserror"])
def test_quit_finishes_when_the_server_will_not_stop(qtbot: Any, arun: Any, tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture, failure: str) -> None:
    settings = Settings()
    settings.stop_server_on_quit = True
    settings.profile.server.port = 45678
    settings.profile.server.engine_path = str(tmp_path / "no-engine")
    ctx = AppContext(settings)
    page = ServerPage(ctx)
    qtbot.addWidget(page)
    page.stop_on_quit.setChecked(True)
    page.controller.supervisor.options = settings.profile.server
    if failure == "timeout":
        _hung_stop(page.controller)
    else:
        page.controller.supervisor.pid = 4242424
        page.controller.supervisor.state = ServerState.RUNNING
        page.controller.supervisor.stop = lambda grace=20.0: _stop_that_fails_oddly()  # type: ignore[method-assign]
    client = ctx.client()
    other = _ClosingSpy()
    with caplog.at_level(logging.ERROR, logger="app.ui.application"):
        problems = arun(shutdown(_Window({"server": page, "running": other}), ctx), timeout=30)
    assert len(problems) == 1, problems
    assert "could not be stopped" in problems[0] and "4242424" in problems[0] and "45678" in problems[0]
    assert "server stop --port 45678" in problems[0], "the message says how to end it"
    assert any("could not be stopped" in r.getMessage() for r in caplog.records), "and it is logged"
    assert other.closed, "the pages after it were still closed"
    assert client._http.is_closed, "the HTTP client was closed"
