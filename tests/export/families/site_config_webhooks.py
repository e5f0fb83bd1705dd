"""State of this family beyond the demo world, for the export round trip (tests/export/test_round_trip.py)."""

from __future__ import annotations

from typing import Any

import httpx


def _ok(r: httpx.Response) -> Any:
    assert r.status_code < 300, f"{r.request.method} {r.request.url}: {r.status_code} {r.text}"
    return r.json() if r.content else None


def enrich(api: httpx.Client, admin: httpx.Client, site_id: str) -> None:
    """`api`: the Data API (/v2) with an all-scopes site token; `admin`: the control plane.

    Redirects made in an order their ids do not sort in (one updated, one deleted), Google tags reordered,
    robots.txt with several agents and a sitemap, llms.txt (beta), a well-known file (no read shows it), and
    webhooks of several triggers (one with a form filter, one registered unsigned by the control plane)."""
    s = f"/sites/{site_id}"
    made = [_ok(api.post(f"{s}/redirects", json={"fromUrl": f, "toUrl": t})) for f, t in (
        ("/old-blog", "/blog"), ("/team", "https://example.com/about"), ("/gone", "/"), ("/zz-first", "/blog"))]
    _ok(api.patch(f"{s}/redirects/{made[0]['id']}", json={"toUrl": "/blog/archive"}))
    _ok(api.delete(f"{s}/redirects/{made[2]['id']}"))

    _ok(api.patch(f"{s}/integrations/google_tags", json={"googleTagIds": [
        {"tagId": "G-ANALYTICS1", "displayName": "Analytics"}, {"tagId": "AW-ADS12345", "displayName": "Ads"},
        {"tagId": "GT-MANAGER9", "displayName": "Tag manager"}]}))
    _ok(api.patch(f"{s}/integrations/google_tags", json={"googleTagIds": [
        {"tagId": "GT-MANAGER9", "displayName": "Tag manager", "order": 0}]}))

    _ok(api.put(f"{s}/robots_txt", json={"rules": [
        {"userAgent": "*", "allows": ["/"], "disallows": ["/admin", "/drafts"]},
        {"userAgent": "Googlebot", "disallows": ["/private"]},
        {"userAgent": "GPTBot", "allows": [], "disallows": ["/"]}], "sitemap": "https://example.com/sitemap.xml"}))
    _ok(api.put(f"{s}/well_known", json={"fileName": "security.txt", "fileData": "Contact: mailto:x@example.com",
                                         "contentType": "text/plain"}))
    beta = str(api.base_url).removesuffix("/").removesuffix("/v2") + "/beta"
    _ok(api.patch(f"{beta}{s}/llms_txt", json={"fileData": "# Demo site\n\n> What it is about.\n"}))

    for trigger, extra in (("form_submission", {"filter": {"name": "Contact"}}), ("form_submission", {}),
                           ("comment_created", {}), ("page_created", {}), ("page_deleted", {})):
        _ok(api.post(f"{s}/webhooks", json={"triggerType": trigger, "url": f"https://example.com/hooks/{trigger}",
                                            **extra}))
    _ok(admin.post(f"{s}/webhooks", json={"triggerType": "page_metadata_updated", "signed": False,
                                          "url": "https://example.com/hooks/unsigned"}))
