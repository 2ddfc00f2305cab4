"""What a person types to name a model: its type, its name, its UID, checked against the server.

One normaliser for model types (any case: ``llm``, ``Embedding``), and lookups that answer a mistyped name or UID
with the closest real ones ("did you mean ...?") before anything is launched, removed or stopped.
"""

from __future__ import annotations

import asyncio
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.core.api import MODEL_TYPES, XinferenceClient
from app.core.api.types import strip_replica_suffix
from app.core.errors import InvalidInput, ManagerError, ModelNotFound, UnknownModel


def model_type_name(text: str, allowed: Sequence[str] = MODEL_TYPES) -> str:
    """The model type as Xinference spells it (``LLM``, ``embedding``...), whatever the case typed."""
    wanted = text.strip().lower()
    for name in allowed:
        if name.lower() == wanted:
            return name
    raise InvalidInput(f"Unknown model type {text.strip()!r}" + did_you_mean(text, allowed),
                       f"Use one of: {', '.join(allowed)} (any case).")


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` candidates that look like ``word`` (case-insensitive), best first."""
    by_lower: dict[str, str] = {}
    for c in candidates:
        by_lower.setdefault(c.lower(), c)
    return [by_lower[m] for m in difflib.get_close_matches(word.strip().lower(), list(by_lower), n=n, cutoff=0.6)]


def did_you_mean(word: str, candidates: Iterable[str], sep: str = ";") -> str:
    """``"; did you mean 'a' or 'b'?"`` to append to a message, or "" when nothing is close."""
    found = closest(word, candidates)
    if not found:
        return ""
    return f"{sep} did you mean {' or '.join(repr(f) for f in found)}?"


@dataclass(frozen=True)
class Registration:
    """A model name the server knows: under which type, and whether it is builtin or a custom registration."""

    model_name: str
    model_type: str
    is_builtin: bool


async def registrations(client: XinferenceClient, model_type: str) -> list[Registration]:
    """The names of one type (``/v1/model_registrations/{type}``, without the details: small and fast)."""
    out = []
    for item in await client.registrations(model_type, timeout=60.0):
        if isinstance(item, dict) and item.get("model_name"):
            out.append(Registration(str(item["model_name"]), model_type, bool(item.get("is_builtin"))))
    return out


async def find_model(client: XinferenceClient, name: str, model_type: str | None = None) -> Registration:
    """The registration called ``name`` (in ``model_type``, else in whichever type has it).

    Raises ``UnknownModel`` with the closest names when the server has none by that name, and ``InvalidInput``
    when no type was given and the name exists under several."""
    types = [model_type] if model_type else list(MODEL_TYPES)
    found = await asyncio.gather(*(registrations(client, t) for t in types))
    every = [r for regs in found for r in regs]
    matches = [r for r in every if r.model_name == name]
    if len(matches) > 1:
        raise InvalidInput(f"{name!r} is registered as several types ({', '.join(r.model_type for r in matches)})",
                           "Say which one with the model type.")
    if matches:
        return matches[0]
    where = f"{model_type} model" if model_type else "model"
    elsewhere = []
    if model_type:  # the right name under the wrong type is a common slip: say where it is
        others = await asyncio.gather(*(registrations(client, t) for t in MODEL_TYPES if t != model_type))
        elsewhere = [r.model_type for regs in others for r in regs if r.model_name == name]
    if elsewhere:
        raise UnknownModel(f"The server has no {where} named {name!r}; it is registered as {elsewhere[0]}",
                           f"Use the type {elsewhere[0]}, or leave the type out.")
    raise UnknownModel(f"The server has no {where} named {name!r}" + did_you_mean(name, (r.model_name for r in every)),
                       "Names are case-sensitive; a custom model must be registered first.")


async def check_llm_family(client: XinferenceClient, family: str) -> str:
    """``family`` if it is one of the server's builtin LLM families (a custom LLM borrows its chat template)."""
    builtin = [r.model_name for r in await registrations(client, "LLM") if r.is_builtin]
    if family in builtin:
        return family
    raise UnknownModel(
        f"{family!r} is not a builtin LLM family of this server" + did_you_mean(family, builtin),
        "The family decides the chat template the model is run with: pick the builtin model it is based on.",
    )


async def check_unregister(client: XinferenceClient, model_type: str, name: str) -> list[str]:
    """Check that ``name`` is a custom registration of ``model_type``; return the UIDs running it.

    A builtin name is refused (Xinference would silently keep it), as is a name it does not have (it would
    answer OK and remove nothing)."""
    regs = await registrations(client, model_type)
    match = next((r for r in regs if r.model_name == name), None)
    if match is None:
        custom = [r.model_name for r in regs if not r.is_builtin]
        raise UnknownModel(
            f"No custom {model_type} model is registered as {name!r}" + did_you_mean(name, custom),
            f"Custom {model_type} models here: {', '.join(sorted(custom))}." if custom
            else f"This server has no custom {model_type} model.",
        )
    if match.is_builtin:
        raise ManagerError(f"{name!r} is a builtin {model_type} model; only custom registrations can be removed")
    return sorted(m.uid for m in await client.list_models() if m.model_name == name)


async def check_running_uid(client: XinferenceClient, uid: str) -> str:
    """The UID to use for a running model: ``uid`` itself, or the UID a replica's name (``uid-rep0``) belongs to.

    Raises ``ModelNotFound`` naming the closest running UIDs, or the UIDs of a model when its name was given."""
    models = await client.list_models()
    uids = {strip_replica_suffix(m.uid, {x.uid for x in models}) for m in models}
    if uid in uids:
        return uid
    stem = strip_replica_suffix(uid, uids)
    if stem in uids:
        return stem
    error = ModelNotFound(uid)
    by_name = sorted(m.uid for m in models if m.model_name == uid)
    if by_name:
        error.message += f"; {uid!r} is a model's name, and its UIDs are {', '.join(by_name)}"
    elif uids:
        error.message += did_you_mean(uid, uids) or f"; running: {', '.join(sorted(uids))}"
    else:
        error.message += "; no model is running"
    raise error
