"""Reading the settings file defensively: a file cut off mid-write, filled with garbage, edited by hand into the
wrong types, or written by a newer version of the app must never stop the app from starting, and must lose
nothing that could be kept.

``checked_fields`` keeps each field whose value has the type the dataclass declares and names the others;
``set_aside`` moves (or copies) the file beside itself with a time stamp, so that the person can still recover
what was in it. ``Settings.load`` (``app.core.settings``) puts the two together.
"""

from __future__ import annotations

import logging
import shutil
import time
import types
import typing
from dataclasses import MISSING, fields
from pathlib import Path
from typing import Any

from app.core.errors import ManagerError

log = logging.getLogger(__name__)


class SettingsUnreadable(ManagerError):
    """The settings file as a whole cannot be used (not JSON, not an object)."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"The settings file could not be read: {detail}",
                         "The app started from defaults; the damaged file was kept beside the new one.")


def checked_fields(cls: type, data: dict[str, Any], where: str = "") -> tuple[dict[str, Any], list[str]]:
    """The known fields of dataclass ``cls`` whose values fit its annotations, and the dotted names of those
    that do not (left at their defaults). Unknown keys are ignored (a newer version's, handled by the caller)."""
    hints = typing.get_type_hints(cls)
    kept: dict[str, Any] = {}
    dropped: list[str] = []
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if _fits(value, hints[f.name]):
            kept[f.name] = value
        elif f.default is not MISSING or f.default_factory is not MISSING:
            dropped.append(where + f.name)
    return kept, dropped


def _fits(value: Any, hint: Any) -> bool:
    """Whether a JSON value has the declared type (bool is not an int here: ``true`` is no port number)."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is Any:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, a) for a in args)
    if origin is typing.Literal:
        return value in args
    if hint is type(None):
        return value is None
    if origin is list:
        return isinstance(value, list) and (not args or all(_fits(v, args[0]) for v in value))
    if origin is dict:
        return isinstance(value, dict) and (not args or all(_fits(k, args[0]) and _fits(v, args[1])
                                                            for k, v in value.items()))
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True  # a dataclass field (a nested object) is checked by its own parser


def set_aside(path: Path, why: str, *, keep_original: bool = False) -> Path | None:
    """Move ``path`` to ``<name>.<why>-<time>`` beside it (or copy it, with ``keep_original``); None if that
    failed too (a read-only folder): the app then starts anyway, and says so."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{why}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{why}-{stamp}-{n}")
    try:
        if keep_original:
            shutil.copy2(path, target)
        else:
            path.replace(target)
    except OSError as exc:
        log.warning("could not keep a copy of %s as %s: %s", path, target, exc)
        return None
    return target
