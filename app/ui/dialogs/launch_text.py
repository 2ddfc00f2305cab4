"""How the launch dialog words the server's values: sizes as people write them, stages said once."""

from __future__ import annotations


def size_label(value: str) -> str:
    """The server's size as people write it: ``"0_1"`` → ``0.1B``, ``7`` → ``7B`` (the server's own value stays
    the combo's data and goes into the request)."""
    try:
        return f"{float(value.replace('_', '.')):g}B"
    except ValueError:
        return value


def stage_text(stage: str, info: str) -> str:
    """The stage and the server's note without the stage said twice (4.1: stage "loading", info "Loading model")."""
    info = info.strip()
    if not stage or info.lower().startswith(stage.lower()):
        return info or stage
    return f"{stage} {info}".strip()
