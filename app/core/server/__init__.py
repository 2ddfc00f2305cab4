"""The local server: find or install the engine, start options, the supervised process tree, PID files."""

from __future__ import annotations

from app.core.server.control import (
    UNKNOWN_VERSION,
    NotXinferenceListener,
    PreviousRun,
    ServerAlreadyRunning,
    ServerController,
    cleanup_orphans,
    find_previous_run,
    probe_xinference,
    recorded_engine,
    stop_listener,
    stop_recorded,
)
from app.core.server.engine import (
    Engine,
    configured_engine,
    engine_version,
    find_engine,
    install_engine,
)
from app.core.server.install_plan import (
    TORCH_CPU_INDEX,
    InstallProposal,
    propose_for_this_machine,
    propose_install,
)
from app.core.server.logs import log_dir, log_files
from app.core.server.model_failures import ModelFailure
from app.core.server.options import OptionInvalid, check_port, port_is_free
from app.core.server.pidfile import (
    ServerRecord,
    read_records,
)
from app.core.server.pip_index import (
    CUDA_TORCH_GB,
    IndexProblem,
    TorchBuild,
    check_indexes,
    what_it_costs,
    without_index,
)
from app.core.server.status import ServerStatus
from app.core.server.stop_noise import STREAM as STOP_NOISE_STREAM
from app.core.server.supervisor import (
    ProcessOutcome,
    ServerState,
    ServerSupervisor,
)

__all__ = [
    "STOP_NOISE_STREAM",
    "TORCH_CPU_INDEX",
    "CUDA_TORCH_GB",
    "IndexProblem",
    "InstallProposal",
    "TorchBuild",
    "check_indexes",
    "what_it_costs",
    "without_index",
    "propose_for_this_machine",
    "propose_install",
    "Engine",
    "ModelFailure",
    "NotXinferenceListener",
    "OptionInvalid",
    "PreviousRun",
    "ProcessOutcome",
    "ServerAlreadyRunning",
    "ServerController",
    "ServerRecord",
    "ServerSupervisor",
    "ServerState",
    "ServerStatus",
    "UNKNOWN_VERSION",
    "check_port",
    "cleanup_orphans",
    "configured_engine",
    "engine_version",
    "find_engine",
    "find_previous_run",
    "install_engine",
    "log_dir",
    "log_files",
    "port_is_free",
    "probe_xinference",
    "read_records",
    "recorded_engine",
    "stop_listener",
    "stop_recorded",
]
