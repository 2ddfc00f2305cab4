"""Passwords, tokens and API keys: the OS keyring where one works, else a file only the user can read.

Nothing here is ever logged; ``app.core.redact`` also scrubs anything that looks like a token from log records.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path

from app.core import paths
from app.core.atomic import write_atomic

log = logging.getLogger(__name__)

SERVICE = "xinference-manager"
FALLBACK_FILE = "secrets.json"


def _keyring_usable() -> bool:
    if os.environ.get("XINFERENCE_MANAGER_NO_KEYRING"):
        return False
    try:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring | null.Keyring):
            return False
        return float(getattr(backend, "priority", 0)) > 0
    except Exception:  # noqa: BLE001 - any keyring import/backend failure means "use the file"
        return False


class SecretStore:
    """``get``/``set``/``delete`` secrets by name, e.g. ``"http://127.0.0.1:9997|api_key"``.

    Each name is read from the keyring (or file) once and then answered from memory: a keyring read can be slow
    (D-Bus, an unlock prompt) and the window asks often. Writes go through the cache; ``forget()`` drops it so the
    next read sees what another process (the CLI) stored meanwhile.
    """

    def __init__(self, use_keyring: bool | None = None, file: Path | None = None) -> None:
        self.use_keyring = _keyring_usable() if use_keyring is None else use_keyring
        self.file = file or paths.config_dir() / FALLBACK_FILE
        self._cache: dict[str, str | None] = {}
        self.reads = 0  # how often the backend was really asked (tests check that the cache holds)

    @staticmethod
    def key(endpoint: str, what: str) -> str:
        return f"{endpoint.rstrip('/')}|{what}"

    def describe(self) -> str:
        """Where secrets go, in words a user understands (shown beside "Remember password")."""
        if self.use_keyring:
            return "stored in the system keyring"
        return "stored in a file only you can read"

    def forget(self) -> None:
        self._cache.clear()

    def get(self, name: str) -> str | None:
        if name not in self._cache:
            self._cache[name] = self._read(name)
        return self._cache[name]

    def _read(self, name: str) -> str | None:
        self.reads += 1
        if self.use_keyring:
            import keyring

            return keyring.get_password(SERVICE, name)
        return self._read_file().get(name)

    def set(self, name: str, value: str) -> None:
        self._cache[name] = value
        if self.use_keyring:
            import keyring

            keyring.set_password(SERVICE, name, value)
            return
        data = self._read_file()
        data[name] = value
        write_atomic(self.file, json.dumps(data), mode=0o600)

    def delete(self, name: str) -> None:
        self._cache[name] = None
        if self.use_keyring:
            import keyring
            from keyring.errors import PasswordDeleteError

            try:
                keyring.delete_password(SERVICE, name)
            except PasswordDeleteError:
                pass
            return
        data = self._read_file()
        if data.pop(name, None) is not None:
            write_atomic(self.file, json.dumps(data), mode=0o600)

    def _read_file(self) -> dict[str, str]:
        if not self.file.exists():
            return {}
        mode = stat.S_IMODE(self.file.stat().st_mode)
        if mode & 0o077:
            # Someone loosened it: tighten before reading, and say so.
            log.warning("secrets file %s was readable by others; restricting it to the owner", self.file)
            os.chmod(self.file, 0o600)
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except ValueError:
            log.warning("secrets file %s is damaged; ignoring it", self.file)
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
