"""A step of the Dify check: what was checked, how it went, and on failure the cause and the fix.

Only the data: the steps themselves are in ``server_steps`` (the form, the network, the server, login) and
``model_steps`` (the model); ``app.core.dify.check.run_check`` calls them in order.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    OK = "ok"
    FAIL = "fail"
    WARN = "warn"
    SKIP = "skip"


MARK = {Status.OK: "✓", Status.FAIL: "✗", Status.WARN: "!", Status.SKIP: "–"}


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    status: Status
    seconds: float = 0.0
    detail: str = ""
    cause: str = ""
    fix: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "status": self.status.value, "seconds": round(self.seconds, 3),
                "detail": self.detail, "cause": self.cause, "fix": self.fix}


def step(key: str, title: str, status: Status, started: float, detail: str = "", cause: str = "",
         fix: str = "") -> Step:
    return Step(key, title, status, time.monotonic() - started, detail, cause, fix)
