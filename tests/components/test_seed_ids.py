"""Seeded components keep the ids they are given (components, nodes, properties) and the site lists them in
the seed's order whatever their ids (a component holding an instance of one listed later is made after
it); a duplicate id writes nothing."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.wire import err
from tests.support.world import World

TOKEN = "8" * 64
CARD, HERO = "ffffffff-ffff-4fff-8fff-ffffffffffff", "00000000-0000-4000-8000-000000000001"
NODE = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
PROP, CAPTION = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", "cccccccc-cccc-4ccc-8ccc-cccccccccccc"


def seed(world: World, components: list[dict[str, Any]]) -> httpx.Response:
    return world.admin().post("/seed", json={"workspaces": [{"displayName": "Ids", "sites": [{
        "displayName": "Ids", "tokens": [{"value": TOKEN, "scopes": "all"}],
        "locales": {"primary": {"displayName": "English", "tag": "en"},
                    "secondary": [{"displayName": "French", "tag": "fr-FR"}]},
        "components": components}]}]})


def test_seeded_components_keep_their_ids_and_the_seed_order(world: World) -> None:
    r = seed(world, [
        {"id": CARD, "name": "Card",
         "nodes": [{"id": NODE, "type": "component-instance", "componentId": HERO,
                    "propertyOverrides": [{"propertyId": PROP, "label": "Heading", "text": "In a card"}]}],
         "properties": [{"propertyId": CAPTION, "label": "Caption", "text": "A caption",
                         "locales": {"fr-FR": "Une légende"}}]},
        {"id": HERO, "name": "Hero", "properties": [{"propertyId": PROP, "label": "Heading", "text": "Hello"}]},
    ])
    assert r.status_code == 201, r.text
    assert [c["id"] for c in r.json()["components"]] == [CARD, HERO]
    site = r.json()["sites"][0]
    fr = site["locales"]["secondary"][0]["id"]
    c = httpx.Client(base_url=f"{world.base}/v2/sites/{site['id']}", headers={"Authorization": f"Bearer {TOKEN}"})
    # Listed in the seed's order, though the ids sort the other way.
    assert [x["id"] for x in c.get("/components").json()["components"]] == [CARD, HERO]
    # The instance is one of Hero, known to the site: it lists Hero's property with the override.
    nodes = c.get(f"/components/{CARD}/dom").json()["nodes"]
    assert nodes == [{"id": NODE, "type": "component-instance", "componentId": HERO, "propertyOverrides": [
        {"propertyId": PROP, "type": "Plain Text", "label": "Heading", "text": {"html": None, "text": "In a card"}}]}]
    props = c.get(f"/components/{CARD}/properties", params={"localeId": fr}).json()["properties"]
    assert [(p["propertyId"], p["text"]["text"]) for p in props] == [(CAPTION, "Une légende")]
    c.close()


def test_a_duplicate_id_writes_nothing(world: World, database_url: str) -> None:
    from tests.test_foundation import row_counts

    before = row_counts(database_url)
    err(seed(world, [{"id": HERO, "name": "Hero"}, {"id": HERO.upper(), "name": "Other"}]), 409, "conflict")
    prop = {"propertyId": PROP, "label": "A", "text": "a"}
    err(seed(world, [{"id": HERO, "name": "Hero", "properties": [prop, {**prop, "label": "B"}]}]), 400,
        "validation_error")
    node = {"id": NODE, "type": "text", "html": "<p>Hi</p>"}
    err(seed(world, [{"id": HERO, "name": "Hero", "nodes": [node, node]}]), 400, "validation_error")
    assert row_counts(database_url) == before
