"""The request journal: every /v2 and /beta request recorded, bounded, listed and cleared through
/_admin/requests; correct with several server processes on one database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.processes import servers
from tests.support.server import serve
from tests.support.world import FULL, OTHER_SITE, World


def _journal(admin: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    r = admin.get("/requests", params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["count"] == len(body["requests"])
    return list(body["requests"])


def test_every_request_is_recorded_as_sent_and_answered(world: World) -> None:
    admin = world.admin()
    sdk = world.sdk()
    coll = world.create_collection({"displayName": "Posts", "singularName": "Post"})
    item = sdk.collections.items.create_item(coll["id"], request={"fieldData": {"name": "One", "slug": "one"}})
    sdk.collections.items.get_item(coll["id"], str(item.id))
    raw = world.http(validate=False)
    assert raw.get("/nowhere").status_code == 404
    assert world.http(token=None).get(f"/sites/{world.site_id}").status_code == 401
    assert world.http(token=OTHER_SITE).get(f"/sites/{world.site_id}").status_code == 403
    beta = world.http(prefix="beta")
    assert beta.get(f"/sites/{world.site_id}").status_code == 200

    entries = _journal(admin)
    assert [(e["method"], e["operationId"], e["status"]) for e in entries] == [
        ("POST", "create-collection", 200), ("POST", "create-item", 202), ("GET", "Get-Item", 200),
        ("GET", None, 404), ("GET", "get-site", 401), ("GET", "get-site", 403), ("GET", "get-site", 200)]
    create = entries[1]
    assert create["path"] == f"/v2/collections/{coll['id']}/items"
    assert create["requestBody"] == {"fieldData": {"name": "One", "slug": "one"}}
    assert create["responseBody"]["id"] == item.id and create["responseBody"]["fieldData"]["slug"] == "one"
    assert create["requestBodyTruncated"] is False and create["responseBodyTruncated"] is False
    assert isinstance(create["durationMs"], float) and create["durationMs"] >= 0
    datetime.fromisoformat(create["time"].replace("Z", "+00:00"))
    assert entries[2]["requestBody"] is None
    assert entries[3]["responseBody"]["message"] == "Route not found"
    assert entries[4]["tokenId"] is None  # no token
    assert entries[6]["path"] == f"/beta/sites/{world.site_id}"
    # The caller's token id (as GET /_admin/tokens names it), the same for every request of that token.
    token_ids = {e["tokenId"] for e in (entries[0], entries[1], entries[2], entries[6])}
    assert len(token_ids) == 1 and None not in token_ids
    assert token_ids <= {t["id"] for t in admin.get("/tokens").json()["tokens"]}
    # Only API requests: the control plane's own calls are not in it.
    assert not any(e["path"].startswith("/_admin") for e in _journal(admin))


def test_query_is_kept_and_filters_select(world: World) -> None:
    admin = world.admin()
    api = world.http()
    before = datetime.now(UTC).isoformat()
    coll = world.create_collection({"displayName": "Posts", "singularName": "Post"})
    assert api.get(f"/collections/{coll['id']}/items", params={"limit": 5, "offset": 0}).status_code == 200
    assert api.get(f"/collections/{coll['id']}/items/{'0' * 24}").status_code == 404
    [listed] = _journal(admin, operationId="list-collection-items")
    assert listed["query"] == "limit=5&offset=0"
    assert [e["operationId"] for e in _journal(admin, method="get")] == ["list-collection-items", "Get-Item"]
    assert [e["status"] for e in _journal(admin, status=404)] == [404]
    assert len(_journal(admin, since=before)) == 3
    assert _journal(admin, since="2999-01-01T00:00:00Z") == []
    assert [e["operationId"] for e in _journal(admin, limit=2)] == ["list-collection-items", "Get-Item"]
    for params in ({"limit": "0"}, {"limit": "x"}, {"status": "abc"}, {"status": "99"}, {"since": "yesterday"}):
        r = admin.get("/requests", params=params)
        assert r.status_code == 400 and r.json()["code"] == "validation_error", params


def test_bodies_are_cut_to_the_documented_size(world: World) -> None:
    admin = world.admin()
    coll = world.create_collection({"displayName": "Posts", "singularName": "Post", "fields": [
        {"type": "PlainText", "displayName": "Body"}]})
    text = "é" * 3000  # 6000 bytes of UTF-8
    r = world.http().post(f"/collections/{coll['id']}/items", json={"fieldData": {"name": "Long", "slug": "long",
                                                                                  "body": text}})
    assert r.status_code == 202
    [entry] = _journal(admin, operationId="create-item")
    assert entry["requestBodyTruncated"] is True and entry["responseBodyTruncated"] is True
    # The first 4096 bytes, as text (a character cut in two is replaced).
    assert isinstance(entry["requestBody"], str) and len(entry["requestBody"].encode()) <= 4096 + 3
    assert entry["requestBody"].startswith('{"fieldData":')


def test_clear_and_reset_empty_it(world: World) -> None:
    admin = world.admin()
    api = world.http()
    assert api.get(f"/sites/{world.site_id}").status_code == 200
    assert len(_journal(admin)) == 1
    r = admin.request("DELETE", "/requests", json={})
    assert r.status_code == 200 and r.json() == {"deleted": 1}
    assert _journal(admin) == []
    assert api.get(f"/sites/{world.site_id}").status_code == 200
    assert admin.post("/reset", json={}).status_code == 200
    assert _journal(admin) == []


def test_kept_to_a_bounded_size(database_url: str, world: World) -> None:
    with serve(database_url, journal_max_entries=5, webhook_dispatcher=False) as small:
        api = httpx.Client(base_url=f"{small.url}/v2", headers={"Authorization": f"Bearer {FULL}"}, timeout=60)
        admin = httpx.Client(base_url=f"{small.url}/_admin", timeout=60)
        for offset in range(8):
            assert api.get("/sites", params={"offset": offset}).status_code == 200
        entries = _journal(admin, limit=100)
        assert [e["query"] for e in entries] == [f"offset={n}" for n in range(3, 8)]
        api.close()
        admin.close()


@pytest.mark.slow
def test_several_processes_share_one_journal(database_url: str, tmp_path: Path) -> None:
    with servers(database_url, tmp_path / "logs", 2) as (a, b):
        from tests.support.world import build

        world = build(a.url)
        clients = [httpx.Client(base_url=f"{s.url}/v2", headers={"Authorization": f"Bearer {FULL}"}, timeout=60)
                   for s in (a, b)]
        for n in range(10):
            assert clients[n % 2].get(f"/sites/{world.site_id}", params={"n": n}).status_code == 200
        for s in (a, b):
            # Either process lists every request, its own and the other's, each once.
            with httpx.Client(base_url=f"{s.url}/_admin", timeout=60) as admin:
                queries = sorted(e["query"] for e in _journal(admin))
            assert queries == sorted(f"n={n}" for n in range(10))
        with httpx.Client(base_url=f"{b.url}/_admin", timeout=60) as admin:
            assert admin.request("DELETE", "/requests", json={}).status_code == 200
        with httpx.Client(base_url=f"{a.url}/_admin", timeout=60) as admin:
            assert _journal(admin) == []
        for c in clients:
            c.close()
