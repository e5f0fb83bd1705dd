"""Crash safety, on each database: a server under continuous bulk writes is killed with SIGKILL; after a
restart every acknowledged item is there and no request is half applied.

Each bulk request creates BATCH items in two locales under its own slug prefix, so counting the stored
variants per prefix tells, request by request, whether it was applied entirely, not at all, or in part."""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from tests.support.processes import ServerProcess, launch, wait_ready
from tests.support.server import fresh_database

TOKEN = "7" * 64
WRITERS = 4
BATCH = 10
ACKED_BEFORE_KILL = 30  # requests answered 2xx before the kill; the writers keep going while it happens
MAX_REQUESTS_PER_WRITER = 2_000  # a bound, never reached in practice
WAIT_LIMIT = 120.0  # seconds to reach ACKED_BEFORE_KILL on a busy machine


def seed(base: str) -> tuple[str, list[str]]:
    body = {"workspaces": [{"displayName": "Crash", "slug": "crash", "sites": [{
        "displayName": "Crash Site", "shortName": "crash-site",
        "locales": {"primary": {"displayName": "English", "tag": "en"},
                    "secondary": [{"displayName": "French", "tag": "fr-FR", "subdirectory": "fr"}]},
        "collections": [{"displayName": "Posts", "singularName": "Post"}],
        "tokens": [{"value": TOKEN, "scopes": "all"}],
    }]}]}
    r = httpx.post(f"{base}/_admin/seed", json=body, timeout=60)
    assert r.status_code == 201, r.text
    out = r.json()
    locs = out["sites"][0]["locales"]
    return out["collections"][0]["id"], [locs["primary"]["cmsLocaleId"], locs["secondary"][0]["cmsLocaleId"]]


class Writers:
    """Threads sending bulk creates until the server stops answering; each request's outcome is kept:
    its status and answered item ids, or None when no answer came (the request may or may not have run)."""

    def __init__(self, server: ServerProcess, collection_id: str, locale_ids: list[str]) -> None:
        self.server, self.collection_id, self.locale_ids = server, collection_id, locale_ids
        self.outcomes: dict[str, tuple[int, set[str]] | None] = {}
        self.acked = 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.write, args=(w,), daemon=True) for w in range(WRITERS)]

    def write(self, writer: int) -> None:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        with httpx.Client(base_url=f"{self.server.url}/v2", headers=headers, timeout=60) as client:
            for n in range(MAX_REQUESTS_PER_WRITER):
                prefix = f"w{writer}-r{n}"
                body = {"cmsLocaleIds": self.locale_ids,
                        "fieldData": [{"name": f"{prefix} {k}", "slug": f"{prefix}-{k}"} for k in range(BATCH)]}
                with self.lock:
                    self.outcomes[prefix] = None
                try:
                    r = client.post(f"/collections/{self.collection_id}/items/bulk", json=body)
                except httpx.TransportError:
                    return  # the server is gone; this request stays "no answer"
                ids = {i["id"] for i in r.json().get("items", [])} if r.status_code == 202 else set()
                with self.lock:
                    self.outcomes[prefix] = (r.status_code, ids)
                    self.acked += r.status_code == 202

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def join(self) -> None:
        for t in self.threads:
            t.join(timeout=90)
            assert not t.is_alive(), "a writer did not notice the server was gone"


def stored(base: str, collection_id: str, locale_ids: list[str]) -> tuple[dict[str, Counter[str]], dict[str, set[str]]]:
    """Per locale, how many variants each slug prefix (one request) has; and the item ids per prefix."""
    out: dict[str, Counter[str]] = {}
    ids: dict[str, set[str]] = {}
    with httpx.Client(base_url=f"{base}/v2", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60) as client:
        for loc in locale_ids:
            counts: Counter[str] = Counter()
            offset, total = 0, None
            while total is None or offset < total:
                r = client.get(f"/collections/{collection_id}/items",
                               params={"cmsLocaleId": loc, "offset": offset, "limit": 100})
                assert r.status_code == 200, r.text
                page = r.json()
                total = page["pagination"]["total"]
                for item in page["items"]:
                    prefix = item["fieldData"]["slug"].rsplit("-", 1)[0]
                    counts[prefix] += 1
                    ids.setdefault(prefix, set()).add(item["id"])
                offset += 100
                assert offset < 1_000_000
            out[loc] = counts
    return out, ids


def test_sigkill_under_bulk_writes_loses_nothing_acknowledged(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        server = launch(url, tmp_path / "first.log")
        try:
            wait_ready(server)
            collection_id, locale_ids = seed(server.url)
            writers = Writers(server, collection_id, locale_ids)
            writers.start()
            deadline = time.monotonic() + WAIT_LIMIT
            while writers.acked < ACKED_BEFORE_KILL:
                assert time.monotonic() < deadline, f"only {writers.acked} writes answered:\n{server.output()}"
                assert all(t.is_alive() for t in writers.threads), server.output()
                time.sleep(0.01)
            server.kill()
            writers.join()
        finally:
            server.stop()

        restarted = launch(url, tmp_path / "second.log")
        try:
            wait_ready(restarted)
            counts, ids_of = stored(restarted.url, collection_id, locale_ids)
            # Every answered item id, exactly as answered, is there again after the restart.
            answered = {p: o for p, o in writers.outcomes.items() if o is not None}
            assert answered and all(status == 202 for status, _ in answered.values()), answered
            with httpx.Client(base_url=f"{restarted.url}/v2", headers={"Authorization": f"Bearer {TOKEN}"},
                              timeout=60) as client:
                for prefix, (_, ids) in answered.items():
                    assert len(ids) == BATCH and ids_of.get(prefix) == ids, prefix
                    for loc in locale_ids:
                        assert counts[loc][prefix] == BATCH, (prefix, loc, counts[loc][prefix])
                    some = sorted(ids)[0]
                    r = client.get(f"/collections/{collection_id}/items/{some}", params={"cmsLocaleId": locale_ids[1]})
                    assert r.status_code == 200 and r.json()["fieldData"]["slug"].startswith(prefix + "-"), r.text
            # Requests that got no answer: applied entirely or not at all, in every locale.
            unanswered = [p for p, o in writers.outcomes.items() if o is None]
            for prefix in unanswered:
                seen = {counts[loc][prefix] for loc in locale_ids}
                assert seen in ({0}, {BATCH}), (prefix, seen)
            # Nothing stored that no request asked for, and no item group with a variant missing.
            for loc in locale_ids:
                assert set(counts[loc]) <= set(writers.outcomes), set(counts[loc]) - set(writers.outcomes)
            assert all(len(ids) == BATCH for ids in ids_of.values())
        finally:
            restarted.stop()
