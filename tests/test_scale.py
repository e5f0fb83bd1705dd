"""Scale-out: several server processes on one PostgreSQL database behave as one server.

Each test starts real `webflow-local serve` processes on a fresh database, seeds it through /_admin on one
of them, and drives them concurrently through their separate ports (threads + httpx). Also here: the
start-up refusals (database unreachable, schema not current) that make running several hosts safe."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.processes import ServerProcess, child_env, launch, servers, wait_ready
from tests.support.server import fresh_database, pg_available

FULL = "1" * 64
SPARE = "2" * 64  # a second token of the same site: rate limits are per token
PUBLISH_SITES = 3
PAIRS, BATCH = 100, 20  # 100 pairs of bulk requests x 20 items: 2,000 slugs, each sent twice
RATE_LIMIT = 30
THREADS = 8


@pytest.fixture(scope="module")
def pg(tmp_path_factory: pytest.TempPathFactory) -> None:
    if not pg_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL on 127.0.0.1:5432 is required in CI")
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")


def seed(base: str) -> dict[str, Any]:
    """One site with a collection (two tokens), plus sites that are only there to be published."""
    locales = {"primary": {"displayName": "English", "tag": "en"},
               "secondary": [{"displayName": "French", "tag": "fr-FR", "subdirectory": "fr"}]}
    body = {"workspaces": [{"displayName": "Scale", "slug": "scale", "sites": [
        {"displayName": "Scale Site", "shortName": "scale-site", "locales": locales,
         "collections": [{"displayName": "Posts", "singularName": "Post"}],
         "tokens": [{"value": FULL, "scopes": "all"}, {"value": SPARE, "scopes": "all"}]},
        *[{"displayName": f"Publish {i}", "shortName": f"publish-{i}",
           "tokens": [{"value": f"{i + 3}" * 64, "scopes": "all"}]} for i in range(PUBLISH_SITES)],
    ]}]}
    r = httpx.post(f"{base}/_admin/seed", json=body, timeout=60)
    assert r.status_code == 201, r.text
    return dict(r.json())


def api(server: ServerProcess, token: str = FULL) -> httpx.Client:
    return httpx.Client(base_url=f"{server.url}/v2", headers={"Authorization": f"Bearer {token}"}, timeout=120)


def in_parallel(calls: Sequence[Callable[[], Any]], threads: int = THREADS) -> list[Any]:
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(lambda call: call(), calls))


def simultaneously(calls: Sequence[Callable[[], Any]]) -> list[Any]:
    """Runs the calls in one thread each, released together by a barrier."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        barrier.wait(timeout=30)
        return call()

    return in_parallel([partial(run, c) for c in calls], threads=len(calls))


@pytest.fixture(scope="module")
def pair(pg: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[ServerProcess], dict[str, Any]]]:
    tmp = tmp_path_factory.mktemp("scale")
    with fresh_database("postgresql", tmp) as url, servers(url, tmp / "logs", 2) as procs:
        yield procs, seed(procs[0].url)


# -- uniqueness ------------------------------------------------------------------------------------------
def test_overlapping_bulk_creates_leave_one_item_per_slug(pair: tuple[list[ServerProcess], dict[str, Any]]) -> None:
    (a, b), world = pair
    coll = world["collections"][0]["id"]
    clients = [api(a), api(b)]

    def bulk(side: int, p: int) -> tuple[int, int, dict[str, Any]]:
        slugs = [f"p{p:03d}-{k:02d}" for k in range(BATCH)]
        if side:
            slugs.reverse()  # the same slugs in the other order: both orders must end in one clean winner
        body = {"fieldData": [{"name": f"{side}-{s}", "slug": s} for s in slugs]}
        r = clients[side].post(f"/collections/{coll}/items/bulk", json=body)
        return p, r.status_code, r.json()

    try:
        calls = [partial(bulk, side, p) for p in range(PAIRS) for side in (0, 1)]
        answers = in_parallel(calls)
        by_pair: dict[int, list[tuple[int, dict[str, Any]]]] = {}
        for p, status, body in answers:
            by_pair.setdefault(p, []).append((status, body))
        for p, results in by_pair.items():
            statuses = sorted(s for s, _ in results)
            assert statuses == [202, 400], f"pair {p}: {[(s, body.get('code')) for s, body in results]}"
            loser = next(body for s, body in results if s == 400)
            assert loser["code"] == "validation_error", loser
            assert any("Unique value is already in database" in d["description"] for d in loser["details"]), loser
        accepted = {item["id"]: item for _, status, body in answers if status == 202 for item in body["items"]}
        assert len(accepted) == PAIRS * BATCH

        # Exactly one item per slug, and every accepted item as it was answered, on both processes.
        for client in clients:
            listed: list[dict[str, Any]] = []
            for offset in range(0, PAIRS * BATCH + 100, 100):
                r = client.get(f"/collections/{coll}/items", params={"offset": offset, "limit": 100})
                assert r.status_code == 200, r.text
                listed += r.json()["items"]
            assert r.json()["pagination"]["total"] == PAIRS * BATCH
            slugs = Counter(i["fieldData"]["slug"] for i in listed)
            assert len(slugs) == PAIRS * BATCH and set(slugs.values()) == {1}
            assert {i["id"]: i for i in listed} == accepted

        # And one by one from the process that did not create it (the name says which one did).
        def read_elsewhere(item: dict[str, Any]) -> tuple[str, int, Any]:
            other = 1 - int(item["fieldData"]["name"][0])
            r = clients[other].get(f"/collections/{coll}/items/{item['id']}")
            return item["id"], r.status_code, r.json()

        reads = in_parallel([partial(read_elsewhere, i) for i in accepted.values()])
        bad = [(item_id, status) for item_id, status, got in reads if status != 200 or got != accepted[item_id]]
        assert not bad, bad[:5]
    finally:
        for c in clients:
            c.close()


