"""Entry point: ``xinference-manager`` opens the window; with a subcommand it runs headless."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from app.cli import has_subcommand

    if has_subcommand(args):
        from app.cli import main as cli_main

        return cli_main(args)
    from app.ui.application import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
