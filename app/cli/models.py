"""``launch``, ``register``, ``unregister``, ``ps`` and ``terminate``: the Running page's work, headless."""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import replace

from app.cli.common import CliContext, model_type_arg, print_json
from app.core.api import MODEL_TYPES
from app.core.catalog import size_label
from app.core.errors import InvalidInput, ManagerError
from app.core.models import (
    REGISTRABLE_TYPES,
    LaunchFailed,
    LaunchRequest,
    RunningRow,
    build_family,
    cancel_launch,
    check_llm_family,
    check_running_uid,
    check_unregister,
    engine_choices,
    find_model,
    follow_launch,
    parse_options,
    running_rows,
    start_launch,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("launch", help="launch a model (builtin or registered)")
    p.add_argument("name", help="model name, e.g. qwen2.5-instruct or a registered custom model")
    p.add_argument("--type", type=model_type_arg(MODEL_TYPES), metavar="TYPE",
                   help=f"model type, any case: {', '.join(MODEL_TYPES)} (default: the type the name is registered "
                        "under)")
    p.add_argument("--engine", default="", help="engine, e.g. Transformers (required for LLMs)")
    p.add_argument("--format", default="", help="model format, e.g. pytorch, ggufv2")
    p.add_argument("--size", default="", help="size in billions, e.g. 7 or 0_5")
    p.add_argument("--quantization", default="")
    p.add_argument("--uid", default="", help="model UID (no '/', '?', '#'); default: the server picks")
    p.add_argument("--replica", type=int, default=1)
    p.add_argument("--n-gpu", default="auto", help="auto, cpu, or a GPU count")
    p.add_argument("--gpu-idx", default="", help="comma-separated GPU indices")
    p.add_argument("--worker", default="", help="worker address on a cluster")
    p.add_argument("--download-hub", default="", help="huggingface, modelscope...")
    p.add_argument("--model-path", default="", help="local weights (skips the download)")
    p.add_argument("--context-length", type=int, default=None)
    p.add_argument("--option", action="append", default=[], metavar="K=V", help="engine option (repeatable)")
    p.add_argument("--wait", action="store_true", help="wait until ready, printing progress to stderr")
    p.add_argument("--timeout", type=float, default=None, help="with --wait: give up after this many seconds")
    p.set_defaults(handler=launch_cmd)

    p = sub.add_parser("register", help="register a custom model from a local folder or file")
    p.add_argument("--type", required=True, type=model_type_arg(REGISTRABLE_TYPES), metavar="TYPE",
                   help=f"model type, any case: {', '.join(REGISTRABLE_TYPES)}")
    p.add_argument("--name", required=True)
    p.add_argument("--path", required=True, help="folder (or .gguf file) holding the model")
    p.add_argument("--family", default="",
                   help="LLM only: the builtin model it is based on, e.g. qwen2.5-instruct (its chat template is used)")
    p.add_argument("--persist", action="store_true", help="keep the registration across server restarts")
    p.set_defaults(handler=register_cmd)

    p = sub.add_parser("unregister", help="remove a custom model's registration")
    p.add_argument("name")
    p.add_argument("--type", required=True, type=model_type_arg(REGISTRABLE_TYPES), metavar="TYPE",
                   help=f"model type, any case: {', '.join(REGISTRABLE_TYPES)}")
    p.add_argument("--force", action="store_true",
                   help="unregister even while the model runs (the running copies keep running until terminated, "
                        "but cannot be launched again)")
    p.set_defaults(handler=unregister_cmd)

    p = sub.add_parser("ps", help="list running models (one line per client UID)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=ps_cmd)

    p = sub.add_parser("terminate", help="stop a running model")
    p.add_argument("uid", help="the model's UID (see `ps`), not its name")
    p.set_defaults(handler=terminate_cmd)


def request_from_args(args: argparse.Namespace) -> LaunchRequest:
    try:
        gpu_idx = tuple(int(i) for i in args.gpu_idx.split(",") if i.strip()) if args.gpu_idx else ()
    except ValueError as exc:
        raise InvalidInput(f"--gpu-idx {args.gpu_idx!r} is not a list of numbers", "Write e.g. --gpu-idx 0,1") from exc
    # An empty type is "not known yet": launch_cmd takes it from the registration.
    return LaunchRequest(
        model_name=args.name, model_type=args.type or "", model_engine=args.engine, model_format=args.format,
        model_size_in_billions=args.size, quantization=args.quantization, model_uid=args.uid,
        replica=args.replica, n_gpu=args.n_gpu, gpu_idx=gpu_idx, worker_ip=args.worker,
        download_hub=args.download_hub, model_path=args.model_path, context_length=args.context_length,
        options=parse_options(args.option),
    ).validated()


async def launch_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    request = request_from_args(args)  # a bad UID stops here, before any request
    client = ctx.client()
    # A mistyped name is answered with the closest ones; without --type the registration says what it is.
    found = await find_model(client, request.model_name, request.model_type or None)
    request = replace(request, model_type=found.model_type)
    if found.model_type == "LLM" and not request.model_engine:
        raise InvalidInput(f"{found.model_name} is an LLM: it needs an engine",
                           await _usable_engines_hint(ctx, found.model_name))
    uid = await start_launch(client, request.validated())
    if not args.wait:
        print(uid)
        return 0
    print(f"launching {request.model_name} as {uid}", file=sys.stderr, flush=True)
    try:
        async for ev in follow_launch(client, uid, timeout=args.timeout):
            info = f" - {ev.info}" if ev.info else ""
            print(f"[{ev.elapsed:6.1f}s] {ev.status:<9} {ev.stage:<12} {ev.progress:4.0%}{info}",
                  file=sys.stderr, flush=True)
    except LaunchFailed as exc:
        print(f"error: {exc.one_line('cli')}", file=sys.stderr)
        return 1
    except asyncio.CancelledError:  # Ctrl+C: do not leave a half-loaded model behind
        print("interrupted: cancelling the launch", file=sys.stderr, flush=True)
        await cancel_launch(client, uid)
        raise
    print(uid)
    return 0


async def _usable_engines_hint(ctx: CliContext, name: str) -> str:
    try:
        choices = engine_choices(await ctx.client().engines(name, "LLM"))
    except ManagerError:
        choices = {}
    usable = sorted(engine for engine, specs in choices.items() if isinstance(specs, list) and specs)
    if usable:
        return f"Pass --engine; this server can run it with: {', '.join(usable)}."
    return "Pass --engine, e.g. --engine Transformers."


async def register_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    family = build_family(args.type, args.name, args.path, model_family=args.family)  # local checks first
    client = ctx.client()
    if args.type == "LLM":
        # Xinference takes any family name and then runs the model under a wrong (or no) chat template.
        await check_llm_family(client, args.family)
    await client.register_model(args.type, family, persist=args.persist)
    print(f"registered {family['model_name']} ({args.type})", file=sys.stderr)
    return 0


async def unregister_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    client = ctx.client()
    # Xinference answers OK for a name it does not have and for a builtin one, removing nothing: check first.
    running = await check_unregister(client, args.type, args.name)
    if running and not args.force:
        raise ManagerError(
            f"{args.name} is running as {', '.join(running)}",
            "Terminate it first, or pass --force to unregister anyway (the running copies keep running until "
            "terminated, but cannot be launched again).",
        )
    await client.unregister_model(args.type, args.name)
    still = f"; still running as {', '.join(running)} until terminated" if running else ""
    print(f"unregistered {args.name} ({args.type}){still}", file=sys.stderr)
    return 0


# (header, RunningRow field): the headers stay short; the size as people write it (0.1B, not the server's 0_1).
COLUMNS = (("uid", "uid"), ("model_name", "model_name"), ("model_type", "model_type"), ("engine", "model_engine"),
           ("format", "model_format"), ("size", "model_size_in_billions"), ("quantization", "quantization"),
           ("replicas", "replica"), ("status", "status"), ("address", "address"))


def _cell(row: RunningRow, field: str) -> str:
    value = getattr(row, field)
    if field == "model_size_in_billions":
        return size_label(value)
    return str(value or "")


async def ps_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    rows = await running_rows(ctx.client())
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    table = [[header for header, _ in COLUMNS]] + [[_cell(r, field) for _, field in COLUMNS] for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS))]
    for line in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
    return 0


async def terminate_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    client = ctx.client()
    uid = await check_running_uid(client, args.uid)  # a mistyped UID or a model's name gets the closest UIDs
    await client.terminate(uid)
    print(f"terminated {uid}", file=sys.stderr)
    return 0
