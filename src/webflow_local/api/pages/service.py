"""Pages: metadata per site locale (title, slug, SEO, Open Graph), static content nodes with per-locale
content, the site publish, and the control plane's page creation (Webflow has no API to create pages).

A secondary locale reads the primary locale's value of every setting and node it has not written."""

from __future__ import annotations

import hashlib
import html as htmllib
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row
from starlette.datastructures import QueryParams

from webflow_local import events
from webflow_local.api.collections.service import collection_and_site
from webflow_local.api.pages.repository import ComponentRepository, PageRepository
from webflow_local.api.pages.schemas import (
    BulkPagesIn,
    NodeContentSeed,
    NodeSeed,
    NodeUpdateIn,
    PageLocaleSeed,
    PageSeed,
    PageSettingsIn,
    StaticContentIn,
    node_wire,
)
from webflow_local.api.sites.service import require_enterprise, site_locales, visible_site
from webflow_local.context import Ctx
from webflow_local.errors import BadRequest, Conflict, Forbidden, NotFound, ValidationFailed
from webflow_local.kit.ids import is_object_id
from webflow_local.kit.params import int_query, object_id, page_limit, sort_query
from webflow_local.kit.slugs import is_valid_slug, slugify
from webflow_local.kit.timefmt import iso, parse_iso
from webflow_local.kit.wire import pagination

MAX_LIMIT = 100
HOME_SLUG = "index"
FIXED_SLUG_KINDS = {"home", "template", "utility"}  # their slug is never changed through the API
NOT_SECONDARY = "Bad Request: Request is malformed: The provided locale must be a secondary locale."
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_TAG = re.compile(r"^\s*<([a-zA-Z][a-zA-Z0-9-]*)")
_OUTER = re.compile(r"^\s*<([a-zA-Z][a-zA-Z0-9-]*)[^>]*>(.*)</\1\s*>\s*$", re.S)
SETTING_COLUMNS = ("title", "slug", "seo_title", "seo_description", "og_title", "og_title_copied",
                   "og_description", "og_description_copied")


# -- locales ---------------------------------------------------------------------------------------------
def _locales(ctx: Ctx, site_id: str) -> list[Row[Any]]:
    """The site's locales, primary first (cached per process; the locales table is a cached table)."""
    return site_locales(ctx, site_id)


def _locale(locs: Sequence[Row[Any]], value: str | None, param: str = "localeId") -> Row[Any]:
    """A site locale by its id (`localeId` is the site locale, not the cmsLocaleId); empty: the primary."""
    if not value:
        return locs[0]
    found = next((loc for loc in locs if loc.id == value), None)
    if found is None:
        raise ValidationFailed.param(param, f"Invalid locale id: '{value}' is not a locale of this site")
    return found


def _query_locale(locs: Sequence[Row[Any]], q: QueryParams) -> tuple[Row[Any], bool]:
    """The locale a request asks for (`localeId`, or its older name `locale`) and whether it named one."""
    value = q.get("localeId") or q.get("locale")
    return _locale(locs, value), bool(value)


def _locale_by_ref(locs: Sequence[Row[Any]], ref: str, param: str) -> Row[Any]:
    """A secondary locale of a seed, by tag or site locale id."""
    found = next((loc for loc in locs if ref in (loc.id, loc.tag)), None)
    if found is None:
        raise ValidationFailed.param(param, f"'{ref}' is not a locale of this site")
    if found.is_primary:
        raise ValidationFailed.param(param, f"'{ref}' is the primary locale: give its values on the page itself")
    return found


# -- lookups -----------------------------------------------------------------------------------------------
def page_and_site(ctx: Ctx, page_id: str) -> Row[Any]:
    """The page (404 when absent), whoever asks: for the control plane."""
    row = PageRepository(ctx.conn).get(object_id(page_id))
    if row is None:
        raise NotFound.of("Page not found")
    return row


def visible_page(ctx: Ctx, page_id: str) -> Row[Any]:
    """The page, when it exists (else 404) and the caller may use its site (else 403)."""
    row = page_and_site(ctx, page_id)
    visible_site(ctx, row.site_id)
    return row


def _localized_slugs(ctx: Ctx, site: Row[Any]) -> bool:
    """Secondary-locale slugs need Webflow's Advanced or Enterprise localization add-on: webflow-local
    grants it to sites of Enterprise workspaces; elsewhere such a slug is ignored, as on Webflow."""
    try:
        require_enterprise(ctx, site)
    except Forbidden:
        return False
    return True


