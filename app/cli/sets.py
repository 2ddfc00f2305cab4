"""``sets``: save the running models as a named set, apply it later (same UIDs), share it as a file.

Sets belong to a profile: the one whose server ``--endpoint`` names, else the current profile.
"""

from __future__ import annotations

import argparse
import contextlib
import sys

from app.cli.common import CliContext, print_json
from app.core.endpoint import parse_endpoint
from app.core.errors import InvalidInput, ManagerError
from app.core.models import (
    LAUNCHING,
    ModelSet,
    SetProgress,
    delete_set,
    export_set,
    get_set,
    list_sets,
    read_set_file,
    rename_set,
    run_set,
    set_from_running,
    set_restore_on_start,
    store_set,
)
from app.core.settings import Profile


def register(sub: argparse._SubParsersAction) -> None:
    top = sub.add_parser("sets", help="model sets: save the running models, bring them back with the same UIDs")
    cmds = top.add_subparsers(dest="sets_command", metavar="ACTION", required=True)

    p = cmds.add_parser("list", help="the sets of this server")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=list_cmd)

    p = cmds.add_parser("save", help="save the models running now as a set")
    p.add_argument("name")
    p.add_argument("--replace", action="store_true", help="overwrite a set of that name")
    p.set_defaults(handler=save_cmd)

    p = cmds.add_parser("apply", help="launch the set's models that are not running (same UIDs)")
    p.add_argument("name")
    p.add_argument("--wait", action="store_true", help="wait until each model is ready, progress on stderr")
    p.add_argument("--timeout", type=float, default=None, help="with --wait: seconds allowed per model")
    p.set_defaults(handler=apply_cmd)

    p = cmds.add_parser("export", help="write a set to a JSON file")
    p.add_argument("name")
    p.add_argument("file")
    p.set_defaults(handler=export_cmd)

    p = cmds.add_parser("import", help="add a set from a JSON file (checked in full first)")
    p.add_argument("file")
    p.add_argument("--name", default=None, help="store it under this name instead of the file's")
    p.add_argument("--replace", action="store_true", help="overwrite a set of that name")
    p.set_defaults(handler=import_cmd)

    p = cmds.add_parser("delete", help="remove a set")
    p.add_argument("name")
    p.set_defaults(handler=delete_cmd)

    p = cmds.add_parser("rename", help="rename a set")
    p.add_argument("old")
    p.add_argument("new")
    p.set_defaults(handler=rename_cmd)

    p = cmds.add_parser("restore-on-start", help="show or choose the set applied whenever the server starts")
    choice = p.add_mutually_exclusive_group()
    choice.add_argument("name", nargs="?", default=None)
    choice.add_argument("--off", action="store_true", help="restore no set")
    p.set_defaults(handler=restore_cmd)


def profile_of(ctx: CliContext) -> Profile:
    """The profile whose server this command talks to (--endpoint may name another profile's server)."""
    if ctx.endpoint_override:
        for profile in ctx.settings.profiles:
            with contextlib.suppress(InvalidInput):  # a profile with an unusable URL is not this one
                if parse_endpoint(profile.server_url()) == ctx.endpoint_override:
                    return profile
    return ctx.settings.profile


def _summary(model_set: ModelSet) -> str:
    return ", ".join(f"{m.model_uid} ({m.model_name})" for m in model_set.models) or "empty"


async def list_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    profile = profile_of(ctx)
    sets = list_sets(profile)
    if args.json:
        print_json([{**s.to_json(), "restore_on_start": s.name == profile.restore_set} for s in sets])
        return 0
    for s in sets:
        mark = "  [restored on start]" if s.name == profile.restore_set else ""
        print(f"{s.name}: {len(s.models)} model{'s' if len(s.models) != 1 else ''}{mark}: {_summary(s)}")
    if not sets:
        print("no model sets yet (save the running models with: sets save NAME)", file=sys.stderr)
    return 0


async def save_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    profile = profile_of(ctx)
    earlier = next((s for s in list_sets(profile) if s.name == args.name.strip()), None)
    if earlier is not None and not args.replace:  # refused before asking the server anything
        raise InvalidInput(f"A model set named {earlier.name!r} already exists",
                           "Choose another name, or add --replace to overwrite it.")
    client = ctx.client()
    model_set = await set_from_running(client, args.name, earlier=earlier)
    if not model_set.models:
        raise ManagerError(f"No model is running on {client.endpoint}", "Launch the models first, then save them.")
    store_set(profile, model_set, replace_existing=args.replace)
    ctx.settings.save()
    print(f"saved set {model_set.name}: {_summary(model_set)}", file=sys.stderr)
    return 0


async def apply_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    model_set = get_set(profile_of(ctx), args.name)

    def show(step: SetProgress) -> None:
        if step.state == LAUNCHING:
            if args.wait and step.event is not None:
                print(f"[{step.seconds:6.1f}s] {step.line()}", file=sys.stderr, flush=True)
        else:
            print(step.line("cli"), flush=True)

    report = await run_set(ctx.client(), model_set, show, wait=args.wait, timeout=args.timeout)
    return 0 if report.all_running else 1


async def export_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    path = export_set(get_set(profile_of(ctx), args.name), args.file)
    print(f"exported set {args.name.strip()} to {path}", file=sys.stderr)
    return 0


async def import_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    model_set = read_set_file(args.file, name=args.name)  # the whole file is checked before anything changes
    store_set(profile_of(ctx), model_set, replace_existing=args.replace)
    ctx.settings.save()
    print(f"imported set {model_set.name}: {_summary(model_set)}", file=sys.stderr)
    return 0


async def delete_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    delete_set(profile_of(ctx), args.name)
    ctx.settings.save()
    print(f"deleted set {args.name.strip()}", file=sys.stderr)
    return 0


async def rename_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    renamed = rename_set(profile_of(ctx), args.old, args.new)
    ctx.settings.save()
    print(f"renamed set {args.old.strip()} to {renamed.name}", file=sys.stderr)
    return 0


async def restore_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    profile = profile_of(ctx)
    if args.off or args.name:
        set_restore_on_start(profile, None if args.off else args.name)
        ctx.settings.save()
    print(profile.restore_set or "(none)")
    return 0
