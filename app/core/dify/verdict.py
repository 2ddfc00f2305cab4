"""What Dify's own requests (re-enacted by ``app.core.dify.validation``) tell the rest of the check: a silence
already waited out, a key already refused, how Dify reached its error, and the verdict step itself."""

from __future__ import annotations

from yarl import URL

from app.core.dify.ban import explain_ban, is_ban
from app.core.dify.steps import Status, Step
from app.core.dify.validation import Emulation


def silence(emu: Emulation, port: int, connect: bool) -> str:
    """What Dify's requests already waited out on ``port`` (a connect or a read timeout), as a sentence."""
    for e in emu.exchanges:
        if e.cause != "timeout" or URL(e.url).explicit_port not in (port, None):
            continue
        if connect == ("ConnectTimeout" in e.error):
            return f"Dify's request ({e.method} {URL(e.url).path}) got no answer in {e.seconds:.1f} s."
    return ""


def key_refused(emu: Emulation) -> bool:
    return any(e.sent_key and e.status == 401 for e in emu.exchanges)


def prediction(emu: Emulation) -> str:
    """How Dify gets to its error when part of its wait was predicted, not waited out ("" when nothing was)."""
    for e in emu.exchanges:
        if not e.predicted_tries:
            continue
        waited = f"{e.timeout:g} s" if e.timeout else "its timeout"
        if e.tries > 1:
            return (f"No answer within {waited}. Dify tries {e.tries} times, {waited} each, then shows:")
        return (f"No answer within {e.seconds:.0f} s. Dify waits up to {waited} (this check predicted the rest of "
                "the wait), then shows:")
    return ""


def verdict_step(emu: Emulation, steps: list[Step], prediction: str) -> Step:
    title = "Dify's validation"
    if emu.accepted:
        return Step("dify", title, Status.OK, 0.0, "Dify will accept this.")
    banned = next((e for e in emu.exchanges if is_ban(e.status, e.detail)), None)
    explained = any(s.status is Status.FAIL for s in steps)
    detail = f"{prediction} {emu.error}" if prediction else f"Dify would show: {emu.error}"
    if banned is not None and not any(s.key == "auth" and s.status is Status.FAIL for s in steps):
        ban = explain_ban(banned.detail)
        return Step("dify", title, Status.FAIL, 0.0, detail, cause=ban.cause, fix=ban.fix)
    return Step("dify", title, Status.FAIL, 0.0, detail,
                cause="" if explained else stage_cause(emu),
                fix="" if explained else "See the steps above; the text is Dify's own error message.")


def stage_cause(emu: Emulation) -> str:
    return {
        "metadata": "Dify's model metadata request failed.",
        "client-auth": "The Xinference client Dify uses could not ask the server whether login is on.",
        "get-model": "The Xinference client Dify uses could not get the model.",
        "handle": "The model is not of the type chosen in Dify.",
        "ability": "The model's abilities do not fit the type chosen in Dify.",
        "invoke": "The test call Dify makes (embed / rerank / transcribe) failed.",
        "uid": "Dify refuses this UID.",
    }.get(emu.stage, "Dify's validation failed.")
