"""Where the app keeps its files (platformdirs), overridable as one root for tests and portable installs."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "xinference-manager"
# One variable moves every folder below it: tests use it to stay out of the real user's settings.
HOME_ENV = "XINFERENCE_MANAGER_HOME"


def _dir(kind: str) -> Path:
    root = os.environ.get(HOME_ENV)
    if root:
        path = Path(root) / kind
    else:
        path = Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    return _dir("config")


def data_dir() -> Path:
    return _dir("data")


def cache_dir() -> Path:
    return _dir("cache")


def state_dir() -> Path:
    return _dir("state")


def managed_engine_dir() -> Path:
    """The venv the app installs Xinference into."""
    return data_dir() / "engine"


def default_xinference_home() -> Path:
    return Path(os.environ.get("XINFERENCE_HOME") or Path.home() / ".xinference")


def default_xinference_home_text() -> str:
    """The default home as a person should read it: ``$XINFERENCE_HOME`` where this environment sets it (the server
    inherits it), else ``~/.xinference``."""
    configured = os.environ.get("XINFERENCE_HOME")
    if configured:
        return f"{configured} (from XINFERENCE_HOME)"
    return str(Path("~") / ".xinference")
