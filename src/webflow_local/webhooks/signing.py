"""Webflow's webhook signature: x-webflow-timestamp (epoch milliseconds) and x-webflow-signature, the
lowercase hex HMAC-SHA256 of "<timestamp>:<raw body>" keyed with the webhook's secretKey (or the
OAuth app's client secret). Unsigned webhooks (dashboard-style) carry neither header."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

TIMESTAMP_HEADER = "x-webflow-timestamp"
SIGNATURE_HEADER = "x-webflow-signature"


def epoch_ms(at: datetime) -> int:
    return int(at.timestamp() * 1000)


def signature(key: str, timestamp_ms: int, body: bytes) -> str:
    message = str(timestamp_ms).encode() + b":" + body
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def headers(key: str | None, at: datetime, body: bytes) -> dict[str, str]:
    """The headers of one delivery attempt made at `at` (the shared clock's time)."""
    out = {"content-type": "application/json"}
    if key:
        ts = epoch_ms(at)
        out[TIMESTAMP_HEADER] = str(ts)
        out[SIGNATURE_HEADER] = signature(key, ts, body)
    return out


def verify(key: str, timestamp_ms: str, body: bytes, given: str) -> bool:
    """What a receiver does (used by the docs' example and the tests' helper)."""
    return hmac.compare_digest(signature(key, int(timestamp_ms), body), given)
