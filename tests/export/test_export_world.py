"""`webflow-local export`: a world in the seed format; seeding it on an empty store gives the same reads,
ids included (timestamps are the seed's own: the seed format takes no times)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from tests.export.cli import cli, in_process
from tests.snapshots.test_snapshots import TOKEN, seed_demo
from tests.support.reads import read_site
from tests.support.world import World
from webflow_local.transfer.world import claimed_collections, export_world

TIMES = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
# What the export carries today (docs/control-plane.md lists what it does not).
EXPORTED = re.compile(r"^(site|custom_domains|collection .*|items .*|live (?!item ).*)$")


def _mask(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: ("<time>" if isinstance(v, str) and TIMES.match(v) and k != "published-at" else _mask(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_mask(v) for v in value]
    return value


def _cms_reads(base: str, site_id: str) -> dict[str, Any]:
    return {k: _mask(v) for k, v in read_site(base, TOKEN, site_id, logs=False).items() if EXPORTED.match(k)}


def _enrich(world: World, site_id: str) -> None:
    """References within and across collections, options, drafts, archived items, translations."""
    c = world.http(TOKEN)
    colls = {x["displayName"]: x for x in c.get(f"/sites/{site_id}/collections").json()["collections"]}
    site = c.get(f"/sites/{site_id}").json()
    locs = {loc["tag"]: loc["cmsLocaleId"] for loc in [site["locales"]["primary"], *site["locales"]["secondary"]]}
    blog = c.get(f"/collections/{colls['Blog Posts']['id']}").json()
    authors = colls["Authors"]["id"]
    author = c.get(f"/collections/{authors}/items").json()["items"][0]["id"]
    assert c.post(f"/collections/{blog['id']}/fields", json={
        "type": "MultiReference", "displayName": "Related", "metadata": {"collectionId": blog["id"]}}
    ).status_code == 200
    category = next(f for f in blog["fields"] if f["slug"] == "category")
    guide = next(o["id"] for o in category["validations"]["options"] if o["name"] == "Guide")
    first = c.post(f"/collections/{blog['id']}/items/bulk", json={
        "cmsLocaleIds": list(locs.values()), "isDraft": False,
        "fieldData": {"name": "First", "slug": "first", "category": guide, "author": author, "reading-time": 4,
                      "featured": True, "published-at": "2024-05-01T10:00:00.000Z", "accent-color": "#336699",
                      "post-body": "<p>Body</p>"}}).json()
    c.patch(f"/collections/{blog['id']}/items/{first['id']}",
            json={"cmsLocaleId": locs["fr-FR"], "fieldData": {"name": "Premier", "summary": "En bref"}})
    second = c.post(f"/collections/{blog['id']}/items/bulk", json={
        "cmsLocaleIds": [locs["en"], locs["de-DE"]], "isDraft": True,
        "fieldData": {"name": "Second", "slug": "second", "related": [first["id"]]}}).json()
    assert second["id"]
    c.post(f"/collections/{blog['id']}/items", json={"fieldData": {"name": "Old", "slug": "old"},
                                                    "isArchived": True, "isDraft": False})
    r = c.post(f"/collections/{blog['id']}/items/publish", json={"itemIds": [first["id"]]})
    assert r.status_code == 202, r.text


def test_export_then_seed_gives_the_same_reads(world: World, database_url: str, tmp_path: Path) -> None:
    admin = world.admin()
    site_id = seed_demo(admin, posts=120)["sites"][0]["id"]
    _enrich(world, site_id)
    before = _cms_reads(world.base, site_id)

    r = cli(database_url, "export", "--out", str(tmp_path / "out"), "--site", site_id)
    assert r.returncode == 0, r.stderr
    exported = yaml.safe_load((tmp_path / "out" / "seed.yaml").read_text())
    assert exported == in_process(database_url, lambda ctx: export_world(ctx, site_id))
    assert [s["id"] for w in exported["workspaces"] for s in w["sites"]] == [site_id]

    # The shop's collections come with the ecommerce family's key.
    site = exported["workspaces"][0]["sites"][0]
    carried = {c["id"] for c in site["collections"]} | claimed_collections(site)
    before = {k: v for k, v in before.items() if k in {"site", "custom_domains"} or k.split()[1] in carried}

    exported["workspaces"][0]["sites"][0]["tokens"] = [{"value": TOKEN, "scopes": "all"}]
    assert admin.post("/reset", json={}).status_code == 200
    r = admin.post("/seed", json=exported)
    assert r.status_code == 201, r.text
    after = _cms_reads(world.base, site_id)
    assert after.keys() == before.keys()
    for key in before:
        assert after[key] == before[key], key

    # Seeding the same export twice is refused (fixed ids), and changes nothing.
    again = admin.post("/seed", json={"workspaces": [{**exported["workspaces"][0], "id": None,
                                                      "slug": "other", "sites": exported["workspaces"][0]["sites"]}]})
    assert again.status_code == 409, again.text
    assert {k: v for k, v in _cms_reads(world.base, site_id).items() if k in before} == before


def test_export_of_an_unknown_site_is_refused(database_url: str, tmp_path: Path) -> None:
    r = cli(database_url, "export", "--out", str(tmp_path), "--site", "0" * 24)
    assert r.returncode == 2 and "site cannot be found" in r.stderr
