"""Components: a site's component definitions, their static content (nodes, as pages have) and their
properties' default values, per locale and per branch; made by the control plane and seed files (Webflow
has no API to create them).

Like page content, a secondary locale reads the primary locale's content and defaults until written there,
and writes go to a secondary locale only. `branchId` picks one of the component's branches (a copy of its
content made when the branch was); without it, the main content."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row
from starlette.datastructures import QueryParams

from webflow_local.api.pages.repository import ComponentRepository
from webflow_local.api.pages.schemas import (
    ComponentPropertiesIn,
    ComponentSeed,
    StaticContentIn,
    component_wire,
    node_wire,
)
from webflow_local.api.pages.service import (
    MAX_LIMIT,
    NOT_SECONDARY,
    UUID_RE,
    _apply,
    _locale,
    _locale_by_ref,
    _locales,
    _node_id,
    _property_text,
    _query_locale,
    instance_properties,
    parents_first,
    property_problem,
    property_value,
    seed_node_rows,
    seed_times,
    shown,
)
from webflow_local.api.sites.service import visible_site
from webflow_local.context import Ctx
from webflow_local.errors import BadRequest, Conflict, Forbidden, NotFound, ValidationFailed
from webflow_local.kit.ids import is_object_id
from webflow_local.kit.params import int_query, page_limit
from webflow_local.kit.wire import pagination

READONLY = "Forbidden: This component is read-only in this site (e.g. from a Workspace Library)"


# -- lookups -------------------------------------------------------------------------------------------
def visible_component(ctx: Ctx, component_id: str) -> Row[Any]:
    """The component (404 when absent), when the caller may use its site (else 403)."""
    row = ComponentRepository(ctx.conn).get(component_id.lower()) if UUID_RE.match(component_id) else None
    if row is None:
        raise NotFound.of("Component not found")
    visible_site(ctx, row.site_id)
    return row


def _branch(q: QueryParams) -> str:
    value = q.get("branchId") or ""
    if value and not is_object_id(value):
        raise ValidationFailed.param("branchId", "Provided ID is invalid")
    return value


def _component(ctx: Ctx, site_id: str, component_id: str, q: QueryParams) -> tuple[Row[Any], str]:
    """The site's component and the branch the request names (404 for another site's component or a branch
    the component has no copy in)."""
    site = visible_site(ctx, site_id)
    comp = visible_component(ctx, component_id)
    if comp.site_id != site.id:
        raise NotFound.of("Component not found")
    branch = _branch(q)
    if branch and branch not in comp.branches:
        raise NotFound.of("Branch not found")
    return comp, branch


def _paging(q: QueryParams) -> tuple[int, int]:
    offset = int_query(q, "offset", 0)
    return offset, page_limit(q, MAX_LIMIT)


def _secondary(locs: list[Row[Any]], q: QueryParams) -> Row[Any]:
    raw = q.get("localeId") or q.get("locale")
    if not raw:
        raise ValidationFailed.param("localeId", "localeId is required: the secondary locale to write")
    loc = _locale(locs, raw)
    if loc.is_primary:
        raise BadRequest(NOT_SECONDARY)
    return loc


def _writable(comp: Row[Any]) -> None:
    if comp.readonly:
        raise Forbidden(READONLY)


# -- the Data API --------------------------------------------------------------------------------------
def list_components(ctx: Ctx, site_id: str, q: QueryParams) -> dict[str, Any]:
    site = visible_site(ctx, site_id)
    offset, limit = _paging(q)
    rows, total = ComponentRepository(ctx.conn).page(site.id, offset, limit, _branch(q))
    return {"components": [component_wire(r) for r in rows], "pagination": pagination(limit, offset, total)}


def get_content(ctx: Ctx, site_id: str, component_id: str, q: QueryParams) -> dict[str, Any]:
    comp, branch = _component(ctx, site_id, component_id, q)
    loc, _ = _query_locale(_locales(ctx, comp.site_id), q)
    offset, limit = _paging(q)
    # Beta's withBindings: no static node of webflow-local is bound to CMS data, so it adds nothing.
    if (q.get("withBindings") or "").lower() not in {"", "true", "false"}:
        raise ValidationFailed.param("withBindings", "withBindings must be true or false")
    repo = ComponentRepository(ctx.conn)
    rows = repo.nodes(comp.id, branch, offset, limit)
    props = instance_properties(ctx, comp.site_id, rows)
    nodes = [node_wire(r.node_id, r.type, r.attributes,
                       shown(r.type, (None if loc.is_primary else r.locales.get(loc.id)) or r.content, props, loc))
             for r in rows]
    return {"componentId": comp.id, "nodes": nodes,
            "pagination": pagination(limit, offset, repo.count_nodes(comp.id, branch))}


def update_content(ctx: Ctx, site_id: str, component_id: str, q: QueryParams,
                   body: StaticContentIn) -> dict[str, Any]:
    """Writes nodes' content in a secondary locale, as update-static-content does for pages; nodes that do
    not exist or do not fit are reported in `errors`, the others written."""
    comp, branch = _component(ctx, site_id, component_id, q)
    loc = _secondary(_locales(ctx, comp.site_id), q)
    _writable(comp)
    repo = ComponentRepository(ctx.conn)
    nodes = {r.node_id: r for r in repo.nodes(comp.id, branch)}
    props = instance_properties(ctx, comp.site_id, [nodes[n.node_id] for n in body.nodes if n.node_id in nodes])
    written: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for upd in body.nodes:
        node = nodes.get(upd.node_id)
        if node is None:
            problems.append(f"Node {upd.node_id} not found")
            continue
        base = written.get(node.node_id) or node.locales.get(loc.id) or node.content
        content, problem = _apply(node.type, base, upd, props.get(base.get("componentId", "")))
        if problem is not None:
            problems.append(f"Node {upd.node_id}: {problem}")
        elif content is not None:
            written[node.node_id] = content
    for node_id, content in written.items():
        repo.set_node_locales(comp.id, branch, node_id, {**nodes[node_id].locales, loc.id: content})
    return {"errors": problems}


def get_properties(ctx: Ctx, site_id: str, component_id: str, q: QueryParams) -> dict[str, Any]:
    comp, branch = _component(ctx, site_id, component_id, q)
    loc, _ = _query_locale(_locales(ctx, comp.site_id), q)
    offset, limit = _paging(q)
    rows = ComponentRepository(ctx.conn).properties(comp.id, branch)
    return {
        "componentId": comp.id,
        "properties": [{"propertyId": p.property_id, "type": p.type, "label": p.label,
                        "text": property_value(p, loc)} for p in rows[offset:offset + limit]],
        "pagination": pagination(limit, offset, len(rows)),
    }


def update_properties(ctx: Ctx, site_id: str, component_id: str, q: QueryParams,
                      body: ComponentPropertiesIn) -> dict[str, Any]:
    """Sets properties' default values in a secondary locale; unknown properties and values that do not fit
    the property's type are reported in `errors`, the others written."""
    comp, branch = _component(ctx, site_id, component_id, q)
    loc = _secondary(_locales(ctx, comp.site_id), q)
    _writable(comp)
    repo = ComponentRepository(ctx.conn)
    props = {p.property_id: p for p in repo.properties(comp.id, branch)}
    written: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for upd in body.properties:
        prop = props.get(upd.property_id)
        if prop is None:
            problems.append(f"Property {upd.property_id} not found")
            continue
        problem = property_problem(prop.type, upd.text)
        if problem is not None:
            problems.append(f"Property {upd.property_id}: {problem}")
            continue
        written[prop.property_id] = _property_text(prop.type, upd.text)
    for property_id, text in written.items():
        repo.set_property_locales(comp.id, branch, property_id, {**props[property_id].locales, loc.id: text})
    return {"errors": problems}


