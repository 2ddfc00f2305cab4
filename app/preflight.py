"""Checks run before Qt starts, so that a missing display or library gives one line with the fix, not Qt's abort.

On a Linux desktop without the xcb helper libraries (Ubuntu's and Debian's default installs lack some), Qt prints
"Could not load the Qt platform plugin xcb ... Reinstalling the application may fix this problem" and aborts. Here
each library the xcb platform plugin links is loaded with ctypes first (what the dynamic loader would do), and the
missing ones are named with the packages that provide them. Standard library only: ``packaging/bootstrap.py``
reads the package tables before anything is installed.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class SharedLibrary:
    soname: str
    debian: str  # Debian and Ubuntu package
    fedora: str  # Fedora (and RHEL) package


# What Qt's GUI module links on every platform plugin (offscreen included): without one, importing it fails.
QT_GUI_LIBRARIES = (
    SharedLibrary("libEGL.so.1", "libegl1", "libglvnd-egl"),
    SharedLibrary("libGL.so.1", "libgl1", "libglvnd-glx"),
    SharedLibrary("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    SharedLibrary("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    SharedLibrary("libdbus-1.so.3", "libdbus-1-3", "dbus-libs"),
)
# What the xcb platform plugin (libqxcb.so and libQt6XcbQpa) links besides those (from ldd on PySide6 6.11).
XCB_LIBRARIES = (
    SharedLibrary("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    SharedLibrary("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    SharedLibrary("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    SharedLibrary("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    SharedLibrary("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    SharedLibrary("libxcb-util.so.1", "libxcb-util1", "xcb-util"),
    SharedLibrary("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    SharedLibrary("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    SharedLibrary("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    SharedLibrary("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    SharedLibrary("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
)
# Platforms that need no display server.
HEADLESS_PLATFORMS = ("offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay")


def can_load(soname: str) -> bool:
    """True when the dynamic loader finds ``soname`` (the same search Qt's own loading does)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(libraries: tuple[SharedLibrary, ...],
                      loader: Callable[[str], bool] | None = None) -> list[SharedLibrary]:
    load = loader or can_load
    return [lib for lib in libraries if not load(lib.soname)]


def install_hint(missing: list[SharedLibrary]) -> str:
    debian = " ".join(dict.fromkeys(lib.debian for lib in missing))
    fedora = " ".join(dict.fromkeys(lib.fedora for lib in missing))
    return f"Debian/Ubuntu: sudo apt install {debian}; Fedora: sudo dnf install {fedora}"


def _platform_plugin(env: Mapping[str, str]) -> str:
    """The platform Qt will load: QT_QPA_PLATFORM's first choice, else wayland on a Wayland-only session, else xcb."""
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip().lower()
    if chosen:
        return chosen
    if env.get("WAYLAND_DISPLAY") and not env.get("DISPLAY"):
        return "wayland"
    if env.get("WAYLAND_DISPLAY") and env.get("DISPLAY"):
        return "wayland-or-xcb"  # Qt decides from the session type and falls back: do not refuse on xcb's account
    return "xcb"


def gui_problem(env: Mapping[str, str], platform: str | None = None,
                loader: Callable[[str], bool] | None = None) -> str | None:
    """One line saying why the window cannot open here and how to fix it, or None when it should open.

    Only Linux (and other X11/Wayland systems) is checked: Windows and macOS always have their platform plugin.
    """
    if (platform or sys.platform) in ("win32", "darwin", "cygwin"):
        return None
    missing_gui = missing_libraries(QT_GUI_LIBRARIES, loader)
    if missing_gui:
        names = ", ".join(lib.soname for lib in missing_gui)
        return f"Qt cannot start: {names} missing. Install: {install_hint(missing_gui)}"
    plugin = _platform_plugin(env)
    if plugin in HEADLESS_PLATFORMS:
        return None
    if plugin == "xcb" and not env.get("DISPLAY"):
        return ("No display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set): start it from a "
                "desktop session, or use the command line (xinference-manager --help); QT_QPA_PLATFORM=offscreen "
                "runs the window unseen.")
    if plugin == "wayland" and not env.get("WAYLAND_DISPLAY"):
        return "QT_QPA_PLATFORM=wayland but WAYLAND_DISPLAY is not set: start it from a Wayland session."
    if plugin == "xcb":
        missing = missing_libraries(XCB_LIBRARIES, loader)
        if missing:
            names = ", ".join(lib.soname for lib in missing)
            return f"The window cannot open: Qt's X11 (xcb) support needs {names}. Install: {install_hint(missing)}"
    return None
