"""Write a file so that a crash never leaves it half-written: temp file, fsync, rename."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from app.core import proc

REPLACE_TRIES = 5  # Windows: a virus scanner or indexer may hold the target open for a moment


def write_atomic(path: Path, text: str, mode: int | None = None) -> None:
    """Replace ``path`` with ``text`` in one step. ``mode`` (e.g. 0o600) applies on POSIX; on Windows a file in
    the user's profile is already private to the user by its ACL, and there is no ``fchmod``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        if mode is not None and not proc.IS_WINDOWS:
            _fchmod_posix(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        _replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _fchmod_posix(fd: int, mode: int) -> None:
    if sys.platform == "win32":  # never called there; tells mypy --platform win32 that fchmod is POSIX-only
        raise AssertionError("POSIX only")
    os.fchmod(fd, mode)


def _replace(tmp: str, path: Path) -> None:
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(tmp, path)
            return
        except PermissionError:
            # Only Windows refuses to replace a file another process has open; elsewhere this is a real error.
            if not proc.IS_WINDOWS or attempt == REPLACE_TRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
