"""A world exported in the seed format (`webflow-local export`): seeding the export on an empty database
gives the same ids and the same CMS reads.

Exported: workspaces with their users, sites with their locales (ids and cmsLocaleIds), custom domains,
collections (ids, field ids, every field's settings), items with their ids in every locale (the primary
locale's fieldData, each other locale's as a translation), draft and archived flags, published or not.
What the seed format cannot say yet is listed in docs/control-plane.md ("Export and import")."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any, get_args

from starlette.datastructures import QueryParams

from webflow_local.admin import service as admin
from webflow_local.api.collections import service as collections
from webflow_local.api.collections.schemas import FieldType
from webflow_local.api.items import service as items
from webflow_local.auth import users
from webflow_local.auth.principal import Principal
from webflow_local.context import Ctx
from webflow_local.errors import NotFound
from webflow_local.gateway import InProcessRead
from webflow_local.kit.family import SeedSection
from webflow_local.kit.reading import ApiRead, ReadRefused, patch_between

PAGE = 100
CREATABLE = frozenset(get_args(FieldType))
_FIELD_KEYS = ("type", "displayName", "slug", "isRequired", "helpText", "validations")


def seedable(fields: list[dict[str, Any]]) -> bool:
    """A collection a seed's `collections` can make. Others belong to the family that makes them (ecommerce's
    products, SKUs and categories), which exports them with the rest of its state."""
    return all(f["type"] in CREATABLE for f in fields)


def _as_workspace(ctx: Ctx, workspace_id: str) -> None:
    ctx.principal = Principal(token_id="export", kind="workspace", workspace_id=workspace_id, site_id=None,
                              scopes=frozenset(), created_on=ctx.now(), last_used=None, rate_limit=None)


def _items(ctx: Ctx, collection_id: str, cms_locale_id: str, stage: str) -> Iterator[dict[str, Any]]:
    offset = 0
    while True:
        page = items.list_items(ctx, collection_id, QueryParams({"cmsLocaleId": cms_locale_id, "limit": str(PAGE),
                                                                 "offset": str(offset)}), stage)
        yield from page["items"]
        offset += len(page["items"])
        if not page["items"] or offset >= page["pagination"]["total"]:
            return


def _locale(loc: dict[str, Any]) -> dict[str, Any]:
    return {k: loc[k] for k in ("id", "cmsLocaleId", "displayName", "tag", "subdirectory", "enabled", "redirect")}


def _field(f: dict[str, Any]) -> dict[str, Any]:
    out = {k: f[k] for k in _FIELD_KEYS if f.get(k) is not None}
    if f["type"] in {"Reference", "MultiReference"}:
        out["metadata"] = {"collectionId": f["metadata"]["collectionId"]}
        out.pop("validations", None)
    elif f["type"] == "Option":
        out["metadata"] = {"options": [{"name": o["name"]} for o in f["metadata"]["options"]]}
        out.pop("validations", None)
    return out


def _references(fields: list[dict[str, Any]]) -> list[str]:
    return [f["metadata"]["collectionId"] for f in fields if f["type"] in {"Reference", "MultiReference"}]


def _collection_order(colls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Referenced collections first: a seed creates a reference field, and checks item references, against
    what exists already."""
    by_id = {c["id"]: c for c in colls}
    out: list[dict[str, Any]] = []
    placing: set[str] = set()

    def place(c: dict[str, Any]) -> None:
        if c in out or c["id"] in placing:
            return
        placing.add(c["id"])
        for target in _references(c["fields"]):
            if target in by_id and target != c["id"]:
                place(by_id[target])
        out.append(c)

    for c in colls:
        place(c)
    return out


def _item_order(entries: list[dict[str, Any]], ref_slugs: list[str]) -> list[dict[str, Any]]:
    """Items of a collection that references itself: each after the items it names."""
    ids = {e["id"] for e in entries}
    done: set[str] = set()
    out: list[dict[str, Any]] = []
    pending = entries
    while pending:
        later = []
        for e in pending:
            named = set()
            for fd in [e["fieldData"], *e.get("translations", {}).values()]:
                for s in ref_slugs:
                    v = fd.get(s)
                    named.update(v if isinstance(v, list) else [v] if v else [])
            if all(n in done or n not in ids or n == e["id"] for n in named):
                out.append(e)
                done.add(e["id"])
            else:
                later.append(e)
        if len(later) == len(pending):
            out.extend(later)
            break
        pending = later
    return out


