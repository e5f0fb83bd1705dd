"""Components: control-plane and seed-file components, list, content and properties per locale and branch
through the SDK, writes to secondary locales only, and component instances on pages showing their component's
properties with the instance's overrides."""

from __future__ import annotations

from typing import Any

import pytest
from webflow.core.api_error import ApiError

from tests.support.wire import ZERO_ID, err
from tests.support.world import OTHER_SITE, READ_ONLY, World

NOT_SECONDARY = "Bad Request: Request is malformed: The provided locale must be a secondary locale."
BRANCH = "65427cf400e02b306eaa04a0"
MISSING = "00000000-0000-4000-8000-000000000000"

HERO: dict[str, Any] = {
    "name": "Hero",
    "group": "Sections",
    "description": "The opening banner",
    "nodes": [
        {"type": "text", "html": "<h2>Welcome</h2>", "locales": {"fr-FR": {"html": "<h2>Bienvenue</h2>"}}},
        {"type": "image", "image": {"alt": "Banner", "assetId": "659595234426a9fcbad57043"}},
        {"type": "text-input", "placeholder": "Your email"},
    ],
    "properties": [
        {"type": "Plain Text", "label": "Heading", "text": "Hello", "locales": {"fr-FR": "Bonjour"}},
        {"type": "Rich Text", "label": "Body", "text": "<p>Read on.</p>"},
        {"type": "Alt Text", "label": "Photo alt", "text": "A photo"},
    ],
    "branches": [BRANCH],
}


def locale_ids(world: World) -> dict[str, str]:
    locs = [world.site["locales"]["primary"], *world.site["locales"]["secondary"]]
    return {loc["tag"]: loc["id"] for loc in locs}


