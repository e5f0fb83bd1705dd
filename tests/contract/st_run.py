"""Schemathesis against a live webflow-local, for every implemented operation of both spec files.

    python -m tests.contract.st_run                       # the bounded run CI does (a few minutes)
    python -m tests.contract.st_run --max-examples 200    # a longer run
    python -m tests.contract.st_run --backend postgresql --prefix beta -- --seed 1 --workers 1

It starts a server on a fresh database (tests/support/server.py), seeds it (tests/support/world.py plus a CMS
fixture below), writes the normalised spec (scripts/normalise_spec.py) to a temp dir keeping only the operations
the app registers for that prefix, and runs the schemathesis CLI with every check. Extra arguments after `--`
go to `schemathesis run`. Exit status: 0 when every prefix passed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import normalise_spec  # noqa: E402
import spec as spec_files  # noqa: E402

from tests.support.server import fresh_database, serve  # noqa: E402
from tests.support.world import FULL, WORKSPACE, build  # noqa: E402

PREFIXES = tuple(spec_files.PREFIXES)
# Failures found by schemathesis in src/ and reported, not yet fixed: each entry says why. A new failure fails
# the run; fixing one leaves a stale entry that `--prune-baseline` drops.
BASELINE = Path(__file__).resolve().parent / "st_baseline.json"
BOUNDED_MAX_EXAMPLES = 10
CONFIG = Path(__file__).resolve().parent / "schemathesis.toml"  # per-operation settings


@dataclass
class Outcome:
    prefix: str
    returncode: int
    output: str
    hits: list[str]  # "METHOD template status", one per response


def implemented(prefix: str) -> set[tuple[str, str]]:
    """(METHOD, spec path) the app registers under this prefix, of the spec's operations (not the ones only
    Webflow's docs describe, docs_ops.py: schemathesis cannot reach what the spec lacks)."""
    from webflow_local.app import create_app
    from webflow_local.config import Settings
    from webflow_local.spec_ops import OPERATIONS

    with tempfile.TemporaryDirectory() as tmp:
        # The engine is lazy: nothing is created at this path.
        app = create_app(Settings(database_url=f"sqlite:///{tmp}/unused.sqlite3"))
        ops = app.state.runtime.route_ops
    start = len(prefix) + 1
    spec = {(method, path) for (method, path) in OPERATIONS.get(prefix, {})}
    return {(method, path[start:]) for (method, path), op in ops.items()
            if op.prefix == prefix and (method, path[start:]) in spec}


def restricted(doc: dict[str, Any], keep: set[tuple[str, str]]) -> tuple[dict[str, Any], list[str]]:
    """The spec with only the paths that have a kept operation, and the operationIds on those paths that are
    not kept: they stay declared (they answer 501 "not implemented in webflow-local", not 405) and the run
    skips them."""
    paths: dict[str, Any] = {}
    skipped: list[str] = []
    for path, item in doc["paths"].items():
        methods = {m: op for m, op in item.items() if m in spec_files.METHODS}
        if any((m.upper(), path) in keep for m in methods):
            paths[path] = item
            skipped += [op["operationId"] for m, op in methods.items() if (m.upper(), path) not in keep]
    return {**doc, "paths": paths}, skipped


# Webhook targets stay on loopback (and the run's server delivers none: webhook_dispatcher=False).
HOOK_URL = "http://127.0.0.1:9/webflow-local-st"
OBJECT_ID = r"^[0-9a-f]{24}$"
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
COLOR = r"^(#[0-9a-f]{6})?$"  # empty clears the field


def _field_data(required: list[str]) -> dict[str, Any]:
    """The seeded Articles collection's item schema (see seed()): the spec leaves fieldData open because it
    depends on the collection; here it is the collection's actual fields, unknown keys refused."""
    props = {
        "name": {"type": "string", "minLength": 1, "maxLength": 256, "pattern": r"^[^\r\n\x00]*[^\s\x00][^\r\n\x00]*$"},
        "slug": {"type": "string", "minLength": 1, "maxLength": 256, "pattern": SLUG},
        # Optional fields: null clears them. PlainText fields are single-line.
        "summary": {"type": ["string", "null"], "pattern": r"^[^\r\n\x00]*$"},
        # Number values are bounded by JavaScript's safe integers (docs/deviations.md).
        "rating": {"type": ["number", "null"], "minimum": -(2**53 - 1), "maximum": 2**53 - 1},
        "featured": {"type": ["boolean", "null"]},
        "tint": {"type": ["string", "null"], "pattern": COLOR},
    }
    return {"type": "object", "properties": props, "required": required, "additionalProperties": False}


