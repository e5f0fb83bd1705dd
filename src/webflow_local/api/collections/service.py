"""Collections and their fields: the schema that item fieldData is validated against."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Row

from webflow_local.api.collections.repository import CollectionRepository
from webflow_local.api.collections.schemas import (
    CollectionCreate,
    FieldCreate,
    FieldUpdate,
    collection_wire,
    field_wire,
)
from webflow_local.api.sites.repository import SiteRepository
from webflow_local.api.sites.service import visible_site
from webflow_local.context import Ctx
from webflow_local.errors import BadRequest, Conflict, DuplicateCollection, NotFound, ValidationFailed
from webflow_local.kit.ids import is_object_id
from webflow_local.kit.params import object_id
from webflow_local.kit.slugs import is_valid_slug, slugify

RESERVED = {"name", "slug"}
TEXT_DEFAULTS = {"singleLine": True, "maxLength": None, "minLength": None}
NUMBER_DEFAULTS = {"format": "decimal", "precision": None, "allowNegative": True, "minValue": None,
                   "maxValue": None}


def visible_collection(ctx: Ctx, collection_id: str) -> Row[Any]:
    """The collection, when it exists (else 404) and the caller may use its site (else 403)."""
    return visible_collection_and_site(ctx, collection_id)[0]


def visible_collection_and_site(ctx: Ctx, collection_id: str) -> tuple[Row[Any], Row[Any]]:
    """One owner lookup, cached per process (kit/cache.py): 404 when absent, 403 for another site's caller."""
    row, site = collection_and_site(ctx, collection_id)
    ctx.principal.ensure_site(site.id, site.workspace_id)
    return row, site


def collection_and_site(ctx: Ctx, collection_id: str) -> tuple[Row[Any], Row[Any]]:
    """The collection and its site (404 when absent), whoever asks: for the control plane."""
    cid = object_id(collection_id)

    def load() -> tuple[Row[Any], Row[Any]] | None:
        row = CollectionRepository(ctx.conn).get(cid)
        if row is None:
            return None
        site = SiteRepository(ctx.conn).get(row.site_id)
        assert site is not None
        return row, site

    found = ctx.cached(("collection", cid), load)
    if found is None:
        raise NotFound.of("Collection not found")
    return found


def option_id(field_id: str, name: str) -> str:
    return hashlib.md5(f"{field_id}:{name}".encode()).hexdigest()


def _validations(ctx: Ctx, site_id: str, field_id: str, body: FieldCreate, param: str) -> dict[str, Any] | None:
    meta = body.metadata
    if body.type == "Option":
        if meta is None or not meta.options:
            raise ValidationFailed.param(f"{param}metadata.options", "Option fields need at least one option")
        names = [o.name for o in meta.options]
        if len(set(names)) != len(names):
            raise ValidationFailed.param(f"{param}metadata.options", "Option names must be unique")
        return {"options": [{"name": n, "id": option_id(field_id, n)} for n in names]}
    if body.type in {"Reference", "MultiReference"}:
        target = meta.collection_id if meta else None
        if not target or not is_object_id(target):
            raise ValidationFailed.param(f"{param}metadata.collectionId", "A valid collection id is required")
        found = CollectionRepository(ctx.conn).get(target)
        if found is None or found.site_id != site_id:
            raise ValidationFailed.param(f"{param}metadata.collectionId", "Referenced collection not found")
        return {"collectionId": target}
    if meta is not None:
        raise ValidationFailed.param(f"{param}metadata", f"metadata is not allowed on {body.type} fields")
    if body.validations is not None:
        return body.validations
    if body.type == "PlainText":
        return dict(TEXT_DEFAULTS)
    if body.type == "Number":
        return dict(NUMBER_DEFAULTS)
    return None


def _field_row(
    ctx: Ctx, collection_id: str, site_id: str, body: FieldCreate, position: int, param: str = "",
    field_id: str | None = None,
) -> dict[str, Any]:
    field_id = field_id or ctx.new_id()
    slug = body.slug or slugify(body.display_name)
    if not is_valid_slug(slug):
        raise ValidationFailed.param(f"{param}slug", "Slug must use lowercase letters, digits, - and _")
    if slug in RESERVED:
        raise Conflict("Conflict: Resource already exists", details=[{"param": f"{param}slug",
                                                                      "description": f"'{slug}' is reserved"}])
    return {
        "id": field_id,
        "collection_id": collection_id,
        "position": position,
        "slug": slug,
        "display_name": body.display_name,
        "type": body.type,
        "is_required": body.is_required,
        "is_editable": True,
        "help_text": body.help_text,
        "validations": _validations(ctx, site_id, field_id, body, param),
    }


