"""The entry point tells the window's arguments from the command line's."""

from app.cli import has_subcommand


def test_page_option_opens_the_window_not_the_cli() -> None:
    assert not has_subcommand([])
    assert not has_subcommand(["--page", "dify"])
    assert not has_subcommand(["--page=running"])
    assert has_subcommand(["ps"])
    assert has_subcommand(["--endpoint", "http://127.0.0.1:9997", "ps"])
    assert has_subcommand(["--help"])
