"""What each process of an Xinference tree is, judged by its command line and its place in the tree.

Xinference 4.x runs ``xinference-local`` (the API) at the top, one supervisor/worker child (``start_local.py``), and
one xoscar sub pool per model replica under that child. A sub pool runs as ``python -m xoscar.backends.indigen
start_sub_pool ...`` while it starts and loads, and renames itself ``Model: <replica uid>`` only once loading
begins; right after the fork it even shows its parent's command line. So a process is classified afresh every time
the tree is looked at, never by a name seen once: a direct child of the top that is not a model pool is the
server's own (its death is a crash), a sub pool is a model (Xinference recovers from its death itself).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import PurePath

import psutil

from app.core.proc import ProcRef

SERVER_PROGRAMS = ("xinference-local", "xinference-supervisor", "xinference-worker")
SERVER_MODULE = "xinference.deploy.cmdline"
MODEL_TITLE = "Model:"
MODEL_UID_ENV = "XINFERENCE_MODEL_UID"  # set in a sub pool's environment by the worker that spawns it
# Helpers of Python's multiprocessing that may sit beside the worker: their end is nobody's crash.
HELPER_MARKERS = ("multiprocessing.resource_tracker", "multiprocessing.semaphore_tracker", "multiprocessing.forkserver")
_REPLICA = re.compile(r"-rep\d+$")


class Role(Enum):
    SERVER = "server"  # xinference-local: the API, top of the tree
    CORE = "supervisor/worker"  # the server's own child: if it dies, the server is broken
    MODEL = "model"  # an xoscar sub pool holding one model replica (loading or loaded)
    HELPER = "helper"  # anything else in the tree


@dataclass(frozen=True)
class Member:
    """One process of the tree as it was when last looked at."""

    ref: ProcRef
    role: Role
    replica_uid: str | None = None  # for a model pool, when it tells (title or environment)
    loading: bool = False  # a model pool that has not yet renamed itself "Model: ..."


def model_uid_of(replica_uid: str) -> str:
    """``qwen-rep0`` → ``qwen``: the UID a person launched (and sees on the Running page)."""
    return _REPLICA.sub("", replica_uid)


def cmdline(proc: psutil.Process) -> list[str]:
    """The command line, [] when the process is gone or hidden from us."""
    try:
        return [a for a in proc.cmdline() if a]
    except psutil.Error:
        return []


def _is_python(arg: str) -> bool:
    return PurePath(arg.replace("\\", "/")).name.lower().startswith("python")


def _program(arg: str) -> str:
    """``/venv/bin/xinference-local`` or ``C:\\venv\\Scripts\\xinference-local.exe`` → ``xinference-local``."""
    name = PurePath(arg.replace("\\", "/")).name.lower()
    for suffix in (".exe", "-script.py", ".py"):
        name = name.removesuffix(suffix)
    return name


def is_server_command(cmd: list[str]) -> bool:
    """``xinference-local ...`` run directly, through its Python, or as ``python -m xinference.deploy.cmdline``."""
    if not cmd:
        return False
    if _program(cmd[0]) in SERVER_PROGRAMS:
        return True
    if _is_python(cmd[0]):
        args = cmd[1:]
        while args and args[0].startswith("-") and args[0] != "-m":
            # Interpreter flags come before the script: -u, -E, or -X utf8 / -W error with their value.
            args = args[2:] if args[0] in ("-X", "-W") else args[1:]
        if args and _program(args[0]) in SERVER_PROGRAMS:
            return True
        if len(args) >= 2 and args[0] == "-m" and args[1] == SERVER_MODULE:
            return True
    return False


def is_model_pool(cmd: list[str]) -> bool:
    """A model replica's process: titled ``Model: <uid>``, or still the xoscar sub pool that will become one."""
    joined = " ".join(cmd).strip()
    if joined.startswith(MODEL_TITLE):
        return True
    return "start_sub_pool" in cmd and any(a.startswith("xoscar.backends") for a in cmd)


def is_worker_command(cmd: list[str]) -> bool:
    """Xinference 4.x's supervisor/worker process: ``python -u /tmp/xinf-api-*/start_local.py local.json``."""
    return bool(cmd) and _is_python(cmd[0]) and any(PurePath(a).name == "start_local.py" for a in cmd[1:])