# -- settings and the page wire shape -----------------------------------------------------------------------
class Settings:
    """A page's stored settings rows by locale id, and the values a locale reads."""

    def __init__(self, rows: Sequence[Row[Any]]) -> None:
        self.rows: dict[tuple[str, str], Row[Any]] = {(r.page_id, r.locale_id): r for r in rows}

    def effective(self, page_id: str, locs: Sequence[Row[Any]], loc: Row[Any]) -> dict[str, Any]:
        primary = self.rows[(page_id, locs[0].id)]
        own = self.rows.get((page_id, loc.id)) if not loc.is_primary else None
        out = {c: getattr(primary, c) for c in SETTING_COLUMNS}
        if own is not None:
            out.update({c: getattr(own, c) for c in SETTING_COLUMNS if getattr(own, c) is not None})
        if loc.is_primary:
            out["published_path"] = primary.published_path
        else:
            out["published_path"] = own.published_path if own is not None else None
        out["dom_last_updated"] = (own.dom_last_updated if own is not None else None) or primary.dom_last_updated
        return out


def _page_wire(page: Row[Any], eff: Mapping[str, Any], locale_id: str | None) -> dict[str, Any]:
    seo_title = eff["seo_title"] or ""
    return {
        "id": page.id,
        "siteId": page.site_id,
        "parentId": page.parent_id,
        "collectionId": page.collection_id,
        "title": eff["title"],
        "slug": eff["slug"],
        "createdOn": iso(page.created_on),
        "lastUpdated": iso(page.last_updated),
        "archived": page.archived,
        "draft": page.draft,
        "canBranch": page.can_branch,
        "isBranch": page.is_branch,
        "branchId": page.branch_id,
        "seo": {"title": seo_title, "description": eff["seo_description"] or ""},
        "openGraph": {
            "title": seo_title if eff["og_title_copied"] else (eff["og_title"] or ""),
            "titleCopied": bool(eff["og_title_copied"]),
            "description": (eff["seo_description"] or "") if eff["og_description_copied"]
            else (eff["og_description"] or ""),
            "descriptionCopied": bool(eff["og_description_copied"]),
        },
        "localeId": locale_id,
        "publishedPath": eff["published_path"],
    }


def _render(ctx: Ctx, rows: Sequence[Row[Any]], locs: Sequence[Row[Any]], loc: Row[Any],
            named: bool) -> list[dict[str, Any]]:
    settings = Settings(PageRepository(ctx.conn).settings_of([r.id for r in rows]))
    return [_page_wire(r, settings.effective(r.id, locs, loc), loc.id if named else None) for r in rows]


def _path(page: Row[Any], by_id: Mapping[str, Row[Any]], settings: Settings, locs: Sequence[Row[Any]],
          loc: Row[Any], ctx: Ctx) -> str:
    """The page's URL path in a locale: the locale's subdirectory, then the parents' slugs and its own."""
    prefix = f"/{loc.subdirectory}" if not loc.is_primary and loc.subdirectory else ""
    if page.kind == "home":
        return prefix or "/"
    if page.kind == "template" and page.collection_id:
        return f"{prefix}/{collection_and_site(ctx, page.collection_id)[0].slug}"
    segments: list[str] = []
    current: Row[Any] | None = page
    seen: set[str] = set()
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if current.kind != "home":
            segments.append(settings.effective(current.id, locs, loc)["slug"])
        current = by_id.get(current.parent_id) if current.parent_id else None
    return f"{prefix}/{'/'.join(reversed(segments))}"


def _event(ctx: Ctx, page: Row[Any], stamp_key: str, stamp: datetime) -> dict[str, Any]:
    repo = PageRepository(ctx.conn)
    locs = _locales(ctx, page.site_id)
    site_pages = repo.of_site(page.site_id)
    settings = Settings(repo.settings_of_site(page.site_id))
    eff = settings.effective(page.id, locs, locs[0])
    return {
        "siteId": page.site_id, "pageId": page.id, "pageTitle": eff["title"], "pageName": eff["title"],
        "archived": page.archived, "draft": page.draft, "isBranch": page.is_branch, stamp_key: iso(stamp),
        "publishedPath": _path(page, {p.id: p for p in site_pages}, settings, locs, locs[0], ctx),
    }


# -- reads -------------------------------------------------------------------------------------------------
def _range(q: QueryParams, key: str) -> list[tuple[str, str, datetime]]:
    out = []
    for op in ("gte", "lte"):
        raw = q.get(f"{key}[{op}]")
        if raw:
            try:
                out.append((key, op, parse_iso(raw)))
            except ValueError:
                raise ValidationFailed.param(f"{key}[{op}]", "must be an ISO-8601 date-time") from None
    return out


