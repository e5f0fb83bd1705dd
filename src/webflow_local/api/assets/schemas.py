"""Asset and asset-folder requests, and their wire shapes."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import quote

from pydantic import Field, field_validator
from sqlalchemy import Row

from webflow_local.kit.models import NotNull, RequestModel
from webflow_local.kit.timefmt import iso

MD5_HEX = re.compile(r"^[0-9a-fA-F]{32}$")
# File names must be shorter than 100 characters (the spec's description of fileName).
MAX_FILE_NAME = 99


class FolderCreate(RequestModel):
    display_name: str = Field(alias="displayName", min_length=1, max_length=255)
    # null: the root, as the spec's description says.
    parent_folder: str | None = Field(default=None, alias="parentFolder")


class AssetCreate(RequestModel):
    file_name: str = Field(alias="fileName", min_length=1, max_length=MAX_FILE_NAME)
    file_hash: str = Field(alias="fileHash")
    parent_folder: str | None = Field(default=None, alias="parentFolder")

    @field_validator("file_hash")
    @classmethod
    def _md5(cls, value: str) -> str:
        if not MD5_HEX.match(value):
            raise ValueError("fileHash must be the file's MD5 hash: 32 hexadecimal characters")
        return value.lower()


class AssetUpdate(RequestModel):
    display_name: Annotated[str | None, NotNull] = Field(default=None, alias="displayName", min_length=1,
                                                         max_length=255)
    alt_text: Annotated[str | None, NotNull] = Field(default=None, alias="altText", max_length=5000)


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