def _export_collection(ctx: Ctx, coll: dict[str, Any], locales: list[dict[str, Any]]) -> dict[str, Any]:
    details = collections.collection_details(ctx, coll["id"])
    fields = details["fields"]
    out: dict[str, Any] = {
        "id": coll["id"], "displayName": coll["displayName"], "singularName": coll["singularName"],
        "slug": coll["slug"], "fieldIds": {f["slug"]: f["id"] for f in fields},
        "fields": [_field(f) for f in fields if f["slug"] not in {"name", "slug"}],
    }
    by_id: dict[str, dict[str, Any]] = {}
    staged: dict[str, dict[str, dict[str, Any]]] = {}  # item id -> tag -> fieldData
    for loc in locales:
        for it in _items(ctx, coll["id"], loc["cmsLocaleId"], "staged"):
            if it["id"] not in by_id:
                by_id[it["id"]] = {"id": it["id"], "fieldData": it["fieldData"], "locales": [],
                                   "isDraft": it["isDraft"], "isArchived": it["isArchived"], "published": []}
            by_id[it["id"]]["locales"].append(loc["tag"])
            staged.setdefault(it["id"], {})[loc["tag"]] = it["fieldData"]
    for loc in locales:
        for it in _items(ctx, coll["id"], loc["cmsLocaleId"], "live"):
            entry = by_id.get(it["id"])
            if entry is None or loc["tag"] not in staged[it["id"]]:
                continue  # a live variant whose staged one was deleted: not said by the seed format
            entry["published"].append(loc["tag"])
            differs = patch_between(staged[it["id"]][loc["tag"]], it["fieldData"])
            if differs:
                entry.setdefault("live", {})[loc["tag"]] = differs
    entries = list(by_id.values())
    for e in entries:
        first = staged[e["id"]][e["locales"][0]]
        translations = {t: p for t in e["locales"][1:] if (p := patch_between(first, staged[e["id"]][t]))}
        if translations:
            e["translations"] = translations
    ref_slugs = [f["slug"] for f in fields if f["type"] in {"Reference", "MultiReference"}
                 and f["metadata"]["collectionId"] == coll["id"]]
    out["items"] = _item_order(entries, ref_slugs) if ref_slugs else entries
    return out


def _export_site(ctx: Ctx, site: dict[str, Any]) -> dict[str, Any]:
    locs = [site["locales"]["primary"], *site["locales"]["secondary"]]
    sections = family_sections(ctx.runtime.seed_sections(), InProcessRead(ctx), site["id"])
    claimed = claimed_collections(sections)
    colls = [c for c in collections.list_collections(ctx, site["id"])["collections"] if c["id"] not in claimed]
    exported = [e for e in (_export_collection(ctx, c, locs) for c in colls) if seedable(e["fields"])]
    by_id = {c["id"]: c for c in exported}
    ordered = _collection_order([{"id": c["id"], "fields": c["fields"]} for c in exported])
    return {**{
        "id": site["id"], "displayName": site["displayName"], "shortName": site["shortName"],
        "timeZone": site["timeZone"],
        "locales": {"primary": _locale(locs[0]), "secondary": [_locale(loc) for loc in locs[1:]]},
        "customDomains": [{"id": d["id"], "url": d["url"], **({"published": True} if d.get("lastPublished") else {})}
                          for d in site["customDomains"]],
        **({"published": True} if site.get("lastPublished") else {}),
        "collections": [by_id[c["id"]] for c in ordered],
    }, **sections}


def family_sections(sections: Mapping[str, SeedSection], read: ApiRead, site_id: str,
                    skip: Collection[str] = (),
                    refused: Callable[[str, ReadRefused], None] | None = None) -> dict[str, Any]:
    """Every other family's seed keys of a site, each made by the family from API reads (this server's for
    export, the source's for pull). With `refused`, a family whose reads the source refuses is told to it
    and left out; without, the refusal is raised."""
    site = read.get(f"/v2/sites/{site_id}")
    out: dict[str, Any] = {}
    for key, sec in sections.items():
        if sec.export is None or key in skip:
            continue
        try:
            entries = sec.export(read, site)
        except ReadRefused as e:
            if refused is None:
                raise
            refused(key, e)
            continue
        if entries:
            out[key] = entries
    return out


def claimed_collections(sections: Mapping[str, Any]) -> set[str]:
    """Collections a family's section makes itself (ecommerce's `collections`: products, SKUs, categories):
    left out of the CMS part."""
    return {c["id"] for sec in sections.values() if isinstance(sec, dict)
            for c in (sec.get("collections") or {}).values() if isinstance(c, dict) and c.get("id")}


def export_world(ctx: Ctx, site_id: str | None = None) -> dict[str, Any]:
    """Every workspace (or only the one of `site_id`, with that site) in the seed format."""
    sites = admin.list_sites(ctx)["sites"]
    if site_id is not None:
        sites = [s for s in sites if s["id"] == site_id]
        if not sites:
            raise NotFound.of("The site cannot be found")
    workspaces = admin.list_workspaces(ctx)["workspaces"]
    if site_id is not None:
        workspaces = [w for w in workspaces if w["id"] == sites[0]["workspaceId"]]
    out = []
    for ws in workspaces:
        _as_workspace(ctx, ws["id"])
        out.append({
            "id": ws["id"], "displayName": ws["displayName"], "slug": ws["slug"], "plan": ws["plan"],
            "users": [{"id": u.id, "email": u.email, "firstName": u.first_name, "lastName": u.last_name,
                       "role": u.role} for u in users.of_workspace(ctx, ws["id"])],
            "sites": [_export_site(ctx, s) for s in sites if s["workspaceId"] == ws["id"]],
        })
    return {"workspaces": out}
