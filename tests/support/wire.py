"""Wire assertions shared by the test packages."""

from __future__ import annotations

from typing import Any

import httpx

ZERO_ID = "0" * 24  # well-formed, never issued


def err(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The answer is Webflow's error envelope, keys in Webflow's order, with this status and code."""
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()
    assert list(body) == ["message", "code", "externalReference", "details"]
    assert body["code"] == code, body
    assert body["externalReference"] is None
    return body
