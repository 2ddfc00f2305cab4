"""Typed settings and profiles, saved as JSON in the platformdirs config dir. Secrets never go here.

A profile is either a *local managed server* (the app starts ``xinference-local`` with ``ServerOptions``) or a
*remote endpoint* (a URL; its API key lives in ``app.core.secrets``). The rest of the app works against the
current profile.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from app.core import paths
from app.core.atomic import write_atomic

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
MODEL_SOURCES = ("huggingface", "modelscope")


@dataclass
class ServerOptions:
    host: str = "127.0.0.1"
    port: int = 9997
    home: str = ""  # empty: Xinference's default (~/.xinference)
    model_source: str = "huggingface"
    log_level: str = "INFO"
    auth_enabled: bool = True  # Xinference's own default since 3.0
    extra_env: dict[str, str] = field(default_factory=dict)
    engine_path: str = ""  # empty: find it (managed venv, PATH, a Python with xinference)

    @property
    def endpoint(self) -> str:
        host = self.host
        if host in ("0.0.0.0", "", "::"):
            host = "127.0.0.1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"


@dataclass
class Profile:
    name: str = "Local server"
    kind: Literal["local", "remote"] = "local"
    endpoint: str = ""  # remote profiles only
    username: str = ""  # login name for a login-enabled server; the password is a secret
    server: ServerOptions = field(default_factory=ServerOptions)
    # Model sets of this server, as their readable JSON (parsed and validated by app.core.models.sets).
    model_sets: list[dict[str, Any]] = field(default_factory=list)
    restore_set: str = ""  # a set applied whenever this server starts or is adopted; empty: none
    # Where Dify runs for this server (app.core.dify.LOCATIONS): decides the bind address, the URL in every "Dify
    # settings" block and the Dify check's vantage point. None: not asked yet (the window asks); "": the user said
    # they do not use Dify (never asked again; URLs are written as for this machine).
    dify_location: str | None = None

    def server_url(self) -> str:
        return self.endpoint if self.kind == "remote" else self.server.endpoint


@dataclass
class Settings:
    profiles: list[Profile] = field(default_factory=lambda: [Profile()])
    current: str = "Local server"
    stop_server_on_quit: bool = True
    auto_restart: bool = False
    auto_restart_max: int = 3
    install_requirement: str = ""  # empty: the proposal for this machine's hardware (server.install_plan)
    install_pip_args: list[str] = field(default_factory=list)
    # Keep the admin password (keyring, or the 0600 secrets file) so an ended session renews itself: the user's
    # choice, off by default. Only the preference is here; the password itself is a secret.
    remember_password: bool = False
    # Free-form remembered UI state per page (last Dify inputs without secrets, window geometry, filters).
    ui: dict[str, Any] = field(default_factory=dict)

    @property
    def profile(self) -> Profile:
        for p in self.profiles:
            if p.name == self.current:
                return p
        if not self.profiles:
            self.profiles.append(Profile())
        self.current = self.profiles[0].name
        return self.profiles[0]

    # -- persistence -------------------------------------------------------------------------------------------

    @staticmethod
    def path() -> Path:
        return paths.config_dir() / SETTINGS_FILE

    @classmethod
    def load(cls) -> Settings:
        """Load settings; a missing or damaged file gives defaults (the damaged one is kept aside, not lost)."""
        path = cls.path()
        if not path.exists():
            return cls()
        try:
            return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, TypeError, KeyError) as exc:
            backup = path.with_suffix(".damaged.json")
            path.replace(backup)
            log.warning("settings file was unreadable (%s); kept it as %s and started from defaults", exc, backup)
            return cls()

    def save(self) -> None:
        write_atomic(self.path(), json.dumps(asdict(self), indent=2, sort_keys=True))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        profiles = [_profile_from(p) for p in data.get("profiles", [])] or [Profile()]
        known = {f.name for f in fields(cls)} - {"profiles"}
        rest = {k: v for k, v in data.items() if k in known}
        return cls(profiles=profiles, **rest)


def _profile_from(data: dict[str, Any]) -> Profile:
    server_known = {f.name for f in fields(ServerOptions)}
    server = ServerOptions(**{k: v for k, v in (data.get("server") or {}).items() if k in server_known})
    known = {f.name for f in fields(Profile)} - {"server"}
    return Profile(server=server, **{k: v for k, v in data.items() if k in known})
