"""Requests and wire shapes of collections and fields."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field
from sqlalchemy import Row

from webflow_local.kit.models import NotNull, RequestModel
from webflow_local.kit.timefmt import iso

FieldType = Literal[
    "Color",
    "DateTime",
    "Email",
    "File",
    "Image",
    "Link",
    "MultiImage",
    "MultiReference",
    "Number",
    "Option",
    "Phone",
    "PlainText",
    "Reference",
    "RichText",
    "Switch",
    "VideoLink",
]


class OptionIn(RequestModel):
    name: str = Field(min_length=1)
    id: str | None = None


class FieldMetadataIn(RequestModel):
    options: Annotated[list[OptionIn] | None, NotNull] = Field(default=None, min_length=1, max_length=100)
    collection_id: Annotated[str | None, NotNull] = Field(default=None, alias="collectionId")


class FieldCreate(RequestModel):
    type: FieldType
    display_name: str = Field(alias="displayName", min_length=1, max_length=200)
    is_required: bool = Field(default=False, alias="isRequired")
    help_text: str | None = Field(default=None, alias="helpText")  # null: none, as when left out
    # Bounded by its column (db/schema.py), which PostgreSQL enforces.
    slug: Annotated[str | None, NotNull] = Field(default=None, max_length=200)
    metadata: Annotated[FieldMetadataIn | None, NotNull] = None
    # Read-only in the spec; clients echo them back, so they are accepted and ignored.
    id: str | None = None
    is_editable: bool | None = Field(default=None, alias="isEditable")
    # Designer-only on Webflow; the control plane's seed may set them.
    validations: Annotated[dict[str, Any] | None, NotNull] = None


class FieldUpdate(RequestModel):
    is_required: Annotated[bool | None, NotNull] = Field(default=None, alias="isRequired")
    display_name: Annotated[str | None, NotNull] = Field(
        default=None, alias="displayName", min_length=1, max_length=200
    )
    help_text: str | None = Field(default=None, alias="helpText")  # null clears it


class CollectionCreate(RequestModel):
    display_name: str = Field(alias="displayName", min_length=1, max_length=200)
    singular_name: str = Field(alias="singularName", min_length=1, max_length=200)
    slug: Annotated[str | None, NotNull] = Field(default=None, max_length=200)  # its column's size
    fields: list[FieldCreate] = Field(default_factory=list, max_length=60)


def field_wire(row: Row[Any]) -> dict[str, Any]:
    out = {
        "id": row.id,
        "isRequired": row.is_required,
        "isEditable": row.is_editable,
        "type": row.type,
        "slug": row.slug,
        "displayName": row.display_name,
        "validations": row.validations,
        "helpText": row.help_text,  # unset is explicit null, as on Webflow
    }
    # Option and reference fields echo their create-time metadata (the create-field answer requires it).
    if row.type == "Option":
        out["metadata"] = {"options": (row.validations or {}).get("options", [])}
    elif row.type in {"Reference", "MultiReference"}:
        out["metadata"] = {"collectionId": (row.validations or {}).get("collectionId")}
    return out


def collection_wire(row: Row[Any], field_rows: list[Row[Any]] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": row.id,
        "displayName": row.display_name,
        "singularName": row.singular_name,
        "slug": row.slug,
        "createdOn": iso(row.created_on),
        "lastUpdated": iso(row.last_updated),
    }
    if field_rows is not None:
        out["fields"] = [field_wire(f) for f in field_rows]
    return out
