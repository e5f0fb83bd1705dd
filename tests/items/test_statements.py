"""Issue 11: how many SQL statements a write takes. Bulk writes cost a constant number of statements per
request, whatever their size; errors found without SAVEPOINTs still answer as before and change nothing.

A statement is one call to the driver (an executemany counts once), seen by a before_cursor_execute
listener on the server's engine."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from tests.support.server import RunningServer, serve
from tests.support.world import World, build
from webflow_local.control.faults import FaultCache

SIZES = (10, 20, 33)  # x 3 locales: the 100-variant limit
PATCH_SIZES = (10, 50, 100)  # one locale each


class _NoFaults(FaultCache):
    """The fault cache re-reads the faults at most twice a second, in whichever request comes then: counts
    would depend on timing. These tests set no faults."""

    def current(self, conn_factory: Any) -> list[Any]:
        return []


class Recorder:
    def __init__(self) -> None:
        self.statements: list[str] = []
        self.on = False
        self.runtime: Any = None

    def hook(self, _app: Any, runtime: Any) -> None:
        self.runtime = runtime
        runtime.faults = _NoFaults()
        event.listen(runtime.engine, "before_cursor_execute", self._record)

    def _record(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if self.on:
            self.statements.append(" ".join(statement.split())[:160])

    @contextmanager
    def counting(self) -> Iterator[list[str]]:
        self.statements = []
        self.on = True
        try:
            yield self.statements
        finally:
            self.on = False


@pytest.fixture(scope="module")
def counted(database_url: str) -> Iterator[tuple[RunningServer, Recorder]]:
    rec = Recorder()
    with serve(database_url, hooks=[rec.hook], webhook_dispatcher=False) as server:
        yield server, rec


@pytest.fixture
def cw(counted: tuple[RunningServer, Recorder]) -> Iterator[tuple[World, Recorder]]:
    server, rec = counted
    w = build(server.url)
    yield w, rec
    w.close()


def _listing(statements: list[str]) -> str:
    return "\n  ".join(statements)


def _same_counts(what: str, by_size: dict[int, list[str]]) -> None:
    counts = {n: len(s) for n, s in by_size.items()}
    assert len(set(counts.values())) == 1, f"{what}: statements by size {counts}; at {max(counts)}:\n  " + _listing(
        by_size[max(counts)]
    )


def _authors(w: World) -> tuple[str, list[str]]:
    """Authors with 5 items in every locale."""
    authors = w.create_collection({"displayName": "Authors", "singularName": "Author"})
    r = w.http().post(
        f"/collections/{authors['id']}/items/bulk",
        json={"cmsLocaleIds": [w.en, w.fr, w.de], "fieldData": [{"name": f"A{i}", "slug": f"a{i}"} for i in range(5)]},
    )
    assert r.status_code == 202, r.text
    return authors["id"], [i["id"] for i in r.json()["items"] if i["cmsLocaleId"] == w.en]


def _posts(w: World, authors: str, name: str = "Posts") -> str:
    """A collection with a Reference and a MultiReference to Authors."""
    return str(w.create_collection(
        {
            "displayName": name,
            "singularName": name.rstrip("s"),
            "fields": [
                {"type": "PlainText", "displayName": "Summary"},
                {"type": "Number", "displayName": "Score"},
                {"type": "Reference", "displayName": "Author", "metadata": {"collectionId": authors}},
                {"type": "MultiReference", "displayName": "Coauthors", "metadata": {"collectionId": authors}},
            ],
        }
    )["id"])


def _entry(key: str, i: int, authors: list[str]) -> dict[str, Any]:
    """One post; with references when `authors` are given."""
    out: dict[str, Any] = {"name": f"Post {key}-{i}", "slug": f"{key}-{i}", "summary": f"summary {i}", "score": i}
    if authors:
        out["author"] = authors[i % len(authors)]
        out["coauthors"] = [authors[(i + 1) % len(authors)], authors[(i + 2) % len(authors)]]
    return out


def _total(c: httpx.Client, collection_id: str, locale: str, stage: str = "") -> int:
    r = c.get(f"/collections/{collection_id}/items{stage}", params={"cmsLocaleId": locale, "limit": 1})
    assert r.status_code == 200, r.text
    return int(r.json()["pagination"]["total"])


def _all(c: httpx.Client, collection_id: str, locale: str, stage: str = "") -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for offset in range(0, 1000, 100):
        r = c.get(f"/collections/{collection_id}/items{stage}",
                  params={"cmsLocaleId": locale, "limit": 100, "offset": offset})
        assert r.status_code == 200, r.text
        page = r.json()["items"]
        out += page
        if len(page) < 100:
            return out
    raise AssertionError("more items than expected")


def test_bulk_create_with_references_takes_the_same_statements_at_any_size(cw: tuple[World, Recorder]) -> None:
    w, rec = cw
    c = w.http(validate=False)
    authors_id, authors = _authors(w)
    posts = _posts(w, authors_id)
    by_size: dict[int, list[str]] = {}
    # The first write to a collection fills the process's caches (caller, collection, locales, fields).
    warm = {"cmsLocaleIds": [w.en, w.fr, w.de], "fieldData": [_entry("warm", 0, authors)]}
    assert c.post(f"/collections/{posts}/items/bulk", json=warm).status_code == 202
    created = 1
    for n in SIZES:
        body = {"cmsLocaleIds": [w.en, w.fr, w.de], "fieldData": [_entry(f"s{n}", i, authors) for i in range(n)]}
        with rec.counting() as statements:
            r = c.post(f"/collections/{posts}/items/bulk", json=body)
        assert r.status_code == 202, r.text
        assert len(r.json()["items"]) == 3 * n
        by_size[n] = list(statements)
        created += n
        for loc in (w.en, w.fr, w.de):
            assert _total(c, posts, loc) == created
    _same_counts("bulk create, N items x 3 locales", by_size)
    statements = by_size[SIZES[-1]]
    assert not [s for s in statements if "SAVEPOINT" in s.upper()], _listing(statements)
    assert len([s for s in statements if s.startswith("INSERT INTO item_variants")]) == 1, _listing(statements)
    # The references are read once (both fields point to Authors): one query, not one per entry.
    refs = [s for s in statements if s.startswith("SELECT item_variants.cms_locale_id, item_variants.item_id")]
    assert len(refs) == 1, _listing(statements)
    stored = {i["fieldData"]["slug"]: i["fieldData"] for i in _all(c, posts, w.de)}
    assert stored["s33-7"] == _entry("s33", 7, authors)


def test_reference_problems_keep_their_place_among_the_others(cw: tuple[World, Recorder]) -> None:
    """Checked together, each entry's problems still come in the order checking it alone gave: its field
    problems, then its missing references (per field, per locale), then its duplicate slug."""
    w, _ = cw
    c = w.http()
    authors_id, authors = _authors(w)
    posts = _posts(w, authors_id)
    missing, other = "6" * 24, "7" * 24
    body = {
        "cmsLocaleIds": [w.en, w.fr],
        "fieldData": [
            {"name": "A", "slug": "a", "author": missing, "score": "x"},
            {"name": "B", "slug": "b", "author": authors[0]},
            {"name": "C", "slug": "a", "coauthors": [other, authors[1]], "author": missing},
        ],
    }
    r = c.post(f"/collections/{posts}/items/bulk", json=body)
    assert r.status_code == 400, r.text
    ref = "Referenced item not found: '{}'"
    assert r.json()["details"] == [
        {"param": "score", "description": "Value must be a number (item 0)"},
        {"param": "author", "description": ref.format(missing)},
        {"param": "author", "description": ref.format(missing)},
        {"param": "coauthors", "description": ref.format(other)},
        {"param": "coauthors", "description": ref.format(other)},
        {"param": "author", "description": ref.format(missing)},
        {"param": "author", "description": ref.format(missing)},
        {"param": "slug", "description": "Unique value is already in database: 'a'"},
        {"param": "slug", "description": "Unique value is already in database: 'a'"},
    ]
    assert _total(c, posts, w.en) == 0 and _total(c, posts, w.fr) == 0


def test_patch_of_many_items_takes_the_same_statements_at_any_size(cw: tuple[World, Recorder]) -> None:
    w, rec = cw
    c = w.http(validate=False)
    authors_id, authors = _authors(w)
    posts = _posts(w, authors_id)
    r = c.post(f"/collections/{posts}/items/bulk",
               json={"cmsLocaleIds": [w.en], "fieldData": [_entry("p", i, authors) for i in range(100)]})
    assert r.status_code == 202, r.text
    ids = [i["id"] for i in r.json()["items"]]
    by_size: dict[int, list[str]] = {}
    for n in PATCH_SIZES:
        # Every other item also leaves draft: rows that set isDraft and rows that do not share the statement.
        patch = [
            {"id": item_id, "fieldData": {"summary": f"v{n}-{k}", "slug": f"p{n}-{k}", "author": authors[1]},
             **({"isDraft": False} if k % 2 else {})}
            for k, item_id in enumerate(ids[:n])
        ]
        with rec.counting() as statements:
            r = c.patch(f"/collections/{posts}/items", json={"items": patch})
        assert r.status_code == 200, r.text
        by_size[n] = list(statements)
    _same_counts("update-items of N items", by_size)
    largest = by_size[PATCH_SIZES[-1]]
    assert not [s for s in largest if "SAVEPOINT" in s.upper()], _listing(largest)
    assert len([s for s in largest if s.startswith("UPDATE item_variants")]) == 1, _listing(largest)
    stored = {i["id"]: i for i in _all(c, posts, w.en)}
    for k, item_id in enumerate(ids):
        item = stored[item_id]
        assert item["fieldData"]["summary"] == f"v100-{k}" and item["fieldData"]["slug"] == f"p100-{k}"
        assert item["fieldData"]["score"] == k  # untouched values stay
        # Drafts stay drafts where isDraft was not sent; the others left draft (with 10, 50 or 100).
        assert item["isDraft"] is (k % 2 == 0), item


def test_patch_to_a_taken_slug_answers_400_and_changes_nothing(cw: tuple[World, Recorder]) -> None:
    w, _ = cw
    c = w.http()
    authors_id, authors = _authors(w)
    posts = _posts(w, authors_id)
    r = c.post(f"/collections/{posts}/items/bulk",
               json={"cmsLocaleIds": [w.en], "fieldData": [_entry("t", i, authors) for i in range(3)]})
    assert r.status_code == 202, r.text
    first, second, third = (i["id"] for i in r.json()["items"])
    before = {i["id"]: i for i in _all(c, posts, w.en)}
    dup = "Unique value is already in database: '{}'"
    # A slug held by an item outside the request; the other item keeps its own slug, which is no conflict.
    r = c.patch(f"/collections/{posts}/items", json={"items": [
        {"id": first, "fieldData": {"summary": "changed"}},
        {"id": third, "fieldData": {"slug": "t-1", "summary": "changed"}},
    ]})
    assert r.status_code == 400, r.text
    assert r.json()["details"] == [{"param": "slug", "description": dup.format("t-1")}]
    # The first takes the second's slug while the second moves on: rows are updated in id order, so the
    # second still holds it when the first asks (as one UPDATE after the other always answered).
    r = c.patch(f"/collections/{posts}/items", json={"items": [
        {"id": second, "fieldData": {"slug": "moved", "summary": "changed"}},
        {"id": first, "fieldData": {"slug": "t-1", "summary": "changed"}},
    ]})
    assert r.status_code == 400, r.text
    assert r.json()["details"] == [{"param": "slug", "description": dup.format("t-1")}]
    assert {i["id"]: i for i in _all(c, posts, w.en)} == before
    # The other way round, the slug is free by the time it is asked for.
    r = c.patch(f"/collections/{posts}/items", json={"items": [
        {"id": first, "fieldData": {"slug": "moved"}},
        {"id": second, "fieldData": {"slug": "t-0"}},
    ]})
    assert r.status_code == 200, r.text
    assert {i["id"]: i["fieldData"]["slug"] for i in _all(c, posts, w.en)} == {
        first: "moved", second: "t-0", third: "t-2"
    }


def test_publish_onto_a_taken_live_slug_answers_400_and_changes_nothing(cw: tuple[World, Recorder]) -> None:
    w, _ = cw
    c = w.http()
    posts = _posts(w, _authors(w)[0])
    r = c.post(f"/collections/{posts}/items/live", json={"fieldData": {"name": "Old", "slug": "same"}})
    assert r.status_code == 202, r.text
    old = r.json()["id"]
    # Deleted in staging, it stays live until the next site publish, keeping its slug there.
    assert c.request("DELETE", f"/collections/{posts}/items", json={"items": [{"id": old}]}).status_code == 204
    r = c.post(f"/collections/{posts}/items", json={"fieldData": {"name": "New", "slug": "same"}})
    assert r.status_code == 202, r.text
    new = r.json()["id"]
    live_before = _all(c, posts, w.en, "/live")
    r = c.post(f"/collections/{posts}/items/publish", json={"itemIds": [new]})
    assert r.status_code == 400, r.text
    assert r.json()["details"] == [{"param": "slug", "description": "Unique value is already in database: 'same'"}]
    assert [i["id"] for i in live_before] == [old]
    assert _all(c, posts, w.en, "/live") == live_before
    assert _total(c, posts, w.en, "/live") == 1
    staged = c.get(f"/collections/{posts}/items/{new}").json()
    assert staged["isDraft"] is True and staged["lastPublished"] is None


def test_deleting_a_field_takes_the_same_statements_for_any_number_of_items(cw: tuple[World, Recorder]) -> None:
    w, rec = cw
    c = w.http(validate=False)
    authors_id, authors = _authors(w)
    sizes = {10: _posts(w, authors_id, "Posts"), 100: _posts(w, authors_id, "Articles")}
    for n, posts in sizes.items():
        for start in range(0, n, 25):  # 25 items x 3 locales per request: the 100-variant limit
            r = c.post(f"/collections/{posts}/items/bulk",
                       json={"cmsLocaleIds": [w.en, w.fr, w.de], "isDraft": False,
                             "fieldData": [_entry(f"d{n}", i, authors) for i in range(start, min(n, start + 25))]})
            assert r.status_code == 202, r.text
    assert c.post(f"/sites/{w.site_id}/publish", json={"publishToWebflowSubdomain": True}).status_code == 202
    by_size: dict[int, list[str]] = {}
    for n, posts in sizes.items():
        summary = next(f["id"] for f in c.get(f"/collections/{posts}").json()["fields"] if f["slug"] == "summary")
        with rec.counting() as statements:
            r = c.delete(f"/collections/{posts}/fields/{summary}")
        assert r.status_code == 204, r.text
        by_size[n] = list(statements)
        # Only that collection lost its values: the other one, not yet done, keeps them all.
        other = sizes[10 if n == 100 else 100]
        still = all("summary" in i["fieldData"] for i in _all(c, other, w.fr, "/live"))
        assert still is (n == 10), n
    _same_counts("deleting a field of a collection of N items x 3 locales, staged and live", by_size)
    for n, posts in sizes.items():
        for loc in (w.en, w.fr, w.de):
            for stage in ("", "/live"):
                got = _all(c, posts, loc, stage)
                assert len(got) == n
                for item in got:
                    i = int(item["fieldData"]["slug"].rsplit("-", 1)[1])
                    expected = {k: v for k, v in _entry(f"d{n}", i, authors).items() if k != "summary"}
                    assert item["fieldData"] == expected, item


def test_a_connection_the_server_closed_is_replaced(backend: str, database_url: str,
                                                    cw: tuple[World, Recorder]) -> None:
    """No pre-ping per request on PostgreSQL, yet pooled connections that PostgreSQL ended (a restart, an
    idle timeout, an administrator) are replaced at checkout instead of failing requests."""
    if backend != "postgresql":
        pytest.skip("PostgreSQL ends connections from its side; a SQLite connection is a file handle")
    import psycopg

    w, _ = cw
    c = w.http()
    for _ in range(3):
        assert c.get(f"/sites/{w.site_id}").status_code == 200
    url = make_url(database_url)
    with psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False),
                         autocommit=True) as admin:
        row = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (url.database,),
        ).fetchone()
    assert row is not None and row[0] >= 1  # the server's pooled connections are gone
    for _ in range(5):
        r = c.get(f"/sites/{w.site_id}")
        assert r.status_code == 200, r.text
    r = c.post(f"/sites/{w.site_id}/collections", json={"displayName": "After", "singularName": "After"})
    assert r.status_code == 200, r.text


def test_sqlite_checkpoints_in_the_background(backend: str, database_url: str, cw: tuple[World, Recorder]) -> None:
    """The server's connections never checkpoint on commit (a request would pay for copying the WAL into
    the database); a background thread does it, so the database file still receives the writes."""
    if backend != "sqlite":
        pytest.skip("a SQLite WAL matter")
    w, rec = cw
    with rec.runtime.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    db = Path(str(make_url(database_url).database))
    c = w.http(validate=False)
    posts = _posts(w, _authors(w)[0])
    # Commits only append to the WAL: the database file changes when, and only when, a checkpoint copies
    # pages into it (its size may not grow when earlier tests left free pages to reuse).
    def state() -> tuple[int, int]:
        st = db.stat()
        return st.st_mtime_ns, st.st_size

    before = state()
    for k in range(5):
        body = {"cmsLocaleIds": [w.en, w.fr, w.de], "fieldData": [_entry(f"c{k}", i, []) for i in range(33)]}
        assert c.post(f"/collections/{posts}/items/bulk", json=body).status_code == 202
    # Bounded wait for the thread (it runs about once a second), not a timing assertion.
    deadline = time.monotonic() + 60
    while state() == before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert state() != before, "nothing was checkpointed into the database file"
