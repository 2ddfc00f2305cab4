"""What every CLI subcommand shares: settings, the chosen server, its credentials, JSON output."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from app.core.api import XinferenceClient, normalize_endpoint
from app.core.secrets import SecretStore
from app.core.settings import Settings

Handler = Callable[[argparse.Namespace, "CliContext"], Awaitable[int]]


@dataclass
class CliContext:
    settings: Settings
    endpoint_override: str | None = None
    api_key: str | None = None
    _clients: list[XinferenceClient] = field(default_factory=list)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> CliContext:
        endpoint = getattr(args, "endpoint", None)
        return cls(
            settings=Settings.load(),
            endpoint_override=normalize_endpoint(endpoint) if endpoint else None,
            api_key=getattr(args, "api_key", None) or os.environ.get("XINFERENCE_API_KEY") or None,
        )

    def endpoint(self, port: int | None = None) -> str:
        """The server this command talks to: --endpoint, else the current profile (with --port applied)."""
        if self.endpoint_override:
            return self.endpoint_override
        profile = self.settings.profile
        if profile.kind == "remote" and profile.endpoint:
            return normalize_endpoint(profile.endpoint)
        opts = profile.server
        if port is not None:
            from dataclasses import replace

            opts = replace(opts, port=port)
        return opts.endpoint

    def token_for(self, endpoint: str) -> str | None:
        """--api-key, else the saved admin session (it may manage the server), else a saved API key."""
        if self.api_key:
            return self.api_key
        store = SecretStore()
        return store.get(SecretStore.key(endpoint, "access_token")) or store.get(SecretStore.key(endpoint, "api_key"))

    def client(self, port: int | None = None, timeout: float = 15.0) -> XinferenceClient:
        endpoint = self.endpoint(port)
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


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, default=str)
    sys.stdout.write("\n")
