"""Asset and asset-folder requests, and their wire shapes."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from pydantic import Field, StringConstraints, field_validator
from sqlalchemy import Row

from webflow_local.kit.files import InlineFile, md5_hex
from webflow_local.kit.models import NotNull, RequestModel
from webflow_local.kit.timefmt import iso

# File names must be shorter than 100 characters (the spec's description of fileName).
MAX_FILE_NAME = 99
MAX_ALT_TEXT = 5000
ObjectIdStr = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{24}$")]


class FolderCreate(RequestModel):
    display_name: str = Field(alias="displayName", min_length=1, max_length=255)
    # null: the root, as the spec's description says.
    parent_folder: str | None = Field(default=None, alias="parentFolder")


class AssetCreate(RequestModel):
    file_name: str = Field(alias="fileName", min_length=1, max_length=MAX_FILE_NAME)
    file_hash: str = Field(alias="fileHash")
    parent_folder: str | None = Field(default=None, alias="parentFolder")

    _md5 = field_validator("file_hash")(md5_hex)


class AssetUpdate(RequestModel):
    display_name: Annotated[str | None, NotNull] = Field(default=None, alias="displayName", min_length=1,
                                                         max_length=255)
    alt_text: Annotated[str | None, NotNull] = Field(default=None, alias="altText", max_length=MAX_ALT_TEXT)


class FolderSeed(RequestModel):
    """An asset folder of a seed file (the `assetFolders` key of a site)."""

    id: Annotated[ObjectIdStr | None, NotNull] = None
    display_name: str = Field(alias="displayName", min_length=1, max_length=255)
    # The parent: a folder's id, or its displayName when no other folder of the site has that name.
    parent_folder: Annotated[str | None, NotNull] = Field(default=None, alias="parentFolder", min_length=1)


class AssetSeed(InlineFile, RequestModel):
    """An asset of a seed file (the `assets` key of a site): its metadata, and its bytes (`data`, base64) or,
    for an asset whose upload has not arrived, the MD5 of the file it waits for (`fileHash`, optional)."""

    id: Annotated[ObjectIdStr | None, NotNull] = None
    file_name: str = Field(alias="fileName", min_length=1, max_length=MAX_FILE_NAME)
    display_name: Annotated[str | None, NotNull] = Field(default=None, alias="displayName", min_length=1,
                                                         max_length=255)
    content_type: Annotated[str | None, NotNull] = Field(default=None, alias="contentType", min_length=1,
                                                         max_length=100)
    parent_folder: Annotated[str | None, NotNull] = Field(default=None, alias="parentFolder", min_length=1)
    # Locale tag (or site locale id) -> the alt text in that locale.
    alt_text: dict[str, Annotated[str, StringConstraints(max_length=MAX_ALT_TEXT)]] = Field(
        default_factory=dict, alias="altText")


def file_url(public_url: str, key: str) -> str:
    """Where the bytes stored under `key` ("<siteId>/<assetId>_<fileName>") are served."""
    return f"{public_url.rstrip('/')}/_files/{quote(key, safe='/')}"


def asset_key(row: Row[Any]) -> str:
    return f"{row.site_id}/{row.id}_{row.file_name}"


def asset_wire(row: Row[Any], public_url: str, alt_text: str | None, *, in_list: bool = False) -> dict[str, Any]:
    out = {
        "id": row.id,
        "contentType": row.content_type,
        "size": row.size,
        "siteId": row.site_id,
        "hostedUrl": file_url(public_url, asset_key(row)),
        "originalFileName": row.file_name,
        "displayName": row.display_name,
        "lastUpdated": iso(row.last_updated),
        "createdOn": iso(row.created_on),
        "variants": [],
        "altText": alt_text,
    }
    if in_list:
        out["folderId"] = row.folder_id
    return out


def folder_wire(row: Row[Any], asset_ids: list[str]) -> dict[str, Any]:
    return {
        "id": row.id,
        "displayName": row.display_name,
        "parentFolder": row.parent_id,
        "assets": asset_ids,
        "siteId": row.site_id,
        "createdOn": iso(row.created_on),
        "lastUpdated": iso(row.last_updated),
    }
