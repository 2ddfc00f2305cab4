"""``guarded_slot``: the one way a coroutine becomes a Qt slot, so that no exception is ever lost.

qasync's ``asyncSlot`` runs the coroutine as a task; an exception in it would surface (at best) as a stack trace on
stderr while the page sits there half-updated. Every slot goes through ``guarded_slot`` instead: an exception is
logged (the redaction filter scrubs it, and the log view shows it) and shown in the page that owns the slot.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication
from qasync import asyncSlot

from app.core.errors import ManagerError
from app.core.tasks import background

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Coroutine[Any, Any, Any]])
T = TypeVar("T")


def report_error(owner: object, exc: BaseException) -> None:
    """Show ``exc`` where the user looks: the owner's (or an ancestor's) ``show_error(message, hint)``, else the
    log view. A ``ManagerError`` is an expected failure with a hint; anything else is a bug, logged with its trace."""
    if isinstance(exc, ManagerError):
        message, hint = exc.message, exc.hint
        log.warning("%s: %s", message, hint)
    else:
        message = QCoreApplication.translate("report_error", "Unexpected error: %s") % f"{type(exc).__name__}: {exc}"
        hint = QCoreApplication.translate("report_error", "Details are in the log.")
        log.error("unexpected error in %s", type(owner).__name__, exc_info=exc)
    widget: Any = owner
    while widget is not None:
        show = getattr(widget, "show_error", None)
        if callable(show):
            try:
                show(message, hint)
            except RuntimeError:  # the widget was deleted while the slot ran
                pass
            return
        parent = getattr(widget, "parentWidget", None)
        widget = parent() if callable(parent) else None


def _report_unless_deleted(owner: object, exc: BaseException, what: str) -> None:
    if isinstance(exc, RuntimeError) and "already deleted" in str(exc):
        # The coroutine outlived its widget (the window closed while a request was in flight): nothing to show.
        log.debug("%s finished after its widget was deleted", what)
        return
    report_error(owner, exc)


def spawn(owner: object, coro: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
    """Run ``coro`` in the background for ``owner`` (a page, a dialog, the tray): like a ``guarded_slot``, an
    exception is logged and shown on the owner, never lost. Returns the task (to await or cancel)."""
    what = getattr(coro, "__qualname__", type(owner).__name__)
    return background(coro, lambda exc: _report_unless_deleted(owner, exc, what))


def guarded_slot(*types: type) -> Callable[[F], Callable[..., Any]]:
    """``@guarded_slot()`` in place of ``@asyncSlot()``: same signature, errors reported instead of lost."""

    def decorate(func: F) -> Callable[..., Any]:
        @functools.wraps(func)
        async def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return await func(self, *args, **kwargs)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - this is the one place that catches everything, and reports it
                _report_unless_deleted(self, exc, func.__qualname__)
                return None

        slot = asyncSlot(*types)(wrapper)

        @functools.wraps(func)
        def when_a_loop_runs(*args: Any, **kwargs: Any) -> Any:
            # A timer or a file watch of a window that outlived its event loop (the app quitting, a finished test)
            # may still fire: with no loop there is nothing to run the slot on, and nothing the user waits for.
            try:
                asyncio.get_event_loop()
            except RuntimeError:
                log.debug("%s fired after the event loop closed: skipped", func.__qualname__)
                return None
            return slot(*args, **kwargs)

        return when_a_loop_runs

    return decorate
