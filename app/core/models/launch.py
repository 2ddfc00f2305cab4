"""Launch a model and follow it until it is ready, failed or cancelled.

The launch is asynchronous on the server (``POST /v1/models?wait_ready=false``); ``follow_launch`` polls
``/v1/models/instances`` and ``/v1/models/{uid}/progress`` and yields ``LaunchEvent`` values, ending with a
``ready`` event or a ``LaunchFailed`` error whose message says in plain words what went wrong, with the server's
own message kept as ``detail`` underneath.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import MISSING, dataclass, field, fields
from typing import Any
from urllib.parse import quote

from app.core.api.client import XinferenceClient
from app.core.errors import ApiError, Frontend, InvalidInput, MalformedResponse, ManagerError, ServerUnreachable

# Dify's Xinference plugin puts the UID in a URL path; these characters break it (and Xinference's own routes).
UID_FORBIDDEN = "/?#"
_ENGINELESS_TYPES_OK = ("embedding", "rerank", "image", "audio", "video")


def validate_uid(uid: str | None) -> str:
    """The UID as the server should get it: stripped, possibly empty (the server then picks one)."""
    uid = (uid or "").strip()
    bad = sorted({c for c in uid if c in UID_FORBIDDEN or c.isspace()})
    if bad:
        shown = " ".join(repr(c) for c in bad)
        raise InvalidInput(
            f"The model UID {uid!r} contains {shown}",
            "Dify and Xinference's URLs cannot carry '/', '?', '#' or spaces in a UID; use letters, digits, "
            "'-', '_' or '.', or leave it empty to let the server choose.",
        )
    return uid


def parse_option_value(text: str) -> Any:
    """A free option's value as the engine should get it: JSON where it parses (numbers, true, lists), else text."""
    text = text.strip()
    try:
        return json.loads(text)
    except ValueError:
        return text


def parse_options(pairs: list[str]) -> dict[str, Any]:
    """``["k=v", ...]`` (CLI ``--option``) into engine kwargs."""
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(f"Option {pair!r} is not KEY=VALUE", "Write options as --option key=value.")
        out[key.strip()] = parse_option_value(value)
    return out


