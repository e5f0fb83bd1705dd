"""Validates responses against the response schemas of Webflow's OpenAPI files in ../shared/spec.

The spec is read where it stays (never copied); its known defects are corrected here at test time,
each correction named in docs/deviations.md."""

from __future__ import annotations

import copy
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import spec as spec_files

# Never-set values are explicit null on the real API (webflow-behavior.md sections 1 and 6; the webhook
# examples show `filter: null` and a never-triggered webhook has no lastTriggered; an asset folder at the root
# has `parentFolder: null`, as the spec's description says).
# A page's parentId/collectionId are null at the top level and for static pages (the spec's own examples), and
# its publishedPath is null until a site publish (docs/deviations.md).
ALWAYS_NULLABLE = {"lastPublished", "lastTriggered", "filter", "parentFolder", "parentId", "collectionId",
                   "publishedPath", "helpText", "application"}
# Statuses any operation may answer though its spec entry omits them: auth (401/403 for another site's
# token), unknown routes and methods, oversized bodies, rate limits, and the server errors the control
# plane's faults inject (docs/deviations.md).
CROSS_CUTTING = {401, 403, 404, 405, 413, 429, 500, 503}
ITEM_SCHEMA_OP = ("GET", "/collections/{collection_id}/items/{item_id}")
ACTIVITY_LOGS = "/sites/{site_id}/activity_logs"
EXTRA_ACTIVITY_EVENTS = ("site_settings_modified",)


def available() -> bool:
    return spec_files.spec_dir() is not None


def found_in() -> Path | None:
    d = spec_files.spec_dir()
    return None if d is None else Path(d)


def missing_message() -> str:
    """Where the spec was looked for and the setting that says where it is (WEBFLOW_LOCAL_SPEC_DIR)."""
    return str(spec_files.missing_message())


def document(prefix: str) -> dict[str, Any]:
    return _doc(prefix)


