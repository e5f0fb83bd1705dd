"""Writes a corrected copy of Webflow's OpenAPI files (../shared/spec) for tools that need valid OpenAPI 3.1.

    python scripts/normalise_spec.py [--out DIR]   # default: a new temp dir; prints the files and fix counts

The spec files are not valid OpenAPI 3.1 in places (webflow-behavior.md section 8) and differ from the real API
in others. Each correction below has an id; docs/deviations.md ("Spec corrections") explains every one. The copy
goes to a temp dir at test time and is never committed: the spec stays in ../shared.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import spec

from webflow_local.api.custom_code import schemas as custom_code
from webflow_local.api.ecommerce import schemas as ecommerce

Schema = dict[str, Any]

# Never-set values are explicit null on the real API (webflow-behavior.md section 1).
# A page's parentId/collectionId are null at the top level and for non-template pages (the spec's own
# examples), its publishedPath null until first published; an asset folder at the root has parentFolder null
# (docs/deviations.md).
ALWAYS_NULLABLE = ("lastPublished", "lastTriggered", "filter", "parentFolder", "parentId", "collectionId",
                   "publishedPath", "helpText", "application")
# An order's keys the real API sends as null (the spec's own example: `paypalDetails: null`, a variant image's
# `file: null`): no PayPal payment, no shipping or billing address, a SKU without an image.
ORDER_NULLABLE = ("paypalDetails", "shippingAddress", "billingAddress", "variantImage")
# Field types of the Products and SKUs collections that the field type enum lacks.
ECOMMERCE_FIELD_TYPES = ("Price", "SkuValues", "SkuSettings")
# Error codes the real API sends that the spec's enum lacks (webflow-behavior.md section 3).
EXTRA_ERROR_CODES = ("custom_code_max_registered_scripts",)
ENVELOPE_KEYS = ["message", "code", "externalReference", "details"]
ITEMS = "/collections/{collection_id}/items"
ITEM_OP = f"{ITEMS}/{{item_id}}"

# One line per correction id, shown by --list and mirrored in docs/deviations.md.
FIXES: dict[str, str] = {
    "S1": "`nullable: true` (OpenAPI 3.0) rewritten as a JSON Schema type union with null",
    "S2": "tuple-style `items: [A, B]` rewritten as `items: {anyOf: [A, B]}`",
    "S3": "`properties: null` removed",
    "S4": "`default: null` removed where the schema's type does not allow null",
    "S5": "`lastPublished`, `lastTriggered`, `filter`, `parentFolder`, `parentId`, `collectionId`, "
          "`publishedPath`, `helpText` and introspection's `application` allow null wherever they are declared",
    "S6": "error bodies: `externalReference` string or null, all four envelope keys required, "
          "`custom_code_max_registered_scripts` added to the code enum",
    "S7": "multi-item create (`POST .../items`, `.../items/live` with `items`) may answer `{items: [...]}`",
    "S8": "`POST .../items/bulk` answers `{id, items: [...]}`, one entry per item and locale",
    "S9": "`PATCH .../items` and `.../items/live` answer `{items: [...]}`",
    "S10": "schema-level `examples` written as a map of Example Objects rewritten as a JSON Schema list",
    "S11": "an error response whose schema is a `oneOf` of Response Objects uses their schemas (`anyOf`)",
    "S12": "request-body schemas that declare `properties` but no `type` get `type: object`",
    "S13": "operations with ids in the path declare the 400 a malformed id gets (webflow-behavior.md section 1)",
    "S20": "an order's `paypalDetails`, `shippingAddress`, `billingAddress`, `variantImage` and a variant "
           "image's `file` allow null (the spec's own example has `paypalDetails: null` and `file: null`)",
    "S21": "the field type enum gains the ecommerce field types `Price`, `SkuValues` and `SkuSettings`",
    "S22": "the `order_id` path parameter is an order id as orders show it (`fc7-128`: three hex digits, `-`, "
           "a number), not an ObjectId",
    "S16": "a form's `fields` map (one key per form field) loses its `maxProperties: 1`: the spec's own examples "
           "have forms with two fields",
    "S18": "the site activity log's `event` also takes `site_settings_modified` (site configuration, site "
           "settings and webhooks have no event of their own in the enum)",
    "S17": "a path parameter of the path template that the operation does not declare is declared (beta's "
           "`GET /sites/{site_id}/forms/{form_id}/submissions` omits `site_id`)",
    "R1": "request bodies refuse unknown keys (`additionalProperties: false` where the spec says nothing); "
          "the real API answers 400 'Field not described in schema'",
    "R2": "`displayName` and `singularName` in request bodies are non-empty",
    "R3": "bulk arrays in CMS request bodies hold at most 100 entries (`items`, `itemIds`, `cmsLocaleIds`); "
          "`items` at least one",
    "R4": "`publish-item`: each `oneOf` branch requires its own key (`itemIds` or `items`), else `{}` matches both",
    "R5": "`site-publish` needs a target: non-empty `customDomains` or `publishToWebflowSubdomain: true`",
    "R6": "request bodies of the CMS item writes, update-field and site-publish are required",
    "R7": "`items` is required in the bodies of update-items(-live) and delete-items(-live)",
    "R8": "a collection's or field's `slug` in a create body uses lowercase letters, digits, `-` and `_`, "
          "at most 200 of them (empty: derived from the display name, as when left out)",
    "R9": "`create-webhook` requires `triggerType` and `url`; `filter` (non-empty `name`) only with "
          "`form_submission`, as its description says",
    "R10": "item ids in CMS request bodies (`id`, `itemIds[]`) are ObjectIds (`format: objectid`)",
    "R11": "paging query parameters `offset` and `limit` are not negative",
    "R12": "`create-item(-live)`: the single-item branch requires `fieldData`, the multi-item branch `items`; "
           "`create-items` requires `fieldData` (v2 says so, beta omits it)",
    "R13": "Option field `metadata.options`: 1 to 100 distinct options, each `name` non-empty",
    "R15": "strings in request bodies and query parameters contain no NUL character (PostgreSQL cannot store "
    "one)",
    "R14": "deepObject range filters (`createdOn[gte]=...`) take only their declared operators",
    "S14": "script registration (hosted, inline) declares 409: a registered version again, or the site's 800 "
           "scripts (`custom_code_max_registered_scripts`)",
    "R16": "custom code: `displayName` 1-50 letters, digits and spaces, `version` SemVer, `integrityHash` an SRI "
           "hash (null allowed inline, as the spec's example sends), `hostedLocation` an http(s) URL, "
           "`sourceCode` 1-2000 characters, the bodies required; applied script ids are registered scripts' "
           "slugs (not ObjectIds) and `attributes` are HTML attribute names with string values",
    "A1": "`create-asset`: `fileName` has 1 to 99 characters (\"less than 100\", its description says) and "
          "`fileHash` is an MD5 hash (32 hex digits); `parentFolder` a folder id",
    "F1": "custom fonts: `fileName` has 1 to 256 characters and ends in `.woff2`, `.woff`, `.ttf`, `.otf` or `.eot` "
          "(its description), `fileHash` is 32 hex digits, `fontFamily` has 1 to 256 characters, not only commas "
          "and spaces (commas are stripped); an axis's `min`, `max` and `defaultValue` are within +/-(2^53 - 1)",
    "F2": "`modify-form-submission(-by-site)`: `formSubmissionData` maps at most 100 field names (up to 200 "
          "characters) to what a form field holds: a string (up to 10,000 characters), a number within "
          "+/-(2^53 - 1), a boolean, or null (which removes the value)",
    "R17": "page writes (update-page-settings, update-static-content, bulk `PATCH /pages`) require their body; "
           "a page `title` is non-empty and its `slug` uses lowercase letters, digits, `-` and `_`; the bulk "
           "entry's `allOf` is merged into one object (so that unknown keys can be refused)",
    "R20": "ecommerce: `fulfill-order` and `refund-order` take a JSON body (`{}` when there is nothing to say); "
           "`create-skus` takes 1 to 100 SKUs; "
           "`create-product`'s required `name`, `slug` (product) and `name`, `slug`, `price` (SKU) are keys of their "
           "`fieldData` (as they are of each of `create-skus`' SKUs); product and SKU `fieldData` hold only their "
           "listed keys (not SKU `sku-properties` and "
           "`ec-sku-subscription-plan`, nor `default-sku` on create), `name` a non-empty single line of at most 256 "
           "characters, `slug` lowercase letters, digits, `-` and `_`, prices `{value, unit, currency}` with `value` "
           "(required) a whole number of minor units from 0 to 2^53 - 1, `main-image` an asset id or http(s) URL, "
           "`sku-properties` at most 20 with 1 to 100 options (names not blank, ids up to 64 characters, option slugs "
           "slug-shaped or empty), `category` item ids, optional keys null to clear; an order update's texts have at "
           "most 10,000 characters and `shippingTrackingURL` is an http(s) URL (at most 2048 characters) or empty; "
           "inventory `quantity` is a whole number from 0 to 2^53 - 1, `updateQuantity` a whole number within "
           "+/-(2^53 - 1), not both",
    "R21": "beta `POST /token/resolve` requires its body and `idToken` (1 to 512 characters): it is what the "
           "call resolves (v2 has no twin; its description says an ID token is resolved)",
    "R18": "site configuration and management bodies are required and say Webflow's rules: a redirect's "
           "`fromUrl` (required) is a path and its `toUrl` (required) a path or http(s) URL, without spaces; "
           "robots.txt `userAgent` non-empty; a well-known `fileName` is a name with an optional `.noext` and "
           "a `.txt` or `.json` extension, its `fileData` under 100 KB; `fileNames` lists 1 to 100 names; "
           "llms.txt `fileData` required; at most 25 Google tags, `order` not negative; a site's `name` "
           "non-empty and its `parentFolderId` an ObjectId",
    "R19": "component writes (update-component-content, update-component-properties) require their body and "
           "`localeId` (their descriptions: the request needs a secondary locale); `properties` holds 1 to 1000 "
           "entries; a comment reply's `content` has a character other than whitespace",
}
NUL_FREE = "^[^\\x00]*$"
SLUG_PATTERN = "^[a-z0-9_-]+$"
# A collection's or field's slug in a create body may be empty: derived from the display name (R8).
CREATE_SLUG_PATTERN = "^[a-z0-9_-]*$"


def _is_schema_map(key: str) -> bool:
    """Keys whose value maps names to schemas (so the names are not keywords)."""
    return key in {"properties", "patternProperties", "$defs", "definitions", "schemas"}


def _rewrite(node: Any, counts: Counter[str], parent_key: str = "") -> Any:
    """S1-S5, bottom-up over every schema-like dict; examples are left alone."""
    if isinstance(node, list):
        return [_rewrite(n, counts) for n in node]
    if not isinstance(node, dict):
        return node
    if _is_schema_map(parent_key):
        return {k: _rewrite(v, counts) for k, v in node.items()}
    out: dict[str, Any] = {}
    for k, v in node.items():
        if k == "examples" and isinstance(v, dict) and "schema" not in node:
            # A map is right for a media type or parameter (they have a `schema`), wrong inside a schema.
            out[k] = [e["value"] if isinstance(e, dict) and "value" in e else e for e in v.values()]
            counts["S10"] += 1
        elif k in {"example", "examples"}:
            out[k] = v
        elif k == "properties" and v is None:
            counts["S3"] += 1
        else:
            out[k] = _rewrite(v, counts, k)
    props = out.get("properties")
    if isinstance(props, dict):
        for key in ALWAYS_NULLABLE:
            p = props.get(key)
            if isinstance(p, dict) and "null" not in _types(p):
                props[key] = _allow_null(p)
                counts["S5"] += 1
        nullable = [k for k in ORDER_NULLABLE if k in props]
        if "url" in props and "file" in props:
            nullable.append("file")
        for key in nullable:
            p = props[key]
            if isinstance(p, dict) and "null" not in _types(p):
                props[key] = _allow_null(p)
                counts["S20"] += 1
    enum = out.get("enum")
    if isinstance(enum, list) and "ExtFileRef" in enum and "Price" not in enum:
        out["enum"] = [*enum, *ECOMMERCE_FIELD_TYPES]
        counts["S21"] += 1
    if isinstance(out.get("items"), list):
        out["items"] = {"anyOf": out["items"]}
        counts["S2"] += 1
    if out.get("maxProperties") == 1 and isinstance(out.get("additionalProperties"), dict):
        del out["maxProperties"]
        counts["S16"] += 1
    if "nullable" in out:
        if out.pop("nullable") is True:
            out = _allow_null(out)
        counts["S1"] += 1
    if "default" in out and out["default"] is None and "type" in out and "null" not in _types(out):
        del out["default"]
        counts["S4"] += 1
    return out


def _types(schema: Schema) -> list[str]:
    t = schema.get("type")
    return [t] if isinstance(t, str) else list(t or [])


def _allow_null(schema: Schema) -> Schema:
    out = dict(schema)
    t = out.get("type")
    if isinstance(t, str):
        out["type"] = [t, "null"]
    elif isinstance(t, list):
        if "null" not in t:
            out["type"] = [*t, "null"]
    else:
        # No type to widen (a composition): accept null beside whatever the schema says.
        return {"anyOf": [out, {"type": "null"}]}
    if "enum" in out and None not in out["enum"]:
        out["enum"] = [*out["enum"], None]
    return out


def _json_schema(response: dict[str, Any]) -> Schema | None:
    schema = response.get("content", {}).get("application/json", {}).get("schema")
    return schema if isinstance(schema, dict) else None


def _fix_envelope(schema: Schema) -> bool:
    props = schema.get("properties")
    if not isinstance(props, dict) or not {"code", "message"} <= set(props):
        return False
    props["externalReference"] = {**props.get("externalReference", {}), "type": ["string", "null"]}
    code = props["code"]
    if isinstance(code, dict) and isinstance(code.get("enum"), list):
        code["enum"] = [*code["enum"], *(c for c in EXTRA_ERROR_CODES if c not in code["enum"])]
    schema["required"] = list(ENVELOPE_KEYS)
    return True


def _unwrap_responses(schema: Schema) -> bool:
    """S11: `oneOf: [<Response Object>, ...]` used as a schema; the members' bodies have one shape, so anyOf."""
    members = schema.get("oneOf")
    if not isinstance(members, list) or not all(isinstance(m, dict) and "content" in m for m in members):
        return False
    bodies = [_json_schema(m) for m in members]
    del schema["oneOf"]
    schema["anyOf"] = [b for b in bodies if b is not None]
    return True