def list_pages(ctx: Ctx, site_id: str, q: QueryParams) -> dict[str, Any]:
    site = visible_site(ctx, site_id)
    locs = _locales(ctx, site.id)
    loc, named = _query_locale(locs, q)
    offset = int_query(q, "offset", 0)
    limit = page_limit(q, MAX_LIMIT)
    sort_by, descending = sort_query(q, ("createdOn", "lastUpdated"))
    rows, total = PageRepository(ctx.conn).page(
        site.id, offset, limit, ranges=_range(q, "createdOn") + _range(q, "lastUpdated"), sort_by=sort_by,
        descending=descending)
    return {"pages": _render(ctx, rows, locs, loc, named), "pagination": pagination(limit, offset, total)}


def get_page(ctx: Ctx, page_id: str, q: QueryParams) -> dict[str, Any]:
    page = visible_page(ctx, page_id)
    locs = _locales(ctx, page.site_id)
    loc, named = _query_locale(locs, q)
    return _render(ctx, [page], locs, loc, named)[0]


# -- settings writes -----------------------------------------------------------------------------------------
def _settings_values(ctx: Ctx, site: Row[Any], page: Row[Any], locs: Sequence[Row[Any]], loc: Row[Any],
                     body: PageSettingsIn | PageLocaleSeed, param: str = "") -> dict[str, Any]:
    values: dict[str, Any] = {}
    if body.title is not None:
        values["title"] = body.title
    if body.slug is not None and page.kind not in FIXED_SLUG_KINDS and (
            loc.is_primary or _localized_slugs(ctx, site)):
        if not is_valid_slug(body.slug):
            raise ValidationFailed.param(f"{param}slug", "Slug must use lowercase letters, digits, - and _")
        _check_unique_slug(ctx, page, locs, loc, body.slug, f"{param}slug")
        values["slug"] = body.slug
    if body.seo is not None:
        if body.seo.title is not None:
            values["seo_title"] = body.seo.title
        if body.seo.description is not None:
            values["seo_description"] = body.seo.description
    og = body.open_graph
    if og is not None:
        if og.title is not None:
            values["og_title"] = og.title
            values["og_title_copied"] = False
        if og.title_copied is not None:
            values["og_title_copied"] = og.title_copied
        if og.description is not None:
            values["og_description"] = og.description
            values["og_description_copied"] = False
        if og.description_copied is not None:
            values["og_description_copied"] = og.description_copied
    return values


def _check_unique_slug(ctx: Ctx, page: Row[Any], locs: Sequence[Row[Any]], loc: Row[Any], slug: str,
                       param: str) -> None:
    """Sibling pages (same parent) have different slugs in every locale."""
    repo = PageRepository(ctx.conn)
    siblings = [p for p in repo.of_site(page.site_id)
                if p.id != page.id and p.parent_id == page.parent_id and p.kind not in FIXED_SLUG_KINDS]
    settings = Settings(repo.settings_of([p.id for p in siblings]))
    if any(settings.effective(p.id, locs, loc)["slug"] == slug for p in siblings):
        raise ValidationFailed.param(param, f"Unique value is already in database: '{slug}'")


def update_settings(ctx: Ctx, page_id: str, q: QueryParams, body: PageSettingsIn) -> dict[str, Any]:
    page = visible_page(ctx, page_id)
    site = visible_site(ctx, page.site_id)
    locs = _locales(ctx, page.site_id)
    loc, named = _query_locale(locs, q)
    _write_settings(ctx, site, page, locs, loc, body)
    fresh = PageRepository(ctx.conn).get(page.id)
    assert fresh is not None
    return _render(ctx, [fresh], locs, loc, named)[0]


def _write_settings(ctx: Ctx, site: Row[Any], page: Row[Any], locs: Sequence[Row[Any]], loc: Row[Any],
                    body: PageSettingsIn, param: str = "") -> None:
    values = _settings_values(ctx, site, page, locs, loc, body, param)
    repo = PageRepository(ctx.conn)
    now = ctx.now()
    if values:
        repo.upsert_settings(page.id, loc.id, values)
    repo.touch([page.id], now)
    fresh = repo.get(page.id)
    assert fresh is not None
    events.emit(ctx, page.site_id, "page_metadata_updated", lambda: [_event(ctx, fresh, "lastUpdated", now)])


