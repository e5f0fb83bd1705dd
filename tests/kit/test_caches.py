"""Per-process caches stay correct across processes: two real server processes on one database; what one
changes, the other sees on its next request (kit/cache.py: the generation read with every request)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.support.processes import servers
from tests.support.world import FULL, build

pytestmark = pytest.mark.slow


def _client(base: str, token: str = FULL) -> httpx.Client:
    return httpx.Client(base_url=f"{base}/v2", headers={"Authorization": f"Bearer {token}"}, timeout=60)


def test_a_second_process_sees_every_change_on_its_next_request(database_url: str, tmp_path: Path) -> None:
    with servers(database_url, tmp_path / "logs", 2) as (a, b):
        world = build(a.url)
        admin_a = httpx.Client(base_url=f"{a.url}/_admin", timeout=60)
        ca, cb = _client(a.url), _client(b.url)
        coll = ca.post(f"/sites/{world.site_id}/collections",
                       json={"displayName": "Posts", "singularName": "Post"}).json()
        items = f"/collections/{coll['id']}/items"
        # B fills its caches: the caller, the collection, its site, locales and fields.
        r = cb.post(items, json={"fieldData": {"name": "One", "slug": "one", "subtitle": "x"}})
        assert r.status_code == 400 and r.json()["details"][0]["param"] == "subtitle"
        assert cb.get(items).json()["pagination"]["total"] == 0

        # A new field through A: B accepts it at once.
        assert ca.post(f"/collections/{coll['id']}/fields",
                       json={"type": "PlainText", "displayName": "Subtitle"}).status_code == 200
        r = cb.post(items, json={"fieldData": {"name": "One", "slug": "one", "subtitle": "x"}})
        assert r.status_code == 202, r.text

        # A new locale through A: B creates items in it.
        site = admin_a.post(f"/sites/{world.site_id}/locales",
                            json={"displayName": "Spanish", "tag": "es-ES"}).json()
        es = next(loc["cmsLocaleId"] for loc in site["locales"]["secondary"] if loc["tag"] == "es-ES")
        r = cb.post(f"{items}/bulk", json={"cmsLocaleIds": [es],
                                           "fieldData": {"name": "Dos", "slug": "dos"}})
        assert r.status_code == 202, r.text

        # A revoked token through A: B refuses it at once.
        token = admin_a.post("/tokens", json={"siteId": world.site_id, "scopes": "all"}).json()
        cb_new = _client(b.url, token["token"])
        assert cb_new.get(items).status_code == 200
        assert admin_a.request("DELETE", f"/tokens/{token['id']}", json={}).status_code == 200
        assert cb_new.get(items).status_code == 401

        # A deleted collection through A: B answers 404.
        assert ca.delete(f"/collections/{coll['id']}").status_code == 204
        assert cb.get(items).status_code == 404
        for c in (admin_a, ca, cb, cb_new):
            c.close()
