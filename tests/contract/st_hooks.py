"""Schemathesis hooks (loaded by its CLI through SCHEMATHESIS_HOOKS=tests.contract.st_hooks).

The run script (tests/contract/st_run.py) seeds a live server and writes the ids to a JSON file named by
WEBFLOW_LOCAL_ST_STATE. Here generated path ids are swapped for seeded ones most of the time, so the run
exercises real resources and not only 404s; about one in four generated ids is kept, for the unknown-id
answers. A destructive call (DELETE of a site, collection, field or item) gets a resource made for it just before,
so the shared seeded ones survive the whole run. Every response is logged to WEBFLOW_LOCAL_ST_LOG
("METHOD path-template status") for docs/compatibility.md.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
from functools import cache
from typing import Any

import httpx
import schemathesis
from hypothesis import strategies as st
from schemathesis import Case as _Case
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import negated_parameters

Case = _Case[Any]
OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")
# What the spec's `format: objectid` means on the wire (webflow-behavior.md section 1).
for _name in ("objectid", "objectId"):
    schemathesis.openapi.format(_name, st.from_regex(r"\A[0-9a-f]{24}\Z"))
_unique = itertools.count(1)

State = dict[str, Any]


@cache
def _state() -> State:
    with open(os.environ["WEBFLOW_LOCAL_ST_STATE"]) as f:
        state: State = json.load(f)
    return state


@cache
def _client() -> httpx.Client:
    s = _state()
    return httpx.Client(base_url=f"{s['base']}/v2", headers={"Authorization": f"Bearer {s['token']}"}, timeout=30)


def _pick(value: Any, pool: list[str], name: str = "") -> str | None:
    """A seeded id for a generated value (stable for the same value), or None to keep the generated one.

    Ids that are not ObjectIds (the spec's examples use 20- and 32-char ones) are always swapped; one in four
    well-formed generated ids is kept, for the unknown-id answer. The parameter's name counts too: the
    coverage phase sends one constant id (24 zeros) to every operation, kept for all of them or for none."""
    digest = int(hashlib.sha256(repr((name, value) if name else value).encode()).hexdigest(), 16)
    if isinstance(value, str) and OBJECT_ID.match(value) and digest % 4 == 0:
        return None
    return pool[digest % len(pool)]


def _fresh_slugs(body: Any) -> None:
    """Slugs are unique per collection and locale (a repeat is a 400 on Webflow): a valid case gets its own."""
    if isinstance(body, list):
        for b in body:
            _fresh_slugs(b)
    elif isinstance(body, dict):
        for k, v in body.items():
            if k == "slug" and isinstance(v, str) and v:
                # Slugs have at most 200 characters; a cut that ends in "-" would make "--", which the
                # test-time slug pattern refuses.
                body[k] = f"{v[:190].rstrip('-')}-u{next(_unique)}"
            else:
                _fresh_slugs(v)


def _fresh(kind: str) -> str:
    """A new resource for a DELETE to consume; the seeded ones stay for the other operations."""
    s, c = _state(), _client()
    if kind == "webhook":
        r = c.post(f"/sites/{s['site_id']}/webhooks", json={"triggerType": "site_publish", "url": s["hook_url"]})
    elif kind == "collection":
        n = os.urandom(4).hex()
        r = c.post(f"/sites/{s['site_id']}/collections", json={"displayName": f"Doomed {n}", "singularName": f"D {n}"})
    elif kind == "site":
        # Made with the workspace token: the run's site token may not delete it (403), and the seeded site stays.
        r = httpx.post(f"{s['base']}/v2/workspaces/{s['workspace_id']}/sites", json={"name": "Doomed"},
                       headers={"Authorization": f"Bearer {s['workspace_token']}"}, timeout=30)
    elif kind == "field":
        r = c.post(f"/collections/{s['fields_collection_id']}/fields",
                   json={"type": "PlainText", "displayName": f"Doomed {os.urandom(4).hex()}"})
    elif kind == "asset":
        r = c.post(f"/sites/{s['site_id']}/assets", json={"fileName": "doomed.txt", "fileHash": os.urandom(16).hex()})
    elif kind == "font":
        r = c.post(f"/sites/{s['site_id']}/custom_fonts", json={
            "fileName": "Doomed.woff2", "fileHash": os.urandom(16).hex(), "fontFamily": "Doomed", "weight": 400,
            "italic": False, "fontDisplay": "swap"})
        assert r.status_code == 202, r.text
        return str(r.json()["customFont"]["id"])
    elif kind == "submission":
        r = httpx.post(f"{s['base']}/_admin/sites/{s['site_id']}/forms/{s['form_ids'][0]}/submissions",
                       json={"data": {"Name": "Doomed"}}, timeout=30)
    else:
        n = os.urandom(4).hex()
        r = c.post(f"/collections/{s['items_collection_id']}/items",
                   json={"isDraft": False, "fieldData": {"name": f"Doomed {n}", "slug": f"doomed-{n}"}})
        if r.status_code == 202 and kind == "live-item":
            item_id = r.json()["id"]
            p = c.post(f"/collections/{s['items_collection_id']}/items/publish", json={"itemIds": [item_id]})
            assert p.status_code == 202, p.text
    assert r.status_code in (200, 201, 202), r.text
    return str(r.json()["id"])


def _doomed_kind(method: str, path: str) -> str | None:
    if method != "DELETE":
        return None
    if path.endswith("/fields/{field_id}"):
        return "field"
    if path.endswith("/items/{item_id}/live"):
        return "live-item"
    if path.endswith("/items/{item_id}"):
        return "item"
    if path == "/collections/{collection_id}":
        return "collection"
    if path == "/webhooks/{webhook_id}":
        return "webhook"
    if path == "/sites/{site_id}":
        return "site"
    if path == "/assets/{asset_id}":
        return "asset"
    if path == "/sites/{site_id}/custom_fonts/{font_id}":
        return "font"
    if path.endswith("/form_submissions/{form_submission_id}"):
        return "submission"
    return None


def _one_of(value: Any, ids: set[str] | list[str]) -> bool:
    return isinstance(value, str) and value in ids


def _protected() -> set[str]:
    """Seeded ids no DELETE may consume (the stateful phase may find them in responses)."""
    s = _state()
    # The shop's category items too: product bodies name them (st_run narrows `category` to them).
    return {s["items_collection_id"], s["fields_collection_id"], *s["item_ids"], *s["field_ids"], *s["webhook_ids"],
            s["site_id"], *s["asset_ids"], *s["font_ids"], *s["submission_ids"], *s["category_ids"]}


def _spare_bulk_targets(case: Case) -> None:
    """Bulk deletes name items in the body: seeded ones are swapped for items made for the call."""
    body = case.body
    entries = body.get("items") if isinstance(body, dict) else None
    if not isinstance(entries, list):
        return
    kind = "live-item" if case.operation.path.endswith("/live") else "item"
    for entry in entries:
        if isinstance(entry, dict) and _one_of(entry.get("id"), _protected()):
            entry["id"] = _fresh(kind)


def _distinct_entries(body: Any) -> None:
    """A bulk body may name an item once per locale (a repeat is a 400); JSON Schema cannot say so."""
    if not isinstance(body, dict) or not isinstance(body.get("items"), list):
        return
    seen: set[str] = set()
    kept = []
    for entry in body["items"]:
        # No cmsLocaleId means the primary locale.
        locale = (entry.get("cmsLocaleId") or _state()["locale_ids"][0]) if isinstance(entry, dict) else None
        key = json.dumps([entry.get("id"), locale]) if isinstance(entry, dict) else repr(entry)
        if key not in seen:
            seen.add(key)
            kept.append(entry)
    body["items"] = kept


def _distinct_pages(body: Any) -> None:
    """The bulk page update names a page once per locale (a repeat is a 400); JSON Schema cannot say so."""
    if not isinstance(body, dict) or not isinstance(body.get("pages"), list):
        return
    seen: set[str] = set()
    kept = []
    for entry in body["pages"]:
        key = json.dumps([entry.get("id"), entry.get("localeId")]) if isinstance(entry, dict) else repr(entry)
        if key not in seen:
            seen.add(key)
            kept.append(entry)
    body["pages"] = kept
WELL_KNOWN_SUFFIX = re.compile(r"(\.noext)?(\.txt|\.json)?$")


def _site_config_body(case: Case) -> None:
    """Rules of a site's configuration that span calls (JSON Schema cannot say them): a redirect's fromUrl is
    unique in its site, a site has at most 25 Google tags (each once per request) and fewer than 30
    well-known files."""
    body, path, method = case.body, case.operation.path, case.operation.method.upper()
    if not isinstance(body, dict):
        return
    if path.startswith("/sites/{site_id}/redirects") and isinstance(body.get("fromUrl"), str):
        body["fromUrl"] = f"{body['fromUrl'][:2000]}-u{next(_unique)}"
    elif path == "/sites/{site_id}/integrations/google_tags" and method == "PATCH":
        _client().delete(f"/sites/{_state()['site_id']}/integrations/google_tags")
        tags = body.get("googleTagIds")
        if isinstance(tags, list):
            seen: set[str] = set()
            kept = []
            for t in tags:
                key = t.get("tagId") if isinstance(t, dict) else None
                if not isinstance(key, str) or key not in seen:
                    kept.append(t)
                    if isinstance(key, str):
                        seen.add(key)
            body["googleTagIds"] = kept
    elif path == "/sites/{site_id}/well_known" and method == "PUT" and isinstance(body.get("fileName"), str):
        name = body["fileName"]
        suffix = WELL_KNOWN_SUFFIX.search(name)
        digest = int(hashlib.sha256(name.encode()).hexdigest(), 16)
        body["fileName"] = f"st{digest % 5}{suffix.group(0) if suffix else ''}"


def _files_and_forms_body(case: Case) -> None:
    """Rules JSON Schema cannot say: a font axis has min <= defaultValue <= max and a tag once per font; a
    variable font's replacement says its axes (the seeded fonts are static, a replacement may make one
    variable: `axes` is added when absent); a submission update sets the form's hidden fields only; seeded
    fonts are not batch-deleted (each DELETE gets its own)."""
    body: Any = case.body
    path, method = case.operation.path, case.operation.method.upper()
    if not isinstance(body, dict):
        return
    if path.startswith("/sites/{site_id}/custom_fonts") and method in ("POST", "PUT"):
        if method == "PUT" and "axes" not in body:
            body["axes"] = []
        axes = body.get("axes")
        if isinstance(axes, list):
            seen: set[str] = set()
            kept: list[Any] = []
            for axis in axes:
                if not isinstance(axis, dict):
                    kept.append(axis)
                    continue
                values = [axis.get(k) for k in ("min", "defaultValue", "max")]
                numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
                if len(numbers) == 3:
                    axis["min"], axis["defaultValue"], axis["max"] = sorted(numbers)
                if axis.get("tag") not in seen:
                    seen.add(str(axis.get("tag")))
                    kept.append(axis)
            body["axes"] = kept
    if path.endswith("/custom_fonts/batchDelete") and isinstance(body.get("items"), list):
        for entry in body["items"]:
            if isinstance(entry, dict) and _one_of(entry.get("id"), _protected()):
                entry["id"] = _fresh("font")
    if path.endswith("/form_submissions/{form_submission_id}") and method == "PATCH" \
            and isinstance(body.get("formSubmissionData"), dict):
        values = list(body["formSubmissionData"].values())
        body["formSubmissionData"] = {_state()["hidden_field"]: values[0]} if values else {}


def _distinct_by(entries: list[Any], keys: tuple[str, ...]) -> list[Any]:
    """The entries whose `keys` values (where given) no earlier entry has."""
    seen: set[tuple[str, Any]] = set()
    kept = []
    for e in entries:
        marks = {(k, json.dumps(e.get(k))) for k in keys if isinstance(e, dict) and e.get(k)}
        if not marks & seen:
            seen |= marks
            kept.append(e)
    return kept


def _shop_body(case: Case) -> None:
    """Rules of products, SKUs and inventory that JSON Schema cannot say (a valid case is made to keep them):
    product and SKU slugs are unique in their collection; SKU property and option names and ids are unique;
    a SKU's sku-values name one option of each of its product's properties (a new SKU takes each property's
    first option, an update keeps its values); a product's default-sku is one of its SKUs (its current one);
    an inventory change keeps the stock between 0 and 2^53 - 1 (the stock is set first so that it does)."""
    body: Any = case.body
    path, params = case.operation.path, case.path_parameters or {}
    if not isinstance(body, dict):
        return
    if path.endswith("/inventory"):
        delta = body.get("updateQuantity")
        if isinstance(delta, int | float) and not isinstance(delta, bool):
            _client().patch(f"/collections/{params.get('sku_collection_id')}/items/{params.get('sku_id')}/inventory",
                            json={"inventoryType": "finite", "quantity": max(0, -int(delta))})
        return
    _fresh_slugs(body)
    parts = [body.get("product"), body.get("sku"), *(body.get("skus") or [])]
    datas = [p["fieldData"] for p in parts if isinstance(p, dict) and isinstance(p.get("fieldData"), dict)]
    product: dict[str, Any] = {}
    if "product_id" in params:
        r = _client().get(f"/sites/{params.get('site_id')}/products/{params['product_id']}")
        product = r.json().get("product", {}) if r.status_code == 200 else {}
    props = product.get("fieldData", {}).get("sku-properties") or []
    for data in datas:
        if isinstance(data.get("sku-properties"), list):
            data["sku-properties"] = _distinct_by(data["sku-properties"], ("name", "id"))
            for prop in data["sku-properties"]:
                if isinstance(prop, dict) and isinstance(prop.get("enum"), list):
                    prop["enum"] = _distinct_by(prop["enum"], ("name", "id"))
        if "default-sku" in data:
            default = product.get("fieldData", {}).get("default-sku")
            if default:
                data["default-sku"] = default
            else:
                del data["default-sku"]
        if "sku-values" in data:
            if path.endswith("/skus") and props:
                data["sku-values"] = {p["id"]: p["enum"][0]["id"] for p in props}
            else:
                del data["sku-values"]


@schemathesis.hook
def before_call(context: schemathesis.HookContext, case: Case, kwargs: dict[str, Any]) -> None:
    meta = case._meta  # reading case.meta would revalidate the case mid-hook
    negative = meta is not None and meta.generation.mode.is_negative
    if not negative and case.operation.path.startswith("/sites/{site_id}/"):
        _site_config_body(case)
    if not negative and case.operation.path.startswith("/collections/{collection_id}/items") and case.body:
        _fresh_slugs(case.body)
        _distinct_entries(case.body)
    if not negative and case.operation.path == "/sites/{site_id}/asset_folders" and isinstance(case.body, dict) \
            and isinstance(case.body.get("displayName"), str):
        # Folder names are unique per parent (a repeat is a 400): a valid case gets its own.
        case.body["displayName"] = f"{case.body['displayName'][:200]}-u{next(_unique)}"
    if not negative and case.operation.path.startswith("/pages") and case.body:
        _fresh_slugs(case.body)  # sibling pages have different slugs
        _distinct_pages(case.body)
    if not negative:
        _files_and_forms_body(case)
    if case.operation.method.upper() == "DELETE" and case.operation.path.endswith(("/items", "/items/live")):
        _spare_bulk_targets(case)
    params = case.path_parameters
    if not params:
        return
    # Keep whatever a negative case mutated in the path: that is what it tests.
    negated = {name for name, loc in negated_parameters(meta) if loc == ParameterLocation.PATH}
    whole_path_negated = negative and meta is not None and meta.is_negative_at(ParameterLocation.PATH) and not negated
    s = _state()
    path, method = case.operation.path, case.operation.method.upper()
    on_fields = "/fields" in path
    pools: dict[str, list[str]] = {
        "site_id": [s["site_id"]],
        "collection_id": [s["fields_collection_id"] if on_fields else s["items_collection_id"]],
        "item_id": s["item_ids"],
        "field_id": s["field_ids"],
        "webhook_id": s["webhook_ids"],
        "page_id": s["page_ids"],
        "form_id": s["form_ids"],
        "form_submission_id": s["submission_ids"],
        "asset_id": s["asset_ids"],
        "asset_folder_id": s["asset_folder_ids"],
        "font_id": s["font_ids"],
        "component_id": s["component_ids"],
        "comment_thread_id": s["comment_thread_ids"],
        "product_id": s["product_ids"],
        "sku_id": s["sku_ids"],
        "order_id": s["order_ids"],
        "sku_collection_id": s["sku_collection_ids"],
    }
    picked = {}
    for name, value in params.items():
        if name in negated or whole_path_negated:
            continue
        pool = pools.get(name)
        chosen = _pick(value, pool, name) if pool else None
        if chosen is not None:
            picked[name] = chosen
    kept = {**params, **picked}.get("collection_id")
    if path.startswith("/collections/{collection_id}/items") and "collection_id" not in negated \
            and not whole_path_negated and kept != s["items_collection_id"]:
        # Item bodies follow the seeded collection's schema, so every item operation goes there (the stateful
        # phase may pick up another collection's id from a response); always, so that an item created in one
        # step is looked for in the same collection by the next.
        picked["collection_id"] = s["items_collection_id"]
    doomed = _doomed_kind(method, path)
    target = {"field": "field_id", "item": "item_id", "live-item": "item_id", "collection": "collection_id",
              "webhook": "webhook_id", "site": "site_id", "asset": "asset_id", "font": "font_id",
              "submission": "form_submission_id"}
    final = {**params, **picked}
    if on_fields and final.get("collection_id") == s["items_collection_id"]:
        picked["collection_id"] = s["fields_collection_id"]
    if _one_of(final.get("field_id"), s["items_field_ids"]):
        # The items collection's own fields stay as seeded: field writes go to the Field Box collection.
        picked["collection_id"], picked["field_id"] = s["fields_collection_id"], s["field_ids"][0]
        final = {**params, **picked}
    if "field_id" in picked and "collection_id" in final and "collection_id" not in negated \
            and not whole_path_negated and final["collection_id"] != s["fields_collection_id"]:
        # A seeded field swapped in belongs to the Field Box collection, whatever collection the stateful
        # phase linked in (else the pair is a 404 for a field "just created" in another collection).
        picked["collection_id"] = s["fields_collection_id"]
        final = {**params, **picked}
    if doomed is not None and _one_of(final.get(target[doomed]), _protected()):
        if doomed == "field":
            picked["collection_id"] = s["fields_collection_id"]
        elif doomed in ("item", "live-item"):
            picked["collection_id"] = s["items_collection_id"]
        picked[target[doomed]] = _fresh(doomed)
    if picked:
        case.path_parameters = {**params, **picked}
    if not negative and (path.startswith("/sites/{site_id}/products") or path.endswith("/inventory")):
        _shop_body(case)


@schemathesis.hook
def after_call(context: schemathesis.HookContext, case: Case, response: schemathesis.Response) -> None:
    log = os.environ.get("WEBFLOW_LOCAL_ST_LOG")
    if log:
        with open(log, "a") as f:
            f.write(f"{case.operation.method.upper()} {case.operation.path} {response.status_code}\n")
