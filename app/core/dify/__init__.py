"""Dify's side: its Xinference plugin's validation re-enacted, where Dify runs, the settings block to paste.

One source of truth for Dify's model types (``model_types``), "is this host loopback" and the URL Dify should use
from each location (``location``), and the "Dify settings" block (``settings_block``). Needs nothing of the core
but ``app.core.api`` (and the flat infrastructure)."""

from __future__ import annotations

from app.core.dify.check import run_check
from app.core.dify.form import parse_server_url
from app.core.dify.location import (
    DOCKER_LINUX_ADVICE,
    LOCATIONS,
    PLACE,
    bridge_address,
    dify_url,
    is_loopback,
)
from app.core.dify.model_types import (
    DIFY_TYPE_LABELS,
    DIFY_TYPES,
    dify_label,
    dify_type_for,
    dify_type_of_model,
)
from app.core.dify.placement import (
    BindChange,
    bind_change_for,
    bind_host_for,
    bind_reaches,
    known_location,
    login_required_for,
)
from app.core.dify.report import DifyCheckRequest, DifyReport
from app.core.dify.settings_block import app_endpoint_for, dify_settings, dify_settings_block, server_url_for_dify
from app.core.dify.steps import MARK, Status, Step

__all__ = [
    "DIFY_TYPES",
    "DIFY_TYPE_LABELS",
    "DOCKER_LINUX_ADVICE",
    "LOCATIONS",
    "MARK",
    "PLACE",
    "BindChange",
    "DifyCheckRequest",
    "DifyReport",
    "Status",
    "Step",
    "app_endpoint_for",
    "bind_change_for",
    "bind_host_for",
    "bind_reaches",
    "bridge_address",
    "dify_label",
    "dify_settings",
    "dify_settings_block",
    "dify_type_for",
    "dify_type_of_model",
    "dify_url",
    "is_loopback",
    "known_location",
    "login_required_for",
    "parse_server_url",
    "run_check",
    "server_url_for_dify",
]
