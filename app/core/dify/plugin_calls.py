"""The calls Dify's Xinference plugin makes, one function each, with the exceptions the plugin would see.

``metadata`` is ``XinferenceHelper._get_xinference_extra_parameter`` (yarl join, Bearer for a non-empty key, 10 s
timeout, ``Retry(3)``); ``client_auth`` and ``get_model`` are ``xinference_client``'s ``Client.__init__`` and
``Client.get_model``. Failures come back as Python exceptions of the families the plugin catches (``RuntimeError``
for what it wraps itself, ``Raw`` for what reaches Dify untouched), so that each validator in
``app.core.dify.validation`` can apply the plugin's own ``except`` clauses.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from yarl import URL

from app.core.dify.requests_like import RequestsError, RequestsLike, requests_url_problem

METADATA_TIMEOUT = 10.0
METADATA_RETRIES = 3
# The xinference client sets no timeout at all; Dify's plugin daemon ends a request after its own limit. We need
# some bound to give a verdict: the "invoke timeout" default of Dify's form.
CLIENT_TIMEOUT = 60.0
# The client's calls that a healthy server answers at once (cluster/auth, a model's description): waited this long
# at most, the rest of Dify's wait predicted. Invoke calls (a real embedding on a slow CPU) get their full timeout.
PATIENCE = 10.0
QUICK_STAGES = ("client-auth", "get-model")
RERANK_QUERY = "Whose kasumi"
RERANK_DOCS = (
    "Kasumi is a girl's name of Japanese origin meaning \"mist\".",
    "Her music is a kawaii bass, a mix of future bass, pop, and kawaii music ",
    "and she leads a team named PopiParty.",
)
# The plugin's class module is models.<type>.<type>; Dify's error mapping names the provider by its [-3] part.
PROVIDER_TAG = "[models]"


class DifyError(Exception):
    """An exception the plugin would raise; ``str()`` is the text Dify shows."""

    def __init__(self, text: str, kind: str, stage: str) -> None:
        super().__init__(text)
        self.text = text
        self.kind = kind  # the plugin's exception class, e.g. CredentialsValidateFailedError
        self.stage = stage  # which of Dify's calls failed: uid, metadata, ability, client-auth, get-model, ...


@dataclass(frozen=True)
class Exchange:
    """One HTTP request Dify would send, as sent from here."""

    stage: str
    method: str
    url: str
    status: int | None
    seconds: float
    error: str = ""
    sent_key: bool = False  # whether the request carried the API key (a wrong one counts towards a ban)
    tries: int = 1  # how many tries Dify makes (urllib3's retries)
    predicted_tries: int = 0  # of those, how many were predicted from the first instead of waited out
    cause: str = ""  # for a failed request: refused, unresolved, timeout, reset, other
    detail: str = ""  # the start of the answer's body (to explain a 429)
    timeout: float | None = None  # Dify's timeout for this request


@dataclass
class Run:
    http: RequestsLike
    exchanges: list[Exchange] = field(default_factory=list)


def metadata_url(server_url: str, uid: str) -> str:
    """``URL(server_url) / "v1" / "models" / uid`` exactly as the plugin builds it (``/v1`` typed by hand doubles)."""
    return str(URL(server_url) / "v1" / "models" / uid)


def uid_has_forbidden_chars(uid: str) -> bool:
    return any(c in uid for c in "/?#")


Limits = tuple[float, int, float]


# -- the shared pieces ------------------------------------------------------------------------------------------


async def send(run: Run, stage: str, method: str, url: str, *, timeout: float | None, retries: int = 0,
                headers: dict[str, str] | None = None, **kw: Any) -> httpx.Response:
    started = time.monotonic()
    sent_key = "Authorization" in (headers or {})
    patience = PATIENCE if stage in QUICK_STAGES else None
    try:
        resp = await run.http.send(method, url, timeout=timeout, retries=retries, headers=headers or {},
                                   patience=patience, **kw)
    except RequestsError as exc:
        run.exchanges.append(Exchange(stage, method, url, None, time.monotonic() - started, exc.text, sent_key,
                                      exc.tries, exc.predicted_tries, exc.cause, timeout=timeout))
        raise
    run.exchanges.append(Exchange(stage, method, url, resp.status_code, time.monotonic() - started,
                                  sent_key=sent_key, detail=resp.text[:300] if resp.status_code >= 400 else "",
                                  timeout=timeout))
    return resp


def json_body(resp: httpx.Response) -> Any:
    """``response.json()`` of requests: a body that is not JSON raises (a ValueError subclass in requests)."""
    try:
        return resp.json()
    except ValueError as exc:
        raise JsonError(str(exc)) from exc


class JsonError(ValueError):
    pass


def error_string(resp: httpx.Response) -> str:
    """xinference_client's ``_get_error_string``: the JSON ``detail``, else requests' HTTPError text."""
    try:
        if resp.content:
            return str(resp.json()["detail"])
    except (ValueError, KeyError, TypeError):
        pass
    if resp.status_code >= 400:
        kind = "Client Error" if resp.status_code < 500 else "Server Error"
        return f"{resp.status_code} {kind}: {resp.reason_phrase} for url: {resp.url}"
    return "Unknown error"


async def metadata(run: Run, server_url: str, uid: str, api_key: str | None, state: dict[str, Any],
                    limits: Limits) -> tuple[str, list[str]]:
    """XinferenceHelper._get_xinference_extra_parameter: returns (handle type, abilities) or raises.

    Exceptions come back as Python exceptions of the same family the plugin raises (RuntimeError for the ones it
    wraps itself, others as they come), so that each validator can apply its own ``except`` clauses.
    """
    if not uid or not uid.strip() or not server_url or not server_url.strip():
        raise RuntimeError("model_uid is empty")
    url = metadata_url(server_url, uid)
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    problem = requests_url_problem(url)
    if problem is not None:
        if problem.kind == "MissingSchema":
            raise RuntimeError(f"get xinference model extra parameter failed, url: {url}, error: {problem.text}")
        raise Raw(problem.kind, problem.text)
    try:
        resp = await send(run, "metadata", "GET", url, timeout=limits[0], retries=limits[1], headers=headers)
    except RequestsError as exc:
        if exc.kind in ("ConnectionError", "ConnectTimeout", "ReadTimeout", "Timeout"):
            raise RuntimeError(f"get xinference model extra parameter failed, url: {url}, error: {exc.text}") from exc
        raise Raw(exc.kind, exc.text) from exc
    if resp.status_code != 200:
        raise RuntimeError(
            f"get xinference model extra parameter failed, status code: {resp.status_code}, response: {resp.text}"
        )
    data = json_body(resp)
    state["metadata"] = data if isinstance(data, dict) else None
    if not isinstance(data, dict):
        raise Raw("AttributeError", f"'{type(data).__name__}' object has no attribute 'get'")
    model_format = data.get("model_format", "ggmlv3")
    abilities = list(data.get("model_ability", []) or [])
    family = data.get("model_family")
    if data.get("model_type") == "embedding":
        handle = "embedding"
    elif data.get("model_type") == "audio":
        handle = "audio"
        tts = any(a in ("text2audio", "text-to-audio") for a in abilities)
        if (family and family in {"ChatTTS", "CosyVoice", "FishAudio"}) or tts:
            if "text-to-audio" not in abilities:
                abilities.append("text-to-audio")
        else:
            abilities.append("audio-to-text")
    elif model_format == "ggmlv3" and "chatglm" in key_of(data, "model_name"):
        handle = "chatglm"
    elif "generate" in abilities:
        handle = "generate"
    elif "chat" in abilities:
        handle = "chat"
    else:
        # NotImplementedError is a RuntimeError: the validators' "except RuntimeError" catch it.
        raise NotImplementedError("xinference model handle type is not supported")
    state["abilities"] = abilities
    return handle, abilities


def key_of(data: dict[str, Any], key: str) -> Any:
    if key not in data:
        raise KeyError(key)
    return data[key]


class Raw(Exception):
    """An exception the plugin does not wrap (e.g. requests' InvalidSchema): Dify shows it as it is."""

    def __init__(self, kind: str, text: str) -> None:
        super().__init__(text)
        self.kind = kind
        self.text = text


async def client_auth(run: Run, server_url: str, api_key: str | None, state: dict[str, Any],
                       limits: Limits) -> dict[str, str]:
    """``Client(base_url, api_key)``: ``/v1/cluster/auth`` decides whether the key is sent at all (404: old server,
    no login). Returns the headers the client will send."""
    base = server_url.removesuffix("/")
    auth_url = f"{base}/v1/cluster/auth"
    raise_url_problem(auth_url)
    resp = await send(run, "client-auth", "GET", auth_url, timeout=limits[2])
    authed = False
    if resp.status_code != 404:
        if resp.status_code != 200:
            detail = key_of(json_obj(resp), "detail")
            raise RuntimeError(f"Failed to get cluster information, detail: {detail}")
        authed = bool(key_of(json_obj(resp), "auth"))
    state["cluster_auth"] = authed
    return {"Authorization": f"Bearer {api_key}"} if api_key is not None and authed else {}


async def get_model(run: Run, server_url: str, uid: str, headers: dict[str, str], state: dict[str, Any],
                     limits: Limits) -> str:
    """``Client.get_model(uid)``: the handle class chosen by the answer's ``model_type``."""
    base = server_url.removesuffix("/")
    resp = await send(run, "get-model", "GET", f"{base}/v1/models/{uid}", timeout=limits[2], headers=headers)
    if resp.status_code != 200:
        raise RuntimeError(f"Failed to get the model description, detail: {error_string(resp)}")
    desc = json_obj(resp)
    model_type = key_of(desc, "model_type")
    if model_type == "LLM":
        abilities = key_of(desc, "model_ability")
        if "chat" in abilities:
            handle = "RESTfulChatModelHandle"
        elif "generate" in abilities:
            handle = "RESTfulGenerateModelHandle"
        else:
            raise ValueError(f"Unrecognized model ability: {abilities}")
    else:
        names = {"embedding": "Embedding", "image": "Image", "rerank": "Rerank", "audio": "Audio", "video": "Video",
                 "world": "World", "flexible": "Flexible"}
        if model_type not in names:
            raise ValueError(f"Unknown model type: {model_type}")
        handle = f"RESTful{names[model_type]}ModelHandle"
    state["handle"] = handle
    if state.get("metadata") is None and isinstance(desc, dict):
        state["metadata"] = desc
    return handle


async def client(run: Run, server_url: str, uid: str, api_key: str | None, state: dict[str, Any],
                  limits: Limits) -> str:
    headers = await client_auth(run, server_url, api_key, state, limits)
    return await get_model(run, server_url, uid, headers, state, limits)


def json_obj(resp: httpx.Response) -> dict[str, Any]:
    data = json_body(resp)
    if not isinstance(data, dict):
        raise TypeError("list indices must be integers or slices, not str")
    return data


def raise_url_problem(url: str) -> None:
    problem = requests_url_problem(url)
    if problem is not None:
        raise Raw(problem.kind, problem.text)


def invoke_headers(api_key: str | None) -> dict[str, str]:
    # The plugin's _invoke methods build their own headers: Bearer for any non-empty key, whatever /cluster/auth says.
    return {"Authorization": f"Bearer {api_key}"} if api_key else {}


def fail(stage: str, kind: str, text: str) -> DifyError:
    return DifyError(text, kind, stage)


def _stage_of(exc: BaseException, default: str) -> str:
    return getattr(exc, "stage", default)
