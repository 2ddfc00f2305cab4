"""ruff and mypy are part of the suite, and the core never imports Qt (the boundary the CLI and tests rely on)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ruff_clean() -> None:
    r = subprocess.run([sys.executable, "-m", "ruff", "check", "app", "tests"], cwd=ROOT, capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_clean() -> None:
    r = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_core_imports_no_qt() -> None:
    code = "import sys, pkgutil, importlib, app.core as c\n" \
           "[importlib.import_module(m.name) for m in pkgutil.walk_packages(c.__path__, 'app.core.')]\n" \
           "bad = [m for m in sys.modules if m.startswith(('PySide6', 'qasync'))]\n" \
           "assert not bad, bad"
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_import_contracts_kept() -> None:
    """The house's shape (pyproject's [tool.importlinter]): core below the front-ends, Dify apart, public surfaces."""
    lint_imports = Path(sys.executable).with_name("lint-imports")  # import-linter's script, beside this Python
    r = subprocess.run([str(lint_imports)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 broken" in r.stdout, r.stdout


def test_type_checks_for_windows_and_macos() -> None:
    """The app must import and run on Windows and macOS: POSIX-only names (signal.SIGKILL, os.killpg, os.fchmod)
    only behind a platform check that mypy understands."""
    for platform in ("win32", "darwin"):
        r = subprocess.run([sys.executable, "-m", "mypy", "--platform", platform], cwd=ROOT, capture_output=True,
                           text=True)
        assert r.returncode == 0, f"mypy --platform {platform}:\n{r.stdout}{r.stderr}"
        assert "Success: no issues found" in r.stdout, r.stdout
