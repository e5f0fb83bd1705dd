"""Across the families: errors, the auth matrix of every served operation, rate limits, the clock, the control
plane, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from webflow.core.api_error import ApiError

from tests.support.server import serve
from tests.support.wire import ZERO_ID, err
from tests.support.world import FULL, NO_SCOPES, OTHER_SITE, READ_ONLY, World, build
from tests.test_scopes import SCOPE_FREE
from webflow_local.runtime import Runtime


# -- errors ------------------------------------------------------------------------------------------
def test_malformed_bodies_and_routes(world: World) -> None:
    c = world.http()
    url = f"/sites/{world.site_id}/collections"
    r = c.post(url, content=b"{not json", headers={"content-type": "application/json"})
    err(r, 400, "bad_request")
    body = err(c.post(url, json={"displayName": 5, "singularName": "x"}), 400, "validation_error")
    assert body["details"][0]["param"] == "displayName"
    err(c.post(url, json=[1, 2]), 400, "validation_error")
    raw = world.http(validate=False)
    err(raw.get("/no/such/route"), 404, "resource_not_found")
    err(raw.put(f"/sites/{world.site_id}"), 405, "bad_request")
    assert c.get(f"/sites/{world.site_id}/collections").json()["collections"] == []


def test_oversized_body_is_413(world: World) -> None:
    r = world.http(validate=False).post(f"/sites/{world.site_id}/collections",
                                        content=b'{"displayName":"' + b"x" * (5 * 1024 * 1024) + b'"}',
                                        headers={"content-type": "application/json"})
    err(r, 413, "bad_request")
    assert world.http().get(f"/sites/{world.site_id}/collections").json()["collections"] == []


def _boom_route() -> None:
    raise RuntimeError("secret internals /etc/passwd")


def _boom(ctx: Any, call: Any) -> None:
    _boom_route()


def _boom_hook(app: FastAPI, runtime: Runtime) -> None:
    """A control-plane route and an API operation (a family serving list-products) that both raise."""
    from dataclasses import replace

    from webflow_local.docs_ops import EXTRA_OPERATIONS
    from webflow_local.kit.family import Family, Op
    from webflow_local.kit.routing import RouteTable
    from webflow_local.spec_ops import OPERATIONS

    app.get("/_test/boom")(_boom_route)
    # The family that serves list-products (if any) gives it up to "boom".
    kept = [replace(f, operations=tuple(o for o in f.operations if o.operation_id != "list-products"))
            for f in runtime.families]
    runtime.families = [*kept, Family("boom", operations=(Op("list-products", _boom),))]
    runtime.table = RouteTable(OPERATIONS, runtime.families, EXTRA_OPERATIONS)


def test_unexpected_exception_is_500_without_internals(database_url: str) -> None:
    with serve(database_url, hooks=[_boom_hook]) as s, httpx.Client(base_url=s.url) as c:
        world = build(s.url)
        world.close()
        for path, token in [("/_test/boom", None), (f"/v2/sites/{world.site_id}/products", FULL)]:
            r = c.get(path, headers={"Authorization": f"Bearer {token}"} if token else {})
            body = err(r, 500, "internal_error")
            assert "secret" not in r.text and body["message"] == "An Internal Error occurred"
            # The connection survives the error: the next request on it is answered.
            assert c.get("/v2/sites").status_code == 401


# -- auth matrix: every implemented operation ---------------------------------------------------------
def _all_ops() -> list[tuple[str, str, str, tuple[str, ...]]]:
    """Every operation the app serves, with the scopes its spec entry requires (no database is opened)."""
    import tempfile

    from webflow_local.app import create_app
    from webflow_local.config import Settings

    url = f"sqlite:///{tempfile.gettempdir()}/webflow-local-ops-listing.sqlite3"
    rt: Runtime = create_app(Settings(database_url=url)).state.runtime
    rt.engine.dispose()
    return sorted((m, p, op.operation_id, op.scopes) for (m, p), op in rt.route_ops.items())


OPS = _all_ops()


def row_counts(database_url: str) -> dict[str, int]:
    """Rows of every table: what "nothing changed" means for the auth matrix, whatever the family."""
    from sqlalchemy import func, select

    from webflow_local.db.engine import make_oneshot_engine
    from webflow_local.runtime import all_tables

    engine = make_oneshot_engine(database_url)
    try:
        with engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in all_tables()
                    if not t.info.get("not_state")}
    finally:
        engine.dispose()


@pytest.fixture
def matrix_ids(world: World) -> dict[str, str]:
    c = world.http()
    coll = world.create_collection({"displayName": "Matrix", "singularName": "Matrix",
                                    "fields": [{"type": "PlainText", "displayName": "Extra"}]})
    field_id = next(f["id"] for f in coll["fields"] if f["slug"] == "extra")
    item = c.post(f"/collections/{coll['id']}/items/live", json={"fieldData": {"name": "I", "slug": "i"}}).json()
    hook = c.post(f"/sites/{world.site_id}/webhooks", json={"triggerType": "site_publish",
                                                            "url": "https://example.com/matrix"}).json()
    folder = c.post(f"/sites/{world.site_id}/asset_folders", json={"displayName": "Matrix"}).json()
    asset = c.post(f"/sites/{world.site_id}/assets", json={"fileName": "m.png", "fileHash": "0" * 32}).json()
    page = world.admin().post(f"/sites/{world.site_id}/pages", json={"title": "Matrix"}).json()
    redirect = c.post(f"/sites/{world.site_id}/redirects", json={"fromUrl": "/matrix", "toUrl": "/m"}).json()
    c.patch(f"/sites/{world.site_id}/integrations/google_tags",
            json={"googleTagIds": [{"tagId": "G-MATRIX1", "displayName": "Matrix"}]})
    admin = world.admin()
    form = admin.post(f"/sites/{world.site_id}/forms", json={"displayName": "Matrix", "page": "matrix",
                                                            "fields": [{"displayName": "Name"}]}).json()
    sub = admin.post(f"/sites/{world.site_id}/forms/{form['id']}/submissions", json={"data": {"Name": "M"}}).json()
    font = c.post(f"/sites/{world.site_id}/custom_fonts", json={
        "fileName": "M.woff2", "fileHash": "0" * 32, "fontFamily": "M", "weight": 400, "italic": False,
        "fontDisplay": "swap"}).json()["customFont"]
    shop = admin.post(f"/sites/{world.site_id}/ecommerce", json={"defaultCurrency": "USD"}).json()
    product = c.post(f"/sites/{world.site_id}/products", json={
        "product": {"fieldData": {"name": "M", "slug": "m"}},
        "sku": {"fieldData": {"name": "M", "slug": "m-sku", "price": {"value": 100}}}}).json()
    sku_id = product["skus"][0]["id"]
    order = admin.post(f"/sites/{world.site_id}/orders", json={"customer": {"name": "M", "email": "m@example.com"},
                                                              "lineItems": [{"skuId": sku_id, "count": 1}]}).json()
    component = admin.post(f"/sites/{world.site_id}/components", json={"name": "Matrix"}).json()
    admin.post("/users", json={"email": "matrix@example.test", "firstName": "M", "lastName": "X",
                               "workspaceId": world.workspace_id})
    thread = admin.post(f"/sites/{world.site_id}/comment_threads", json={
        "page": "matrix", "author": "matrix@example.test", "content": "Matrix"}).json()
    return {"site_id": world.site_id, "collection_id": coll["id"], "field_id": field_id, "item_id": item["id"],
            "webhook_id": hook["id"], "workspace_id": world.workspace_id, "asset_id": asset["id"],
            "workspace_id_or_slug": world.workspace_id,
            "asset_folder_id": folder["id"], "page_id": page["id"], "redirect_id": redirect["id"],
            "tag_id": "G-MATRIX1", "form_id": form["id"], "form_submission_id": sub["id"], "font_id": font["id"],
            "product_id": product["product"]["id"], "sku_id": sku_id, "order_id": order["orderId"],
            "sku_collection_id": shop["skusCollectionId"], "component_id": component["id"],
            "comment_thread_id": thread["id"]}


def test_every_served_operation_is_in_the_matrix() -> None:
    # Each (method, path) once; one operationId may serve several paths (v2's list-submissions has two).
    assert len(OPS) >= 60 and len({(m, p) for m, p, _, _ in OPS}) == len(OPS)


OP_IDS = [f"{p.split('/')[1]}:{op}" for _, p, op, _ in OPS]


@pytest.mark.parametrize(("method", "path", "op_id", "scopes"), OPS, ids=OP_IDS)
def test_auth_matrix(world: World, matrix_ids: dict[str, str], database_url: str, method: str, path: str,
                     op_id: str, scopes: tuple[str, ...]) -> None:
    """No token or an unknown one -> 401; a token without the scope -> 403 missing_scopes; another site's
    token -> 403 forbidden (owners are checked before bodies, so an empty body does); and none of them
    changes a row of any table. A new family's operations are covered without editing this test; its
    forbidden check needs its path parameters in matrix_ids."""
    url = path
    for k, v in matrix_ids.items():
        url = url.replace("{" + k + "}", v)
    body = {} if method in {"POST", "PUT", "PATCH", "DELETE"} else None
    prefix, rest = url.split("/", 2)[1], "/" + url.split("/", 2)[2]
    before = row_counts(database_url)
    for token, status, code in [(None, 401, "not_authorized"), ("f" * 64, 401, "not_authorized")]:
        err(world.http(token, prefix=prefix).request(method, rest, json=body), status, code)
    # Only the documented scope-free operations skip this: a new operation without a scope fails here.
    if op_id.split(":")[-1] not in SCOPE_FREE:
        b = err(world.http(NO_SCOPES, prefix=prefix).request(method, rest, json=body), 403, "missing_scopes")
        assert scopes and b["message"] == f"OAuthForbidden: You are missing the following scopes - {', '.join(scopes)}"
    if "{" in path and "{" not in url:
        err(world.http(OTHER_SITE, prefix=prefix).request(method, rest, json=body), 403, "forbidden")
    assert row_counts(database_url) == before


def test_beta_serves_only_its_operations(world: World) -> None:
    assert world.http(prefix="beta").get(f"/sites/{world.site_id}").status_code == 200
    # authorized_by is in both; custom fonts are v2-only: 404 under /beta.
    err(world.http(prefix="beta", validate=False).get(f"/sites/{world.site_id}/custom_fonts"), 404,
        "resource_not_found")


# -- rate limits and the clock -----------------------------------------------------------------------
def test_rate_limit_headers_and_429(world: World, database_url: str) -> None:
    r = world.http().get("/sites")
    assert r.headers["x-ratelimit-limit"] and r.headers["x-ratelimit-remaining"]
    with serve(database_url, rate_limit=3) as s:
        c = httpx.Client(base_url=f"{s.url}/v2", headers={"Authorization": f"Bearer {READ_ONLY}"})
        remaining = [c.get("/sites").headers["x-ratelimit-remaining"] for _ in range(3)]
        assert remaining == ["2", "1", "0"]
        r = c.get("/sites")
        err(r, 429, "too_many_requests")
        assert r.json()["message"] == "Too Many Requests"
        assert 1 <= int(r.headers["retry-after"]) <= 60
        assert r.headers["x-ratelimit-limit"] == "3"
        # Another token has its own budget.
        assert httpx.get(f"{s.url}/v2/sites", headers={"Authorization": f"Bearer {FULL}"}).status_code == 200
        # The next minute, on the shared clock, opens a new window.
        admin = httpx.Client(base_url=f"{s.url}/_admin")
        admin.post("/clock", json={"freeze": True, "advanceSeconds": 60})
        assert c.get("/sites").status_code == 200
        admin.post("/clock", json={"freeze": False})


def test_frozen_clock_stamps_writes(world: World) -> None:
    admin = world.admin()
    r = admin.post("/clock", json={"at": "2030-01-02T03:04:05.678Z"})
    assert r.json()["now"] == "2030-01-02T03:04:05.678Z"
    coll = world.create_collection({"displayName": "Clocked", "singularName": "Clocked"})
    assert coll["createdOn"] == "2030-01-02T03:04:05.678Z"
    admin.post("/clock", json={"advanceSeconds": 90})
    f = world.http().post(f"/collections/{coll['id']}/fields", json={"type": "Switch", "displayName": "On"})
    assert f.status_code == 200
    assert world.http().get(f"/collections/{coll['id']}").json()["lastUpdated"] == "2030-01-02T03:05:35.678Z"
    assert admin.post("/clock", json={"freeze": False}).json()["frozen"] is False


def test_seeded_ids_are_deterministic(world: World) -> None:
    admin = world.admin()
    made = []
    for _ in range(2):
        admin.post("/reset", json={})
        admin.put("/ids", json={"seed": "repeat-me"})
        made.append(admin.post("/workspaces", json={"displayName": "W"}).json()["id"])
    admin.put("/ids", json={"seed": None})
    assert made[0] == made[1]


# -- control plane -----------------------------------------------------------------------------------
def test_control_plane_sites_locales_tokens(world: World) -> None:
    admin = world.admin()
    site = admin.post("/sites", json={"workspaceId": world.workspace_id, "displayName": "Made Here",
                                      "locales": {"primary": {"displayName": "English", "tag": "en"}}}).json()
    assert site["locales"]["secondary"] == []
    site = admin.post(f"/sites/{site['id']}/locales", json={"displayName": "Spanish", "tag": "es"}).json()
    es = site["locales"]["secondary"][0]
    assert es["subdirectory"] == "es" and es["enabled"] is True
    site = admin.patch(f"/sites/{site['id']}/locales/{es['id']}", json={"enabled": False}).json()
    assert site["locales"]["secondary"][0]["enabled"] is False
    tok = admin.post("/tokens", json={"siteId": site["id"], "scopes": ["sites:read"]}).json()
    assert len(tok["token"]) == 64 and tok["scopes"] == ["sites:read"]
    c = httpx.Client(base_url=f"{world.base}/v2", headers={"Authorization": f"Bearer {tok['token']}"})
    assert c.get(f"/sites/{site['id']}").status_code == 200
    assert tok["token"] not in admin.get("/tokens").text  # shown once, stored hashed
    admin.request("DELETE", f"/tokens/{tok['id']}", json={})
    err(c.get(f"/sites/{site['id']}"), 401, "not_authorized")
    bad = admin.post("/tokens", json={"siteId": site["id"], "scopes": ["nope:read"]})
    assert bad.status_code == 400
    # A token value already in use (a seed run twice) is a conflict, and no second token is made.
    count = len(admin.get("/tokens").json()["tokens"])
    taken = admin.post("/tokens", json={"siteId": site["id"], "scopes": "all", "value": FULL})
    assert taken.status_code == 409 and taken.json()["code"] == "conflict", taken.text
    assert len(admin.get("/tokens").json()["tokens"]) == count


def test_control_plane_needs_admin_token_when_set(database_url: str) -> None:
    with serve(database_url, admin_token="s3cret-admin") as s:
        err(httpx.get(f"{s.url}/_admin/sites"), 401, "not_authorized")
        assert httpx.get(f"{s.url}/_admin/sites", headers={"Authorization": "Bearer s3cret-admin"}).status_code == 200


def test_reset_wipes_everything(world: World) -> None:
    world.create_collection({"displayName": "Gone", "singularName": "Gone"})
    world.admin().post("/reset", json={})
    err(world.http().get("/sites"), 401, "not_authorized")
    assert world.admin().get("/sites").json()["sites"] == []


def test_cli_prints_json(database_url: str, world: World) -> None:
    def cli(*args: str) -> Any:
        out = subprocess.run([sys.executable, "-m", "webflow_local", *args, "--database-url", database_url, "--json"],
                             check=True, capture_output=True, text=True, timeout=120)
        return json.loads(out.stdout)

    sites = cli("sites")["sites"]
    assert world.site_id in [s["id"] for s in sites]
    tok = cli("tokens", "--create", "--site", world.site_id, "--scopes", "cms:read")
    assert httpx.get(f"{world.base}/v2/sites/{world.site_id}/collections",
                     headers={"Authorization": f"Bearer {tok['token']}"}).status_code == 200
    assert cli("clock", "--freeze")["frozen"] is True
    assert cli("clock", "--unfreeze")["frozen"] is False


def test_sdk_raises_typed_errors(world: World) -> None:
    from webflow.errors import NotFoundError, UnauthorizedError

    with pytest.raises(NotFoundError):
        world.sdk().collections.get(ZERO_ID)
    with pytest.raises(UnauthorizedError):
        world.sdk("f" * 64).sites.list()
    with pytest.raises(ApiError):
        world.sdk(NO_SCOPES).sites.list()


def test_generated_spec_module_is_fresh(repo_root: Any) -> None:
    from tests.support import spec_check

    if not spec_check.available():
        pytest.skip("../shared/spec is not on this machine")
    r = subprocess.run([sys.executable, "scripts/gen_spec_ops.py", "--check"], cwd=repo_root, capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_faults_on_purpose(world: World) -> None:
    admin = world.admin()
    c = world.http()
    f = admin.post("/faults", json={"status": 503, "count": 2, "path": "/collections$", "method": "POST"})
    assert f.status_code == 201, f.text
    url = f"/sites/{world.site_id}/collections"
    for _ in range(2):
        r = c.post(url, json={"displayName": "Flaky", "singularName": "Flaky"})
        assert err(r, 503, "service_unavailable")["message"].startswith("Service temporarily unavailable")
    assert c.get(url).json()["collections"] == []  # GETs do not match; the failed POSTs wrote nothing
    assert c.post(url, json={"displayName": "Flaky", "singularName": "Flaky"}).status_code == 200
    assert admin.get("/faults").json()["faults"] == []  # both uses consumed
    admin.post("/faults", json={"status": 429, "path": "/sites"})
    r = c.get("/sites")
    err(r, 429, "too_many_requests")
    assert r.headers["retry-after"] == "60"
    assert admin.request("DELETE", "/faults", json={}).json() == {"faults": []}
    admin.post("/faults", json={"latencyMs": 5, "count": 1})
    assert c.get("/sites").status_code == 200
    assert admin.get("/faults").json()["faults"] == []
    assert admin.post("/faults", json={"path": "("}).status_code == 400
