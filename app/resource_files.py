"""The files in ``resources/`` (stylesheet, icons, translations), found the same way wherever the app runs from.

Installed (a wheel, an editable install, a PyInstaller build) the folder is the package ``app.resources`` and is
read with ``importlib.resources``. A checkout run without installing it has no such package: then the folder
beside ``app/`` is used.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

PACKAGE = "app.resources"
APP_ID = "xinference-manager"  # icon and desktop-entry name (freedesktop wants one id for both)
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def resource_root() -> Traversable:
    try:
        return files(PACKAGE)
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[1] / "resources"


def resource(name: str) -> Traversable:
    """``name`` below ``resources/``, with ``/`` between parts: ``"style.qss"``, ``"icons/app-64.png"``."""
    return resource_root().joinpath(*name.split("/"))


def read_text(name: str) -> str:
    return resource(name).read_text(encoding="utf-8")


def read_bytes(name: str) -> bytes:
    return resource(name).read_bytes()


def icon_png(size: int) -> str:
    """The resource name of the app icon at ``size`` pixels (one of ``ICON_SIZES``)."""
    return f"icons/{APP_ID}-{size}.png"


ICON_SVG = f"icons/{APP_ID}.svg"
