"""Start, watch, adopt and stop a local cluster: one ``xinference-supervisor`` and N ``xinference-worker``.

Each process is a ``ServerSupervisor`` of its own (the same new-session start, log tail, tree re-recording, crash
detection and tree stop as a single server); what differs is only its command, its log files, how it proves it is
ready (the supervisor answers ``/status``; a worker is listed in the supervisor's ``/status``) and that its tree is
written into the cluster's one PID file rather than a server's.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx

from app.core.cluster.plan import (
    SUPERVISOR,
    ClusterPlan,
    ClusterRecord,
    MemberPlan,
    cluster_log_files,
    remove_cluster_record,
    role_command,
    write_cluster_record,
)
from app.core.errors import ProcessFailed
from app.core.proc import ProcRef, alive, snapshot_tree, terminate_tree
from app.core.server import Engine, ProcessOutcome, ServerRecord, ServerState, ServerSupervisor
from app.core.settings import ServerOptions

log = logging.getLogger(__name__)

READY_TIMEOUT_S = 300.0  # a worker took 90 s to register on a loaded 2-core machine
MemberLog = Callable[[str, str, str], None]  # (member name, stream, line)
MemberStateCallback = Callable[[str, ServerState, "ProcessOutcome | None"], None]


@dataclass
class ClusterMember(ServerSupervisor):
    """One process of a local cluster, supervised like a single server."""

    plan: ClusterPlan | None = None
    member: MemberPlan | None = None
    on_record: Callable[[], None] = field(default=lambda: None)

    @property
    def name(self) -> str:
        return self.member.name if self.member else "?"

    @property
    def address(self) -> str:
        assert self.plan is not None and self.member is not None
        return self.member.address(self.plan.host)

    def _command(self, engine: Engine, options: ServerOptions) -> list[str]:
        assert self.plan is not None and self.member is not None
        return [*role_command(engine, self.member.role), *self.plan.args(self.member),
                "--log-level", options.log_level.upper()]

    def _log_paths(self) -> tuple[Path, Path]:
        assert self.plan is not None
        return cluster_log_files(self.plan.port, self.name)

    async def _answers(self, http: httpx.AsyncClient) -> bool:
        assert self.plan is not None and self.member is not None
        resp = await http.get(self.plan.endpoint + "/status")
        if self.member.role == SUPERVISOR:
            return resp.status_code == 200
        # A worker has no REST API of its own: it is ready once the supervisor lists it (its first heartbeat).
        with contextlib.suppress(ValueError):
            workers = resp.json().get("workers", {}) if resp.status_code == 200 else {}
            return isinstance(workers, dict) and self.address in workers
        return False

    def _write_record(self) -> None:
        self.on_record()

    def _remove_record(self) -> None:
        self.on_record()


class LocalCluster:
    """A supervisor and its workers on this machine. Callbacks run on the event loop's thread."""

    def __init__(self, on_log: MemberLog = lambda _m, _s, _l: None,
                 on_state: MemberStateCallback = lambda _m, _s, _o: None) -> None:
        self.on_log = on_log
        self.on_state = on_state
        self.plan: ClusterPlan | None = None
        self.options: ServerOptions | None = None
        self.members: dict[str, ClusterMember] = {}
        self.started_at: float | None = None
        self._closing = False

    @property
    def endpoint(self) -> str | None:
        return self.plan.endpoint if self.plan else None

    def _member(self, member: MemberPlan) -> ClusterMember:
        name = member.name
        proc = ClusterMember(
            on_log=lambda stream, line: self.on_log(name, stream, line),
            on_state=lambda state, outcome: self._member_state(name, state, outcome),
            plan=self.plan, member=member, on_record=self._save,
        )
        self.members[name] = proc
        return proc

    def _member_state(self, name: str, state: ServerState, outcome: ProcessOutcome | None) -> None:
        if state is ServerState.CRASHED:
            log.warning("cluster member %s ended: %s", name, outcome.describe() if outcome else "?")
        self._save()  # a member that ended leaves the PID file
        self.on_state(name, state, outcome)

    def _options_for(self, member: MemberPlan) -> ServerOptions:
        assert self.options is not None and self.plan is not None
        return replace(self.options, host=self.plan.host, port=member.port)

    # -- start ---------------------------------------------------------------------------------------------------

    async def start(self, engine: Engine, plan: ClusterPlan, options: ServerOptions, wait: bool = True,
                    ready_timeout: float = READY_TIMEOUT_S) -> None:
        """Start the supervisor, wait until it answers (a worker asks it for its address at start), then start the
        workers; with ``wait``, return once every worker is listed. On any failure every started tree is stopped."""
        if any(m.state in (ServerState.STARTING, ServerState.RUNNING) for m in self.members.values()):
            raise ProcessFailed("The cluster is already running", "Stop it first.")
        self.plan, self.options, self.members, self._closing = plan, options, {}, False
        self.started_at = time.time()
        try:
            await self._member(plan.supervisor).start(engine, self._options_for(plan.supervisor), ready_timeout)
            await asyncio.gather(*(self._member(w).start(engine, self._options_for(w), ready_timeout, wait=wait)
                                   for w in plan.workers))
        except BaseException:
            await self.stop()
            raise

    # -- the PID file --------------------------------------------------------------------------------------------

    def record(self) -> ClusterRecord | None:
        if self.plan is None or self.options is None:
            return None
        trees: dict[str, ServerRecord] = {}
        for name, member in self.members.items():
            rec = member.current_record()
            if rec is not None and member.state not in (ServerState.STOPPED, ServerState.CRASHED):
                trees[name] = rec
        return ClusterRecord(self.plan.host, self.plan.port, self.options.home, self.options.auth_enabled,
                             self.started_at or time.time(), self.plan.members, trees)

    def _save(self) -> None:
        record = self.record()
        if record is None or self._closing:
            return
        if record.trees:
            write_cluster_record(record)
        else:
            remove_cluster_record(record.port)

    # -- stop ----------------------------------------------------------------------------------------------------

    async def stop(self) -> None:
        """Stop the workers (together), then the supervisor; afterwards no process of any tree is left."""
        workers = [m for name, m in self.members.items() if name != SUPERVISOR]
        await asyncio.gather(*(w.stop() for w in workers), return_exceptions=True)
        if SUPERVISOR in self.members:
            await self.members[SUPERVISOR].stop()
        left = self.leftover()
        if left:
            await terminate_tree([ProcRef.of(p) for p in alive(self._trees())], None, grace=2.0)
        self._closing = True
        if self.plan is not None:
            remove_cluster_record(self.plan.port)

    def _trees(self) -> list[ProcRef]:
        return [ref for m in self.members.values() for ref in m.tree]

    def leftover(self) -> list[int]:
        return [p.pid for p in alive(self._trees())]

    def detach(self) -> None:
        """Stop watching but leave every process running; the PID file stays for adoption or ``cluster stop``."""
        self._closing = True
        for member in self.members.values():
            member.detach()

    async def aclose(self) -> None:
        for member in self.members.values():
            await member.aclose()

    # -- adopt ---------------------------------------------------------------------------------------------------

    def adopt(self, record: ClusterRecord) -> list[str]:
        """Watch a cluster an earlier app run (or ``cluster start``) left running; returns the members adopted."""
        self.plan = record.plan
        self.options = ServerOptions(host=record.host, port=record.port, home=record.home,
                                     auth_enabled=record.auth)
        self.started_at, self.members, self._closing = record.started_at, {}, False
        adopted = []
        for member in record.members:
            rec = record.trees.get(member.name)
            if rec is None or not rec.is_alive():
                continue
            self._member(member).adopt(rec, self._options_for(member))
            adopted.append(member.name)
        return adopted


async def stop_cluster_record(record: ClusterRecord, grace: float = 20.0) -> int:
    """Stop a cluster from its PID file (workers first, then the supervisor); returns how many trees were ended."""
    workers = [(n, r) for n, r in record.trees.items() if n != SUPERVISOR]
    supervisor = record.trees.get(SUPERVISOR)

    async def end(rec: ServerRecord) -> None:
        tree = [*{r.pid: r for r in [*rec.tree, *snapshot_tree(rec.pid)]}.values()]
        await terminate_tree(tree, rec.pid if rec.is_alive() else None, grace=grace)

    await asyncio.gather(*(end(r) for _n, r in workers))
    if supervisor is not None:
        await end(supervisor)
    remove_cluster_record(record.port)
    return len(workers) + (supervisor is not None)
