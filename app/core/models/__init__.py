"""Models on a server: launch requests and progress, the running table, custom registrations."""

from __future__ import annotations

from app.core.models.commands import (
    manager_command,
    xinference_command,
)
from app.core.models.custom import (
    REGISTRABLE_TYPES,
    build_family,
)
from app.core.models.launch import (
    LaunchEvent,
    LaunchFailed,
    LaunchRequest,
    cancel_launch,
    cancelled,
    engine_choices,
    follow_launch,
    parse_option_value,
    parse_options,
    recommended_config,
    registered_family,
    start_launch,
    validate_uid,
)
from app.core.models.names import (
    Registration,
    check_llm_family,
    check_running_uid,
    check_unregister,
    closest,
    did_you_mean,
    find_model,
    model_type_name,
)
from app.core.models.running import (
    RunningRow,
    running_rows,
    try_model,
)

__all__ = [
    "LaunchEvent",
    "LaunchFailed",
    "LaunchRequest",
    "REGISTRABLE_TYPES",
    "Registration",
    "RunningRow",
    "build_family",
    "cancel_launch",
    "cancelled",
    "check_llm_family",
    "check_running_uid",
    "check_unregister",
    "closest",
    "did_you_mean",
    "engine_choices",
    "find_model",
    "follow_launch",
    "manager_command",
    "model_type_name",
    "parse_option_value",
    "parse_options",
    "recommended_config",
    "registered_family",
    "running_rows",
    "start_launch",
    "try_model",
    "validate_uid",
    "xinference_command",
]
