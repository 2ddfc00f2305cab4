"""How the desktop starts the app: the command a launcher runs, and the freedesktop menu entry with its icons.

``xinference-manager desktop install`` puts the entry and the icon into the user's menu (no root needed) and
``desktop uninstall`` takes them out again. Paths follow the XDG base directories; every function takes the
environment and home folder, so tests point them at a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from app.resource_files import APP_ID, ICON_SIZES, ICON_SVG, icon_png, read_bytes

APP_NAME = "Xinference Manager"
GUI_SCRIPT = "xinference-manager-gui"
# Characters that the Desktop Entry spec reserves in Exec arguments: such an argument must be double-quoted.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def launch_command(executable: str | None = None, frozen: bool | None = None) -> list[str]:
    """The command that opens the window: the packaged app, else the gui-script beside this Python, else
    ``python -m app`` (an editable or source install)."""
    exe = Path(executable or sys.executable)
    if getattr(sys, "frozen", False) if frozen is None else frozen:
        gui = exe.with_name(GUI_SCRIPT + exe.suffix)  # the one-folder build holds a windowed and a console exe
        return [str(gui if gui.exists() else exe)]
    suffix = ".exe" if sys.platform == "win32" else ""
    for candidate in (exe.parent / (GUI_SCRIPT + suffix), shutil.which(GUI_SCRIPT)):
        if candidate and Path(candidate).is_file():
            return [str(candidate)]
    pythonw = exe.with_name("pythonw.exe")  # Windows: no console window for the GUI
    return [str(pythonw if pythonw.exists() else exe), "-m", "app"]


def _exec_argument(arg: str) -> str:
    if not arg or _RESERVED & set(arg):
        escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
        arg = f'"{escaped}"'
    return arg.replace("%", "%%")


def exec_line(command: list[str]) -> str:
    """``command`` as a Desktop Entry ``Exec`` value: quoted per the spec, then escaped as a string value."""
    return " ".join(_exec_argument(a) for a in command).replace("\\", "\\\\")


def desktop_entry(command: list[str], *, autostart: bool = False) -> str:
    """A Desktop Entry (spec 1.4) that passes ``desktop-file-validate``."""
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",  # 1.5 adds nothing used here, and Debian 12's validator stops at 1.4
        f"Name={APP_NAME}",
        "GenericName=Local AI model manager",
        "Comment=Run local AI models with Xinference and plug them into Dify",
        f"Exec={exec_line(command)}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "Categories=Development;",
        "Keywords=AI;LLM;Xinference;Dify;model;server;",
        "StartupNotify=true",
        f"StartupWMClass={APP_ID}",
    ]
    if autostart:
        lines.append("X-GNOME-Autostart-enabled=true")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class XdgDirs:
    data_home: Path
    config_home: Path

    @classmethod
    def of(cls, env: Mapping[str, str] | None = None, home: Path | None = None) -> XdgDirs:
        env = os.environ if env is None else env
        home = Path.home() if home is None else home
        # The spec: an unset, empty or relative value means the default.
        data = env.get("XDG_DATA_HOME", "")
        config = env.get("XDG_CONFIG_HOME", "")
        return cls(
            data_home=Path(data) if os.path.isabs(data) else home / ".local" / "share",
            config_home=Path(config) if os.path.isabs(config) else home / ".config",
        )

    @property
    def menu_entry(self) -> Path:
        return self.data_home / "applications" / f"{APP_ID}.desktop"

    def icon_files(self) -> dict[str, Path]:
        """Resource name → where the hicolor theme wants it."""
        hicolor = self.data_home / "icons" / "hicolor"
        files = {icon_png(size): hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png" for size in ICON_SIZES}
        files[ICON_SVG] = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
        return files


def install_menu_entry(env: Mapping[str, str] | None = None, home: Path | None = None,
                       command: list[str] | None = None) -> list[Path]:
    """Write the menu entry and the icons; returns the files written. Running it again updates them."""
    dirs = XdgDirs.of(env, home)
    written = []
    for name, target in dirs.icon_files().items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(read_bytes(name))
        written.append(target)
    dirs.menu_entry.parent.mkdir(parents=True, exist_ok=True)
    dirs.menu_entry.write_text(desktop_entry(command or launch_command()), encoding="utf-8")
    written.append(dirs.menu_entry)
    return written


def uninstall_menu_entry(env: Mapping[str, str] | None = None, home: Path | None = None) -> list[Path]:
    """Remove what ``install_menu_entry`` wrote; returns the files removed (none when it was not installed)."""
    dirs = XdgDirs.of(env, home)
    removed = []
    for target in [dirs.menu_entry, *dirs.icon_files().values()]:
        if target.exists():
            target.unlink()
            removed.append(target)
    return removed