def _items_list(item: Schema, extra: dict[str, Schema] | None = None) -> Schema:
    props: dict[str, Schema] = {"items": {"type": "array", "items": copy.deepcopy(item)}}
    props.update(extra or {})
    return {"type": "object", "required": sorted(props), "properties": props}


def _set_response_schema(op: dict[str, Any], status: str, make: Callable[[Schema], Schema]) -> bool:
    resp = op.get("responses", {}).get(status)
    schema = _json_schema(resp) if isinstance(resp, dict) else None
    if schema is None:
        return False
    resp["content"]["application/json"]["schema"] = make(schema)
    return True


def _tighten_request(node: Any, counts: Counter[str], cms: bool) -> None:
    """S12, R1-R3 over one request-body schema (every nested object of it)."""
    if isinstance(node, list):
        for n in node:
            _tighten_request(n, counts, cms)
        return
    if not isinstance(node, dict):
        return
    props = node.get("properties")
    if isinstance(props, dict):
        if "type" not in node and not any(k in node for k in ("oneOf", "anyOf", "allOf")):
            node["type"] = "object"
            counts["S12"] += 1
        if "additionalProperties" not in node:
            node["additionalProperties"] = False
            counts["R1"] += 1
        for name in ("displayName", "singularName"):
            p = props.get(name)
            if isinstance(p, dict) and "minLength" not in p:
                p["minLength"] = 1
                counts["R2"] += 1
        for name in ("items", "itemIds", "cmsLocaleIds"):
            p = props.get(name)
            if cms and isinstance(p, dict) and "array" in _types(p) and "maxItems" not in p:
                p.update({"maxItems": 100, **({"minItems": 1} if name == "items" else {})})
                counts["R3"] += 1
        # An empty `itemIds` is allowed (202, nothing published): connectors send it for batches of drafts.
        ids = [props.get("id"), (props.get("itemIds") or {}).get("items")]
        for p in ids:
            if cms and isinstance(p, dict) and p.get("type") == "string" and "format" not in p:
                p["format"] = "objectid"
                counts["R10"] += 1
        options = props.get("options")
        if isinstance(options, dict) and isinstance(options.get("items"), dict):
            options.setdefault("minItems", 1)
            options.setdefault("uniqueItems", True)
            options.setdefault("maxItems", 100)
            name_schema = options["items"].get("properties", {}).get("name")
            if isinstance(name_schema, dict) and "minLength" not in name_schema:
                name_schema["minLength"] = 1
                counts["R13"] += 1
    if node.get("type") == "string" and not {"pattern", "enum", "format", "const"} & set(node):
        node["pattern"] = NUL_FREE
        counts["R15"] += 1
    for k, v in node.items():
        if k in {"example", "examples"}:
            continue
        if k == "fieldData" and isinstance(props, dict):
            continue
        if _is_schema_map(k) and isinstance(v, dict):
            for name, sub in v.items():
                if name != "fieldData":  # open by design: its keys are the collection's field slugs
                    _tighten_request(sub, counts, cms)
        else:
            _tighten_request(v, counts, cms)


