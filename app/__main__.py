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
    from app.cli import has_subcommand

    if has_subcommand(args):
        from app.cli import main as cli_main

        return cli_main(args)
    from app.preflight import gui_problem

    problem = gui_problem(os.environ)
    if problem:  # say what is missing and how to get it, instead of Qt's "Could not load the Qt platform plugin"
        _say(f"error: {problem}", sys.stderr)
        return 1
    from app.ui.application import run_gui

    return run_gui(args)


def main_gui() -> int:
    """The launcher's entry (``[project.gui-scripts]``): the window, with the same arguments as ``main``."""
    return main()


if __name__ == "__main__":
    sys.exit(main())
