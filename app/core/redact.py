"""A logging filter that scrubs secrets from every record, so safety does not rest on discipline."""

from __future__ import annotations

import logging
import re

_PATTERNS = [
    # Authorization headers and bearer tokens
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._\-]+"), r"\1<redacted>"),
    # Xinference API keys
    (re.compile(r"\bxf-[A-Za-z0-9_\-]{6,}"), "xf-<redacted>"),
    # JWTs (three base64url parts)
    (re.compile(r"\beyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+"), "<redacted-jwt>"),
    # key=value / "key": "value" for secret-looking names
    (
        re.compile(
            r"(?i)((?:password|passwd|api[_-]?key|access_token|refresh_token|setup[_ -]?token|secret)"
            r"[\"']?\s*[:=]\s*[\"']?)[^\s\"',}]+"
        ),
        r"\1<redacted>",
    ),
]


def redact(text: str) -> str:
    for pattern, repl in _PATTERNS:
        text = pattern.sub(repl, text)
    return text


_FORMATTER = logging.Formatter()


class RedactingFilter(logging.Filter):
    """Scrubs the message, the traceback and the stack of a record before any handler formats it.

    A handler's formatter appends ``record.exc_text`` (formatting ``exc_info`` into it only when it is empty), so the
    traceback is formatted here once and stored redacted: an exception message quoting a token stays scrubbed on
    stderr and in the log file too, not just in the message line."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install_redaction(logger: logging.Logger | None = None) -> None:
    """Attach the filter to every handler of the root logger (filters on loggers miss child loggers)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
