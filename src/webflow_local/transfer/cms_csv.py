"""One collection in one locale as Webflow's CMS CSV: what the Designer's "Export" writes and its CSV
import reads.

Columns: the Name and Slug fields, then Collection ID, Locale ID, Item ID, Archived, Draft, Created On,
Updated On, Published On, then every other field by its display name, in the collection's field order.
Values: booleans `true`/`false`; dates as JavaScript's Date string in UTC (`Wed Mar 15 2023 18:24:10
GMT+0000 (Coordinated Universal Time)`); an option by its name; a reference by the referenced item's slug;
images and files by URL; multi-images and multi-references joined with `; `. Empty cells are absent values.

An import creates a staged item for each row without a known Item ID and updates the named locale's staged
variant of the others. Every row goes through the items service as the API would validate it; nothing is
kept unless every row is valid, and the refusal lists each bad row by its line in the file."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import QueryParams

from webflow_local.api.collections import service as collections
from webflow_local.api.items import service as items
from webflow_local.api.sites.service import render_sites
from webflow_local.auth.principal import Principal
from webflow_local.context import Ctx
from webflow_local.errors import ValidationFailed, WebflowError
from webflow_local.kit.ids import is_object_id
from webflow_local.kit.timefmt import iso, parse_iso

META = ("Collection ID", "Locale ID", "Item ID", "Archived", "Draft", "Created On", "Updated On", "Published On")
SEPARATOR = "; "
_JS_DATE = "%a %b %d %Y %H:%M:%S"
_JS_SUFFIX = " GMT+0000 (Coordinated Universal Time)"
_JS_DATE_RE = re.compile(r"^(\w{3} \w{3} \d{2} \d{4} \d{2}:\d{2}:\d{2}) GMT([+-]\d{4})(?: \(.*\))?$")
PAGE = 100


class CsvRejected(WebflowError):
    """Some rows are invalid: nothing was imported. `rows` lists each bad row's line and problems."""

    status, code, default_message = 400, "validation_error", "Validation Error"

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        super().__init__(f"Validation Error: {len(rows)} invalid row(s), nothing imported",
                         details=[{"param": f"line {r['line']}", "description": "; ".join(r["problems"])}
                                  for r in rows])
        self.rows = rows


def js_date(value: str | None) -> str:
    if not value:
        return ""
    return parse_iso(value).astimezone(UTC).strftime(_JS_DATE) + _JS_SUFFIX


def parse_date(text: str) -> str:
    """A CSV date: JavaScript's Date string (as exported) or ISO-8601; answers the API's ISO form. Anything
    else is handed on as it is, for the items service to refuse."""
    m = _JS_DATE_RE.match(text.strip())
    if m:
        dt = datetime.strptime(f"{m.group(1)} {m.group(2)}", _JS_DATE + " %z")
        return iso(dt) or text
    try:
        return iso(parse_iso(text)) or text
    except ValueError:
        return text


def _as_workspace(ctx: Ctx, collection_id: str) -> tuple[Any, Any]:
    """The CLI speaks for the collection's workspace, as the control plane does."""
    coll, site = collections.collection_and_site(ctx, collection_id)
    ctx.principal = Principal(token_id="cli", kind="workspace", workspace_id=site.workspace_id, site_id=None,
                              scopes=frozenset(), created_on=ctx.now(), last_used=None, rate_limit=None)
    return coll, site


@dataclass
class _Collection:
    id: str
    fields: list[dict[str, Any]]
    locales: list[dict[str, Any]]  # site locales: primary first

    def locale(self, tag: str | None) -> dict[str, Any]:
        if tag is None:
            return self.locales[0]
        found = next((loc for loc in self.locales if loc["tag"].lower() == tag.lower()), None)
        if found is None:
            raise ValidationFailed.param("locale", f"no locale {tag!r} in the site "
                                                   f"(one of {', '.join(loc['tag'] for loc in self.locales)})")
        return found


def _load(ctx: Ctx, collection_id: str) -> _Collection:
    _, site = _as_workspace(ctx, collection_id)
    details = collections.collection_details(ctx, collection_id)
    rendered = render_sites(ctx, [site])[0]["locales"]
    return _Collection(collection_id, details["fields"], [rendered["primary"], *rendered["secondary"]])


