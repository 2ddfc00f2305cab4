"""Clients for plain-HTTP endpoints are made without loading the CA bundle (100-400 ms of CPU on the GUI thread
each time: issue 15), and an https endpoint is still verified."""

from __future__ import annotations

import ssl
import subprocess
import sys
from pathlib import Path
from typing import Any

import certifi
import pytest

from app.core.api import XinferenceClient
from app.core.tls import context_for, verified_context


async def test_http_clients_do_not_load_the_ca_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[str] = []
    real = certifi.where

    def counting() -> str:
        loads.append("load")
        return real()

    monkeypatch.setattr(certifi, "where", counting)
    verified_context.cache_clear()
    for _ in range(3):
        client = XinferenceClient("http://127.0.0.1:9997")
        await client.aclose()
    assert loads == []
    for _ in range(3):
        client = XinferenceClient("https://xinference.example:9997")
        await client.aclose()
    assert len(loads) == 1, "the verifying context is built once and shared"


def test_https_is_verified_and_plain_http_context_trusts_nothing() -> None:
    https = context_for("HTTPS://example.org")
    assert https.verify_mode is ssl.CERT_REQUIRED and https.check_hostname and https.cert_store_stats()["x509_ca"]
    plain: Any = context_for("http://127.0.0.1:9997")
    # Verification stays on with no authority trusted: a stray https request through it fails, never unverified.
    assert plain.verify_mode is ssl.CERT_REQUIRED and plain.check_hostname
    assert plain.cert_store_stats()["x509_ca"] == 0


def test_preload_imports_what_the_first_request_would() -> None:
    """After ``preload_transport`` (run in a thread after the first paint) a first request imports nothing more."""
    code = """
import asyncio, sys
import httpx
from app.core.api import preload_transport
preload_transport()
before = set(sys.modules)
async def first():
    async with httpx.AsyncClient(trust_env=False) as http:
        try:
            await http.get("http://127.0.0.1:9/")
        except httpx.HTTPError:
            pass
asyncio.run(first())
print(sorted(m for m in set(sys.modules) - before if m.split(".")[0] in ("httpcore", "anyio", "h11")))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr
