#!/usr/bin/env python3
"""Build the one-folder app with PyInstaller: ``dist/xinference-manager/`` (and on macOS ``dist/Xinference
Manager.app``).

    python3 packaging/build.py            # uses .venv (run packaging/bootstrap.py first), installs the build tools
    python3 packaging/build.py --check    # then runs the built app: --version, and the window offscreen

The build tools (PyInstaller, Pillow for the .ico/.icns) are the ``package`` extra. The build runs with the Python
of ``.venv`` (or ``--python``): PyInstaller bundles the interpreter and packages it runs with.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "xinference-manager.spec"
BIN = "Scripts" if os.name == "nt" else "bin"


def default_python() -> Path:
    venv_python = ROOT / ".venv" / BIN / ("python.exe" if os.name == "nt" else "python")
    return venv_python if venv_python.exists() else Path(sys.executable)


def built_executable(dist: Path, name: str = "xinference-manager") -> Path:
    return dist / "xinference-manager" / (name + (".exe" if os.name == "nt" else ""))


def build(python: Path, dist: Path, work: Path) -> Path:
    have = subprocess.run([str(python), "-c", "import PyInstaller, PIL"], capture_output=True).returncode == 0
    if not have:  # the tools only (the app is installed already): the package extra's requirements
        tools = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["package"]
        print(f"+ installing the build tools: {' '.join(tools)}", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *tools], check=True)
    icons = work / "icons"
    icons.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(python), str(ROOT / "packaging" / "make_icons.py"), "--no-png", "--out", str(icons)],
                   check=True)
    env = {**os.environ, "XIM_ICON_DIR": str(icons)}
    subprocess.run([str(python), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work / "pyinstaller"), str(SPEC)],
                   check=True, env=env, cwd=ROOT)
    return built_executable(dist)


def check(dist: Path) -> None:
    """The built app answers --version, and its window opens (offscreen) and closes by itself."""
    exe = built_executable(dist)
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60, check=True).stdout
    print(f"{exe.name} --version: {out.strip()}")
    with tempfile.TemporaryDirectory(prefix="xim-check-") as home:
        # Its own settings folder: the user's settings stay untouched, and a running app of the user's (single
        # instance) is not asked to come to the front instead.
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XIM_SMOKE_QUIT_AFTER_MS": "1500",
               "XINFERENCE_MANAGER_HOME": home}
        # Alongside the window (no longer in all): the built app makes the engine's venv with a Python it finds
        # (it once ran itself as Python: "invalid choice: 'venv'"); pip then fails on purpose (no index).
        install = subprocess.Popen([str(exe), "engine", "install", "--requirement", "xim-check-no-such-package",
                                    "--pip-arg=--no-index", "--target", str(Path(home) / "engine")],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        r = subprocess.run([str(built_executable(dist, "xinference-manager-gui"))], capture_output=True, text=True,
                           timeout=120, env=env)
        install_out, _ = install.communicate(timeout=120)
    if r.returncode != 0 or "window shown" not in r.stderr:
        raise SystemExit(f"the built window did not open (exit {r.returncode}):\n{r.stderr[-3000:]}")
    print("window opened offscreen and closed")
    if "Creating environment in" not in install_out or "python -m pip failed" not in install_out:
        raise SystemExit(f"the built app could not make the engine's venv:\n{install_out[-3000:]}")
    print("engine install made its venv with " + install_out.split(" with ", 1)[1].splitlines()[0])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", type=Path, default=None, help="the Python to build with (default: .venv's)")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    parser.add_argument("--check", action="store_true", help="run the built app afterwards")
    args = parser.parse_args(argv)
    started = time.monotonic()
    exe = build(args.python or default_python(), args.dist.resolve(), args.work.resolve())
    print(f"built {exe.parent} in {time.monotonic() - started:.0f} s")
    if args.check:
        check(args.dist.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
