"""pytest-qt knows nothing of qasync: run one qasync loop over the test's QApplication, and tear it down cleanly.

The loop is "already running" (Qt's own loop drives it while ``qtbot.waitUntil`` spins), so a test runs a
coroutine with ``arun(coro)``, which schedules it and waits for it the pytest-qt way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QApplication


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        for task in asyncio.all_tasks(loop):
            task.cancel()
        for _ in range(20):  # let cancellations run through Qt's loop
            qapp.processEvents()
        # Work run in qasync's default executor (a QThread: name lookups, to_thread) must end before Qt
        # destroys the thread, or Qt aborts with "QThread: Destroyed while thread is still running".
        executor = getattr(loop, "_QEventLoop__default_executor", None)
        if executor is not None:
            executor.shutdown(wait=True)
        # already_running=True registered the loop as the running one: undo it, or later async tests
        # (pytest-asyncio) find "a running event loop" and refuse to start.
        asyncio.events._set_running_loop(None)
        asyncio.set_event_loop(None)


@pytest.fixture
def arun(qtbot: Any, qloop: asyncio.AbstractEventLoop) -> Callable[..., Any]:
    def run(coro: Coroutine[Any, Any, Any], timeout: float = 120.0) -> Any:
        task = qloop.create_task(coro)
        qtbot.waitUntil(task.done, timeout=int(timeout * 1000))
        return task.result()

    return run