def _declare_bad_id(paths: dict[str, Any], counts: Counter[str]) -> None:
    """S13: the envelope this operation already declares for another 4xx, reused for the missing 400."""
    for path, path_item in paths.items():
        if "{" not in path:
            continue
        for method in spec.METHODS:
            op = path_item.get(method)
            responses = op.get("responses", {}) if isinstance(op, dict) else {}
            if not responses or "400" in responses:
                continue
            donor = next((r for c, r in sorted(responses.items()) if c[:1] == "4" and isinstance(r, dict)
                          and _json_schema(r) is not None), None)
            if donor is not None:
                content = copy.deepcopy(donor["content"])
                responses["400"] = {"description": "Bad Request (malformed id)", "content": content}
                counts["S13"] += 1


def _declare_script_conflicts(paths: dict[str, Any], counts: Counter[str]) -> None:
    """S14: the envelope of the registration's own 400, reused for its 409."""
    for kind in ("hosted", "inline"):
        op = paths.get(f"/sites/{{site_id}}/registered_scripts/{kind}", {}).get("post")
        responses = op.get("responses", {}) if isinstance(op, dict) else {}
        if "409" not in responses and isinstance(responses.get("400"), dict) and "content" in responses["400"]:
            responses["409"] = {"description": "Conflict (version already registered, or 800 scripts)",
                                "content": copy.deepcopy(responses["400"]["content"])}
            counts["S14"] += 1


