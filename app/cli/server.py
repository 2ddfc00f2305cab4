"""``server start|stop|restart|status|login|api-key`` and ``engine find|install``."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

from app.cli.common import CliContext, port_arg, print_json, read_secret
from app.core.api import AuthSession, find_setup_token
from app.core.errors import EngineInstallFailed, EngineNotFound, InvalidInput, ManagerError
from app.core.models import KEPT_SET, SetProgress, restart_keeping_models
from app.core.secrets import SecretStore
from app.core.server import (
    TORCH_CPU_INDEX,
    ServerController,
    check_indexes,
    configured_engine,
    find_engine,
    install_engine,
    log_files,
    probe_xinference,
    propose_for_this_machine,
    read_records,
    recorded_engine,
    stop_listener,
    stop_recorded,
    what_it_costs,
    without_index,
)
from app.core.settings import LOG_LEVELS, MODEL_SOURCES

_PORT_HELP = ("the local server's port (default: the profile's, or the one server this app started while nothing "
              "runs on the profile's port)")


def register(sub: argparse._SubParsersAction) -> None:
    server = sub.add_parser("server", help="start, stop and inspect the local Xinference server")
    ssub = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)

    start = ssub.add_parser("start", help="start xinference-local (it keeps running after this command)")
    start.add_argument("--host", help="address to listen on (default from settings: 127.0.0.1)")
    start.add_argument("--port", type=port_arg, help="port (default from settings: 9997)")
    start.add_argument("--home", help="XINFERENCE_HOME for the server")
    start.add_argument("--engine", help="an xinference-local executable or the venv that holds it")
    start.add_argument("--model-source", choices=MODEL_SOURCES)
    start.add_argument("--log-level", choices=LOG_LEVELS, type=str.upper)
    start.add_argument("--no-auth", action="store_true", help="turn login off (XINFERENCE_AUTH_ADVANCED=0)")
    start.add_argument("--env", action="append", default=[], metavar="K=V", help="extra environment variable")
    start.add_argument("--wait", action="store_true", help="return only when the server answers")
    start.add_argument("--timeout", type=float, default=180.0, help="seconds to wait with --wait")
    start.set_defaults(handler=cmd_start)

    stop = ssub.add_parser("stop", help="stop the server and every process of its tree")
    stop.add_argument("--port", type=port_arg, help=_PORT_HELP)
    stop.set_defaults(handler=cmd_stop)

    restart = ssub.add_parser("restart", help="stop and start the server the same way; the running models come back "
                                              "with their UIDs (models still loading are waited for)")
    restart.add_argument("--port", type=port_arg, help=_PORT_HELP)
    restart.add_argument("--no-keep-models", action="store_true", help="do not bring the running models back")
    restart.add_argument("--engine", help="an xinference-local executable or the venv that holds it")
    restart.set_defaults(handler=cmd_restart)

    status = ssub.add_parser("status", help="is it running, which version, what resources (exit 1 if not)")
    status.add_argument("--port", type=port_arg, help=_PORT_HELP)
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=cmd_status)

    login = ssub.add_parser("login", help="log in (or do first-run setup) on a login-enabled server")
    login.add_argument("--port", type=port_arg, help=_PORT_HELP)
    login.add_argument("--username", default="admin")
    login.add_argument("--password-stdin", action="store_true",
                       help="read the password from the first line of stdin (default: ask on the terminal)")
    login.add_argument("--setup-token", help="first-run setup token (default: read from the server log)")
    login.add_argument("--save-password", action="store_true",
                       help="keep the password so that an expired session renews itself (off by default; stored "
                            "in the system keyring, or where none works in a file only you can read)")
    login.set_defaults(handler=cmd_login)

    key = ssub.add_parser("api-key", help="create an API key (for Dify) with the saved admin session")
    key.add_argument("name")
    key.add_argument("--port", type=port_arg, help=_PORT_HELP)
    key.set_defaults(handler=cmd_api_key)

    engine = sub.add_parser("engine", help="find or install the Xinference engine")
    esub = engine.add_subparsers(dest="engine_command", metavar="ACTION", required=True)
    find = esub.add_parser("find", help="show which xinference-local would be used")
    find.add_argument("--engine")
    find.add_argument("--json", action="store_true")
    find.set_defaults(handler=cmd_engine_find)
    install = esub.add_parser("install", help="create the managed engine (a venv) and pip-install Xinference")
    install.add_argument("--requirement", help="pip requirement(s), space separated (default: xinference[all])")
    install.add_argument("--pip-arg", action="append", default=[], help="extra pip argument (repeatable)")
    install.add_argument("--target", help="install into this folder instead of the app's managed engine")
    install.add_argument("--without-unreachable-index", action="store_true",
                         help="when an index in the pip arguments cannot be reached, install without it (for the "
                              "CPU-only torch index: the CUDA build of torch, several GB)")
    install.set_defaults(handler=cmd_engine_install)


def _parse_env(pairs: list[str]) -> dict[str, str]:
    env = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise ManagerError(f"--env {pair!r} is not K=V", "Write it as NAME=value.")
        env[name] = value
    return env


async def cmd_start(args: argparse.Namespace, ctx: CliContext) -> int:
    opts = ctx.settings.profile.server
    opts = replace(
        opts,
        host=args.host or opts.host,
        port=args.port or opts.port,
        home=str(Path(args.home).expanduser().resolve()) if args.home else opts.home,
        model_source=args.model_source or opts.model_source,
        log_level=args.log_level or opts.log_level,
        auth_enabled=opts.auth_enabled and not args.no_auth,
        extra_env={**opts.extra_env, **_parse_env(args.env)},
    )
    engine = configured_engine(args.engine) if args.engine else await find_engine(opts.engine_path)
    controller = ServerController(on_log=lambda _s, _l: None, on_state=lambda _s, _o: None)
    started = time.monotonic()
    await controller.start(opts, engine=engine, wait=args.wait)
    sup = controller.supervisor
    sup.detach()  # the server outlives this command; `server stop` ends it
    print(f"started pid {sup.pid} at {opts.endpoint} ({engine.describe()})", file=sys.stderr)
    if args.wait:
        print(f"ready in {time.monotonic() - started:.1f} s", file=sys.stderr)
    print(opts.endpoint)
    return 0


def _port(args: argparse.Namespace, ctx: CliContext) -> int:
    return ctx.local_port(args.port)


async def cmd_stop(args: argparse.Namespace, ctx: CliContext) -> int:
    port = _port(args, ctx)
    record = next((r for r in read_records() if r.port == port), None)
    started = time.monotonic()
    if record is not None:
        await stop_recorded(record)
        print(f"stopped the server on port {port} in {time.monotonic() - started:.1f} s", file=sys.stderr)
        return 0
    top = await stop_listener(port)
    if top is None:
        print(f"error: no server is running on port {port}", file=sys.stderr)
        return 1
    print(f"stopped the process tree of pid {top} listening on port {port}", file=sys.stderr)
    return 0


async def cmd_restart(args: argparse.Namespace, ctx: CliContext) -> int:
    port = _port(args, ctx)
    record = next((r for r in read_records() if r.port == port and r.is_alive()), None)
    if record is None:
        if await probe_xinference(ctx.endpoint(port)) is None:
            print(f"error: no server is running on port {port}", file=sys.stderr)
            return 1
        raise ManagerError(f"The server on port {port} was not started by this app: how to start it again is unknown",
                           "Stop it and start it with `xinference-manager server start`, or restart it the way it "
                           "was started.")
    options = record.start_options(ctx.settings.profile.server)
    # The engine it was started with (`server start --engine`), else the one a start would find.
    engine = (configured_engine(args.engine) if args.engine else recorded_engine(record)
              or await find_engine(options.engine_path))
    controller = ServerController(on_log=lambda _s, _l: None, on_state=lambda _s, _o: None)
    started = time.monotonic()

    async def restart() -> None:
        await stop_recorded(record)
        print(f"stopped the server on port {port}", file=sys.stderr, flush=True)
        await controller.start(options, engine=engine, wait=True)
        controller.supervisor.detach()  # the server outlives this command, as after `server start`
        print(f"started pid {controller.supervisor.pid} at {options.endpoint}", file=sys.stderr, flush=True)

    def progress(step: SetProgress) -> None:
        if not step.final:
            print(f"  {step.line('cli')}", file=sys.stderr, flush=True)

    report = await restart_keeping_models(
        lambda: ctx.client(port), ctx.settings.profile, restart, ctx.settings.save, keep=not args.no_keep_models,
        on_step=lambda text: print(text, file=sys.stderr, flush=True), on_progress=progress)
    for line in report.lines("cli"):
        print(line)
    if report.error is not None:
        saved = f" The models are saved: `xinference-manager sets apply \"{KEPT_SET}\"` once it runs." if report.kept \
            else ""
        print(f"error: {report.error.one_line('cli')}{saved}", file=sys.stderr)
        return 1
    print(f"{report.summary()} ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    if report.needs_login:
        print(f"log in (`xinference-manager server login`), then `xinference-manager sets apply \"{KEPT_SET}\"`",
              file=sys.stderr)
    return 0 if report.all_back else 1


async def cmd_status(args: argparse.Namespace, ctx: CliContext) -> int:
    endpoint = ctx.endpoint(args.port)
    record = next((r for r in read_records() if ctx.endpoint_override is None and r.port == _port(args, ctx)), None)
    client = ctx.client(args.port)
    # With the client's auth flow, a login server shows its version (and an expired session is renewed).
    version = await probe_xinference(endpoint, auth=client.auth)
    info: dict[str, object] = {"endpoint": endpoint, "running": version is not None}
    if record is not None:
        info.update(pid=record.pid, started_by_app=True, alive=record.is_alive(), started_at=record.started_at)
    if version is not None:
        status = await client.status()
        auth = await client.auth_info()
        info.update(
            version=version.version,
            uptime_s=status.uptime,
            auth=auth.auth,
            workers=[
                {"address": w.address, "cpu_percent": w.cpu_percent, "cpu_count": w.cpu_count,
                 "memory_used": w.memory_used, "memory_total": w.memory_total}
                for w in status.workers
            ],
        )
    if args.json:
        print_json(info)
    elif version is None:
        print(f"not running: nothing answers at {endpoint}")
    else:
        print(f"running: Xinference {version.version} at {endpoint}, up {info['uptime_s']} s, login "
              f"{'on' if info['auth'] else 'off'}")
    return 0 if version is not None else 1


async def cmd_login(args: argparse.Namespace, ctx: CliContext) -> int:
    client = ctx.client(args.port)
    session = AuthSession(client, SecretStore(), username=args.username)
    # Ask the server first: one without login needs no password, and a typo in the port shows before typing one.
    state = await session.state()
    if not state.auth_enabled:
        print(state.describe())
        return 0
    password = _password(args)
    ctx.settings.profile.username = args.username
    ctx.settings.save()
    if state.needs_setup:
        token = args.setup_token or _setup_token_for(args, ctx)
        if not token:
            raise ManagerError("First-run setup is due but no setup token was found",
                               "Pass --setup-token (it is printed in the server's log).")
        await session.first_run_setup(token, args.username, password, state.password_min_length,
                                          remember_password=args.save_password)
        print(f"created the admin account {args.username!r} and logged in")
        return 0
    await session.login(args.username, password, remember_password=args.save_password)
    saved = f"; password {session.store.describe()}" if args.save_password else ""
    print(f"logged in as {args.username!r}{saved}")
    return 0


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin or sys.stdin.isatty():
        return read_secret("password", "--password-stdin")
    raise InvalidInput("No password: stdin is not a terminal to ask on",
                       "Pipe the password with --password-stdin, e.g. `xinference-manager server login "
                       "--password-stdin < file`.")


def _setup_token_for(args: argparse.Namespace, ctx: CliContext) -> str | None:
    out, err = log_files(_port(args, ctx))
    for path in (err, out):
        if path.exists():
            token = find_setup_token(path.read_text(errors="replace"))
            if token:
                return token
    return None


async def cmd_api_key(args: argparse.Namespace, ctx: CliContext) -> int:
    client = ctx.client(args.port)
    session = AuthSession(client, SecretStore(), username=ctx.settings.profile.username)
    print(await session.create_api_key(args.name))
    return 0


async def cmd_engine_find(args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        engine = configured_engine(args.engine) if args.engine else await find_engine(
            ctx.settings.profile.server.engine_path
        )
    except EngineNotFound as exc:
        print(f"error: {exc.one_line('cli')}", file=sys.stderr)
        return 1
    if args.engine:
        from app.core.server import engine_version

        engine = replace(engine, version=await engine_version(engine))
    if args.json:
        print_json({"source": engine.source, "command": list(engine.command), "python": engine.python,
                    "version": engine.version})
    else:
        print(engine.describe())
    return 0


async def cmd_engine_install(args: argparse.Namespace, ctx: CliContext) -> int:
    requirement = args.requirement or ctx.settings.install_requirement
    pip_args = args.pip_arg or ctx.settings.install_pip_args
    if not requirement:  # nothing chosen: what this machine's hardware can run, said before it starts
        proposal = await propose_for_this_machine()
        requirement, pip_args = proposal.requirement, pip_args or list(proposal.pip_args)
        print(f"installing the proposal for this machine: {proposal.summary()}", file=sys.stderr, flush=True)
    for problem in await check_indexes(pip_args):  # seconds now, not pip's retries for many minutes
        if not args.without_unreachable_index:
            raise EngineInstallFailed(
                what_it_costs(problem, TORCH_CPU_INDEX),
                "Check the proxy or firewall (pip uses HTTPS_PROXY), or pass --without-unreachable-index to "
                "install without it.",
            )
        print(f"going on without {problem.url}: {problem.cause}", file=sys.stderr, flush=True)
        pip_args = without_index(pip_args, problem.url)
    home = Path(args.target).expanduser() if args.target else None
    result = await install_engine(requirement, pip_args, home=home, on_line=lambda line: print(line, flush=True))
    print(f"installed Xinference {result.version} into {result.venv} in {result.seconds:.0f} s", file=sys.stderr)
    if result.torch is not None:
        print(result.torch.describe(), file=sys.stderr)
    return 0

