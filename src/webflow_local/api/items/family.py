"""Items family: CMS items, staged and live, in every locale; bulk writes and publishing. Its
"site_publish" hook publishes the site's items when the sites family publishes a site."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import QueryParams

from webflow_local.api.items import service
from webflow_local.api.items.repository import LIVE, STAGED, ItemRepository
from webflow_local.api.items.schemas import BulkCreate, InsertItems, ItemsDelete, PublishIn, item_wire
from webflow_local.api.items.tables import item_variants, items, variant_counts
from webflow_local.context import Ctx
from webflow_local.errors import ValidationFailed
from webflow_local.kit.family import RAW_JSON, Call, Family, Op


def _skip_invalid_files(q: QueryParams) -> bool:
    """skipInvalidFiles (default true): whether a file value that cannot be used (a remote file fetched with
    WEBFLOW_LOCAL_FETCH_REMOTE_FILES on) is dropped, or fails the request. Empty means not given."""
    skip = (q.get("skipInvalidFiles") or "").lower()
    if skip not in {"", "true", "false"}:
        raise ValidationFailed.param("skipInvalidFiles", "skipInvalidFiles must be true or false")
    return skip != "false"


def _create_item(ctx: Ctx, c: Call, live: bool) -> object:
    return service.create_item(ctx, c.path["collection_id"], c.body, live=live,
                               skip_invalid_files=_skip_invalid_files(c.query))


def _update_items(ctx: Ctx, c: Call, live: bool) -> object:
    return service.update_items(ctx, c.path["collection_id"], c.body, live=live,
                                skip_invalid_files=_skip_invalid_files(c.query))


def _update_item(ctx: Ctx, c: Call, live: bool) -> object:
    return service.update_item(ctx, c.path["collection_id"], c.path["item_id"], c.body, live=live,
                               query_locale=c.query.get("cmsLocaleId"),
                               skip_invalid_files=_skip_invalid_files(c.query))


def _items_by_id(ctx: Ctx, collection_id: str, item_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The "items_by_id" hook: staged items of the collection's primary locale, by id (missing ones left out)."""
    view = service._view(ctx, collection_id)
    rows = ItemRepository(ctx.conn).variants(view.id, STAGED, [(i, view.primary) for i in item_ids])
    return {key[0]: item_wire(row) for key, row in rows.items()}


def _publish(ctx: Ctx, collection_id: str, item_ids: list[str]) -> object:
    """The "items_publish" hook: publish-item for these items (primary locale)."""
    return service.publish_item(ctx, collection_id, PublishIn(item_ids=item_ids))


def _create_items(ctx: Ctx, c: Call) -> object:
    return service.create_items(ctx, c.path["collection_id"], c.body,
                                skip_invalid_files=_skip_invalid_files(c.query))


FAMILY = Family(
    "items",
    operations=(
        Op("list-collection-items",
           lambda ctx, c: service.list_items(ctx, c.path["collection_id"], c.query, STAGED)),
        Op("list-collection-items-live",
           lambda ctx, c: service.list_items(ctx, c.path["collection_id"], c.query, LIVE)),
        Op("create-item", lambda ctx, c: _create_item(ctx, c, live=False), body=RAW_JSON),
        Op("create-item-live", lambda ctx, c: _create_item(ctx, c, live=True), body=RAW_JSON),
        Op("update-items", lambda ctx, c: _update_items(ctx, c, live=False), body=RAW_JSON),
        Op("update-items-live", lambda ctx, c: _update_items(ctx, c, live=True), body=RAW_JSON),
        Op("delete-items", lambda ctx, c: service.delete_items(ctx, c.path["collection_id"], c.body.items,
                                                               live=False), body=ItemsDelete),
        Op("delete-items-live", lambda ctx, c: service.delete_items(ctx, c.path["collection_id"], c.body.items,
                                                                    live=True), body=ItemsDelete),
        Op("create-items", _create_items, body=BulkCreate),
        # Documented by Webflow, absent from the spec files (docs_ops.py).
        Op("insert-items", lambda ctx, c: service.insert_items(ctx, c.path["collection_id"], c.body,
                                                               skip_invalid_files=_skip_invalid_files(c.query)),
           body=InsertItems),
        Op("publish-item", lambda ctx, c: service.publish_item(ctx, c.path["collection_id"], c.body),
           body=PublishIn),
        Op("Get-Item", lambda ctx, c: service.get_item(ctx, c.path["collection_id"], c.path["item_id"],
                                                       c.query.get("cmsLocaleId") or None, STAGED)),
        Op("get-item-live", lambda ctx, c: service.get_item(ctx, c.path["collection_id"], c.path["item_id"],
                                                            c.query.get("cmsLocaleId") or None, LIVE)),
        Op("update-item", lambda ctx, c: _update_item(ctx, c, live=False), body=RAW_JSON),
        Op("update-item-live", lambda ctx, c: _update_item(ctx, c, live=True), body=RAW_JSON),
        Op("delete-item", lambda ctx, c: service.delete_item(ctx, c.path["collection_id"], c.path["item_id"],
                                                             c.query.get("cmsLocaleId"), live=False)),
        Op("delete-item-live", lambda ctx, c: service.delete_item(ctx, c.path["collection_id"], c.path["item_id"],
                                                                  c.query.get("cmsLocaleId"), live=True)),
    ),
    tables=(items, item_variants, variant_counts),
    triggers=("collection_item_created", "collection_item_changed", "collection_item_deleted",
              "collection_item_published", "collection_item_unpublished"),
    hooks={"site_publish": service.publish_site_items, "field_deleted": service.drop_field_values,
           # Item storage for families whose resources are CMS items (ecommerce products and SKUs).
           "item_create": service.create_item, "item_update": service.update_item, "item_get": service.get_item,
           "items_list": service.list_items, "items_by_id": _items_by_id, "items_publish": _publish,
           "items_seed": service.seed_items},
)
