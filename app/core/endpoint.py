"""What a person types for a server: a URL and a port, checked once, here, for every front-end.

``parse_endpoint`` and ``parse_port`` turn the text into a usable value or raise ``InvalidInput`` whose message
names the bad part (an unclosed IPv6 bracket, a port out of range), so that no malformed address reaches httpx or
the server and ends in a traceback.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import yarl

from app.core.errors import InvalidInput

_URL_SHAPE = "Write it as http://HOST:PORT, e.g. http://127.0.0.1:9997 or http://[::1]:9997."
_PORT_RANGE = "Use a port between 1 and 65535."


def parse_port(text: str | int, what: str = "Port") -> int:
    """A TCP port from text or a number; ``InvalidInput`` unless it is an integer in 1..65535."""
    try:
        port = int(str(text).strip())
    except ValueError:
        raise InvalidInput(f"{what} {str(text).strip()!r} is not a number", _PORT_RANGE) from None
    if not 1 <= port <= 65535:
        raise InvalidInput(f"{what} {port} is out of range", _PORT_RANGE)
    return port


def parse_endpoint(text: str) -> str:
    """A server's base URL from what a person typed ("localhost:9997", "http://[::1]:9997/").

    Returns it with a scheme (http:// when none was typed) and without a trailing slash; raises ``InvalidInput``
    for anything an HTTP client could not use. A path prefix (a server behind a reverse proxy) is kept."""
    raw = text.strip()
    if not raw:
        raise InvalidInput("No server URL given", _URL_SHAPE)
    url_text = raw if "://" in raw else "http://" + raw
    try:
        parts = urlsplit(url_text)
    except ValueError:
        # urlsplit's only complaint is an unbalanced IPv6 bracket ("Invalid IPv6 URL").
        raise InvalidInput(f"Server URL {raw!r} is not valid: an IPv6 address's '[' is not closed",
                           _URL_SHAPE) from None
    if parts.scheme not in ("http", "https"):
        raise InvalidInput(f"Server URL {raw!r} is not valid: the scheme must be http or https", _URL_SHAPE)
    if parts.query or parts.fragment:
        raise InvalidInput(f"Server URL {raw!r} is not valid: it has a '?' or '#' part", _URL_SHAPE)
    # The port is what follows the last ':' outside an IPv6 address's brackets.
    hostport = parts.netloc.rpartition("@")[2]
    _, colon, port_text = hostport.rpartition("]")[2].rpartition(":")
    if colon:
        parse_port(port_text, what=f"Server URL {raw!r}: port")
    try:
        url = yarl.URL(url_text)
    except ValueError as exc:
        raise InvalidInput(f"Server URL {raw!r} is not valid: {exc}", _URL_SHAPE) from None
    host = url.host or ""
    if not host or any(c.isspace() for c in host):
        raise InvalidInput(f"Server URL {raw!r} is not valid: it has no usable host name", _URL_SHAPE)
    return url_text.rstrip("/")
