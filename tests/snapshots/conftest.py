from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.server import RunningServer


@pytest.fixture(autouse=True)
def no_snapshots_left(server: RunningServer) -> Iterator[None]:
    """Snapshots outlive a reset: each test deletes the ones it made."""
    yield
    with httpx.Client(base_url=f"{server.url}/_admin", timeout=60) as admin:
        for s in admin.get("/snapshots").json()["snapshots"]:
            admin.request("DELETE", f"/snapshots/{s['name']}", json={})
