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

Nothing here knows about the checklist; ``app.core.dify.check`` turns the outcome into steps and a verdict.
"""

from __future__ import annotations

import io
import json
import time
import wave
from dataclasses import dataclass
from typing import Any

import httpx

from app.core.dify.model_types import DIFY_TYPES
from app.core.dify.plugin_calls import (
    CLIENT_TIMEOUT,
    METADATA_RETRIES,
    METADATA_TIMEOUT,
    PROVIDER_TAG,
    RERANK_DOCS,
    RERANK_QUERY,
    DifyError,
    Exchange,
    JsonError,
    Limits,
    Raw,
    Run,
    client,
    client_auth,
    error_string,
    fail,
    get_model,
    invoke_headers,
    json_obj,
    key_of,
    metadata,
    metadata_url,
    send,
    uid_has_forbidden_chars,
)
from app.core.dify.requests_like import RequestsError, RequestsLike

__all__ = ["CLIENT_TIMEOUT", "DIFY_TYPES", "METADATA_RETRIES", "METADATA_TIMEOUT", "DifyError", "Emulation",
           "Exchange", "emulate", "metadata_url", "uid_has_forbidden_chars"]


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
    predict_retries: bool = True,
) -> Emulation:
    """Re-enact ``validate_credentials`` of the plugin's class for ``model_type`` (one of ``DIFY_TYPES``).

    ``model_name`` is the "Model Name" of Dify's form (only quoted in one error text; defaults to the UID).
    ``transport`` replaces the network (``app.core.dify.network.DifyNetwork``: names and refusals as where Dify
    runs). ``predict_retries``: see ``RequestsLike``; False waits out every retry, as Dify does.
    """
    if model_type not in DIFY_TYPES:
        raise ValueError(f"unknown Dify model type {model_type!r}")
    async with RequestsLike(transport, predict_retries) as http:
        run = Run(http)
        state: dict[str, Any] = {"model_name": model_name or uid}
        try:
            await _VALIDATORS[model_type](run, server_url, uid, api_key, state,
                                          (metadata_timeout, metadata_retries, client_timeout))
        except DifyError as exc:
            return Emulation(False, exc.text, exc.kind, exc.stage, tuple(run.exchanges), state.get("metadata"),
                             tuple(state.get("abilities", ())), state.get("handle", ""), state.get("invoke"))
        return Emulation(True, "", "", "", tuple(run.exchanges), state.get("metadata"),
                         tuple(state.get("abilities", ())), state.get("handle", ""), state.get("invoke"))


# -- one validator per Dify model type ---------------------------------------------------------------------------


async def _validate_llm(run: Run, url: str, uid: str, key: str | None, state: dict[str, Any],
                        limits: Limits) -> None:
    """llm.py ``validate_credentials``: UID rule, the metadata call, then chat/generate ability. Nothing else."""
    if uid_has_forbidden_chars(uid):
        raise fail("uid", "CredentialsValidateFailedError", "model_uid should not contain /, ?, or #")
    try:
        _handle, abilities = await metadata(run, url, uid, key, state, limits)
    except RuntimeError as exc:  # also NotImplementedError
        raise fail("metadata", "CredentialsValidateFailedError",
                    f"Xinference credentials validate failed: {exc}") from exc
    except KeyError as exc:
        raise fail("metadata", "CredentialsValidateFailedError",
                    f"Xinference credentials validate failed: {exc}") from exc
    except Raw as exc:
        raise fail("metadata", exc.kind, exc.text) from exc
    except JsonError as exc:
        raise fail("metadata", "JSONDecodeError", str(exc)) from exc
    if "chat" not in abilities and "generate" not in abilities:
        raise fail("ability", "ValueError",
                    f"xinference model ability {abilities} is not supported, check if you have the right model type")


async def _validate_embedding(run: Run, url: str, uid: str, key: str | None, state: dict[str, Any],
                              limits: Limits) -> None:
    """text_embedding.py: UID rule, metadata call, client handle must be an embedding handle, embed ["ping"]."""
    if uid_has_forbidden_chars(uid):
        raise fail("uid", "CredentialsValidateFailedError", "model_uid should not contain /, ?, or #")
    stage = "metadata"
    try:
        await metadata(run, url, uid, key, state, limits)
        stage = "client-auth"
        headers = await client_auth(run, url.removesuffix("/"), key, state, limits)
        stage = "get-model"
        try:
            handle = await get_model(run, url.removesuffix("/"), uid, headers, state, limits)
        except RuntimeError as exc:
            # The plugin wraps this one in InvokeAuthorizationError, whatever the cause.
            raise fail("get-model", "CredentialsValidateFailedError",
                        f"Failed to validate credentials for model {state['model_name']}: {exc}") from exc
        if handle != "RESTfulEmbeddingModelHandle":
            raise fail("handle", "InvokeBadRequestError",
                        "please check model type, the model you want to invoke is not a text embedding model")
        stage = "invoke"
        base = url.removesuffix("/")
        started = time.monotonic()
        resp = await send(run, "invoke", "POST", f"{base}/v1/embeddings", timeout=limits[2],
                           headers=invoke_headers(key), json={"model": uid, "input": ["ping"]})
        state["invoke"] = time.monotonic() - started
        if resp.status_code != 200:
            raise fail("invoke", "InvokeServerUnavailableError",
                        f"Failed to create the embeddings, detail: {error_string(resp)}")
        body = json_obj(resp)
        key_of(key_of(body, "usage"), "total_tokens")
        for item in key_of(body, "data"):
            key_of(item, "embedding")
    except RuntimeError as exc:
        raise fail(stage, "CredentialsValidateFailedError", str(exc)) from exc
    except Raw as exc:
        raise fail(stage, exc.kind, exc.text) from exc
    except RequestsError as exc:
        raise fail(stage, exc.kind, exc.text) from exc
    except (KeyError, ValueError, TypeError) as exc:
        raise fail(stage, type(exc).__name__, str(exc)) from exc


async def _validate_rerank(run: Run, url: str, uid: str, key: str | None, state: dict[str, Any],
                           limits: Limits) -> None:
    """rerank.py: no metadata call; client handle must be rerank; rerank the kasumi query. Every failure becomes
    CredentialsValidateFailedError(str(ex)); invoke failures pass through Dify's error mapping first."""
    stage = "uid"
    try:
        if uid_has_forbidden_chars(uid):
            raise fail("uid", "CredentialsValidateFailedError", "model_uid should not contain /, ?, or #")
        stage = "client-auth"
        handle = await client(run, url, uid, key, state, limits)
        if handle != "RESTfulRerankModelHandle":
            stage = "handle"
            raise RuntimeError("please check model type, the model you want to invoke is not a rerank model")
        stage = "invoke"
        await _rerank_invoke(run, url, uid, key, state, limits)
    except DifyError as exc:
        raise fail(exc.stage, "CredentialsValidateFailedError", exc.text) from exc
    except (Exception) as exc:  # noqa: BLE001 - the plugin catches Exception here, and so do we, to quote it
        raise fail(stage, "CredentialsValidateFailedError", _text(exc)) from exc


