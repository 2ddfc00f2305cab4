"""The check's steps up to the server: the form as typed, where Dify runs, the name, TCP, "is it Xinference", login.

Each takes what it needs and returns a ``Step`` (with the cause and the fix on failure); none calls another step
or the orchestrator (``app.core.dify.check``). They explain; they do not decide: Dify's verdict comes from
``app.core.dify.validation``.
"""

from __future__ import annotations

import asyncio
import socket
import time
from dataclasses import replace

import httpx

from app.core.dify import location as loc
from app.core.dify.ban import explain_ban, is_ban
from app.core.dify.container_probe import probe_from_container
from app.core.dify.form import FormReview
from app.core.dify.probe import Probe
from app.core.dify.steps import Status, Step, step
from app.core.dify.validation import uid_has_forbidden_chars


def check_inputs(review: FormReview, uid: str, uid_hint: str) -> Step:
    """The URL and UID as typed: every mistake Dify punishes, named in one step, with the URL that works."""
    t = time.monotonic()
    title = "Server URL and UID as Dify needs them"
    problems = list(review.problems)
    if not uid.strip():
        problems.append(f"The model UID is empty ({uid_hint}).")
    elif uid_has_forbidden_chars(uid):
        problems.append(f"The UID {uid!r} contains '/', '?' or '#', which Dify refuses: relaunch the model with a "
                        "UID made of letters, digits, '-' and '_' (a model name like org/model is not a UID).")
    if problems:
        fix = f"Use {review.working_url} as the server URL." if review.working_url else ""
        cause = problems[0] if len(problems) == 1 else " ".join(f"({i}) {p}" for i, p in enumerate(problems, 1))
        return step("inputs", title, Status.FAIL, t, cause=cause, fix=fix)
    detail = "" if uid == uid.strip() else "The UID has spaces around it; Dify sends them as typed."
    return step("inputs", title, Status.WARN if detail else Status.OK, t, detail=detail)


async def check_location(location: str, server_url: str, reach: loc.Reachability, docker_probe: bool
                         ) -> tuple[Step, loc.Reachability]:
    """Whether Dify, where it runs, reaches ``server_url``: the prediction made on this machine (``reach``), or
    better, when a Docker CLI here sees Dify's plugin daemon, the answer of that container itself."""
    t = time.monotonic()
    title = "Reachable from where Dify runs"
    if location == "same-host":
        return Step("location", title, Status.SKIP, time.monotonic() - t, reach.detail), reach
    probe = (await probe_from_container(server_url)
             if docker_probe and location != "remote" else None)
    if probe is not None:
        # A real answer from Dify's own container beats any prediction.
        seen = "reached the server" if probe.reachable else f"could not reach the server ({probe.output})"
        reach = replace(reach, reachable=probe.reachable,
                        detail=f"Asked container {probe.container} (docker exec): it {seen}. {reach.detail}",
                        cause=reach.cause if not probe.reachable else "",
                        fix=reach.fix if not probe.reachable else "",
                        blocked=(reach.blocked or "refused") if not probe.reachable else "")
    status = {True: Status.OK, False: Status.FAIL, None: Status.WARN}[reach.reachable]
    return Step("location", title, status, time.monotonic() - t, reach.detail, reach.cause, reach.fix), reach


