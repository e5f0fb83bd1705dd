"""`webflow-local pull` of every family: the demo world plus each family's extra state (the export round
trip's, tests/export/families) is pulled from the session's server into a fresh store; served, the clone
answers every read of both prefixes as the source does (timestamps masked: families other than the CMS take
the pull's times, as a seed does), except webhooks, which pull leaves out on purpose, and the comment
users search (users are not pulled)."""

from __future__ import annotations

import json

import httpx

from tests.clone.test_pull_push import Store, clone_store  # noqa: F401 - a fixture
from tests.export.test_export_world import _mask
from tests.export.test_round_trip import _world
from tests.snapshots.test_snapshots import TOKEN
from tests.support.reads import read_site
from tests.support.server import serve
from tests.support.world import World
from webflow_local.clone.pull import Puller
from webflow_local.clone.remote import RemoteRead, Throttle, api_base, connect


def _reads(base: str, site_id: str, source: str) -> dict[str, object]:
    """Every read but the webhooks' and the comment users' (users are not pulled: the Data API lists none),
    timestamps masked, and the server's own URL (where its files are hosted) and the source's written
    `<server>` (a CMS file field pulled keeps naming the source's URL, as it would name Webflow's CDN)."""
    out = {f"{prefix} {k}": _mask(v) for prefix in ("v2", "beta")
           for k, v in read_site(base, TOKEN, site_id, logs=False, prefix=prefix).items()
           if not k.startswith(("webhook", "comment users"))}
    served = json.loads(json.dumps(out).replace(base, "<server>").replace(source, "<server>"))
    return served  # type: ignore[no-any-return]


def test_pull_copies_every_family(world: World, clone_store: Store) -> None:  # noqa: F811
    site_id = _world(world)
    before = _reads(world.base, site_id, world.base)
    throttle = Throttle()
    sdk, _ = connect(world.base, TOKEN, throttle)
    report = Puller(clone_store.engine, clone_store.runtime, sdk, throttle, RemoteRead(world.base, TOKEN, throttle),
                    api_base(world.base), site_id).run()
    assert report.skipped == [], report.skipped
    assert "webhooks" not in report.families
    with serve(clone_store.url, webhook_dispatcher=False) as clone:
        r = httpx.post(f"{clone.url}/_admin/tokens", json={"siteId": site_id, "scopes": "all", "value": TOKEN})
        assert r.status_code == 201, r.text
        after = _reads(clone.url, site_id, world.base)
        hooks = httpx.get(f"{clone.url}/v2/sites/{site_id}/webhooks", headers={"Authorization": f"Bearer {TOKEN}"})
    assert hooks.json()["webhooks"] == []
    differ = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not differ, f"{len(differ)} differ: {differ}\n" + "\n".join(
        f"{k}:\n  source {str(before.get(k))[:500]}\n  clone  {str(after.get(k))[:500]}"
                                 for k in differ[:15])
