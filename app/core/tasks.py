"""Background tasks that never lose an exception.

A bare ``asyncio.create_task`` whose result nobody awaits swallows its exception: at best Python prints "Task
exception was never retrieved" when the task is collected, long after the fact and nowhere a user looks. Every
fire-and-forget coroutine of the app goes through ``background`` instead: an exception is handed to ``on_error``
(the window shows it; the core logs it) the moment the task ends.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
ErrorCallback = Callable[[BaseException], None]


def log_error(what: str) -> ErrorCallback:
    """An ``on_error`` that logs the exception with its traceback (redacted by the root logger's filter)."""

    def on_error(exc: BaseException) -> None:
        log.error("%s failed: %s: %s", what, type(exc).__name__, exc, exc_info=exc)

    return on_error


def background(coro: Coroutine[Any, Any, T], on_error: ErrorCallback, name: str | None = None) -> asyncio.Task[T]:
    """Run ``coro`` as a task on the running loop; an exception it ends with goes to ``on_error`` (a cancellation
    is not an error). The task is returned so that the caller can still await or cancel it."""
    task = asyncio.ensure_future(coro)
    if name:
        task.set_name(name)
    task.add_done_callback(lambda t: _ended(t, on_error))
    return task


def _ended(task: asyncio.Task[Any], on_error: ErrorCallback) -> None:
    if task.cancelled():
        return
    exc = task.exception()  # retrieved here, so asyncio does not print it again at collection
    if exc is None:
        return
    try:
        on_error(exc)
    except Exception:  # noqa: BLE001 - the reporter itself failed: the log is the last place left
        log.exception("reporting the failure of %s failed", task.get_name())
        log.error("%s ended with %s: %s", task.get_name(), type(exc).__name__, exc, exc_info=exc)
