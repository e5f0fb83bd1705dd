"""A 10,000-item pull: a source webflow-local (SQLite, in this process) with one collection of 10,000 items
in the primary locale, 2,000 of them live, pulled with `webflow_local.clone.pull.Puller` into a fresh SQLite
store; prints the wall time, requests, the ratio to a ceiling measured in the same run (the same item pages
read with plain httpx, nothing written), and what the same requests would take at Webflow's 60 and 120 per
minute.

    python3 dev.py run python bench/pull_10k.py [--items 10000]   (from the repository root)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.server import serve  # noqa: E402
from tests.support.world import build  # noqa: E402

from webflow_local.clone.pull import Puller  # noqa: E402
from webflow_local.clone.remote import RemoteRead, Throttle, api_base, connect  # noqa: E402
from webflow_local.config import Settings  # noqa: E402
from webflow_local.db import migrate  # noqa: E402
from webflow_local.db.engine import make_oneshot_engine  # noqa: E402
from webflow_local.runtime import Runtime  # noqa: E402

PULL = "9" * 64


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=10_000)
    n = ap.parse_args().items
    tmp = Path(tempfile.mkdtemp(prefix="wfl-pull-"))
    with serve(f"sqlite:///{tmp / 'source.sqlite3'}") as src:
        world = build(src.url)
        coll = world.create_collection({"displayName": "Posts", "singularName": "Post", "fields": [
            {"type": "RichText", "displayName": "Body"}, {"type": "Number", "displayName": "Rank"}]})
        http = world.http(validate=False)
        t0 = time.perf_counter()
        ids: list[str] = []
        for start in range(0, n, 100):
            r = http.post(f"/collections/{coll['id']}/items/bulk", json={"fieldData": [
                {"name": f"Post {i}", "slug": f"post-{i}", "body": f"<p>Body of post {i}</p>", "rank": i}
                for i in range(start, min(n, start + 100))]})
            assert r.status_code == 202, r.text
            ids += [it["id"] for it in r.json()["items"]]
        for start in range(0, n // 5, 100):
            r = http.post(f"/collections/{coll['id']}/items/publish", json={"itemIds": ids[start:start + 100]})
            assert r.status_code == 202, r.text
        print(f"source: {n} items ({n // 5} live) made in {time.perf_counter() - t0:.1f} s")
        url = f"sqlite:///{tmp / 'clone.sqlite3'}"
        engine = make_oneshot_engine(url)
        migrate.upgrade(engine)
        runtime = Runtime.create(Settings(database_url=url), engine)
        throttle = Throttle()
        # A token of its own: the source counts requests per token, and building it used FULL's minute.
        r = world.admin().post("/tokens", json={"siteId": world.site_id, "scopes": "all", "value": PULL})
        assert r.status_code == 201, r.text
        sdk, _ = connect(src.url, PULL, throttle)
        t0 = time.perf_counter()
        report = Puller(engine, runtime, sdk, throttle, RemoteRead(src.url, PULL, throttle), api_base(src.url),
                        world.site_id).run()
        took = time.perf_counter() - t0
        engine.dispose()
        # The ceiling: the same item pages read with plain httpx, nothing parsed into models or written.
        t0 = time.perf_counter()
        pages = 0
        for loc in world.locales.values():
            for stage in ("items", "items/live"):
                offset = 0
                while True:
                    r = http.get(f"/collections/{coll['id']}/{stage}",
                                 params={"cmsLocaleId": loc, "offset": offset, "limit": 100})
                    pages += 1
                    got = len(r.json()["items"])
                    offset += got
                    if got < 100:
                        break
        reads = time.perf_counter() - t0
    # The source reports Webflow's 120 requests a minute in X-RateLimit-Remaining (counted, not enforced) and
    # the pull waits when it reaches 0, as it must against Webflow: the waits are shown apart.
    working = took - report.waited_seconds
    print(f"pull: {report.variants} item variants from {report.collections} collections (3 locales, staged and "
          f"live parts) in {took:.1f} s, {report.requests} requests; {report.waited_seconds:.1f} s of it waiting "
          f"out the source's rate-limit window, {working:.1f} s working ({report.variants / working:.0f} variants/s)")
    print(f"  ceiling: the same {pages} item pages read with httpx alone in {reads:.1f} s: the pull's work takes "
          f"{working / reads:.1f}x that")
    for rpm in (60, 120):
        print(f"  at {rpm} requests/minute the same pull needs about {report.requests / rpm:.1f} min")


if __name__ == "__main__":
    main()
