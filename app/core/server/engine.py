"""Find or install the Xinference engine.

Search order (the first hit wins): a path set in settings, the app's managed engine (a venv under the data dir),
``xinference-local`` on PATH, then a Python on PATH that can import ``xinference`` (installs whose scripts are not
on PATH). The managed engine lives in ``<home>/envs/<stamp>`` with ``<home>/current`` naming the active one, so a
failed or cancelled install never touches the engine that worked before.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core import paths
from app.core.errors import EngineInstallFailed, EngineNotFound, InvalidInput
from app.core.proc import kill_process_group, new_group_kwargs, run_capture
from app.core.server.base_python import find_base_python
from app.core.server.pip_index import TorchBuild, failing_host, torch_build

log = logging.getLogger(__name__)

BIN = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""
# Run ``xinference-local`` through a Python that has the package, without relying on its console script.
LOCAL_VIA_PYTHON = "import sys; from xinference.deploy.cmdline import local; sys.exit(local())"
VERSION_SNIPPET = "import importlib.metadata as m; print(m.version('xinference'))"


@dataclass(frozen=True)
class Engine:
    """How to run ``xinference-local`` and what it is."""

    source: str  # "configured", "managed", "PATH", "python"
    command: tuple[str, ...]  # argv prefix; append -H/-p/...
    python: str | None  # the interpreter that holds the package, when known
    version: str | None = None

    @property
    def location(self) -> str:
        return self.command[0] if self.source != "python" else f"{self.python} (xinference package)"

    def describe(self) -> str:
        version = f"Xinference {self.version}" if self.version else "Xinference (version unknown)"
        return f"{version} — {self.source}: {self.location}"


def venv_of(path: Path) -> Path | None:
    """A venv folder for ``path``: the folder itself, the active env of an engine home, or None."""
    if (path / BIN / f"xinference-local{EXE}").exists() or (path / BIN / f"python{EXE}").exists():
        return path
    current = path / "current"
    if current.is_file():
        env = path / "envs" / current.read_text(encoding="utf-8").strip()
        if (env / BIN / f"python{EXE}").exists():
            return env
    return None


def _from_venv(venv: Path, source: str) -> Engine | None:
    exe = venv / BIN / f"xinference-local{EXE}"
    python = venv / BIN / f"python{EXE}"
    if exe.exists():
        return Engine(source, (str(exe),), str(python) if python.exists() else None)
    if python.exists():
        return Engine(source, (str(python), "-c", LOCAL_VIA_PYTHON), str(python))
    return None


def _python_of_script(script: Path) -> str | None:
    """The interpreter named in a console script's shebang (pip writes an absolute path)."""
    try:
        first = script.read_bytes()[:400].split(b"\n", 1)[0].decode(errors="replace")
    except OSError:
        return None
    if first.startswith("#!"):
        candidate = first[2:].strip().split()[0]
        if Path(candidate).exists():
            return candidate
    return None


def configured_engine(path_text: str) -> Engine:
    """An engine from a user-given path: an ``xinference-local`` executable, or a venv / engine home holding one."""
    path = Path(path_text).expanduser()
    if not path.exists():
        raise EngineNotFound(f"{path} does not exist")
    if path.is_dir():
        venv = venv_of(path)
        engine = _from_venv(venv, "configured") if venv else None
        if engine is None:
            raise EngineNotFound(f"no xinference-local in {path}")
        return engine
    if not os.access(path, os.X_OK):
        raise InvalidInput(f"{path} is not executable", "Point at the xinference-local program or its venv.")
    return Engine("configured", (str(path),), _python_of_script(path))


def candidate_engines(configured: str = "") -> list[Engine]:
    """Every engine found, in search order (without versions)."""
    found: list[Engine] = []
    if configured:
        found.append(configured_engine(configured))
    managed = venv_of(paths.managed_engine_dir())
    if managed:
        engine = _from_venv(managed, "managed")
        if engine:
            found.append(engine)
    on_path = shutil.which("xinference-local")
    if on_path:
        found.append(Engine("PATH", (on_path,), _python_of_script(Path(on_path))))
    for name in ("python3", "python"):
        python = shutil.which(name)
        if python:
            found.append(Engine("python", (python, "-c", LOCAL_VIA_PYTHON), python))
    return found


async def engine_version(engine: Engine, timeout: float = 30.0) -> str | None:
    if not engine.python:
        return None
    code, out = await run_capture([engine.python, "-c", VERSION_SNIPPET], timeout=timeout)
    return out.strip().splitlines()[-1] if code == 0 and out.strip() else None