def update_pages_bulk(ctx: Ctx, body: BulkPagesIn) -> dict[str, Any]:
    """Beta PATCH /pages: up to 100 entries of one site; an id may repeat with different locales."""
    for i, e in enumerate(body.pages):
        if not is_object_id(e.id):
            raise ValidationFailed.param(f"pages.{i}.id", "Provided ID is invalid")
    repo = PageRepository(ctx.conn)
    found = {r.id: r for r in repo.many(list({e.id for e in body.pages}))}
    missing = next((e.id for e in body.pages if e.id not in found), None)
    if missing is not None:
        raise NotFound.of(f"Page not found: {missing}")
    keys = [(e.id, e.locale_id) for e in body.pages]
    for i, key in enumerate(keys):
        if key in keys[:i]:
            raise ValidationFailed.param(f"pages.{i}", f"Duplicate page id and localeId: {key[0]}"
                                         + (f", {key[1]}" if key[1] else " (primary locale)"))
    if len({r.site_id for r in found.values()}) > 1:
        raise BadRequest("Bad Request: Request is malformed: All pages must belong to the same site.")
    site = visible_site(ctx, next(iter(found.values())).site_id)
    locs = _locales(ctx, site.id)
    chosen = []
    for i, e in enumerate(body.pages):
        loc = _locale(locs, e.locale_id, f"pages.{i}.localeId")
        if e.locale_id is not None and loc.is_primary:
            raise BadRequest(NOT_SECONDARY, details=[{"param": f"pages.{i}.localeId",
                                                      "description": "Omit localeId to update the primary locale"}])
        chosen.append(loc)
    for i, (e, loc) in enumerate(zip(body.pages, chosen, strict=True)):
        current = repo.get(e.id)
        assert current is not None
        _write_settings(ctx, site, current, locs, loc, e, f"pages.{i}.")
    out = []
    for e, loc in zip(body.pages, chosen, strict=True):
        fresh = repo.get(e.id)
        assert fresh is not None
        out.append(_render(ctx, [fresh], locs, loc, e.locale_id is not None)[0])
    return {"pages": out}


# -- static content ------------------------------------------------------------------------------------------
def plain_text(html: str) -> str | None:
    """A text node's raw text: the text of its one element, or null when it holds nested elements."""
    m = _OUTER.match(html)
    inner = m.group(2) if m else html
    if "<" in inner:
        return None
    return htmllib.unescape(inner)


def _text(html: str) -> dict[str, Any]:
    return {"text": {"html": html, "text": plain_text(html)}}


def _property_text(prop_type: str, value: str) -> dict[str, Any]:
    return {"html": value, "text": None} if prop_type == "Rich Text" else {"html": None, "text": value}


def property_problem(prop_type: str, value: str) -> str | None:
    """Why a value does not fit a property type: Plain Text and Alt Text values are one line."""
    if prop_type != "Rich Text" and ("\n" in value or "\r" in value):
        return f"a {prop_type} property takes a single line"
    return None


def get_content(ctx: Ctx, page_id: str, q: QueryParams) -> dict[str, Any]:
    page = visible_page(ctx, page_id)
    locs = _locales(ctx, page.site_id)
    loc, _ = _query_locale(locs, q)
    offset = int_query(q, "offset", 0)
    limit = page_limit(q, MAX_LIMIT)
    # Beta's withBindings: no static node of webflow-local is bound to CMS data, so it adds nothing.
    if (q.get("withBindings") or "").lower() not in {"", "true", "false"}:
        raise ValidationFailed.param("withBindings", "withBindings must be true or false")
    repo = PageRepository(ctx.conn)
    total = repo.count_nodes(page.id)
    rows = repo.nodes(page.id, offset, limit)
    own = {} if loc.is_primary else repo.node_contents(page.id, loc.id, [r.node_id for r in rows])
    eff = Settings(repo.settings_of([page.id])).effective(page.id, locs, loc)
    props = instance_properties(ctx, page.site_id, rows)
    return {
        "pageId": page.id,
        "branchId": page.branch_id,
        "nodes": [node_wire(r.node_id, r.type, r.attributes,
                            shown(r.type, own.get(r.node_id, r.content), props, loc)) for r in rows],
        "pagination": pagination(limit, offset, total),
        "lastUpdated": iso(eff["dom_last_updated"]),
    }


# -- component instances ----------------------------------------------------------------------------------
Props = dict[str, list[Row[Any]]]  # a component's properties (main content), by component id


def instance_properties(ctx: Ctx, site_id: str, rows: Sequence[Row[Any]]) -> Props:
    """The properties of the site's components that these nodes are instances of."""
    ids = {r.content["componentId"] for r in rows if r.type == "component-instance"}
    if not ids:
        return {}
    repo = ComponentRepository(ctx.conn)
    ours = [i for i in ids if (c := repo.get(i)) is not None and c.site_id == site_id]
    out: Props = {i: [] for i in ours}
    for p in repo.properties_of(ours):
        out[p.component_id].append(p)
    return out


def property_value(prop: Row[Any], loc: Row[Any]) -> dict[str, Any]:
    """A component property's default value in a locale (the primary's until written there)."""
    own = None if loc.is_primary else prop.locales.get(loc.id)
    return dict(own or prop.text)


