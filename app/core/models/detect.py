"""What a model on disk is, from its files: its type, format, quantization and a usable name.

* a folder with ``config.json``: pytorch (transformers); with ``modules.json`` (a sentence-transformers folder) an
  embedding model; with a ``*ForSequenceClassification`` architecture scoring one label a reranker (a
  cross-encoder); else an LLM;
* a ``.gguf`` file (or a folder holding exactly one): an LLM in ``ggufv2``, the quantization read from the file name
  (``...-Q4_K_M.gguf``).

The name is the folder's (or the file's, without the quantization), lowercased, with characters Xinference refuses
replaced: never empty, so "Model name '' is not usable" cannot come from a name the app suggested.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.errors import InvalidInput

# llama.cpp's quantization names as they appear in file names: Q4_K_M, Q8_0, IQ4_XS, F16, BF16, Q4_0_4_4...
_GGUF_QUANT = re.compile(r"(?:^|[-._])((?:I?Q\d+(?:_[A-Z0-9]+)*)|BF16|F16|F32)$", re.IGNORECASE)
_UNSAFE = re.compile(r"[^a-z0-9._-]+")


@dataclass(frozen=True)
class DetectedModel:
    model_type: str  # LLM, embedding or rerank
    model_format: str  # pytorch or ggufv2
    quantization: str  # "none" for pytorch
    name: str  # suggested; the user may change it
    path: Path  # the folder, or the .gguf file
    reason: str  # what gave it away, for the dialog ("sentence-transformers folder (modules.json)")


def safe_name(text: str) -> str:
    """``My Model (v2)`` -> ``my-model-v2``: lowercase, letters, digits, ``. _ -``, starting with a letter or digit;
    ``"model"`` when nothing usable is left."""
    name = _UNSAFE.sub("-", text.strip().lower())
    name = re.sub(r"-{2,}", "-", name).strip("-._")
    return name or "model"


def gguf_quantization(file_name: str) -> str:
    """``qwen2.5-0.5b-instruct-q4_k_m.gguf`` -> ``Q4_K_M``; ``""`` when the name does not say."""
    match = _GGUF_QUANT.search(Path(file_name).stem)
    return match.group(1).upper() if match else ""


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _labels(config: dict[str, Any]) -> int | None:
    count = config.get("num_labels")
    if isinstance(count, int) and not isinstance(count, bool):
        return count
    id2label = config.get("id2label")
    return len(id2label) if isinstance(id2label, dict) else None


def _gguf(file: Path) -> DetectedModel:
    quant = gguf_quantization(file.name)
    stem = file.stem
    if quant:
        stem = stem[: len(stem) - len(quant)].rstrip("-._")
    return DetectedModel("LLM", "ggufv2", quant or "default", safe_name(stem), file,
                         f"GGUF file{f' ({quant})' if quant else ''}")


def detect_local_model(path: str | Path) -> DetectedModel:
    """Describe a model folder or ``.gguf`` file; ``InvalidInput`` when it is neither."""
    target = Path(path).expanduser()
    if not str(path).strip():
        raise InvalidInput("No folder or file chosen", "Choose the folder that holds the model's files.")
    if not target.exists():
        raise InvalidInput(f"{target} does not exist", "Choose the folder that holds the model's files.")
    if target.is_file():
        if target.suffix.lower() == ".gguf":
            return _gguf(target)
        if target.name == "config.json":
            target = target.parent
        else:
            raise InvalidInput(f"{target.name} is not a model file",
                               "Choose a .gguf file, or the folder holding config.json and the weights.")
    name = safe_name(target.name)
    config_file = target / "config.json"
    if not config_file.is_file():
        ggufs = sorted(target.glob("*.gguf"))
        if len(ggufs) == 1:
            return _gguf(ggufs[0])
        if ggufs:
            raise InvalidInput(f"{target} holds {len(ggufs)} GGUF files",
                               "Choose the one file to register (File...).")
        raise InvalidInput(f"{target} has no config.json and no .gguf file",
                           "Choose the folder that holds config.json and the weights, or a .gguf file.")
    if (target / "modules.json").is_file() or (target / "config_sentence_transformers.json").is_file():
        return DetectedModel("embedding", "pytorch", "none", name, target,
                             "sentence-transformers folder (modules.json)")
    config = _read_json(config_file)
    architectures = [a for a in config.get("architectures") or [] if isinstance(a, str)]
    if any(a.endswith("ForSequenceClassification") for a in architectures) and _labels(config) == 1:
        return DetectedModel("rerank", "pytorch", "none", name, target,
                             f"cross-encoder ({architectures[0]}, one label)")
    arch = architectures[0] if architectures else "config.json"
    return DetectedModel("LLM", "pytorch", "none", name, target, f"transformers folder ({arch})")
