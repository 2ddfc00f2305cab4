"""Finding the engine and installing it with real pip: failures and cancellation leave the old engine intact."""

import asyncio
import os
from pathlib import Path

import pytest

from app.core.errors import EngineInstallFailed, EngineNotFound, InvalidInput
from app.core.server.engine import LOCAL_VIA_PYTHON, configured_engine, find_engine, install_engine, venv_of


def _fake_previous_engine(home: Path) -> Path:
    env = home / "envs" / "old"
    (env / "bin").mkdir(parents=True)
    (env / "bin" / "python").write_text("#!/bin/sh\n")
    (home / "current").write_text("old")
    return env


def test_venv_of_understands_plain_venvs_and_engine_homes(tmp_path: Path) -> None:
    assert venv_of(tmp_path) is None
    env = _fake_previous_engine(tmp_path)
    assert venv_of(tmp_path) == env
    assert venv_of(env) == env


def test_configured_engine_errors(tmp_path: Path) -> None:
    with pytest.raises(EngineNotFound, match="does not exist"):
        configured_engine(str(tmp_path / "nope"))
    with pytest.raises(EngineNotFound, match="no xinference-local"):
        configured_engine(str(tmp_path))
    plain = tmp_path / "plain"
    plain.write_text("x")
    with pytest.raises(InvalidInput, match="not executable"):
        configured_engine(str(plain))


def test_configured_venv_without_script_runs_through_python(tmp_path: Path) -> None:
    env = _fake_previous_engine(tmp_path)
    engine = configured_engine(str(tmp_path))
    assert engine.command == (str(env / "bin" / "python"), "-c", LOCAL_VIA_PYTHON)


async def test_find_engine_prefers_configured(tmp_path: Path) -> None:
    script = tmp_path / "xinference-local"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    engine = await find_engine(str(script))
    assert engine.source == "configured" and engine.command == (str(script),)


async def test_failed_install_keeps_previous_engine(tmp_path: Path) -> None:
    old = _fake_previous_engine(tmp_path)
    lines: list[str] = []
    with pytest.raises(EngineInstallFailed) as err:
        await install_engine("xim-no-such-package-zz==1.0", ["--no-index"], home=tmp_path, on_line=lines.append)
    assert "failed" in err.value.message
    assert venv_of(tmp_path) == old
    assert sorted(p.name for p in (tmp_path / "envs").iterdir()) == ["old"]
    assert any("xim-no-such-package-zz" in line for line in lines)


async def test_install_without_xinference_is_refused(tmp_path: Path) -> None:
    # pip succeeds (nothing to install: pip itself), but there is no xinference: not an engine.
    with pytest.raises(EngineInstallFailed, match="cannot be imported"):
        await install_engine("pip", ["--no-index"], home=tmp_path)
    assert venv_of(tmp_path) is None


async def test_cancelled_install_removes_partial_env(tmp_path: Path) -> None:
    old = _fake_previous_engine(tmp_path)
    task = asyncio.ensure_future(install_engine("xim-no-such-package-zz", ["--no-index"], home=tmp_path))
    await asyncio.sleep(0.5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert venv_of(tmp_path) == old
    assert sorted(os.listdir(tmp_path / "envs")) == ["old"]


async def test_empty_requirement() -> None:
    with pytest.raises(InvalidInput):
        await install_engine("  ")