def shown(node_type: str, content: dict[str, Any], props: Props, loc: Row[Any]) -> dict[str, Any]:
    """A node's content as read: an instance of a component of the site lists every property of the
    component, with the instance's override where it has one and the component's default elsewhere (an
    instance of a component webflow-local does not know shows its stored overrides)."""
    if node_type != "component-instance" or content["componentId"] not in props:
        return content
    over = {o["propertyId"]: o for o in content["propertyOverrides"]}
    return {"componentId": content["componentId"], "propertyOverrides": [
        {"propertyId": p.property_id, "type": p.type, "label": p.label,
         "text": over[p.property_id]["text"] if p.property_id in over else property_value(p, loc)}
        for p in props[content["componentId"]]]}


def _apply(node_type: str, base: dict[str, Any], upd: NodeUpdateIn,
           props: Sequence[Row[Any]] | None = None) -> tuple[dict[str, Any] | None, str | None]:
    """The node's content with the update applied, or the reason it does not fit the node. `props`: the
    component's properties when the node is an instance of a known component (any of them can be
    overridden)."""
    given = {k for k, v in (("text", upd.text), ("propertyOverrides", upd.property_overrides),
                            ("choices", upd.choices), ("placeholder", upd.placeholder), ("value", upd.value),
                            ("waitingText", upd.waiting_text)) if v is not None}
    allowed = {"text": {"text"}, "component-instance": {"propertyOverrides"}, "select": {"choices"},
               "text-input": {"placeholder"}, "submit-button": {"value", "waitingText"},
               "search-button": {"value"}}.get(node_type, set())
    if not allowed:
        return None, f"a {node_type} node's content cannot be updated"
    extra = sorted(given - allowed)
    if extra:
        return None, f"a {node_type} node does not take {', '.join(extra)}"
    if not given:
        return None, f"a {node_type} node needs {' or '.join(sorted(allowed))}"
    out = dict(base)
    if upd.text is not None:
        old = _TAG.match(base["text"]["html"] or "")
        new = _TAG.match(upd.text)
        if old and (new is None or new.group(1).lower() != old.group(1).lower()):
            return None, f"the HTML must keep the node's <{old.group(1)}> tag"
        out.update(_text(upd.text))
    if upd.property_overrides is not None:
        overrides = [dict(p) for p in base["propertyOverrides"]]
        by_id = {p["propertyId"]: p for p in overrides}
        known = {p.property_id: p for p in props or ()}
        for o in upd.property_overrides:
            prop = by_id.get(o.property_id)
            if prop is None and o.property_id in known:
                k = known[o.property_id]
                prop = by_id[k.property_id] = {"propertyId": k.property_id, "type": k.type, "label": k.label}
                overrides.append(prop)
            if prop is None:
                return None, f"property {o.property_id} not found"
            problem = property_problem(prop["type"], o.text)
            if problem:
                return None, f"property {o.property_id}: {problem}"
            prop["text"] = _property_text(prop["type"], o.text)
        out["propertyOverrides"] = overrides
    if upd.choices is not None:
        out["choices"] = [c.model_dump() for c in upd.choices]
    if upd.placeholder is not None:
        out["placeholder"] = upd.placeholder
    if upd.value is not None:
        out["value"] = upd.value
    if upd.waiting_text is not None:
        out["waitingText"] = upd.waiting_text
    return out, None


def update_content(ctx: Ctx, page_id: str, q: QueryParams, body: StaticContentIn) -> dict[str, Any]:
    """Writes nodes' content in a secondary locale (Webflow refuses the primary, even on a single-locale
    site); nodes that do not exist or do not fit are reported in `errors`, the others written."""
    page = visible_page(ctx, page_id)
    locs = _locales(ctx, page.site_id)
    raw = q.get("localeId") or q.get("locale")
    if not raw:
        raise ValidationFailed.param("localeId", "localeId is required: the secondary locale to write")
    loc = _locale(locs, raw)
    if loc.is_primary:
        raise BadRequest(NOT_SECONDARY)
    repo = PageRepository(ctx.conn)
    nodes = {r.node_id: r for r in repo.nodes(page.id)}
    current = repo.node_contents(page.id, loc.id, [n.node_id for n in body.nodes if n.node_id in nodes])
    props = instance_properties(ctx, page.site_id, [nodes[n.node_id] for n in body.nodes if n.node_id in nodes])
    written: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for upd in body.nodes:
        node = nodes.get(upd.node_id)
        if node is None:
            problems.append(f"Node {upd.node_id} not found")
            continue
        base = written.get(node.node_id) or current.get(node.node_id) or node.content
        content, problem = _apply(node.type, base, upd, props.get(base.get("componentId", "")))
        if problem is not None:
            problems.append(f"Node {upd.node_id}: {problem}")
        elif content is not None:
            written[node.node_id] = content
    if written:
        repo.put_node_contents(page.id, loc.id, written)
        repo.upsert_settings(page.id, loc.id, {"dom_last_updated": ctx.now()})
    return {"errors": problems}