def is_helper_command(cmd: list[str]) -> bool:
    joined = " ".join(cmd)
    return any(marker in joined for marker in HELPER_MARKERS)


def _is_server_own(cmd: list[str]) -> bool:
    """A direct child that carries the server itself: ``start_local.py`` in 4.x, a Python child (or a fork of the
    top) in older versions. A tool the server runs for a moment (``nvidia-smi``) is not."""
    if not cmd or is_helper_command(cmd):
        return False
    return is_worker_command(cmd) or _is_python(cmd[0]) or _program(cmd[0]) in SERVER_PROGRAMS


def pool_uid(proc: psutil.Process, cmd: list[str]) -> str | None:
    """The replica UID of a model pool: from its ``Model: <uid>`` title, else from the environment the worker gave
    it (a loading pool has no title yet; after the rename the title has overwritten the environment)."""
    joined = " ".join(cmd).strip()
    if joined.startswith(MODEL_TITLE):
        rest = joined[len(MODEL_TITLE):].split()
        return rest[0] if rest else None
    try:
        return proc.environ().get(MODEL_UID_ENV) or None
    except psutil.Error:
        return None


def classify(proc: psutil.Process, depth: int) -> Member | None:
    """What ``proc`` is now, at ``depth`` below the top (0 is the top); None when it vanished meanwhile."""
    try:
        ref = ProcRef.of(proc)
        if proc.status() == psutil.STATUS_ZOMBIE:  # ended, not yet reaped by its parent: gone for us
            return None
    except psutil.Error:
        return None
    cmd = cmdline(proc)
    if depth == 0:
        return Member(ref, Role.SERVER)
    if is_model_pool(cmd):
        loading = not " ".join(cmd).strip().startswith(MODEL_TITLE)
        return Member(ref, Role.MODEL, pool_uid(proc, cmd), loading)
    if depth == 1 and _is_server_own(cmd):
        return Member(ref, Role.CORE)
    return Member(ref, Role.HELPER)


def classify_tree(top_pid: int) -> list[Member]:
    """Every process of the tree under ``top_pid`` (itself included), classified now; [] when the top is gone."""
    try:
        top = psutil.Process(top_pid)
    except psutil.Error:
        return []
    members: list[Member] = []
    level = [top]
    depth = 0
    while level:
        following: list[psutil.Process] = []
        for proc in level:
            member = classify(proc, depth)
            if member is None:
                continue
            members.append(member)
            try:
                following.extend(proc.children())
            except psutil.Error:
                continue
        level, depth = following, depth + 1
    return members


def look_at_tree(
    pid: int, tree: list[ProcRef], before: list[ProcRef]
) -> tuple[list[Member], list[ProcRef], set[ProcRef]]:
    """The tree under ``pid`` now (every process classified), the known tree with the new members and without the
    dead, and which of the processes seen ``before`` are gone. Only psutil reads: safe in a worker thread."""
    fresh = classify_tree(pid)
    if not fresh:
        return [], tree, set()
    now = {m.ref for m in fresh}
    merged = [r for r in {r.pid: r for r in [*tree, *now]}.values() if r.alive()]
    gone = {r for r in before if r not in now and not r.alive()}
    return fresh, merged, gone


def is_part_of_xinference(cmd: list[str]) -> bool:
    return is_server_command(cmd) or is_worker_command(cmd) or is_model_pool(cmd)


def xinference_top(pid: int) -> int | None:
    """The ``xinference-local`` (or supervisor/worker entry point) process that ``pid`` belongs to, climbing from a
    child; None when ``pid`` is not part of an Xinference tree."""
    try:
        proc: psutil.Process | None = psutil.Process(pid)
    except psutil.Error:
        return None
    top: int | None = None
    while proc is not None:
        cmd = cmdline(proc)
        if not is_part_of_xinference(cmd):
            break
        if is_server_command(cmd):
            top = proc.pid
        try:
            proc = proc.parent()
        except psutil.Error:
            break
    return top


def describe_process(pid: int, limit: int = 160) -> str:
    """``name (pid N): command line`` for messages that must say exactly which program is meant."""
    try:
        proc = psutil.Process(pid)
        name = proc.name()
    except psutil.Error:
        return f"pid {pid} (already gone)"
    command = " ".join(cmdline(proc)) or "?"
    if len(command) > limit:
        command = command[: limit - 1] + "…"
    return f"{name} (pid {pid}): {command}"
