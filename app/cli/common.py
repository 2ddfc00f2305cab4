"""What every CLI subcommand shares: the parser's argument types, settings, the chosen server, its credentials,
secrets read from stdin, JSON output."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import shlex
import socket
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn, TypeVar
from urllib.parse import urlsplit

from app.core.api import XinferenceClient
from app.core.endpoint import parse_endpoint, parse_port
from app.core.errors import InvalidInput
from app.core.models import model_type_name
from app.core.secrets import SecretStore
from app.core.server import read_records
from app.core.settings import Settings

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace, "CliContext"], Awaitable[int]]
T = TypeVar("T")

# The options of the top-level parser, and which of them take a value: they must come before the command.
GLOBAL_OPTIONS = {"--endpoint": True, "--api-key": True, "--api-key-stdin": False, "-v": False, "--verbose": False}
_SECRET_OPTIONS = ("--api-key",)


# -- argument types: parse at the edge, so that bad input is one line and exit status 2 -----------------------------

def _arg_type(parse: Callable[[str], T], name: str) -> Callable[[str], T]:
    def convert(text: str) -> T:
        try:
            return parse(text)
        except InvalidInput as exc:
            hint = exc.hint_for("cli")
            raise argparse.ArgumentTypeError(f"{exc.message}. {hint}" if hint else exc.message) from None

    convert.__name__ = name  # argparse names the type in its own messages
    return convert


port_arg = _arg_type(parse_port, "port")
endpoint_arg = _arg_type(parse_endpoint, "URL")


def model_type_arg(allowed: Sequence[str]) -> Callable[[str], str]:
    """An argparse type for a model type among ``allowed``, in any case (``llm``, ``Embedding``)."""
    return _arg_type(lambda text: model_type_name(text, allowed), "model type")


class CliParser(argparse.ArgumentParser):
    """argparse with one-line errors: "prog: error: what (see prog --help)", exit status 2.

    A global option typed after the command (``ps --endpoint URL``) is answered with the same command line with
    the option moved where it belongs; it is not accepted there, because some commands have options of their own
    with the same names (``dify-check --api-key`` is the key Dify is given)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        argv = list(sys.argv[1:] if args is None else args)
        parsed, extras = self.parse_known_args(argv, namespace)
        if extras:
            self.error(misplaced_global_options(self.prog, argv, extras))
        return parsed


def misplaced_global_options(prog: str, argv: list[str], extras: list[str]) -> str:
    """The error for arguments nobody took: where global options go, with the command line fixed."""
    pulled: list[str] = []
    others: list[str] = []
    i = 0
    while i < len(extras):
        token = extras[i]
        name = token.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            takes_value = GLOBAL_OPTIONS[name] and "=" not in token and i + 1 < len(extras)
            pulled += extras[i:i + 2] if takes_value else [token]
            i += 2 if takes_value else 1
        else:
            others.append(token)
            i += 1
    if not pulled:
        return f"unrecognized arguments: {' '.join(others)}"
    rest = list(argv)
    for token in reversed(pulled):  # the misplaced ones are the last occurrences
        del rest[len(rest) - 1 - rest[::-1].index(token)]
    fixed = " ".join(shlex.quote(t) for t in _hide_secrets(pulled + rest))
    text = f"global options go before the command: {prog} {fixed}"
    return text + (f"; unrecognized arguments: {' '.join(others)}" if others else "")


def _hide_secrets(argv: list[str]) -> list[str]:
    out = list(argv)
    for i, token in enumerate(out):
        name, eq, _ = token.partition("=")
        if name in _SECRET_OPTIONS and eq:
            out[i] = f"{name}=KEY"
        elif token in _SECRET_OPTIONS and i + 1 < len(out):
            out[i + 1] = "KEY"
    return out


# -- secrets from stdin ---------------------------------------------------------------------------------------------

