"""Restart a server keeping its models: the running models are saved as a set before anything stops, the server
restarts (the caller's step: the window's controller, or the CLI's stop and start), and the set is applied
afterwards, so every model comes back under its UID, each with its real outcome.

Models still loading when the restart is asked for are waited for (the server can describe a model, and so bring it
back, only once it is ready); one that fails while loading, or is still loading when the wait ends, is reported as
not brought back, with why, never counted as back.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from app.core.api.client import XinferenceClient
from app.core.errors import AuthRequired, Frontend, ManagerError
from app.core.models.running import LAUNCHING, running_rows
from app.core.models.set_apply import ALREADY_RUNNING, LAUNCHED, SUBMITTED, SetProgress, SetReport, run_set
from app.core.models.sets import ModelSet, get_set, set_from_running, store_set
from app.core.settings import Profile

log = logging.getLogger(__name__)

KEPT_SET = "Kept across restart"
LOADING_WAIT_S = 900.0  # a model that loads longer than this (a download) is reported, not waited for forever


@dataclass(frozen=True)
class NotKept:
    """A model that was loading when the restart was asked for and could not be kept."""

    uid: str
    reason: str

    def line(self) -> str:
        return f"{self.uid}: not brought back: {self.reason}"


@dataclass(frozen=True)
class KeptModels:
    kept: ModelSet | None  # saved in the profile before the restart; None: no model ran
    not_kept: tuple[NotKept, ...] = ()


@dataclass(frozen=True)
class RestartReport:
    kept: ModelSet | None
    not_kept: tuple[NotKept, ...] = ()
    error: ManagerError | None = None  # the restart itself failed: the models wait in the set
    brought_back: SetReport | None = None  # one outcome per kept model

    @property
    def all_back(self) -> bool:
        """Every model that ran (or was loading) before runs again under its UID."""
        if self.error is not None or self.not_kept:
            return False
        return self.brought_back is None or self.brought_back.all_running

    @property
    def needs_login(self) -> list[SetProgress]:
        """Models the new server refused for want of a login (a restart that turned login on)."""
        outcomes = self.brought_back.outcomes if self.brought_back else ()
        return [o for o in outcomes if isinstance(o.error, AuthRequired)]

    def lines(self, frontend: Frontend = "gui") -> list[str]:
        outcomes = self.brought_back.outcomes if self.brought_back else ()
        return [*(n.line() for n in self.not_kept), *(o.line(frontend) for o in outcomes)]

    def summary(self) -> str:
        if self.error is not None:
            return f"The server was not restarted: {self.error.message}"
        total = len(self.kept.models if self.kept else ()) + len(self.not_kept)
        if total == 0:
            return "Restarted; no model was running."
        if self.all_back:
            return f"Restarted; every model ({total}) is back with its UID."
        outcomes = self.brought_back.outcomes if self.brought_back else ()
        back = sum(1 for o in outcomes if o.state in (LAUNCHED, SUBMITTED, ALREADY_RUNNING))
        return f"Restarted; {back} of {total} model(s) are back."


async def wait_for_loading(client: XinferenceClient, on_step: Callable[[str], None] = lambda _s: None, *,
                           timeout: float = LOADING_WAIT_S, poll: float = 1.0) -> tuple[NotKept, ...]:
    """Wait until no model is loading; the models that were loading and did not end ready, with why."""
    loading = {r.uid for r in await running_rows(client) if r.status in LAUNCHING}
    if not loading:
        return ()
    on_step(f"waiting for {len(loading)} model(s) still loading: {', '.join(sorted(loading))}")
    deadline = time.monotonic() + timeout
    while True:
        rows = {r.uid: r.status for r in await running_rows(client)}
        still = {uid for uid in loading if rows.get(uid) in LAUNCHING}
        if not still or time.monotonic() >= deadline:
            break
        await asyncio.sleep(poll)
    ended = {uid for uid in loading if rows.get(uid) != "READY"} - still
    reasons = await _why_ended(client, ended) if ended else {}
    return (*(NotKept(uid, reasons[uid]) for uid in sorted(ended)),
            *(NotKept(uid, f"still loading after {timeout:.0f} s; launch it again once the server runs")
              for uid in sorted(still)))


async def _why_ended(client: XinferenceClient, uids: set[str]) -> dict[str, str]:
    """The server's own words for a launch that ended without becoming ready (its replicas' error message)."""
    reasons = {uid: "its launch ended before it was ready (cancelled, or its process died)" for uid in uids}
    try:
        instances = await client.instances()
    except ManagerError:
        return reasons
    for inst in instances:
        if inst.uid not in uids:
            continue
        errors = [str(r.get("error_message")) for r in inst.raw.get("replica_statuses") or []
                  if isinstance(r, dict) and r.get("error_message")]
        if errors or inst.status == "ERROR":
            first = errors[0].strip().splitlines()[0][:200] if errors else ""
            reasons[inst.uid] = "it failed while loading" + (f": {first}" if first else "")
    return reasons


async def keep_running_models(client: XinferenceClient, profile: Profile, save: Callable[[], None],
                              on_step: Callable[[str], None] = lambda _s: None, *,
                              loading_timeout: float = LOADING_WAIT_S, poll: float = 1.0) -> KeptModels:
    """Wait for loading models, then store the running ones in the profile as ``KEPT_SET`` (``save`` writes the
    settings) before anything stops. Raises ``ManagerError`` when the server cannot be asked: nothing is stopped."""
    not_kept = await wait_for_loading(client, on_step, timeout=loading_timeout, poll=poll)
    try:
        earlier: ModelSet | None = get_set(profile, KEPT_SET)
    except ManagerError:
        earlier = None
    kept = await set_from_running(client, KEPT_SET, earlier=earlier)
    return KeptModels(_store_kept(profile, kept, save), not_kept)


def _store_kept(profile: Profile, kept: ModelSet, save: Callable[[], None]) -> ModelSet | None:
    """``kept`` stored in the profile as ``KEPT_SET`` (None, nothing stored, when it holds no model)."""
    if not kept.models:
        return None
    kept = ModelSet(KEPT_SET, kept.models)
    store_set(profile, kept, replace_existing=True)
    save()
    log.info("saved %d model(s) as the set %r before the restart", len(kept.models), KEPT_SET)
    return kept


async def bring_back(client: XinferenceClient, kept: KeptModels,
                     on_progress: Callable[[SetProgress], None] | None = None, *, poll: float = 0.5) -> RestartReport:
    """Launch the kept set on the restarted server; one outcome per model."""
    if kept.kept is None:
        return RestartReport(None, kept.not_kept)
    report = await run_set(client, kept.kept, on_progress, poll=poll)
    return RestartReport(kept.kept, kept.not_kept, brought_back=report)


async def restart_keeping_models(
    client: Callable[[], XinferenceClient],
    profile: Profile,
    restart: Callable[[], Awaitable[None]],
    save: Callable[[], None],
    *,
    keep: bool = True,
    on_step: Callable[[str], None] = lambda _s: None,
    on_progress: Callable[[SetProgress], None] | None = None,
    loading_timeout: float = LOADING_WAIT_S,
    poll: float = 1.0,
    last_seen: ModelSet | None = None,
) -> RestartReport:
    """The whole sequence. ``client`` gives the client to use at each step (the restarted server may need a new
    one); a failure to save the models raises before anything stops; a failed restart is the report's ``error``.

    ``last_seen``: the server cannot be asked (it crashed), so these models, as last seen running, are kept."""
    kept = KeptModels(None)
    if keep and last_seen is not None:
        kept = KeptModels(_store_kept(profile, last_seen, save))
    elif keep:
        kept = await keep_running_models(client(), profile, save, on_step, loading_timeout=loading_timeout,
                                         poll=poll)
    try:
        await restart()
    except ManagerError as exc:
        return RestartReport(kept.kept, kept.not_kept, error=exc)
    if kept.kept is not None:
        on_step(f"bringing back {len(kept.kept.models)} model(s)")
    return await bring_back(client(), kept, on_progress, poll=min(poll, 0.5))
