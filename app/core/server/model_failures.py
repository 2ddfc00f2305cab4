"""A model whose process died: the server stays up, and the user learns which model failed and why.

Two views of one event are joined here: the model pool vanishing from the process tree (the supervisor sees it on
its next look, with the pid and whether it was still loading) and Xinference's own log line about it ("Failed to
load model X", "Recreating model actor X"). A pool that ends without such a line was ended on purpose (a
terminate, a cancelled launch): that is logged, not reported as a failure.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from app.core.server.tree import model_uid_of

SETTLE_S = 1.5  # the tree is looked at every second: give the other view a moment to arrive
REPEAT_S = 10.0  # one report per model per incident, not one per log line of it


@dataclass(frozen=True)
class ModelFailure:
    """A model replica's process died (or failed to start) while the server lives on."""

    replica_uid: str
    while_loading: bool
    pid: int | None = None
    reason: str = ""  # Xinference's own words, when it gave them
    recovering: bool = False  # Xinference said it is recreating the replica

    @property
    def model_uid(self) -> str:
        return model_uid_of(self.replica_uid)

    def describe(self) -> str:
        what = f"Model {self.model_uid}"
        if self.replica_uid != self.model_uid:
            what += f" (replica {self.replica_uid})"
        process = f" (pid {self.pid})" if self.pid else ""
        if self.while_loading:
            text = f"{what} failed while loading: its process{process} ended. The server keeps running."
        else:
            text = f"{what} stopped unexpectedly: its process{process} ended. The server keeps running."
        if self.recovering:
            text += " Xinference is recreating it."
        return text

    def hint(self) -> str:
        reason = f"Xinference says: {self.reason}. " if self.reason else ""
        return reason + "Check the log for the cause (memory, model files), then launch it again if needed."


# (pattern, while loading, recovering). The UID is group 1; a reason, when the line gives one, is group 2.
_LINES: tuple[tuple[re.Pattern[str], bool, bool], ...] = (
    (re.compile(r"Failed to load model (\S+)"), True, False),
    (re.compile(r"Failed to launch replica (\S+?): (.+)$"), True, False),
    (re.compile(r"Recreating model actor (\S+?)(?:,| \.\.\.|$)"), False, True),
)


@dataclass
class _Pending:
    failure: ModelFailure
    handle: asyncio.TimerHandle | None = None


class ModelFailureWatch:
    """Joins ended model pools with the server's log lines and reports each failure once, a moment later."""

    def __init__(self, report: Callable[[ModelFailure], None], settle_s: float = SETTLE_S) -> None:
        self._report = report
        self._settle_s = settle_s
        self._pending: dict[str, _Pending] = {}
        self._ended: dict[str, tuple[int, bool, float]] = {}  # replica uid → (pid, loading, when)
        self._reported: dict[str, float] = {}

    def line(self, text: str) -> None:
        """One line of the server's output (call it for every line, on the event loop)."""
        for pattern, loading, recovering in _LINES:
            match = pattern.search(text)
            if match is None:
                continue
            uid = match.group(1)
            reason = match.group(2).strip() if pattern.groups >= 2 else ""
            self._note(ModelFailure(uid, loading, reason=reason, recovering=recovering))
            return

    def pool_ended(self, replica_uid: str | None, pid: int, loading: bool) -> bool:
        """A model pool left the tree. Returns False when nothing is known of its model (no UID)."""
        if not replica_uid:
            return False
        self._ended[replica_uid] = (pid, loading, time.monotonic())
        pending = self._pending.get(replica_uid)
        if pending is not None:
            pending.failure = replace(pending.failure, pid=pid, while_loading=pending.failure.while_loading or loading)
        return True

    def reset(self) -> None:
        """The server stops (or a new one starts): whatever was pending is no longer news."""
        for pending in self._pending.values():
            if pending.handle is not None:
                pending.handle.cancel()
        self._pending.clear()
        self._ended.clear()

    def _note(self, failure: ModelFailure) -> None:
        uid = failure.replica_uid
        if time.monotonic() - self._reported.get(uid, -REPEAT_S) < REPEAT_S:
            return
        pending = self._pending.get(uid)
        if pending is not None:
            old = pending.failure
            pending.failure = replace(
                old,
                while_loading=old.while_loading or failure.while_loading,
                reason=old.reason or failure.reason,
                recovering=old.recovering or failure.recovering,
            )
            return
        ended = self._ended.get(uid)
        if ended is not None and time.monotonic() - ended[2] < REPEAT_S:
            failure = replace(failure, pid=ended[0], while_loading=failure.while_loading or ended[1])
        pending = self._pending[uid] = _Pending(failure)
        pending.handle = asyncio.get_running_loop().call_later(self._settle_s, self._emit, uid)

    def _emit(self, uid: str) -> None:
        pending = self._pending.pop(uid, None)
        if pending is None:
            return
        self._reported[uid] = time.monotonic()
        self._ended.pop(uid, None)
        self._report(pending.failure)
