"""Before Qt starts on Linux: a missing display or xcb library is one line with the fix, exit 1 — not Qt's abort.

The libraries are simulated (a loader that says which ones exist); the display check reads the environment."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import app.__main__ as entry
from app import __version__, preflight
from app.preflight import QT_GUI_LIBRARIES, XCB_LIBRARIES, gui_problem

ROOT = Path(__file__).resolve().parents[2]


def loader_without(*missing: str) -> Callable[[str], bool]:
    return lambda soname: soname not in missing


def test_a_desktop_with_everything_passes() -> None:
    assert gui_problem({"DISPLAY": ":0"}, "linux", loader_without()) is None
    assert gui_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux", loader_without()) is None


def test_missing_xcb_cursor_is_named_with_its_packages() -> None:
    problem = gui_problem({"DISPLAY": ":0"}, "linux", loader_without("libxcb-cursor.so.0"))
    assert problem is not None and "\n" not in problem
    assert "libxcb-cursor.so.0" in problem
    assert "sudo apt install libxcb-cursor0" in problem
    assert "sudo dnf install xcb-util-cursor" in problem


def test_several_missing_libraries_share_one_line() -> None:
    problem = gui_problem({"DISPLAY": ":0"}, "linux",
                          loader_without("libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-shape.so.0"))
    assert problem is not None
    assert "apt install libxcb-icccm4 libxcb-keysyms1 libxcb-shape0;" in problem
    assert "dnf install xcb-util-wm xcb-util-keysyms libxcb" in problem


def test_no_display_says_so() -> None:
    problem = gui_problem({}, "linux", loader_without())
    assert problem is not None and "No display" in problem and "QT_QPA_PLATFORM=offscreen" in problem
    assert gui_problem({"QT_QPA_PLATFORM": "wayland"}, "linux", loader_without()) is not None


def test_headless_platforms_need_neither_display_nor_xcb() -> None:
    every_xcb = loader_without(*(lib.soname for lib in XCB_LIBRARIES))
    for platform in ("offscreen", "minimal", "vnc:size=800x600"):
        assert gui_problem({"QT_QPA_PLATFORM": platform}, "linux", every_xcb) is None


def test_qt_base_libraries_are_checked_even_offscreen() -> None:
    problem = gui_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", loader_without("libEGL.so.1"))
    assert problem is not None and "libegl1" in problem and "libglvnd-egl" in problem


def test_wayland_session_is_not_refused_for_xcb() -> None:
    """Qt prefers Wayland there and falls back on its own: missing xcb pieces are not a reason to refuse."""
    without_xcb = loader_without("libxcb-cursor.so.0")
    assert gui_problem({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "linux", without_xcb) is None
    assert gui_problem({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "w", "DISPLAY": ":0"}, "linux",
                       without_xcb) is not None


def test_windows_and_macos_are_not_checked() -> None:
    nothing = loader_without(*(lib.soname for lib in (*QT_GUI_LIBRARIES, *XCB_LIBRARIES)))
    assert gui_problem({}, "win32", nothing) is None
    assert gui_problem({}, "darwin", nothing) is None


def test_can_load_tells_present_from_absent() -> None:
    assert preflight.can_load("libc.so.6")
    assert not preflight.can_load("libxcb-no-such-thing.so.9")


def test_entry_point_prints_one_line_and_exits_1(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(preflight, "can_load", loader_without("libxcb-cursor.so.0"))
    assert entry.main([]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and "libxcb-cursor0" in err


def test_version_flag() -> None:
    r = subprocess.run([sys.executable, "-m", "app", "--version"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout == f"xinference-manager {__version__}\n"
    code = ("import sys, app.__main__ as m; m.main(['--version']); "
            "print(sorted(k for k in sys.modules if 'PySide6' in k))")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.stdout.splitlines()[-1] == "[]", "--version answers without loading Qt"


def test_no_display_exits_before_qt_loads(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}  # no DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM
    code = ("import sys, app.__main__ as m; rc = m.main([]); "
            "print(rc, [k for k in sys.modules if k.startswith('PySide6')])")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.stdout.strip() == "1 []", r.stdout + r.stderr
    assert r.stderr.startswith("error: No display") and r.stderr.count("\n") == 1
