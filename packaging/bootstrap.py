#!/usr/bin/env python3
"""Set everything up on a fresh machine (only Python 3.11+ and pip needed), then open the app or run the tests.

    python3 packaging/bootstrap.py          # create .venv, install the app, open the window
    python3 packaging/bootstrap.py test     # create .venv, install the app with test tools, run the whole suite

Extra arguments after ``test`` go to pytest. Uses only the standard library, so it runs before anything is
installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from app.preflight import QT_GUI_LIBRARIES, XCB_LIBRARIES  # noqa: E402 - standard library only, like this script

VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
# Debian packages: what Qt needs on any platform plugin (offscreen in the tests), and what its X11 (xcb) plugin
# adds for a real window (app.preflight names the same ones when they are missing).
QT_PACKAGES = list(dict.fromkeys(lib.debian for lib in QT_GUI_LIBRARIES))
WINDOW_PACKAGES = QT_PACKAGES + list(dict.fromkeys(lib.debian for lib in XCB_LIBRARIES))
# The tests add: the Dify container simulation (ip netns) and the launcher check (desktop-file-validate).
APT_PACKAGES = QT_PACKAGES + ["iproute2", "desktop-file-utils"]


def run(cmd: list[str], **kw: object) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)  # type: ignore[call-overload]


def ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs under whatever python3 the user has
        sys.exit(f"Python 3.11 or newer is needed (this is {sys.version.split()[0]}).")
    if not PY.exists():
        run([sys.executable, "-m", "venv", VENV])
    marker = VENV / f".installed{extras}"
    stamp = str((ROOT / "pyproject.toml").stat().st_mtime)
    if not marker.exists() or marker.read_text() != stamp:
        run([PY, "-m", "pip", "install", "-q", "--upgrade", "pip"])
        run([PY, "-m", "pip", "install", "-q", "-e", f"{ROOT}{extras}"])
        marker.write_text(stamp)


def ensure_system_packages(packages: list[str]) -> None:
    """On Debian as root (CI, containers) install what Qt and the tests need; elsewhere the app's own pre-flight
    check names what is missing when the window cannot open."""
    if not shutil.which("apt-get") or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return
    missing = [p for p in packages
               if subprocess.run(["dpkg", "-s", p], capture_output=True).returncode != 0]
    if missing:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(["apt-get", "update", "-qq"], env=env)
        run(["apt-get", "install", "-y", "-qq", *missing], env=env)


# The whole suite runs on four pytest-xdist workers, twice the cores: most of its time is spent waiting for real
# servers and models to start (two workers left these two cores at a load of about 2). Tests of one shared
# session server stay on one worker (tests/conftest.py groups them), so each server starts once. "-n 0" (or any
# -n) given after "test" overrides it.
WORKERS = ["-n", "4", "--dist", "loadgroup"]


def run_tests(args: list[str]) -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    workers = [] if any(a == "-n" or a.startswith(("-n", "--numprocesses")) for a in args) else WORKERS
    started = time.monotonic()
    code = subprocess.run([PY, "-m", "pytest", *workers, *args], cwd=ROOT, env=env).returncode
    seconds = round(time.monotonic() - started, 1)
    print(f"The test command took {seconds / 60:.1f} min (exit {code}).", flush=True)
    if code == 5:
        print("pytest collected no tests: that is a failure here.", file=sys.stderr)
        return 1
    return code


def main(argv: list[str]) -> int:
    if argv[:1] == ["test"]:
        ensure_system_packages(APT_PACKAGES)
        ensure_venv("[test]")
        return run_tests(argv[1:])
    ensure_system_packages(WINDOW_PACKAGES)
    ensure_venv("")
    return subprocess.run([BIN / "xinference-manager", *argv], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
