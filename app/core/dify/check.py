"""The Dify connection test: would Dify's "Save" accept this Xinference model, from where Dify runs, and if not, why.

``run_check`` is the one orchestrator; it reads from top to bottom in the order Dify meets things:

1. the form as typed (every mistake named at once, with the URL that works: ``form``, ``server_steps``);
2. where Dify runs: can its side open a connection to that URL (``location``, asked of its own container when a
   Docker CLI here sees it);
3. **the verdict's source**: Dify's own requests, re-enacted one by one as its plugin sends them on Save, over the
   network as seen from where it runs (``validation``, ``network``), with Dify's exact error text;
4. why, at the URL that works: name, TCP, is it Xinference, login, the UID, its type and abilities, a real call
   (``server_steps``, ``model_steps``); what Dify's requests already learnt is not asked again (``verdict``);
5. the verdict. Our extra checks can only warn where Dify accepts: a failed step never stands next to an
   accepting verdict.

Each step is a function that returns a ``Step`` and calls nothing back. A server that never answers costs one
timeout, not Dify's four: the retries are predicted from the first (``RequestsLike``), and the explanation does
not wait out a silence Dify's requests already met.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import httpx
from yarl import URL

from app.core.dify import location as loc
from app.core.dify import model_steps as ms
from app.core.dify import server_steps as ss
from app.core.dify.form import MachineFacts, parse_server_url, review_url
from app.core.dify.model_types import DIFY_TYPES
from app.core.dify.network import DifyNetwork, tls_context
from app.core.dify.probe import Probe
from app.core.dify.report import DifyCheckRequest, DifyReport
from app.core.dify.steps import Status, Step
from app.core.dify.validation import Emulation, emulate
from app.core.dify.verdict import key_refused, prediction, silence, verdict_step

__all__ = ["DifyCheckRequest", "DifyReport", "run_check"]

StepCallback = Callable[[Step], None]


def normalized(server_url: str) -> str:
    typed = server_url.strip()
    return typed if "://" in typed else f"http://{typed}"


@dataclass
class _Explained:
    login_on: bool | None = None
    keyed_requests: int = 0  # requests of the explanation that carried the API key


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

    # 1. The form. The socket table, this machine's addresses and DNS: in a thread, never on the window's loop.
    facts, reach = await asyncio.to_thread(_look_around, req)
    tls = await tls_context()
    review = review_url(req.server_url, req.location, req.host_address, facts)
    add(ss.check_inputs(review, req.model_uid, req.uid_hint))

    # 2. Where Dify runs.
    step, reach = await ss.check_location(req.location, normalized(req.server_url), reach, req.docker_probe)
    add(step)

    # 3. Dify's own decision.
    emu = await emulate(req.model_type, req.server_url, req.model_uid, req.api_key,
                        metadata_timeout=req.metadata_timeout, metadata_retries=req.metadata_retries,
                        client_timeout=req.invoke_timeout, transport=_network(req, reach, tls),
                        model_name=req.model_name)
    keyed = sum(e.sent_key for e in emu.exchanges)

    # 4. Why, at the URL that works.
    explained = _Explained()
    target = review.working_url or (normalized(req.server_url) if URL(normalized(req.server_url)).host else "")
    if target:
        if target.rstrip("/") != normalized(req.server_url).rstrip("/"):
            add(Step("target", "Checked at the URL that works", Status.OK, 0.0, target))
        explained = await _explain(req, target, emu, add, tls)
        keyed += explained.keyed_requests

    # 5. The verdict: Dify's.
    predicted = prediction(emu)
    add(verdict_step(emu, steps, predicted))
    if emu.accepted:
        # Dify's verdict wins: what only our extra checks dislike is a warning, and says so.
        steps[:] = [replace(s, status=Status.WARN, cause=f"{s.cause} (Dify does not check this when saving.)")
                    if s.status is Status.FAIL else s for s in steps]
    return DifyReport(req, tuple(steps), emu.accepted, emu.error, emu.error_kind,
                      review.working_url or reach.suggested_url, time.monotonic() - started, emu,
                      explained.login_on, predicted, keyed)


def _skip(add: StepCallback, why: str, title: str = "Xinference, login, UID, type, a real call") -> None:
    add(Step("rest", title, Status.SKIP, 0.0, f"Not checked: {why}"))


async def _explain(req: DifyCheckRequest, target: str, emu: Emulation, add: StepCallback,
                   verify: ssl.SSLContext | bool) -> _Explained:
    """Name → TCP → (over HTTP) Xinference → login → UID → type → abilities → a real call; every step that can
    run, runs; one that cannot says why. A key the server refused to Dify is not sent again (each wrong key
    counts towards Xinference's ban on the address)."""
    out = _Explained()
    url = URL(target)
    host, port = url.host or "", url.explicit_port or url.port or 80
    if host == loc.DOCKER_DESKTOP_HOST and req.location in ("docker-linux", "remote"):
        add(Step("resolve", "Name resolves", Status.FAIL, 0.0, f"{host} (predicted for {loc.PLACE[req.location]})",
                 cause=f"{host} does not resolve there.", fix=loc.DOCKER_LINUX_ADVICE))
        _skip(add, "the name does not resolve where Dify runs.")
        return out
    mapped = loc.container_hosts(req.location).get(host)
    step = await ss.check_resolve(host, port, mapped, "as Docker Desktop resolves it for its containers")
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
    step = await ss.check_connect(address, port)
    add(step)
    if step.status is Status.FAIL:
        _skip(add, "the server cannot be reached.")
        return out
    base = str(url.with_host(address.strip("[]")).with_path("/").with_query(None)).rstrip("/")
    probe = Probe(base, req.api_key, timeout=req.metadata_timeout, key_refused=key_refused(emu), verify=verify)
    try:
        await _explain_over_http(req, probe, emu, silence(emu, port, connect=False), add, out)
    except httpx.HTTPError as exc:
        add(Step("http", "HTTP", Status.FAIL, 0.0, f"{type(exc).__name__}: {exc}",
                 cause="The server stopped answering during the test.", fix="Look at the server log."))
    finally:
        out.keyed_requests = probe.keyed
        await probe.aclose()
    return out


async def _explain_over_http(req: DifyCheckRequest, probe: Probe, emu: Emulation, silent: str,
                             add: StepCallback, out: _Explained) -> None:
    """The HTTP part of the explanation (``out.login_on``: whether login is on, as soon as it is learnt)."""
    step, _login = await ss.check_xinference(probe, silent)
    add(step)
    if step.status is Status.FAIL:
        _skip(add, "this is not an Xinference server that answers.")
        return
    step, out.login_on = await ss.check_auth(probe, req.key_hint)
    add(step)
    if step.status is Status.FAIL:
        _skip(add, "the server refuses the request.", "UID, type, a real call")
        return
    uid = req.model_uid.strip()
    step, desc = await ms.check_uid(probe, uid, req.model_type)
    add(step)
    if desc is None:
        _skip(add, "no model has this UID.", "Type, abilities, a real call")
        return
    add(ms.check_type(desc, req.model_type))
    add(ms.check_abilities(desc, req.model_type, emu.abilities))
    add(await ms.check_call(probe, uid, req.model_type, desc, emu, req.invoke_timeout))


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
