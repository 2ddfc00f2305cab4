"""Installing the engine from the packaged app: ``sys.executable`` is the app there, not a Python.

The packaged app is imitated the way PyInstaller makes it: ``sys.frozen`` set, ``sys.executable`` a program that
answers ``-m venv`` like the app's argument parser ("invalid choice: 'venv'", exit 2), and PATH holding what the
machine offers.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from app.core.errors import EngineInstallFailed
from app.core.server.base_python import find_base_python, install_hint
from app.core.server.engine import install_engine, venv_of

APP_AS_PYTHON = ("#!/bin/sh\necho \"xinference-manager-gui: error: argument command: invalid choice: 'venv'\" >&2\n"
                 "exit 2\n")
pytestmark = pytest.mark.skipif(os.name == "nt", reason="the fakes are shell scripts")


def _script(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(0o755)
    return path


@pytest.fixture
def frozen_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A packaged-app context with an empty PATH folder that a test fills with the machine's Pythons."""
    app = _script(tmp_path / "xinference-manager-gui", APP_AS_PYTHON)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # /bin for the fakes' shell only: a /bin/python3 there would be found too, so PATH is this folder first and a
    # folder of just `sh`.
    shell_dir = tmp_path / "shell"
    shell_dir.mkdir()
    (shell_dir / "sh").symlink_to("/bin/sh")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{shell_dir}")
    return bin_dir


async def test_frozen_app_finds_a_python_with_venv_on_path(frozen_app: Path) -> None:
    # The newest name answers like Debian's python3 without python3-venv (no ensurepip): skipped for python3.
    _script(frozen_app / "python3.13", "#!/bin/sh\necho 'ModuleNotFoundError: No module named ensurepip' >&2\nexit 1\n")
    (frozen_app / "python3").symlink_to(sys.base_prefix + "/bin/python3")
    found = await find_base_python()
    assert found.command == (str(frozen_app / "python3"),)
    assert found.version >= (3, 10)


async def test_frozen_app_refuses_an_old_python(frozen_app: Path) -> None:
    _script(frozen_app / "python3", "#!/bin/sh\necho 3.8\n")
    with pytest.raises(EngineInstallFailed) as err:
        await find_base_python(platform="linux")
    assert "No Python 3.10 or newer with venv" in err.value.message
    assert "python3-venv" in err.value.hint


def test_the_hint_names_what_to_install_on_each_system() -> None:
    assert "winget install Python.Python.3.12" in install_hint("win32")
    assert "brew install python@3.12" in install_hint("darwin")
    assert "sudo apt install python3 python3-venv" in install_hint("linux")


async def test_frozen_install_makes_the_venv_with_the_python_found(frozen_app: Path, tmp_path: Path) -> None:
    """Before: ``xinference-manager-gui -m venv failed (exit 2): … invalid choice: 'venv'``. Now the venv is made by
    the python3 on PATH and the install goes on to pip (which fails here on purpose: no index, no package)."""
    (frozen_app / "python3").symlink_to(sys.base_prefix + "/bin/python3")
    lines: list[str] = []
    home = tmp_path / "engine"
    with pytest.raises(EngineInstallFailed) as err:
        await install_engine("xim-no-such-package-zz==1.0", ["--no-index"], home=home, on_line=lines.append)
    assert err.value.message.startswith("python -m pip failed")  # past the venv, into pip
    assert lines[0].endswith(f"with {frozen_app / 'python3'}")
    assert venv_of(home) is None
