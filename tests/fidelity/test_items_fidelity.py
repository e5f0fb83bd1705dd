"""Issue 16: CMS fidelity. insert-items (documented, not in the spec), locale variants in the 100-entry
limit, empty and unknown locale ids, publishing by itemIds (primary only) and an empty itemIds list."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.wire import ZERO_ID, err
from tests.support.world import FULL, READ_ONLY, World


@pytest.fixture
def coll(world: World) -> str:
    c = world.create_collection({"displayName": "Posts", "singularName": "Post",
                                 "fields": [{"type": "PlainText", "displayName": "Summary"}]})
    return str(c["id"])


def _items(world: World, cid: str, locale: str, stage: str = "") -> list[dict[str, Any]]:
    r = world.http().get(f"/collections/{cid}/items{stage}", params={"cmsLocaleId": locale})
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


# -- POST /collections/{id}/items/insert -----------------------------------------------------------
def test_insert_creates_staged_drafts_in_primary_chosen_and_all_locales(world: World, coll: str) -> None:
    r = world.http().post(f"/collections/{coll}/items/insert", json={"items": [
        {"fieldData": {"name": "Primary", "slug": "primary"}},
        {"cmsLocaleIds": [world.fr, world.de], "fieldData": {"name": "Two", "slug": "two"}, "isDraft": False},
        {"cmsLocaleIds": "all", "fieldData": {"name": "All", "slug": "all"}},
    ]})
    assert r.status_code == 202, r.text
    items = r.json()["items"]
    assert [(i["fieldData"]["slug"], i["cmsLocaleId"]) for i in items] == [
        ("primary", world.en), ("two", world.fr), ("two", world.de),
        ("all", world.en), ("all", world.fr), ("all", world.de)]
    ids = [i["id"] for i in items]
    assert ids[1] == ids[2] and ids[3] == ids[4] == ids[5] and len({ids[0], ids[1], ids[3]}) == 3
    assert [i["isDraft"] for i in items] == [True, False, False, True, True, True]
    assert all(i["lastPublished"] is None for i in items)
    # Staged only: nothing live, and each locale lists its own variants.
    assert [i["fieldData"]["slug"] for i in _items(world, coll, world.en)] == ["primary", "all"]
    assert [i["fieldData"]["slug"] for i in _items(world, coll, world.fr)] == ["two", "all"]
    assert _items(world, coll, world.en, "/live") == []
    # The same operation under /beta.
    r = world.http(prefix="beta").post(f"/collections/{coll}/items/insert",
                                       json={"items": [{"fieldData": {"name": "B", "slug": "b"}}]})
    assert r.status_code == 202 and r.json()["items"][0]["cmsLocaleId"] == world.en


def test_insert_adds_locale_variants_to_an_existing_item(world: World, coll: str) -> None:
    c = world.http()
    first = c.post(f"/collections/{coll}/items", json={"fieldData": {"name": "Hello", "slug": "hello"}}).json()
    item_id = first["id"]
    r = c.get(f"/collections/{coll}/items/{item_id}", params={"cmsLocaleId": world.fr})
    err(r, 404, "resource_not_found")
    r = c.post(f"/collections/{coll}/items/insert", json={"items": [
        {"id": item_id, "cmsLocaleIds": [world.fr], "fieldData": {"name": "Bonjour", "slug": "bonjour"}}]})
    assert r.status_code == 202, r.text
    assert [(i["id"], i["cmsLocaleId"]) for i in r.json()["items"]] == [(item_id, world.fr)]
    fr = c.get(f"/collections/{coll}/items/{item_id}", params={"cmsLocaleId": world.fr}).json()
    assert fr["fieldData"]["name"] == "Bonjour"
    assert c.get(f"/collections/{coll}/items/{item_id}").json()["fieldData"]["name"] == "Hello"  # untouched
    # "all" adds only the locales the item lacks.
    r = c.post(f"/collections/{coll}/items/insert", json={"items": [
        {"id": item_id, "cmsLocaleIds": "all", "fieldData": {"name": "Hallo", "slug": "hallo"}}]})
    assert [i["cmsLocaleId"] for i in r.json()["items"]] == [world.de]
    # Publishing the item in every locale now works: they are one item.
    r = c.post(f"/collections/{coll}/items/publish",
               json={"items": [{"id": item_id, "cmsLocaleIds": [world.en, world.fr, world.de]}]})
    assert r.status_code == 202 and r.json() == {"publishedItemIds": [item_id], "errors": []}


def test_insert_refuses_bad_entries_and_changes_nothing(world: World, coll: str) -> None:
    c = world.http()
    item_id = c.post(f"/collections/{coll}/items", json={"fieldData": {"name": "A", "slug": "a"}}).json()["id"]
    url = f"/collections/{coll}/items/insert"
    before = _items(world, coll, world.en)
    err(c.post(url, json={"items": [{"id": item_id, "cmsLocaleIds": [world.en],
                                     "fieldData": {"name": "A2", "slug": "a2"}}]}), 400, "validation_error")
    err(c.post(url, json={"items": [{"id": item_id, "fieldData": {"name": "A2", "slug": "a2"}}]}),
        400, "validation_error")
    err(c.post(url, json={"items": [{"id": ZERO_ID, "cmsLocaleIds": [world.fr],
                                     "fieldData": {"name": "Z", "slug": "z"}}]}), 404, "resource_not_found")
    err(c.post(url, json={"items": [{"cmsLocaleIds": [ZERO_ID], "fieldData": {"name": "Z", "slug": "z"}}]}),
        400, "validation_error")
    err(c.post(url, json={"items": [{"fieldData": {"name": "Dup", "slug": "a"}}]}), 400, "validation_error")
    err(c.post(url, json={"items": []}), 400, "validation_error")
    err(c.post(url, json={"items": [{"fieldData": {"name": "x", "slug": "x"}, "bogus": 1}]}), 400, "validation_error")
    assert _items(world, coll, world.en) == before
    assert _items(world, coll, world.fr) == []
    # The scope the docs name: cms:write.
    err(world.http(READ_ONLY).post(url, json={"items": [{"fieldData": {"name": "R", "slug": "r"}}]}),
        403, "missing_scopes")


# -- the 100-entry limit counts locale variants ----------------------------------------------------
def test_bulk_limits_count_locale_variants(world: World, coll: str) -> None:
    c = world.http()
    three = [world.en, world.fr, world.de]
    many = [{"name": f"N{i}", "slug": f"n{i}"} for i in range(34)]  # 34 x 3 = 102 variants
    body = err(c.post(f"/collections/{coll}/items/bulk", json={"cmsLocaleIds": three, "fieldData": many}),
               400, "validation_error")
    assert "102" in body["details"][0]["description"]
    err(c.post(f"/collections/{coll}/items/insert",
               json={"items": [{"cmsLocaleIds": three, "fieldData": d} for d in many]}), 400, "validation_error")
    assert _items(world, coll, world.en) == []
    # 33 x 3 = 99 is within the limit.
    r = c.post(f"/collections/{coll}/items/bulk", json={"cmsLocaleIds": three, "fieldData": many[:33]})
    assert r.status_code == 202 and len(r.json()["items"]) == 99
    ids = sorted({i["id"] for i in r.json()["items"]})
    per_locale = [{"id": i, "cmsLocaleIds": three} for i in ids] + [{"id": ids[0], "cmsLocaleIds": three}]
    err(c.post(f"/collections/{coll}/items/publish", json={"items": per_locale[:34]}), 400, "validation_error")
    r = c.request("DELETE", f"/collections/{coll}/items", json={"items": per_locale[:34]})
    err(r, 400, "validation_error")
    assert len(_items(world, coll, world.fr)) == 33 and _items(world, coll, world.fr, "/live") == []


# -- empty and unknown locale ids ------------------------------------------------------------------
def test_empty_locale_id_is_primary_on_create_items_only(world: World, coll: str) -> None:
    c = world.http()
    r = c.post(f"/collections/{coll}/items/bulk", json={"cmsLocaleIds": [""], "fieldData": {"name": "E", "slug": "e"}})
    assert r.status_code == 202, r.text
    item = r.json()["items"][0]
    assert item["cmsLocaleId"] == world.en
    item_id = item["id"]
    # Elsewhere an empty id is an unknown one: 400, nothing changed.
    err(c.post(f"/collections/{coll}/items", json={"cmsLocaleId": "", "fieldData": {"name": "F", "slug": "f"}}),
        400, "validation_error")
    err(c.patch(f"/collections/{coll}/items/{item_id}", json={"cmsLocaleId": "", "fieldData": {"name": "G"}}),
        400, "validation_error")
    err(c.post(f"/collections/{coll}/items/publish", json={"items": [{"id": item_id, "cmsLocaleIds": [""]}]}),
        400, "validation_error")
    err(c.post(f"/collections/{coll}/items/bulk", json={"cmsLocaleIds": [ZERO_ID], "fieldData": {"name": "U",
                                                                                               "slug": "u"}}),
        400, "validation_error")
    assert [i["fieldData"]["name"] for i in _items(world, coll, world.en)] == ["E"]


# -- publishing --------------------------------------------------------------------------------------
def test_publish_by_item_ids_publishes_the_primary_locale_only(world: World, coll: str) -> None:
    sdk = world.sdk()
    created = world.http().post(f"/collections/{coll}/items/bulk", json={
        "cmsLocaleIds": [world.en, world.fr], "fieldData": {"name": "P", "slug": "p"}}).json()
    item_id = created["id"]
    res = sdk.collections.items.publish_item(coll, request={"itemIds": [item_id]})
    assert res.published_item_ids == [item_id]
    assert [i["cmsLocaleId"] for i in _items(world, coll, world.en, "/live")] == [world.en]
    assert _items(world, coll, world.fr, "/live") == []


def test_publishing_an_empty_item_ids_list_is_202_with_empty_results(world: World, coll: str) -> None:
    c = world.http()
    c.post(f"/collections/{coll}/items", json={"fieldData": {"name": "D", "slug": "d"}})
    r = c.post(f"/collections/{coll}/items/publish", json={"itemIds": []})
    assert r.status_code == 202 and r.json() == {"publishedItemIds": [], "errors": []}
    assert _items(world, coll, world.en, "/live") == []
    res = world.sdk().collections.items.publish_item(coll, request={"itemIds": []})
    assert res.published_item_ids == [] and res.errors == []


# -- routes: unknown, not served, Webflow's retired v1 ---------------------------------------------
def test_unknown_routes_and_v1_paths(world: World, coll: str) -> None:
    c = world.http(validate=False)
    # A typo under /v2: 404 resource_not_found, as Webflow answers an unknown route.
    body = err(c.get("/sitez"), 404, "resource_not_found")
    assert body["message"] == "Route not found"
    raw = httpx.Client(base_url=world.base, headers={"Authorization": f"Bearer {FULL}"})
    # v1 paths (no version prefix) say that v1 is not served, and name the v2 operation.
    body = err(raw.get("/sites"), 400, "unsupported_version")
    assert "v1" in body["message"] and "GET /v2/sites (list-sites)" in body["message"]
    body = err(raw.get(f"/collections/{coll}/items"), 400, "unsupported_version")
    assert f"GET /v2/collections/{coll}/items (list-collection-items)" in body["message"]
    body = err(raw.put(f"/collections/{coll}/items/{ZERO_ID}", json={}), 400, "unsupported_version")
    assert "PATCH /v2/collections" in body["message"] and "(update-item)" in body["message"]
    body = err(raw.get("/info"), 400, "unsupported_version")
    assert "/v2/token/introspect" in body["message"]
    # Any request with v1's accept-version header, wherever it goes outside /v2 and /beta.
    body = err(raw.get("/anything", headers={"accept-version": "1.0.0"}), 400, "unsupported_version")
    assert "v1" in body["message"]
    # Nothing was created by the v1 write.
    assert _items(world, coll, world.en) == []
    raw.close()


# -- rate-limit headers with no limit configured ---------------------------------------------------
def test_rate_limit_headers_count_down_and_agree_with_introspect(world: World) -> None:
    c = world.http()
    intro = c.get("/token/introspect")
    limit = intro.json()["authorization"]["rateLimit"]
    assert limit == 120 and intro.headers["x-ratelimit-limit"] == "120"
    seen = [int(c.get("/sites").headers["x-ratelimit-remaining"]) for _ in range(3)]
    # Counting down within the minute (other tests may share the token and the minute: strictly less each time).
    assert seen[0] > seen[1] > seen[2] and 0 <= seen[2] < limit
    # Per token: another token's count is its own.
    other = int(world.http(READ_ONLY).get("/sites").headers["x-ratelimit-remaining"])
    assert other <= limit - 1
    # Not enforced: well past the count, requests still succeed (remaining stays at 0).
    r = None
    for _ in range(limit + 1 - (limit - seen[2])):
        r = c.get(f"/sites/{world.site_id}")
    assert r is not None and r.status_code == 200 and r.headers["x-ratelimit-remaining"] == "0"


# -- unset optional keys are explicit null ---------------------------------------------------------
def test_responses_carry_every_key_their_schema_lists(world: World, coll: str) -> None:
    """Walks the response schema of the read operations of the CMS, sites, token and webhook families on a
    small world and fails on a key the spec lists that the answer leaves out."""
    from tests.support import spec_check

    if not spec_check.available():
        pytest.skip("the spec files are not beside the clone")
    c = world.http()
    item = c.post(f"/collections/{coll}/items/bulk", json={"cmsLocaleIds": [world.en, world.fr],
                                                           "fieldData": {"name": "K", "slug": "k"}}).json()
    c.post(f"/sites/{world.site_id}/webhooks", json={"triggerType": "collection_item_created",
                                                     "url": "https://example.com/hook"})
    paths = [
        "/sites", f"/sites/{world.site_id}", f"/sites/{world.site_id}/collections", f"/collections/{coll}",
        f"/collections/{coll}/items", f"/collections/{coll}/items/{item['id']}", "/token/introspect",
        f"/sites/{world.site_id}/webhooks", f"/sites/{world.site_id}/custom_domains",
    ]
    problems: dict[str, list[str]] = {}
    for path in paths:
        r = c.get(path)
        assert r.status_code == 200, (path, r.text)
        missing = spec_check.missing_in_response("GET", f"/v2{path}", 200, r.json())
        if missing:
            problems[path] = missing
    assert not problems, problems