def make_component(world: World, site_id: str | None = None, **body: Any) -> dict[str, Any]:
    r = world.admin().post(f"/sites/{site_id or world.site_id}/components", json=body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def snapshot(world: World, comp_id: str, branch: str | None = None) -> dict[str, Any]:
    """What a component reads in every locale: content and properties."""
    c = world.http()
    out = {}
    for tag, loc in locale_ids(world).items():
        params = {"localeId": loc, **({"branchId": branch} if branch else {})}
        out[tag] = {"dom": c.get(f"/sites/{world.site_id}/components/{comp_id}/dom", params=params).json(),
                    "props": c.get(f"/sites/{world.site_id}/components/{comp_id}/properties", params=params).json()}
    return out


def test_components_list_content_and_properties_through_the_sdk(world: World) -> None:
    hero = make_component(world, **HERO)
    footer = make_component(world, name="Footer", readonly=True)
    assert hero["name"] == "Hero" and hero["branches"] == [BRANCH] and len(hero["properties"]) == 3
    client = world.sdk()
    listed = client.components.list(world.site_id)
    assert [(c.id, c.name, c.group, c.readonly) for c in listed.components or []] == [
        (hero["id"], "Hero", "Sections", False), (footer["id"], "Footer", "", True)]
    assert listed.pagination and listed.pagination.total == 2
    paged = world.http().get(f"/sites/{world.site_id}/components", params={"limit": 1, "offset": 1}).json()
    assert [c["id"] for c in paged["components"]] == [footer["id"]]
    assert paged["pagination"] == {"limit": 1, "offset": 1, "total": 2}
    # A branch lists the components that have a copy in it.
    on_branch = client.components.list(world.site_id, branch_id=BRANCH)
    assert [c.id for c in on_branch.components or []] == [hero["id"]]

    dom = client.components.get_content(world.site_id, hero["id"])
    assert dom.component_id == hero["id"] and dom.pagination and dom.pagination.total == 3
    raw = world.http().get(f"/sites/{world.site_id}/components/{hero['id']}/dom").json()
    assert [n["type"] for n in raw["nodes"]] == ["text", "image", "text-input"]
    assert raw["nodes"][0]["text"] == {"html": "<h2>Welcome</h2>", "text": "Welcome"}
    fr = locale_ids(world)["fr-FR"]
    fr_dom = client.components.get_content(world.site_id, hero["id"], locale_id=fr, limit=1)
    assert fr_dom.pagination and fr_dom.pagination.limit == 1 and len(fr_dom.nodes or []) == 1
    raw_fr = world.http().get(f"/sites/{world.site_id}/components/{hero['id']}/dom", params={"localeId": fr}).json()
    assert raw_fr["nodes"][0]["text"]["html"] == "<h2>Bienvenue</h2>"

    props = client.components.get_properties(world.site_id, hero["id"])
    assert props.component_id == hero["id"] and props.pagination and props.pagination.total == 3
    raw_props = world.http().get(f"/sites/{world.site_id}/components/{hero['id']}/properties").json()["properties"]
    assert [(p["label"], p["type"], p["text"]) for p in raw_props] == [
        ("Heading", "Plain Text", {"html": None, "text": "Hello"}),
        ("Body", "Rich Text", {"html": "<p>Read on.</p>", "text": None}),
        ("Photo alt", "Alt Text", {"html": None, "text": "A photo"})]
    fr_props = world.http().get(f"/sites/{world.site_id}/components/{hero['id']}/properties",
                                params={"localeId": fr}).json()["properties"]
    assert fr_props[0]["text"]["text"] == "Bonjour" and fr_props[1] == raw_props[1]


def test_component_writes_touch_only_their_secondary_locale(world: World) -> None:
    hero = make_component(world, **HERO)
    ids = locale_ids(world)
    c = world.http()
    text, image, inp = c.get(f"/sites/{world.site_id}/components/{hero['id']}/dom").json()["nodes"]
    heading, body, alt = c.get(f"/sites/{world.site_id}/components/{hero['id']}/properties").json()["properties"]
    before = snapshot(world, hero["id"])
    client = world.sdk()
    result = client.components.update_content(world.site_id, hero["id"], locale_id=ids["fr-FR"], nodes=[
        {"nodeId": text["id"], "text": "<h2>Salut</h2>"},
        {"nodeId": inp["id"], "placeholder": "Votre email"},
        {"nodeId": MISSING, "text": "<p>x</p>"},
        {"nodeId": image["id"], "placeholder": "images are not written here"},
    ])
    assert len(result.errors or []) == 2 and MISSING in (result.errors or [])[0]
    props = client.components.update_properties(world.site_id, hero["id"], locale_id=ids["fr-FR"], properties=[
        {"propertyId": body["propertyId"], "text": "<p>Lisez.</p>"},
        {"propertyId": alt["propertyId"], "text": "Une photo"},
        {"propertyId": heading["propertyId"], "text": "two\nlines"},
        {"propertyId": MISSING, "text": "x"},
    ])
    assert len(props.errors or []) == 2 and "single line" in (props.errors or [])[0]
    after = snapshot(world, hero["id"])
    # en and de-DE read what they read before (de-DE: the primary's content); only fr-FR changed.
    assert after["en"] == before["en"] and after["de-DE"] == before["de-DE"]
    assert after["de-DE"]["dom"]["nodes"] == before["en"]["dom"]["nodes"]
    fr_nodes = after["fr-FR"]["dom"]["nodes"]
    assert fr_nodes[0]["text"] == {"html": "<h2>Salut</h2>", "text": "Salut"}
    assert fr_nodes[2]["placeholder"] == "Votre email" and fr_nodes[1] == image
    fr_props = {p["propertyId"]: p["text"] for p in after["fr-FR"]["props"]["properties"]}
    assert fr_props == {heading["propertyId"]: {"html": None, "text": "Bonjour"},
                        body["propertyId"]: {"html": "<p>Lisez.</p>", "text": None},
                        alt["propertyId"]: {"html": None, "text": "Une photo"}}
    # The branch is its own copy: untouched by the writes above, and written on its own.
    branch_before = snapshot(world, hero["id"], BRANCH)
    assert branch_before["fr-FR"]["dom"]["nodes"][0]["text"]["html"] == "<h2>Bienvenue</h2>"
    r = c.post(f"/sites/{world.site_id}/components/{hero['id']}/dom", params={"localeId": ids["de-DE"],
                                                                          "branchId": BRANCH},
               json={"nodes": [{"nodeId": text["id"], "text": "<h2>Willkommen</h2>"}]})
    assert r.status_code == 200 and r.json() == {"errors": []}
    assert snapshot(world, hero["id"])["de-DE"] == after["de-DE"]
    assert snapshot(world, hero["id"], BRANCH)["de-DE"]["dom"]["nodes"][0]["text"]["html"] == "<h2>Willkommen</h2>"


def test_component_writes_to_the_primary_locale_are_refused(world: World) -> None:
    hero = make_component(world, **HERO)
    ids = locale_ids(world)
    c = world.http()
    text = c.get(f"/sites/{world.site_id}/components/{hero['id']}/dom").json()["nodes"][0]
    heading = c.get(f"/sites/{world.site_id}/components/{hero['id']}/properties").json()["properties"][0]
    before = snapshot(world, hero["id"])
    dom_path = f"/sites/{world.site_id}/components/{hero['id']}/dom"
    props_path = f"/sites/{world.site_id}/components/{hero['id']}/properties"
    # As Webflow refuses it: the primary locale, and (the SDK leaves it out) no locale at all.
    b = err(c.post(dom_path, params={"localeId": ids["en"]},
                   json={"nodes": [{"nodeId": text["id"], "text": "<h2>x</h2>"}]}), 400, "bad_request")
    assert b["message"] == NOT_SECONDARY
    b = err(c.post(props_path, params={"localeId": ids["en"]},
                   json={"properties": [{"propertyId": heading["propertyId"], "text": "x"}]}), 400, "bad_request")
    assert b["message"] == NOT_SECONDARY
    with pytest.raises(ApiError) as e:
        world.sdk().components.update_properties(world.site_id, hero["id"], properties=[
            {"propertyId": heading["propertyId"], "text": "x"}])
    assert e.value.status_code == 400
    for params, body in [
        ({"localeId": ZERO_ID}, {"nodes": [{"nodeId": text["id"], "text": "<h2>x</h2>"}]}),
        ({"localeId": ids["fr-FR"]}, {"nodes": []}),
        ({"localeId": ids["fr-FR"], "branchId": "nope"}, {"nodes": [{"nodeId": text["id"], "text": "<h2>x</h2>"}]}),
    ]:
        err(c.post(dom_path, params=params, json=body), 400, "validation_error")
    err(c.post(props_path, params={"localeId": ids["fr-FR"]}, json={"properties": [{"propertyId": "x"}]}), 400,
        "validation_error")
    assert snapshot(world, hero["id"]) == before


def test_component_lookups_and_readonly_components(world: World) -> None:
    hero = make_component(world, **HERO)
    footer = make_component(world, name="Footer", readonly=True, properties=[{"label": "Note", "text": "(c)"}])
    other = make_component(world, site_id=world.other_site_id, name="Elsewhere")
    c = world.http()
    base = f"/sites/{world.site_id}/components"
    err(c.get(f"{base}/{MISSING}/dom"), 404, "resource_not_found")
    err(c.get(f"{base}/not-a-uuid/properties"), 404, "resource_not_found")
    err(c.get(f"{base}/{other['id']}/dom"), 403, "forbidden")  # another site's component
    err(world.http(OTHER_SITE).get(f"{base}/{hero['id']}/dom"), 403, "forbidden")
    err(world.http(OTHER_SITE).get(f"/sites/{world.other_site_id}/components/{hero['id']}/dom"), 403, "forbidden")
    err(c.get(f"{base}/{hero['id']}/dom", params={"branchId": ZERO_ID}), 404, "resource_not_found")
    err(c.get(f"{base}/{footer['id']}/dom", params={"branchId": BRANCH}), 404, "resource_not_found")
    err(c.get(f"{base}/{hero['id']}/dom", params={"localeId": world.fr}), 400, "validation_error")  # a cmsLocaleId
    err(world.http(READ_ONLY).get(base), 403, "missing_scopes")
    with pytest.raises(ApiError) as e:
        world.sdk().components.get_properties(world.site_id, MISSING)
    assert e.value.status_code == 404
    # A read-only component (a Workspace Library's) is read, never written.
    note = c.get(f"{base}/{footer['id']}/properties").json()["properties"][0]
    err(c.post(f"{base}/{footer['id']}/properties", params={"localeId": locale_ids(world)["fr-FR"]},
               json={"properties": [{"propertyId": note["propertyId"], "text": "x"}]}), 403, "forbidden")
    assert c.get(f"{base}/{footer['id']}/properties", params={"localeId": locale_ids(world)["fr-FR"]}).json()[
        "properties"][0]["text"]["text"] == "(c)"


def test_bad_component_seeds_write_nothing(world: World) -> None:
    make_component(world, **HERO)
    a = world.admin()
    for body in [
        {**HERO},  # the name is taken
        {"name": "X", "properties": [{"label": "A", "text": "one\ntwo"}]},
        {"name": "X", "properties": [{"label": "A", "text": "a"}, {"label": "A", "text": "b"}]},
        {"name": "X", "properties": [{"label": "A", "text": "a", "locales": {"en": "b"}}]},
        {"name": "X", "branches": ["main"]},
        {"name": "X", "id": "not-a-uuid"},
        {"name": "X", "nodes": [{"type": "component-instance", "componentId": "Nope"}]},
    ]:
        r = a.post(f"/sites/{world.site_id}/components", json=body)
        assert r.status_code in (400, 409), r.text
    assert [c["name"] for c in world.http().get(f"/sites/{world.site_id}/components").json()["components"]] == [
        "Hero"]


def test_a_component_instance_shows_its_component_properties_and_overrides(world: World) -> None:
    hero = make_component(world, **HERO)
    r = world.admin().post(f"/sites/{world.site_id}/pages", json={"title": "About", "nodes": [
        {"type": "text", "html": "<h1>About</h1>"},
        {"type": "component-instance", "componentId": "Hero",
         "propertyOverrides": [{"label": "Heading", "text": "Meet us"}],
         "locales": {"fr-FR": {"propertyOverrides": [{"label": "Body", "text": "<p>Lisez-nous.</p>"}]}}},
    ]})
    assert r.status_code == 201, r.text
    page = r.json()
    ids = locale_ids(world)
    c = world.http()

    def instance(tag: str) -> dict[str, Any]:
        nodes = c.get(f"/pages/{page['id']}/dom", params={"localeId": ids[tag]}).json()["nodes"]
        return nodes[1]  # type: ignore[no-any-return]

    def texts(node: dict[str, Any]) -> dict[str, Any]:
        return {p["label"]: p["text"]["html"] or p["text"]["text"] for p in node["propertyOverrides"]}

    en = instance("en")
    assert en["componentId"] == hero["id"] and [p["type"] for p in en["propertyOverrides"]] == [
        "Plain Text", "Rich Text", "Alt Text"]
    assert texts(en) == {"Heading": "Meet us", "Body": "<p>Read on.</p>", "Photo alt": "A photo"}
    # fr-FR: its own override of Body, the primary's override of Heading, the component's fr-FR default elsewhere.
    assert texts(instance("fr-FR")) == {"Heading": "Meet us", "Body": "<p>Lisez-nous.</p>", "Photo alt": "A photo"}
    assert texts(instance("de-DE")) == texts(en)
    # The component's default shows where the instance has no override, in the locale read.
    alt = en["propertyOverrides"][2]["propertyId"]
    world.sdk().components.update_properties(world.site_id, hero["id"], locale_id=ids["de-DE"],
                                             properties=[{"propertyId": alt, "text": "Ein Foto"}])
    assert texts(instance("de-DE"))["Photo alt"] == "Ein Foto" and texts(instance("en"))["Photo alt"] == "A photo"
    # An instance's property the page never overrode can be overridden in a secondary locale through the page.
    result = world.sdk().pages.update_static_content(page["id"], locale_id=ids["de-DE"], nodes=[
        {"nodeId": en["id"], "propertyOverrides": [{"propertyId": alt, "text": "Teamfoto"}]}])
    assert result.errors == []
    assert texts(instance("de-DE")) == {"Heading": "Meet us", "Body": "<p>Read on.</p>", "Photo alt": "Teamfoto"}
    assert texts(instance("en")) == {"Heading": "Meet us", "Body": "<p>Read on.</p>", "Photo alt": "A photo"}


def test_seed_file_components(world: World) -> None:
    r = world.admin().post("/seed", json={"workspaces": [{"displayName": "Seeded", "sites": [{
        "displayName": "Seeded Site",
        "locales": {"primary": {"displayName": "English", "tag": "en"},
                    "secondary": [{"displayName": "French", "tag": "fr-FR"}]},
        "tokens": [{"value": "f" * 64, "scopes": "all"}],
        "components": [HERO],
        "pages": [{"title": "Home", "nodes": [{"type": "component-instance", "componentId": "Hero"}]}],
    }]}]})
    assert r.status_code == 201, r.text
    out = r.json()
    assert [c["name"] for c in out["components"]] == ["Hero"]
    site_id = out["sites"][0]["id"]
    c = world.http("f" * 64)
    home = c.get(f"/sites/{site_id}/pages").json()["pages"][0]
    node = c.get(f"/pages/{home['id']}/dom").json()["nodes"][0]
    assert node["componentId"] == out["components"][0]["id"]
    assert [p["text"]["text"] for p in node["propertyOverrides"]] == ["Hello", None, "A photo"]
