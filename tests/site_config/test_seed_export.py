"""Site configuration in seed files (`redirects`, `googleTags`, `robotsTxt`, `llmsTxt`, `wellKnownFiles`) and
in `webflow-local export`: ids given are kept, lists keep the seed's order, a taken id is refused with nothing
written, and the export maps what the Data API answers (this server's or another's) back to those keys."""

from __future__ import annotations

from typing import Any

import httpx

from tests.export.cli import in_process
from tests.site_config.test_site_config import counts
from tests.support.world import World
from webflow_local.api.site_config import export
from webflow_local.kit.reading import ReadRefused
from webflow_local.transfer.world import export_world

TOKEN = "7" * 64
# Ids in an order they do not sort in: the list must follow the seed, not the ids.
LATE, EARLY = "ffffffffffffffffffffff01", "000000000000000000000a02"
CONFIG = {
    "redirects": [{"id": LATE, "fromUrl": "/old", "toUrl": "/new"},
                  {"id": EARLY, "fromUrl": "/team", "toUrl": "https://example.com/about"}],
    "googleTags": [{"tagId": "GT-MANAGER9", "displayName": "Tag manager"},
                   {"tagId": "G-ANALYTICS1", "displayName": "Analytics"}],
    "robotsTxt": {"rules": [{"userAgent": "*", "allows": ["/"], "disallows": ["/admin"]},
                            {"userAgent": "GPTBot", "allows": [], "disallows": ["/"]}],
                  "sitemap": "https://example.com/sitemap.xml"},
    "llmsTxt": {"content": "# Seeded\n"},
}


def _seed(world: World, slug: str = "seeded-config", **site: Any) -> httpx.Response:
    """A workspace with one site; the site token only in the first workspace (a token value is unique)."""
    tokens = [{"value": TOKEN, "scopes": "all"}] if slug == "seeded-config" else []
    return world.admin().post("/seed", json={"workspaces": [{
        "displayName": "Seeded", "slug": slug, "sites": [{"displayName": "Configured", "tokens": tokens, **site}],
    }]})


def _site_id(r: httpx.Response) -> str:
    assert r.status_code == 201, r.text
    return str(r.json()["sites"][0]["id"])


def test_seeded_configuration_keeps_ids_and_order(world: World) -> None:
    r = _seed(world, **{**CONFIG, "redirects": [*CONFIG["redirects"], {"fromUrl": "/later", "toUrl": "/"}]},
              wellKnownFiles=[{"fileName": "apple-app-site-association.noext.txt", "fileData": "{}"}])
    site_id = _site_id(r)
    c = world.http(TOKEN)
    redirects = c.get(f"/sites/{site_id}/redirects").json()["redirects"]
    assert [x["id"] for x in redirects][:2] == [LATE, EARLY]
    assert [x["fromUrl"] for x in redirects] == ["/old", "/team", "/later"]
    assert redirects[2]["id"] not in {LATE, EARLY}  # no id given: a new one
    assert r.json()["redirects"] == redirects  # the seed's answer lists what it made
    assert c.get(f"/sites/{site_id}/integrations/google_tags").json()["googleTagIds"] == [
        {"tagId": "GT-MANAGER9", "displayName": "Tag manager", "order": 0},
        {"tagId": "G-ANALYTICS1", "displayName": "Analytics", "order": 1}]
    assert c.get(f"/sites/{site_id}/robots_txt").json() == CONFIG["robotsTxt"]
    assert world.http(TOKEN, prefix="beta").get(f"/sites/{site_id}/llms_txt").json() == CONFIG["llmsTxt"]
    known = world.admin().get(f"/sites/{site_id}/config").json()["wellKnown"]
    assert [(f["fileName"], f["fileData"]) for f in known] == [("apple-app-site-association", "{}")]


def test_a_taken_redirect_id_is_refused_and_nothing_is_written(world: World, database_url: str) -> None:
    before = counts(database_url)
    twice = _seed(world, redirects=[{"id": LATE, "fromUrl": "/a", "toUrl": "/"},
                                    {"id": LATE, "fromUrl": "/b", "toUrl": "/"}])
    assert twice.status_code == 409, twice.text
    assert twice.json()["details"][0]["param"] == "redirects.1.id"
    assert counts(database_url) == before

    _site_id(_seed(world, redirects=[{"id": LATE, "fromUrl": "/a", "toUrl": "/"}]))
    before = counts(database_url)
    again = _seed(world, "another", redirects=[{"id": LATE, "fromUrl": "/a", "toUrl": "/"}])
    assert again.status_code == 409, again.text
    assert counts(database_url) == before


