"""`webflow-local export` then `seed` of it on an empty store gives identical reads in every family: every
list endpoint and every detail read of what the lists name, under /v2 and /beta (tests/support/reads.py),
timestamps masked (the seed format takes no times). A second test checks, through the request journal,
that those reads reach every GET operation of the spec but the ones listed with their reason."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import yaml

from tests.export.cli import cli
from tests.export.families import assets_fonts, ecommerce, forms_comments, pages_code, site_config_webhooks
from tests.export.test_export_world import _mask
from tests.snapshots.test_snapshots import TOKEN, seed_demo
from tests.support.reads import read_site
from tests.support.world import World
from webflow_local.spec_ops import OPERATIONS

FAMILIES = (pages_code, forms_comments, assets_fonts, site_config_webhooks, ecommerce)
# GET operations the round trip does not compare, each with its reason.
NOT_COMPARED = {
    "list-sites": "the workspace's sites, not one site's state (the site itself is get-site)",
    "get-site-activity-logs": "a history of API writes: a seeded world has none",
    "get-workspace-audit-logs": "a history of workspace events (tokens, members), not exported",
    "introspect": "the calling token", "authorized_by": "the calling token's user",
    "app_subscriptions": "needs an app's token; apps are workspace state, not exported",
}


def _reads(base: str, site_id: str) -> dict[str, Any]:
    return {f"{prefix} {k}": _mask(v) for prefix in ("v2", "beta")
            for k, v in read_site(base, TOKEN, site_id, logs=False, prefix=prefix).items()}


def _world(world: World) -> str:
    admin = world.admin()
    site_id: str = seed_demo(admin)["sites"][0]["id"]
    api = httpx.Client(base_url=f"{world.base}/v2", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
    with api:
        # A published site and domain (their lastPublished); the families' state comes after.
        domains = [d["id"] for d in api.get(f"/sites/{site_id}/custom_domains").json()["customDomains"]]
        r = api.post(f"/sites/{site_id}/publish", json={"customDomains": domains[:1]})
        assert r.status_code == 202, r.text
        for fam in FAMILIES:
            fam.enrich(api, admin, site_id)
    return site_id


def test_export_then_seed_gives_the_same_reads_in_every_family(world: World, database_url: str,
                                                                tmp_path: Path) -> None:
    admin = world.admin()
    site_id = _world(world)
    before = _reads(world.base, site_id)

    r = cli(database_url, "export", "--out", str(tmp_path / "out"), "--site", site_id)
    assert r.returncode == 0, r.stderr
    exported = yaml.safe_load((tmp_path / "out" / "seed.yaml").read_text())
    exported["workspaces"][0]["sites"][0]["tokens"] = [{"value": TOKEN, "scopes": "all"}]
    assert admin.post("/reset", json={}).status_code == 200
    r = admin.post("/seed", json=exported)
    assert r.status_code == 201, r.text
    after = _reads(world.base, site_id)

    differ = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    report = "\n".join(f"{k}:\n  before {json.dumps(before.get(k))[:600]}\n  after  {json.dumps(after.get(k))[:600]}"
                       for k in differ[:20])
    assert not differ, f"{len(differ)} reads differ after the round trip: {differ}\n{report}"


def test_the_compared_reads_reach_every_get_operation(world: World) -> None:
    admin = world.admin()
    site_id = _world(world)
    assert admin.request("DELETE", "/requests", json={}).status_code == 200
    _reads(world.base, site_id)
    seen = admin.get("/requests", params={"method": "GET", "status": "200", "limit": "1000"}).json()
    answered = {f"{e['path'].split('/')[1]}:{e['operationId']}" for e in seen["requests"]}
    expected = {f"{prefix}:{op}" for prefix, table in OPERATIONS.items()
                for (method, _), (op, _, _) in table.items() if method == "GET" and op not in NOT_COMPARED}
    assert not expected - answered, sorted(expected - answered)
