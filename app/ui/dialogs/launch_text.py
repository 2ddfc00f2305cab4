"""How the launch dialog words the server's values: stages said once (sizes: ``app.core.catalog.size_label``)."""

from __future__ import annotations


def stage_text(stage: str, info: str) -> str:
    """The stage and the server's note without the stage said twice (4.1: stage "loading", info "Loading model")."""
    info = info.strip()
    if not stage or info.lower().startswith(stage.lower()):
        return info or stage
    return f"{stage} {info}".strip()
