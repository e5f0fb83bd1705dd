"""Pages: control-plane and seed-file pages, list/get per locale, settings updates with the slug rules, the beta
bulk metadata update, static content per locale, webhooks, and the site publish."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from webflow.core.api_error import ApiError

from tests.support.wire import ZERO_ID, err
from tests.support.world import FULL, OTHER_SITE, World

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
NOT_SECONDARY = "Bad Request: Request is malformed: The provided locale must be a secondary locale."


# -- helpers -----------------------------------------------------------------------------------------------
def locale_ids(world: World) -> dict[str, str]:
    """Site locale ids (what `localeId` takes) by tag."""
    locs = [world.site["locales"]["primary"], *world.site["locales"]["secondary"]]
    return {loc["tag"]: loc["id"] for loc in locs}


def make_page(world: World, site_id: str | None = None, **body: Any) -> dict[str, Any]:
    r = world.admin().post(f"/sites/{site_id or world.site_id}/pages", json=body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def state(world: World, page_id: str) -> dict[str, Any]:
    """What a page reads in every locale, metadata and content."""
    c = world.http()
    out = {}
    for tag, loc in locale_ids(world).items():
        meta = c.get(f"/pages/{page_id}", params={"localeId": loc}).json()
        meta.pop("localeId")
        out[tag] = {"meta": meta, "dom": c.get(f"/pages/{page_id}/dom", params={"localeId": loc}).json()}
    return out


NODES = [
    {"type": "text", "html": "<h1>About us</h1>", "locales": {"fr-FR": {"html": "<h1>À propos</h1>"}}},
    {"type": "text", "html": "<div><h3>Hello</h3><p>We build.</p></div>", "attributes": {"data-x": "1"}},
    {"type": "image", "image": {"alt": "Team", "assetId": "659595234426a9fcbad57043"}},
    {"type": "component-instance", "componentId": "e3410077-d7db-43e6-8889-0d7f61184424",
     "propertyOverrides": [{"label": "Catchphrase", "type": "Plain Text", "text": "Don't Panic!"},
                           {"label": "Tagline", "type": "Rich Text", "text": "<p>Towels</p>"}]},
    {"type": "text-input", "placeholder": "Your name"},
    {"type": "select", "choices": [{"value": "a", "text": "A"}, {"value": "b", "text": "B"}]},
    {"type": "submit-button", "value": "Send", "waitingText": "Sending..."},
    {"type": "search-button", "value": "Search"},
]


# -- creation, list and get -----------------------------------------------------------------------------
def test_pages_from_the_control_plane_list_and_get_through_the_sdk(world: World) -> None:
    home = make_page(world, title="Home")
    about = make_page(world, title="About", seo={"title": "About Acme", "description": "Who we are"},
                      locales={"fr-FR": {"title": "À propos"}})
    team = make_page(world, title="Team", parent="about", draft=True)
    assert home["slug"] == "index" and about["slug"] == "about" and team["parentId"] == about["id"]
    assert about["seo"] == {"title": "About Acme", "description": "Who we are"}
    assert about["openGraph"] == {"title": "About Acme", "titleCopied": True, "description": "Who we are",
                                  "descriptionCopied": True}
    assert about["collectionId"] is None and about["publishedPath"] is None and about["localeId"] is None

    client = world.sdk()
    listed = client.pages.list(world.site_id)
    assert [p.id for p in listed.pages or []] == [home["id"], about["id"], team["id"]]
    assert listed.pagination and listed.pagination.total == 3
    assert [p.draft for p in listed.pages or []] == [False, False, True]

    fr = locale_ids(world)["fr-FR"]
    page = client.pages.get_metadata(about["id"], locale_id=fr)
    assert page.title == "À propos" and page.slug == "about" and page.locale_id == fr
    assert page.seo and page.seo.title == "About Acme"  # not written in fr-FR: the primary's value
    de = client.pages.get_metadata(about["id"], locale_id=locale_ids(world)["de-DE"])
    assert de.title == "About"

    c = world.http()
    r = c.get(f"/sites/{world.site_id}/pages", params={"limit": 2, "offset": 1})
    assert [p["id"] for p in r.json()["pages"]] == [about["id"], team["id"]]
    assert r.json()["pagination"] == {"limit": 2, "offset": 1, "total": 3}
    by_locale = c.get(f"/sites/{world.site_id}/pages", params={"localeId": fr}).json()["pages"]
    assert [p["title"] for p in by_locale] == ["Home", "À propos", "Team"]
    assert {p["localeId"] for p in by_locale} == {fr}
    # The other site has none; beta serves the same list, with its sort options.
    assert c.get(f"/sites/{world.other_site_id}/pages", headers={"Authorization": f"Bearer {OTHER_SITE}"}).json()[
        "pages"] == []
    beta = world.http(prefix="beta").get(f"/sites/{world.site_id}/pages", params={"sortOrder": "desc"}).json()
    assert [p["id"] for p in beta["pages"]] == [team["id"], about["id"], home["id"]]


def test_page_lookups_fail_like_webflow(world: World) -> None:
    about = make_page(world, title="About")
    c = world.http()
    err(c.get(f"/pages/{ZERO_ID}"), 404, "resource_not_found")
    err(c.get("/pages/not-an-id"), 400, "validation_error")
    err(c.get(f"/pages/{about['id']}", params={"localeId": world.fr}), 400, "validation_error")  # a cmsLocaleId
    err(c.get(f"/sites/{world.site_id}/pages", params={"limit": "x"}), 400, "validation_error")
    err(world.http(prefix="beta").get(f"/sites/{world.site_id}/pages", params={"sortBy": "title"}), 400,
        "validation_error")
    err(world.http(OTHER_SITE).get(f"/pages/{about['id']}"), 403, "forbidden")
    beta = world.http(prefix="beta")
    err(beta.get(f"/pages/{about['id']}/dom", params={"withBindings": "maybe"}), 400, "validation_error")
    assert beta.get(f"/pages/{about['id']}/dom", params={"withBindings": "true"}).json()["nodes"] == []
    with pytest.raises(ApiError) as e:
        world.sdk().pages.get_metadata(ZERO_ID)
    assert e.value.status_code == 404


# -- settings -------------------------------------------------------------------------------------------
def test_update_settings_per_locale(world: World) -> None:
    about = make_page(world, title="About", seo={"title": "About", "description": "D"})
    client = world.sdk()
    updated = client.pages.update_page_settings(
        about["id"], title="About Acme", slug="about-acme", seo={"title": "SEO", "description": "Desc"},
        open_graph={"title": "OG title"})
    assert updated.title == "About Acme" and updated.slug == "about-acme"
    assert updated.seo and updated.seo.title == "SEO"
    assert updated.open_graph and updated.open_graph.title == "OG title" and updated.open_graph.title_copied is False
    assert updated.open_graph.description == "Desc" and updated.open_graph.description_copied is True

    ids = locale_ids(world)
    fr = client.pages.update_page_settings(about["id"], locale_id=ids["fr-FR"], title="À propos",
                                           slug="a-propos", seo={"description": "Qui"})
    assert fr.title == "À propos" and fr.slug == "a-propos" and fr.locale_id == ids["fr-FR"]
    assert fr.seo and fr.seo.title == "SEO" and fr.seo.description == "Qui"
    got = state(world, about["id"])
    assert got["en"]["meta"]["title"] == "About Acme" and got["en"]["meta"]["slug"] == "about-acme"
    assert got["de-DE"]["meta"]["title"] == "About Acme" and got["de-DE"]["meta"]["seo"]["description"] == "Desc"
    assert got["fr-FR"]["meta"]["slug"] == "a-propos"
    assert got["en"]["meta"]["lastUpdated"] >= about["lastUpdated"]


def test_settings_slug_rules(world: World) -> None:
    home = make_page(world, title="Home")
    make_page(world, title="Contact")
    about = make_page(world, title="About")
    coll = world.create_collection({"displayName": "Blog Posts", "singularName": "Blog Post"})
    template = make_page(world, title="Blog Posts Template", collection="blog-posts")
    assert template["collectionId"] == coll["id"]
    c = world.http()
    # Home, template and utility pages keep their slug; the rest of the request applies.
    for page in (home, template, make_page(world, title="404", utility=True)):
        r = c.put(f"/pages/{page['id']}", json={"slug": "moved", "title": "Renamed"})
        assert r.status_code == 200, r.text
        assert r.json()["slug"] == page["slug"] and r.json()["title"] == "Renamed"
    before = state(world, about["id"])
    for body in ({"slug": "Not A Slug"}, {"slug": "contact"}, {"slug": ""}, {"title": ""}, {"title": None},
                 {"seo": {"title": 3}}, {"unknown": 1}):
        err(c.put(f"/pages/{about['id']}", json=body), 400, "validation_error")
    err(c.put(f"/pages/{about['id']}", params={"localeId": ZERO_ID}, json={"title": "x"}), 400, "validation_error")
    assert state(world, about["id"]) == before
    # A child page may reuse a slug of the top level.
    child = make_page(world, title="Contact", parent="about")
    assert child["slug"] == "contact"


def test_secondary_locale_slugs_need_the_localization_add_on(world: World) -> None:
    admin = world.admin()
    ws = admin.post("/workspaces", json={"displayName": "Small", "plan": "growth"}).json()
    site = admin.post("/sites", json={
        "workspaceId": ws["id"], "displayName": "Small Site",
        "locales": {"primary": {"displayName": "English", "tag": "en"},
                    "secondary": [{"displayName": "French", "tag": "fr-FR"}]}}).json()
    token = "9" * 64
    assert admin.post("/tokens", json={"siteId": site["id"], "scopes": "all", "value": token}).status_code == 201
    page = make_page(world, site_id=site["id"], title="About")
    fr = site["locales"]["secondary"][0]["id"]
    r = world.http(token).put(f"/pages/{page['id']}", params={"localeId": fr}, json={"slug": "a-propos",
                                                                                    "title": "À propos"})
    assert r.status_code == 200, r.text
    assert r.json()["slug"] == "about" and r.json()["title"] == "À propos"


def test_bulk_metadata_update(world: World) -> None:
    about = make_page(world, title="About")
    contact = make_page(world, title="Contact")
    ids = locale_ids(world)
    beta = world.http(prefix="beta")
    r = beta.patch("/pages", json={"pages": [
        {"id": about["id"], "title": "About Acme", "seo": {"title": "About SEO"}},
        {"id": about["id"], "localeId": ids["fr-FR"], "title": "À propos", "slug": "a-propos"},
        {"id": contact["id"], "slug": "contact-us", "openGraph": {"description": "Say hi"}},
    ]})
    assert r.status_code == 200, r.text
    out = r.json()["pages"]
    assert [(p["id"], p["title"], p["localeId"]) for p in out] == [
        (about["id"], "About Acme", None), (about["id"], "À propos", ids["fr-FR"]), (contact["id"], "Contact", None)]
    assert out[2]["slug"] == "contact-us" and out[2]["openGraph"]["description"] == "Say hi"
    got = state(world, about["id"])
    assert got["fr-FR"]["meta"]["title"] == "À propos" and got["de-DE"]["meta"]["title"] == "About Acme"

    before = (state(world, about["id"]), state(world, contact["id"]))
    other = make_page(world, site_id=world.other_site_id, title="Elsewhere")
    for body, status, code in [
        ({"pages": [{"id": about["id"], "title": "x"}, {"id": about["id"], "title": "y"}]}, 400, "validation_error"),
        ({"pages": [{"id": about["id"], "localeId": ids["de-DE"], "title": "x"},
                    {"id": about["id"], "localeId": ids["de-DE"], "title": "y"}]}, 400, "validation_error"),
        ({"pages": [{"id": about["id"], "localeId": ids["en"], "title": "x"}]}, 400, "bad_request"),
        ({"pages": [{"id": about["id"], "title": "x"}, {"id": other["id"], "title": "y"}]}, 400, "bad_request"),
        ({"pages": [{"id": about["id"], "title": "x"}, {"id": ZERO_ID, "title": "y"}]}, 404, "resource_not_found"),
        ({"pages": [{"id": about["id"], "title": "x"}, {"id": contact["id"], "slug": "about"}]}, 400,
         "validation_error"),
        ({"pages": [{"id": about["id"], "title": f"t{i}"} for i in range(101)]}, 400, "validation_error"),
        ({"pages": []}, 400, "validation_error"),
    ]:
        b = err(beta.patch("/pages", json=body), status, code)
        if code == "bad_request" and "localeId" in json.dumps(body) and ids["en"] in json.dumps(body):
            assert b["message"] == NOT_SECONDARY
    err(world.http(OTHER_SITE, prefix="beta").patch("/pages", json={"pages": [{"id": about["id"], "title": "x"}]}),
        403, "forbidden")
    assert (state(world, about["id"]), state(world, contact["id"])) == before


# -- static content -------------------------------------------------------------------------------------
def test_static_content_nodes_of_every_type(world: World) -> None:
    about = make_page(world, title="About", nodes=NODES)
    dom = world.sdk().pages.get_content(about["id"])
    assert dom.page_id == about["id"] and dom.pagination and dom.pagination.total == len(NODES)
    raw = world.http().get(f"/pages/{about['id']}/dom").json()
    assert [n["type"] for n in raw["nodes"]] == [n["type"] for n in NODES]
    assert all(UUID.match(n["id"]) for n in raw["nodes"])
    text, rich, image, comp, inp, sel, submit, search = raw["nodes"]
    assert text["text"] == {"html": "<h1>About us</h1>", "text": "About us"} and text["attributes"] == {}
    assert rich["text"]["text"] is None and rich["attributes"] == {"data-x": "1"}
    assert image["image"] == {"alt": "Team", "assetId": "659595234426a9fcbad57043"}
    assert [p["text"] for p in comp["propertyOverrides"]] == [{"html": None, "text": "Don't Panic!"},
                                                             {"html": "<p>Towels</p>", "text": None}]
    assert inp["placeholder"] == "Your name" and sel["choices"][1] == {"value": "b", "text": "B"}
    assert (submit["value"], submit["waitingText"], search["value"]) == ("Send", "Sending...", "Search")
    assert raw["lastUpdated"] is not None and raw["branchId"] is None
    paged = world.http().get(f"/pages/{about['id']}/dom", params={"limit": 3, "offset": 6}).json()
    assert [n["id"] for n in paged["nodes"]] == [submit["id"], search["id"]]
    assert paged["pagination"] == {"limit": 3, "offset": 6, "total": 8}
    fr = world.http().get(f"/pages/{about['id']}/dom", params={"localeId": locale_ids(world)["fr-FR"]}).json()
    assert fr["nodes"][0]["text"]["html"] == "<h1>À propos</h1>" and fr["nodes"][1] == rich


def test_static_content_writes_touch_only_their_secondary_locale(world: World) -> None:
    about = make_page(world, title="About", nodes=NODES)
    ids = locale_ids(world)
    nodes = world.http().get(f"/pages/{about['id']}/dom").json()["nodes"]
    text, rich, image, comp, inp, sel, submit, search = nodes
    before = state(world, about["id"])
    missing = "00000000-0000-4000-8000-000000000000"
    result = world.sdk().pages.update_static_content(about["id"], locale_id=ids["fr-FR"], nodes=[
        {"nodeId": text["id"], "text": "<h1>Qui sommes-nous</h1>"},
        {"nodeId": comp["id"], "propertyOverrides": [{"propertyId": comp["propertyOverrides"][1]["propertyId"],
                                                      "text": "<p>Serviettes</p>"}]},
        {"nodeId": inp["id"], "placeholder": "Votre nom"},
        {"nodeId": sel["id"], "choices": [{"value": "a", "text": "Un"}]},
        {"nodeId": submit["id"], "value": "Envoyer"},
        {"nodeId": search["id"], "value": "Chercher"},
        {"nodeId": missing, "text": "<p>x</p>"},
        {"nodeId": rich["id"], "placeholder": "wrong type"},
        {"nodeId": image["id"], "value": "images are not written here"},
    ])
    assert len(result.errors) == 3 and missing in result.errors[0]
    after = state(world, about["id"])
    assert after["en"] == before["en"] and after["de-DE"] == before["de-DE"]
    fr = {n["id"]: n for n in after["fr-FR"]["dom"]["nodes"]}
    assert fr[text["id"]]["text"] == {"html": "<h1>Qui sommes-nous</h1>", "text": "Qui sommes-nous"}
    assert fr[comp["id"]]["propertyOverrides"][1]["text"] == {"html": "<p>Serviettes</p>", "text": None}
    assert fr[comp["id"]]["propertyOverrides"][0] == comp["propertyOverrides"][0]
    assert fr[inp["id"]]["placeholder"] == "Votre nom" and fr[sel["id"]]["choices"] == [{"value": "a", "text": "Un"}]
    assert (fr[submit["id"]]["value"], fr[submit["id"]]["waitingText"]) == ("Envoyer", "Sending...")
    assert fr[search["id"]]["value"] == "Chercher" and fr[rich["id"]] == rich
    assert after["fr-FR"]["dom"]["lastUpdated"] is not None

    # The primary locale is refused, as Webflow refuses it (even on a single-locale site); so are bad bodies.
    c = world.http()
    b = err(c.post(f"/pages/{about['id']}/dom", params={"localeId": ids["en"]},
                   json={"nodes": [{"nodeId": text["id"], "text": "<h1>x</h1>"}]}), 400, "bad_request")
    assert b["message"] == NOT_SECONDARY
    for params, body in [
        ({}, {"nodes": [{"nodeId": text["id"], "text": "<h1>x</h1>"}]}),
        ({"localeId": ZERO_ID}, {"nodes": [{"nodeId": text["id"], "text": "<h1>x</h1>"}]}),
        ({"localeId": ids["de-DE"]}, {"nodes": []}),
        ({"localeId": ids["de-DE"]}, {"nodes": [{"text": "<h1>x</h1>"}]}),
        ({"localeId": ids["de-DE"]}, {"nodes": [{"nodeId": text["id"], "text": "x", "bogus": 1}]}),
        ({"localeId": ids["de-DE"]}, {"nodes": [{"nodeId": text["id"], "text": "<h1>x</h1>"}] * 1001}),
    ]:
        err(c.post(f"/pages/{about['id']}/dom", params=params, json=body), 400, "validation_error")
    # A text node keeps its tag.
    r = c.post(f"/pages/{about['id']}/dom", params={"localeId": ids["de-DE"]},
               json={"nodes": [{"nodeId": text["id"], "text": "<p>Über uns</p>"}]})
    assert r.status_code == 200 and len(r.json()["errors"]) == 1
    assert state(world, about["id"]) == after


def test_dom_write_on_a_single_locale_site_is_refused(world: World) -> None:
    page = make_page(world, site_id=world.other_site_id, title="Only", nodes=[{"type": "text", "html": "<p>Hi</p>"}])
    c = world.http(OTHER_SITE)
    node = c.get(f"/pages/{page['id']}/dom").json()["nodes"][0]
    primary = c.get(f"/sites/{world.other_site_id}").json()["locales"]["primary"]["id"]
    b = err(c.post(f"/pages/{page['id']}/dom", params={"localeId": primary},
                   json={"nodes": [{"nodeId": node["id"], "text": "<p>Bye</p>"}]}), 400, "bad_request")
    assert b["message"] == NOT_SECONDARY


# -- seed files and the control plane -------------------------------------------------------------------
def test_seed_file_pages_and_bad_seeds_write_nothing(world: World) -> None:
    admin = world.admin()
    site = {"displayName": "Seeded", "locales": {"primary": {"displayName": "English", "tag": "en"},
                                                 "secondary": [{"displayName": "French", "tag": "fr-FR"}]},
            "collections": [{"displayName": "Posts", "singularName": "Post"}],
            "pages": [{"title": "Home"},
                      {"title": "About", "nodes": [{"type": "text", "html": "<p>Hi</p>",
                                                    "locales": {"fr-FR": {"html": "<p>Salut</p>"}}}]},
                      {"title": "Jobs", "parent": "about", "slug": "jobs", "archived": True},
                      {"title": "Post", "collection": "Posts", "draft": True}]}
    r = admin.post("/seed", json={"workspaces": [{"displayName": "S", "sites": [site]}]})
    assert r.status_code == 201, r.text
    pages = r.json()["pages"]
    assert [p["slug"] for p in pages] == ["index", "about", "jobs", "post"]
    assert pages[2]["parentId"] == pages[1]["id"] and pages[2]["archived"] is True
    assert pages[3]["collectionId"] == r.json()["collections"][0]["id"] and pages[3]["draft"] is True

    count = len(admin.get("/sites").json()["sites"])
    for bad in ({"title": ""}, {"title": "X", "parent": "nowhere"}, {"title": "X", "collection": "Nope"},
                {"title": "X", "nodes": [{"type": "text"}]}, {"title": "X", "nodes": [{"type": "video"}]},
                {"title": "X", "locales": {"xx-XX": {"title": "Y"}}}, {"title": "X", "slug": "Bad Slug"}):
        r = admin.post("/seed", json={"workspaces": [{"displayName": "S2", "sites": [{**site, "pages": [bad]}]}]})
        err(r, 400, "validation_error")
    assert len(admin.get("/sites").json()["sites"]) == count
    # One at a time: a second home page conflicts; a page is deleted with a JSON body.
    make_page(world, title="Home")
    err(admin.post(f"/sites/{world.site_id}/pages", json={"title": "Home"}), 409, "conflict")
    err(admin.post(f"/sites/{ZERO_ID}/pages", json={"title": "X"}), 404, "resource_not_found")


def test_delete_page_through_the_control_plane(world: World) -> None:
    about = make_page(world, title="About")
    team = make_page(world, title="Team", parent="about")
    admin = world.admin()
    err(admin.request("DELETE", f"/sites/{world.other_site_id}/pages/{about['id']}", json={}), 404,
        "resource_not_found")
    assert admin.request("DELETE", f"/sites/{world.site_id}/pages/{about['id']}", json={}).status_code == 204
    err(world.http().get(f"/pages/{about['id']}"), 404, "resource_not_found")
    assert world.http().get(f"/pages/{team['id']}").json()["parentId"] is None


# -- webhooks and the site publish ----------------------------------------------------------------------
def _hook(world: World, trigger: str) -> str:
    r = world.http().post(f"/sites/{world.site_id}/webhooks",
                          json={"triggerType": trigger, "url": f"{world.base}/_admin/sinks/pages"})
    assert r.status_code == 200 or r.status_code == 201, r.text
    return str(r.json()["id"])


def _payloads(world: World, hook_id: str) -> list[dict[str, Any]]:
    r = world.admin().get(f"/webhooks/{hook_id}/deliveries")
    assert r.status_code == 200, r.text
    return [json.loads(d["body"]) for d in r.json()["deliveries"]]


def test_page_webhooks(world: World) -> None:
    assert world.admin().put("/sinks/pages", json={"status": 200}).status_code == 200
    hooks = {t: _hook(world, t) for t in ("page_created", "page_metadata_updated", "page_deleted")}
    about = make_page(world, title="About")
    world.http().put(f"/pages/{about['id']}", json={"title": "About Acme"})
    world.http(prefix="beta").patch("/pages", json={"pages": [
        {"id": about["id"], "seo": {"title": "S"}},
        {"id": about["id"], "localeId": locale_ids(world)["fr-FR"], "title": "À propos"}]})
    err(world.http().put(f"/pages/{about['id']}", json={"slug": "Bad Slug"}), 400, "validation_error")
    assert world.admin().request("DELETE", f"/sites/{world.site_id}/pages/{about['id']}", json={}).status_code == 204

    created = _payloads(world, hooks["page_created"])
    assert [b["triggerType"] for b in created] == ["page_created"]
    p = created[0]["payload"]
    assert {k: p[k] for k in ("siteId", "pageId", "pageTitle", "archived", "draft", "isBranch", "publishedPath")} == {
        "siteId": world.site_id, "pageId": about["id"], "pageTitle": "About", "archived": False, "draft": False,
        "isBranch": False, "publishedPath": "/about"}
    assert p["createdOn"] == about["createdOn"]
    updated = [b["payload"] for b in _payloads(world, hooks["page_metadata_updated"])]
    assert len(updated) == 3 and updated[0]["pageTitle"] == "About Acme" and "lastUpdated" in updated[0]
    deleted = [b["payload"] for b in _payloads(world, hooks["page_deleted"])]
    assert len(deleted) == 1 and deleted[0]["pageId"] == about["id"] and "deletedOn" in deleted[0]


def test_site_publish_sets_published_paths(world: World) -> None:
    home = make_page(world, title="Home")
    about = make_page(world, title="About", locales={"fr-FR": {"slug": "a-propos"}})
    team = make_page(world, title="Team", parent="about")
    draft = make_page(world, title="Draft", draft=True)
    coll = world.create_collection({"displayName": "Blog Posts", "singularName": "Blog Post"})
    template = make_page(world, title="Blog Post Template", collection=coll["id"])
    client = world.sdk()
    client.sites.publish(world.site_id, publish_to_webflow_subdomain=True)
    ids = locale_ids(world)
    c = world.http()
    paths = {p["id"]: p["publishedPath"] for p in c.get(f"/sites/{world.site_id}/pages").json()["pages"]}
    assert paths == {home["id"]: "/", about["id"]: "/about", team["id"]: "/about/team", draft["id"]: None,
                     template["id"]: "/blog-posts"}
    fr = {p["id"]: p["publishedPath"]
          for p in c.get(f"/sites/{world.site_id}/pages", params={"localeId": ids["fr-FR"]}).json()["pages"]}
    assert fr[home["id"]] == "/fr" and fr[about["id"]] == "/fr/a-propos" and fr[team["id"]] == "/fr/a-propos/team"
    assert fr[draft["id"]] is None
    # A later slug change shows once the site is published again.
    c.put(f"/pages/{about['id']}", json={"slug": "about-us"})
    assert c.get(f"/pages/{about['id']}").json()["publishedPath"] == "/about"


def test_page_scopes(world: World) -> None:
    about = make_page(world, title="About")
    read_only = "7" * 64
    r = world.admin().post("/tokens", json={"siteId": world.site_id, "scopes": "pages:read", "value": read_only})
    assert r.status_code == 201, r.text
    assert world.http(read_only).get(f"/pages/{about['id']}").status_code == 200
    err(world.http(read_only).put(f"/pages/{about['id']}", json={"title": "x"}), 403, "missing_scopes")
    assert world.http(FULL).get(f"/pages/{about['id']}").status_code == 200
