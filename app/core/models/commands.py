"""The "Copy as command" lines: one launch as an ``xinference launch`` line and as our own CLI line."""

from __future__ import annotations

import json
import shlex
from typing import Any

from app.core.models.launch import LaunchRequest


def _value_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _placement_args(req: LaunchRequest, pairs: tuple[tuple[str, str], ...], cpu_word: str | None) -> list[str]:
    """The flags both command lines share: the named values, replicas, GPUs and context length.

    ``cpu_word``: how that CLI spells "no GPU" (Xinference's says ``none``; ours keeps the request's word)."""
    args: list[str] = []
    for flag, value in pairs:
        if value:
            args += [flag, value]
    if req.replica != 1:
        args += ["--replica", str(req.replica)]
    if req.gpu_idx:
        args += ["--gpu-idx", ",".join(str(i) for i in req.gpu_idx)]
    elif req.n_gpu != "auto":
        args += ["--n-gpu", cpu_word if cpu_word and req.n_gpu in ("cpu", "none") else req.n_gpu]
    if req.context_length:
        args += ["--context-length", str(req.context_length)]
    return args


def xinference_command(request: LaunchRequest, endpoint: str) -> str:
    """``xinference launch ...`` as Xinference's own CLI spells it (extra engine kwargs as ``--key value``)."""
    req = request.validated()
    args = ["xinference", "launch", "--endpoint", endpoint, "--model-name", req.model_name,
            "--model-type", req.model_type]
    pairs = (("--model-engine", req.model_engine), ("--model-format", req.model_format),
             ("--size-in-billions", req.model_size_in_billions), ("--quantization", req.quantization),
             ("--model-uid", req.model_uid), ("--worker-ip", req.worker_ip), ("--model-path", req.model_path))
    args += _placement_args(req, pairs, cpu_word="none")
    if req.download_hub:
        args += ["--download_hub", req.download_hub]  # no named option: passed through as an engine kwarg
    for key, value in req.options.items():
        args += [f"--{key}", _value_text(value)]
    return shlex.join(args)


def manager_command(request: LaunchRequest, endpoint: str, wait: bool = True) -> str:
    """Our own ``xinference-manager launch ...`` line (see ``app/cli/models.py``)."""
    req = request.validated()
    args = ["xinference-manager", "--endpoint", endpoint, "launch", req.model_name, "--type", req.model_type]
    pairs = (("--engine", req.model_engine), ("--format", req.model_format), ("--size", req.model_size_in_billions),
             ("--quantization", req.quantization), ("--uid", req.model_uid), ("--worker", req.worker_ip),
             ("--download-hub", req.download_hub), ("--model-path", req.model_path))
    args += _placement_args(req, pairs, cpu_word=None)
    for key, value in req.options.items():
        args += ["--option", f"{key}={_value_text(value)}"]
    if wait:
        args.append("--wait")
    return shlex.join(args)
