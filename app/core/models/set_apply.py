"""Apply a model set: launch what is missing under the saved UIDs, skip what already runs, report every model.

``apply_set`` is an async generator of ``SetProgress`` values (progress while a model loads, then one final
outcome per model) that the window and the CLI both iterate; ``run_set`` wraps it for callers that prefer a
callback and a ``SetReport``. A failure is an outcome, never the end of the run. Models launch one after the
other: loading several at once competes for memory, and an out-of-memory failure could not be pinned on one.

Cancel by setting the ``cancel`` event (the model loading is cancelled on the server and the rest are reported
cancelled) or by cancelling the task (the model loading is cancelled on the server, then the task ends).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from dataclasses import dataclass
from functools import partial

from app.core.api.client import XinferenceClient
from app.core.errors import Frontend, InvalidInput, ManagerError
from app.core.models.launch import LaunchEvent, LaunchRequest, cancel_launch, follow_launch, start_launch
from app.core.models.running import running_rows
from app.core.models.sets import ModelSet, get_set
from app.core.settings import Profile

log = logging.getLogger(__name__)

LAUNCHING = "launching"  # not final: the model is being submitted or is loading (``event`` says how far)
LAUNCHED = "launched"
SUBMITTED = "submitted"  # final when applying without waiting: the server accepted the launch
ALREADY_RUNNING = "already running"
FAILED = "failed"
CANCELLED = "cancelled"
FINAL_STATES = (LAUNCHED, SUBMITTED, ALREADY_RUNNING, FAILED, CANCELLED)


@dataclass(frozen=True)
class SetProgress:
    index: int  # position of the model in the set, from 0
    total: int
    request: LaunchRequest
    state: str
    event: LaunchEvent | None = None  # while launching
    error: ManagerError | None = None  # when failed
    seconds: float = 0.0  # since this model's launch began

    @property
    def uid(self) -> str:
        return self.request.model_uid

    @property
    def final(self) -> bool:
        return self.state in FINAL_STATES

    def reason(self, frontend: Frontend = "gui") -> str:
        """Why it failed, on one line: the plain cause, what to do, and the start of the server's own words."""
        if self.error is None:
            return ""
        text = self.error.one_line(frontend).split("\n")[0]
        detail = getattr(self.error, "detail", "")
        if detail and detail not in text:
            first = detail.strip().splitlines()[0] if detail.strip() else ""
            text += f"; server said: {first[:160]}{'...' if len(first) > 160 else ''}"
        return text

    def line(self, frontend: Frontend = "gui") -> str:
        """One line for a log or the CLI, e.g. ``chat-1: launched (tiny-chat, 11.2 s)``."""
        what = self.request.model_name
        if self.state == LAUNCHING and self.event is not None:
            ev = self.event
            # The stage says more than the status (4.1 stays CREATING while "loading"); older servers lack it.
            return f"{self.uid}: {ev.stage or ev.status.lower()} {ev.progress:.0%}"
        if self.state in (LAUNCHED, SUBMITTED):
            return f"{self.uid}: {self.state} ({what}, {self.seconds:.1f} s)"
        if self.state == FAILED:
            return f"{self.uid}: failed ({what}): {self.reason(frontend)}"
        return f"{self.uid}: {self.state} ({what})"


@dataclass(frozen=True)
class SetReport:
    name: str
    outcomes: tuple[SetProgress, ...]

    @property
    def all_running(self) -> bool:
        """Every model of the set runs (or, without waiting, was accepted by the server)."""
        return all(o.state in (LAUNCHED, SUBMITTED, ALREADY_RUNNING) for o in self.outcomes)

    def count(self, state: str) -> int:
        return sum(1 for o in self.outcomes if o.state == state)


class _CancelRequested(Exception):
    pass


async def _next(events: AsyncGenerator[LaunchEvent, None]) -> LaunchEvent:
    return await events.__anext__()


async def _follow(
    client: XinferenceClient, uid: str, cancel: asyncio.Event | None, poll: float, timeout: float | None
) -> AsyncIterator[LaunchEvent]:
    """``follow_launch``, ended early (``_CancelRequested``) as soon as ``cancel`` is set, even between polls."""
    events = follow_launch(client, uid, poll=poll, timeout=timeout)
    stop = asyncio.ensure_future(cancel.wait()) if cancel is not None else None
    try:
        while True:
            step = asyncio.ensure_future(_next(events))
            try:
                await asyncio.wait({step, stop} if stop else {step}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                if not step.done():  # cancel won, or we were cancelled ourselves
                    step.cancel()
                    with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration, ManagerError):
                        await step
            if step.cancelled():
                raise _CancelRequested
            try:
                event = step.result()
            except StopAsyncIteration:
                return
            yield event
    finally:
        if stop is not None:
            stop.cancel()
        await events.aclose()


