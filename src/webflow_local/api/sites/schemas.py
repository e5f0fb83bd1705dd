"""Wire shapes of sites and locales."""

from __future__ import annotations

from typing import Any

from pydantic import Field
from sqlalchemy import Row

from webflow_local.kit.models import RequestModel
from webflow_local.kit.timefmt import iso


def locale_wire(row: Row[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": row.id,
        "cmsLocaleId": row.cms_locale_id,
        "enabled": row.enabled,
        "displayName": row.display_name,
        "displayImageId": row.display_image_id,
        "redirect": row.redirect,
        "subdirectory": row.subdirectory,
        "tag": row.tag,
    }
    return out


def domain_wire(row: Row[Any]) -> dict[str, Any]:
    return {"id": row.id, "url": row.url, "lastPublished": iso(row.last_published)}


def preview_url(site_id: str) -> str:
    """No screenshot is made here; the URL has the shape of Webflow's (docs/deviations.md)."""
    return f"https://screenshots.webflow.com/sites/{site_id}/preview.png"


def site_wire(row: Row[Any], locales: list[Row[Any]], domains: list[Row[Any]]) -> dict[str, Any]:
    primary = next((loc for loc in locales if loc.is_primary), None)
    return {
        "id": row.id,
        "workspaceId": row.workspace_id,
        "createdOn": iso(row.created_on),
        "displayName": row.display_name,
        "shortName": row.short_name,
        "lastPublished": iso(row.last_published),
        "lastUpdated": iso(row.last_updated),
        "previewUrl": preview_url(row.id),
        "timeZone": row.time_zone,
        "parentFolderId": row.parent_folder_id,
        "customDomains": [domain_wire(d) for d in domains],
        "locales": {
            "primary": locale_wire(primary) if primary else None,
            "secondary": [locale_wire(loc) for loc in locales if not loc.is_primary],
        },
        "dataCollectionEnabled": row.data_collection_enabled,
        "dataCollectionType": row.data_collection_type,
    }


class SitePublish(RequestModel):

    custom_domains: list[str] | None = Field(default=None, alias="customDomains")
    publish_to_webflow_subdomain: bool | None = Field(default=None, alias="publishToWebflowSubdomain")
    page_id: str | None = Field(default=None, alias="pageId")
