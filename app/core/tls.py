"""The TLS context an httpx client gets, without loading the CA bundle where no TLS is spoken.

httpx builds a fresh SSL context with certifi's CA bundle for every client it creates, even for an ``http://``
URL: 100-400 ms of CPU on a busy two-core machine, and the app creates its clients on the GUI thread (each
server start, probe and Dify check), so each one froze the window for that long (issue 15). The verified
context is built once and shared; a plain ``http://`` endpoint gets a context that trusts no certificate
authority, so that a request that somehow went to ``https://`` through it fails instead of going unverified.
"""

from __future__ import annotations

import functools
import ssl

import httpx


@functools.cache
def verified_context() -> ssl.SSLContext:
    """The default verifying context (certifi's bundle, as httpx uses), built once per process."""
    return httpx.create_ssl_context(trust_env=False)


@functools.cache
def _trusts_nothing() -> ssl.SSLContext:
    # PROTOCOL_TLS_CLIENT verifies certificates and host names; with no CA loaded every certificate fails.
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def context_for(url: str) -> ssl.SSLContext:
    """The context to give an httpx client whose requests go to ``url``."""
    return verified_context() if url.strip().lower().startswith("https:") else _trusts_nothing()
