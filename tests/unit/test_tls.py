"""Clients for plain-HTTP endpoints are made without loading the CA bundle (100-400 ms of CPU on the GUI thread
each time: issue 15), and an https endpoint is still verified."""

from __future__ import annotations

import ssl
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
