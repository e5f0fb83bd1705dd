"""No N+1 in any family's reads: a list (or a read of one thing with children) costs the same number of SQL
statements with 1 row as with 6. Each case makes rows through the API or the control plane, then counts the
statements of one read at both sizes (the server's engine, a before_cursor_execute listener)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.items.test_statements import Recorder
from tests.support.server import RunningServer, serve
from tests.support.world import World, build

Maker = Callable[[World, int], None]


@dataclass(frozen=True)
class Case:
    """`make(world, i)` adds the i-th row; `read(world)` is the path (under /v2) of the read counted."""

    name: str
    make: Maker
    read: Callable[[World], str]
    setup: Callable[[World], None] | None = None


def _ok(r: Any) -> Any:
    assert r.status_code < 300, r.text
    return r.json()


def _page(w: World, i: int) -> None:
    _ok(w.admin().post(f"/sites/{w.site_id}/pages", json={"title": f"Page {i}"}))


def _form_with_submissions(w: World) -> None:
    _ok(w.admin().post(f"/sites/{w.site_id}/forms", json={
        "displayName": "Counted", "page": "contact", "fields": [{"displayName": "Name", "type": "Plain"}]}))


def _form_id(w: World) -> str:
    forms = _ok(w.http().get(f"/sites/{w.site_id}/forms"))["forms"]
    return str(next(f["id"] for f in forms if f["displayName"] == "Counted"))


def _submission(w: World, i: int) -> None:
    _ok(w.admin().post(f"/sites/{w.site_id}/forms/{_form_id(w)}/submissions", json={"data": {"Name": f"n{i}"}}))


def _form(w: World, i: int) -> None:
    _ok(w.admin().post(f"/sites/{w.site_id}/forms", json={
        "displayName": f"Form {i}", "page": "contact", "fields": [{"displayName": "Email", "type": "Email"}]}))


def _asset(w: World, i: int) -> None:
    _ok(w.http().post(f"/sites/{w.site_id}/assets",
                      json={"fileName": f"f{i}.txt", "fileHash": hashlib.md5(str(i).encode()).hexdigest()}))


def _folder(w: World, i: int) -> None:
    _ok(w.http().post(f"/sites/{w.site_id}/asset_folders", json={"displayName": f"folder {i}"}))


def _redirect(w: World, i: int) -> None:
    _ok(w.http().post(f"/sites/{w.site_id}/redirects", json={"fromUrl": f"/old-{i}", "toUrl": "/new"}))


def _webhook(w: World, i: int) -> None:
    _ok(w.http().post(f"/sites/{w.site_id}/webhooks",
                      json={"triggerType": "collection_item_created", "url": f"https://hooks.example.com/{i}"}))


def _collection(w: World, i: int) -> None:
    w.create_collection({"displayName": f"Things {i}", "singularName": f"Thing {i}",
                         "fields": [{"type": "PlainText", "displayName": "Note"}]})


def _script(w: World, i: int) -> None:
    _ok(w.http().post(f"/sites/{w.site_id}/registered_scripts/inline",
                      json={"displayName": f"Script {i}", "sourceCode": f"console.log({i});", "version": "1.0.0"}))


CASES = [
    Case("list-pages", _page, lambda w: f"/sites/{w.site_id}/pages"),
    Case("list-forms", _form, lambda w: f"/sites/{w.site_id}/forms"),
    Case("list-form-submissions", _submission, lambda w: f"/forms/{_form_id(w)}/submissions",
         setup=_form_with_submissions),
    Case("list-assets", _asset, lambda w: f"/sites/{w.site_id}/assets"),
    Case("list-asset-folders", _folder, lambda w: f"/sites/{w.site_id}/asset_folders"),
    Case("list-redirects", _redirect, lambda w: f"/sites/{w.site_id}/redirects"),
    Case("list-webhooks", _webhook, lambda w: f"/sites/{w.site_id}/webhooks"),
    Case("list-collections", _collection, lambda w: f"/sites/{w.site_id}/collections"),
    Case("list-scripts", _script, lambda w: f"/sites/{w.site_id}/registered_scripts"),
]


@pytest.fixture(scope="module")
def counted(database_url: str) -> Iterator[tuple[RunningServer, Recorder]]:
    rec = Recorder()
    with serve(database_url, hooks=[rec.hook], webhook_dispatcher=False) as server:
        yield server, rec


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_reads_cost_the_same_statements_at_any_size(counted: tuple[RunningServer, Recorder], case: Case) -> None:
    server, rec = counted
    w = build(server.url)
    try:
        if case.setup:
            case.setup(w)
        c = w.http()
        by_size: dict[int, list[str]] = {}
        made = 0
        for size in (1, 6):
            while made < size:
                case.make(w, made)
                made += 1
            path = case.read(w)
            c.get(path).raise_for_status()  # fills the process's caches
            with rec.counting() as seen:
                r = c.get(path)
            assert r.status_code == 200, r.text
            by_size[size] = list(seen)
        counts = {n: len(s) for n, s in by_size.items()}
        assert counts[1] == counts[6], f"{case.name}: statements by size {counts}:\n  " + "\n  ".join(by_size[6])
    finally:
        w.close()
