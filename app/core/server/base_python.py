"""The Python that creates the managed engine's venv.

From source, that is the Python running the app. In the packaged app (PyInstaller: ``sys.frozen``),
``sys.executable`` is the app itself: ``xinference-manager-gui -m venv`` answers "invalid choice: 'venv'". There a
Python 3.10+ that can make a venv with pip (``venv`` and ``ensurepip``: Debian ships ``ensurepip`` apart, in
``python3-venv``) is looked for on PATH (and through the ``py`` launcher on Windows); none found is an error that
says what to install on this operating system.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass

from app.core.errors import EngineInstallFailed
from app.core.proc import run_capture

MIN_PYTHON = (3, 10)
# Prints "3.12" when this Python can create a venv with pip in it; fails with an ImportError otherwise.
PROBE = "import sys, venv, ensurepip; print('%d.%d' % sys.version_info[:2])"
# Newest first: a venv made by a newer Python gets newer wheels.
NAMES = ("python3.13", "python3.12", "python3.11", "python3.10", "python3", "python")


@dataclass(frozen=True)
class BasePython:
    """A Python that can make the engine's venv: ``command`` is its argv prefix (``py -3.12`` on Windows)."""

    command: tuple[str, ...]
    version: tuple[int, int]


def is_frozen() -> bool:
    """True in the packaged app, where ``sys.executable`` is the app and not a Python."""
    return bool(getattr(sys, "frozen", False))


def install_hint(platform: str | None = None) -> str:
    """What to install so that a Python with venv exists, in the words of this operating system."""
    platform = platform or sys.platform
    if platform == "win32":
        return ("Install Python 3.12 from python.org (tick \"Add python.exe to PATH\") or run "
                "`winget install Python.Python.3.12`, then press Install again.")
    if platform == "darwin":
        return "Install Python 3.12 from python.org or run `brew install python@3.12`, then press Install again."
    return ("Install Python 3.10 or newer with its venv module: `sudo apt install python3 python3-venv` "
            "(Debian, Ubuntu), `sudo dnf install python3` (Fedora), `sudo pacman -S python` (Arch); then press "
            "Install again.")


def _candidates(platform: str) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for name in NAMES:
        path = shutil.which(name)
        if path and path not in seen:
            seen.add(path)
            found.append((path,))
    if platform == "win32":
        launcher = shutil.which("py")  # the python.org installer's launcher, often the only thing on PATH
        if launcher:
            found += [(launcher, f"-{major}.{minor}") for major, minor in ((3, 13), (3, 12), (3, 11), (3, 10))]
            found.append((launcher, "-3"))
    return found


async def probe(command: tuple[str, ...]) -> tuple[int, int] | None:
    """The version of the Python ``command`` runs, when it is 3.10+ and can create a venv with pip; else None."""
    try:
        code, out = await run_capture([*command, "-c", PROBE], timeout=20)
    except TimeoutError:
        return None
    lines = out.strip().splitlines()
    if code != 0 or not lines:
        return None
    try:
        major, minor = (int(part) for part in lines[-1].split("."))
    except ValueError:
        return None
    return (major, minor) if (major, minor) >= MIN_PYTHON else None


async def find_base_python(platform: str | None = None) -> BasePython:
    """The Python to run ``-m venv`` with: the app's own from source, else the first fit one found."""
    platform = platform or sys.platform
    if not is_frozen():
        return BasePython((sys.executable,), (sys.version_info.major, sys.version_info.minor))
    for command in _candidates(platform):
        version = await probe(command)
        if version is not None:
            return BasePython(command, version)
    raise EngineInstallFailed(
        "No Python 3.10 or newer with venv was found to install Xinference into (the packaged app has no Python "
        "of its own to lend)",
        install_hint(platform),
    )
