"""Site configuration and management: redirects, Google tags, robots.txt, well-known files, llms.txt (beta),
create/update/delete site and the site plan; Enterprise-only operations answer 403 on other plans."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from webflow.core.api_error import ApiError
from webflow.types.robots_rules_item import RobotsRulesItem

from tests.support.wire import ZERO_ID, err
from tests.support.world import FULL, OTHER_SITE, READ_ONLY, WORKSPACE, World

STARTER = "5" * 64  # a site token of a site on a starter workspace
STARTER_WS = "6" * 64  # that workspace's token


def counts(database_url: str) -> dict[str, int]:
    """Rows of every table: "nothing changed"."""
    from sqlalchemy import func, select

    from webflow_local.db.engine import make_oneshot_engine
    from webflow_local.runtime import all_tables

    engine = make_oneshot_engine(database_url)
    try:
        with engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in all_tables()
                    if not t.info.get("not_state")}
    finally:
        engine.dispose()


def config(world: World, site_id: str | None = None) -> dict[str, Any]:
    """What is stored, as the control plane shows it."""
    r = world.admin().get(f"/sites/{site_id or world.site_id}/config")
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


@pytest.fixture
def starter(world: World) -> Iterator[dict[str, Any]]:
    """A workspace on the starter plan with one site."""
    r = world.admin().post("/seed", json={"workspaces": [{
        "displayName": "Small", "slug": "small", "plan": "starter",
        "tokens": [{"value": STARTER_WS, "scopes": "all"}],
        "sites": [{"displayName": "Small Site", "tokens": [{"value": STARTER, "scopes": "all"}]}],
    }]})
    assert r.status_code == 201, r.text
    yield {"site_id": r.json()["sites"][0]["id"], "workspace_id": r.json()["workspaces"][0]["id"]}


# -- redirects ---------------------------------------------------------------------------------------
def test_redirects_crud_with_the_sdk(world: World) -> None:
    sdk = world.sdk().sites.redirects
    assert sdk.list(world.site_id).redirects == []
    a = sdk.create(world.site_id, from_url="/mostly-harmless", to_url="/earth")
    b = sdk.create(world.site_id, from_url="/babel-fish", to_url="https://example.com/translate")
    assert a.id and len(a.id) == 24 and a.from_url == "/mostly-harmless" and a.to_url == "/earth"
    listed = sdk.list(world.site_id)
    assert [r.id for r in listed.redirects or []] == [a.id, b.id]
    assert listed.pagination is not None and listed.pagination.total == 2

    changed = sdk.update(world.site_id, a.id, to_url="/heart-of-gold")
    assert changed.id == a.id and changed.from_url == "/mostly-harmless" and changed.to_url == "/heart-of-gold"
    assert b.id is not None
    left = sdk.delete(world.site_id, b.id)
    assert [(r.id, r.to_url) for r in left.redirects or []] == [(a.id, "/heart-of-gold")]
    assert left.pagination is not None and left.pagination.total == 1
    assert config(world)["redirects"] == [{"id": a.id, "fromUrl": "/mostly-harmless", "toUrl": "/heart-of-gold"}]
    # A second site's redirects are its own.
    assert world.http(OTHER_SITE).get(f"/sites/{world.other_site_id}/redirects").json()["redirects"] == []


def test_redirect_paging(world: World) -> None:
    c = world.http()
    for i in range(3):
        assert c.post(f"/sites/{world.site_id}/redirects", json={"fromUrl": f"/a{i}", "toUrl": "/b"}).status_code == 200
    page = c.get(f"/sites/{world.site_id}/redirects", params={"offset": 1, "limit": 1}).json()
    assert [r["fromUrl"] for r in page["redirects"]] == ["/a1"]
    assert page["pagination"] == {"limit": 1, "offset": 1, "total": 3}


def test_redirect_errors_change_nothing(world: World, database_url: str) -> None:
    c = world.http()
    url = f"/sites/{world.site_id}/redirects"
    made = c.post(url, json={"fromUrl": "/old", "toUrl": "/new"}).json()
    before = counts(database_url)
    for body, param in [({"fromUrl": "old", "toUrl": "/new"}, "fromUrl"),
                        ({"fromUrl": "/a b", "toUrl": "/new"}, "fromUrl"),
                        ({"fromUrl": "/a\n", "toUrl": "/new"}, "fromUrl"),
                        ({"fromUrl": "/x", "toUrl": "ftp://host/x"}, "toUrl"),
                        ({"fromUrl": "/x", "toUrl": "/x"}, "toUrl"),
                        ({"fromUrl": "/old", "toUrl": "/elsewhere"}, "fromUrl"),
                        ({"toUrl": "/new"}, "fromUrl"),
                        ({"fromUrl": "/x", "toUrl": "/y", "extra": 1}, "extra"),
                        ({"fromUrl": "/x" * 1025, "toUrl": "/y"}, "fromUrl")]:
        b = err(c.post(url, json=body), 400, "validation_error")
        assert b["details"][0]["param"] == param, (body, b)
    err(c.post(url, content=b"{nope", headers={"content-type": "application/json"}), 400, "bad_request")
    err(c.patch(f"{url}/{made['id']}", json={"toUrl": None}), 400, "validation_error")
    err(c.patch(f"{url}/{made['id']}", json={"id": None}), 400, "validation_error")
    err(c.patch(f"{url}/{made['id']}", json={"fromUrl": "/old", "toUrl": "/old"}), 400, "validation_error")
    err(c.patch(f"{url}/{ZERO_ID}", json={"toUrl": "/z"}), 404, "resource_not_found")
    err(c.delete(f"{url}/{ZERO_ID}"), 404, "resource_not_found")
    err(c.delete(f"{url}/not-an-id"), 400, "validation_error")
    # Another site's redirect is not found under this site; its token may not touch this site.
    err(c.delete(f"/sites/{world.other_site_id}/redirects/{made['id']}", headers={}), 403, "forbidden")
    other = world.http(OTHER_SITE)
    err(other.delete(f"/sites/{world.other_site_id}/redirects/{made['id']}"), 404, "resource_not_found")
    err(other.patch(f"{url}/{made['id']}", json={"toUrl": "/z"}), 403, "forbidden")
    err(world.http(READ_ONLY).post(url, json={"fromUrl": "/x", "toUrl": "/y"}), 403, "missing_scopes")
    assert counts(database_url) == before
    # Changing only toUrl keeps its own fromUrl (no duplicate with itself).
    r = c.patch(f"{url}/{made['id']}", json={"toUrl": "/newer", "id": "ignored"})
    assert r.status_code == 200 and r.json() == {"id": made["id"], "fromUrl": "/old", "toUrl": "/newer"}


# -- Google tags -------------------------------------------------------------------------------------
def test_google_tags_upsert_order_and_delete(world: World) -> None:
    c = world.http()
    url = f"/sites/{world.site_id}/integrations/google_tags"
    assert c.get(url).json() == {"googleTagIds": []}
    r = c.patch(url, json={"googleTagIds": [{"tagId": "G-MAIN123", "displayName": "Main"},
                                            {"tagId": "AW-ADS456", "displayName": "Ads"}]})
    assert r.status_code == 200, r.text
    assert r.json()["googleTagIds"] == [{"tagId": "G-MAIN123", "displayName": "Main", "order": 0},
                                        {"tagId": "AW-ADS456", "displayName": "Ads", "order": 1}]
    # Existing tags not named are kept; a named one is renamed; a new one goes last unless given an order.
    r = c.patch(url, json={"googleTagIds": [{"tagId": "AW-ADS456", "displayName": "Adverts"},
                                            {"tagId": "GT-TAG789", "displayName": "Tag"},
                                            {"tagId": "DC-FLOOD1", "displayName": "Flood", "order": 0}]})
    assert [(t["tagId"], t["displayName"], t["order"]) for t in r.json()["googleTagIds"]] == [
        ("DC-FLOOD1", "Flood", 0), ("G-MAIN123", "Main", 1), ("AW-ADS456", "Adverts", 2), ("GT-TAG789", "Tag", 3)]
    # Deleting one renumbers the rest and answers them.
    r = c.delete(f"{url}/G-MAIN123")
    assert r.status_code == 200
    assert [(t["tagId"], t["order"]) for t in r.json()["googleTagIds"]] == [
        ("DC-FLOOD1", 0), ("AW-ADS456", 1), ("GT-TAG789", 2)]
    assert c.get(url).json() == r.json() and config(world)["googleTagIds"] == r.json()["googleTagIds"]
    err(c.delete(f"{url}/G-MAIN123"), 404, "resource_not_found")
    err(c.delete(f"{url}/UA-12345"), 404, "resource_not_found")
    r = c.delete(url)
    assert r.status_code == 204 and r.content == b""
    assert c.get(url).json() == {"googleTagIds": []}


def test_google_tag_limits_and_pattern(world: World, database_url: str) -> None:
    c = world.http()
    url = f"/sites/{world.site_id}/integrations/google_tags"
    tags = [{"tagId": f"G-TAG{i:03}", "displayName": f"T{i}"} for i in range(25)]
    assert len(c.patch(url, json={"googleTagIds": tags}).json()["googleTagIds"]) == 25
    before = counts(database_url)
    b = err(c.patch(url, json={"googleTagIds": [{"tagId": "G-ONEMORE", "displayName": "26th"}]}), 400,
            "validation_error")
    assert b["details"][0]["param"] == "googleTagIds"
    err(c.patch(url, json={"googleTagIds": [{"tagId": f"G-X{i:03}", "displayName": "x"} for i in range(26)]}),
        400, "validation_error")
    for bad in ["UA-1234567", "ua-1234567", "G-12", "GTAG-12345", "G_12345", "", "G-12345\n"]:
        b = err(c.patch(url, json={"googleTagIds": [{"tagId": bad, "displayName": "Bad"}]}), 400, "validation_error")
        assert b["details"][0]["param"] == "googleTagIds.0.tagId", b
    err(c.patch(url, json={"googleTagIds": [{"tagId": "G-TAG000", "displayName": "a"},
                                            {"tagId": "G-TAG000", "displayName": "b"}]}), 400, "validation_error")
    err(c.patch(url, json={"googleTagIds": [{"tagId": "G-TAG000"}]}), 400, "validation_error")
    for order in [-1, 1.5, "1", True]:
        err(c.patch(url, json={"googleTagIds": [{"tagId": "G-TAG000", "displayName": "a", "order": order}]}), 400,
            "validation_error")
    err(c.patch(url, json={}), 400, "validation_error")
    assert counts(database_url) == before
    # Renaming one of the 25 is fine.
    r = c.patch(url, json={"googleTagIds": [{"tagId": "G-TAG003", "displayName": "Renamed", "order": 24.0}]})
    assert r.json()["googleTagIds"][24] == {"tagId": "G-TAG003", "displayName": "Renamed", "order": 24}


# -- robots.txt --------------------------------------------------------------------------------------
def test_robots_txt_put_patch_delete(world: World) -> None:
    sdk = world.sdk().sites.robots_txt
    empty = sdk.get(world.site_id)
    assert empty.rules == [] and empty.sitemap is None
    put = sdk.put(world.site_id, rules=[
        RobotsRulesItem(user_agent="googlebot", allows=["/public"], disallows=["/vogon-poetry"]),
        RobotsRulesItem(user_agent="*", disallows=["/bubbles"]),
    ], sitemap="https://heartofgold.ship/sitemap.xml")
    assert [(r.user_agent, r.allows, r.disallows) for r in put.rules or []] == [
        ("googlebot", ["/public"], ["/vogon-poetry"]), ("*", [], ["/bubbles"])]
    assert put.sitemap == "https://heartofgold.ship/sitemap.xml"
    # PATCH merges per user agent: googlebot's disallows replaced (allows kept), bingbot added, * untouched.
    patched = sdk.patch(world.site_id, rules=[RobotsRulesItem(user_agent="googlebot", disallows=["/checkout"]),
                                              RobotsRulesItem(user_agent="bingbot", allows=["/"])])
    assert [(r.user_agent, r.allows, r.disallows) for r in patched.rules or []] == [
        ("googlebot", ["/public"], ["/checkout"]), ("*", [], ["/bubbles"]), ("bingbot", ["/"], [])]
    assert patched.sitemap == "https://heartofgold.ship/sitemap.xml"
    # DELETE removes listed paths; an agent listed without paths goes entirely.
    left = sdk.delete(world.site_id, rules=[RobotsRulesItem(user_agent="googlebot", allows=["/public"]),
                                            RobotsRulesItem(user_agent="bingbot")])
    assert [(r.user_agent, r.allows, r.disallows) for r in left.rules or []] == [
        ("googlebot", [], ["/checkout"]), ("*", [], ["/bubbles"])]
    assert sdk.get(world.site_id) == left
    stored = config(world)["robotsTxt"]
    assert stored["sitemap"] == "https://heartofgold.ship/sitemap.xml" and len(stored["rules"]) == 2
    # PUT replaces everything: no sitemap given, none kept (left out of the answer).
    r = world.http().put(f"/sites/{world.site_id}/robots_txt", json={"rules": []})
    assert r.status_code == 200 and r.json() == {"rules": []}
    r = world.http().patch(f"/sites/{world.site_id}/robots_txt", json={"sitemap": "https://x.test/s.xml"})
    assert r.json() == {"rules": [], "sitemap": "https://x.test/s.xml"}
    r = world.http().request("DELETE", f"/sites/{world.site_id}/robots_txt", json={"sitemap": "https://x.test/s.xml"})
    assert r.status_code == 200 and r.json() == {"rules": []}


def test_robots_txt_bad_input(world: World, database_url: str) -> None:
    c = world.http()
    url = f"/sites/{world.site_id}/robots_txt"
    c.put(url, json={"rules": [{"userAgent": "*", "disallows": ["/a"]}]})
    before = counts(database_url)
    for body in [{"rules": [{"allows": ["/"]}]}, {"rules": [{"userAgent": ""}]}, {"rules": "x"},
                 {"sitemap": None}, {"rules": None},
                 {"rules": [{"userAgent": "a", "allows": [1]}]}, {"rules": [], "other": 1},
                 {"rules": [{"userAgent": "a", "allows": None}]}]:
        err(c.put(url, json=body), 400, "validation_error")
        err(c.patch(url, json=body), 400, "validation_error")
    assert counts(database_url) == before
    assert config(world)["robotsTxt"]["rules"] == [{"userAgent": "*", "allows": [], "disallows": ["/a"]}]
    # An agent listed twice gets the paths of both.
    r = c.put(url, json={"rules": [{"userAgent": "a", "allows": ["/x"]}, {"userAgent": "a", "disallows": ["/y"]},
                                   {"userAgent": "a", "allows": ["/x", "/z"]}]})
    assert r.json() == {"rules": [{"userAgent": "a", "allows": ["/x", "/z"], "disallows": ["/y"]}]}


# -- well-known files --------------------------------------------------------------------------------
def test_well_known_files(world: World) -> None:
    sdk = world.sdk().sites.well_known
    sdk.put(world.site_id, file_name="apple-app-site-association.noext.txt", file_data='{"applinks": {}}')
    sdk.put(world.site_id, file_name="security.txt", file_data="Contact: a@b.test", content_type="text/plain")
    r = world.http().put(f"/sites/{world.site_id}/well_known", json={"fileName": "security.txt",
                                                                     "fileData": "Contact: c@d.test"})
    assert r.status_code == 201
    files = {f["fileName"]: f for f in config(world)["wellKnown"]}
    assert set(files) == {"apple-app-site-association", "security.txt"}
    assert files["apple-app-site-association"]["contentType"] == "application/json"
    assert files["security.txt"]["fileData"] == "Contact: c@d.test"
    assert files["security.txt"]["contentType"] == "application/json"  # the default, when left out
    sdk.delete(world.site_id, file_names=["apple-app-site-association", "never-there.txt"])
    assert [f["fileName"] for f in config(world)["wellKnown"]] == ["security.txt"]
    r = world.http().request("DELETE", f"/sites/{world.site_id}/well_known", json={"fileNames": ["security.txt"]})
    assert r.status_code == 204 and r.content == b""
    assert config(world)["wellKnown"] == []


def test_well_known_limits(world: World, database_url: str) -> None:
    c = world.http()
    url = f"/sites/{world.site_id}/well_known"
    for i in range(29):
        assert c.put(url, json={"fileName": f"f{i}.json", "fileData": "{}"}).status_code == 201
    before = counts(database_url)
    cases = [
        ({"fileName": "f29.json", "fileData": "{}"}, "fileName"),  # the 30th file
        ({"fileName": "big.txt", "fileData": "x" * (100 * 1024)}, "fileData"),
        ({"fileName": "page.html", "fileData": "x"}, "fileName"),
        ({"fileName": "a.noext.html", "fileData": "x"}, "fileName"),
        ({"fileName": "../etc/passwd", "fileData": "x"}, "fileName"),
        ({"fileName": "a.txt\n", "fileData": "x"}, "fileName"),
        ({"fileName": "a.b.json", "fileData": "x"}, "fileName"),
        ({"fileName": "a.txt", "fileData": "x", "contentType": "text/html"}, "contentType"),
        ({"fileName": "a.txt"}, "fileData"),
    ]
    for body, param in cases:
        b = err(c.put(url, json=body), 400, "validation_error")
        assert b["details"][0]["param"] == param, (body, b)
    err(c.request("DELETE", url, json={"fileNames": []}), 400, "validation_error")
    err(c.request("DELETE", url, json={}), 400, "validation_error")
    assert counts(database_url) == before
    # Replacing an existing file is not a new one; just under 100 KB is fine.
    assert c.put(url, json={"fileName": "f0.json", "fileData": "x" * (100 * 1024 - 1)}).status_code == 201


# -- llms.txt (beta) ---------------------------------------------------------------------------------
def test_llms_txt(world: World) -> None:
    beta = world.http(prefix="beta")
    url = f"/sites/{world.site_id}/llms_txt"
    assert beta.get(url).json() == {"content": ""}
    r = beta.patch(url, json={"fileData": "# Test Site\n> About it\n"})
    assert r.status_code == 200 and r.json() == {"content": "# Test Site\n> About it\n"}
    assert beta.get(url).json() == r.json() and config(world)["llmsTxt"] == "# Test Site\n> About it\n"
    err(beta.patch(url, json={}), 400, "validation_error")
    err(beta.patch(url, json={"fileData": 5}), 400, "validation_error")
    assert beta.get(url).json() == r.json()
    r = beta.delete(url)
    assert r.status_code == 204 and beta.get(url).json() == {"content": ""} and config(world)["llmsTxt"] is None
    # Beta only.
    err(world.http(validate=False).get(url), 404, "resource_not_found")


# -- site management ---------------------------------------------------------------------------------
def test_create_update_plan_delete_site(world: World) -> None:
    sdk = world.sdk(WORKSPACE)
    made = sdk.sites.create(world.workspace_id, name="Hitchhiker's Guide", template_name="Megadodo")
    assert made.workspace_id == world.workspace_id and made.display_name == "Hitchhiker's Guide"
    assert made.short_name == "hitchhiker-s-guide" and made.last_published is None and made.parent_folder_id is None
    assert made.locales is not None and made.locales.primary is not None and made.locales.primary.tag == "en"
    assert (made.model_extra or {}).get("templateName") == "Megadodo"
    again = sdk.sites.create(world.workspace_id, name="Hitchhiker's Guide")
    assert again.short_name == "hitchhiker-s-guide-2"
    assert {s.id for s in sdk.sites.list().sites or []} == {world.site_id, world.other_site_id, made.id, again.id}

    folder = "a9c420f9347c2139b248e913"
    changed = sdk.sites.update(made.id, name="Guide", parent_folder_id=folder)
    assert changed.display_name == "Guide" and changed.parent_folder_id == folder
    assert changed.short_name == "hitchhiker-s-guide" and changed.created_on == made.created_on
    got = sdk.sites.get(made.id)
    assert got.display_name == "Guide" and got.parent_folder_id == folder
    r = world.http(WORKSPACE).patch(f"/sites/{made.id}", json={"parentFolderId": None})
    assert r.status_code == 200 and r.json()["parentFolderId"] is None and r.json()["displayName"] == "Guide"

    plan = sdk.sites.plans.get_site_plan(made.id)
    assert (plan.id, plan.name, plan.pricing_info) == ("hosting-business-v3", "Business Hosting",
                                                       "https://webflow.com/pricing")
    sdk.sites.delete(again.id)
    with pytest.raises(ApiError) as e:
        sdk.sites.get(again.id)
    assert e.value.status_code == 404


def test_create_site_errors(world: World, database_url: str) -> None:
    before = counts(database_url)
    ws = world.http(WORKSPACE)
    url = f"/workspaces/{world.workspace_id}/sites"
    # A site token may not create sites; another workspace's id is 404 / 403.
    err(world.http(FULL).post(url, json={"name": "x"}), 403, "forbidden")
    err(ws.post(f"/workspaces/{ZERO_ID}/sites", json={"name": "x"}), 404, "resource_not_found")
    err(ws.post("/workspaces/nope/sites", json={"name": "x"}), 400, "validation_error")
    for body in [{}, {"name": ""}, {"name": 5}, {"name": "x", "parentFolderId": "folder"},
                 {"name": "x", "templateName": None}, {"name": "x", "other": 1}]:
        err(ws.post(url, json=body), 400, "validation_error")
    err(ws.patch(f"/sites/{world.site_id}", json={"name": ""}), 400, "validation_error")
    err(ws.patch(f"/sites/{world.site_id}", json={"parentFolderId": "x"}), 400, "validation_error")
    err(ws.delete(f"/sites/{ZERO_ID}"), 404, "resource_not_found")
    err(world.http(OTHER_SITE).delete(f"/sites/{world.site_id}"), 403, "forbidden")
    assert counts(database_url) == before


def test_delete_site_takes_everything_with_it(world: World, database_url: str) -> None:
    c = world.http()
    coll = world.create_collection({"displayName": "Posts", "singularName": "Post"})
    item = c.post(f"/collections/{coll['id']}/items", json={"fieldData": {"name": "A", "slug": "a"}})
    assert item.status_code == 202, item.text
    hook = c.post(f"/sites/{world.site_id}/webhooks", json={"triggerType": "collection_item_created",
                                                            "url": "http://127.0.0.1:9/never"}).json()
    c.post(f"/collections/{coll['id']}/items", json={"fieldData": {"name": "B", "slug": "b"}})  # a pending delivery
    c.post(f"/sites/{world.site_id}/redirects", json={"fromUrl": "/a", "toUrl": "/b"})
    c.patch(f"/sites/{world.site_id}/integrations/google_tags",
            json={"googleTagIds": [{"tagId": "G-ABCDEF", "displayName": "A"}]})
    c.put(f"/sites/{world.site_id}/robots_txt", json={"rules": [{"userAgent": "*"}]})
    c.put(f"/sites/{world.site_id}/well_known", json={"fileName": "a.txt", "fileData": "a"})
    world.http(prefix="beta").patch(f"/sites/{world.site_id}/llms_txt", json={"fileData": "a"})
    before = counts(database_url)
    assert before["webhook_deliveries"] >= 1

    r = c.delete(f"/sites/{world.site_id}")  # a site token may delete its own site
    assert r.status_code == 204 and r.content == b""
    after = counts(database_url)
    for table in ["sites", "collections", "fields", "items", "webhooks", "site_redirects", "site_google_tags",
                  "site_robots_txt", "site_well_known_files", "site_llms_txt", "locales", "custom_domains"]:
        assert after[table] < before[table] or before[table] == 0, table
    for table in ["webhooks", "webhook_deliveries", "site_redirects", "site_google_tags", "site_robots_txt",
                  "site_well_known_files", "site_llms_txt", "collections"]:
        assert after[table] == 0, table
    assert after["tokens"] == before["tokens"] - 3  # the site's three tokens
    # Its tokens are gone: 401. The other site is untouched.
    err(world.http(FULL).get("/sites"), 401, "not_authorized")
    ws = world.http(WORKSPACE)
    assert [s["id"] for s in ws.get("/sites").json()["sites"]] == [world.other_site_id]
    err(ws.get(f"/collections/{coll['id']}"), 404, "resource_not_found")
    err(ws.get(f"/webhooks/{hook['id']}"), 404, "resource_not_found")
    err(ws.get(f"/sites/{world.site_id}"), 404, "resource_not_found")
    assert world.admin().get(f"/sites/{world.site_id}/config").status_code == 404


# -- Enterprise only ---------------------------------------------------------------------------------
ENTERPRISE_OPS = [
    ("v2", "GET", "/sites/{s}/redirects", None),
    ("v2", "POST", "/sites/{s}/redirects", {"fromUrl": "/a", "toUrl": "/b"}),
    ("v2", "PATCH", "/sites/{s}/redirects/" + ZERO_ID, {"toUrl": "/b"}),
    ("v2", "DELETE", "/sites/{s}/redirects/" + ZERO_ID, None),
    ("v2", "GET", "/sites/{s}/robots_txt", None),
    ("v2", "PUT", "/sites/{s}/robots_txt", {"rules": []}),
    ("v2", "PATCH", "/sites/{s}/robots_txt", {"rules": []}),
    ("v2", "DELETE", "/sites/{s}/robots_txt", {"rules": []}),
    ("v2", "PUT", "/sites/{s}/well_known", {"fileName": "a.txt", "fileData": "a"}),
    ("v2", "DELETE", "/sites/{s}/well_known", {"fileNames": ["a.txt"]}),
    ("beta", "GET", "/sites/{s}/llms_txt", None),
    ("beta", "PATCH", "/sites/{s}/llms_txt", {"fileData": "a"}),
    ("beta", "DELETE", "/sites/{s}/llms_txt", None),
    ("v2", "PATCH", "/sites/{s}", {"name": "Renamed"}),
    ("v2", "DELETE", "/sites/{s}", None),
    ("v2", "GET", "/sites/{s}/plan", None),
]


@pytest.mark.parametrize(("prefix", "method", "path", "body"), ENTERPRISE_OPS,
                         ids=[f"{m} {p}" for _, m, p, _ in ENTERPRISE_OPS])
def test_enterprise_only_operations_are_403_on_other_plans(world: World, starter: dict[str, Any],
                                                           database_url: str, prefix: str, method: str, path: str,
                                                           body: dict[str, Any] | None) -> None:
    before = counts(database_url)
    url = path.replace("{s}", starter["site_id"])
    for token in (STARTER, STARTER_WS):
        b = err(world.http(token, prefix=prefix).request(method, url, json=body), 403, "forbidden")
        assert "Enterprise" in b["message"]
        # A bad body does not change the answer: the plan is checked first.
        if body is not None:
            err(world.http(token, prefix=prefix).request(method, url, json={"bad": 1}), 403, "forbidden")
    assert counts(database_url) == before


def test_create_site_needs_enterprise(world: World, starter: dict[str, Any], database_url: str) -> None:
    before = counts(database_url)
    b = err(world.http(STARTER_WS).post(f"/workspaces/{starter['workspace_id']}/sites", json={"name": "x"}), 403,
            "forbidden")
    assert "Enterprise" in b["message"]
    with pytest.raises(ApiError) as e:
        world.sdk(STARTER_WS).sites.create(starter["workspace_id"], name="x")
    assert e.value.status_code == 403
    # A token of another workspace may not create sites in it.
    err(world.http(WORKSPACE).post(f"/workspaces/{starter['workspace_id']}/sites", json={"name": "x"}), 403,
        "forbidden")
    assert counts(database_url) == before


def test_google_tags_work_on_every_plan(world: World, starter: dict[str, Any]) -> None:
    c = world.http(STARTER)
    url = f"/sites/{starter['site_id']}/integrations/google_tags"
    r = c.patch(url, json={"googleTagIds": [{"tagId": "G-SMALL1", "displayName": "Small"}]})
    assert r.status_code == 200 and r.json()["googleTagIds"][0]["order"] == 0
    assert c.get(url).json() == r.json()
    assert c.delete(f"{url}/G-SMALL1").json() == {"googleTagIds": []}
    assert c.delete(url).status_code == 204


def test_admin_config_route(world: World) -> None:
    admin = world.admin()
    r = admin.get(f"/sites/{world.site_id}/config")
    assert r.json() == {"siteId": world.site_id, "redirects": [], "googleTagIds": [],
                        "robotsTxt": {"rules": [], "sitemap": None}, "wellKnown": [], "llmsTxt": None}
    assert admin.get(f"/sites/{ZERO_ID}/config").status_code == 404
    assert admin.get("/sites/nope/config").status_code == 400
