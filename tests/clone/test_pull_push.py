"""`webflow-local pull` and `push` against a second webflow-local server: the source is the session's
server, pulled through a second server on the same database with a rate limit (its frozen clock advanced
instead of sleeping) and injected 429s and 500s; the clone, served by a third server, answers every read as
the source does; an interrupted pull resumes; push sends the clone to another site and a re-run sends nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from tests.support.server import RunningServer, fresh_database, serve
from tests.support.world import FULL, OTHER_SITE, READ_ONLY, World
from webflow_local.api.clones import service as clones
from webflow_local.clone.pull import Puller, PullError
from webflow_local.clone.push import Pusher
from webflow_local.clone.remote import RemoteRead, Throttle, api_base, connect
from webflow_local.config import Settings
from webflow_local.context import Ctx
from webflow_local.db import migrate
from webflow_local.db.engine import make_oneshot_engine
from webflow_local.db.session import transaction
from webflow_local.runtime import Runtime

CLONE_TOKEN = "c" * 64
N_POSTS = 230  # three pages of 100 in each locale and stage


def seed_source(world: World) -> dict[str, Any]:
    """Two collections with a reference between them; posts in three locales, some translated, drafts,
    an archived one, and some published."""
    sdk = world.sdk()
    authors = world.create_collection({"displayName": "Authors", "singularName": "Author",
                                       "fields": [{"type": "PlainText", "displayName": "Bio"}]})
    posts = world.create_collection({"displayName": "Posts", "singularName": "Post", "fields": [
        {"type": "RichText", "displayName": "Body"},
        {"type": "Option", "displayName": "Kind", "metadata": {"options": [{"name": "news"}, {"name": "blog"}]}},
        {"type": "Reference", "displayName": "Author", "metadata": {"collectionId": authors["id"]}},
        {"type": "Number", "displayName": "Rank"}]})
    kind = next(f for f in posts["fields"] if f["slug"] == "kind")["validations"]["options"][0]["id"]
    locs = list(world.locales.values())
    made = sdk.collections.items.create_items(authors["id"], cms_locale_ids=locs, field_data=[
        {"name": f"Author {i}", "slug": f"author-{i}", "bio": f"bio {i}"} for i in range(3)])
    author_ids = sorted({it["id"] for it in made.model_dump(by_alias=True)["items"]})
    post_ids: list[str] = []
    for start in range(0, N_POSTS, 25):  # 25 items in 3 locales: the 100-entry limit counts variants
        made = sdk.collections.items.create_items(posts["id"], cms_locale_ids=locs, is_draft=start >= 200,
                                                  field_data=[
            {"name": f"Post {i}", "slug": f"post-{i}", "body": f"<p>Body {i}</p>", "kind": kind,
             "author": author_ids[i % 3], "rank": i} for i in range(start, min(N_POSTS, start + 25))])
        post_ids += list(dict.fromkeys(it["id"] for it in made.model_dump(by_alias=True)["items"]))
    http = world.http()
    r = http.patch(f"/collections/{posts['id']}/items", json={"items": [
        {"id": pid, "cmsLocaleId": world.fr, "fieldData": {"name": f"Article {i}", "slug": f"article-{i}"}}
        for i, pid in enumerate(post_ids[:40])]})
    assert r.status_code == 200, r.text
    r = http.patch(f"/collections/{posts['id']}/items/{post_ids[5]}", json={"isArchived": True})
    assert r.status_code == 200, r.text
    for chunk in (post_ids[:100], post_ids[100:120]):
        r = http.post(f"/collections/{posts['id']}/items/publish", json={"itemIds": chunk})
        assert r.status_code == 202, r.text
    r = http.post(f"/collections/{authors['id']}/items/publish", json={"itemIds": author_ids})
    assert r.status_code == 202, r.text
    for i in range(3):
        r = http.post(f"/sites/{world.site_id}/redirects", json={"fromUrl": f"/old-{i}", "toUrl": f"/new-{i}"})
        assert r.status_code == 200, r.text
    r = http.put(f"/sites/{world.site_id}/robots_txt", json={
        "rules": [{"userAgent": "*", "allows": ["/"], "disallows": ["/drafts"]}],
        "sitemap": "https://www.test-site.test/sitemap.xml"})
    assert r.status_code == 200, r.text
    return {"authors": authors["id"], "posts": posts["id"]}


def reads(base: str, token: str, site_id: str) -> dict[str, Any]:
    """Every read of the site's CMS, page by page, as the API answers it."""
    out: dict[str, Any] = {}
    with httpx.Client(base_url=f"{base}/v2", headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
        site = c.get(f"/sites/{site_id}").json()
        out["site"] = site
        out["collections"] = c.get(f"/sites/{site_id}/collections").json()
        out["redirects"] = c.get(f"/sites/{site_id}/redirects").json()
        out["robots"] = c.get(f"/sites/{site_id}/robots_txt").json()
        locs = [site["locales"]["primary"], *site["locales"]["secondary"]]
        for coll in out["collections"]["collections"]:
            out[coll["id"]] = c.get(f"/collections/{coll['id']}").json()
            for loc in locs:
                for stage in ("items", "items/live"):
                    for offset in range(0, N_POSTS + 100, 100):
                        r = c.get(f"/collections/{coll['id']}/{stage}",
                                  params={"cmsLocaleId": loc["cmsLocaleId"], "offset": offset, "limit": 100})
                        assert r.status_code == 200, r.text
                        out[f"{coll['id']} {loc['tag']} {stage} {offset}"] = r.json()
    return out


class Store:
    """The clone's database, as `webflow-local pull` opens it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.settings = Settings(database_url=url)
        self.engine = make_oneshot_engine(url)
        migrate.upgrade(self.engine)
        self.runtime = Runtime.create(self.settings, self.engine)

    def ctx_run(self, fn: Any) -> Any:
        with transaction(self.engine) as conn:
            return fn(Ctx(conn, self.runtime))


@pytest.fixture
def clone_store(backend: str, tmp_path: Path) -> Iterator[Store]:
    with fresh_database(backend, tmp_path) as url:
        store = Store(url)
        try:
            yield store
        finally:
            store.engine.dispose()


@pytest.fixture
def limited(server: RunningServer) -> Iterator[RunningServer]:
    """A second server on the source's database, 20 requests per minute."""
    with serve(server.database_url, rate_limit=20, webhook_dispatcher=False) as s:
        yield s


def advancing(world: World) -> Throttle:
    """A throttle whose waits move the source's frozen clock instead of sleeping."""
    admin = world.admin()

    def sleep(seconds: float) -> None:
        r = admin.post("/clock", json={"advanceSeconds": seconds})
        assert r.status_code == 200, r.text

    return Throttle(sleep=sleep)


def test_pull_rate_limited_with_faults_interrupted_and_resumed(world: World, limited: RunningServer,
                                                               clone_store: Store) -> None:
    seed_source(world)
    admin = world.admin()
    assert admin.post("/clock", json={"at": "2026-01-01T00:00:30Z"}).status_code == 200
    for status, count in ((429, 2), (500, 2), (503, 1)):
        r = admin.post("/faults", json={"status": status, "count": count, "path": "/items"})
        assert r.status_code == 201, r.text
    throttle = advancing(world)
    sdk, _ = connect(limited.url, FULL, throttle)
    source = api_base(limited.url)
    with pytest.raises(KeyboardInterrupt):
        Puller(clone_store.engine, clone_store.runtime, sdk, throttle, RemoteRead(limited.url, FULL, throttle),
               source, world.site_id,
               stop_after_pages=4).run()
    state = clone_store.ctx_run(lambda ctx: clones.checkpoint(ctx, source, world.site_id))
    assert state is not None and state["done"] > 0 and state["part"] >= 1
    # Run again: it resumes where it stopped (nothing written twice: the unique keys would refuse it).
    report = Puller(clone_store.engine, clone_store.runtime, sdk, throttle, RemoteRead(limited.url, FULL, throttle),
               source, world.site_id).run()
    assert report.resumed
    assert report.retries.get(429, 0) >= 2 and report.retries.get(500) == 2 and report.retries.get(503) == 1
    assert throttle.waited >= 55  # at least one rate-limit window waited out (20 per minute, ~50 requests)
    assert clone_store.ctx_run(lambda ctx: clones.checkpoint(ctx, source, world.site_id)) is None
    # 3 locales x 233 staged; 123 live (a publish without cmsLocaleIds publishes the primary locale)
    assert report.variants == 3 * (N_POSTS + 3) + 120 + 3
    # A pull of a site already here (no checkpoint) is refused.
    with pytest.raises(PullError):
        Puller(clone_store.engine, clone_store.runtime, sdk, throttle, RemoteRead(limited.url, FULL, throttle),
               source, world.site_id).run()
    admin.delete("/faults")
    assert admin.post("/clock", json={"freeze": False}).status_code == 200

    with serve(clone_store.url) as clone:
        r = httpx.post(f"{clone.url}/_admin/tokens", json={"siteId": world.site_id, "scopes": "all",
                                                            "value": CLONE_TOKEN})
        assert r.status_code == 201, r.text
        assert reads(clone.url, CLONE_TOKEN, world.site_id) == reads(world.base, FULL, world.site_id)


def _strip(listing: dict[str, Any], ids: dict[str, str]) -> list[tuple[Any, ...]]:
    """A listing without its ids and timestamps, references named through `ids` (target id -> local id)."""
    out = []
    for it in listing["items"]:
        fd = {k: ids.get(v, v) if isinstance(v, str) else v for k, v in it["fieldData"].items()}
        out.append((sorted(fd.items()), it["isDraft"], it["isArchived"], it["lastPublished"] is not None))
    return sorted(out, key=repr)


def test_push_maps_ids_and_a_rerun_changes_nothing(world: World, clone_store: Store) -> None:
    cols = seed_source(world)
    throttle = Throttle()
    sdk, _ = connect(world.base, FULL, throttle)
    pulled = Puller(clone_store.engine, clone_store.runtime, sdk, throttle, RemoteRead(world.base, FULL, throttle),
                    api_base(world.base), world.site_id).run()
    assert pulled.families["redirects"] == 3 and pulled.skipped == [] and not pulled.resumed
    # The other site of the source server gets the same locales, then the push.
    admin = world.admin()
    for tag, sub in (("fr-FR", "fr"), ("de-DE", "de")):
        r = admin.post(f"/sites/{world.other_site_id}/locales", json={"tag": tag, "displayName": tag,
                                                                        "subdirectory": sub})
        assert r.status_code in (200, 201), r.text
    writes: list[str] = []

    def count(response: httpx.Response) -> None:
        if response.request.method != "GET":
            writes.append(f"{response.request.method} {response.request.url.path} {response.status_code}")

    def push() -> Any:
        t = Throttle()
        target, _ = connect(world.base, OTHER_SITE, t, hooks=[count])
        return Pusher(clone_store.engine, clone_store.runtime, target, t, world.base, world.site_id,
                      world.other_site_id).run()

    first = push()
    assert first.collections_created == 2 and first.items_created == N_POSTS + 3
    assert all(w.endswith((" 200", " 202")) for w in writes), writes
    target_reads = reads(world.base, OTHER_SITE, world.other_site_id)
    source_reads = reads(world.base, FULL, world.site_id)
    # Items: same content in every locale and stage, references pointing at the matching target items.
    id_map = clone_store.ctx_run(lambda ctx: clones.id_map(ctx, f"{api_base(world.base)}#{world.other_site_id}",
                                                           "item"))
    back = {tid: lid for lid, (tid, _) in id_map.items()}
    tcols = {c["slug"]: c["id"] for c in target_reads["collections"]["collections"]}
    # Option ids are the target's own: compared by option name.
    for r in (source_reads, target_reads):
        for c in r["collections"]["collections"]:
            for f in r[c["id"]]["fields"]:
                back.update({o["id"]: o["name"] for o in (f.get("validations") or {}).get("options", [])})
    for slug, cid in (("authors", cols["authors"]), ("posts", cols["posts"])):
        for tag in world.locales:
            for stage in ("items", "items/live"):
                pages = range(0, N_POSTS + 100, 100)
                src = [it for o in pages for it in source_reads[f"{cid} {tag} {stage} {o}"]["items"]]
                dst = [it for o in pages for it in target_reads[f"{tcols[slug]} {tag} {stage} {o}"]["items"]]
                # The order of creation differs (push creates in batches); the content does not.
                assert _strip({"items": src}, back) == _strip({"items": dst}, back), (slug, tag, stage)
    # A re-run changes nothing and writes nothing.
    writes.clear()
    again = push()
    assert writes == []
    assert again.items_unchanged == N_POSTS + 3 and again.items_created == again.items_updated == 0
    assert reads(world.base, OTHER_SITE, world.other_site_id) == target_reads
    # A local change is sent as one update.
    with serve(clone_store.url) as clone:
        httpx.post(f"{clone.url}/_admin/tokens", json={"siteId": world.site_id, "scopes": "all",
                                                        "value": CLONE_TOKEN}).raise_for_status()
        r = httpx.get(f"{clone.url}/v2/collections/{cols['posts']}/items", params={"limit": 1},
                      headers={"Authorization": f"Bearer {CLONE_TOKEN}"})
        item = r.json()["items"][0]
        r = httpx.patch(f"{clone.url}/v2/collections/{cols['posts']}/items/{item['id']}",
                        json={"fieldData": {"rank": 999}}, headers={"Authorization": f"Bearer {CLONE_TOKEN}"})
        assert r.status_code == 200, r.text
    writes.clear()
    third = push()
    assert third.items_updated == 1 and third.items_created == 0
    assert [w.split()[0] for w in writes] == ["PATCH", "POST"]  # the update, then its publish (it was live)


def test_cli_pull_and_push(world: World, clone_store: Store) -> None:
    from webflow_local.cli import app

    seed_source(world)
    runner = CliRunner()
    # A token without site_config:read: robots.txt is left out and named, the rest copied
    r = runner.invoke(app, ["pull", "--from", world.base, "--token", READ_ONLY, "--site", world.site_id,
                            "--database-url", clone_store.url, "--json"])
    assert r.exit_code == 0, r.output
    report = json.loads(r.output)
    # (and so is every other family this token may not read)
    assert f"GET /v2/sites/{world.site_id}/robots_txt (403)" in report["skipped"], report
    assert report["families"]["redirects"] == 3
    r = runner.invoke(app, ["pull", "--from", world.base, "--token", FULL, "--site", world.site_id,
                            "--database-url", clone_store.url])
    assert r.exit_code == 2 and "already in the local store" in r.output
    r = runner.invoke(app, ["push", "--to", world.base, "--token", OTHER_SITE, "--site", world.other_site_id,
                            "--local-site", world.site_id, "--database-url", clone_store.url, "--json"])
    assert r.exit_code == 0, r.output
    assert '"itemsCreated": 233' in r.output