def _custom_code_request(path: str, schema: Schema) -> bool:
    """R16: the rules of api/custom_code (its own patterns) on its request bodies."""
    cc = custom_code
    props = schema.get("properties", {})
    if path.startswith("/sites/{site_id}/registered_scripts/"):
        rules: dict[str, Schema] = {
            "displayName": {"pattern": cc.DISPLAY_NAME_PATTERN, "minLength": 1, "maxLength": cc.MAX_DISPLAY_NAME},
            "version": {"pattern": cc.SEMVER_PATTERN, "maxLength": cc.MAX_VERSION},
            "integrityHash": {"pattern": cc.SRI_PATTERN},
            "hostedLocation": {"pattern": cc.HOSTED_URL_PATTERN, "maxLength": cc.MAX_LOCATION},
            "sourceCode": {"minLength": 1, "maxLength": cc.MAX_INLINE_CHARS},
        }
        for name, rule in rules.items():
            if isinstance(props.get(name), dict):
                props[name].update(rule)
        if path.endswith("/inline") and isinstance(props.get("integrityHash"), dict):
            props["integrityHash"]["type"] = ["string", "null"]
        return True
    item = props.get("scripts", {}).get("items", {})
    entry = item.get("properties", {}) if isinstance(item, dict) else {}
    if not entry:
        return False
    if isinstance(entry.get("id"), dict):
        entry["id"] = {**{k: v for k, v in entry["id"].items() if k != "format"},
                       "pattern": cc.SCRIPT_ID_PATTERN, "maxLength": 64}
    if isinstance(entry.get("version"), dict):
        entry["version"]["maxLength"] = cc.MAX_VERSION
    if isinstance(entry.get("attributes"), dict):
        entry["attributes"].update({"additionalProperties": {"type": "string", "pattern": NUL_FREE},
                                    "propertyNames": {"pattern": cc.ATTRIBUTE_NAME_PATTERN}})
    return True


def _declare_path_params(paths: dict[str, Any], counts: Counter[str]) -> None:
    """S17: every `{name}` of the path is a declared path parameter (an ObjectId, as the others are)."""
    for path, path_item in paths.items():
        names = re.findall(r"{(\w+)}", path)
        for method in spec.METHODS:
            op = path_item.get(method)
            if not isinstance(op, dict) or not names:
                continue
            declared = {p.get("name") for p in [*path_item.get("parameters", []), *op.get("parameters", [])]
                        if isinstance(p, dict) and p.get("in") == "path"}
            for name in names:
                if name not in declared:
                    op["parameters"] = [{"name": name, "in": "path", "required": True,
                                         "schema": {"type": "string", "format": "objectid"}},
                                        *op.get("parameters", [])]
                    counts["S17"] += 1


# Webflow's order ids are short hex with a sequence number (`fc7-128`, webflow-behavior.md section 1).
ORDER_ID_PATTERN = r"^[0-9a-f]{3}-[0-9a-f]+$"


def _order_ids(paths: dict[str, Any], counts: Counter[str]) -> None:
    """S22: the `order_id` path parameter is an order id as orders show it, not an ObjectId."""
    for path_item in paths.values():
        for method in spec.METHODS:
            op = path_item.get(method)
            for prm in op.get("parameters", []) if isinstance(op, dict) else []:
                if isinstance(prm, dict) and prm.get("name") == "order_id" and prm.get("in") == "path":
                    prm["schema"] = {"type": "string", "pattern": ORDER_ID_PATTERN}
                    prm.pop("example", None)
                    counts["S22"] += 1


def _require(schema: Schema, key: str) -> bool:
    """Adds a declared property to `required`; True when it changed something."""
    if key not in schema.get("properties", {}) or key in schema.get("required", []):
        return False
    schema["required"] = [*schema.get("required", []), key]
    return True


def _request_schema(op: dict[str, Any]) -> Schema | None:
    body = op.get("requestBody")
    return _json_schema(body) if isinstance(body, dict) else None


def _fix_page_write(node: Any, counts: Counter[str]) -> None:
    """R17 over a page write's body: the bulk entry's allOf merged; page titles non-empty, slugs slug-shaped."""
    if isinstance(node, list):
        for n in node:
            _fix_page_write(n, counts)
        return
    if not isinstance(node, dict):
        return
    members = node.get("allOf")
    if isinstance(members, list) and all(isinstance(m, dict) and "properties" in m for m in members):
        del node["allOf"]
        node["type"] = "object"
        node["properties"] = {k: v for m in members for k, v in m["properties"].items()}
        node["required"] = [r for m in members for r in m.get("required", [])]
        counts["R17"] += 1
    props = node.get("properties")
    if isinstance(props, dict) and {"title", "slug"} <= set(props):
        props["title"] = {**props["title"], "minLength": 1}
        props["slug"] = {**props["slug"], "pattern": SLUG_PATTERN}
        counts["R17"] += 1
    for k, v in node.items():
        if k not in {"example", "examples"}:
            _fix_page_write(v, counts)