def _specialise_node(node: Any, state: dict[str, Any], key: str = "", items: bool = True) -> Any:
    """`items`: a fieldData is an item of the seeded collection (not a product's or SKU's, whose keys the spec
    lists)."""
    if isinstance(node, list):
        return [_specialise_node(n, state, items=items) for n in node]
    if not isinstance(node, dict):
        return node
    if key == "fieldData" and items:
        return _specialise_field_data(node)
    out = {k: _specialise_node(v, state, k, items) for k, v in node.items() if k not in {"example", "examples"}}
    if out.get("format") in ("objectid", "objectId") and "pattern" not in out:
        out["pattern"] = OBJECT_ID
    props = out.get("properties")
    if isinstance(props, dict):
        if key == "metadata" and "collectionId" in props:
            props["collectionId"] = {"type": "string", "enum": [state["items_collection_id"]]}
        if "triggerType" in props and "url" in props:
            props["url"] = {"type": "string", "enum": [state["hook_url"]]}
        for name, ids in (("cmsLocaleId", state["locale_ids"]), ("customDomains", state["domain_ids"])):
            if name in props:
                props[name] = _enum_of(props[name], ids)
        if "localeId" in props and "pages" not in props:
            # A bulk page entry's localeId: a secondary site locale (the primary is left out instead).
            props["localeId"] = {"type": "string", "enum": state["site_locale_ids"][1:]}
        if "cmsLocaleIds" in props:
            props["cmsLocaleIds"] = _enum_of(props["cmsLocaleIds"], state["locale_ids"])
        # Item ids stay ObjectId-shaped rather than an enum of the seeded ones: items created during the run
        # (stateful links) are valid too, and an enum would make schemathesis call them invalid input.
    return out


def _enum_of(schema: dict[str, Any], ids: list[str]) -> dict[str, Any]:
    """An id property (or array of ids) limited to the seeded world's ids."""
    if schema.get("type") == "array" or "array" in (schema.get("type") or []):
        return {"type": "array", "items": {"type": "string", "enum": ids}}
    return {"type": "string", "enum": ids}


def _specialise_field_data(node: dict[str, Any]) -> dict[str, Any]:
    if "oneOf" in node or "anyOf" in node:
        key = "oneOf" if "oneOf" in node else "anyOf"
        return {key: [_specialise_field_data(m) for m in node[key]]}
    if node.get("type") == "array":
        # The server takes up to 100 entries (MAX_BATCH): a narrower test schema would make 11 look invalid.
        return {"type": "array", "minItems": 1, "maxItems": 100, "items": _specialise_field_data(node["items"])}
    return _field_data(list(node.get("required", [])))


def _specialise_shop(node: Any, state: dict[str, Any]) -> None:
    """Product and SKU bodies: prices are in the seeded shop's currency, categories are its category items."""
    if isinstance(node, list):
        for n in node:
            _specialise_shop(n, state)
        return
    if not isinstance(node, dict):
        return
    props = node.get("properties")
    if isinstance(props, dict):
        for key in ("unit", "currency"):
            if key in props and "value" in props:
                props[key] = {"type": "string", "enum": [state["currency"]]}
        category = props.get("category")
        if isinstance(category, dict) and isinstance(category.get("items"), dict):
            category["items"] = {"type": "string", "enum": state["category_ids"]}
    for v in node.values():
        _specialise_shop(v, state)