@dataclass(frozen=True)
class LaunchRequest:
    """Everything the Launch dialog or ``launch`` subcommand asks for; ``body()`` is what the server receives."""

    model_name: str
    model_type: str = "LLM"
    model_engine: str = ""
    model_format: str = ""
    model_size_in_billions: str = ""
    quantization: str = ""
    model_uid: str = ""
    replica: int = 1
    # "auto" (server decides), "cpu" (none), or a count as text; gpu_idx wins when given.
    n_gpu: str = "auto"
    gpu_idx: tuple[int, ...] = ()
    worker_ip: str = ""
    download_hub: str = ""
    model_path: str = ""
    context_length: int | None = None
    options: dict[str, Any] = field(default_factory=dict)

    def validated(self) -> LaunchRequest:
        """Check what the server would refuse late (or Dify would choke on), before any request.

        An empty ``model_type`` means "not known yet" (the CLI looks it up from the registration): everything
        else is checked, and ``body()`` refuses it until it is set."""
        from dataclasses import replace

        from app.core.models.names import model_type_name

        if not self.model_name.strip():
            raise InvalidInput("No model name given", "Choose a model to launch.")
        model_type = model_type_name(self.model_type) if self.model_type.strip() else ""
        if model_type == "LLM" and not self.model_engine:
            raise InvalidInput("An LLM needs an engine", "Choose an engine (e.g. Transformers) for this model.",
                               hints={"cli": "Pass --engine, e.g. --engine Transformers."})
        if self.replica < 1:
            raise InvalidInput("Replica must be at least 1")
        if self.gpu_idx and len(self.gpu_idx) % self.replica:
            raise InvalidInput(
                "The number of GPU indices must be a multiple of the replica count",
                "Give each replica the same number of GPUs.",
            )
        n_gpu = self.n_gpu.strip().lower() or "auto"
        if n_gpu not in ("auto", "cpu", "none") and not n_gpu.isdigit():
            raise InvalidInput(f"GPU count {self.n_gpu!r} is not a number", "Use auto, cpu, or a count.")
        if self.context_length is not None and self.context_length <= 0:
            raise InvalidInput("Context length must be positive")
        return replace(self, model_type=model_type, model_uid=validate_uid(self.model_uid), n_gpu=n_gpu)

    def to_json(self) -> dict[str, Any]:
        """The request as readable JSON (a model set's entry): name, type and UID always, the rest when set."""
        data: dict[str, Any] = {"model_name": self.model_name, "model_type": self.model_type,
                                "model_uid": self.model_uid}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name not in data and value != _DEFAULTS[f.name]:
                data[f.name] = list(value) if f.name == "gpu_idx" else value
        return data

    @classmethod
    def from_json(cls, data: Any) -> LaunchRequest:
        """Parse ``to_json``'s output (from a file or the settings); anything malformed raises ``InvalidInput``."""
        if not isinstance(data, dict):
            raise InvalidInput("A launch request must be a JSON object")
        unknown = sorted(set(data) - set(_DEFAULTS))
        if unknown:
            raise InvalidInput(f"Unknown field {unknown[0]!r} in a launch request",
                               f"Known fields: {', '.join(_DEFAULTS)}.")
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name == "n_gpu" and (value is None or _is_int(value)):
                value = "cpu" if value is None else str(value)  # Xinference's own spelling of the same choices
            if name == "gpu_idx" and isinstance(value, list) and all(_is_int(i) for i in value):
                value = tuple(value)
            if not _field_ok(name, value, _DEFAULTS[name]):
                raise InvalidInput(f"Field {name!r} of a launch request has an unusable value: {value!r}")
            values[name] = value
        if not values.get("model_name", "").strip():
            raise InvalidInput("A launch request has no model_name")
        return cls(**values).validated()

    def body(self) -> dict[str, Any]:
        req = self.validated()
        if not req.model_type:
            raise InvalidInput("No model type given", "Choose the model's type (LLM, embedding, rerank...).")
        body: dict[str, Any] = dict(req.options)  # engine kwargs first: named fields below win
        body.update(model_name=req.model_name.strip(), model_type=req.model_type, replica=req.replica)
        for key in ("model_engine", "model_format", "quantization", "model_uid", "worker_ip", "download_hub",
                    "model_path"):
            value = getattr(req, key)
            if value:
                body[key] = value
        if req.model_size_in_billions:
            body["model_size_in_billions"] = req.model_size_in_billions
        if req.gpu_idx:
            body["gpu_idx"] = list(req.gpu_idx)
        elif req.n_gpu in ("cpu", "none"):
            body["n_gpu"] = None
        elif req.n_gpu != "auto":
            body["n_gpu"] = int(req.n_gpu)
        if req.context_length:
            body["context_length"] = req.context_length
        return body


# Each field's default ("" for the required model_name): to_json leaves defaults out, from_json checks types by them.
_DEFAULTS: dict[str, Any] = {
    f.name: f.default_factory() if callable(f.default_factory) else "" if f.default is MISSING else f.default
    for f in fields(LaunchRequest)
}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)  # JSON true is not a replica count


def _field_ok(name: str, value: Any, default: Any) -> bool:
    if name == "replica":
        return _is_int(value)
    if name == "context_length":
        return value is None or _is_int(value)
    if name == "options":
        return isinstance(value, dict) and all(isinstance(k, str) for k in value)
    return isinstance(value, type(default))


@dataclass(frozen=True)
class LaunchEvent:
    uid: str
    status: str  # SUBMITTED, CREATING, LOADING, READY (Xinference's instance statuses, plus our SUBMITTED)
    stage: str = ""  # the server's stage: pending, downloading, installing_dependencies, loading...
    progress: float = 0.0  # 0..1
    info: str = ""
    elapsed: float = 0.0

    @property
    def done(self) -> bool:
        return self.status == "READY"


class LaunchFailed(ManagerError):
    """A launch that did not reach READY; ``kind`` names the cause, ``detail`` is the server's own message."""

    def __init__(self, kind: str, message: str, hint: str, detail: str = "", uid: str = "") -> None:
        super().__init__(message, hint)
        self.kind = kind
        self.detail = detail
        self.uid = uid

    def one_line(self, frontend: Frontend = "gui") -> str:
        base = super().one_line(frontend)
        return f"{base}\n  server said: {self.detail}" if self.detail and self.detail not in base else base


