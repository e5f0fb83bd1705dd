"""Item requests and the item wire shape."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field
from sqlalchemy import Row

from webflow_local.kit.models import NotNull, RequestModel
from webflow_local.kit.timefmt import iso

MAX_BATCH = 100


class ItemIn(RequestModel):
    id: str | None = None  # read-only; tolerated when clients echo it
    cms_locale_id: Annotated[str | None, NotNull] = Field(default=None, alias="cmsLocaleId")
    is_archived: Annotated[bool | None, NotNull] = Field(default=None, alias="isArchived")
    is_draft: Annotated[bool | None, NotNull] = Field(default=None, alias="isDraft")
    field_data: dict[str, Any] = Field(alias="fieldData")
    # Read-only timestamps some clients send back; ignored.
    last_published: str | None = Field(default=None, alias="lastPublished")
    last_updated: str | None = Field(default=None, alias="lastUpdated")
    created_on: str | None = Field(default=None, alias="createdOn")


class ItemsIn(RequestModel):
    items: list[ItemIn] = Field(min_length=1, max_length=MAX_BATCH)


class BulkCreate(RequestModel):
    cms_locale_ids: Annotated[list[str] | None, NotNull] = Field(default=None, alias="cmsLocaleIds")
    is_archived: bool = Field(default=False, alias="isArchived")
    is_draft: bool = Field(default=True, alias="isDraft")
    field_data: dict[str, Any] | list[dict[str, Any]] = Field(alias="fieldData")


class InsertEntry(RequestModel):
    """One entry of insert-items: a new item (no `id`), or new locale variants of an existing item (`id`)."""

    id: str | None = None
    # A list of locale ids, or "all": every locale of the site (our spelling; the docs name no key).
    cms_locale_ids: Annotated[list[str] | Literal["all"] | None, NotNull] = Field(default=None, alias="cmsLocaleIds")
    is_archived: bool = Field(default=False, alias="isArchived")
    is_draft: bool = Field(default=True, alias="isDraft")
    field_data: dict[str, Any] = Field(alias="fieldData")


class InsertItems(RequestModel):
    items: list[InsertEntry] = Field(min_length=1, max_length=MAX_BATCH)


class ItemPatch(RequestModel):
    id: str | None = None
    cms_locale_id: Annotated[str | None, NotNull] = Field(default=None, alias="cmsLocaleId")
    is_archived: Annotated[bool | None, NotNull] = Field(default=None, alias="isArchived")
    is_draft: Annotated[bool | None, NotNull] = Field(default=None, alias="isDraft")
    field_data: Annotated[dict[str, Any] | None, NotNull] = Field(default=None, alias="fieldData")
    last_published: str | None = Field(default=None, alias="lastPublished")
    last_updated: str | None = Field(default=None, alias="lastUpdated")
    created_on: str | None = Field(default=None, alias="createdOn")


class ItemPatchWithId(ItemPatch):
    id: str


class ItemsPatch(RequestModel):
    items: list[ItemPatchWithId] = Field(min_length=1, max_length=MAX_BATCH)


class ItemLocales(RequestModel):
    id: str
    cms_locale_ids: Annotated[list[str] | None, NotNull] = Field(default=None, alias="cmsLocaleIds")


class ItemsDelete(RequestModel):
    items: list[ItemLocales] = Field(min_length=1, max_length=MAX_BATCH)


class PublishIn(RequestModel):
    # An empty list publishes nothing (202): a connector sends it when a batch holds only drafts.
    item_ids: Annotated[list[str] | None, NotNull] = Field(default=None, alias="itemIds", max_length=MAX_BATCH)
    items: Annotated[list[ItemLocales] | None, NotNull] = Field(default=None, min_length=1, max_length=MAX_BATCH)


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
