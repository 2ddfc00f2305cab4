"""What Dify's Xinference plugin does when a person presses "Save", request by request.

The authority is the plugin itself (langgenius/dify-official-plugins, ``models/xinference``) and the
``xinference_client`` package it calls. This module re-enacts their HTTP behaviour with httpx, so that the app can
say *what Dify will decide* and *which error text Dify will show*, without Dify:

* the metadata call (``xinference_helper._get_xinference_extra_parameter``): ``GET URL(server_url)/v1/models/uid``
  joined with yarl, ``Bearer`` only for a non-empty key, 10 s timeout, urllib3 ``Retry(3)`` (connect errors and read
  timeouts are retried, HTTP statuses are not);
* the xinference client (``Client.__init__`` and ``get_model``): ``GET {url}/v1/cluster/auth`` decides whether the key
  is sent at all, then ``GET {url}/v1/models/{uid}`` picks a handle class by ``model_type``; no timeouts, no retries;
* per model type, Dify's order of calls and the exception each failure becomes (see ``emulate``).

Nothing here knows about the checklist; ``app.core.dify`` turns the outcome into steps and a verdict.
"""

from __future__ import annotations

import io
import json
import time
import wave
from dataclasses import dataclass, field
from typing import Any

import httpx
from yarl import URL

from app.core.dify_requests import RequestsError, RequestsLike, requests_url_problem

# Dify's own constants (xinference_helper.py): a 10 s timeout and HTTPAdapter(max_retries=3) on the metadata call.
METADATA_TIMEOUT = 10.0
METADATA_RETRIES = 3
# The xinference client sets no timeout at all; Dify's plugin daemon ends a request after its own limit. We need
# some bound to give a verdict: the "invoke timeout" default of Dify's form.
CLIENT_TIMEOUT = 60.0

DIFY_TYPES = ("llm", "text-embedding", "rerank", "speech2text", "tts")
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


@dataclass(frozen=True)
class Emulation:
    """Dify's decision: ``accepted``, else the exception class and text it would show, and where it stopped."""

    accepted: bool
    error: str = ""
    error_kind: str = ""
    stage: str = ""
    exchanges: tuple[Exchange, ...] = ()
    metadata: dict[str, Any] | None = None
    abilities: tuple[str, ...] = ()
    handle: str = ""
    invoke_seconds: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "error": self.error,
            "error_kind": self.error_kind,
            "stage": self.stage,
            "handle": self.handle,
            "abilities": list(self.abilities),
            "invoke_seconds": self.invoke_seconds,
            "requests": [e.__dict__ for e in self.exchanges],
        }


@dataclass
class _Run:
    http: RequestsLike
    exchanges: list[Exchange] = field(default_factory=list)


def metadata_url(server_url: str, uid: str) -> str:
    """``URL(server_url) / "v1" / "models" / uid`` exactly as the plugin builds it (``/v1`` typed by hand doubles)."""
    return str(URL(server_url) / "v1" / "models" / uid)


def uid_has_forbidden_chars(uid: str) -> bool:
    return any(c in uid for c in "/?#")


async def emulate(
    model_type: str,
    server_url: str,
    uid: str,
    api_key: str | None,
    *,
    metadata_timeout: float = METADATA_TIMEOUT,
    metadata_retries: int = METADATA_RETRIES,
    client_timeout: float = CLIENT_TIMEOUT,
    transport: httpx.AsyncBaseTransport | None = None,
    model_name: str = "",
) -> Emulation:
    """Re-enact ``validate_credentials`` of the plugin's class for ``model_type`` (one of ``DIFY_TYPES``).

    ``model_name`` is the "Model Name" of Dify's form (only quoted in one error text; defaults to the UID).
    ``transport`` replaces the network (the app passes one that refuses every connection when it predicts that
    Dify's container cannot reach the server).
    """
    if model_type not in DIFY_TYPES:
        raise ValueError(f"unknown Dify model type {model_type!r}")
    async with RequestsLike(transport) as http:
        run = _Run(http)
        state: dict[str, Any] = {"model_name": model_name or uid}
        try:
            await _VALIDATORS[model_type](run, server_url, uid, api_key, state,
                                          (metadata_timeout, metadata_retries, client_timeout))
        except DifyError as exc:
            return Emulation(False, exc.text, exc.kind, exc.stage, tuple(run.exchanges), state.get("metadata"),
                             tuple(state.get("abilities", ())), state.get("handle", ""), state.get("invoke"))
        return Emulation(True, "", "", "", tuple(run.exchanges), state.get("metadata"),
                         tuple(state.get("abilities", ())), state.get("handle", ""), state.get("invoke"))


