"""A local cluster's layout (which process on which port, run by which command) and its PID file.

Facts from Xinference 4.1's ``deploy/cmdline.py``: ``xinference-supervisor -H HOST -p PORT --supervisor-port P``
serves the REST API on PORT and its xoscar actor pool on P; ``xinference-worker -e URL -H HOST --worker-port P
--metrics-exporter-host H --metrics-exporter-port M`` asks the supervisor's REST API for its internal address
(``/v1/address``, no login needed) and always starts a metrics exporter. Without a port each picks a random one,
which the app could not check or find again: so every port is chosen here and checked free before anything starts.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app.core import paths
from app.core.atomic import write_atomic
from app.core.errors import InvalidInput, PortBusy
from app.core.proc import ProcRef
from app.core.server import Engine, ServerRecord, check_port, port_is_free

log = logging.getLogger(__name__)

SUPERVISOR = "supervisor"
WORKER = "worker"
MAX_WORKERS = 16
# Run a role through the engine's Python when no console script sits beside xinference-local.
_VIA_PYTHON = "import sys; from xinference.deploy.cmdline import {role}; sys.exit({role}())"


@dataclass(frozen=True)
class MemberPlan:
    """One process of the cluster: the supervisor (``port`` = REST API, ``extra_port`` = actor pool) or a worker
    (``port`` = its actor pool, which is also its address in the cluster; ``extra_port`` = metrics exporter)."""

    name: str  # "supervisor", "worker-1", ...
    role: str
    port: int
    extra_port: int

    def address(self, host: str) -> str:
        return f"{host}:{self.port}"


@dataclass(frozen=True)
class ClusterPlan:
    host: str
    port: int  # the supervisor's REST port: the cluster's endpoint
    members: tuple[MemberPlan, ...]

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def supervisor(self) -> MemberPlan:
        return self.members[0]

    @property
    def workers(self) -> tuple[MemberPlan, ...]:
        return self.members[1:]

    def args(self, member: MemberPlan) -> list[str]:
        """The command-line arguments for ``member`` (after the program)."""
        if member.role == SUPERVISOR:
            return ["-H", self.host, "-p", str(member.port), "--supervisor-port", str(member.extra_port)]
        return ["-e", self.endpoint, "-H", self.host, "--worker-port", str(member.port),
                "--metrics-exporter-host", self.host, "--metrics-exporter-port", str(member.extra_port)]


def _free_port(host: str, taken: set[int]) -> int:
    for _ in range(50):
        with socket.socket() as s:
            s.bind((host, 0))
            port = int(s.getsockname()[1])
        if port not in taken and port_is_free(host, port):
            return port
    raise InvalidInput(f"No free port found on {host}", "Close some programs and try again.")


def plan_cluster(workers: int, port: int | None = None, host: str = "127.0.0.1") -> ClusterPlan:
    """Choose and check every port: ``port`` (the supervisor's REST port) must be free; the others are picked."""
    if not 1 <= workers <= MAX_WORKERS:
        raise InvalidInput(f"{workers} workers is not possible here", f"Use 1 to {MAX_WORKERS} workers.")
    if port is not None:
        port = check_port(port)
        if not port_is_free(host, port):
            raise PortBusy(host, port)
    taken: set[int] = set()

    def pick() -> int:
        chosen = _free_port(host, taken)
        taken.add(chosen)
        return chosen

    rest = port if port is not None else pick()
    taken.add(rest)
    members = [MemberPlan(SUPERVISOR, SUPERVISOR, rest, pick())]
    members += [MemberPlan(f"{WORKER}-{i}", WORKER, pick(), pick()) for i in range(1, workers + 1)]
    return ClusterPlan(host, rest, tuple(members))


def role_command(engine: Engine, role: str) -> list[str]:
    """How to run ``xinference-supervisor`` or ``xinference-worker`` from the engine that runs xinference-local."""
    first = Path(engine.command[0]) if engine.command else None
    if first is not None and first.name.lower().startswith("xinference-local"):
        sibling = first.with_name(first.name.replace("xinference-local", f"xinference-{role}"))
        if sibling.exists():
            return [str(sibling)]
    if engine.python:
        return [engine.python, "-c", _VIA_PYTHON.format(role=role)]
    raise InvalidInput(f"No xinference-{role} beside {engine.location}",
                       "Point --engine at the venv that holds Xinference.")


# -- the PID file: one per cluster, naming each member's tree --------------------------------------------------


@dataclass(frozen=True)
class ClusterRecord:
    host: str
    port: int
    home: str
    auth: bool
    started_at: float
    members: tuple[MemberPlan, ...]
    trees: dict[str, ServerRecord] = field(default_factory=dict)  # member name → its tree, while it runs

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def plan(self) -> ClusterPlan:
        return ClusterPlan(self.host, self.port, self.members)

    def alive(self) -> dict[str, ServerRecord]:
        return {name: rec for name, rec in self.trees.items() if rec.is_alive()}

    def worker_addresses(self) -> list[str]:
        return [m.address(self.host) for m in self.members if m.role == WORKER]


def record_path(port: int) -> Path:
    return paths.state_dir() / f"cluster-{port}.json"


def write_cluster_record(record: ClusterRecord) -> None:
    data = asdict(record)
    data["trees"] = {
        name: {**asdict(rec), "tree": [[r.pid, r.create_time] for r in rec.tree]} for name, rec in record.trees.items()
    }
    write_atomic(record_path(record.port), json.dumps(data, indent=1))


def remove_cluster_record(port: int) -> None:
    record_path(port).unlink(missing_ok=True)


def read_cluster_records() -> list[ClusterRecord]:
    found = []
    for path in sorted(paths.state_dir().glob("cluster-*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            trees = {}
            for name, rec in data.get("trees", {}).items():
                rec["tree"] = [ProcRef(int(p), float(t)) for p, t in rec.get("tree", [])]
                trees[name] = ServerRecord(**rec)
            found.append(ClusterRecord(
                host=str(data["host"]), port=int(data["port"]), home=str(data.get("home", "")),
                auth=bool(data.get("auth", True)), started_at=float(data.get("started_at", 0.0)),
                members=tuple(MemberPlan(**m) for m in data["members"]), trees=trees,
            ))
        except (ValueError, TypeError, KeyError) as exc:
            log.warning("ignoring unreadable cluster PID file %s: %s", path, exc)
            path.unlink(missing_ok=True)
    return found


def cluster_log_files(port: int, member: str) -> tuple[Path, Path]:
    """Where one member's stdout and stderr go (one pair per process, overwritten by the next start)."""
    folder = paths.state_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"cluster-{port}-{member}.out.log", folder / f"cluster-{port}-{member}.err.log"


def default_home() -> str:
    """A cluster's shared XINFERENCE_HOME when none is given (with login on, every process must share one)."""
    return os.fspath(paths.data_dir() / "cluster-home")


def watch_memory_path(endpoint: str) -> Path:
    """Where the app remembers a cluster's workers (so a later look can say which were lost)."""
    safe = "".join(c if c.isalnum() else "_" for c in endpoint.split("://", 1)[-1])
    return paths.state_dir() / f"clusterwatch-{safe}.json"
