"""The Dify connection test: would Dify's "Save" accept this Xinference model, from where Dify runs, and if not, why.

``run_check`` combines two things:

* Dify's own decision, re-enacted request by request (``app.core.dify.validation``): this is **the verdict**;
* a diagnostic ladder (``app.core.dify.steps``) that explains a failure with its cause and fix, and adds what Dify
  does not check (a real chat call, latency, reachability from its container). These extras can only warn: where
  Dify accepts, the verdict is accept.

Where Dify runs in a container, or on another machine, the reachability is predicted (``app.core.dify.location``);
when the prediction is "refused", Dify's requests are re-enacted over a network that refuses them, which gives the
exact error text Dify would show.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
from yarl import URL

from app.core.dify import location as loc
from app.core.dify import steps as ds
from app.core.dify.steps import MARK, Status, Step
from app.core.dify.validation import (
    CLIENT_TIMEOUT,
    DIFY_TYPES,
    METADATA_RETRIES,
    METADATA_TIMEOUT,
    Emulation,
    emulate,
)

# Dify's form labels for its model types, and the Xinference types a running model may have.
DIFY_TYPE_LABELS = {"llm": "LLM", "text-embedding": "Text Embedding", "rerank": "Rerank",
                    "speech2text": "Speech2text", "tts": "TTS"}
FROM_XINFERENCE_TYPE = {"llm": "llm", "embedding": "text-embedding", "rerank": "rerank", "audio": "speech2text"}

StepCallback = Callable[[Step], None]


def dify_type_for(value: str) -> str:
    """Accept Dify's types ("text-embedding"), their labels ("Text Embedding") or Xinference's ("embedding")."""
    v = value.strip().lower().replace("_", "-")
    if v in DIFY_TYPES:
        return v
    for key, label in DIFY_TYPE_LABELS.items():
        if v == label.lower():
            return key
    if v in FROM_XINFERENCE_TYPE:
        return FROM_XINFERENCE_TYPE[v]
    raise ValueError(f"unknown model type {value!r}; use one of {', '.join(DIFY_TYPES)}")


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
    suggested_url: str
    seconds: float
    emulation: Emulation

    @property
    def verdict(self) -> str:
        if self.accepted:
            return "Dify will accept this."
        return f"Dify will refuse this: {self.dify_error}"

    def to_json(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "verdict": self.verdict, "dify_error": self.dify_error,
                "dify_error_kind": self.dify_error_kind, "request": self.request.public(),
                "suggested_url": self.suggested_url, "seconds": round(self.seconds, 3),
                "steps": [s.to_json() for s in self.steps], "dify_requests": self.emulation.to_json()}

    def text(self) -> str:
        """A plain-text report to paste into a forum post: no API key, no token."""
        r = self.request
        lines = ["Dify connection test (Xinference Manager)",
                 f"Server URL: {r.server_url}", f"Model UID: {r.model_uid}",
                 f"Model type in Dify: {DIFY_TYPE_LABELS.get(r.model_type, r.model_type)}",
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
        """What to type into Dify's form (the key itself is left out on purpose)."""
        r = self.request
        url = r.server_url if self.accepted or not self.suggested_url else self.suggested_url
        return "\n".join([
            f"Model Type: {DIFY_TYPE_LABELS.get(r.model_type, r.model_type)}",
            f"Model Name: {r.model_name or r.model_uid}",
            f"Server url: {url.strip().rstrip('/')}",
            f"Model uid: {r.model_uid.strip()}",
            f"API key: {'(your Xinference API key)' if r.api_key else '(leave empty)'}",
            "invoke timeout (unit:second): 60",
            "max retries: 3",
        ])