SINGLE_LINE = "^[^\\x00\\n]*$"
# Not blank: a character other than whitespace, NUL and the other C0 controls (Python's str.strip(), which the
# server uses, also strips \x1c-\x1f, which a Unicode-\s regex engine does not count as whitespace).
NOT_BLANK = "^[^\\x00]*[^\\s\\x00-\\x1f][^\\x00]*$"
# Not whitespace as the server's check reads it (Python's \S, which also counts \x1c-\x1f and \x85 but not
# \ufeff, unlike a JSON Schema \s), nor NUL.
URL_CHAR = "[^\\t\\n\\v\\f\\r \\x00\\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
MAIN_IMAGE = f"^([0-9a-f]{{24}}|[hH][tT][tT][pP][sS]?://{URL_CHAR}+)?$"  # an asset id, an image URL, or empty
OPTION_SLUG = "^([a-z0-9_-]+)?$"  # empty: made from the option's name
PRICE: Schema = {"type": "object", "required": ["value"], "additionalProperties": False, "properties": {
    "value": {"type": "integer", "minimum": 0, "maximum": ecommerce.SAFE},
    "unit": {"type": "string", "pattern": "^[A-Z]{3}$"}, "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}}}
ITEM_NAME: Schema = {"type": "string", "minLength": 1, "maxLength": 256, "pattern": "^[^\\x00\\n]+$"}
ITEM_SLUG: Schema = {"type": "string", "minLength": 1, "maxLength": 256, "pattern": SLUG_PATTERN}
SKU_PROPERTIES: Schema = {"type": "array", "maxItems": 20, "items": {
    "type": "object", "required": ["name", "enum"], "additionalProperties": False, "properties": {
        "id": {"type": "string", "maxLength": 64, "pattern": NUL_FREE},
        "name": {"type": "string", "maxLength": 200, "pattern": NOT_BLANK},
        "enum": {"type": "array", "minItems": 1, "maxItems": 100, "items": {
            "type": "object", "required": ["name"], "additionalProperties": False, "properties": {
                "id": {"type": "string", "maxLength": 64, "pattern": NUL_FREE},
                "name": {"type": "string", "maxLength": 200, "pattern": NOT_BLANK},
                "slug": {"type": "string", "maxLength": 200, "pattern": OPTION_SLUG}}}}}}}


def _ecommerce_field_data(fd: Schema, creating: bool) -> None:
    """R20: a product's or SKU's fieldData as api/ecommerce (and the items family under it) checks it."""
    members = fd.pop("allOf", [])
    # create-product's product fieldData is `allOf: [<the fieldData>]`: merged, so that its keys are known.
    merged = {k: v for m in members if isinstance(m, dict) for k, v in m.get("properties", {}).items()}
    props: dict[str, Any] = fd.setdefault("properties", {})
    props.update({k: v for k, v in merged.items() if k not in props})
    if members:
        fd["type"] = "object"
    sku = "price" in props
    if sku:
        props.pop("sku-properties", None)  # the product's field, not the SKU's
        props.pop("ec-sku-subscription-plan", None)  # subscription SKUs are not modelled
    if creating:
        props.pop("default-sku", None)  # the create makes the default SKU
    rules: dict[str, Schema] = {"name": ITEM_NAME, "slug": ITEM_SLUG}
    if sku:
        rules.update({"price": PRICE, "compare-at-price": PRICE,
                      "main-image": {"type": "string", "pattern": MAIN_IMAGE},
                      "sku": {"type": "string", "pattern": SINGLE_LINE},
                      "sku-values": {"type": "object",
                                     "additionalProperties": {"type": "string", "pattern": NUL_FREE}}})
    else:
        rules.update({"description": {"type": "string", "pattern": NUL_FREE}, "sku-properties": SKU_PROPERTIES,
                      "category": {"type": "array", "uniqueItems": True,
                                   "items": {"type": "string", "format": "objectid"}}})
    for key, rule in rules.items():
        if key in props:
            props[key] = copy.deepcopy(rule)
    # What the items family does with an optional field: null clears it (name, slug, price, sku-values and
    # default-sku may not be cleared).
    for key, prop in props.items():
        if key not in ("name", "slug", "price", "sku-values", "default-sku") and isinstance(prop, dict):
            props[key] = _allow_null(prop)
    fd["additionalProperties"] = False


def _ecommerce_request(method: str, path: str, schema: Schema) -> int:
    """R20 over the bodies of the product, SKU, order and inventory writes; the number of changes."""
    props = schema.get("properties", {})
    changed = 0
    if path.startswith("/sites/{site_id}/products"):
        creating = method == "post" and path == "/sites/{site_id}/products"
        parts = [props.get("product"), props.get("sku"), (props.get("skus") or {}).get("items")]
        for part in parts:
            fd = part.get("properties", {}).get("fieldData") if isinstance(part, dict) else None
            if isinstance(fd, dict):
                _ecommerce_field_data(fd, creating)
                changed += 1
        new_sku = (props.get("skus") or {}).get("items")
        if isinstance(new_sku, dict):
            _require(new_sku, "fieldData")  # a new SKU's name, slug and price are in it
    elif path.startswith("/sites/{site_id}/orders/") and "shippingTrackingURL" in props:
        for key in ("comment", "shippingProvider", "shippingTracking"):
            if isinstance(props.get(key), dict):
                props[key].update({"maxLength": ecommerce.MAX_TEXT, "pattern": NUL_FREE})
        props["shippingTrackingURL"].update({"maxLength": ecommerce.MAX_TRACKING_URL,
                                             "pattern": ecommerce.TRACKING_URL_PATTERN})
        changed += 1
    elif path.endswith("/inventory") and "quantity" in props:
        props["quantity"] = {**props["quantity"], "type": "integer", "minimum": 0, "maximum": ecommerce.SAFE}
        props["updateQuantity"] = {**props["updateQuantity"], "type": "integer", "minimum": -ecommerce.SAFE,
                                   "maximum": ecommerce.SAFE}
        schema["not"] = {"required": ["quantity", "updateQuantity"]}
        changed += 1
    return changed


def _fix_requests(paths: dict[str, Any], counts: Counter[str]) -> None:
    for path, path_item in paths.items():
        for method in spec.METHODS:
            op = path_item.get(method)
            for prm in op.get("parameters", []) if isinstance(op, dict) else []:
                bounds = {"offset": {"minimum": 0}, "limit": {"minimum": 0}}.get(prm.get("name", ""))
                in_query = prm.get("in") == "query" and isinstance(prm.get("schema"), dict)
                if bounds is not None and in_query and not all(k in prm["schema"] for k in bounds):
                    prm["schema"].update(bounds)
                    counts["R11"] += 1
                plain = prm["schema"] if in_query else {}
                if plain.get("type") == "string" and not {"pattern", "enum", "format", "const"} & set(plain):
                    plain["pattern"] = NUL_FREE
                    counts["R15"] += 1
                deep = prm.get("style") == "deepObject" and isinstance(prm.get("schema"), dict)
                if deep and "properties" in prm["schema"] and "additionalProperties" not in prm["schema"]:
                    prm["schema"]["additionalProperties"] = False
                    counts["R14"] += 1
            schema = _request_schema(op) if isinstance(op, dict) else None
            if op is None or schema is None:
                continue
            cms = path.startswith("/collections/{collection_id}/items")
            page_write = (method, path) in {("put", "/pages/{page_id}"), ("post", "/pages/{page_id}/dom"),
                                            ("patch", "/pages")}
            if page_write:
                _fix_page_write(schema, counts)
            if path.startswith("/sites/{site_id}/products") or path.startswith("/sites/{site_id}/orders/") or \
                    path.endswith("/inventory"):
                counts["R20"] += _ecommerce_request(method, path, schema)
            if method == "post" and path == "/token/resolve" and _require(schema, "idToken"):
                op["requestBody"]["required"] = True
                schema["properties"]["idToken"].update({"minLength": 1, "maxLength": 512})
                counts["R21"] += 1
            _tighten_request(schema, counts, cms)
            needs_body = cms or (method == "patch" and path.endswith("/fields/{field_id}")) or path.endswith("/publish")
            needs_body = needs_body or page_write
            if needs_body and not op["requestBody"].get("required"):
                op["requestBody"]["required"] = True
                counts["R6"] += 1
            order_action = path.startswith("/sites/{site_id}/orders/") and path.endswith(("/fulfill", "/refund"))
            if order_action and not op["requestBody"].get("required"):
                op["requestBody"]["required"] = True
                counts["R20"] += 1
            skus = schema.get("properties", {}).get("skus")
            if method == "post" and path.endswith("/skus") and isinstance(skus, dict) and "minItems" not in skus:
                skus.update(minItems=1, maxItems=100)
                counts["R20"] += 1
            if method == "post" and path == "/sites/{site_id}/products":
                for part in ("product", "sku"):
                    node = schema.get("properties", {}).get(part)
                    if isinstance(node, dict) and node.get("required") != ["fieldData"]:
                        # The keys the spec requires of the product (name, slug) and SKU (name, slug, price)
                        # are keys of their fieldData.
                        fd = node.get("properties", {}).get("fieldData")
                        if isinstance(fd, dict):
                            fd["required"] = sorted(set(fd.get("required", [])) | set(node.get("required", [])))
                        node["required"] = ["fieldData"]
                        counts["R20"] += 1
            if cms and method in ("patch", "delete") and path.endswith(("/items", "/items/live")) and _require(
                schema, "items"
            ):
                counts["R7"] += 1
            if method == "post" and path in ("/sites/{site_id}/collections", "/collections/{collection_id}/fields"):
                for branch in [schema, *schema.get("oneOf", []), *schema.get("anyOf", [])]:
                    slug = branch.get("properties", {}).get("slug")
                    if isinstance(slug, dict) and slug.get("pattern") != CREATE_SLUG_PATTERN:
                        slug["pattern"] = CREATE_SLUG_PATTERN
                        slug["maxLength"] = 200  # the column's size
                        counts["R8"] += 1
            if method == "post" and path == "/sites/{site_id}/webhooks" and not schema.get("required"):
                schema["required"] = ["triggerType", "url"]
                name = schema.get("properties", {}).get("filter", {}).get("properties", {}).get("name")
                if isinstance(name, dict):
                    name["minLength"] = 1
                    schema["properties"]["filter"]["required"] = ["name"]
                schema["anyOf"] = [{"properties": {"triggerType": {"const": "form_submission"}}},
                                   {"properties": {"filter": {"type": "null"}}}]
                counts["R9"] += 1
            custom = path.startswith("/sites/{site_id}/registered_scripts/") or (
                method == "put" and path.endswith("/custom_code"))
            if custom and _custom_code_request(path, schema):
                op["requestBody"]["required"] = True
                counts["R16"] += 1
            if method == "post" and path in (f"{ITEMS}", f"{ITEMS}/live"):
                for branch in schema.get("oneOf", []):
                    key = "items" if "items" in branch.get("properties", {}) else "fieldData"
                    if key in branch.get("properties", {}) and key not in branch.get("required", []):
                        branch["required"] = [*branch.get("required", []), key]
                        counts["R12"] += 1
            if method == "post" and path == f"{ITEMS}/bulk" and _require(schema, "fieldData"):
                counts["R12"] += 1
            if method == "post" and path == "/collections/{collection_id}/items/publish":
                for branch in schema.get("oneOf", []):
                    keys = [k for k in branch.get("properties", {}) if k in ("itemIds", "items")]
                    if keys and not branch.get("required"):
                        branch["required"] = keys
                        counts["R4"] += 1
            if method == "post" and path == "/sites/{site_id}/assets":
                props = schema.get("properties", {})
                if isinstance(props.get("fileName"), dict) and isinstance(props.get("fileHash"), dict):
                    props["fileName"].update({"minLength": 1, "maxLength": 99})
                    props["fileHash"]["pattern"] = "^[0-9a-fA-F]{32}$"
                    if isinstance(props.get("parentFolder"), dict):
                        props["parentFolder"].update(OBJECT_ID)  # a folder's id (or null, S5)
                    counts["A1"] += 1
            if path.endswith("/form_submissions/{form_submission_id}") and _submission_data(schema):
                counts["F2"] += 1
            if path.startswith("/sites/{site_id}/custom_fonts") and _font_request(schema):
                counts["F1"] += 1
            if method == "post" and path == "/sites/{site_id}/publish" and "anyOf" not in schema:
                schema["anyOf"] = [
                    {"required": ["customDomains"], "properties": {"customDomains": {"minItems": 1}}},
                    {"required": ["publishToWebflowSubdomain"],
                     "properties": {"publishToWebflowSubdomain": {"const": True}}},
                ]
                counts["R5"] += 1


FONT_FILE = "^[^\\x00]*\\.([wW][oO][fF][fF]2?|[tT][tT][fF]|[oO][tT][fF]|[eE][oO][tT])$"
FONT_AXIS_BOUND = 2**53 - 1  # JavaScript's safe integers, as CMS numbers (docs/deviations.md); F1, F2
FONT_FAMILY = "^[^\\x00]*[^,\\s\\x00][^\\x00]*$"


def _submission_data(schema: Schema) -> bool:
    """F2: a submission's values are what its form's fields hold."""
    data = schema.get("properties", {}).get("formSubmissionData")
    if not isinstance(data, dict) or "additionalProperties" in data:
        return False
    data.update({
        "maxProperties": 100, "propertyNames": {"maxLength": 200},
        "additionalProperties": {"anyOf": [
            {"type": "string", "maxLength": 10_000, "pattern": NUL_FREE},
            {"type": "number", "minimum": -FONT_AXIS_BOUND, "maximum": FONT_AXIS_BOUND},
            {"type": "boolean"}, {"type": "null"}]},
    })
    return True


def _font_request(schema: Schema) -> bool:
    """F1: what the custom fonts' descriptions say of fileName, fileHash and fontFamily."""
    props = schema.get("properties", {})
    extra = {"fileName": {"minLength": 1, "maxLength": 256, "pattern": FONT_FILE},
             "fileHash": {"pattern": "^[0-9a-fA-F]{32}$"},
             "fontFamily": {"minLength": 1, "maxLength": 256, "pattern": FONT_FAMILY}}
    axis = props.get("axes", {}).get("items", {}).get("properties", {}) if isinstance(props.get("axes"), dict) else {}
    for key in ("min", "max", "defaultValue"):
        if isinstance(axis.get(key), dict):
            extra_axis = {"minimum": -FONT_AXIS_BOUND, "maximum": FONT_AXIS_BOUND}
            if any(axis[key].get(k) != v for k, v in extra_axis.items()):
                axis[key].update(extra_axis)
    changed = bool(axis)
    for key, keywords in extra.items():
        prop = props.get(key)
        if isinstance(prop, dict) and any(prop.get(k) != v for k, v in keywords.items()):
            prop.update(keywords)
            changed = True
    return changed


REDIRECT_FROM = "^/[^\\x00-\\x20\\x7f]*$"
REDIRECT_TO = "^(/|https?://)[^\\x00-\\x20\\x7f]*$"
WELL_KNOWN_FILE = "^[A-Za-z0-9][A-Za-z0-9_-]*(\\.noext)?(\\.txt|\\.json)?$"
OBJECT_ID = {"pattern": "^[0-9a-f]{24}$"}  # what `format: objectid` means (the spec's examples use 32 characters)
REDIRECT_URLS = {"fromUrl": {"pattern": REDIRECT_FROM, "maxLength": 2048},
                 "toUrl": {"pattern": REDIRECT_TO, "maxLength": 2048}}
SITE_CONFIG_BODIES = {  # (method, path) -> {property: extra keywords}, required properties
    ("post", "/sites/{site_id}/redirects"): (
        REDIRECT_URLS,
        ["fromUrl", "toUrl"]),
    ("patch", "/sites/{site_id}/redirects/{redirect_id}"): (
        REDIRECT_URLS,
        []),
    ("put", "/sites/{site_id}/well_known"): (
        {"fileName": {"pattern": WELL_KNOWN_FILE, "maxLength": 255}, "fileData": {"maxLength": 100 * 1024 - 1}}, []),
    ("delete", "/sites/{site_id}/well_known"): (
        {"fileNames": {"minItems": 1, "maxItems": 100, "items": {"type": "string", "minLength": 1, "maxLength": 255,
                                                                 "pattern": NUL_FREE}}}, ["fileNames"]),
    ("patch", "/sites/{site_id}/llms_txt"): ({}, ["fileData"]),
    ("patch", "/sites/{site_id}/integrations/google_tags"): ({"googleTagIds": {"maxItems": 25}}, []),
    ("post", "/workspaces/{workspace_id}/sites"): (
        {"name": {"minLength": 1, "maxLength": 200}, "templateName": {"maxLength": 200}, "parentFolderId": OBJECT_ID},
        []),
    ("patch", "/sites/{site_id}"): ({"name": {"minLength": 1, "maxLength": 200}, "parentFolderId": OBJECT_ID}, []),
}
ROBOTS = "/sites/{site_id}/robots_txt"


def _fix_site_config(paths: dict[str, Any], counts: Counter[str]) -> None:
    """R18: site configuration and management bodies."""
    for (method, path), (extra, required) in SITE_CONFIG_BODIES.items():
        op = paths.get(path, {}).get(method)
        schema = _request_schema(op) if isinstance(op, dict) else None
        if op is None or schema is None:
            continue
        op["requestBody"]["required"] = True
        props = schema.get("properties", {})
        for name, keywords in extra.items():
            if isinstance(props.get(name), dict):
                props[name].update(keywords)
        for name in required:
            _require(schema, name)
        if path.endswith("/google_tags"):
            item = props.get("googleTagIds", {}).get("items", {}).get("properties", {})
            if isinstance(item.get("order"), dict):
                item["order"]["minimum"] = 0
            if isinstance(item.get("tagId"), dict):
                item["tagId"]["maxLength"] = 64
        counts["R18"] += 1
    for method in ("put", "patch", "delete"):
        op = paths.get(ROBOTS, {}).get(method)
        schema = _request_schema(op) if isinstance(op, dict) else None
        if op is None or schema is None:
            continue
        op["requestBody"]["required"] = True
        agent = schema.get("properties", {}).get("rules", {}).get("items", {}).get("properties", {}).get("userAgent")
        if isinstance(agent, dict):
            agent["minLength"] = 1
        counts["R18"] += 1


def _extend_activity_events(paths: dict[str, Any], counts: Counter[str]) -> None:
    """S18."""
    op = paths.get("/sites/{site_id}/activity_logs", {}).get("get")
    schema = _json_schema(op["responses"]["200"]) if isinstance(op, dict) else None
    event = (schema or {}).get("properties", {}).get("items", {}).get("items", {}).get("properties", {}).get("event")
    if isinstance(event, dict) and "enum" in event:
        event["enum"] = [*event["enum"], "site_settings_modified"]
        counts["S18"] += 1


COMPONENT_WRITES = ("/sites/{site_id}/components/{component_id}/dom",
                    "/sites/{site_id}/components/{component_id}/properties")
REPLIES = "/sites/{site_id}/comments/{comment_thread_id}/replies"


def _fix_components_comments(paths: dict[str, Any], counts: Counter[str]) -> None:
    """R19: component writes and comment replies."""
    for path in COMPONENT_WRITES:
        op = paths.get(path, {}).get("post")
        schema = _request_schema(op) if isinstance(op, dict) else None
        if op is None or schema is None:
            continue
        op["requestBody"]["required"] = True
        for prm in op.get("parameters", []):
            if prm.get("name") == "localeId" and prm.get("in") == "query":
                prm["required"] = True
                prm.pop("allowEmptyValue", None)  # an empty localeId names no locale
        props = schema.get("properties", {}).get("properties")
        if isinstance(props, dict):
            props.update({"minItems": 1, "maxItems": 1000})
        counts["R19"] += 1
    op = paths.get(REPLIES, {}).get("post")
    schema = _request_schema(op) if isinstance(op, dict) else None
    content = schema.get("properties", {}).get("content") if schema is not None else None
    if isinstance(content, dict):
        content.update({"minLength": 1, "pattern": "^[^\\x00]*[^\\x00\\s][^\\x00]*$"})
        counts["R19"] += 1


def normalise(doc: dict[str, Any]) -> tuple[dict[str, Any], Counter[str]]:
    """A corrected deep copy of one spec file, and how many times each fix applied."""
    counts: Counter[str] = Counter()
    out: dict[str, Any] = _rewrite(copy.deepcopy(doc), counts)
    paths: dict[str, Any] = out["paths"]
    _fix_requests(paths, counts)
    _fix_site_config(paths, counts)
    _fix_components_comments(paths, counts)
    _declare_bad_id(paths, counts)
    _declare_script_conflicts(paths, counts)
    _declare_path_params(paths, counts)
    _order_ids(paths, counts)
    _extend_activity_events(paths, counts)
    item = _json_schema(paths[ITEM_OP]["get"]["responses"]["200"])
    assert item is not None, "the item schema moved: update scripts/normalise_spec.py"
    for path, path_item in paths.items():
        for method in spec.METHODS:
            op = path_item.get(method)
            if not isinstance(op, dict):
                continue
            for status, resp in op.get("responses", {}).items():
                schema = _json_schema(resp) if isinstance(resp, dict) else None
                if schema is None:
                    continue
                if _unwrap_responses(schema):
                    counts["S11"] += 1
                members = schema.get("anyOf", [schema])
                if status[:1] in "45" and sum(_fix_envelope(m) for m in members if isinstance(m, dict)):
                    counts["S6"] += 1
            items_path = path.startswith("/collections/{collection_id}/items")
            multi = items_path and path.endswith(("/items", "/items/live"))
            # anyOf, not a replacement: a single-item create still answers the single item.
            if method == "post" and multi and _set_response_schema(
                op, "202", lambda s: {"anyOf": [s, _items_list(item)]}
            ):
                counts["S7"] += 1
            if method == "post" and items_path and path.endswith("/items/bulk") and _set_response_schema(
                op, "202", lambda _s: _items_list(item, {"id": {"type": "string"}})
            ):
                counts["S8"] += 1
            if method == "patch" and multi and _set_response_schema(op, "200", lambda _s: _items_list(item)):
                counts["S9"] += 1
    return out, counts


def write(out_dir: Path | None = None) -> tuple[dict[str, Path], dict[str, Counter[str]]]:
    """Writes <prefix>.json per spec file; returns the paths and the fix counts per prefix."""
    target = out_dir or Path(tempfile.mkdtemp(prefix="webflow-local-spec-"))
    target.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    all_counts: dict[str, Counter[str]] = {}
    for prefix in spec.PREFIXES:
        doc, counts = normalise(spec.load(prefix))
        path = target / f"{prefix}.json"
        path.write_text(json.dumps(doc))
        files[prefix] = path
        all_counts[prefix] = counts
    return files, all_counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="directory to write v2.json and beta.json to (default: temp dir)")
    parser.add_argument("--list", action="store_true", help="list the corrections and exit")
    args = parser.parse_args()
    if args.list:
        for fix_id, text in FIXES.items():
            print(f"{fix_id}: {text}")
        return 0
    files, counts = write(args.out)
    for prefix, path in files.items():
        applied = ", ".join(f"{k}x{counts[prefix][k]}" for k in FIXES if counts[prefix][k])
        print(f"{prefix}: {path} ({applied})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
