"""A three-way merge of JSON values: what this process changed since it last read a file, applied onto what the
file holds now, so that two writers (the window and the CLI) each keep the other's changes.

Dictionaries merge key by key, and lists of named objects (profiles, model sets) merge name by name; anything
else changed on both sides takes this process's value (it is the later write).
"""

from __future__ import annotations

from typing import Any

_ABSENT = object()


def merge3(base: Any, mine: Any, theirs: Any) -> Any:
    """``mine`` and ``theirs`` both descend from ``base``: keep each side's changes; ``mine`` wins a conflict."""
    if _same(mine, base):
        return theirs
    if _same(theirs, base) or theirs is _ABSENT:
        return mine
    if isinstance(mine, dict) and isinstance(theirs, dict):
        return _merge_dicts(base if isinstance(base, dict) else {}, mine, theirs)
    if _named_list(mine) and _named_list(theirs):
        old = {item["name"]: item for item in base} if _named_list(base) else {}
        merged = _merge_dicts(old, {i["name"]: i for i in mine}, {i["name"]: i for i in theirs})
        return list(merged.values())
    return mine


def _same(a: Any, b: Any) -> bool:
    return a is b or (a is not _ABSENT and b is not _ABSENT and a == b)


def _merge_dicts(base: dict[Any, Any], mine: dict[Any, Any], theirs: dict[Any, Any]) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for key in [*theirs, *(k for k in mine if k not in theirs)]:  # the file's order, then this side's new keys
        old = base.get(key, _ABSENT)
        here, there = mine.get(key, _ABSENT), theirs.get(key, _ABSENT)
        if here is _ABSENT and _same(there, old):
            continue  # removed here, untouched there
        if there is _ABSENT and _same(here, old):
            continue  # removed there, untouched here
        value = merge3(old, here, there) if here is not _ABSENT else there
        out[key] = value
    return out


def _named_list(value: Any) -> bool:
    return (isinstance(value, list) and all(isinstance(i, dict) and isinstance(i.get("name"), str) for i in value)
            and len({i["name"] for i in value}) == len(value))
