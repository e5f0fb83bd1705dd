"""State of this family beyond the demo world, for the export round trip (tests/export/test_round_trip.py)."""

from __future__ import annotations

import httpx


def enrich(api: httpx.Client, admin: httpx.Client, site_id: str) -> None:
    """`api`: the Data API (/v2) with an all-scopes site token; `admin`: the control plane."""
