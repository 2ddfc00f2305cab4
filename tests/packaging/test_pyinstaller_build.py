"""The packaged build: PyInstaller makes the one-folder app from packaging/xinference-manager.spec, and the built
app answers --version and opens its window (offscreen). Slow: about 1.5 minutes on a 2-core machine."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from app import __version__

ROOT = Path(__file__).resolve().parents[2]


def test_built_app_prints_version_and_opens_window(tmp_path: Path) -> None:
    dist, work = tmp_path / "dist", tmp_path / "work"
    started = time.monotonic()
    r = subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--python", sys.executable,
                        "--dist", str(dist), "--work", str(work), "--check"],
                       cwd=ROOT, capture_output=True, text=True, timeout=1500)
    took = time.monotonic() - started
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-5000:]
    assert f"xinference-manager --version: xinference-manager {__version__}" in r.stdout
    assert "window opened offscreen and closed" in r.stdout
    assert "engine install made its venv with " in r.stdout  # a Python found on PATH, not the app itself
    bundle = dist / "xinference-manager" / "_internal" / "app" / "resources"
    assert (bundle / "style.qss").is_file() and (bundle / "icons" / "xinference-manager-256.png").is_file()
    assert not list(dist.rglob("screenshots")), "the README's screenshots stay out of the build"
    print(f"PyInstaller build and check took {took:.0f} s")
