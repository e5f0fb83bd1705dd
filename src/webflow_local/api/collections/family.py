"""Collections family: collections and their typed fields."""

from __future__ import annotations

from webflow_local.api.collections import service
from webflow_local.api.collections.schemas import CollectionCreate, FieldCreate, FieldUpdate
from webflow_local.api.collections.tables import collections, fields
from webflow_local.kit.family import Family, Op

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
)
