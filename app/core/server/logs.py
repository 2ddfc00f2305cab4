"""Where a server's output goes: the app's own capture of stdout/stderr, and Xinference's log folder."""

from __future__ import annotations

from pathlib import Path

from app.core import paths
from app.core.settings import ServerOptions


def log_files(port: int) -> tuple[Path, Path]:
    """Where a server's stdout and stderr go (one pair per port)."""
    folder = paths.state_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"server-{port}.out.log", folder / f"server-{port}.err.log"


def fresh_log_files(port: int) -> tuple[Path, Path]:
    """The pair for a new start on ``port``, the previous start's pair kept (see ``keep_previous``)."""
    return keep_previous(log_files(port))


def keep_previous(pair: tuple[Path, Path]) -> tuple[Path, Path]:
    """Before a new start writes ``pair``, keep the previous start's logs as ``*.log.1``: the run that crashed is
    the one whose log says why, and a restart must not wipe it."""
    for path in pair:
        if path.exists() and path.stat().st_size:
            path.replace(path.with_name(path.name + ".1"))
    return pair


def log_dir(options: ServerOptions) -> Path:
    """Where Xinference itself writes its logs: ``$XINFERENCE_HOME/logs``."""
    return (Path(options.home).expanduser() if options.home else paths.default_xinference_home()) / "logs"
