"""Describe a model on local disk as an Xinference custom family, ready for ``register_model``.

People with weights on disk (or offline) register them once and launch them like builtin models.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from app.core.errors import InvalidInput

REGISTRABLE_TYPES = ("LLM", "embedding", "rerank")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")


def validate_model_name(name: str) -> str:
    name = name.strip()
    if not _NAME.match(name):
        raise InvalidInput(
            f"Model name {name!r} is not usable",
            "Use letters, digits, '.', '_' and '-' only, starting with a letter or digit.",
        )
    return name


def _read_config(path: Path) -> dict[str, Any]:
    cfg = path / "config.json"
    if cfg.is_file():
        try:
            data = json.loads(cfg.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except ValueError:
            return {}
    return {}


def _size_in_billions(path: Path) -> int | str:
    """Rough parameter count from the weight files (bytes / 2 for fp16/bf16), as Xinference writes sizes."""
    total = sum(f.stat().st_size for f in path.glob("*.safetensors")) or sum(
        f.stat().st_size for f in path.glob("*.bin")
    )
    billions = total / 2 / 1e9
    if billions >= 1:
        return int(round(billions))
    # Xinference writes sub-billion sizes as "0_5"; never 0, which it treats as unknown.
    tenths = max(1, int(round(billions * 10)))
    return f"0_{tenths}" if tenths < 10 else 1


def build_family(
    model_type: str,
    name: str,
    path: str | Path,
    *,
    model_family: str = "",
    abilities: list[str] | None = None,
    languages: list[str] | None = None,
    context_length: int | None = None,
    dimensions: int | None = None,
    max_tokens: int | None = None,
    quantization: str = "",
) -> dict[str, Any]:
    """Build the family JSON for a local folder. Raises ``InvalidInput`` for what Xinference would refuse.

    ``model_type`` may be in any case (``llm``); whether ``model_family`` is a builtin family of the server is for
    ``check_llm_family`` to say, since only the server knows its families."""
    from app.core.models.names import model_type_name

    model_type = model_type_name(model_type, REGISTRABLE_TYPES)
    name = validate_model_name(name)
    folder = Path(path).expanduser()
    if not folder.exists():
        raise InvalidInput(f"{folder} does not exist", "Choose the folder that holds the model's files.")
    uri = str(folder.resolve())
    languages = languages or ["en"]
    config = _read_config(folder if folder.is_dir() else folder.parent)
    if model_type == "LLM":
        if not model_family:
            raise InvalidInput(
                "A custom LLM needs a model family",
                "Pick the builtin family it is based on (e.g. qwen2.5-instruct) so its chat template is used.",
            )
        is_gguf = folder.is_file() and folder.suffix == ".gguf"
        spec: dict[str, Any] = {
            "model_format": "ggufv2" if is_gguf else "pytorch",
            "model_size_in_billions": _size_in_billions(folder if folder.is_dir() else folder.parent),
            "quantization": "none",
            "model_id": None,
            "model_uri": str(folder.parent.resolve()) if is_gguf else uri,
            "model_hub": "huggingface",
        }
        if is_gguf:
            spec["quantization"] = quantization or "default"  # a GGUF file names its own (Q4_K_M)
            spec["model_file_name_template"] = folder.name
        return {
            "version": 2,
            "model_name": name,
            "model_lang": languages,
            "model_ability": abilities or ["generate", "chat"],
            "model_description": f"Custom model from {uri}",
            "model_family": model_family,
            "context_length": context_length or int(config.get("max_position_embeddings") or 2048),
            "model_specs": [spec],
        }
    if model_type == "embedding":
        return {
            "version": 2,
            "model_name": name,
            "dimensions": dimensions or int(config.get("hidden_size") or 384),
            "max_tokens": max_tokens or int(config.get("max_position_embeddings") or 512),
            "language": languages,
            "model_specs": [
                {"model_format": "pytorch", "model_id": None, "model_uri": uri, "quantization": "none",
                 "model_hub": "huggingface"}
            ],
        }
    if model_type == "rerank":
        return {
            "version": 2,
            "model_name": name,
            "type": "normal",
            "language": languages,
            "max_tokens": max_tokens or int(config.get("max_position_embeddings") or 512),
            "model_specs": [
                {"model_format": "pytorch", "model_id": None, "model_uri": uri, "quantization": "none",
                 "model_hub": "huggingface"}
            ],
        }
    raise AssertionError(f"unhandled registrable type {model_type}")  # model_type_name allows only those
