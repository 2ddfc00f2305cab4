"""The Dify connection test: would Dify's "Save" accept this Xinference model, from where Dify runs, and if not, why.

``run_check`` combines two things:

* Dify's own decision, re-enacted request by request (``app.core.dify.validation``) over the network as seen from
  where Dify runs (``app.core.dify.network``): this is **the verdict**, with Dify's exact error text;
* an explanation: every mistake of the form named at once with the URL that works (``app.core.dify.form``), the
  reachability from Dify's container (``app.core.dify.location``), and a ladder of steps run against the URL that
  works (``app.core.dify.ladder``), which adds what Dify does not check (a real chat call). These can only warn
  where Dify accepts: a failed step never stands next to an accepting verdict.

A server that never answers costs one timeout, not Dify's four: the retries are predicted from the first
(``RequestsLike``), and the ladder does not wait out a silence Dify's requests already met.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Callable
from dataclasses import replace

from yarl import URL

from app.core.dify import location as loc
from app.core.dify import steps as ds
from app.core.dify.ban import explain_ban, is_ban
from app.core.dify.container_probe import probe_from_container
from app.core.dify.form import MachineFacts, parse_server_url, review_url
from app.core.dify.ladder import run_ladder
from app.core.dify.model_types import DIFY_TYPES
from app.core.dify.network import DifyNetwork, tls_context
from app.core.dify.report import DifyCheckRequest, DifyReport
from app.core.dify.steps import Status, Step
from app.core.dify.validation import Emulation, emulate

StepCallback = Callable[[Step], None]


def normalized(server_url: str) -> str:
    typed = server_url.strip()
    return typed if "://" in typed else f"http://{typed}"


async def run_check(req: DifyCheckRequest, on_step: StepCallback | None = None) -> DifyReport:
    """Run the whole test; ``on_step`` sees each step as it completes (for a live checklist).

    Raises ``InvalidInput`` (one line) for a server URL that is not a URL at all, before anything is sent."""
    if req.location not in loc.LOCATIONS:
        raise ValueError(f"unknown location {req.location!r}")
    if req.model_type not in DIFY_TYPES:
        raise ValueError(f"unknown Dify model type {req.model_type!r}")
    parse_server_url(req.server_url)
    started = time.monotonic()
    steps: list[Step] = []

    def add(step: Step) -> None:
        steps.append(step)
        if on_step is not None:
            on_step(step)

    # The socket table, this machine's addresses and DNS: in a thread, never on the window's loop.
    facts, reach = await asyncio.to_thread(_look_around, req)
    tls = await tls_context()
    review = review_url(req.server_url, req.location, req.host_address, facts)
    add(ds.check_inputs(review, req.model_uid, req.uid_hint))
    reach = await _location_step(req, reach, add)
    emu = await emulate(req.model_type, req.server_url, req.model_uid, req.api_key,
                        metadata_timeout=req.metadata_timeout, metadata_retries=req.metadata_retries,
                        client_timeout=req.invoke_timeout, transport=_network(req, reach, tls),
                        model_name=req.model_name)
    login_on: bool | None = None
    keyed = sum(e.sent_key for e in emu.exchanges)
    target = review.working_url or (normalized(req.server_url) if URL(normalized(req.server_url)).host else "")
    if target:
        if target.rstrip("/") != normalized(req.server_url).rstrip("/"):
            add(Step("target", "Checked at the URL that works", Status.OK, 0.0, target))
        ladder = await run_ladder(req, target, emu, add, tls)
        login_on, keyed = ladder.login_on, keyed + ladder.keyed_requests
    prediction = _prediction(emu)
    add(_verdict_step(emu, steps, prediction))
    if emu.accepted:
        # Dify's verdict wins: what only our extra checks dislike is a warning, and says so.
        steps[:] = [replace(s, status=Status.WARN, cause=f"{s.cause} (Dify does not check this when saving.)")
                    if s.status is Status.FAIL else s for s in steps]
    return DifyReport(req, tuple(steps), emu.accepted, emu.error, emu.error_kind,
                      review.working_url or reach.suggested_url, time.monotonic() - started, emu, login_on,
                      prediction, keyed)


def _look_around(req: DifyCheckRequest) -> tuple[MachineFacts, loc.Reachability]:
    """Blocking: what this machine says about the typed URL, and the reachability from where Dify runs."""
    typed = URL(normalized(req.server_url))
    reach = loc.predict_blocking(req.location, str(typed), req.host_address)
    app_port: int | None = None
    if req.known_endpoint:
        with_port = URL(req.known_endpoint)
        known = with_port.explicit_port or with_port.port
        if known and loc.listening_addresses(known):
            app_port = known
    port = typed.explicit_port
    listens = bool(loc.listening_addresses(port)) if port else None
    facts = MachineFacts(loc.xinference_ports(), app_port, listens, frozenset(loc.local_addresses()))
    return facts, reach


def _network(req: DifyCheckRequest, reach: loc.Reachability, tls: ssl.SSLContext) -> DifyNetwork:
    host = URL(normalized(req.server_url)).host or ""
    unresolved = frozenset({host}) if reach.blocked == "unresolved" else frozenset()
    return DifyNetwork(loc.container_hosts(req.location), unresolved, refuse=reach.blocked == "refused", verify=tls)


def _prediction(emu: Emulation) -> str:
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


def _verdict_step(emu: Emulation, steps: list[Step], prediction: str) -> Step:
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
                cause="" if explained else _stage_cause(emu),
                fix="" if explained else "See the steps above; the text is Dify's own error message.")


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


async def _location_step(req: DifyCheckRequest, reach: loc.Reachability, add: Callable[[Step], None]
                         ) -> loc.Reachability:
    t = time.monotonic()
    title = "Reachable from where Dify runs"
    if req.location == "same-host":
        add(Step("location", title, Status.SKIP, time.monotonic() - t, reach.detail))
        return reach
    probe = (await probe_from_container(normalized(req.server_url))
             if req.docker_probe and req.location != "remote" else None)
    if probe is not None:
        # A real answer from Dify's own container beats any prediction.
        seen = "reached the server" if probe.reachable else f"could not reach the server ({probe.output})"
        reach = replace(reach, reachable=probe.reachable,
                        detail=f"Asked container {probe.container} (docker exec): it {seen}. {reach.detail}",
                        cause=reach.cause if not probe.reachable else "",
                        fix=reach.fix if not probe.reachable else "",
                        blocked=(reach.blocked or "refused") if not probe.reachable else "")
    status = {True: Status.OK, False: Status.FAIL, None: Status.WARN}[reach.reachable]
    add(Step("location", title, status, time.monotonic() - t, reach.detail, reach.cause, reach.fix))
    return reach