# -- the control plane and seed files -------------------------------------------------------------------
def create_component(ctx: Ctx, site_id: str, seed: ComponentSeed, created_on: datetime | None = None,
                     ) -> dict[str, Any]:
    """A component with its nodes and properties, copied into each branch it names. `created_on` (default
    now) places it in the site's component list, which is in creation order."""
    site = visible_site(ctx, site_id)
    locs = _locales(ctx, site.id)
    repo = ComponentRepository(ctx.conn)
    if seed.id is not None and not UUID_RE.match(seed.id):
        raise ValidationFailed.param("id", "a component id is a UUID")
    comp_id = _node_id(ctx, seed.id, "id")
    if repo.get(comp_id) is not None:
        raise Conflict("Conflict: Resource already exists")
    if any(c.name == seed.name for c in repo.of_site(site.id)):
        raise Conflict("Conflict: Resource already exists",
                       details=[{"param": "name", "description": f"The site has a component named '{seed.name}'"}])
    for i, b in enumerate(seed.branches):
        if not is_object_id(b):
            raise ValidationFailed.param(f"branches.{i}", "a branch id is 24 lowercase hex digits")
    branches = list(dict.fromkeys(seed.branches))
    repo.insert({"id": comp_id, "site_id": site.id, "name": seed.name, "group": seed.group,
                 "description": seed.description, "readonly": seed.readonly, "branches": branches,
                 "created_on": created_on or ctx.now()})
    rows, per_locale = seed_node_rows(ctx, site.id, locs, seed.nodes)
    props = []
    seen: set[str] = set()
    for i, p in enumerate(seed.properties):
        at = f"properties.{i}"
        pid = _node_id(ctx, p.property_id, f"{at}.propertyId")
        if pid in seen or any(p.label == q.label for q in seed.properties[:i]):
            raise ValidationFailed.param(at, "property ids and labels must be unique")
        seen.add(pid)
        problem = property_problem(p.type, p.text)
        if problem:
            raise ValidationFailed.param(f"{at}.text", problem)
        locales = {}
        for ref, text in p.locales.items():
            problem = property_problem(p.type, text)
            if problem:
                raise ValidationFailed.param(f"{at}.locales.{ref}", problem)
            locales[_locale_by_ref(locs, ref, f"{at}.locales.{ref}").id] = _property_text(p.type, text)
        props.append({"property_id": pid, "position": i, "type": p.type, "label": p.label,
                      "text": _property_text(p.type, p.text), "locales": locales})
    for branch in ["", *branches]:
        repo.insert_nodes([{"component_id": comp_id, "branch": branch, **r,
                            "locales": {loc: c[r["node_id"]] for loc, c in per_locale.items() if r["node_id"] in c}}
                           for r in rows])
        repo.insert_properties([{"component_id": comp_id, "branch": branch, **p} for p in props])
    row = repo.get(comp_id)
    assert row is not None
    return {**component_wire(row), "siteId": site.id, "branches": branches,
            "properties": [{"propertyId": p["property_id"], "label": p["label"], "type": p["type"]} for p in props]}


def seed_components(ctx: Ctx, site: dict[str, Any], seeds: list[Any]) -> list[Any]:
    """The `components` key of a seeded site (kit SeedSection): listed in the seed's order (as pages are),
    each made after the components its nodes are instances of. Answers them in the seed's order."""
    times = seed_times(ctx, len(seeds))
    made: dict[int, dict[str, Any]] = {}
    for i in parents_first(seeds, _instances, lambda s: [s.id.lower() if s.id else None, s.name]):
        made[i] = create_component(ctx, site["id"], seeds[i], created_on=times[i])
    return [made[i] for i in range(len(seeds))]


def _instances(seed: ComponentSeed) -> list[str | None]:
    """The components (ids or names) a component's nodes are instances of."""
    return [n.component_id.lower() if n.component_id and UUID_RE.match(n.component_id) else n.component_id
            for n in seed.nodes if n.type == "component-instance"]
