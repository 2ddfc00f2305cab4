"""The diagnostic ladder, run against the URL that works (as seen from where Dify runs): name → TCP → Xinference →
login → UID → type → abilities → a real call. Every step that can run, runs; one that cannot says why.

What Dify's own requests already learnt is not asked again: a silence already waited out is not waited out twice,
and a key the server refused is not sent again (each wrong key counts towards Xinference's ban on the address).
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from yarl import URL

from app.core.dify import location as loc
from app.core.dify import steps as ds
from app.core.dify.model_steps import check_abilities, check_type, check_uid, llm_call
from app.core.dify.report import DifyCheckRequest
from app.core.dify.steps import Status, Step
from app.core.dify.validation import Emulation

Add = Callable[[Step], None]


@dataclass
class LadderOutcome:
    login_on: bool | None = None
    keyed_requests: int = 0  # requests of the ladder that carried the API key


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


def _skip(add: Add, why: str) -> None:
    add(Step("rest", "Xinference, login, UID, type, a real call", Status.SKIP, 0.0, f"Not checked: {why}"))


async def run_ladder(req: DifyCheckRequest, target: str, emu: Emulation, add: Add,
                     verify: ssl.SSLContext | bool = True) -> LadderOutcome:
    out = LadderOutcome()
    url = URL(target)
    host, port = url.host or "", url.explicit_port or url.port or 80
    if host == loc.DOCKER_DESKTOP_HOST and req.location in ("docker-linux", "remote"):
        add(Step("resolve", "Name resolves", Status.FAIL, 0.0, f"{host} (predicted for {loc.PLACE[req.location]})",
                 cause=f"{host} does not resolve there.", fix=loc.DOCKER_LINUX_ADVICE))
        _skip(add, "the name does not resolve where Dify runs.")
        return out
    mapped = loc.container_hosts(req.location).get(host)
    step = await ds.check_resolve(host, port, mapped, "as Docker Desktop resolves it for its containers")
    add(step)
    if step.status is Status.FAIL:
        _skip(add, "the name does not resolve.")
        return out
    address = mapped or host
    waited = silence(emu, port, connect=True)
    if waited:
        add(Step("connect", "TCP connect", Status.FAIL, 0.0, waited, cause=f"No answer from {address}:{port}.",
                 fix="A firewall may drop the packets; check the address and the firewall."))
        _skip(add, "the server cannot be reached.")
        return out
    step = await ds.check_connect(address, port)
    add(step)
    if step.status is Status.FAIL:
        _skip(add, "the server cannot be reached.")
        return out
    base = str(url.with_host(address.strip("[]")).with_path("/").with_query(None)).rstrip("/")
    probe = ds.Probe(base, req.api_key, timeout=req.metadata_timeout, key_refused=key_refused(emu), verify=verify)
    try:
        await _on_server(req, probe, emu, silence(emu, port, connect=False), add, out)
    except httpx.HTTPError as exc:
        add(Step("http", "HTTP", Status.FAIL, 0.0, f"{type(exc).__name__}: {exc}",
                 cause="The server stopped answering during the test.", fix="Look at the server log."))
    finally:
        out.keyed_requests = probe.keyed
        await probe.aclose()
    return out


async def _on_server(req: DifyCheckRequest, probe: ds.Probe, emu: Emulation, silent: str, add: Add,
                     out: LadderOutcome) -> None:
    step, _login = await ds.check_xinference(probe, silent)
    add(step)
    if step.status is Status.FAIL:
        _skip(add, "this is not an Xinference server that answers.")
        return
    step, out.login_on = await ds.check_auth(probe, req.key_hint)
    add(step)
    if step.status is Status.FAIL:
        add(Step("rest", "UID, type, a real call", Status.SKIP, 0.0, "Not checked: the server refuses the request."))
        return
    step, desc = await check_uid(probe, req.model_uid.strip(), req.model_type)
    add(step)
    if desc is None:
        add(Step("rest", "Type, abilities, a real call", Status.SKIP, 0.0, "Not checked: no model has this UID."))
        return
    add(check_type(desc, req.model_type))
    add(check_abilities(desc, req.model_type, emu.abilities))
    add(await _call_step(req, emu, probe, desc))


async def _call_step(req: DifyCheckRequest, emu: Emulation, probe: ds.Probe, desc: dict[str, Any]) -> Step:
    if req.model_type == "llm":
        abilities = tuple(desc.get("model_ability") or ())
        if "chat" not in abilities and "generate" not in abilities:
            return Step("call", "A real call", Status.SKIP, 0.0, "Not an LLM: no generation to try.")
        return await llm_call(probe, req.model_uid.strip(), abilities, req.invoke_timeout)
    if req.model_type == "tts":
        return Step("call", "A real call", Status.SKIP, 0.0, "Dify sends no audio request when saving a TTS model.")
    what = {"text-embedding": "embed [\"ping\"]", "rerank": "rerank 3 documents",
            "speech2text": "transcribe a short audio"}[req.model_type]
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
