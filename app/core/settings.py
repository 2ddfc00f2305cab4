"""Typed settings and profiles, saved as JSON in the platformdirs config dir. Secrets never go here.

A profile is either a *local managed server* (the app starts ``xinference-local`` with ``ServerOptions``) or a
*remote endpoint* (a URL; its API key lives in ``app.core.secrets``). The rest of the app works against the
current profile.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from app.core import paths
from app.core.atomic import write_atomic
from app.core.merge import merge3

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

    def __post_init__(self) -> None:
        # The file as this object last read or wrote it (None: never): what ``save`` compares against to find
        # what changed here, so that a change made meanwhile by another process (the CLI) is kept.
        self._on_disk: dict[str, Any] | None = None
        # Called after a save or reload took in what another process wrote (the window refreshes what it shows).
        self.changed_outside: Callable[[], None] | None = None

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
        data = cls._read()
        settings = cls.from_dict(data) if data is not None else cls()
        settings._on_disk = copy.deepcopy(data) if data is not None else {}  # never shared with fields
        return settings

    @classmethod
    def _read(cls) -> dict[str, Any] | None:
        path = cls.path()
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            cls.from_dict(data)  # damaged is what cannot be read back
            return data if isinstance(data, dict) else None
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            backup = path.with_suffix(".damaged.json")
            path.replace(backup)
            log.warning("settings file was unreadable (%s); kept it as %s and started from defaults", exc, backup)
            return None

    def save(self) -> None:
        """Write what changed here since the file was read, merged key by key into what the file holds now (another
        process may have saved a set or a login meanwhile); this object then holds the merged result."""
        mine = asdict(self)
        merged = mine
        if self._on_disk is not None:
            theirs = self._read()
            merged = merge3(self._on_disk, mine, theirs if theirs is not None else mine)  # gone: write all
        write_atomic(self.path(), json.dumps(merged, indent=2, sort_keys=True))
        self._on_disk = copy.deepcopy(merged)
        if merged != mine:
            self._take(merged)

    def reload(self) -> bool:
        """Take in what another process saved, keeping this object's unsaved changes; True when anything here
        changed."""
        theirs = self._read()
        if theirs is None:
            return False
        mine = asdict(self)
        merged = merge3(self._on_disk if self._on_disk is not None else mine, mine, theirs)
        self._on_disk = copy.deepcopy(theirs)
        if merged == mine:
            return False
        self._take(merged)
        return True

    def _take(self, data: dict[str, Any]) -> None:
        """Become ``data`` in place: profiles keep their identity (pages may hold one), matched by name."""
        new = Settings.from_dict(data)
        by_name = {p.name: p for p in self.profiles}
        profiles = []
        for fresh in new.profiles:
            held = by_name.get(fresh.name)
            if held is None:
                profiles.append(fresh)
                continue
            for f in fields(Profile):
                setattr(held, f.name, getattr(fresh, f.name))
            profiles.append(held)
        for f in fields(Settings):
            setattr(self, f.name, profiles if f.name == "profiles" else getattr(new, f.name))
        if self.changed_outside is not None:
            self.changed_outside()

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
