"""The check's steps about the model itself: the UID (with the running UIDs of the right type and the closest one),
the type, the abilities, and a real call. Like ``server_steps``, each returns a ``Step`` and calls no other step."""

from __future__ import annotations

import difflib
import re
import time
from typing import Any

import httpx

from app.core.dify.model_types import XINFERENCE_TYPE, dify_label, dify_type_of_model
from app.core.dify.probe import Probe
from app.core.dify.steps import Status, Step, step
from app.core.dify.validation import Emulation, metadata_url

REPLICA = re.compile(r"^(?P<uid>.+)-rep\d+$")


async def running_models(probe: Probe) -> list[dict[str, Any]]:
    try:
        listed = await probe.get("/v1/models")
        if listed.status_code == 200:
            return [m for m in listed.json().get("data", []) if isinstance(m, dict)]
    except (httpx.HTTPError, ValueError, AttributeError):
        pass
    return []


def uid_advice(uid: str, dify_type: str, running: list[dict[str, Any]]) -> tuple[str, str]:
    """(cause, fix) for a UID no model has: a replica name, a model name, the closest UID of the right type."""
    wanted = XINFERENCE_TYPE[dify_type]
    right = [str(m.get("id")) for m in running if m.get("model_type") == wanted]
    others = [str(m.get("id")) for m in running if m.get("model_type") != wanted]
    listing = (f"Running {dify_label(dify_type)} models (UIDs): {', '.join(right)}." if right
               else f"No {dify_label(dify_type)} model runs: launch one first.")
    replica = REPLICA.match(uid)
    if replica and replica.group("uid") in right + others:
        return (f"{uid!r} is the name of a replica (an internal process), not a UID.",
                f"Use the UID {replica.group('uid')!r}. {listing}")
    by_name = [str(m.get("id")) for m in running if m.get("model_name") == uid]
    if by_name:
        return f"{uid!r} is the model's name, not its UID.", f"Use the UID {by_name[0]!r}. {listing}"
    close = difflib.get_close_matches(uid, right, n=1, cutoff=0.5) or difflib.get_close_matches(uid, others, n=1,
                                                                                                cutoff=0.5)
    fix = f"Closest running UID: {close[0]!r}. " if close else ""
    return f"No running model has the UID {uid!r}.", fix + listing


async def check_uid(probe: Probe, uid: str, dify_type: str) -> tuple[Step, dict[str, Any] | None]:
    t = time.monotonic()
    title = "UID valid and running"
    resp = await probe.get(metadata_url(probe.base, uid))
    if resp.status_code == 200:
        desc = resp.json()
        return step("uid", title, Status.OK, t, detail=f"{uid}: {desc.get('model_name', '?')} "
                    f"({desc.get('model_type', '?')})"), desc
    cause, fix = uid_advice(uid, dify_type, await running_models(probe))
    return step("uid", title, Status.FAIL, t, detail=f"{resp.status_code}: {resp.text[:300]}", cause=cause,
                fix=fix), None


def check_type(desc: dict[str, Any], dify_type: str) -> Step:
    t = time.monotonic()
    actual = str(desc.get("model_type"))
    if actual == XINFERENCE_TYPE[dify_type]:
        return step("type", "Model type matches", Status.OK, t, detail=f"Xinference type {actual}")
    hint = dify_type_of_model(actual, desc.get("model_ability") or ())
    return step("type", "Model type matches", Status.FAIL, t,
                cause=f"The model is a Xinference {actual} model, but it was chosen in Dify as "
                      f"{dify_label(dify_type)}.",
                fix=(f"Choose model type {dify_label(hint)!r} in Dify." if hint
                     else "Dify cannot use this kind of model."))