async def find_engine(configured: str = "") -> Engine:
    """The first usable engine with its version; ``EngineNotFound`` when there is none."""
    for engine in candidate_engines(configured):
        version = await engine_version(engine)
        if engine.source == "python" and version is None:
            continue  # a plain Python without the package
        return Engine(engine.source, engine.command, engine.python, version)
    raise EngineNotFound()


# -- installing ------------------------------------------------------------------------------------------------

LineCallback = Callable[[str], None]


@dataclass(frozen=True)
class InstallResult:
    venv: Path
    version: str | None
    seconds: float
    torch: TorchBuild | None = None  # the torch that landed (None: the engine has none)


def _pip_phase(line: str) -> str | None:
    """A short stage name from one line of pip's output, for the progress label."""
    low = line.lstrip().lower()
    for prefix, phase in (
        ("collecting", "Resolving packages"),
        ("downloading", "Downloading"),
        ("installing collected packages", "Installing"),
        ("building wheel", "Building"),
        ("successfully installed", "Done"),
    ):
        if low.startswith(prefix):
            return phase
    return None


async def install_engine(
    requirement: str,
    pip_args: list[str] | None = None,
    home: Path | None = None,
    on_line: LineCallback | None = None,
    python: str | None = None,
) -> InstallResult:
    """Create a fresh venv under ``home/envs`` and pip-install ``requirement`` (several words = several packages).

    Only when pip succeeds does ``home/current`` switch to the new env; on failure or cancellation the partial env
    is removed and the previous engine stays as it was. ``python`` makes the venv; by default the app's own
    Python, or in the packaged app one found on this machine (``find_base_python``).
    """
    requirement = requirement.strip()
    if not requirement:
        raise InvalidInput("The pip requirement is empty", "Use for example: xinference[all]")
    home = home or paths.managed_engine_dir()
    env = home / "envs" / time.strftime("%Y%m%d-%H%M%S")
    env.parent.mkdir(parents=True, exist_ok=True)
    emit = on_line or (lambda _line: None)
    started = time.monotonic()
    try:
        base = (python,) if python else (await find_base_python()).command
        emit(f"Creating environment in {env} with {' '.join(base)}")
        await _run_streaming([*base, "-m", "venv", str(env)], emit)
        env_python = str(env / BIN / f"python{EXE}")
        cmd = [env_python, "-m", "pip", "install", "--progress-bar", "off", *requirement.split(), *(pip_args or [])]
        emit("$ " + " ".join(cmd[2:]))
        await _run_streaming(cmd, _naming_hosts(emit, pip_args or []))
        version = await engine_version(Engine("managed", (), env_python))
        if version is None:
            raise EngineInstallFailed(
                "pip finished but the xinference package cannot be imported",
                "Check the requirement string: it must include xinference.",
            )
    except BaseException:
        shutil.rmtree(env, ignore_errors=True)
        raise
    previous = venv_of(home)
    (home / "current").write_text(env.name, encoding="utf-8")
    if previous and previous != env and previous.parent == env.parent:
        shutil.rmtree(previous, ignore_errors=True)
    seconds = time.monotonic() - started
    emit(f"Installed Xinference {version} in {seconds:.0f} s")
    torch = await torch_build(env_python)
    if torch is not None:
        emit(torch.describe())
    return InstallResult(env, version, seconds, torch)


def _naming_hosts(emit: LineCallback, pip_args: list[str]) -> LineCallback:
    """pip's "Retrying … connection broken …: /whl/cpu/torch/" names a path only: say which host fails."""

    def annotated(line: str) -> None:
        host = failing_host(line, pip_args)
        emit(f"[Cannot reach {host}, retrying] {line}" if host else line)

    return annotated


async def _run_streaming(cmd: list[str], emit: LineCallback) -> None:
    proc = await asyncio.create_subprocess_exec(
        *cmd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONUNBUFFERED": "1"},
        **new_group_kwargs(),
    )
    assert proc.stdout is not None
    tail: list[str] = []
    try:
        async for raw in proc.stdout:
            line = raw.decode(errors="replace").rstrip()
            if not line:
                continue
            tail = [*tail[-19:], line]
            phase = _pip_phase(line)
            emit(f"[{phase}] {line}" if phase else line)
        code = await proc.wait()
    except BaseException:
        kill_process_group(proc.pid)
        await proc.wait()
        raise
    if code != 0:
        errors = [ln for ln in tail if "error" in ln.lower()] or tail[-3:]
        raise EngineInstallFailed(
            f"{Path(cmd[0]).name} {' '.join(cmd[1:3])} failed (exit {code}): {errors[-1] if errors else ''}",
            "Read the log above; check the requirement string and your network, then try again.",
        )
