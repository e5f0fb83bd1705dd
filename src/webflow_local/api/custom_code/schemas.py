"""Custom code requests (script registration, applying scripts) and their wire shapes."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field
from sqlalchemy import Row

from webflow_local.kit.models import NotNull, RequestModel
from webflow_local.kit.timefmt import iso

MAX_INLINE_CHARS = 2000
MAX_DISPLAY_NAME = 50


class HostedScriptIn(RequestModel):
    display_name: str = Field(alias="displayName")
    version: str = Field(max_length=128)
    hosted_location: str = Field(alias="hostedLocation", max_length=2048)
    integrity_hash: str = Field(alias="integrityHash", max_length=200)
    can_copy: Annotated[bool | None, NotNull] = Field(default=None, alias="canCopy")


class InlineScriptIn(RequestModel):
    display_name: str = Field(alias="displayName")
    version: str = Field(max_length=128)
    source_code: str = Field(alias="sourceCode")
    # Only meaningful for hosted scripts (the spec's own example sends null here): accepted, and the
    # answer carries the hash of the code as hosted.
    integrity_hash: str | None = Field(default=None, alias="integrityHash", max_length=200)
    can_copy: Annotated[bool | None, NotNull] = Field(default=None, alias="canCopy")


class ScriptApplyIn(RequestModel):
    id: str = Field(max_length=64)
    version: str = Field(max_length=128)
    location: Literal["header", "footer"]
    # The SDK sends null for "no attributes".
    attributes: dict[str, str] | None = None


class ScriptsApplyIn(RequestModel):
    # A PUT replaces the caller's whole list; leaving `scripts` out (or []) removes them all.
    scripts: Annotated[list[ScriptApplyIn] | None, NotNull] = None
    # Read-only in the spec; the SDK's upsert takes them: accepted and ignored.
    last_updated: str | None = Field(default=None, alias="lastUpdated")
    created_on: str | None = Field(default=None, alias="createdOn")


def registered_wire(row: Row[Any]) -> dict[str, Any]:
    return {
        "id": row.script_id,
        "canCopy": row.can_copy,
        "displayName": row.display_name,
        "hostedLocation": row.hosted_location,
        "integrityHash": row.integrity_hash,
        "createdOn": iso(row.created_on),
        "lastUpdated": iso(row.last_updated),
        "version": row.version,
    }


def applied_wire(entry: dict[str, Any]) -> dict[str, Any]:
    return {"id": entry["id"], "location": entry["location"], "version": entry["version"],
            "attributes": dict(entry.get("attributes") or {})}


def block_code_wire(row: Row[Any] | None) -> dict[str, Any]:
    """get/put custom code: the caller's block for a site or page. Without one there are no scripts and no
    timestamps (the spec's timestamps are strings, so they are left out rather than null)."""
    if row is None:
        return {"scripts": []}
    return {"scripts": [applied_wire(e) for e in row.scripts], "lastUpdated": iso(row.last_updated),
            "createdOn": iso(row.created_on)}


def block_wire(row: Row[Any]) -> dict[str, Any]:
    return {
        "siteId": row.site_id,
        "pageId": row.page_id,
        "type": "site" if row.page_id is None else "page",
        "scripts": [applied_wire(e) for e in row.scripts],
        "createdOn": iso(row.created_on),
        "lastUpdated": iso(row.last_updated),
    }