# (kind, words found in the server's message (any), message, hint). Checked in order; messages are Xinference 4.x's
# as seen on a real server (download, engine, UID, GPU count) plus torch's and the OS's wording for memory.
_CAUSES: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    # The process that was loading the model ended (killed, out of memory) while the server itself still answers:
    # xoscar's ServerClosed for the model's own pool ("Remote server unixsocket:///… closed: 0 bytes read …") once
    # it loads, "Start sub pool failed, returncode: -9" when it died while starting (both seen with Xinference 4.1).
    ("process_ended", ("closed: 0 bytes read", "server may be closed", "serverclosed", "start sub pool failed"),
     "The model's process ended while loading; the server keeps running",
     "Check the server log for the cause (memory, model files), then launch it again."),
    ("uid_taken", ("already in the model list", "already exists", "already been launched"),
     "A model with this UID is already running",
     "Choose another UID, leave it empty, or terminate the running one first."),
    ("out_of_memory", ("out of memory", "outofmemory", "memoryerror", "cannot allocate memory", "oom-kill",
                       "not enough memory", "insufficient memory"),
     "The model does not fit in memory",
     "Pick a smaller size or a quantized format, lower the context length, or free memory (terminate other "
     "models)."),
    ("download_failed", ("failed to download", "connection error", "couldn't connect", "cannot connect",
                         "offline", "localentrynotfounderror", "max retries exceeded", "name resolution",
                         "we couldn't connect", "outgoing traffic has been disabled"),
     "The model's files could not be downloaded",
     "This server cannot reach the model hub (offline, proxy or firewall). Download the weights elsewhere and "
     "register them as a local model, or try the other download hub."),
    ("engine_missing", ("cannot be run on engine", "failed to import", "no module named",
                        "engine is not available"),
     "The chosen engine cannot run this model on this server",
     "Choose an engine the server lists as usable for this model, or install that engine's packages in "
     "Xinference's environment."),
    ("no_gpu", ("number of gpus", "no available gpu", "cuda is not available", "no cuda gpus"),
     "Not enough GPUs for this launch",
     "Set GPU count to 'auto' or 'cpu', or pick GPU indices that exist on the worker."),
    ("model_unknown", ("model not found", "not found in the model list", "is not registered"),
     "The server does not know this model (or this spec)",
     "Check the model name, format, size and quantization; a custom model must be registered first."),
)


def explain_failure(detail: str, uid: str = "") -> LaunchFailed:
    """Turn the server's message into a plain cause (``kind``), keeping the message itself as ``detail``."""
    low = detail.lower()
    for kind, needles, message, hint in _CAUSES:
        if any(n in low for n in needles):
            return LaunchFailed(kind, message, hint, detail, uid)
    return LaunchFailed("other", "The model failed to launch", "Read the server's message below and its log.",
                        detail, uid)


def server_gone(exc: ServerUnreachable, uid: str) -> LaunchFailed:
    return LaunchFailed(
        "server_gone",
        "The server stopped answering during the launch",
        "It may have crashed or been stopped (possibly out of memory). Start it again, then relaunch.",
        exc.message,
        uid,
    )


def cancelled(uid: str) -> LaunchFailed:
    return LaunchFailed("cancelled", "The launch was cancelled", "Nothing is left running; launch again anytime.",
                        "", uid)


async def start_launch(client: XinferenceClient, request: LaunchRequest) -> str:
    """Submit the launch and return the UID (the server's pick when none was given). Errors come explained."""
    body = request.body()  # raises InvalidInput before any request
    try:
        return await client.launch_model(body, wait_ready=False)
    except ApiError as exc:
        raise explain_failure(exc.detail, request.model_uid) from exc


async def _progress(client: XinferenceClient, uid: str) -> dict[str, Any]:
    try:
        data = await client.get_json(f"/v1/models/{quote(uid, safe='')}/progress")
    except (ApiError, MalformedResponse):
        return {}  # progress is a nicety: older servers lack it, and it 400s once the launch ended
    return data if isinstance(data, dict) else {}


def _replica_error(raw: dict[str, Any]) -> str | None:
    for rep in raw.get("replica_statuses") or []:
        if isinstance(rep, dict) and rep.get("error_message"):
            return str(rep["error_message"])
    return None


