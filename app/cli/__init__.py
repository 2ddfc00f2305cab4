"""The headless front-end: ``xinference-manager <subcommand>`` over the same core as the window.

Each module in this package adds its subcommands with ``register(subparsers)``; a handler is a coroutine taking
the parsed arguments and a ``CliContext`` and returning an exit code. Errors of ``app.core.errors`` become one
line on stderr (with the CLI's wording of the hint): exit code 2 for unusable input (argparse's errors and
``InvalidInput``: nothing was attempted), 1 for everything else.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from app.cli import catalog, cluster, desktop, dify, models, server, sets
from app.cli.common import CliContext, CliParser, Handler, endpoint_arg
from app.core.errors import InvalidInput, ManagerError
from app.entry_args import GUI_VALUE_OPTIONS, has_subcommand

__all__ = ["GUI_VALUE_OPTIONS", "build_parser", "has_subcommand", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = CliParser(
        prog="xinference-manager",
        description="Manage a local Xinference server. Global options go before the command: "
                    "xinference-manager --endpoint URL ps.",
        epilog="Credentials: an API key given with --api-key can be read by every user of this machine (in `ps`); "
               "prefer --api-key-stdin or the XINFERENCE_API_KEY environment variable. Without either, the admin "
               "session saved by `server login` is used.",
    )
    parser.add_argument("--endpoint", type=endpoint_arg, metavar="URL",
                        help="URL of a server the app did not start (default: the current profile, or the one "
                             "server this app started while nothing runs on the profile's port)")
    key = parser.add_mutually_exclusive_group()
    key.add_argument("--api-key", metavar="KEY",
                     help="API key or token for a login-enabled server; visible to other users in `ps`: prefer "
                          "--api-key-stdin or XINFERENCE_API_KEY")
    key.add_argument("--api-key-stdin", action="store_true",
                     help="read the API key from the first line of stdin (prompted without echo on a terminal)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens (and which server) to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (server, cluster, models, dify, catalog, desktop, sets):
        module.register(sub)
    return parser


def main(argv: list[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad arguments, 0 on --help
        return int(exc.code or 0)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    from app.core.redact import install_redaction

    install_redaction()
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        ctx = CliContext.from_args(args)
        return asyncio.run(_run(handler, args, ctx))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except InvalidInput as exc:
        print(f"error: {exc.one_line('cli')}", file=sys.stderr)
        return 2
    except ManagerError as exc:
        print(f"error: {exc.one_line('cli')}", file=sys.stderr)
        return 1


async def _run(handler: Handler, args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        return await handler(args, ctx)
    finally:
        await ctx.aclose()
