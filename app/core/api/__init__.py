"""The Xinference client: HTTP calls, the server's JSON parsed into frozen dataclasses, login sessions."""

from __future__ import annotations

from app.core.api.auth import (
    AuthSession,
    LoginState,
    find_setup_token,
    setup_token_from_home,
)
from app.core.api.bearer import BearerAuth, http_client
from app.core.api.client import (
    MODEL_TYPES,
    XinferenceClient,
    normalize_endpoint,
    preload_transport,
)
from app.core.api.types import Reply, ServerStatus, strip_replica_suffix

__all__ = [
    "AuthSession",
    "BearerAuth",
    "LoginState",
    "MODEL_TYPES",
    "Reply",
    "ServerStatus",
    "XinferenceClient",
    "find_setup_token",
    "http_client",
    "normalize_endpoint",
    "preload_transport",
    "setup_token_from_home",
    "strip_replica_suffix",
]