def specialise(doc: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
    """Test-time narrowing of the (normalised) spec to the seeded world, listed in docs/deviations.md:
    item fieldData is the seeded collection's schema; locale and custom-domain ids are the seeded site's.
    Only request-side schemas change (bodies and parameters); responses are checked as the spec says."""
    paths: dict[str, Any] = {}
    for path, item in doc["paths"].items():
        paths[path] = {}
        for method, op in item.items():
            if method not in spec_files.METHODS:
                paths[path][method] = op
                continue
            op = dict(op)
            if "requestBody" in op:
                op["requestBody"] = _specialise_node(op["requestBody"], state, items="/products" not in path)
                if path.startswith("/sites/{site_id}/products"):
                    _specialise_shop(op["requestBody"], state)
            params = []
            for prm in _specialise_node(op.get("parameters", []), state):
                if prm.get("name") == "cmsLocaleId":
                    prm = {k: v for k, v in prm.items() if k not in {"example", "examples"}}
                    prm["schema"] = {"type": "string", "enum": state["locale_ids"]}
                if prm.get("name") == "localeId" and prm.get("in") == "query":
                    # Pages take site locale ids (locales.id); DOM writes only a secondary one.
                    prm = {k: v for k, v in prm.items() if k not in {"example", "examples"}}
                    ids = state["site_locale_ids"][1:] if method == "post" else state["site_locale_ids"]
                    prm["schema"] = {"type": "string", "enum": ids}
                params.append(prm)
            if params:
                op["parameters"] = params
            paths[path][method] = op
    return {**doc, "paths": paths}


def _ok(r: httpx.Response, *codes: int) -> dict[str, Any]:
    assert r.status_code in codes, f"{r.request.method} {r.request.url}: {r.status_code} {r.text}"
    body: dict[str, Any] = r.json() if r.content else {}
    return body


def seed(base: str) -> dict[str, Any]:
    """The standard world plus a CMS fixture: a collection of items (staged and live in three locales) and a
    collection whose fields the field operations may change; pages, a form with submissions, an asset folder
    with assets, and custom fonts."""
    world = build(base)
    c = httpx.Client(base_url=f"{base}/v2", headers={"Authorization": f"Bearer {FULL}"}, timeout=30)
    try:
        items_coll = _ok(c.post(f"/sites/{world.site_id}/collections", json={
            "displayName": "Articles", "singularName": "Article",
            "fields": [{"type": "PlainText", "displayName": "Summary"}, {"type": "Number", "displayName": "Rating"},
                       {"type": "Switch", "displayName": "Featured"}, {"type": "Color", "displayName": "Tint"}],
        }), 200)
        fields_coll = _ok(c.post(f"/sites/{world.site_id}/collections", json={
            "displayName": "Field Box", "singularName": "Field Box Entry",
            "fields": [{"type": "PlainText", "displayName": f"Spare {n}"} for n in range(3)],
        }), 200)
        item_ids = []
        for n in range(3):
            bulk = _ok(c.post(f"/collections/{items_coll['id']}/items/bulk", json={
                "cmsLocaleIds": list(world.locales.values()), "isDraft": False,
                "fieldData": {"name": f"Article {n}", "slug": f"article-{n}", "summary": "seeded", "rating": n},
            }), 202)
            item_ids.append(bulk["items"][0]["id"])
        _ok(c.post(f"/collections/{items_coll['id']}/items/publish", json={"itemIds": item_ids[:2]}), 202)
        field_ids = [f["id"] for f in fields_coll["fields"] if f["slug"].startswith("spare")]
        domains = _ok(c.get(f"/sites/{world.site_id}/custom_domains"), 200)["customDomains"]
        hook = _ok(c.post(f"/sites/{world.site_id}/webhooks", json={"triggerType": "site_publish", "url": HOOK_URL}),
                   200, 201)
        with httpx.Client(base_url=f"{base}/_admin", timeout=30) as admin:
            page_ids = [_ok(admin.post(f"/sites/{world.site_id}/pages", json={
                "title": f"Page {n}", "nodes": [{"type": "text", "html": "<p>Hi</p>"},
                                                {"type": "submit-button", "value": "Go", "waitingText": "..."}]}),
                            201)["id"] for n in range(2)]
            forms = _seed_forms(admin, world.site_id)
            component_ids = [_ok(admin.post(f"/sites/{world.site_id}/components", json={
                "name": "Hero", "nodes": [{"type": "text", "html": "<h2>Hi</h2>"}],
                "properties": [{"type": "Plain Text", "label": "Heading", "text": "Hello"},
                               {"type": "Rich Text", "label": "Body", "text": "<p>Read on.</p>"}]}), 201)["id"]]
            _ok(admin.post("/users", json={"email": "st@example.test", "firstName": "S", "lastName": "T",
                                           "workspaceId": world.workspace_id}), 201)
            thread_ids = [_ok(admin.post(f"/sites/{world.site_id}/comment_threads", json={
                "page": page_ids[0], "author": "st@example.test", "content": "Seeded",
                "replies": [{"author": "st@example.test", "content": "Reply"}]}), 201)["id"]]
            shop = _seed_shop(admin, c, world.site_id)
        files = _seed_files(c, world.site_id)
    finally:
        c.close()
        world.close()
    return {**forms, **files, **shop, "base": base, "token": FULL, "site_id": world.site_id,
            "locale_ids": list(world.locales.values()),
            "items_collection_id": items_coll["id"], "fields_collection_id": fields_coll["id"],
            "item_ids": item_ids, "field_ids": field_ids, "domain_ids": [d["id"] for d in domains],
            "webhook_ids": [hook["id"]], "hook_url": HOOK_URL, "page_ids": page_ids,
            "component_ids": component_ids, "comment_thread_ids": thread_ids,
            "site_locale_ids": [world.site["locales"]["primary"]["id"],
                                *(loc["id"] for loc in world.site["locales"]["secondary"])],
            "items_field_ids": [f["id"] for f in items_coll["fields"]], "workspace_id": world.workspace_id,
            "workspace_token": WORKSPACE}


HIDDEN_FIELD = "Source"  # the seeded form's one hidden field: the only one a submission update may set


def _seed_shop(admin: httpx.Client, c: httpx.Client, site_id: str) -> dict[str, Any]:
    """Ecommerce on the run's site: two products (one with a second SKU) and three orders, so the order
    actions reach a legal transition before the illegal ones."""
    shop = _ok(admin.post(f"/sites/{site_id}/ecommerce", json={"defaultCurrency": "USD"}), 201, 200)
    products = [_ok(c.post(f"/sites/{site_id}/products", json={
        "product": {"fieldData": {"name": f"Thing {n}", "slug": f"thing-{n}"}},
        "sku": {"fieldData": {"name": f"Thing {n}", "slug": f"thing-{n}-sku", "price": {"value": 100 + n}}}}), 200)
        for n in range(2)]
    sku_ids = [p["skus"][0]["id"] for p in products]
    orders = [_ok(admin.post(f"/sites/{site_id}/orders", json={
        "customer": {"name": f"Buyer {n}", "email": f"buyer{n}@example.com"},
        "lineItems": [{"skuId": sku_ids[n % 2], "count": 1}]}), 201)["orderId"] for n in range(3)]
    category = _ok(c.post(f"/collections/{shop['categoriesCollectionId']}/items",
                          json={"isDraft": False, "fieldData": {"name": "Things", "slug": "things"}}), 202)
    return {"product_ids": [p["product"]["id"] for p in products], "sku_ids": sku_ids, "order_ids": orders,
            "sku_collection_ids": [shop["skusCollectionId"]], "category_ids": [category["id"]],
            "currency": shop["defaultCurrency"]}


def _seed_forms(admin: httpx.Client, site_id: str) -> dict[str, Any]:
    """A form (with a hidden field) and submissions, as the site makes them."""
    form = _ok(admin.post(f"/sites/{site_id}/forms", json={
        "displayName": "Contact", "page": "contact",
        "fields": [{"displayName": "Name"}, {"displayName": "Email", "type": "Email"},
                   {"displayName": HIDDEN_FIELD, "userVisible": False}]}), 201)
    subs = [_ok(admin.post(f"/sites/{site_id}/forms/{form['id']}/submissions",
                           json={"data": {"Name": f"Visitor {n}", "Email": f"v{n}@example.com"}}), 201)["id"]
            for n in range(2)]
    return {"form_ids": [form["id"]], "submission_ids": subs, "hidden_field": HIDDEN_FIELD}


def _seed_files(c: httpx.Client, site_id: str) -> dict[str, Any]:
    """An asset folder, assets (one uploaded) and custom fonts (static: a replace-file needs no axes)."""
    import hashlib

    folder = _ok(c.post(f"/sites/{site_id}/asset_folders", json={"displayName": "Seeded"}), 200)
    asset_ids = []
    for n in range(2):
        data = f"seeded asset {n}".encode()
        a = _ok(c.post(f"/sites/{site_id}/assets", json={"fileName": f"seeded-{n}.txt",
                                                          "fileHash": hashlib.md5(data).hexdigest(),
                                                          "parentFolder": folder["id"]}), 200)
        if n == 0:
            up = httpx.post(a["uploadUrl"], data=a["uploadDetails"], files={"file": ("f", data)}, timeout=30)
            assert up.status_code == 201, up.text
        asset_ids.append(a["id"])
    font_ids = [_ok(c.post(f"/sites/{site_id}/custom_fonts", json={
        "fileName": f"Seeded-{n}.woff2", "fileHash": hashlib.md5(bytes([n])).hexdigest(), "fontFamily": "Seeded",
        "weight": 400 + 100 * n, "italic": False, "fontDisplay": "swap"}), 202)["customFont"]["id"] for n in range(2)]
    return {"asset_folder_ids": [folder["id"]], "asset_ids": asset_ids, "font_ids": font_ids}


@contextmanager
def live_server(backend: str, tmp: Path) -> Iterator[str]:
    tmp.mkdir(parents=True, exist_ok=True)
    with fresh_database(backend, tmp) as url, serve(url, webhook_dispatcher=False) as server:
        yield server.url


def run_prefix(prefix: str, base: str, spec_path: Path, state_path: Path, tmp: Path,
               max_examples: int, extra: list[str]) -> Outcome:
    log = tmp / f"hits-{prefix}.log"
    log.unlink(missing_ok=True)
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.contract.st_hooks", "WEBFLOW_LOCAL_ST_STATE": str(state_path),
           "WEBFLOW_LOCAL_ST_LOG": str(log),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    cmd = [sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG), "run", str(spec_path), "--url",
           f"{base}/{prefix}",
           # Every check (schemathesis.toml turns one off for a few operations, which `--checks all` would
           # override), and responses within 10 s (what `--checks all` sets).
           "-H", f"Authorization: Bearer {FULL}", "--max-response-time", "10", "--max-examples", str(max_examples),
           "--seed", "20260526", "--workers", "1", "--no-color", "--baseline", str(BASELINE), *extra]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    hits = log.read_text().splitlines() if log.exists() else []
    return Outcome(prefix, proc.returncode, proc.stdout + proc.stderr, hits)


