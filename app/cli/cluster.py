"""``cluster start|status|stop``: a local distributed Xinference (one supervisor, N workers), and any cluster's
state worker by worker."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

from app.cli.common import CliContext, port_arg, print_json
from app.core.api import XinferenceClient
from app.core.cluster import (
    ClusterRecord,
    ClusterView,
    ClusterWatch,
    LocalCluster,
    WorkerView,
    default_home,
    plan_cluster,
    read_cluster_records,
    stop_cluster_record,
    watch_memory_path,
)
from app.core.errors import ManagerError
from app.core.server import configured_engine, find_engine

GIB = 1024**3


def register(sub: argparse._SubParsersAction) -> None:
    cluster = sub.add_parser("cluster", help="start, inspect and stop a distributed Xinference (supervisor + workers)")
    csub = cluster.add_subparsers(dest="cluster_command", metavar="ACTION", required=True)

    start = csub.add_parser("start", help="start a supervisor and N workers on this machine (they keep running)")
    start.add_argument("--workers", type=int, default=2, help="how many workers (default 2)")
    start.add_argument("--port", type=port_arg, help="the supervisor's port, the cluster's endpoint (default: free)")
    start.add_argument("--home", help="the XINFERENCE_HOME every process shares (default: the app's cluster home)")
    start.add_argument("--engine", help="an xinference-local executable or the venv that holds it")
    start.add_argument("--no-auth", action="store_true", help="turn login off (XINFERENCE_AUTH_ADVANCED=0)")
    start.add_argument("--wait", action="store_true", help="return only when every worker has joined")
    start.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for each process")
    start.set_defaults(handler=cmd_start)

    status = csub.add_parser("status", help="the supervisor and each worker: resources, models, health")
    status.add_argument("--port", type=port_arg, help="a local cluster's supervisor port (default: the one running)")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=cmd_status)

    stop = csub.add_parser("stop", help="stop a local cluster and every process of its trees")
    stop.add_argument("--port", type=port_arg, help="its supervisor port (default: the one running)")
    stop.set_defaults(handler=cmd_stop)


async def cmd_start(args: argparse.Namespace, ctx: CliContext) -> int:
    opts = ctx.settings.profile.server
    home = str(Path(args.home).expanduser().resolve()) if args.home else default_home()
    opts = replace(opts, home=home, auth_enabled=opts.auth_enabled and not args.no_auth)
    engine = configured_engine(args.engine) if args.engine else await find_engine(opts.engine_path)
    plan = plan_cluster(args.workers, args.port)
    cluster = LocalCluster()
    started = time.monotonic()
    await cluster.start(engine, plan, opts, wait=args.wait, ready_timeout=args.timeout)
    cluster.detach()  # the processes outlive this command; `cluster stop` ends them
    for member in plan.members:
        proc = cluster.members[member.name]
        print(f"{member.name}: pid {proc.pid} at {member.address(plan.host)}", file=sys.stderr)
    done = "every worker joined" if args.wait else "the supervisor answers; the workers are joining"
    print(f"{done} in {time.monotonic() - started:.1f} s (home {home})", file=sys.stderr)
    print(plan.endpoint)
    return 0


def _record(port: int | None) -> ClusterRecord | None:
    """The local cluster on ``port``, or the only one running when no port is given."""
    records = read_cluster_records()
    if port is not None:
        return next((r for r in records if r.port == port), None)
    live = [r for r in records if r.alive()]
    if len(live) > 1:
        raise ManagerError(f"{len(live)} local clusters run (ports {', '.join(str(r.port) for r in live)})",
                           "Pass --port.")
    return live[0] if live else None


async def cmd_stop(args: argparse.Namespace, ctx: CliContext) -> int:
    record = _record(args.port)
    if record is None:
        where = f" on port {args.port}" if args.port else ""
        print(f"error: no local cluster{where} started by this app is running", file=sys.stderr)
        return 1
    started = time.monotonic()
    count = await stop_cluster_record(record)
    print(f"stopped the cluster on port {record.port} ({count} process trees) in "
          f"{time.monotonic() - started:.1f} s", file=sys.stderr)
    return 0


async def cmd_status(args: argparse.Namespace, ctx: CliContext) -> int:
    record = None if ctx.endpoint_override and args.port is None else _record(args.port)
    endpoint = record.endpoint if record else ctx.endpoint()
    client = XinferenceClient(endpoint, token=ctx.token_for(endpoint), timeout=15.0)
    try:
        watch = ClusterWatch(endpoint, watch_memory_path(endpoint))
        if record is not None:
            watch.expect(record.worker_addresses())
        view = await watch.refresh(client)
    finally:
        await client.aclose()
    processes = {}
    for member in record.members if record else ():
        rec = record.trees.get(member.name) if record else None  # a member that ended has left the PID file
        processes[member.name] = {"pid": rec.pid if rec else None, "alive": bool(rec and rec.is_alive())}
    if args.json:
        print_json({**view.to_json(), "processes": processes or None})
        return 0
    _print_view(view)
    for name, proc in processes.items():
        pid = f"pid {proc['pid']}" if proc["pid"] else "no process"
        print(f"  process {name}: {pid} {'running' if proc['alive'] else 'ended'}")
    return 0


def _gib(value: int) -> str:
    return f"{value / GIB:.1f}"


def _worker_line(w: WorkerView) -> str:
    hb, node = w.heartbeat, w.node
    parts = [f"worker {w.address}", w.describe_health()]
    if node is not None:
        parts.append(f"{node.cpu_count} CPUs, RAM {_gib(node.memory_available)}/{_gib(node.memory_total)} GiB free")
        gpu = f"{node.gpu_count} GPU(s)"
        if node.gpu_count:
            gpu += f", {_gib(node.gpu_memory_available)}/{_gib(node.gpu_memory_total)} GiB free"
            if node.gpu_utilization is not None:
                gpu += f", {node.gpu_utilization:.0f}% busy"
        parts.append(gpu)
        if node.version:
            parts.append(f"Xinference {node.version}")
    elif hb is not None:
        parts.append(f"{hb.cpu_count} CPUs {hb.cpu_usage * 100:.0f}% busy, RAM {_gib(hb.memory_available)}/"
                     f"{_gib(hb.memory_total)} GiB free, {len(hb.gpus)} GPU(s)")
    return " · ".join(parts)


def _print_view(view: ClusterView) -> None:
    sup = view.supervisor
    where = f" (supervisor {sup.address})" if sup else ""
    print(f"cluster at {view.endpoint}{where}, up {view.uptime:.0f} s, {len(view.live)} worker(s), "
          f"{len(view.lost)} lost")
    if view.admin_note:
        print(f"  note: {view.admin_note}")
    for w in view.workers:
        print("  " + _worker_line(w))
        held = "held" if w.health == "lost" else "runs"
        for r in w.replicas:
            print(f"    {held} {r.replica_uid} ({r.model_type} {r.model_name})")
    for uid in view.models_gone_with_lost_workers():
        print(f"  model {uid}: every replica was on a lost worker; nothing serves it now (launch it again)")
