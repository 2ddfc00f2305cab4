"""The Dify check's input (the form as typed, and where Dify runs) and its outcome (steps, Dify's verdict)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.core.dify import location as loc
from app.core.dify.model_types import dify_label
from app.core.dify.settings_block import GENERIC_KEY_HINT, dify_settings
from app.core.dify.steps import MARK, Step
from app.core.dify.validation import CLIENT_TIMEOUT, METADATA_RETRIES, METADATA_TIMEOUT, Emulation


@dataclass(frozen=True)
class DifyCheckRequest:
    server_url: str
    model_uid: str
    model_type: str = "llm"
    api_key: str | None = field(default=None, repr=False)
    location: str = "same-host"
    host_address: str | None = None  # this machine's address as Dify's container sees it (default: detected)
    model_name: str = ""
    metadata_timeout: float = METADATA_TIMEOUT
    metadata_retries: int = METADATA_RETRIES
    invoke_timeout: float = CLIENT_TIMEOUT
    docker_probe: bool = True
    known_endpoint: str | None = None  # the server this app manages (to name a mistyped port)
    # Each front-end words its own hints: where to get an API key, where to copy a UID.
    key_hint: str = GENERIC_KEY_HINT
    uid_hint: str = "copy it from the list of running models"

    def public(self) -> dict[str, Any]:
        """The inputs without the key (for reports and logs)."""
        return {"server_url": self.server_url, "model_uid": self.model_uid, "model_type": self.model_type,
                "api_key_given": bool(self.api_key), "location": self.location, "host_address": self.host_address}


@dataclass(frozen=True)
class DifyReport:
    request: DifyCheckRequest
    steps: tuple[Step, ...]
    accepted: bool
    dify_error: str
    dify_error_kind: str
    suggested_url: str  # the one URL that works from where Dify runs ("" when it cannot be told)
    seconds: float
    emulation: Emulation
    login_on: bool | None = None
    prediction: str = ""  # how Dify gets to its error when this check predicted part of the wait
    key_requests: int = 0  # requests of this check that carried the API key (Dify's re-enacted ones and ours)

    @property
    def verdict(self) -> str:
        if self.accepted:
            return "Dify will accept this."
        return f"Dify will refuse this: {self.dify_error}"

    def to_json(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "verdict": self.verdict, "dify_error": self.dify_error,
                "dify_error_kind": self.dify_error_kind, "request": self.request.public(),
                "suggested_url": self.suggested_url, "prediction": self.prediction, "key_requests": self.key_requests,
                "seconds": round(self.seconds, 3), "steps": [s.to_json() for s in self.steps],
                "dify_requests": self.emulation.to_json()}

    def text(self) -> str:
        """A plain-text report to paste into a forum post: no API key, no token."""
        r = self.request
        lines = ["Dify connection test (Xinference Manager)",
                 f"Server URL: {r.server_url}", f"Model UID: {r.model_uid}",
                 f"Model type in Dify: {dify_label(r.model_type)}",
                 f"API key: {'given (not shown)' if r.api_key else 'none'}",
                 f"Dify runs: {loc.PLACE.get(r.location, r.location)}", ""]
        for s in self.steps:
            lines.append(f"{MARK[s.status]} {s.title} ({s.seconds:.2f} s){': ' + s.detail if s.detail else ''}")
            if s.cause:
                lines.append(f"    cause: {s.cause}")
            if s.fix:
                lines.append(f"    fix: {s.fix}")
        lines += ["", f"Verdict: {self.verdict}", f"Total: {self.seconds:.2f} s"]
        return _redact("\n".join(lines), r.api_key)

    def dify_settings(self) -> str:
        """What to type into Dify's form (the key itself is left out on purpose): the URL that works."""
        r = self.request
        url = self.suggested_url or r.server_url
        notes = [loc.DOCKER_LINUX_ADVICE] if r.location == "docker-linux" else []
        login = self.login_on if self.login_on is not None else (True if r.api_key else None)
        return dify_settings(model_type=r.model_type, model_name=r.model_name or r.model_uid.strip(),
                             uid=r.model_uid, server_url=url, login_on=login, key_hint=r.key_hint, notes=notes)


def _redact(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret else text