def _normalise(node: Any) -> Any:
    """OpenAPI 3.0 idioms the files use, made JSON Schema: nullable, tuple-style items, examples."""
    if isinstance(node, list):
        return [_normalise(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _normalise(v) for k, v in node.items() if k not in {"example", "examples", "x-fern-type-name"}}
    if "properties" in out and out["properties"] is None:
        del out["properties"]  # spec defect (the DOM node schema's `properties: null`): no properties declared
    props = out.get("properties")
    if isinstance(props, dict):
        for key in ALWAYS_NULLABLE & set(props):
            if isinstance(props[key], dict):
                props[key] = {**props[key], "nullable": True}
                props[key] = _normalise(props[key])
        # S20: order keys sent as null (no PayPal payment, no address, a SKU without an image).
        nullable = [k for k in ("paypalDetails", "shippingAddress", "billingAddress", "variantImage") if k in props]
        if "url" in props and "file" in props:
            nullable.append("file")
        for key in nullable:
            if isinstance(props[key], dict):
                props[key] = _normalise({**props[key], "nullable": True})
    enum = out.get("enum")
    if isinstance(enum, list) and "ExtFileRef" in enum and "Price" not in enum:
        out["enum"] = [*enum, "Price", "SkuValues", "SkuSettings"]  # S21: ecommerce field types
    if isinstance(out.get("items"), list):
        out["items"] = {"anyOf": out["items"]}
    if out.get("maxProperties") == 1 and isinstance(out.get("additionalProperties"), dict):
        del out["maxProperties"]  # a form's `fields` map has one key per field (S16 in docs/deviations.md)
    if out.pop("nullable", False):
        t = out.get("type")
        if isinstance(t, str):
            out["type"] = [t, "null"]
        elif isinstance(t, list) and "null" not in t:
            out["type"] = [*t, "null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    return out


def _activity_events(schema: dict[str, Any]) -> dict[str, Any]:
    """S18: the activity log's `event` also takes the events the spec's enum lacks (docs/deviations.md)."""
    s = copy.deepcopy(schema)
    event = s["properties"]["items"]["items"]["properties"]["event"]
    event["enum"] = [*event["enum"], *EXTRA_ACTIVITY_EVENTS]
    return s


def _error_envelope(schema: dict[str, Any]) -> dict[str, Any]:
    """Deviation: externalReference is null on the real API (the spec says string)."""
    s = copy.deepcopy(schema)
    props = s.get("properties", {})
    if "externalReference" in props:
        props["externalReference"] = {"type": ["string", "null"]}
    if "code" in props and "enum" in props["code"]:
        # Codes the real API uses that the enum lacks.
        props["code"]["enum"] = [*props["code"]["enum"], "custom_code_max_registered_scripts"]
    s["required"] = ["message", "code", "externalReference", "details"]
    return s


@cache
def _doc(prefix: str) -> dict[str, Any]:
    return spec_files.load(prefix)


@cache
def _templates(prefix: str) -> list[tuple[re.Pattern[str], str]]:
    out = []
    for path in _doc(prefix)["paths"]:
        rx = "^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(path)) + "$"
        # Literal segments beat parameters: /items/live is not /items/{item_id}.
        out.append((re.compile(rx), path))
    out.sort(key=lambda t: t[1].count("{"))
    return out


def match(prefix: str, method: str, path: str) -> str | None:
    for rx, template in _templates(prefix):
        if rx.match(path) and method.lower() in _doc(prefix)["paths"][template]:
            return template
    return None


def _item_schema(prefix: str) -> dict[str, Any]:
    op = _doc(prefix)["paths"][ITEM_SCHEMA_OP[1]]["get"]
    return op["responses"]["200"]["content"]["application/json"]["schema"]  # type: ignore[no-any-return]


def _deviation(prefix: str, method: str, template: str, status: int, body: Any) -> dict[str, Any] | None:
    """Response schemas replaced where the real API differs from the spec (docs/deviations.md)."""
    item = _item_schema(prefix)
    items_list = {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": item}}}
    if method == "POST" and template.endswith("/items/bulk") and status == 202:
        return {
            **items_list,
            "required": ["id", "items"],
            "properties": {**items_list["properties"], "id": {"type": "string"}},
        }
    if method == "POST" and template.endswith(("/items", "/items/live")) and status == 202 and "items" in body:
        return items_list
    if method == "PATCH" and template.endswith(("/items", "/items/live")) and status == 200:
        return items_list
    return None


def schema_for(prefix: str, method: str, template: str, status: int, body: Any) -> dict[str, Any] | None:
    dev = _deviation(prefix, method, template, status, body)
    if dev is not None:
        return _normalise(dev)  # type: ignore[no-any-return]
    op = _doc(prefix)["paths"][template][method.lower()]
    responses = op.get("responses", {})
    resp = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX")
    if resp is None:
        return None
    schema = resp.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return None
    if "oneOf" in schema and all("content" in alt for alt in schema["oneOf"]):
        # Spec defect: a oneOf of whole response objects; each wraps the same envelope schema.
        schema = schema["oneOf"][0]["content"]["application/json"]["schema"]
    if status >= 400:
        schema = _error_envelope(schema)
    if template == ACTIVITY_LOGS and status == 200:
        schema = _activity_events(schema)
    return _normalise(schema)  # type: ignore[no-any-return]


def check(method: str, url_path: str, status: int, body: Any) -> list[str]:
    """Problems with one response; [] when it conforms (or the path is not a spec operation)."""
    m = re.match(r"^/(v2|beta)(/.*)$", url_path)
    if not m:
        return []
    prefix, path = m.group(1), m.group(2)
    template = match(prefix, method, path)
    if template is None:
        return []
    op = _doc(prefix)["paths"][template][method.lower()]
    declared = {c for c in op.get("responses", {})}
    problems = []
    if str(status) not in declared and f"{str(status)[0]}XX" not in declared and status not in CROSS_CUTTING:
        problems.append(f"{method} {template}: status {status} not declared (declared {sorted(declared)})")
    if status >= 400 and not (
        isinstance(body, dict) and {"message", "code", "externalReference", "details"} <= set(body)
    ):
        problems.append(f"{method} {template}: error body is not Webflow's envelope: {body!r}")
    schema = schema_for(prefix, method, template, status, body)
    if schema is not None and body is not None:
        validator = jsonschema.Draft202012Validator(schema)
        for err in validator.iter_errors(body):
            path_s = "/".join(str(p) for p in err.absolute_path)
            problems.append(f"{method} {template} {status}: at '{path_s}': {err.message[:300]}")
    return problems


def missing_keys(schema: Any, body: Any, at: str = "") -> list[str]:
    """Keys a response schema lists that the body leaves out (unset values are explicit null on Webflow,
    webflow-behavior.md section 1). Walks objects and arrays; alternatives (anyOf/oneOf) are not followed."""
    out: list[str] = []
    if not isinstance(schema, dict):
        return out
    props = schema.get("properties")
    if isinstance(body, dict) and isinstance(props, dict):
        for key, sub in props.items():
            if key == "additionalProperties":
                continue  # spec defect: a field's `validations` lists `additionalProperties` as a property
            if key not in body:
                out.append(f"{at}/{key}")
            else:
                out += missing_keys(sub, body[key], f"{at}/{key}")
    elif isinstance(body, list) and isinstance(schema.get("items"), dict):
        for i, entry in enumerate(body):
            out += missing_keys(schema["items"], entry, f"{at}/{i}")
    return out


def missing_in_response(method: str, url_path: str, status: int, body: Any) -> list[str]:
    m = re.match(r"^/(v2|beta)(/.*)$", url_path)
    if not m or body is None:
        return []
    template = match(m.group(1), method, m.group(2))
    if template is None:
        return []
    schema = schema_for(m.group(1), method, template, status, body)
    return missing_keys(schema, body) if schema is not None else []
