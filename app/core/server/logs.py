"""Where a server's output goes: the app's own capture of stdout/stderr, and Xinference's log folder."""

from __future__ import annotations

from pathlib import Path

from app.core import paths
from app.core.settings import ServerOptions


def log_files(port: int) -> tuple[Path, Path]:
    """Where a server's stdout and stderr go (one pair per port, overwritten by the next start)."""
    folder = paths.state_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"server-{port}.out.log", folder / f"server-{port}.err.log"


def log_dir(options: ServerOptions) -> Path:
    """Where Xinference itself writes its logs: ``$XINFERENCE_HOME/logs``."""
    return (Path(options.home).expanduser() if options.home else paths.default_xinference_home()) / "logs"
