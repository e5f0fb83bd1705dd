"""Item requests and the item wire shape."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Row

from webflow_local.kit.timefmt import iso

MAX_BATCH = 100


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ItemIn(Strict):
    id: str | None = None  # read-only; tolerated when clients echo it
    cms_locale_id: str | None = Field(default=None, alias="cmsLocaleId")
    is_archived: bool | None = Field(default=None, alias="isArchived")
    is_draft: bool | None = Field(default=None, alias="isDraft")
    field_data: dict[str, Any] = Field(alias="fieldData")
    # Read-only timestamps some clients send back; ignored.
    last_published: str | None = Field(default=None, alias="lastPublished")
    last_updated: str | None = Field(default=None, alias="lastUpdated")
    created_on: str | None = Field(default=None, alias="createdOn")


class ItemsIn(Strict):
    items: list[ItemIn] = Field(min_length=1, max_length=MAX_BATCH)


class BulkCreate(Strict):
    cms_locale_ids: list[str] | None = Field(default=None, alias="cmsLocaleIds")
    is_archived: bool = Field(default=False, alias="isArchived")
    is_draft: bool = Field(default=True, alias="isDraft")
    field_data: dict[str, Any] | list[dict[str, Any]] = Field(alias="fieldData")


class ItemPatch(Strict):
    id: str | None = None
    cms_locale_id: str | None = Field(default=None, alias="cmsLocaleId")
    is_archived: bool | None = Field(default=None, alias="isArchived")
    is_draft: bool | None = Field(default=None, alias="isDraft")
    field_data: dict[str, Any] | None = Field(default=None, alias="fieldData")
    last_published: str | None = Field(default=None, alias="lastPublished")
    last_updated: str | None = Field(default=None, alias="lastUpdated")
    created_on: str | None = Field(default=None, alias="createdOn")


class ItemPatchWithId(ItemPatch):
    id: str


class ItemsPatch(Strict):
    items: list[ItemPatchWithId] = Field(min_length=1, max_length=MAX_BATCH)


class ItemLocales(Strict):
    id: str
    cms_locale_ids: list[str] | None = Field(default=None, alias="cmsLocaleIds")


class ItemsDelete(Strict):
    items: list[ItemLocales] = Field(min_length=1, max_length=MAX_BATCH)


class PublishIn(Strict):
    item_ids: list[str] | None = Field(default=None, alias="itemIds", max_length=MAX_BATCH)
    items: list[ItemLocales] | None = Field(default=None, max_length=MAX_BATCH)


def item_wire(row: Row[Any] | dict[str, Any]) -> dict[str, Any]:
    r = row if isinstance(row, dict) else row._mapping
    return {
        "id": r["item_id"],
        "cmsLocaleId": r["cms_locale_id"],
        "lastPublished": iso(r["last_published"]),
        "lastUpdated": iso(r["last_updated"]),
        "createdOn": iso(r["created_on"]),
        "isArchived": r["is_archived"],
        "isDraft": r["is_draft"],
        "fieldData": r["field_data"],
    }
