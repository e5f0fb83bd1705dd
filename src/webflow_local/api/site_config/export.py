"""The site configuration a site's seed carries, made from Data API reads (SeedSection.export): redirects with
their ids, Google tags in their order, robots.txt and llms.txt. Well-known files have no read in the API:
they are not exported. A read the source refuses (a plan without them, a token without the scope) exports
nothing."""

from __future__ import annotations

from typing import Any

from webflow_local.kit.reading import ApiRead, read_all_or_empty, read_or_none


def export_redirects(read: ApiRead, site: dict[str, Any]) -> list[dict[str, Any]]:
    found = read_all_or_empty(read, f"/v2/sites/{site['id']}/redirects", "redirects")
    return [{"id": r["id"], "fromUrl": r["fromUrl"], "toUrl": r["toUrl"]} for r in found]


def export_google_tags(read: ApiRead, site: dict[str, Any]) -> list[dict[str, Any]]:
    found = read_or_none(read, f"/v2/sites/{site['id']}/integrations/google_tags") or {}
    tags = sorted(found.get("googleTagIds") or [], key=lambda t: t.get("order") or 0)  # stable: listed order
    return [{"tagId": t["tagId"], "displayName": t["displayName"]} for t in tags]


def export_robots(read: ApiRead, site: dict[str, Any]) -> dict[str, Any] | None:
    found = read_or_none(read, f"/v2/sites/{site['id']}/robots_txt") or {}
    rules = [{k: r[k] for k in ("userAgent", "allows", "disallows") if r.get(k) is not None}
             for r in found.get("rules") or []]
    if not rules and found.get("sitemap") is None:
        return None  # reads the same as no file
    out: dict[str, Any] = {"rules": rules}
    if found.get("sitemap") is not None:
        out["sitemap"] = found["sitemap"]
    return out


def export_llms(read: ApiRead, site: dict[str, Any]) -> dict[str, Any] | None:
    """llms.txt is read under /beta only."""
    found = read_or_none(read, f"/beta/sites/{site['id']}/llms_txt") or {}
    return {"content": found["content"]} if found.get("content") else None