async def _rerank_invoke(run: Run, url: str, uid: str, key: str | None, state: dict[str, Any],
                         limits: Limits) -> None:
    base = url.removesuffix("/")
    body = {"model": uid, "documents": list(RERANK_DOCS), "query": RERANK_QUERY, "top_n": None,
            "max_chunks_per_doc": None, "return_documents": True, "return_len": None, "kwargs": json.dumps({})}
    started = time.monotonic()
    try:
        resp = await send(run, "invoke", "POST", f"{base}/v1/rerank", timeout=limits[2],
                           headers=invoke_headers(key), json=body)
        if resp.status_code != 200:
            detail = key_of(json_obj(resp), "detail")
            # A server that rejects the extra fields gets a second, plainer request (the plugin's fallback class).
            if "rerank hasn't support extra parameter" in str(detail):
                plain = {k: v for k, v in body.items() if k not in ("return_len", "kwargs")}
                resp = await send(run, "invoke", "POST", f"{base}/v1/rerank", timeout=limits[2],
                                   headers=invoke_headers(key), json=plain)
                if resp.status_code != 200:
                    raise fail("invoke", "InvokeServerUnavailableError",
                                f"Failed to rerank documents, detail: {key_of(json_obj(resp), 'detail')}")
            else:
                raise RuntimeError(f"Failed to rerank documents, detail: {detail}")
        state["invoke"] = time.monotonic() - started
        for result in key_of(json_obj(resp), "results"):
            key_of(result, "index")
            doc = key_of(result, "document")
            if not isinstance(doc, str):
                key_of(doc, "text")
            float(result.get("relevance_score") or 0.0)
    except (RuntimeError, DifyError) as exc:
        raise fail("invoke", "InvokeServerUnavailableError",
                    f"{PROVIDER_TAG} Server Unavailable Error, {_text(exc)}") from exc
    except (KeyError, ValueError) as exc:
        raise fail("invoke", "InvokeBadRequestError", f"{PROVIDER_TAG} Bad Request Error, {_text(exc)}") from exc
    except (Raw, RequestsError, TypeError) as exc:
        raise fail("invoke", "InvokeError", f"{PROVIDER_TAG} Error: {_text(exc)}") from exc


