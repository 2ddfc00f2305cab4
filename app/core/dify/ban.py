"""Xinference's ban on wrong API keys, explained: why a login server answers 429, until when, and which settings.

Xinference 4.x (``xinference/api/oauth2/advanced/rate_limiter.py``, defaults in ``xinference/constants.py``) counts
wrong API keys (``xf-``/``sk-`` keys it does not know) and invalid tokens per client address; a missing key is a
plain 401 and does not count. Dify's plugin daemon sends every Save from one address, so a few Saves with a wrong
key lock every model of that server out of Dify. The numbers below are Xinference 4.1.0's defaults (measured by
``tests/e2e/test_dify_ban.py``); a server started with other values of the settings behaves accordingly.
"""

from __future__ import annotations

from dataclasses import dataclass

IP_BANNED = "Too many failed attempts. IP temporarily banned."
KEY_BANNED = "Too many failed attempts for this key."

IP_MAX_FAILURES = 10
IP_WINDOW_SECONDS = 300
IP_BAN_SECONDS = 3600
KEY_MAX_FAILURES = 5
KEY_WINDOW_SECONDS = 300
KEY_BAN_SECONDS = 3600
SETTINGS = ("XINFERENCE_RATE_LIMIT_IP_MAX_FAILURES", "XINFERENCE_RATE_LIMIT_IP_WINDOW_SECONDS",
            "XINFERENCE_RATE_LIMIT_IP_BAN_SECONDS")
KEY_SETTINGS = ("XINFERENCE_RATE_LIMIT_KEY_MAX_FAILURES", "XINFERENCE_RATE_LIMIT_KEY_WINDOW_SECONDS",
                "XINFERENCE_RATE_LIMIT_KEY_BAN_SECONDS")


@dataclass(frozen=True)
class BanExplanation:
    cause: str
    fix: str


def is_ban(status: int | None, body: str) -> bool:
    return status == 429 and (IP_BANNED in body or KEY_BANNED in body)


def explain_ban(body: str) -> BanExplanation:
    """Why, until when, which settings; ``body`` is the 429 answer's text."""
    if KEY_BANNED in body:
        return BanExplanation(
            cause=(f"The server answers 429 \"{KEY_BANNED}\": after {KEY_MAX_FAILURES} failed uses of one API key "
                   f"(a disabled or expired key) within {KEY_WINDOW_SECONDS} s from one address, Xinference refuses "
                   f"that key from that address for {KEY_BAN_SECONDS} s (its defaults; settings "
                   f"{', '.join(KEY_SETTINGS)})."),
            fix=("Wait until the ban ends, or ask the server's admin to lift it (restarting the server also clears "
                 "it); then give Dify a valid, enabled key."))
    minutes = IP_BAN_SECONDS // 60
    return BanExplanation(
        cause=(f"The server answers 429 \"{IP_BANNED}\": after {IP_MAX_FAILURES} wrong API keys or invalid tokens "
               f"within {IP_WINDOW_SECONDS} s from one address, Xinference refuses every request from that address "
               f"for {IP_BAN_SECONDS} s ({minutes} minutes) from the last of them (its defaults; settings "
               f"{', '.join(SETTINGS)}). Dify's plugin daemon sends every Save from one address, so repeated Saves "
               "with a wrong key lock all of this server's models out of Dify."),
        fix=("Wait until the ban ends, or ask the server's admin to lift it (POST /v1/admin/security/unban-ip, or "
             "restart the server: bans are kept in memory). Then check the key here before saving in Dify again: "
             "this check sends a wrong key at most once."))