def run(prefixes: tuple[str, ...] = PREFIXES, backend: str = "sqlite", max_examples: int = BOUNDED_MAX_EXAMPLES,
        extra: list[str] | None = None) -> list[Outcome]:
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="webflow-local-st-") as tmp_s:
        tmp = Path(tmp_s)
        files, _ = normalise_spec.write(tmp / "spec")
        for prefix in prefixes:
            keep = implemented(prefix)
            # A fresh server per prefix: each run starts from the same seeded state.
            with live_server(backend, tmp / f"db-{prefix}") as base:
                state = seed(base)
                state_path = tmp / f"state-{prefix}.json"
                state_path.write_text(json.dumps(state))
                doc, skipped = restricted(json.loads(files[prefix].read_text()), keep)
                spec_path = tmp / f"{prefix}-implemented.json"
                spec_path.write_text(json.dumps(specialise(doc, state)))
                skip_args = [a for op_id in skipped for a in ("--exclude-operation-id", op_id)]
                outcomes.append(run_prefix(prefix, base, spec_path, state_path, tmp, max_examples,
                                           [*skip_args, *(extra or [])]))
    return outcomes


def main(argv: list[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    extra = args_in[args_in.index("--") + 1:] if "--" in args_in else []
    own = args_in[: args_in.index("--")] if "--" in args_in else args_in
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prefix", default=",".join(PREFIXES), help="comma-separated: v2,beta")
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument("--max-examples", type=int, default=BOUNDED_MAX_EXAMPLES)
    args = parser.parse_args(own)
    prefixes = tuple(p for p in args.prefix.split(",") if p)
    failed = 0
    for out in run(prefixes, args.backend, args.max_examples, extra):
        print(f"===== schemathesis /{out.prefix}: exit {out.returncode}, {len(out.hits)} requests =====")
        print(out.output)
        failed += out.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