async def follow_launch(
    client: XinferenceClient, uid: str, *, poll: float = 0.5, timeout: float | None = None
) -> AsyncGenerator[LaunchEvent, None]:
    """Yield progress until READY (last event), or raise ``LaunchFailed`` (failure, cancel, server gone)."""
    started = time.monotonic()
    last: LaunchEvent | None = None
    while True:
        elapsed = time.monotonic() - started
        if timeout is not None and elapsed > timeout:
            failed = LaunchFailed("timeout", f"The model was not ready after {timeout:g} s",
                                  "It may still be loading; watch the running models or the server log.", "", uid)
            failed.hints = {"gui": "It may still be loading; watch the Running page or the server log.",
                            "cli": "It may still be loading; watch `xinference-manager ps` or the server log."}
            raise failed
        try:
            instances = [i for i in await client.instances() if i.uid == uid]
            status = instances[0].status if instances else ""
            if not instances:
                # Servers without the instance list (or a launch already finished and listed): ask /v1/models.
                if any(m.uid == uid for m in await client.list_models()):
                    status = "READY"
            if status == "ERROR":
                detail = _replica_error(instances[0].raw)
                raise explain_failure(detail, uid) if detail else cancelled(uid)
            prog = {} if status == "READY" else await _progress(client, uid)
        except ServerUnreachable as exc:
            raise server_gone(exc, uid) from exc
        replicas = [r for r in prog.get("replicas") or [] if isinstance(r, dict)]
        event = LaunchEvent(
            uid=uid,
            status=status or "SUBMITTED",
            stage="ready" if status == "READY" else str(prog.get("stage") or ""),
            progress=1.0 if status == "READY" else _float(prog.get("progress")),
            info=str(replicas[0].get("info") or "") if replicas else "",
            elapsed=round(elapsed, 2),
        )
        # Yield changes only: the same "loading 82%" every half second is noise in a log or a CLI.
        if last is None or (event.status, event.stage, event.progress, event.info) != (
            last.status, last.stage, last.progress, last.info
        ):
            yield event
            last = event
        if status == "READY":
            return
        await asyncio.sleep(poll)


async def launch(
    client: XinferenceClient, request: LaunchRequest, *, poll: float = 0.5, timeout: float | None = None
) -> AsyncIterator[LaunchEvent]:
    """``start_launch`` then ``follow_launch``: the first event is SUBMITTED and carries the UID."""
    started = time.monotonic()
    uid = await start_launch(client, request)
    yield LaunchEvent(uid=uid, status="SUBMITTED", stage="pending", elapsed=round(time.monotonic() - started, 2))
    async for event in follow_launch(client, uid, poll=poll, timeout=timeout):
        yield event


async def cancel_launch(client: XinferenceClient, uid: str) -> None:
    """Ask the server to stop a launch in progress (it answers once the loading process is gone, ~several s)."""
    try:
        # Not client.cancel_launch: the server answers only once the loading process is gone, often > 15 s.
        await client.request("POST", f"/v1/models/{quote(uid, safe='')}/cancel", timeout=120.0)
    except ApiError as exc:
        # "has not been launched yet": it already ended (failed or ready) between our poll and the click.
        if "not been launched" not in exc.detail:
            raise


def _float(value: Any) -> float:
    try:
        return max(0.0, min(1.0, float(value)))
    except (TypeError, ValueError):
        return 0.0


async def registered_family(client: XinferenceClient, model_type: str, model_name: str) -> dict[str, Any]:
    """One family as the catalog's detailed listing has it (with ``model_type`` added), for the Launch dialog."""
    data = await client.get_json(f"/v1/model_registrations/{model_type}/{quote(model_name, safe='')}")
    if not isinstance(data, dict) or not data.get("model_name"):
        raise MalformedResponse(f"/v1/model_registrations/{model_type}/{model_name}", "expected a family")
    return {**data, "model_type": model_type}


def engine_choices(answer: Any) -> dict[str, list[dict[str, Any]] | str]:
    """``/v1/engines`` parsed: engine -> its usable spec params, or the reason it cannot be used."""
    out: dict[str, list[dict[str, Any]] | str] = {}
    if not isinstance(answer, dict):
        return out
    for name, value in answer.items():
        if isinstance(value, list):
            out[str(name)] = [v for v in value if isinstance(v, dict)]
        else:
            out[str(name)] = str(value or "not usable on this server")
    return out


def recommended_config(answer: Any) -> dict[str, Any]:
    """The recommender's config (engine, format, size, quantization, context length), or {} without one."""
    if isinstance(answer, dict) and isinstance(answer.get("config"), dict):
        return dict(answer["config"])
    return {}
