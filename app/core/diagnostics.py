"""What a bug report needs about this installation: versions and paths, and never a secret.

The About dialog shows it and "Copy diagnostics" copies ``as_text``; the Qt versions are passed in by the window
(the core imports no Qt). Nothing is read from the environment but what is named here, and no credential store is
opened, so a password, token or API key cannot end up in a report; the text still goes through the log redaction
and URLs lose any user:password part, in case one was typed into an endpoint.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass, field
from pathlib import Path

from yarl import URL

from app import __version__
from app.core import paths
from app.core.redact import redact
from app.core.settings import Settings


@dataclass(frozen=True)
class Diagnostics:
    app_version: str
    python: str
    os: str
    machine: str
    packaged: bool  # a PyInstaller build rather than a Python install
    endpoint: str
    server_version: str | None
    settings_file: Path
    app_logs: Path  # where the app writes each server's stdout and stderr
    server_home: Path
    engine: str
    qt: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, str]]:
        """(label, value) in the order the About dialog and the copied text show them."""
        return [
            ("Xinference Manager", self.app_version + (" (packaged build)" if self.packaged else "")),
            ("Xinference server", self.server_version or "unknown (not running or not reachable)"),
            ("Server endpoint", self.endpoint),
            ("Python", self.python),
            ("Qt", self.qt or "not loaded"),
            ("Operating system", self.os),
            ("Machine", self.machine),
            ("Settings", str(self.settings_file)),
            ("Server logs", str(self.app_logs)),
            ("Xinference home", str(self.server_home)),
            ("Engine", self.engine),
            *sorted(self.extra.items()),
        ]

    def as_text(self) -> str:
        lines = [f"{label}: {value}" for label, value in self.rows()]
        return redact("\n".join(lines)) + "\n"


def without_credentials(url: str) -> str:
    """``url`` without a user:password part (``http://u:p@host`` → ``http://host``); unparsable text as is."""
    try:
        parsed = URL(url)
    except (ValueError, TypeError):
        return url
    if parsed.user is None and parsed.password is None:
        return url
    return str(parsed.with_user(None))


def os_description() -> str:
    if sys.platform == "darwin":
        return f"macOS {platform.mac_ver()[0]}"
    if sys.platform == "win32":
        return f"Windows {platform.release()} ({platform.version()})"
    try:
        release = platform.freedesktop_os_release()
        name = release.get("PRETTY_NAME") or release.get("NAME", "Linux")
    except OSError:
        name = platform.system()
    return f"{name}, kernel {platform.release()}"


def collect(settings: Settings, *, server_version: str | None = None, qt: str | None = None,
            engine: str | None = None) -> Diagnostics:
    """Gather the facts without I/O beyond a few file reads (safe on the GUI thread).

    ``engine`` is what the window last found (a path and version); otherwise the configured path, or where the
    managed engine lives."""
    options = settings.profile.server
    server_home = Path(options.home).expanduser() if options.home else paths.default_xinference_home()
    if engine is None:
        engine = options.engine_path or f"not chosen (the managed engine goes to {paths.managed_engine_dir()})"
    return Diagnostics(
        app_version=__version__,
        python=f"{platform.python_version()} ({platform.python_implementation()}, {sys.executable})",
        os=os_description(),
        machine=platform.machine() or "unknown",
        packaged=bool(getattr(sys, "frozen", False)),
        endpoint=without_credentials(settings.profile.server_url()),
        server_version=server_version,
        settings_file=Settings.path(),
        app_logs=paths.state_dir() / "logs",
        server_home=server_home,
        engine=engine,
        qt=qt,
    )
