"""``xinference-manager desktop``: the menu entry with its icon, and start at login."""

from __future__ import annotations

import argparse
import sys

from app.cli.common import CliContext
from app.core import autostart
from app.core.errors import ManagerError
from app.core.launchers import install_menu_entry, uninstall_menu_entry


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("desktop", help="add the app to the desktop's menu, or start it at login",
                       description="Put Xinference Manager in the desktop's application menu (Linux: a "
                                   "freedesktop entry and its icon in your own folders, no root needed), or "
                                   "start it when you log in (Linux, Windows, macOS).")
    dsub = p.add_subparsers(dest="desktop_command", metavar="ACTION", required=True)
    dsub.add_parser("install", help="add the menu entry and icon (run again after moving the install)") \
        .set_defaults(handler=install)
    dsub.add_parser("uninstall", help="remove the menu entry and icon").set_defaults(handler=uninstall)
    a = dsub.add_parser("autostart", help="start the app at login: on, off, or status (exit 1 when off)")
    a.add_argument("state", choices=("on", "off", "status"))
    a.set_defaults(handler=set_autostart)


def _linux_only() -> None:
    if sys.platform in ("win32", "darwin"):
        raise ManagerError("Menu entries here are the Linux desktop's (freedesktop)",
                           "On Windows and macOS use the packaged build: python3 packaging/build.py.")


async def install(args: argparse.Namespace, ctx: CliContext) -> int:
    _linux_only()
    written = install_menu_entry()
    print(f"added to the menu: {written[-1]} (and {len(written) - 1} icon files)")
    return 0


async def uninstall(args: argparse.Namespace, ctx: CliContext) -> int:
    _linux_only()
    removed = uninstall_menu_entry()
    print(f"removed {len(removed)} files" if removed else "the menu entry was not installed")
    return 0


async def set_autostart(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.state == "on":
        print(f"starts at login: {autostart.enable()}")
    elif args.state == "off":
        print("no longer starts at login" if autostart.disable() else "it was not set to start at login")
    else:
        enabled = autostart.is_enabled()
        print(f"starts at login ({autostart.entry_path()})" if enabled else "does not start at login")
        return 0 if enabled else 1
    return 0