async def check_resolve(host: str, port: int, mapped: str | None = None, why: str = "") -> Step:
    t = time.monotonic()
    title = "Name resolves"
    if mapped is not None:
        return step("resolve", title, Status.OK, t, detail=f"{host} → {mapped} ({why})")
    try:
        infos = await asyncio.to_thread(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        return step("resolve", title, Status.FAIL, t, detail=str(exc),
                    cause=f"The host name {host!r} does not resolve.",
                    fix="Check its spelling, or use the server's IP address.")
    addrs = sorted({str(i[4][0]) for i in infos})
    return step("resolve", title, Status.OK, t, detail=", ".join(addrs))


async def check_connect(host: str, port: int, timeout: float = 5.0) -> Step:
    t = time.monotonic()
    title = "TCP connect"
    try:
        _r, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    except TimeoutError:
        return step("connect", title, Status.FAIL, t, cause=f"No answer from {host}:{port} within {timeout:g} s.",
                    fix="A firewall may drop the packets; check the address and the firewall.")
    except OSError as exc:
        return step("connect", title, Status.FAIL, t, detail=str(exc),
                    cause=f"Nothing accepts connections on {host}:{port}.",
                    fix="Start the server, or correct the port (Xinference's default is 9997).")
    writer.close()
    return step("connect", title, Status.OK, t, detail=f"{host}:{port}")


def _is_xinference_auth(resp: httpx.Response) -> bool:
    try:
        body = resp.json() if resp.status_code == 200 else None
    except ValueError:
        return False
    return isinstance(body, dict) and "auth" in body


async def check_xinference(probe: Probe, silent: str = "") -> tuple[Step, bool]:
    """Is it Xinference? ``silent``: Dify's own requests already waited out a silence on this server (then this
    step says so instead of waiting again). Returns the step and whether login is on (as far as seen)."""
    t = time.monotonic()
    title = "HTTP answers and it is Xinference"
    hung = "The server accepted the connection but sent no answer in time."
    if silent:
        return step("xinference", title, Status.FAIL, t, detail=silent, cause=hung,
                    fix="The server may be hung or overloaded: look at its log, or restart it."), False
    try:
        resp = await probe.get("/v1/cluster/version")
        data = resp.json() if resp.status_code == 200 else None
        if isinstance(data, dict) and "version" in data:
            return step("xinference", title, Status.OK, t, detail=f"Xinference {data['version']}"), False
        # A login server hides its version (401 without a key, 403 for an API key, 429 while banned);
        # /v1/cluster/auth answers anyone, and only Xinference has it.
        auth = await probe.get("/v1/cluster/auth", auth=False)
    except httpx.TimeoutException:
        return step("xinference", title, Status.FAIL, t, cause=hung,
                    fix="The server may be hung or overloaded: look at its log, or restart it."), False
    except (httpx.HTTPError, ValueError) as exc:
        return step("xinference", title, Status.FAIL, t, detail=str(exc),
                    cause="Something answers on that port, but not Xinference.",
                    fix="Check the port: another program listens there."), False
    if _is_xinference_auth(auth):
        login = bool(auth.json()["auth"])
        detail = {401: "Xinference, with login on (it shows its version only after login)",
                  403: "Xinference (it does not show its version to API keys)",
                  429: "Xinference (it refuses requests from this address for now: see below)"}.get(
            resp.status_code, f"Xinference (its version was not shown: {resp.status_code})")
        return step("xinference", title, Status.OK, t, detail=detail), login
    return step("xinference", title, Status.FAIL, t, detail=f"/v1/cluster/version → {resp.status_code}",
                cause="Something answers on that port, but not Xinference.",
                fix="Check the port: another program listens there."), False


async def check_auth(probe: Probe, key_hint: str) -> tuple[Step, bool | None]:
    """The step, and whether login is on (None: could not tell)."""
    t = time.monotonic()
    title = "Login and API key"
    try:
        resp = await probe.get("/v1/cluster/auth", auth=False)
        login = bool(resp.json().get("auth")) if resp.status_code == 200 else False
        if not login:
            note = " (Dify sends the key anyway; harmless)" if probe.api_key else ""
            return step("auth", title, Status.OK, t, detail=f"Login is off: no key needed{note}."), False
        if not probe.api_key:
            return step("auth", title, Status.FAIL, t, detail="Login is on.",
                        cause="The server requires login and no API key was given.",
                        fix=f"Paste {key_hint} into Dify's API key field."), True
        if not probe.key_refused:
            resp = await probe.get("/v1/models")
    except (httpx.HTTPError, ValueError, AttributeError) as exc:
        return step("auth", title, Status.WARN, t, detail=f"Could not tell: {exc}"), None
    if is_ban(resp.status_code, resp.text):
        ban = explain_ban(resp.text)
        return step("auth", title, Status.FAIL, t, detail=f"429: {resp.text[:200]}", cause=ban.cause, fix=ban.fix), True
    if probe.key_refused:
        return step("auth", title, Status.FAIL, t, detail="Login is on.",
                    cause="The server refuses this API key (401 Could not validate credentials).",
                    fix=f"Check the key, or use {key_hint}; keys of another server don't work."), True
    return step("auth", title, Status.OK, t, detail="Login is on and the key is accepted."), True
