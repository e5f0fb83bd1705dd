"""Seeded pages keep the ids they are given (pages and nodes), their secondary-locale settings and content
and their published paths, and the site lists them in the seed's order whatever their ids (a child listed
before its parent is made after it); a duplicate id writes nothing."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.wire import err
from tests.support.world import World

TOKEN = "7" * 64
CHILD, PARENT = "ffffffffffffffffffffff01", "00000000000000000000aa02"
NODE = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"


def seed(world: World, pages: list[dict[str, Any]]) -> httpx.Response:
    return world.admin().post("/seed", json={"workspaces": [{"displayName": "Ids", "sites": [{
        "displayName": "Ids", "tokens": [{"value": TOKEN, "scopes": "all"}],
        "locales": {"primary": {"displayName": "English", "tag": "en"},
                    "secondary": [{"displayName": "French", "tag": "fr-FR", "subdirectory": "fr"}]},
        "pages": pages}]}]})


def test_seeded_pages_keep_their_ids_and_the_seed_order(world: World) -> None:
    r = seed(world, [
        {"id": CHILD, "title": "Team", "parent": PARENT, "draft": True, "publishedPath": "/about/team",
         "openGraph": {"title": "Our team", "titleCopied": False},
         "locales": {"fr-FR": {"title": "Équipe", "publishedPath": "/fr/about/team"}},
         "nodes": [{"id": NODE, "type": "text", "html": "<p>Hi</p>", "locales": {"fr-FR": {"html": "<p>Salut</p>"}}}]},
        {"id": PARENT, "title": "About"},
    ])
    assert r.status_code == 201, r.text
    # The seed's answer is in the seed's order too.
    assert [p["id"] for p in r.json()["pages"]] == [CHILD, PARENT]
    site = r.json()["sites"][0]
    fr = site["locales"]["secondary"][0]["id"]
    c = httpx.Client(base_url=f"{world.base}/v2", headers={"Authorization": f"Bearer {TOKEN}"})
    pages = c.get(f"/sites/{site['id']}/pages").json()["pages"]
    # Listed in the seed's order, though the ids sort the other way.
    assert [(p["id"], p["parentId"]) for p in pages] == [(CHILD, PARENT), (PARENT, None)]
    team = pages[0]
    assert team["publishedPath"] == "/about/team" and team["draft"] is True
    assert team["openGraph"] == {"title": "Our team", "titleCopied": False, "description": "",
                                 "descriptionCopied": True}
    team_fr = c.get(f"/pages/{CHILD}", params={"localeId": fr}).json()
    assert (team_fr["title"], team_fr["publishedPath"]) == ("Équipe", "/fr/about/team")
    assert pages[1]["publishedPath"] is None
    assert c.get(f"/pages/{PARENT}", params={"localeId": fr}).json()["publishedPath"] is None
    dom = c.get(f"/pages/{CHILD}/dom", params={"localeId": fr}).json()["nodes"]
    assert [(n["id"], n["text"]["html"]) for n in dom] == [(NODE, "<p>Salut</p>")]
    c.close()


def test_a_duplicate_id_writes_nothing(world: World, database_url: str) -> None:
    from tests.test_foundation import row_counts

    before = row_counts(database_url)
    err(seed(world, [{"id": PARENT, "title": "About"}, {"id": PARENT, "title": "Again"}]), 409, "conflict")
    node = {"id": NODE, "type": "text", "html": "<p>Hi</p>"}
    err(seed(world, [{"id": PARENT, "title": "About", "nodes": [node, {**node, "id": NODE.upper()}]}]), 400,
        "validation_error")
    err(seed(world, [{"id": "not-an-id", "title": "About"}]), 400, "validation_error")
    assert row_counts(database_url) == before