def _all_items(ctx: Ctx, collection_id: str, cms_locale_id: str) -> Iterator[dict[str, Any]]:
    offset = 0
    while True:
        page = items.list_items(ctx, collection_id, QueryParams({"cmsLocaleId": cms_locale_id, "limit": str(PAGE),
                                                                 "offset": str(offset)}), "staged")
        yield from page["items"]
        offset += len(page["items"])
        if not page["items"] or offset >= page["pagination"]["total"]:
            return


def _slugs(ctx: Ctx, collection_id: str, cms_locale_id: str) -> dict[str, str]:
    """Item id -> slug of a referenced collection, in the locale exported (else the item's primary slug)."""
    target = _load(ctx, collection_id)
    out: dict[str, str] = {}
    for loc in [cms_locale_id, target.locales[0]["cmsLocaleId"]]:
        for it in _all_items(ctx, collection_id, loc):
            out.setdefault(it["id"], it["fieldData"].get("slug", ""))
    return out


def _columns(coll: _Collection) -> list[tuple[str, dict[str, Any] | None]]:
    by_slug = {f["slug"]: f for f in coll.fields}
    cols: list[tuple[str, dict[str, Any] | None]] = [(by_slug["name"]["displayName"], by_slug["name"]),
                                                     (by_slug["slug"]["displayName"], by_slug["slug"])]
    cols += [(m, None) for m in META]
    cols += [(f["displayName"], f) for f in coll.fields if f["slug"] not in {"name", "slug"}]
    return cols


def _cell(field: dict[str, Any], value: Any, refs: Mapping[str, Mapping[str, str]]) -> str:
    if value is None or value == [] or value == "":
        return ""
    kind = field["type"]
    if kind == "Switch":
        return "true" if value else "false"
    if kind == "DateTime":
        return js_date(value)
    if kind == "Option":
        names = {o["id"]: o["name"] for o in field.get("metadata", {}).get("options", [])}
        return str(names.get(value, value))
    if kind in {"Image", "File"}:
        return str(value.get("url") or "") if isinstance(value, dict) else str(value)
    if kind == "MultiImage":
        return SEPARATOR.join(str(v.get("url") or "") for v in value)
    if kind == "Reference":
        return refs[field["slug"]].get(value, value)
    if kind == "MultiReference":
        return SEPARATOR.join(refs[field["slug"]].get(v, v) for v in value)
    return str(value)


def export_csv(ctx: Ctx, collection_id: str, locale_tag: str | None = None) -> str:
    coll = _load(ctx, collection_id)
    loc = coll.locale(locale_tag)
    cms_locale = loc["cmsLocaleId"]
    refs = {f["slug"]: _slugs(ctx, f["metadata"]["collectionId"], cms_locale)
            for f in coll.fields if f["type"] in {"Reference", "MultiReference"}
            and f.get("metadata", {}).get("collectionId")}
    cols = _columns(coll)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([name for name, _ in cols])
    for it in _all_items(ctx, collection_id, cms_locale):
        meta = {"Collection ID": collection_id, "Locale ID": it["cmsLocaleId"], "Item ID": it["id"],
                "Archived": "true" if it["isArchived"] else "false", "Draft": "true" if it["isDraft"] else "false",
                "Created On": js_date(it["createdOn"]), "Updated On": js_date(it["lastUpdated"]),
                "Published On": js_date(it["lastPublished"])}
        w.writerow([meta[name] if f is None else _cell(f, it["fieldData"].get(f["slug"]), refs) for name, f in cols])
    return out.getvalue()


def _value(field: dict[str, Any], text: str, refs: Mapping[str, Mapping[str, str]]) -> Any:
    """A cell as the API's fieldData value; what cannot be read is handed on as text for the items service
    to refuse with the API's own message."""
    kind = field["type"]
    if kind == "Switch":
        return {"true": True, "false": False}.get(text.strip().lower(), text)
    if kind == "Number":
        try:
            n = float(text)
        except ValueError:
            return text
        return int(n) if n.is_integer() and re.fullmatch(r"\s*[-+]?\d+\s*", text) else n
    if kind == "DateTime":
        return parse_date(text)
    if kind == "Option":
        by_name = {o["name"].lower(): o["id"] for o in field.get("metadata", {}).get("options", [])}
        return by_name.get(text.strip().lower(), text)
    if kind in {"Image", "File"}:
        return {"url": text.strip()}
    if kind == "MultiImage":
        return [{"url": u.strip()} for u in text.split(";") if u.strip()]
    if kind == "Reference":
        return _ref(refs[field["slug"]], text)
    if kind == "MultiReference":
        return [_ref(refs[field["slug"]], s) for s in text.split(";") if s.strip()]
    return text