def test_simultaneous_collection_creates_one_wins(pair: tuple[list[ServerProcess], dict[str, Any]]) -> None:
    (a, b), world = pair
    site = world["sites"][0]["id"]
    clients = [api(a), api(b)]
    try:
        for n in range(5):
            body = {"displayName": f"Race {n}", "singularName": "Race"}
            results = simultaneously([partial(c.post, f"/sites/{site}/collections", json=body) for c in clients])
            assert sorted(r.status_code for r in results) == [200, 409], [r.text for r in results]
            assert next(r for r in results if r.status_code == 409).json()["code"] == "duplicate_collection"
    finally:
        for c in clients:
            c.close()


def test_publish_live_update_and_unpublish_of_the_same_items_never_collide(
    pair: tuple[list[ServerProcess], dict[str, Any]],
) -> None:
    """Each of these writes touches both the staged and the live variants; in different orders they
    would deadlock on PostgreSQL, and the request chosen as the victim would answer 500."""
    (a, b), world = pair
    coll = world["collections"][0]["id"]
    clients = [api(a), api(b), api(b)]
    try:
        body = {"isDraft": False, "fieldData": [{"name": f"race {k}", "slug": f"race-{k}"} for k in range(20)]}
        r = clients[0].post(f"/collections/{coll}/items/bulk", json=body)
        assert r.status_code == 202, r.text
        ids = [i["id"] for i in r.json()["items"]]
        assert clients[0].post(f"/collections/{coll}/items/publish", json={"itemIds": ids}).status_code == 202

        def publish() -> list[int]:
            return [clients[0].post(f"/collections/{coll}/items/publish", json={"itemIds": ids}).status_code
                    for _ in range(30)]

        def update_live() -> list[int]:
            return [clients[1].patch(f"/collections/{coll}/items/live", json={"items": [
                {"id": i, "fieldData": {"name": f"race {n} {k}"}} for k, i in enumerate(reversed(ids))]}).status_code
                for n in range(30)]

        def unpublish() -> list[int]:
            return [clients[2].request("DELETE", f"/collections/{coll}/items/live",
                                       json={"items": [{"id": i} for i in ids[::2]]}).status_code
                    for _ in range(15)]

        published, updated, unpublished = simultaneously([publish, update_live, unpublish])
    finally:
        for c in clients:
            c.close()
    # 409: a live update of items just unpublished; 404: unpublishing items that are not live.
    assert set(published) == {202} and set(updated) <= {200, 409} and set(unpublished) <= {204, 404}, (
        Counter(published), Counter(updated), Counter(unpublished))


# -- the one-publish-per-minute rule -----------------------------------------------------------------------
def test_simultaneous_publishes_through_two_processes_one_wins(
    pair: tuple[list[ServerProcess], dict[str, Any]],
) -> None:
    (a, b), world = pair
    for i, site in enumerate(world["sites"][1:]):
        token = f"{i + 3}" * 64
        clients = [api(a, token), api(b, token)]
        try:
            results = simultaneously([
                partial(c.post, f"/sites/{site['id']}/publish", json={"publishToWebflowSubdomain": True})
                for c in clients])
        finally:
            for c in clients:
                c.close()
        assert sorted(r.status_code for r in results) == [202, 429], [r.text for r in results]
        loser = next(r for r in results if r.status_code == 429)
        assert loser.json()["code"] == "too_many_requests" and int(loser.headers["Retry-After"]) > 0