async def _cancel_on_server(client: XinferenceClient, uid: str) -> None:
    """Cancel the launch; one that reached READY meanwhile (the cancel lost the race) is terminated."""
    try:
        await cancel_launch(client, uid)
        if any(m.uid == uid for m in await client.list_models()):
            await client.terminate(uid)
    except ManagerError as exc:  # the server may be gone; the launch then died with it
        log.warning("could not cancel the launch of %s: %s", uid, exc.one_line())


async def apply_set(
    client: XinferenceClient,
    model_set: ModelSet,
    *,
    wait: bool = True,
    poll: float = 0.5,
    timeout: float | None = None,
    cancel: asyncio.Event | None = None,
) -> AsyncIterator[SetProgress]:
    """Launch the set's missing models under their UIDs; yield progress and one final outcome per model.

    ``wait``: follow each launch until READY (else report it ``submitted`` once the server accepts it).
    ``timeout``: per model, in seconds."""
    running = {row.uid: row for row in await running_rows(client)}
    for index, req in enumerate(model_set.models):
        step = partial(SetProgress, index, len(model_set.models), req)
        if cancel is not None and cancel.is_set():
            yield step(CANCELLED)
            continue
        row = running.get(req.model_uid)
        if row is not None and row.status == "READY":
            if (row.model_name, row.model_type) != (req.model_name, req.model_type):
                taken = InvalidInput(f"The UID {req.model_uid!r} is taken by another model ({row.model_name})",
                                     "Terminate that model, or give this one another UID in the set.")
                yield step(FAILED, error=taken)
            else:
                yield step(ALREADY_RUNNING)
            continue
        started = time.monotonic()
        in_flight = False
        yield step(LAUNCHING)
        try:
            if row is None:  # a row still loading was launched by someone else: follow it, do not launch twice
                await start_launch(client, req)
            if not wait:
                yield step(SUBMITTED, seconds=time.monotonic() - started)
                continue
            in_flight = True
            async for event in _follow(client, req.model_uid, cancel, poll, timeout):
                yield step(LAUNCHING, event=event, seconds=time.monotonic() - started)
            in_flight = False
            yield step(LAUNCHED, seconds=time.monotonic() - started)
        except _CancelRequested:
            in_flight = False
            await _cancel_on_server(client, req.model_uid)
            yield step(CANCELLED, seconds=time.monotonic() - started)
        except ManagerError as exc:  # LaunchFailed (explained), a bad request, the server gone: this model only
            in_flight = False
            yield step(FAILED, error=exc, seconds=time.monotonic() - started)
        finally:
            # The task was cancelled, or the caller stopped iterating, mid-load: leave no half-loaded model.
            if in_flight:
                await asyncio.shield(_cancel_on_server(client, req.model_uid))


async def run_set(
    client: XinferenceClient,
    model_set: ModelSet,
    on_progress: Callable[[SetProgress], None] | None = None,
    *,
    wait: bool = True,
    poll: float = 0.5,
    timeout: float | None = None,
    cancel: asyncio.Event | None = None,
) -> SetReport:
    """``apply_set`` with a callback for every step; returns the final outcome of each model."""
    outcomes = []
    async for step in apply_set(client, model_set, wait=wait, poll=poll, timeout=timeout, cancel=cancel):
        if on_progress is not None:
            on_progress(step)
        if step.final:
            outcomes.append(step)
    return SetReport(model_set.name, tuple(outcomes))


async def restore_on_start(
    client: XinferenceClient,
    profile: Profile,
    on_progress: Callable[[SetProgress], None] | None = None,
    *,
    poll: float = 0.5,
    timeout: float | None = None,
    cancel: asyncio.Event | None = None,
) -> SetReport | None:
    """Apply the profile's restore-on-start set (call it once the server answers, after a start or an adoption).

    ``None`` when the profile names no set; a named set that no longer exists raises ``InvalidInput``."""
    if not profile.restore_set:
        return None
    try:
        model_set = get_set(profile, profile.restore_set)
    except InvalidInput as exc:
        raise InvalidInput(
            f"The set to restore on start, {profile.restore_set!r}, no longer exists",
            "Choose another set to restore, or none.",
            hints={"gui": "Choose another set to restore, or none, in the server's settings.",
                   "cli": "Choose another with `sets restore-on-start NAME`, or none with `--off`."},
        ) from exc
    log.info("restoring model set %r (%d models)", model_set.name, len(model_set.models))
    return await run_set(client, model_set, on_progress, poll=poll, timeout=timeout, cancel=cancel)
