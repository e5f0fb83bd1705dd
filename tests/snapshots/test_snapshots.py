"""Snapshots: the whole store saved under a name and restored: every API read answers what it answered
when the snapshot was taken; reset keeps snapshots; two processes on one database agree after a restore."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.processes import child_env, servers
from tests.support.reads import read_site
from tests.support.server import RunningServer
from tests.support.world import World
from webflow_local.demo import demo_seed

TOKEN = "f" * 64
RESTORE_BUDGET_MS = 300


def seed_demo(admin: httpx.Client, posts: int = 0) -> dict[str, Any]:
    """The demo world (`serve --demo`) with a known token and, optionally, more blog posts."""
    seed = copy.deepcopy(demo_seed())
    site = seed["workspaces"][0]["sites"][0]
    site["tokens"] = [{"value": TOKEN, "scopes": "all"}]
    blog = next(c for c in site["collections"] if c["displayName"] == "Blog Posts")
    blog["items"] = [{"fieldData": {"name": f"Post {i}", "slug": f"post-{i}", "summary": f"Summary {i}"},
                      "locales": ["en", "fr-FR", "de-DE"]} for i in range(posts)]
    r = admin.post("/seed", json={"reset": True, **seed})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def _change_everything(base: str, site_id: str) -> None:
    c = httpx.Client(base_url=f"{base}/v2", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
    colls = c.get(f"/sites/{site_id}/collections").json()["collections"]
    blog = next(x for x in colls if x["displayName"] == "Blog Posts")
    authors = next(x for x in colls if x["displayName"] == "Authors")
    assert c.post(f"/collections/{blog['id']}/fields", json={"type": "PlainText", "displayName": "Extra"}
                  ).status_code == 200
    assert c.post(f"/collections/{blog['id']}/items", json={"fieldData": {"name": "New", "slug": "new"}}
                  ).status_code == 202
    assert c.delete(f"/collections/{authors['id']}").status_code == 204
    assert c.post(f"/sites/{site_id}/webhooks", json={"triggerType": "form_submission",
                                                     "url": "https://example.com/hook"}).status_code == 201
    c.close()


def test_restore_brings_back_every_read_and_is_fast(world: World, backend: str) -> None:
    admin = world.admin()
    site_id = seed_demo(admin, posts=50)["sites"][0]["id"]
    before = read_site(world.base, TOKEN, site_id)
    clock = admin.get("/clock").json()

    r = admin.post("/snapshots", json={"name": "demo"})
    assert r.status_code == 201, r.text
    saved = r.json()
    assert saved["name"] == "demo" and saved["rows"] > 100 and saved["tables"] > 30
    assert [s["name"] for s in admin.get("/snapshots").json()["snapshots"]] == ["demo"]

    _change_everything(world.base, site_id)
    admin.post("/clock", json={"at": "2031-01-01T00:00:00Z"})
    assert read_site(world.base, TOKEN, site_id) != before

    timings = []
    for _ in range(3):
        started = time.perf_counter()
        r = admin.post("/snapshots/demo/restore", json={})
        timings.append((time.perf_counter() - started) * 1000)
        assert r.status_code == 200, r.text
        assert r.json()["restored"] is True
        assert read_site(world.base, TOKEN, site_id) == before
    assert admin.get("/clock").json()["frozen"] == clock["frozen"]
    print(f"\n{backend}: restore of the demo world (+50 posts): server {r.json()['durationMs']} ms, "
          f"request {min(timings):.1f} ms (best of 3)")
    if backend == "sqlite":
        assert r.json()["durationMs"] < RESTORE_BUDGET_MS and min(timings) < RESTORE_BUDGET_MS

    # The restored world takes writes: serial keys (activity log, webhook rows) continue after the
    # restored rows on PostgreSQL too.
    _change_everything(world.base, site_id)
    assert len(read_site(world.base, TOKEN, site_id)["activity_logs"]["items"]) > len(
        before["activity_logs"]["items"])


def test_reset_keeps_snapshots_and_errors_change_nothing(world: World) -> None:
    admin = world.admin()
    site_id = seed_demo(admin)["sites"][0]["id"]
    before = read_site(world.base, TOKEN, site_id)
    assert admin.post("/snapshots", json={"name": "base.v1"}).status_code == 201

    r = admin.post("/snapshots", json={"name": "base.v1"})
    assert r.status_code == 409 and r.json()["code"] == "conflict"
    r = admin.post("/snapshots", json={"name": "base.v1", "replace": True})
    assert r.status_code == 201
    for bad in ({"name": ""}, {"name": "a/b"}, {"name": "../x"}, {}, {"name": "x", "extra": 1}):
        r = admin.post("/snapshots", json=bad)
        assert r.status_code == 400 and r.json()["code"] == "validation_error", (bad, r.text)
    assert admin.post("/snapshots/nope/restore", json={}).status_code == 404
    assert admin.request("DELETE", "/snapshots/nope", json={}).status_code == 404

    assert admin.post("/reset", json={}).status_code == 200
    assert [s["name"] for s in admin.get("/snapshots").json()["snapshots"]] == ["base.v1"]
    assert admin.post("/snapshots/base.v1/restore", json={}).status_code == 200
    assert read_site(world.base, TOKEN, site_id) == before

    r = admin.request("DELETE", "/snapshots/base.v1", json={})
    assert r.status_code == 200 and r.json() == {"name": "base.v1", "deleted": True}
    assert admin.get("/snapshots").json()["snapshots"] == []


@pytest.mark.slow
def test_a_second_process_sees_the_restored_world(database_url: str, backend: str, server: RunningServer,
                                                  tmp_path: Path) -> None:
    if backend == "sqlite":
        pytest.skip("several server processes need PostgreSQL")
    with servers(database_url, tmp_path / "logs", 2) as (a, b):
        admin_a = httpx.Client(base_url=f"{a.url}/_admin", timeout=60)
        site_id = seed_demo(admin_a)["sites"][0]["id"]
        before = read_site(b.url, TOKEN, site_id)
        assert admin_a.post("/snapshots", json={"name": "two"}).status_code == 201
        _change_everything(a.url, site_id)
        # B fills its caches with the changed world (the new field, the deleted collection).
        changed = read_site(b.url, TOKEN, site_id)
        assert changed != before
        assert admin_a.post("/snapshots/two/restore", json={}).status_code == 200
        assert read_site(b.url, TOKEN, site_id) == before
        cb = httpx.Client(base_url=f"{b.url}/v2", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
        blog = next(x for x in before["site"] and cb.get(f"/sites/{site_id}/collections").json()["collections"]
                    if x["displayName"] == "Blog Posts")
        # The field added after the snapshot is gone for B too: B's cached fields were dropped.
        r = cb.post(f"/collections/{blog['id']}/items", json={"fieldData": {"name": "X", "slug": "x", "extra": "y"}})
        assert r.status_code == 400 and r.json()["details"][0]["param"] == "extra", r.text
        cb.close()
        admin_a.close()


def _cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "webflow_local", *args, "--database-url", database_url],
                          capture_output=True, text=True, timeout=120, env=child_env())


def test_the_cli_saves_and_restores_under_a_running_server(world: World, database_url: str) -> None:
    admin = world.admin()
    site_id = seed_demo(admin)["sites"][0]["id"]
    before = read_site(world.base, TOKEN, site_id)
    out = _cli(database_url, "snapshot", "save", "cli", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["name"] == "cli"
    again = _cli(database_url, "snapshot", "save", "cli")
    assert again.returncode == 2 and "already exists" in again.stderr
    assert _cli(database_url, "snapshot", "save", "no/slash").returncode == 2

    _change_everything(world.base, site_id)
    # The server filled its caches with the changed world; the CLI's restore changes the generation.
    out = _cli(database_url, "snapshot", "restore", "cli", "--json")
    assert out.returncode == 0, out.stderr
    assert read_site(world.base, TOKEN, site_id) == before
    listed = json.loads(_cli(database_url, "snapshot", "list", "--json").stdout)["snapshots"]
    assert [s["name"] for s in listed] == ["cli"]
    assert _cli(database_url, "snapshot", "delete", "cli").returncode == 0
    assert _cli(database_url, "snapshot", "delete", "cli").returncode == 2