Limits = tuple[float, int, float]


# -- the shared pieces ------------------------------------------------------------------------------------------


async def _send(run: _Run, stage: str, method: str, url: str, *, timeout: float | None, retries: int = 0,
                headers: dict[str, str] | None = None, **kw: Any) -> httpx.Response:
    started = time.monotonic()
    try:
        resp = await run.http.send(method, url, timeout=timeout, retries=retries, headers=headers or {}, **kw)
    except RequestsError as exc:
        run.exchanges.append(Exchange(stage, method, url, None, time.monotonic() - started, exc.text))
        raise
    run.exchanges.append(Exchange(stage, method, url, resp.status_code, time.monotonic() - started))
    return resp


def _json(resp: httpx.Response) -> Any:
    """``response.json()`` of requests: a body that is not JSON raises (a ValueError subclass in requests)."""
    try:
        return resp.json()
    except ValueError as exc:
        raise _JsonError(str(exc)) from exc


class _JsonError(ValueError):
    pass


def _error_string(resp: httpx.Response) -> str:
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


async def _metadata(run: _Run, server_url: str, uid: str, api_key: str | None, state: dict[str, Any],
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
        raise _Raw(problem.kind, problem.text)
    try:
        resp = await _send(run, "metadata", "GET", url, timeout=limits[0], retries=limits[1], headers=headers)
    except RequestsError as exc:
        if exc.kind in ("ConnectionError", "ConnectTimeout", "ReadTimeout", "Timeout"):
            raise RuntimeError(f"get xinference model extra parameter failed, url: {url}, error: {exc.text}") from exc
        raise _Raw(exc.kind, exc.text) from exc
    if resp.status_code != 200:
        raise RuntimeError(
            f"get xinference model extra parameter failed, status code: {resp.status_code}, response: {resp.text}"
        )
    data = _json(resp)
    state["metadata"] = data if isinstance(data, dict) else None
    if not isinstance(data, dict):
        raise _Raw("AttributeError", f"'{type(data).__name__}' object has no attribute 'get'")
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
    elif model_format == "ggmlv3" and "chatglm" in _key(data, "model_name"):
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


def _key(data: dict[str, Any], key: str) -> Any:
    if key not in data:
        raise KeyError(key)
    return data[key]


class _Raw(Exception):
    """An exception the plugin does not wrap (e.g. requests' InvalidSchema): Dify shows it as it is."""

    def __init__(self, kind: str, text: str) -> None:
        super().__init__(text)
        self.kind = kind
        self.text = text


async def _client_auth(run: _Run, server_url: str, api_key: str | None, state: dict[str, Any],
                       limits: Limits) -> dict[str, str]:
    """``Client(base_url, api_key)``: ``/v1/cluster/auth`` decides whether the key is sent at all (404: old server,
    no login). Returns the headers the client will send."""
    base = server_url.removesuffix("/")
    auth_url = f"{base}/v1/cluster/auth"
    _raise_url_problem(auth_url)
    resp = await _send(run, "client-auth", "GET", auth_url, timeout=limits[2])
    authed = False
    if resp.status_code != 404:
        if resp.status_code != 200:
            detail = _key(_json_obj(resp), "detail")
            raise RuntimeError(f"Failed to get cluster information, detail: {detail}")
        authed = bool(_key(_json_obj(resp), "auth"))
    state["cluster_auth"] = authed
    return {"Authorization": f"Bearer {api_key}"} if api_key is not None and authed else {}


async def _get_model(run: _Run, server_url: str, uid: str, headers: dict[str, str], state: dict[str, Any],
                     limits: Limits) -> str:
    """``Client.get_model(uid)``: the handle class chosen by the answer's ``model_type``."""
    base = server_url.removesuffix("/")
    resp = await _send(run, "get-model", "GET", f"{base}/v1/models/{uid}", timeout=limits[2], headers=headers)
    if resp.status_code != 200:
        raise RuntimeError(f"Failed to get the model description, detail: {_error_string(resp)}")
    desc = _json_obj(resp)
    model_type = _key(desc, "model_type")
    if model_type == "LLM":
        abilities = _key(desc, "model_ability")
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


async def _client(run: _Run, server_url: str, uid: str, api_key: str | None, state: dict[str, Any],
                  limits: Limits) -> str:
    headers = await _client_auth(run, server_url, api_key, state, limits)
    return await _get_model(run, server_url, uid, headers, state, limits)


def _json_obj(resp: httpx.Response) -> dict[str, Any]:
    data = _json(resp)
    if not isinstance(data, dict):
        raise TypeError("list indices must be integers or slices, not str")
    return data


def _raise_url_problem(url: str) -> None:
    problem = requests_url_problem(url)
    if problem is not None:
        raise _Raw(problem.kind, problem.text)


def _invoke_headers(api_key: str | None) -> dict[str, str]:
    # The plugin's _invoke methods build their own headers: Bearer for any non-empty key, whatever /cluster/auth says.
    return {"Authorization": f"Bearer {api_key}"} if api_key else {}


def _fail(stage: str, kind: str, text: str) -> DifyError:
    return DifyError(text, kind, stage)


def _stage_of(exc: BaseException, default: str) -> str:
    return getattr(exc, "stage", default)


# -- one validator per Dify model type ---------------------------------------------------------------------------


async def _validate_llm(run: _Run, url: str, uid: str, key: str | None, state: dict[str, Any],
                        limits: Limits) -> None:
    """llm.py ``validate_credentials``: UID rule, the metadata call, then chat/generate ability. Nothing else."""
    if uid_has_forbidden_chars(uid):
        raise _fail("uid", "CredentialsValidateFailedError", "model_uid should not contain /, ?, or #")
    try:
        _handle, abilities = await _metadata(run, url, uid, key, state, limits)
    except RuntimeError as exc:  # also NotImplementedError
        raise _fail("metadata", "CredentialsValidateFailedError",
                    f"Xinference credentials validate failed: {exc}") from exc
    except KeyError as exc:
        raise _fail("metadata", "CredentialsValidateFailedError",
                    f"Xinference credentials validate failed: {exc}") from exc
    except _Raw as exc:
        raise _fail("metadata", exc.kind, exc.text) from exc
    except _JsonError as exc:
        raise _fail("metadata", "JSONDecodeError", str(exc)) from exc
    if "chat" not in abilities and "generate" not in abilities:
        raise _fail("ability", "ValueError",
                    f"xinference model ability {abilities} is not supported, check if you have the right model type")


async def _validate_embedding(run: _Run, url: str, uid: str, key: str | None, state: dict[str, Any],
                              limits: Limits) -> None:
    """text_embedding.py: UID rule, metadata call, client handle must be an embedding handle, embed ["ping"]."""
    if uid_has_forbidden_chars(uid):
        raise _fail("uid", "CredentialsValidateFailedError", "model_uid should not contain /, ?, or #")
    stage = "metadata"
    try:
        await _metadata(run, url, uid, key, state, limits)
        stage = "client-auth"
        headers = await _client_auth(run, url.removesuffix("/"), key, state, limits)
        stage = "get-model"
        try:
            handle = await _get_model(run, url.removesuffix("/"), uid, headers, state, limits)
        except RuntimeError as exc:
            # The plugin wraps this one in InvokeAuthorizationError, whatever the cause.
            raise _fail("get-model", "CredentialsValidateFailedError",
                        f"Failed to validate credentials for model {state['model_name']}: {exc}") from exc
        if handle != "RESTfulEmbeddingModelHandle":
            raise _fail("handle", "InvokeBadRequestError",
                        "please check model type, the model you want to invoke is not a text embedding model")
        stage = "invoke"
        base = url.removesuffix("/")
        started = time.monotonic()
        resp = await _send(run, "invoke", "POST", f"{base}/v1/embeddings", timeout=limits[2],
                           headers=_invoke_headers(key), json={"model": uid, "input": ["ping"]})
        state["invoke"] = time.monotonic() - started
        if resp.status_code != 200:
            raise _fail("invoke", "InvokeServerUnavailableError",
                        f"Failed to create the embeddings, detail: {_error_string(resp)}")
        body = _json_obj(resp)
        _key(_key(body, "usage"), "total_tokens")
        for item in _key(body, "data"):
            _key(item, "embedding")
    except RuntimeError as exc:
        raise _fail(stage, "CredentialsValidateFailedError", str(exc)) from exc
    except _Raw as exc:
        raise _fail(stage, exc.kind, exc.text) from exc
    except RequestsError as exc:
        raise _fail(stage, exc.kind, exc.text) from exc
    except (KeyError, ValueError, TypeError) as exc:
        raise _fail(stage, type(exc).__name__, str(exc)) from exc


async def _validate_rerank(run: _Run, url: str, uid: str, key: str | None, state: dict[str, Any],
                           limits: Limits) -> None:
    """rerank.py: no metadata call; client handle must be rerank; rerank the kasumi query. Every failure becomes
    CredentialsValidateFailedError(str(ex)); invoke failures pass through Dify's error mapping first."""
    stage = "uid"
    try:
        if uid_has_forbidden_chars(uid):
            raise _fail("uid", "CredentialsValidateFailedError", "model_uid should not contain /, ?, or #")
        stage = "client-auth"
        handle = await _client(run, url, uid, key, state, limits)
        if handle != "RESTfulRerankModelHandle":
            stage = "handle"
            raise RuntimeError("please check model type, the model you want to invoke is not a rerank model")
        stage = "invoke"
        await _rerank_invoke(run, url, uid, key, state, limits)
    except DifyError as exc:
        raise _fail(exc.stage, "CredentialsValidateFailedError", exc.text) from exc
    except (Exception) as exc:  # noqa: BLE001 - the plugin catches Exception here, and so do we, to quote it
        raise _fail(stage, "CredentialsValidateFailedError", _text(exc)) from exc


async def _rerank_invoke(run: _Run, url: str, uid: str, key: str | None, state: dict[str, Any],
                         limits: Limits) -> None:
    base = url.removesuffix("/")
    body = {"model": uid, "documents": list(RERANK_DOCS), "query": RERANK_QUERY, "top_n": None,
            "max_chunks_per_doc": None, "return_documents": True, "return_len": None, "kwargs": json.dumps({})}
    started = time.monotonic()
    try:
        resp = await _send(run, "invoke", "POST", f"{base}/v1/rerank", timeout=limits[2],
                           headers=_invoke_headers(key), json=body)
        if resp.status_code != 200:
            detail = _key(_json_obj(resp), "detail")
            # A server that rejects the extra fields gets a second, plainer request (the plugin's fallback class).
            if "rerank hasn't support extra parameter" in str(detail):
                plain = {k: v for k, v in body.items() if k not in ("return_len", "kwargs")}
                resp = await _send(run, "invoke", "POST", f"{base}/v1/rerank", timeout=limits[2],
                                   headers=_invoke_headers(key), json=plain)
                if resp.status_code != 200:
                    raise _fail("invoke", "InvokeServerUnavailableError",
                                f"Failed to rerank documents, detail: {_key(_json_obj(resp), 'detail')}")
            else:
                raise RuntimeError(f"Failed to rerank documents, detail: {detail}")
        state["invoke"] = time.monotonic() - started
        for result in _key(_json_obj(resp), "results"):
            _key(result, "index")
            doc = _key(result, "document")
            if not isinstance(doc, str):
                _key(doc, "text")
            float(result.get("relevance_score") or 0.0)
    except (RuntimeError, DifyError) as exc:
        raise _fail("invoke", "InvokeServerUnavailableError",
                    f"{PROVIDER_TAG} Server Unavailable Error, {_text(exc)}") from exc
    except (KeyError, ValueError) as exc:
        raise _fail("invoke", "InvokeBadRequestError", f"{PROVIDER_TAG} Bad Request Error, {_text(exc)}") from exc
    except (_Raw, RequestsError, TypeError) as exc:
        raise _fail("invoke", "InvokeError", f"{PROVIDER_TAG} Error: {_text(exc)}") from exc


def _text(exc: BaseException) -> str:
    if isinstance(exc, (DifyError, _Raw, RequestsError)):
        return exc.text
    if isinstance(exc, KeyError):
        return repr(exc.args[0]) if exc.args else "KeyError"
    return str(exc)


async def _validate_speech2text(run: _Run, url: str, uid: str, key: str | None, state: dict[str, Any],
                                limits: Limits) -> None:
    """speech2text.py: client handle must be an audio handle, then it transcribes Dify's demo audio file."""
    stage = "uid"
    try:
        if uid_has_forbidden_chars(uid):
            raise RuntimeError("model_uid should not contain /, ?, or #")
        stage = "client-auth"
        handle = await _client(run, url, uid, key, state, limits)
        if handle != "RESTfulAudioModelHandle":
            stage = "handle"
            raise RuntimeError("please check model type, the model you want to invoke is not a audio model")
        stage = "invoke"
        base = url.removesuffix("/")
        started = time.monotonic()
        data = {"model": uid, "response_format": "verbose_json", "temperature": "0", "kwargs": "{}"}
        # Dify sends the short mp3 shipped with its SDK; a second of silence exercises the same route.
        files = {"file": ("file", _silence_wav(), "application/octet-stream")}
        try:
            resp = await _send(run, "invoke", "POST", f"{base}/v1/audio/transcriptions", timeout=limits[2],
                               headers=_invoke_headers(key), data=data, files=files)
            if resp.status_code != 200:
                raise RuntimeError(f"Failed to transcribe the audio, detail: {_error_string(resp)}")
            _key(_json_obj(resp), "text")
        except RuntimeError as exc:
            raise RuntimeError(f"{PROVIDER_TAG} Server Unavailable Error, {exc}") from exc
        except (KeyError, ValueError) as exc:
            raise RuntimeError(f"{PROVIDER_TAG} Bad Request Error, {_text(exc)}") from exc
        except RequestsError as exc:
            raise RuntimeError(f"{PROVIDER_TAG} Error: {exc.text}") from exc
        state["invoke"] = time.monotonic() - started
    except Exception as exc:  # noqa: BLE001 - the plugin catches Exception and quotes it
        raise _fail(stage, "CredentialsValidateFailedError", _text(exc)) from exc


async def _validate_tts(run: _Run, url: str, uid: str, key: str | None, state: dict[str, Any],
                        limits: Limits) -> None:
    """tts.py: metadata call and the text-to-audio ability. Its speech call is a generator that validation never
    iterates, so no audio request is sent."""
    stage = "uid"
    try:
        if uid_has_forbidden_chars(uid):
            raise RuntimeError("model_uid should not contain /, ?, or #")
        stage = "metadata"
        _handle, abilities = await _metadata(run, url.removesuffix("/"), uid, key, state, limits)
        if "text-to-audio" not in abilities:
            stage = "ability"
            raise RuntimeError("please check model type, the model you want to invoke is not a text-to-audio model")
    except Exception as exc:  # noqa: BLE001 - the plugin catches Exception and quotes it
        raise _fail(stage, "CredentialsValidateFailedError", _text(exc)) from exc


def _silence_wav(seconds: float = 1.0, rate: int = 16000) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\0\0" * int(rate * seconds))
    return buf.getvalue()


_VALIDATORS = {
    "llm": _validate_llm,
    "text-embedding": _validate_embedding,
    "rerank": _validate_rerank,
    "speech2text": _validate_speech2text,
    "tts": _validate_tts,
}
