"""Collections family: collections and their typed fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from webflow_local.api.collections import service
from webflow_local.api.collections.repository import CollectionRepository
from webflow_local.api.collections.schemas import CollectionCreate, FieldCreate, FieldUpdate
from webflow_local.api.collections.tables import collections, fields
from webflow_local.context import Ctx
from webflow_local.errors import Conflict, DuplicateCollection
from webflow_local.kit.family import Family, Op


def _system_collection(ctx: Ctx, site_id: str, collection_id: str, display_name: str, singular_name: str,
                       slug: str, extra_fields: list[dict[str, Any]],
                       field_ids: Mapping[str, str] | None = None) -> None:
    """The "system_collection" hook: a collection the platform makes (e.g. the Products collection when
    ecommerce is enabled), with its id given by the caller (so collections can reference each other) and
    fields of types the Data API cannot create. Each extra field: slug, display_name, type, is_required,
    validations, help_text. `field_ids` (by slug) fixes field ids (a seed of an exported world)."""
    repo = CollectionRepository(ctx.conn)
    now = ctx.now()
    if not repo.insert({"id": collection_id, "site_id": site_id, "display_name": display_name,
                        "name_key": display_name.strip().lower(), "singular_name": singular_name, "slug": slug,
                        "created_on": now, "last_updated": now}):
        raise DuplicateCollection()
    ids = field_ids or {}
    rows = service._system_fields(ctx, collection_id, ids)
    rows += [{"id": ids.get(f["slug"]) or ctx.new_id(), "collection_id": collection_id, "position": i + len(rows),
              "is_editable": True, "help_text": None, **f} for i, f in enumerate(extra_fields)]
    if not repo.insert_fields(rows):  # a fixed field id another field has
        raise Conflict("Conflict: Resource already exists", details=["A field id is taken"])

FAMILY = Family(
    "collections",
    operations=(
        Op("list-collections", lambda ctx, c: service.list_collections(ctx, c.path["site_id"])),
        Op("create-collection", lambda ctx, c: service.create_collection(ctx, c.path["site_id"], c.body),
           body=CollectionCreate),
        Op("collection-details", lambda ctx, c: service.collection_details(ctx, c.path["collection_id"])),
        Op("delete-collection", lambda ctx, c: service.delete_collection(ctx, c.path["collection_id"])),
        Op("create-field", lambda ctx, c: service.create_field(ctx, c.path["collection_id"], c.body),
           body=FieldCreate),
        Op("update-field", lambda ctx, c: service.update_field(ctx, c.path["collection_id"], c.path["field_id"],
                                                               c.body), body=FieldUpdate),
        Op("delete-field", lambda ctx, c: service.delete_field(ctx, c.path["collection_id"], c.path["field_id"])),
    ),
    tables=(collections, fields),
    owners={"collection_id": service.visible_collection},
    hooks={"system_collection": _system_collection, "collection_and_site": service.visible_collection_and_site},
)