def check_abilities(desc: dict[str, Any], dify_type: str, abilities: tuple[str, ...]) -> Step:
    t = time.monotonic()
    have = list(abilities) or list(desc.get("model_ability") or [])
    title = "Abilities suffice"
    if dify_type == "llm":
        if "chat" not in have and "generate" not in have:
            return step("abilities", title, Status.FAIL, t, detail=", ".join(have),
                        cause="The model has neither chat nor generate ability.",
                        fix="Choose the model type that matches it in Dify.")
        extras = [label for a, label in (("tools", "function calling"), ("vision", "vision")) if a in have]
        mode = "chat" if "chat" in have else "completion"
        return step("abilities", title, Status.OK, t,
                    detail=f"Dify will use {mode} mode" + (f"; {' and '.join(extras)} on" if extras else ""))
    if dify_type == "tts" and "text-to-audio" not in have:
        return step("abilities", title, Status.FAIL, t, detail=", ".join(have),
                    cause="The audio model cannot speak (no text-to-audio ability).",
                    fix="Choose Speech2text in Dify, or launch a TTS model.")
    return step("abilities", title, Status.OK, t, detail=", ".join(have))


async def llm_call(probe: Probe, uid: str, abilities: tuple[str, ...], timeout: float) -> Step:
    """Our own extra: one tiny generation. Dify sends none on Save, so a failure here is a warning."""
    t = time.monotonic()
    title = "A real call (chat)" if "chat" in abilities else "A real call (completion)"
    if "chat" in abilities:
        path, body = "/v1/chat/completions", {"model": uid, "messages": [{"role": "user", "content": "ping"}],
                                               "max_tokens": 8}
    else:
        path, body = "/v1/completions", {"model": uid, "prompt": "ping", "max_tokens": 8}
    try:
        resp = await probe.request("POST", path, json=body, timeout=timeout)
    except httpx.HTTPError as exc:
        return step("call", title, Status.WARN, t, detail=f"{type(exc).__name__}: {exc}",
                    cause="The model did not answer a generation (Dify does not test this on Save).",
                    fix="Look at the server log; a model still loading or out of memory shows there.")
    if resp.status_code != 200:
        return step("call", title, Status.WARN, t, detail=f"{resp.status_code}: {resp.text[:300]}",
                    cause="The model refused a generation (Dify does not test this on Save).",
                    fix="Look at the server log.")
    return step("call", title, Status.OK, t, detail=f"answered in {time.monotonic() - t:.2f} s "
                "(Dify itself sends no generation when saving)")


async def check_call(probe: Probe, uid: str, dify_type: str, desc: dict[str, Any], emu: Emulation,
                     timeout: float) -> Step:
    """A real call: the one Dify makes on Save (embed, rerank, transcribe: already sent by Dify's re-enacted
    requests, so only reported), or our own tiny generation for an LLM (Dify sends none)."""
    if dify_type == "llm":
        abilities = tuple(desc.get("model_ability") or ())
        if "chat" not in abilities and "generate" not in abilities:
            return Step("call", "A real call", Status.SKIP, 0.0, "Not an LLM: no generation to try.")
        return await llm_call(probe, uid, abilities, timeout)
    if dify_type == "tts":
        return Step("call", "A real call", Status.SKIP, 0.0, "Dify sends no audio request when saving a TTS model.")
    what = {"text-embedding": "embed [\"ping\"]", "rerank": "rerank 3 documents",
            "speech2text": "transcribe a short audio"}[dify_type]
    invoke = [e for e in emu.exchanges if e.stage == "invoke"]
    seconds = sum(e.seconds for e in invoke)
    title = f"A real call as Dify makes it ({what})"
    if emu.accepted:
        return Step("call", title, Status.OK, seconds, f"answered in {seconds:.2f} s")
    if emu.stage == "invoke":
        return Step("call", title, Status.FAIL, seconds, emu.error,
                    cause="The model failed the call Dify makes when saving.",
                    fix="Look at the server log for this model's error.")
    return Step("call", title, Status.SKIP, 0.0, "Dify stopped before this call.")