# -- site publish (hook) -----------------------------------------------------------------------------------------
def publish_pages(ctx: Ctx, site_id: str) -> int:
    """The sites family's publish: every page that is neither a draft nor archived gets its path in every
    locale and lastPublished; the others keep what they had."""
    repo = PageRepository(ctx.conn)
    all_pages = repo.of_site(site_id)
    if not all_pages:
        return 0
    locs = _locales(ctx, site_id)
    settings = Settings(repo.settings_of_site(site_id))
    by_id = {p.id: p for p in all_pages}
    published = [p for p in all_pages if not p.draft and not p.archived]
    for p in published:
        for loc in locs:
            repo.upsert_settings(p.id, loc.id, {"published_path": _path(p, by_id, settings, locs, loc, ctx)})
    repo.mark_published([p.id for p in published], ctx.now())
    return len(published)


# -- the control plane: creating and deleting pages ----------------------------------------------------------------
def _node_id(ctx: Ctx, given: str | None, param: str) -> str:
    if given is not None:
        if not UUID_RE.match(given):
            raise ValidationFailed.param(param, "a node id is a UUID")
        return given.lower()
    # Made from an object id, so that a seeded id generator (PUT /_admin/ids) makes the same node ids.
    return str(uuid.UUID(bytes=hashlib.md5(ctx.new_id().encode()).digest(), version=4))


def _seed_content(node_type: str, s: NodeContentSeed, param: str, base: dict[str, Any] | None,
                  ctx: Ctx, site_id: str) -> dict[str, Any]:
    """A node's content from a seed: every key its type needs (a secondary locale's keys default to the
    primary's)."""
    def need(value: Any, key: str) -> Any:
        if value is None:
            if base is not None:
                return base[key]
            raise ValidationFailed.param(f"{param}.{key}", f"a {node_type} node needs {key}")
        return value

    if node_type == "text":
        html = s.html if s.html is not None else (base["text"]["html"] if base else None)
        return _text(need(html, "html"))
    if node_type == "image":
        image = s.image.model_dump(by_alias=True) if s.image is not None else None
        return {"image": need(image, "image")}
    if node_type == "text-input":
        return {"placeholder": need(s.placeholder, "placeholder")}
    if node_type == "select":
        return {"choices": need([c.model_dump() for c in s.choices] if s.choices is not None else None, "choices")}
    if node_type == "submit-button":
        return {"value": need(s.value, "value"), "waitingText": need(s.waiting_text, "waitingText")}
    if node_type == "search-button":
        return {"value": need(s.value, "value")}
    # component-instance: a component of the site (by id or name) or, by a UUID, one webflow-local does not
    # know (its overrides then say their own types and labels)
    ref = need(s.component_id if s.component_id is not None else (base["componentId"] if base else None),
               "componentId")
    comp = find_component(ctx, site_id, ref)
    if comp is None and not UUID_RE.match(ref):
        raise ValidationFailed.param(f"{param}.componentId", f"No component '{ref}' on this site")
    known = ComponentRepository(ctx.conn).properties(comp.id, "") if comp is not None else None
    props: list[dict[str, Any]] = [dict(p) for p in base["propertyOverrides"]] if base else []
    for i, o in enumerate(s.property_overrides or []):
        at = f"{param}.propertyOverrides.{i}"

        def same(pid: str, label: str, o: Any = o) -> bool:
            return pid == o.property_id or (o.property_id is None and label == o.label)

        prop = next((p for p in props if same(p["propertyId"], p["label"])), None)
        if prop is None and known is not None:
            k = next((k for k in known if same(k.property_id, k.label)), None)
            if k is None:
                raise ValidationFailed.param(at, f"The component has no property '{o.property_id or o.label}'")
            prop = {"propertyId": k.property_id, "type": k.type, "label": k.label}
            props.append(prop)
        elif prop is None and base is None:
            prop = {"propertyId": _node_id(ctx, o.property_id, f"{at}.propertyId"), "type": o.type, "label": o.label}
            props.append(prop)
        elif prop is None:
            raise ValidationFailed.param(at, "no such property on the node")
        problem = property_problem(prop["type"], o.text)
        if problem:
            raise ValidationFailed.param(f"{at}.text", problem)
        prop["text"] = _property_text(prop["type"], o.text)
    return {"componentId": comp.id if comp is not None else ref, "propertyOverrides": props}


def find_component(ctx: Ctx, site_id: str, ref: str) -> Row[Any] | None:
    """A component of the site by id or name."""
    return next((c for c in ComponentRepository(ctx.conn).of_site(site_id) if ref in (c.id, c.name)), None)