def _redact(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret else text


async def run_check(req: DifyCheckRequest, on_step: StepCallback | None = None) -> DifyReport:
    """Run the whole test; ``on_step`` sees each step as it completes (for a live checklist)."""
    if req.location not in loc.LOCATIONS:
        raise ValueError(f"unknown location {req.location!r}")
    started = time.monotonic()
    steps: list[Step] = []

    def add(step: Step) -> None:
        steps.append(step)
        if on_step is not None:
            on_step(step)

    inputs = ds.check_inputs(req.server_url, req.model_uid)
    add(inputs)
    reach = await _location_step(req, add)
    transport = loc.RefusingTransport() if reach.reachable is False else None
    emu = await emulate(req.model_type, req.server_url, req.model_uid, req.api_key,
                        metadata_timeout=req.metadata_timeout, metadata_retries=req.metadata_retries,
                        client_timeout=req.invoke_timeout, transport=transport, model_name=req.model_name)
    if inputs.status is not Status.FAIL and reach.reachable is not False:
        await _ladder(req, emu, add)
    t = time.monotonic()
    if emu.accepted:
        add(Step("dify", "Dify's validation", Status.OK, time.monotonic() - t, "Dify will accept this."))
    else:
        explained = any(s.status is Status.FAIL for s in steps)
        add(Step("dify", "Dify's validation", Status.FAIL, time.monotonic() - t,
                 f"Dify would show: {emu.error}",
                 cause="" if explained else _stage_cause(emu),
                 fix="" if explained else "See the steps above; the text is Dify's own error message."))
    if emu.accepted:
        # Dify's verdict wins: what only our extra checks dislike is a warning.
        steps[:] = [replace(s, status=Status.WARN) if s.status is Status.FAIL else s for s in steps]
    return DifyReport(req, tuple(steps), emu.accepted, emu.error, emu.error_kind, reach.suggested_url,
                      time.monotonic() - started, emu)


def _stage_cause(emu: Emulation) -> str:
    return {
        "metadata": "Dify's model metadata request failed.",
        "client-auth": "The Xinference client Dify uses could not ask the server whether login is on.",
        "get-model": "The Xinference client Dify uses could not get the model.",
        "handle": "The model is not of the type chosen in Dify.",
        "ability": "The model's abilities do not fit the type chosen in Dify.",
        "invoke": "The test call Dify makes (embed / rerank / transcribe) failed.",
        "uid": "Dify refuses this UID.",
    }.get(emu.stage, "Dify's validation failed.")


async def _location_step(req: DifyCheckRequest, add: Callable[[Step], None]) -> loc.Reachability:
    t = time.monotonic()
    reach = loc.predict(req.location, req.server_url, req.host_address)
    title = "Reachable from where Dify runs"
    if req.location == "same-host":
        add(Step("location", title, Status.SKIP, time.monotonic() - t, reach.detail))
        return reach
    probe = await loc.probe_from_container(req.server_url) if req.docker_probe and req.location != "remote" else None
    if probe is not None:
        # A real answer from Dify's own container beats any prediction.
        seen = "reached the server" if probe.reachable else f"could not reach the server ({probe.output})"
        reach = replace(reach, reachable=probe.reachable,
                        detail=f"Asked container {probe.container} (docker exec): it {seen}. {reach.detail}",
                        cause=reach.cause if not probe.reachable else "",
                        fix=reach.fix if not probe.reachable else "")
    status = {True: Status.OK, False: Status.FAIL, None: Status.WARN}[reach.reachable]
    add(Step("location", title, status, time.monotonic() - t, reach.detail, reach.cause, reach.fix))
    return reach


async def _ladder(req: DifyCheckRequest, emu: Emulation, add: Callable[[Step], None]) -> None:
    """Resolve → connect → Xinference → login → UID → type → abilities → call; stops at the first failure."""
    url = URL(req.server_url.strip())
    host, port = url.host or "", url.explicit_port or url.port or 80
    if req.location == "docker-desktop" and host == loc.DOCKER_DESKTOP_HOST:
        host = "127.0.0.1"  # Docker Desktop's name for this machine; from here it is the loopback
    step = await ds.check_resolve(host, port)
    add(step)
    if step.status is Status.FAIL:
        return
    step = await ds.check_connect(host, port)
    add(step)
    if step.status is Status.FAIL:
        return
    base = str(url.with_host(host).with_path("/").with_query(None)).rstrip("/")
    probe = ds.Probe(base, req.api_key, timeout=req.metadata_timeout)
    try:
        step, _version = await ds.check_xinference(probe)
        add(step)
        if step.status is Status.FAIL:
            return
        step = await ds.check_auth(probe, req.api_key)
        add(step)
        if step.status is Status.FAIL:
            return
        step, desc = await ds.check_uid(probe, req.model_uid.strip())
        add(step)
        if desc is None:
            return
        step = ds.check_type(desc, req.model_type)
        add(step)
        if step.status is Status.FAIL:
            return
        step = ds.check_abilities(desc, req.model_type, emu.abilities)
        add(step)
        if step.status is Status.FAIL:
            return
        add(await _call_step(req, emu, probe, desc))
    except httpx.HTTPError as exc:
        add(Step("http", "HTTP", Status.FAIL, 0.0, f"{type(exc).__name__}: {exc}",
                 cause="The server stopped answering during the test.", fix="Look at the server log."))
    finally:
        await probe.aclose()


async def _call_step(req: DifyCheckRequest, emu: Emulation, probe: ds.Probe, desc: dict[str, Any]) -> Step:
    if req.model_type == "llm":
        abilities = tuple(desc.get("model_ability") or ())
        return await ds.llm_call(probe, req.model_uid.strip(), abilities, req.invoke_timeout)
    if req.model_type == "tts":
        return Step("call", "A real call", Status.SKIP, 0.0, "Dify sends no audio request when saving a TTS model.")
    what = {"text-embedding": "embed [\"ping\"]", "rerank": "rerank 3 documents",
            "speech2text": "transcribe a short audio"}[req.model_type]
    invoke = [e for e in emu.exchanges if e.stage == "invoke"]
    seconds = sum(e.seconds for e in invoke)
    if emu.accepted:
        return Step("call", f"A real call as Dify makes it ({what})", Status.OK, seconds,
                    f"answered in {seconds:.2f} s")
    if emu.stage == "invoke":
        return Step("call", f"A real call as Dify makes it ({what})", Status.FAIL, seconds, emu.error,
                    cause="The model failed the call Dify makes when saving.",
                    fix="Look at the server log for this model's error.")
    return Step("call", f"A real call as Dify makes it ({what})", Status.SKIP, 0.0,
                "Dify stopped before this call.")
