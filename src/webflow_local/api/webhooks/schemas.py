"""Webhook registration requests and the webhook wire shape."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints
from sqlalchemy import Row

from webflow_local.kit.ids import OBJECT_ID
from webflow_local.kit.models import NotNull, RequestModel
from webflow_local.kit.timefmt import iso

# The spec's triggerType enum (create-webhook request and the `webhooks` section).
TRIGGER_TYPES = (
    "form_submission",
    "site_publish",
    "page_created",
    "page_metadata_updated",
    "page_deleted",
    "ecomm_new_order",
    "ecomm_order_changed",
    "ecomm_inventory_changed",
    "collection_item_created",
    "collection_item_changed",
    "collection_item_deleted",
    "collection_item_published",
    "collection_item_unpublished",
    "comment_created",
)
FILTERABLE = "form_submission"
MAX_PER_TRIGGER = 75


class WebhookFilter(RequestModel):
    name: str = Field(min_length=1)


class WebhookIn(RequestModel):
    trigger_type: str = Field(alias="triggerType")
    url: str = Field(min_length=1, max_length=2048)
    filter: WebhookFilter | None = None
    # The request schema is the webhook object: the SDK may send its read-only keys; ignored.
    id: str | None = None
    site_id: str | None = Field(default=None, alias="siteId")
    workspace_id: str | None = Field(default=None, alias="workspaceId")
    last_triggered: str | None = Field(default=None, alias="lastTriggered")
    created_on: str | None = Field(default=None, alias="createdOn")


class WebhookSeed(RequestModel):
    """An entry of a site's `webhooks` seed key: its id is kept when given. `secretKey` signs its deliveries
    (the API never shows a webhook's key again: without one, a new key is made and answered by the seed)."""

    id: Annotated[Annotated[str, StringConstraints(pattern=OBJECT_ID.pattern)] | None, NotNull] = None
    trigger_type: str = Field(alias="triggerType")
    url: str = Field(min_length=1, max_length=2048)
    filter: WebhookFilter | None = None
    secret_key: Annotated[str | None, NotNull] = Field(default=None, alias="secretKey", min_length=1,
                                                       max_length=256)
    # A time, unlike the rest of a seed: whether a webhook has ever fired is on its wire.
    last_triggered: Annotated[str | None, NotNull] = Field(default=None, alias="lastTriggered")


def webhook_wire(row: Row[Any]) -> dict[str, Any]:
    return {
        "id": row.id,
        "triggerType": row.trigger_type,
        "url": row.url,
        "workspaceId": row.workspace_id,
        "siteId": row.site_id,
        "filter": row.filter,
        "lastTriggered": iso(row.last_triggered),
        "createdOn": iso(row.created_on),
    }
