"""The diagnostic ladder of the Dify check: URL, name, TCP, Xinference, login, UID, type, abilities, a real call.

Each function returns a ``Step`` with the cause and the fix on failure. These steps explain; they do not decide:
Dify's verdict comes from ``app.core.dify.validation`` (see ``app.core.dify.check.run_check``).
"""

from __future__ import annotations

import asyncio
import socket
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import httpx
from yarl import URL

from app.core.dify.validation import metadata_url, uid_has_forbidden_chars


class Status(StrEnum):
    OK = "ok"
    FAIL = "fail"
    WARN = "warn"
    SKIP = "skip"


MARK = {Status.OK: "✓", Status.FAIL: "✗", Status.WARN: "!", Status.SKIP: "–"}

# Which Xinference model_type each Dify type needs.
XINFERENCE_TYPE = {"llm": "LLM", "text-embedding": "embedding", "rerank": "rerank", "speech2text": "audio",
                   "tts": "audio"}
DIFY_TYPE_FOR = {"LLM": "llm", "embedding": "text-embedding", "rerank": "rerank", "audio": "speech2text"}


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


def _step(key: str, title: str, status: Status, started: float, detail: str = "", cause: str = "",
          fix: str = "") -> Step:
    return Step(key, title, status, time.monotonic() - started, detail, cause, fix)


def check_inputs(server_url: str, uid: str) -> Step:
    """The URL and UID as typed: the mistakes Dify punishes before (or instead of) talking to the server."""
    t = time.monotonic()
    title = "URL and UID well-formed"
    url_s = server_url.strip()
    if not url_s:
        return _step("inputs", title, Status.FAIL, t, cause="The server URL is empty.",
                     fix="Type the server URL, e.g. http://192.168.1.10:9997.")
    if not uid.strip():
        return _step("inputs", title, Status.FAIL, t, cause="The model UID is empty.",
                     fix="Copy the UID from the Running page.")
    if uid_has_forbidden_chars(uid):
        return _step("inputs", title, Status.FAIL, t,
                     cause=f"The UID {uid!r} contains '/', '?' or '#', which Dify refuses.",
                     fix="Relaunch the model with a UID made of letters, digits, '-' and '_' (a model name like "
                         "org/model is not a UID).")
    if "://" not in url_s:
        return _step("inputs", title, Status.FAIL, t, cause=f"{url_s!r} has no http:// in front.",
                     fix=f"Type http://{url_s}")
    url = URL(url_s)
    if url.scheme not in ("http", "https") or not url.host:
        return _step("inputs", title, Status.FAIL, t, cause=f"{url_s!r} is not an http(s) URL with a host.",
                     fix="Type it as http://HOST:PORT.")
    if url.path.rstrip("/").endswith("/v1"):
        return _step("inputs", title, Status.FAIL, t,
                     cause=f"The URL ends in /v1: Dify adds /v1 itself and would ask {metadata_url(url_s, uid)}.",
                     fix=f"Remove /v1: {url.with_path(url.path.rstrip('/')[:-3] or '/')}".rstrip("/"))
    detail = "" if uid == uid.strip() else "The UID has spaces around it; Dify sends them as typed."
    return _step("inputs", title, Status.WARN if detail else Status.OK, t, detail=detail)