# -- rate limits -------------------------------------------------------------------------------------------
def test_rate_limit_is_shared_by_the_processes(pg: None, tmp_path_factory: pytest.TempPathFactory) -> None:
    tmp = tmp_path_factory.mktemp("ratelimit")
    args = ["--rate-limit", str(RATE_LIMIT)]
    with fresh_database("postgresql", tmp) as url, servers(url, tmp / "logs", 2, args) as (a, b):
        world = seed(a.url)
        site = world["sites"][0]["id"]
        # A frozen clock keeps every request in one rate-limit window.
        r = httpx.post(f"{a.url}/_admin/clock", json={"freeze": True}, timeout=30)
        assert r.status_code == 200, r.text
        clients = [api(a), api(b)]
        try:
            answers = in_parallel([partial(c.get, f"/sites/{site}")
                                   for _ in range(RATE_LIMIT * 3 // 2) for c in clients])
        finally:
            for c in clients:
                c.close()
        assert Counter(r.status_code for r in answers) == {200: RATE_LIMIT, 429: 2 * RATE_LIMIT}
        # Per token: another token of the same site still has its whole allowance, on either process.
        with api(b, SPARE) as spare:
            r = spare.get(f"/sites/{site}")
            assert r.status_code == 200 and r.headers["X-RateLimit-Remaining"] == str(RATE_LIMIT - 1)


# -- start-up: unreachable database, schema older than the code ---------------------------------------------
def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "webflow_local", *args], capture_output=True, text=True,
                          env={**child_env(), "COLUMNS": "400"}, timeout=120, check=False)


@pytest.mark.parametrize("url", ["postgresql+psycopg://postgres@127.0.0.1:1/nothing",
                                 "sqlite:////nonexistent-dir/webflow-local.sqlite3"])
def test_start_refuses_an_unreachable_database(url: str, tmp_path: Path) -> None:
    with launch(url, tmp_path / "server.log").proc as proc:
        assert proc.wait(timeout=60) == 2
    out = (tmp_path / "server.log").read_text()
    assert f"cannot reach the database {url}" in out, out


def test_no_migrate_refuses_an_old_schema_until_db_upgrade(pg: None, tmp_path: Path) -> None:
    from webflow_local.db import migrate
    from webflow_local.db.engine import connection_budget, make_oneshot_engine

    head = migrate.head_revision()
    assert head is not None
    previous = migrate.previous_revision(head)
    with fresh_database("postgresql", tmp_path) as url:
        # A database no webflow-local has migrated yet: --no-migrate must not touch it.
        r = run_cli("serve", "--database-url", url, "--port", "0", "--no-migrate")
        assert r.returncode == 2 and "no webflow-local schema" in r.stderr, r.stderr
        assert "webflow-local db upgrade" in r.stderr
        if previous is not None:
            # A schema one migration behind the code, as an older release left it.
            engine = make_oneshot_engine(url)
            migrate.upgrade(engine, previous)
            engine.dispose()
            r = run_cli("serve", "--database-url", url, "--port", "0", "--no-migrate")
            assert r.returncode == 2 and f"older than this code's {head}" in r.stderr, r.stderr
            assert "webflow-local db upgrade" in r.stderr
        # Each server process checks again when its app starts, whoever launched it.
        env = {**child_env(), "WEBFLOW_LOCAL_DATABASE_URL": url}
        r = subprocess.run([sys.executable, "-m", "uvicorn", "webflow_local.app:app_from_env", "--factory",
                            "--port", "1"], capture_output=True, text=True, env=env, timeout=120, check=False)
        assert r.returncode != 0 and "webflow-local db upgrade" in r.stderr, r.stderr

        r = run_cli("db", "upgrade", "--database-url", url)
        assert r.returncode == 0 and head in r.stderr, r.stderr
        # Now it starts; and it warns that a pool of `budget` per process could exceed PostgreSQL's limit.
        engine = make_oneshot_engine(url)
        budget = connection_budget(engine)
        engine.dispose()
        assert budget is not None
        server = launch(url, tmp_path / "server.log", ["--no-migrate", "--pool-size", str(budget)])
        try:
            wait_ready(server)
        finally:
            server.stop()
        assert f"more than the {budget} PostgreSQL admits" in server.output(), server.output()
