"""Entry point: ``xinference-manager`` opens the window; with a subcommand it runs headless.

``xinference-manager-gui`` (a gui-script: no console window on Windows) is the same entry for launchers.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO


def _say(text: str, stream: TextIO | None) -> None:
    # A gui-script on Windows (pythonw) and a windowed PyInstaller build have no stdout/stderr at all.
    if stream is not None:
        print(text, file=stream)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in ("--version", "-V"):
        from app import __version__

        _say(f"xinference-manager {__version__}", sys.stdout)
        return 0
    from app.entry_args import has_subcommand  # not app.cli: it imports every subcommand

    if has_subcommand(args):
        from app.cli import main as cli_main

        return cli_main(args)
    from app.preflight import gui_problem

    problem = gui_problem(os.environ)
    if problem:  # say what is missing and how to get it, instead of Qt's "Could not load the Qt platform plugin"
        _say(f"error: {problem}", sys.stderr)
        return 1
    from app.ui.application import run_gui

    smoke_ms = os.environ.get(SMOKE_ENV)
    if smoke_ms:
        _close_when_shown(int(smoke_ms), args)
    return run_gui(args)


# A packaged build is checked by running it (packaging/build.py --check): with this set, the app reports its window
# on stderr once it is shown and closes it after that many milliseconds, through the normal shutdown.
SMOKE_ENV = "XIM_SMOKE_QUIT_AFTER_MS"


def _close_when_shown(delay_ms: int, args: list[str]) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication.instance() or QApplication([sys.argv[0], *args])  # run_gui takes this one over

    def close_window() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
        for window in windows:
            _say(f"window shown: {window.windowTitle()}", sys.stderr)
            getattr(window, "quit_app", window.close)()  # quit for real: closing may only hide it to the tray
        if not windows:
            _say("no window was shown", sys.stderr)
            app.exit(1)

    QTimer.singleShot(delay_ms, close_window)


def main_gui() -> int:
    """The launcher's entry (``[project.gui-scripts]``): the window, with the same arguments as ``main``."""
    return main()


if __name__ == "__main__":
    sys.exit(main())