def _text(exc: BaseException) -> str:
    if isinstance(exc, (DifyError, Raw, RequestsError)):
        return exc.text
    if isinstance(exc, KeyError):
        return repr(exc.args[0]) if exc.args else "KeyError"
    return str(exc)


async def _validate_speech2text(run: Run, url: str, uid: str, key: str | None, state: dict[str, Any],
                                limits: Limits) -> None:
    """speech2text.py: client handle must be an audio handle, then it transcribes Dify's demo audio file."""
    stage = "uid"
    try:
        if uid_has_forbidden_chars(uid):
            raise RuntimeError("model_uid should not contain /, ?, or #")
        stage = "client-auth"
        handle = await client(run, url, uid, key, state, limits)
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
            resp = await send(run, "invoke", "POST", f"{base}/v1/audio/transcriptions", timeout=limits[2],
                               headers=invoke_headers(key), data=data, files=files)
            if resp.status_code != 200:
                raise RuntimeError(f"Failed to transcribe the audio, detail: {error_string(resp)}")
            key_of(json_obj(resp), "text")
        except RuntimeError as exc:
            raise RuntimeError(f"{PROVIDER_TAG} Server Unavailable Error, {exc}") from exc
        except (KeyError, ValueError) as exc:
            raise RuntimeError(f"{PROVIDER_TAG} Bad Request Error, {_text(exc)}") from exc
        except RequestsError as exc:
            raise RuntimeError(f"{PROVIDER_TAG} Error: {exc.text}") from exc
        state["invoke"] = time.monotonic() - started
    except Exception as exc:  # noqa: BLE001 - the plugin catches Exception and quotes it
        raise fail(stage, "CredentialsValidateFailedError", _text(exc)) from exc


async def _validate_tts(run: Run, url: str, uid: str, key: str | None, state: dict[str, Any],
                        limits: Limits) -> None:
    """tts.py: metadata call and the text-to-audio ability. Its speech call is a generator that validation never
    iterates, so no audio request is sent."""
    stage = "uid"
    try:
        if uid_has_forbidden_chars(uid):
            raise RuntimeError("model_uid should not contain /, ?, or #")
        stage = "metadata"
        _handle, abilities = await metadata(run, url.removesuffix("/"), uid, key, state, limits)
        if "text-to-audio" not in abilities:
            stage = "ability"
            raise RuntimeError("please check model type, the model you want to invoke is not a text-to-audio model")
    except Exception as exc:  # noqa: BLE001 - the plugin catches Exception and quotes it
        raise fail(stage, "CredentialsValidateFailedError", _text(exc)) from exc


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
