"""One small hierarchy of errors the user can act on.

Every error carries a one-line ``message`` (what happened) and a ``hint`` (what to do about it). The GUI shows
both in a banner or dialog; the CLI prints them on one line and exits non-zero.

A hint that names a way of doing something ("the Server page", "``server login``") depends on the front-end, so
such errors carry a neutral hint plus a wording per front-end (``hints={"gui": ..., "cli": ...}``), and each
front-end asks for its own with ``hint_for``/``one_line``. ``hint`` itself is the window's wording: the window was
the first front-end and reads it in many places.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

Frontend = Literal["gui", "cli"]


class ManagerError(Exception):
    """Base of every error the app shows to a person."""

    def __init__(self, message: str, hint: str = "", *, hints: Mapping[Frontend, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self._hint = hint
        self.hints: dict[Frontend, str] = dict(hints or {})

    @property
    def hint(self) -> str:
        return self.hint_for("gui")

    @hint.setter
    def hint(self, text: str) -> None:
        # Setting the hint replaces every front-end's wording: the new text is the neutral one.
        self._hint = text
        self.hints = {}

    def hint_for(self, frontend: Frontend) -> str:
        """What to do about it, in the words of ``frontend`` (the neutral hint where it has none of its own)."""
        return self.hints.get(frontend) or self._hint

    def one_line(self, frontend: Frontend = "gui") -> str:
        hint = self.hint_for(frontend)
        return f"{self.message} ({hint})" if hint else self.message


class InvalidInput(ManagerError):
    """A value typed by the user is unusable; nothing was attempted."""


class PortBusy(InvalidInput):
    def __init__(self, host: str, port: int) -> None:
        super().__init__(
            f"Port {port} is already in use on {host}",
            "Choose another port, or connect to the server that is already there.",
        )
        self.host = host
        self.port = port


class EngineNotFound(ManagerError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "Xinference is not installed" + (f": {detail}" if detail else ""),
            "Install it, or give the path of an existing one.",
            hints={
                "gui": "Install it from the Server page, or choose the path of an existing one there.",
                "cli": "Install it with `xinference-manager engine install`, or pass --engine PATH.",
            },
        )


class EngineInstallFailed(ManagerError):
    pass


class ServerUnreachable(ManagerError):
    def __init__(self, url: str, cause: str) -> None:
        super().__init__(
            f"Cannot reach {url}: {cause}",
            "Check that the server is running and that the host and port are right.",
        )
        self.url = url
        self.cause = cause


class ServerTimeout(ServerUnreachable):
    def __init__(self, url: str, seconds: float) -> None:
        ManagerError.__init__(
            self,
            f"{url} did not answer within {seconds:g} s",
            "The server may be busy loading a model, or hung; try again or restart it.",
        )
        self.url = url
        self.cause = "timeout"


class NotXinference(ManagerError):
    def __init__(self, url: str, detail: str) -> None:
        super().__init__(
            f"{url} answers, but it is not an Xinference server ({detail})",
            "Check the port: another program is listening there.",
        )


class AuthRequired(ManagerError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "The server requires login" + (f": {detail}" if detail else ""),
            "Log in as the admin, or use an API key.",
            hints={
                "gui": "Log in on the Server page, or enter an API key there.",
                "cli": "Run `xinference-manager server login`, or give an API key (--api-key-stdin or "
                       "XINFERENCE_API_KEY).",
            },
        )


class AuthForbidden(ManagerError):
    """Logged in, but this credential may not do that (e.g. an API key trying to launch)."""


class ApiError(ManagerError):
    """The server answered with an error status."""

    def __init__(self, status: int, detail: str, method: str = "", path: str = "") -> None:
        where = f" {method} {path}".rstrip() if method or path else ""
        super().__init__(f"Server error {status}{where}: {detail}")
        self.status = status
        self.detail = detail


class ModelNotFound(ApiError):
    def __init__(self, uid: str, detail: str = "") -> None:
        ApiError.__init__(self, 400, detail or f"model {uid} not found")
        self.message = f"No running model has the UID {uid!r}"
        self._hint = "Use the UID of a running model; it is not the model's name."
        self.hints = {
            "gui": "Copy the UID from the Running page; it is not the model's name.",
            "cli": "`xinference-manager ps` lists the UIDs; a UID is not the model's name.",
        }
        self.uid = uid


class MalformedResponse(ManagerError):
    def __init__(self, what: str, detail: str) -> None:
        super().__init__(
            f"The server's answer to {what} could not be understood: {detail}",
            "The server may be a different version or not Xinference; check the address.",
        )


class ProcessFailed(ManagerError):
    """A child process (server, pip) ended badly."""


class StartCancelled(ProcessFailed):
    """Stop was pressed while the server was starting: the start ends as asked, which is not a failure."""

    def __init__(self) -> None:
        super().__init__("Start cancelled: the server was stopped before it was ready", "")


class UnknownModel(ManagerError):
    """The server has no model (name or family) by the name given; nothing was attempted."""