def _ref(slug_to_id: Mapping[str, str], text: str) -> str:
    s = text.strip()
    return slug_to_id.get(s) or s


def _problem(detail: Any) -> str:
    if isinstance(detail, dict):
        return f"{detail.get('param', '')}: {detail.get('description', '')}"
    return str(detail)


def _bool_cell(text: str | None, default: bool) -> bool | str:
    if text is None or text.strip() == "":
        return default
    return {"true": True, "false": False}.get(text.strip().lower(), text)


def import_csv(ctx: Ctx, collection_id: str, text: str) -> dict[str, Any]:
    coll = _load(ctx, collection_id)
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise CsvRejected([{"line": 1, "problems": ["the file has no header row"]}])
    fields = {f["displayName"].lower(): f for f in coll.fields} | {f["slug"]: f for f in coll.fields}
    meta = {m.lower(): m for m in META}
    unknown = [h for h in header if h.strip().lower() not in meta and h.strip() not in fields
               and h.strip().lower() not in fields]
    if unknown:
        raise CsvRejected([{"line": 1, "problems": [f"no field named {h!r} in the collection" for h in unknown]}])
    cols = [(meta.get(h.strip().lower()), fields.get(h.strip()) or fields.get(h.strip().lower())) for h in header]
    locale_ids = {loc["cmsLocaleId"] for loc in coll.locales}
    refs = {f["slug"]: {slug: i for i, slug in _slugs(ctx, f["metadata"]["collectionId"],
                                                      coll.locales[0]["cmsLocaleId"]).items()}
            for f in coll.fields if f["type"] in {"Reference", "MultiReference"}
            and f.get("metadata", {}).get("collectionId")}
    known = {it["id"] for loc in locale_ids for it in _all_items(ctx, collection_id, loc)}
    bad: list[dict[str, Any]] = []
    created = updated = 0
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            bad.append({"line": line, "problems": [f"not CSV: {e}"]})
            break
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            bad.append({"line": line, "problems": [f"{len(row)} cells, the header has {len(header)}"]})
            continue
        m = {name: cell for (name, _), cell in zip(cols, row, strict=True) if name is not None}
        item_id = (m.get("Item ID") or "").strip()
        locale = (m.get("Locale ID") or "").strip() or coll.locales[0]["cmsLocaleId"]
        updating = item_id in known
        fd: dict[str, Any] = {}
        for (_, f), cell in zip(cols, row, strict=True):
            if f is None:
                continue
            if cell.strip() == "":
                if updating:
                    fd[f["slug"]] = None
                continue
            fd[f["slug"]] = _value(f, cell, refs)
        body: dict[str, Any] = {"fieldData": fd, "cmsLocaleId": locale,
                                "isArchived": _bool_cell(m.get("Archived"), False),
                                "isDraft": _bool_cell(m.get("Draft"), True)}
        try:
            # A savepoint per row: a bad row is undone alone, so every later row is still checked.
            with ctx.conn.begin_nested():
                if locale not in locale_ids:
                    raise ValidationFailed.param("Locale ID", f"{locale!r} is not a locale of the site")
                if updating:
                    items.update_item(ctx, collection_id, item_id, body, live=False, query_locale=None,
                                      skip_invalid_files=False)
                    updated += 1
                else:
                    if item_id and not is_object_id(item_id):
                        raise ValidationFailed.param("Item ID", "must be an item id or empty")
                    items.create_item(ctx, collection_id, body, live=False, skip_invalid_files=False)
                    created += 1
        except WebflowError as e:
            bad.append({"line": line, "problems": [_problem(d) for d in e.details] or [e.message]})
    if bad:
        raise CsvRejected(bad)
    return {"collectionId": collection_id, "created": created, "updated": updated}