def _system_fields(ctx: Ctx, collection_id: str, ids: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    ids = ids or {}
    base = {"collection_id": collection_id, "type": "PlainText", "is_required": True, "help_text": None}
    return [
        {**base, "id": ids.get("name") or ctx.new_id(), "position": 0, "slug": "name", "display_name": "Name",
         "is_editable": True,
         "validations": {"singleLine": True, "maxLength": 256, "minLength": None}},
        {**base, "id": ids.get("slug") or ctx.new_id(), "position": 1, "slug": "slug", "display_name": "Slug",
         "is_editable": True,
         "validations": {"singleLine": True, "maxLength": 256, "minLength": None,
                         "pattern": {}, "messages": {"pattern": "Must be alphanumerical and not contain any spaces "
                                                                "or special characters", "maxLength": ""}}},
    ]


def list_collections(ctx: Ctx, site_id: str) -> dict[str, Any]:
    site = visible_site(ctx, site_id)
    return {"collections": [collection_wire(r) for r in CollectionRepository(ctx.conn).for_site(site.id)]}


def collection_details(ctx: Ctx, collection_id: str) -> dict[str, Any]:
    row = visible_collection(ctx, collection_id)
    return collection_wire(row, CollectionRepository(ctx.conn).fields_of([row.id]))


def create_collection(ctx: Ctx, site_id: str, body: CollectionCreate, *, collection_id: str | None = None,
                      field_ids: Mapping[str, str] | None = None) -> dict[str, Any]:
    """`collection_id` and `field_ids` (by field slug) fix the ids a seed names (an exported world)."""
    site = visible_site(ctx, site_id)
    slug = body.slug or slugify(body.display_name)  # an empty slug means "make one", as when left out
    if not is_valid_slug(slug):
        raise ValidationFailed.param("slug", "Slug must use lowercase letters, digits, - and _")
    repo = CollectionRepository(ctx.conn)
    now = ctx.now()
    cid = collection_id or ctx.new_id()
    ok = repo.insert({
        "id": cid, "site_id": site.id, "display_name": body.display_name,
        "name_key": body.display_name.strip().lower(), "singular_name": body.singular_name, "slug": slug,
        "created_on": now, "last_updated": now,
    })
    if not ok:
        raise DuplicateCollection()
    ids = field_ids or {}
    rows = _system_fields(ctx, cid, ids)
    rows += [_field_row(ctx, cid, site.id, f, i + 2, f"fields.{i}.", ids.get(f.slug or slugify(f.display_name)))
             for i, f in enumerate(body.fields)]
    slugs = [r["slug"] for r in rows]
    if len(set(slugs)) != len(slugs):
        raise Conflict("Conflict: Resource already exists", details=["Two fields have the same slug"])
    repo.insert_fields(rows)
    return collection_details(ctx, cid)


def delete_collection(ctx: Ctx, collection_id: str) -> None:
    row = visible_collection(ctx, collection_id)
    CollectionRepository(ctx.conn).delete(row.id)


def create_field(ctx: Ctx, collection_id: str, body: FieldCreate) -> dict[str, Any]:
    coll = visible_collection(ctx, collection_id)
    repo = CollectionRepository(ctx.conn)
    existing = repo.fields_of([coll.id])
    if len(existing) >= 60:
        raise BadRequest("Bad Request: A collection can have at most 60 fields")
    row = _field_row(ctx, coll.id, coll.site_id, body, repo.next_position(coll.id))
    if any(f.display_name.lower() == body.display_name.lower() for f in existing) or not repo.insert_fields([row]):
        raise Conflict("Conflict: Resource already exists")
    repo.touch(coll.id, ctx.now())
    return field_wire(next(f for f in repo.fields_of([coll.id]) if f.id == row["id"]))


def _visible_field(ctx: Ctx, collection_id: str, field_id: str) -> tuple[Row[Any], Row[Any]]:
    coll = visible_collection(ctx, collection_id)
    object_id(field_id)
    found = next((f for f in CollectionRepository(ctx.conn).fields_of([coll.id]) if f.id == field_id), None)
    if found is None:
        raise NotFound.of("Field not found")
    return coll, found


def update_field(ctx: Ctx, collection_id: str, field_id: str, body: FieldUpdate) -> dict[str, Any]:
    coll, found = _visible_field(ctx, collection_id, field_id)
    values: dict[str, Any] = {}
    if body.is_required is not None:
        if found.slug in RESERVED and not body.is_required:
            raise ValidationFailed.param("isRequired", f"The {found.slug} field is always required")
        values["is_required"] = body.is_required
    if body.display_name is not None:
        values["display_name"] = body.display_name
    if "help_text" in body.model_fields_set:
        values["help_text"] = body.help_text
    repo = CollectionRepository(ctx.conn)
    if values:
        repo.update_field(found.id, values)
        repo.touch(coll.id, ctx.now())
    return field_wire(next(f for f in repo.fields_of([coll.id]) if f.id == found.id))


def delete_field(ctx: Ctx, collection_id: str, field_id: str) -> None:
    coll, found = _visible_field(ctx, collection_id, field_id)
    if found.slug in RESERVED:
        raise BadRequest(f"Bad Request: The {found.slug} field cannot be deleted")
    repo = CollectionRepository(ctx.conn)
    repo.delete_field(found.id)
    # The items family removes the field's values from every item (a hook: collections never import items).
    for drop_values in ctx.hooks("field_deleted"):
        drop_values(ctx, coll.id, found.slug)
    repo.touch(coll.id, ctx.now())