def test_seeded_configuration_follows_the_api_rules(world: World, database_url: str) -> None:
    before = counts(database_url)
    same_from = _seed(world, redirects=[{"fromUrl": "/a", "toUrl": "/"}, {"fromUrl": "/a", "toUrl": "/b"}])
    assert same_from.status_code == 400, same_from.text
    assert same_from.json()["details"][0]["param"] == "redirects.1.fromUrl"
    bad_id = _seed(world, redirects=[{"id": "not-an-id", "fromUrl": "/a", "toUrl": "/"}])
    assert bad_id.status_code == 400, bad_id.text
    tag_twice = _seed(world, googleTags=[{"tagId": "G-ONE1", "displayName": "a"},
                                         {"tagId": "G-ONE1", "displayName": "b"}])
    assert tag_twice.status_code == 400, tag_twice.text
    ua = _seed(world, googleTags=[{"tagId": "UA-12345", "displayName": "old"}])
    assert ua.status_code == 400, ua.text
    assert counts(database_url) == before


def test_export_gives_back_the_seeded_configuration(world: World, database_url: str) -> None:
    site_id = _site_id(_seed(world, **CONFIG, wellKnownFiles=[{"fileName": "security.txt", "fileData": "x",
                                                               "contentType": "text/plain"}]))
    site = in_process(database_url, lambda ctx: export_world(ctx, site_id))["workspaces"][0]["sites"][0]
    assert {k: site.get(k) for k in CONFIG} == CONFIG
    assert "wellKnownFiles" not in site  # no API read shows them


def test_a_site_with_nothing_configured_exports_no_keys(world: World, database_url: str) -> None:
    site_id = _site_id(_seed(world))
    site = in_process(database_url, lambda ctx: export_world(ctx, site_id))["workspaces"][0]["sites"][0]
    assert not {"redirects", "googleTags", "robotsTxt", "llmsTxt"} & site.keys()


class _Source:
    """What another server answers (`pull`): paths to answers, or to the status it refuses them with."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers

    def get(self, path: str, **query: str) -> Any:
        found = self.answers[path]
        if isinstance(found, int):
            raise ReadRefused(found, "forbidden", "refused")
        return found

    def download(self, url: str) -> bytes:
        raise AssertionError(url)


def test_export_maps_another_servers_answers() -> None:
    site = {"id": "1" * 24}
    s = f"/v2/sites/{site['id']}"
    source = _Source({
        f"{s}/redirects": {"redirects": [{"id": LATE, "fromUrl": "/a", "toUrl": "/b"}],
                           "pagination": {"limit": 100, "offset": 0, "total": 1}},
        f"{s}/integrations/google_tags": {"googleTagIds": [{"tagId": "G-TWO2", "displayName": "b", "order": 1},
                                                           {"tagId": "G-ONE1", "displayName": "a", "order": 0}]},
        f"{s}/robots_txt": {"rules": [{"userAgent": "*", "disallows": ["/x"]}]},  # no allows, no sitemap
        f"/beta/sites/{site['id']}/llms_txt": {"content": ""},
    })
    assert export.export_redirects(source, site) == [{"id": LATE, "fromUrl": "/a", "toUrl": "/b"}]
    assert export.export_google_tags(source, site) == [{"tagId": "G-ONE1", "displayName": "a"},
                                                       {"tagId": "G-TWO2", "displayName": "b"}]
    assert export.export_robots(source, site) == {"rules": [{"userAgent": "*", "disallows": ["/x"]}]}
    assert export.export_llms(source, site) is None  # empty: reads the same as none

    # A plan without them (403 on every Enterprise read): nothing exported, no failure.
    refused = _Source({f"{s}/redirects": 403, f"{s}/robots_txt": 403, f"/beta/sites/{site['id']}/llms_txt": 403,
                       f"{s}/integrations/google_tags": {"googleTagIds": []}})
    assert export.export_redirects(refused, site) == []
    assert export.export_robots(refused, site) is None
    assert export.export_llms(refused, site) is None
    assert export.export_google_tags(refused, site) == []
