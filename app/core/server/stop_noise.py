"""What a server prints while it stops because we asked it to, and is not an error.

Xinference closes its actor pool as soon as it gets SIGTERM, before uvicorn stops taking requests: a request that
arrives in that moment (the window's status poll, the Running page's refresh, a client) is answered with a 500 and
logged as an ERROR with the traceback of ``xoscar.errors.ServerClosed`` ("Remote server 127.0.0.1:PORT closed: 0
bytes read on a total of 11 expected bytes"), measured with Xinference 4.1. Shown in red it reads as a failed stop;
it is the expected noise of one. Only during a stop we asked for: the same traceback at any other time is news.
"""

from __future__ import annotations

import re

STREAM = "stop-noise"  # the stream name the log's lines are passed on with when they are this noise
EXPLANATION = (
    "expected while stopping: a request reached the server as it shut down, so it logs the ServerClosed error "
    "below (shown dimmed); the stop itself is fine"
)

# One log record of Xinference starts with its timestamp; the lines of a traceback that follow it do not.
_RECORD = re.compile(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d")
_CLOSED = re.compile(r"\bERROR\b.*(?:Remote server \S+ closed|ServerClosed)")


class StopNoise:
    """Reads a server's output line by line during a requested stop and tells which lines are the noise."""

    def __init__(self) -> None:
        self._in_block = False
        self.seen = 0  # noise records (not lines) met so far

    def read(self, stream: str, line: str) -> list[tuple[str, str]]:
        """The (stream, line) pairs to pass on for one line of output: the noise under ``STREAM``, and before the
        first noise record one line of the app's own that says why it is not an error."""
        if not self.is_noise(line):
            return [(stream, line)]
        if self.seen == 1 and _RECORD.match(line):
            return [("app", EXPLANATION), (STREAM, line)]
        return [(STREAM, line)]

    def is_noise(self, line: str) -> bool:
        if _RECORD.match(line):
            self._in_block = bool(_CLOSED.search(line))
            self.seen += self._in_block
            return self._in_block
        # A line that starts no record belongs to the record before it (the traceback of the error).
        return self._in_block and bool(line.strip())
