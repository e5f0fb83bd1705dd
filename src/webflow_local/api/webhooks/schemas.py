"""Webhook registration requests and the webhook wire shape."""

from __future__ import annotations

from typing import Any

from pydantic import Field
from sqlalchemy import Row

from webflow_local.kit.models import RequestModel
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
