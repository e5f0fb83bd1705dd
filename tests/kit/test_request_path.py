"""The one request path: routing from the spec table, statement counts, and the family kit's start-up checks."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event

from tests.support.server import serve
from tests.support.world import FULL, World, build
from webflow_local.docs_ops import EXTRA_OPERATIONS
from webflow_local.kit.family import Family, Op
from webflow_local.kit.routing import RouteTable, RoutingError
from webflow_local.runtime import Runtime, discover_families
from webflow_local.spec_ops import OPERATIONS


class Statements:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def hook(self, app: FastAPI, runtime: Runtime) -> None:
        event.listen(runtime.engine, "before_cursor_execute",
                     lambda conn, cur, sql, params, ctx, many: self.seen.append(sql))

    def during(self, fn: Any) -> list[str]:
        self.seen.clear()
        fn()
        # BEGIN/COMMIT are the transaction, not statements of the request.
        return [s for s in self.seen if not s.startswith(("BEGIN", "COMMIT"))]


@pytest.fixture
def counted(database_url: str) -> Iterator[tuple[World, Statements]]:
    stmts = Statements()
    with serve(database_url, hooks=[stmts.hook], webhook_dispatcher=False) as s:
        world = build(s.url)
        yield world, stmts
        world.close()


def test_get_item_is_two_statements(counted: tuple[World, Statements]) -> None:
    world, stmts = counted
    c = world.http()
    coll = world.create_collection({"displayName": "Posts", "singularName": "Post"})
    item = c.post(f"/collections/{coll['id']}/items/bulk",
                  json={"cmsLocaleIds": [world.en, world.fr], "fieldData": {"name": "A", "slug": "a"}}).json()
    url = f"/collections/{coll['id']}/items/{item['items'][0]['id']}"
    c.get(url)  # the first read of a collection fills the process's caches
    for query in ("", f"?cmsLocaleId={world.fr}"):
        seen = stmts.during(lambda q=query: c.get(url + q).raise_for_status())  # type: ignore[misc]
        assert len(seen) <= 2, seen
    # A change to a cached table (a new field) is seen on the next request, which reloads what it needs.
    c.post(f"/collections/{coll['id']}/fields", json={"type": "PlainText", "displayName": "Extra"})
    assert c.get(url).status_code == 200
    seen = stmts.during(lambda: c.get(url).raise_for_status())
    assert len(seen) <= 2, seen


def test_routes_come_from_the_spec(world: World) -> None:
    c = world.http(validate=False)
    body = c.get("/nothing/here").json()
    assert body["code"] == "resource_not_found" and body["message"] == "Route not found"
    r = c.get(f"/collections/{'0' * 24}/items/bulk")  # a literal segment, not an item id
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    assert list(r.json()) == ["message", "code", "externalReference", "details"]
    # v2-only operations are absent under /beta.
    assert world.http(prefix="beta", validate=False).get(f"/sites/{world.site_id}/custom_fonts").status_code == 404


def _without_list_products(app: FastAPI, runtime: Runtime) -> None:
    """The server as it would be if no family served list-products."""
    from webflow_local.docs_ops import EXTRA_OPERATIONS

    runtime.families = [replace(f, operations=tuple(o for o in f.operations if o.operation_id != "list-products"))
                        for f in runtime.families]
    runtime.table = RouteTable(OPERATIONS, runtime.families, EXTRA_OPERATIONS)


def test_an_operation_no_family_serves_is_501(database_url: str) -> None:
    """In the spec, not served: 501 in Webflow's envelope, so a user can tell it from a typo (every spec
    operation is served today, so the test takes one away)."""
    with serve(database_url, hooks=[_without_list_products], webhook_dispatcher=False) as s:
        world = build(s.url)
        try:
            r = world.http(validate=False).get(f"/sites/{world.site_id}/products")
            assert r.status_code == 501 and "list-products" in r.json()["message"]
            assert list(r.json()) == ["message", "code", "externalReference", "details"]
        finally:
            world.close()


def test_auth_wins_over_bad_input(world: World) -> None:
    """401/403 before the body is looked at, as on Webflow."""
    r = world.http(None).post(f"/sites/{world.site_id}/collections", content=b"{not json")
    assert r.status_code == 401
    r = world.http().post(f"/sites/{world.site_id}/collections", content=b"{not json")
    assert r.status_code == 400 and r.json()["code"] == "bad_request"


def test_an_unknown_operation_id_fails_at_start_up() -> None:
    typo = Family("typo", operations=(Op("list-colections", lambda ctx, c: None),))
    with pytest.raises(RoutingError, match="list-colections"):
        RouteTable(OPERATIONS, [typo])
    twice = [Family("a", operations=(Op("list-sites", lambda ctx, c: None),)),
             Family("b", operations=(Op("list-sites", lambda ctx, c: None),))]
    with pytest.raises(RoutingError, match="list-sites"):
        RouteTable(OPERATIONS, twice)


def test_a_family_package_is_found_without_editing_anything(tmp_path: Path) -> None:
    pkg = tmp_path / "extra_families"
    (pkg / "products").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "products" / "__init__.py").write_text("")
    (pkg / "products" / "family.py").write_text(
        "from webflow_local.kit.family import Family, Op\n"
        "FAMILY = Family('products', operations=(Op('list-products', lambda ctx, c: {'items': []}),))\n")
    (pkg / "notafamily").mkdir()
    (pkg / "notafamily" / "__init__.py").write_text("")
    sys.path.insert(0, str(tmp_path))
    try:
        found = discover_families("extra_families")
    finally:
        sys.path.remove(str(tmp_path))
    assert [f.name for f in found] == ["products"]
    # The family that serves list-products today gives it up to the one found here.
    mine = [replace(f, operations=tuple(o for o in f.operations if o.operation_id != "list-products"))
            for f in discover_families()]
    table = RouteTable(OPERATIONS, [*mine, *found], EXTRA_OPERATIONS)
    assert any(r.operation_id == "list-products" and r.op is not None for r in table.served())


def test_every_family_has_the_same_shape() -> None:
    root = Path(__file__).resolve().parents[2] / "src" / "webflow_local" / "api"
    for fam in discover_families():
        files = {p.name for p in (root / fam.name).iterdir() if p.suffix == ".py"}
        assert {"__init__.py", "family.py", "service.py"} <= files, (fam.name, files)
        assert "routes.py" not in files
        # Where each declared part lives, the same in every family.
        for part, module in ((fam.admin, "admin_routes.py"), (fam.public, "public.py"), (fam.tables, "tables.py"),
                             (fam.tables, "repository.py")):
            if part:
                assert module in files, (fam.name, module)


def test_unknown_token_is_cached_but_a_new_token_works(world: World) -> None:
    """A token created after an unknown-token lookup was cached is accepted at once (the write replaced the
    generation)."""
    r = httpx.get(f"{world.base}/v2/sites", headers={"Authorization": f"Bearer {'9' * 64}"})
    assert r.status_code == 401
    made = world.admin().post("/tokens", json={"siteId": world.site_id, "scopes": "all", "value": "9" * 64})
    assert made.status_code == 201, made.text
    assert httpx.get(f"{world.base}/v2/sites", headers={"Authorization": f"Bearer {'9' * 64}"}).status_code == 200
    assert FULL
