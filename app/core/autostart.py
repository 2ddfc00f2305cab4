"""Start at login: one entry per operating system, in the user's own folders (no admin rights needed).

- Linux and other freedesktop systems: ``$XDG_CONFIG_HOME/autostart/xinference-manager.desktop``.
- Windows: ``Xinference Manager.cmd`` in the Startup folder (``%APPDATA%\\Microsoft\\Windows\\Start Menu\\Programs
  \\Startup``). A ``.lnk`` shortcut needs COM (pywin32) to write; a ``.cmd`` that ``start``s the windowed app does
  the same with a console window that flashes for a moment at login.
- macOS: a LaunchAgent, ``~/Library/LaunchAgents/io.github.xinference-manager.plist`` with ``RunAtLoad``.

The entry itself is the source of truth: ``is_enabled`` looks for it, so a user who deletes it by hand (or turns
it off in the desktop's own settings) sees that in the app.
"""

from __future__ import annotations

import os
import plistlib
import sys
from collections.abc import Mapping
from pathlib import Path

from app.core.launchers import APP_NAME, XdgDirs, desktop_entry, launch_command
from app.resource_files import APP_ID

LAUNCH_AGENT_LABEL = f"io.github.{APP_ID}"


def entry_path(platform: str | None = None, env: Mapping[str, str] | None = None, home: Path | None = None) -> Path:
    """Where the start-at-login entry lives on ``platform`` (default: this one)."""
    platform = sys.platform if platform is None else platform
    env = os.environ if env is None else env
    home = Path.home() if home is None else home
    if platform == "win32":
        appdata = Path(env["APPDATA"]) if env.get("APPDATA") else home / "AppData" / "Roaming"
        return appdata / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup" / f"{APP_NAME}.cmd"
    if platform == "darwin":
        return home / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
    return XdgDirs.of(env, home).config_home / "autostart" / f"{APP_ID}.desktop"


def entry_content(command: list[str], platform: str | None = None) -> bytes:
    platform = sys.platform if platform is None else platform
    if platform == "win32":
        # start "" detaches the app so the console closes at once; each argument double-quoted (cmd's rule).
        quoted = " ".join(f'"{arg}"' for arg in command)
        return f'@echo off\r\nstart "" {quoted}\r\n'.encode()
    if platform == "darwin":
        return plistlib.dumps({
            "Label": LAUNCH_AGENT_LABEL,
            "ProgramArguments": command,
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        })
    return desktop_entry(command, autostart=True).encode()


def is_enabled(platform: str | None = None, env: Mapping[str, str] | None = None, home: Path | None = None) -> bool:
    return entry_path(platform, env, home).is_file()


def enable(platform: str | None = None, env: Mapping[str, str] | None = None, home: Path | None = None,
           command: list[str] | None = None) -> Path:
    """Write the entry (again, so it follows a moved install); returns its path."""
    path = entry_path(platform, env, home)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(entry_content(command or launch_command(), platform))
    return path


def disable(platform: str | None = None, env: Mapping[str, str] | None = None, home: Path | None = None) -> bool:
    """Remove the entry; True when there was one."""
    path = entry_path(platform, env, home)
    if path.is_file():
        path.unlink()
        return True
    return False