def create_page(ctx: Ctx, site_id: str, seed: PageSeed, created_on: datetime | None = None) -> dict[str, Any]:
    """A page with its settings in every locale given and its nodes; fires page_created. `created_on`
    (default now) places it in the site's page list, which is in creation order."""
    site = visible_site(ctx, site_id)
    locs = _locales(ctx, site.id)
    repo = PageRepository(ctx.conn)
    existing = repo.of_site(site.id)
    if seed.id is not None:
        if not is_object_id(seed.id):
            raise ValidationFailed.param("id", "must be 24 lowercase hex digits")
        if repo.get(seed.id) is not None:
            raise Conflict("Conflict: Resource already exists")
    parent_id = None
    if seed.parent is not None:
        settings = Settings(repo.settings_of([p.id for p in existing]))
        parent = next((p for p in existing if seed.parent in (p.id, settings.effective(p.id, locs, locs[0])["slug"])),
                      None)
        if parent is None:
            raise ValidationFailed.param("parent", f"No page '{seed.parent}' on this site")
        parent_id = parent.id
    collection_id = None
    if seed.collection is not None:
        collection_id = _collection_ref(ctx, site.id, seed.collection)
        if any(p.collection_id == collection_id for p in existing):
            raise Conflict("Conflict: Resource already exists",
                           details=[{"param": "collection", "description": "The collection has a template page"}])
    slug = seed.slug or (HOME_SLUG if seed.title.strip().lower() == "home" and parent_id is None and
                         collection_id is None else slugify(seed.title))
    if not is_valid_slug(slug):
        raise ValidationFailed.param("slug", "Slug must use lowercase letters, digits, - and _")
    kind = ("template" if collection_id else "utility" if seed.utility else
            "home" if slug == HOME_SLUG and parent_id is None else "static")
    if kind == "home" and any(p.kind == "home" for p in existing):
        raise Conflict("Conflict: Resource already exists",
                       details=[{"param": "slug", "description": "The site has a home page"}])
    now = ctx.now()
    created = created_on or now
    page_id = seed.id or ctx.new_id()
    published = seed.published_path is not None or any(v.published_path is not None for v in seed.locales.values())
    row = {"id": page_id, "site_id": site.id, "parent_id": parent_id, "collection_id": collection_id, "kind": kind,
           "draft": seed.draft, "archived": seed.archived, "can_branch": seed.can_branch, "is_branch": False,
           "branch_id": None, "created_on": created, "last_updated": now,
           "last_published": now if published else None}
    repo.insert(row)
    page = repo.get(page_id)
    assert page is not None
    if kind == "static":
        _check_unique_slug(ctx, page, locs, locs[0], slug, "slug")
    og = seed.open_graph
    repo.upsert_settings(page_id, locs[0].id, {
        "title": seed.title, "slug": slug,
        "seo_title": seed.seo.title if seed.seo and seed.seo.title is not None else seed.title,
        "seo_description": seed.seo.description if seed.seo and seed.seo.description is not None else "",
        "og_title": og.title if og else None,
        "og_title_copied": og.title_copied if og and og.title_copied is not None else not (og and og.title),
        "og_description": og.description if og else None,
        "og_description_copied": (og.description_copied if og and og.description_copied is not None
                                  else not (og and og.description)),
        "published_path": seed.published_path,
    })
    for ref, values in seed.locales.items():
        loc = _locale_by_ref(locs, ref, f"locales.{ref}")
        vals = _settings_values(ctx, site, page, locs, loc, values, f"locales.{ref}.")
        if values.published_path is not None:
            vals["published_path"] = values.published_path
        if vals:
            repo.upsert_settings(page_id, loc.id, vals)
    _seed_nodes(ctx, site.id, page_id, locs, seed.nodes)
    events.emit(ctx, site.id, "page_created", lambda: [_event(ctx, page, "createdOn", created)])
    return _render(ctx, [page], locs, locs[0], False)[0]


def _collection_ref(ctx: Ctx, site_id: str, ref: str) -> str:
    from webflow_local.api.collections.service import list_collections

    for c in list_collections(ctx, site_id)["collections"]:
        if ref in (c["id"], c["slug"], c["displayName"]):
            return str(c["id"])
    raise ValidationFailed.param("collection", f"No collection '{ref}' on this site")


def seed_node_rows(ctx: Ctx, site_id: str, locs: Sequence[Row[Any]], seeds: Sequence[NodeSeed],
                   ) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Nodes of a seed (a page's or a component's): the rows (node_id, position, type, attributes, content)
    and the secondary locales' content by locale id and node id."""
    rows = []
    per_locale: dict[str, dict[str, Any]] = {}
    ids: set[str] = set()
    for i, n in enumerate(seeds):
        param = f"nodes.{i}"
        node_id = _node_id(ctx, n.id, f"{param}.id")
        if node_id in ids:
            raise ValidationFailed.param(f"{param}.id", "node ids must be unique")
        ids.add(node_id)
        content = _seed_content(n.type, n, param, None, ctx, site_id)
        rows.append({"node_id": node_id, "position": i, "type": n.type, "attributes": n.attributes,
                     "content": content})
        for ref, local in n.locales.items():
            loc = _locale_by_ref(locs, ref, f"{param}.locales.{ref}")
            per_locale.setdefault(loc.id, {})[node_id] = _seed_content(n.type, local, f"{param}.locales.{ref}",
                                                                       content, ctx, site_id)
    return rows, per_locale


