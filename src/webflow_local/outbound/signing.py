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


# Every delivery, retry and resend carries DELIVERY_HEADER. The control plane refuses any request that
# carries it, except a POST to a built-in sink (/_admin/sinks/{name}): so no webhook URL, however it is
# spelled, can drive the control plane of any process of the deployment. The header grants nothing, so
# a receiver that sees it learns nothing useful.
DELIVERY_HEADER = "x-webflow-local-delivery"
# With an admin token set, a sink accepts a delivery that proves it came from a dispatcher of this
# deployment: HMAC-SHA256(admin token, "sink-delivery:" + body). The admin token itself never leaves.
PROOF_HEADER = "x-webflow-local-delivery-proof"


def delivery_proof(admin_token: str, body: bytes) -> str:
    return hmac.new(admin_token.encode(), b"sink-delivery:" + body, hashlib.sha256).hexdigest()


def verify_delivery_proof(admin_token: str, body: bytes, given: str) -> bool:
    return hmac.compare_digest(delivery_proof(admin_token, body), given)
