"""Dify's model types for Xinference, and how they map to Xinference's: the one table every output uses.

Dify's Xinference provider (langgenius/dify-official-plugins, ``models/xinference/provider/xinference.yaml``) offers
five model types. Which Xinference model each accepts follows from the plugin's validators: an LLM needs chat or
generate ability, Text Embedding an ``embedding`` model, Rerank a ``rerank`` model, Speech2text an ``audio`` model
without text-to-audio ability, TTS an ``audio`` model with it.
"""

from __future__ import annotations

from collections.abc import Iterable

# Dify's keys, in the order of its form, with the labels Dify shows.
DIFY_TYPES = ("llm", "text-embedding", "rerank", "speech2text", "tts")
DIFY_TYPE_LABELS = {"llm": "LLM", "text-embedding": "Text Embedding", "rerank": "Rerank",
                    "speech2text": "Speech2text", "tts": "TTS"}
# The Xinference ``model_type`` each Dify type needs.
XINFERENCE_TYPE = {"llm": "LLM", "text-embedding": "embedding", "rerank": "rerank", "speech2text": "audio",
                   "tts": "audio"}
# The abilities by which the plugin tells a speaking audio model (helper.py's metadata call).
TTS_ABILITIES = ("text2audio", "text-to-audio")


def dify_type_of_model(model_type: str, abilities: Iterable[str] = ()) -> str | None:
    """The Dify type under which a running Xinference model is accepted, or None where Dify has none."""
    kind = model_type.strip()
    if kind.lower() == "llm":
        return "llm"
    if kind == "embedding":
        return "text-embedding"
    if kind == "rerank":
        return "rerank"
    if kind == "audio":
        return "tts" if any(a in TTS_ABILITIES for a in abilities) else "speech2text"
    return None


def dify_label(dify_type: str) -> str:
    return DIFY_TYPE_LABELS.get(dify_type, dify_type)


def dify_type_for(value: str, abilities: Iterable[str] = ()) -> str:
    """Read a type as a person or a caller gives it: Dify's key ("text-embedding"), its label ("Text Embedding")
    or Xinference's type ("embedding"; "audio" becomes TTS or Speech2text by its abilities)."""
    v = value.strip().lower().replace("_", "-")
    if v in DIFY_TYPES:
        return v
    for key, label in DIFY_TYPE_LABELS.items():
        if v == label.lower():
            return key
    found = dify_type_of_model(value.strip(), abilities)
    if found is not None:
        return found
    raise ValueError(f"unknown model type {value!r}; use one of {', '.join(DIFY_TYPES)}")