async def check_resolve(host: str, port: int) -> Step:
    t = time.monotonic()
    try:
        infos = await asyncio.to_thread(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        return _step("resolve", "Name resolves", Status.FAIL, t, detail=str(exc),
                     cause=f"The host name {host!r} does not resolve.",
                     fix="Check its spelling, or use the server's IP address.")
    addrs = sorted({str(i[4][0]) for i in infos})
    return _step("resolve", "Name resolves", Status.OK, t, detail=", ".join(addrs))


async def check_connect(host: str, port: int, timeout: float = 5.0) -> Step:
    t = time.monotonic()
    title = "TCP connect"
    try:
        _r, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    except TimeoutError:
        return _step("connect", title, Status.FAIL, t, cause=f"No answer from {host}:{port} within {timeout:g} s.",
                     fix="A firewall may drop the packets; check the address and the firewall.")
    except OSError as exc:
        return _step("connect", title, Status.FAIL, t, detail=str(exc),
                     cause=f"Nothing accepts connections on {host}:{port}.",
                     fix="Start the server, or correct the port (Xinference's default is 9997).")
    writer.close()
    return _step("connect", title, Status.OK, t, detail=f"{host}:{port}")


class Probe:
    """The diagnostic requests, with the user's key when one is given."""

    def __init__(self, base: str, api_key: str | None, timeout: float = 10.0) -> None:
        self.base = base.rstrip("/")
        self.headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.http = httpx.AsyncClient(trust_env=False, timeout=timeout)

    async def aclose(self) -> None:
        await self.http.aclose()

    async def get(self, path: str, auth: bool = True) -> httpx.Response:
        return await self.http.get(self.base + path, headers=self.headers if auth else {})


async def check_xinference(probe: Probe) -> tuple[Step, str]:
    t = time.monotonic()
    title = "HTTP answers and it is Xinference"
    try:
        resp = await probe.get("/v1/cluster/version")
        if resp.status_code == 401:
            # A login-enabled server hides its version; /v1/cluster/auth answers anyone, and only Xinference has it.
            auth = await probe.get("/v1/cluster/auth", auth=False)
            body = auth.json() if auth.status_code == 200 else None
            if isinstance(body, dict) and "auth" in body:
                return _step("xinference", title, Status.OK, t, detail="Xinference (version needs login)"), ""
        data = resp.json() if resp.status_code == 200 else None
    except httpx.TimeoutException:
        return _step("xinference", title, Status.FAIL, t, cause="The server accepted the connection but sent no "
                     "answer in time (Dify waits 10 s, four times).",
                     fix="The server may be hung or overloaded: look at its log, or restart it."), ""
    except (httpx.HTTPError, ValueError) as exc:
        return _step("xinference", title, Status.FAIL, t, detail=str(exc),
                     cause="Something answers on that port, but not Xinference.",
                     fix="Check the port: another program listens there."), ""
    if not isinstance(data, dict) or "version" not in data:
        return _step("xinference", title, Status.FAIL, t, detail=f"/v1/cluster/version → {resp.status_code}",
                     cause="Something answers on that port, but not Xinference.",
                     fix="Check the port: another program listens there."), ""
    return _step("xinference", title, Status.OK, t, detail=f"Xinference {data['version']}"), str(data["version"])


async def check_auth(probe: Probe, api_key: str | None) -> Step:
    t = time.monotonic()
    title = "Login and API key"
    try:
        resp = await probe.get("/v1/cluster/auth", auth=False)
        login = bool(resp.json().get("auth")) if resp.status_code == 200 else False
        if not login:
            note = " (Dify sends the key anyway; harmless)" if api_key else ""
            return _step("auth", title, Status.OK, t, detail=f"Login is off: no key needed{note}.")
        if not api_key:
            return _step("auth", title, Status.FAIL, t, detail="Login is on.",
                         cause="The server requires login and no API key was given.",
                         fix="Create an API key (Server page → API keys) and paste it into Dify's API key field.")
        resp = await probe.get("/v1/models")
    except (httpx.HTTPError, ValueError, AttributeError) as exc:
        return _step("auth", title, Status.WARN, t, detail=f"Could not tell: {exc}")
    if resp.status_code == 401:
        return _step("auth", title, Status.FAIL, t, detail="Login is on.",
                     cause="The server refuses this API key (401 Could not validate credentials).",
                     fix="Check the key, or create a new one on the Server page; keys of another server don't work.")
    return _step("auth", title, Status.OK, t, detail="Login is on and the key is accepted.")


async def check_uid(probe: Probe, uid: str) -> tuple[Step, dict[str, Any] | None]:
    t = time.monotonic()
    title = "UID valid and running"
    resp = await probe.http.get(metadata_url(probe.base, uid), headers=probe.headers)
    if resp.status_code == 200:
        desc = resp.json()
        return _step("uid", title, Status.OK, t, detail=f"{uid}: {desc.get('model_name', '?')} "
                     f"({desc.get('model_type', '?')})"), desc
    running: list[dict[str, Any]] = []
    try:
        listed = await probe.get("/v1/models")
        if listed.status_code == 200:
            running = [m for m in listed.json().get("data", []) if isinstance(m, dict)]
    except (httpx.HTTPError, ValueError, AttributeError):
        pass
    uids = [str(m.get("id")) for m in running]
    by_name = [str(m.get("id")) for m in running if m.get("model_name") == uid]
    if by_name:
        cause = f"{uid!r} is the model's name, not its UID."
        fix = f"Use the UID {by_name[0]!r}."
    else:
        close = [u for u in uids if u.lower() == uid.lower() or uid.startswith(u) or u.startswith(uid)]
        cause = f"No running model has the UID {uid!r} (the server answered {resp.status_code})."
        fix = f"Did you mean {close[0]!r}? " if close else ""
        fix += "Running UIDs: " + (", ".join(uids) if uids else "none: launch the model first.")
    return _step("uid", title, Status.FAIL, t, detail=resp.text[:300], cause=cause, fix=fix), None


def check_type(desc: dict[str, Any], dify_type: str) -> Step:
    t = time.monotonic()
    actual = str(desc.get("model_type"))
    wanted = XINFERENCE_TYPE[dify_type]
    if actual == wanted:
        return _step("type", "Model type matches", Status.OK, t, detail=f"Xinference type {actual}")
    hint = DIFY_TYPE_FOR.get(actual)
    return _step("type", "Model type matches", Status.FAIL, t,
                 cause=f"The model is a Xinference {actual} model, but it was chosen in Dify as {dify_type}.",
                 fix=f"Choose model type {hint!r} in Dify." if hint else "Dify cannot use this kind of model.")


def check_abilities(desc: dict[str, Any], dify_type: str, abilities: tuple[str, ...]) -> Step:
    t = time.monotonic()
    have = list(abilities) or list(desc.get("model_ability") or [])
    title = "Abilities suffice"
    if dify_type == "llm":
        if "chat" not in have and "generate" not in have:
            return _step("abilities", title, Status.FAIL, t, detail=", ".join(have),
                         cause="The model has neither chat nor generate ability.",
                         fix="Choose the model type that matches it in Dify.")
        extras = [label for a, label in (("tools", "function calling"), ("vision", "vision")) if a in have]
        mode = "chat" if "chat" in have else "completion"
        return _step("abilities", title, Status.OK, t,
                     detail=f"Dify will use {mode} mode" + (f"; {' and '.join(extras)} on" if extras else ""))
    if dify_type == "tts" and "text-to-audio" not in have:
        return _step("abilities", title, Status.FAIL, t, detail=", ".join(have),
                     cause="The audio model cannot speak (no text-to-audio ability).",
                     fix="Choose Speech2text in Dify, or launch a TTS model.")
    return _step("abilities", title, Status.OK, t, detail=", ".join(have))


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
        resp = await probe.http.post(probe.base + path, json=body, headers=probe.headers, timeout=timeout)
    except httpx.HTTPError as exc:
        return _step("call", title, Status.WARN, t, detail=f"{type(exc).__name__}: {exc}",
                     cause="The model did not answer a generation (Dify does not test this on Save).",
                     fix="Look at the server log; a model still loading or out of memory shows there.")
    if resp.status_code != 200:
        return _step("call", title, Status.WARN, t, detail=f"{resp.status_code}: {resp.text[:300]}",
                     cause="The model refused a generation (Dify does not test this on Save).",
                     fix="Look at the server log.")
    return _step("call", title, Status.OK, t, detail=f"answered in {time.monotonic() - t:.2f} s "
                 "(Dify itself sends no generation when saving)")