def read_secret(what: str, flag: str) -> str:
    """One line from stdin (a prompt without echo on a terminal); ``InvalidInput`` when nothing comes."""
    if sys.stdin is not None and sys.stdin.isatty():
        text = getpass.getpass(f"{what[:1].upper()}{what[1:]}: ")
    else:
        text = sys.stdin.readline() if sys.stdin is not None else ""
    text = text.strip("\r\n")
    if not text:
        raise InvalidInput(f"{flag}: stdin gave no {what}",
                           f"Pipe it in, e.g. `cat file | xinference-manager ... {flag}`.")
    return text


# -- the context ----------------------------------------------------------------------------------------------------

@dataclass
class CliContext:
    settings: Settings
    endpoint_override: str | None = None
    api_key: str | None = None
    _clients: list[XinferenceClient] = field(default_factory=list)
    _default_port: int | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> CliContext:
        api_key = getattr(args, "api_key", None)
        if getattr(args, "api_key_stdin", False):
            if getattr(args, "password_stdin", False):
                raise InvalidInput("--api-key-stdin and --password-stdin both want stdin", "Use one of them.")
            api_key = read_secret("API key", "--api-key-stdin")
        endpoint = getattr(args, "endpoint", None)
        return cls(
            settings=Settings.load(),
            endpoint_override=parse_endpoint(endpoint) if endpoint else None,
            api_key=api_key or os.environ.get("XINFERENCE_API_KEY") or None,
        )

    def local_port(self, port: int | None = None) -> int:
        """The local server's port: ``--port``, else the profile's, else the one server this app started.

        After ``server start --port 9990`` that server is the default until it stops, as long as nothing answers
        on the profile's own port and it is the only live server the app started."""
        if port is not None:
            return port
        if self._default_port is None:
            self._default_port = self._find_default_port()
        return self._default_port

    def _find_default_port(self) -> int:
        opts = self.settings.profile.server
        started = [r for r in read_records() if r.is_alive()]
        if any(r.port == opts.port for r in started) or not started:
            return opts.port
        if len(started) > 1:
            log.info("the profile's port %d; %d servers this app started run elsewhere (ports %s): pass --port",
                     opts.port, len(started), ", ".join(str(r.port) for r in started))
            return opts.port
        if _answers(opts.endpoint):
            log.info("the profile's port %d has a server; not switching to the app's server on port %d",
                     opts.port, started[0].port)
            return opts.port
        record = started[0]
        log.info("using the server this app started on port %d (pid %d): nothing listens on the profile's port %d",
                 record.port, record.pid, opts.port)
        return record.port

    def endpoint(self, port: int | None = None) -> str:
        """The server this command talks to: --endpoint, else the current profile (see ``local_port``)."""
        if self.endpoint_override:
            return self.endpoint_override
        profile = self.settings.profile
        if profile.kind == "remote" and profile.endpoint:
            return parse_endpoint(profile.endpoint)
        from dataclasses import replace

        return replace(profile.server, port=self.local_port(port)).endpoint

    def token_for(self, endpoint: str) -> str | None:
        """--api-key, else the saved admin session (it may manage the server), else a saved API key."""
        if self.api_key:
            return self.api_key
        store = SecretStore()
        return store.get(SecretStore.key(endpoint, "access_token")) or store.get(SecretStore.key(endpoint, "api_key"))

    def client(self, port: int | None = None, timeout: float = 15.0) -> XinferenceClient:
        endpoint = self.endpoint(port)
        log.info("server: %s", endpoint)
        client = XinferenceClient(endpoint, token=self.token_for(endpoint), timeout=timeout)
        if not self.api_key:
            # A saved session token expires after ~30 min: renew it from the refresh token or saved password.
            from app.core.api import AuthSession

            AuthSession(client, SecretStore(), username=self.settings.profile.username)
        self._clients.append(client)
        return client

    async def aclose(self) -> None:
        for client in self._clients:
            await client.aclose()


def _answers(endpoint: str) -> bool:
    """Whether something accepts a TCP connection at ``endpoint`` (loopback: a fraction of a second at most)."""
    parts = urlsplit(endpoint)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), timeout=0.5):
            return True
    except OSError:
        return False


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, default=str)
    sys.stdout.write("\n")