def _seed_nodes(ctx: Ctx, site_id: str, page_id: str, locs: Sequence[Row[Any]], seeds: Sequence[NodeSeed]) -> None:
    repo = PageRepository(ctx.conn)
    rows, per_locale = seed_node_rows(ctx, site_id, locs, seeds)
    repo.insert_nodes([{"page_id": page_id, **r} for r in rows])
    now = ctx.now()
    if rows:
        repo.upsert_settings(page_id, locs[0].id, {"dom_last_updated": now})
    for locale_id, contents in per_locale.items():
        repo.put_node_contents(page_id, locale_id, contents)
        repo.upsert_settings(page_id, locale_id, {"dom_last_updated": now})


def delete_page(ctx: Ctx, page_id: str) -> None:
    """Removes the page (its child pages move to the top level); fires page_deleted."""
    page = page_and_site(ctx, page_id)
    now = ctx.now()
    payload = _event(ctx, page, "deletedOn", now)
    PageRepository(ctx.conn).delete(page.id)
    for forget in ctx.hooks("page_deleted"):  # what other families kept for the page (applied scripts)
        forget(ctx, page.id)
    events.emit(ctx, page.site_id, "page_deleted", lambda: [payload])


def seed_pages(ctx: Ctx, site: dict[str, Any], seeds: list[Any]) -> list[Any]:
    """The `pages` key of a seeded site (kit SeedSection). The site lists its pages in the order of the seed
    (each a microsecond after the one before it: one timestamp would list them by id), while a page whose
    parent comes later in the seed is made after its parent. Answers the pages in the seed's order."""
    times = seed_times(ctx, len(seeds))
    made: dict[int, dict[str, Any]] = {}
    for i in parents_first(seeds, lambda s: [s.parent], lambda s: [s.id, s.slug or slugify(s.title)]):
        made[i] = create_page(ctx, site["id"], seeds[i], created_on=times[i])
    return [made[i] for i in range(len(seeds))]


def seed_times(ctx: Ctx, n: int) -> list[datetime]:
    """Creation times for n seeded rows, one microsecond apart and ending now, so that lists in creation
    order keep the seed's order whatever their ids."""
    now = ctx.now()
    return [now - timedelta(microseconds=n - 1 - i) for i in range(n)]


def parents_first(seeds: Sequence[Any], needs: Callable[[Any], Sequence[str | None]],
                  names: Callable[[Any], Sequence[str | None]]) -> list[int]:
    """The seeds' positions, in order but each after the seeds it `needs` (named by one of their `names`)
    when those come later; a cycle keeps the given order."""
    named = {n: i for i, s in enumerate(seeds) for n in names(s) if n}
    order: list[int] = []
    placing: set[int] = set()

    def place(i: int) -> None:
        if i in placing:
            return
        placing.add(i)
        for name in needs(seeds[i]):
            first = named.get(name or "")
            if first is not None:
                place(first)
        order.append(i)

    for i in range(len(seeds)):
        place(i)
    return order


# -- hooks for other families --------------------------------------------------------------------------------------
def _ref(ctx: Ctx, page: Row[Any]) -> dict[str, Any]:
    locs = _locales(ctx, page.site_id)
    eff = Settings(PageRepository(ctx.conn).settings_of([page.id])).effective(page.id, locs, locs[0])
    return {"id": page.id, "siteId": page.site_id, "title": eff["title"], "slug": eff["slug"],
            "collectionId": page.collection_id}


def page_ref(ctx: Ctx, page_id: str) -> dict[str, Any]:
    """"page" hook: a page the caller may use (404/403 as the page_id owner lookup), as {id, siteId, title,
    slug, collectionId}."""
    return _ref(ctx, visible_page(ctx, page_id))


def page_by_slug(ctx: Ctx, site_id: str, slug: str) -> dict[str, Any] | None:
    """"page_by_slug" hook (forms and comment threads name their page): the site's page with this slug in the
    primary locale, or with this id, as page_ref answers."""
    repo = PageRepository(ctx.conn)
    found = repo.by_slug(site_id, _locales(ctx, site_id)[0].id, slug)
    page = repo.get(found.id if found is not None else slug)
    return _ref(ctx, page) if page is not None and page.site_id == site_id else None
