"""Dify's side: its Xinference plugin's validation re-enacted, where Dify runs, the settings block to paste.

Needs nothing of the core but ``app.core.api``."""

from __future__ import annotations

from app.core.dify.check import (
    DIFY_TYPE_LABELS,
    DifyCheckRequest,
    DifyReport,
    dify_type_for,
    run_check,
)
from app.core.dify.location import (
    LOCATIONS,
    bridge_address,
)
from app.core.dify.settings_block import (
    dify_settings_block,
)
from app.core.dify.steps import (
    MARK,
    Status,
    Step,
)
from app.core.dify.validation import (
    DIFY_TYPES,
)

__all__ = [
    "DIFY_TYPES",
    "DIFY_TYPE_LABELS",
    "DifyCheckRequest",
    "DifyReport",
    "LOCATIONS",
    "MARK",
    "Status",
    "Step",
    "bridge_address",
    "dify_settings_block",
    "dify_type_for",
    "run_check",
]
