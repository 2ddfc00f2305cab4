"""Window or command line? Decided from the arguments alone, before anything heavy is imported.

Its own small module: ``app.cli`` imports every subcommand (the API client, httpx, the catalog), which the window
does not need before its first paint.
"""

from __future__ import annotations

# Window options that take a value: ``--page dify`` opens the window on a page, it is not the CLI.
GUI_VALUE_OPTIONS = ("--page",)


def has_subcommand(argv: list[str]) -> bool:
    """True when the arguments ask for the CLI (a subcommand or --help) rather than the window."""
    if any(a in ("-h", "--help") for a in argv):
        return True
    words = [a for i, a in enumerate(argv) if not (i and argv[i - 1] in GUI_VALUE_OPTIONS)]
    return any(not a.startswith("-") for a in words)
