"""A site's forms in the seed format, from Data API reads (kit SeedSection.export): each form with its ids
(form, fields, element, page, site domain) and its submissions with theirs, so that seeding them answers the
same reads; `webflow-local pull` maps another server's answers with the same functions."""

from __future__ import annotations

import re
from typing import Any

from webflow_local.kit.reading import ApiRead, ReadRefused, read_all, read_or_none

# The seed names a form's page by slug (its id rides along in `pageId`).
SLUG = re.compile(r"^[a-z0-9_-]+$")
RESPONSE_SETTINGS = ("redirectUrl", "redirectMethod", "redirectAction", "sendEmailConfirmation")


def _forms(read: ApiRead, site_id: str) -> tuple[list[dict[str, Any]], bool]:
    """The site's forms in list order, and whether they need a republish. While they do, list-forms answers
    409: the forms are then found through the site's submissions (a form without any is not seen). A source
    that refuses forms (a scope, a plan) has none to export."""
    try:
        return read_all(read, f"/v2/sites/{site_id}/forms", "forms"), False
    except ReadRefused as e:
        if e.status in (403, 404):
            return [], False
        if e.status != 409:
            raise
    subs = read_all(read, f"/v2/sites/{site_id}/form_submissions", "formSubmissions")
    found = [read.get(f"/v2/forms/{fid}") for fid in dict.fromkeys(s["formId"] for s in subs)]
    return sorted(found, key=lambda f: (f["createdOn"], f["id"])), True


def _page_slug(read: ApiRead, form: dict[str, Any]) -> str:
    """The slug of the form's page; when the page is not readable (or its slug is not one a seed takes), one
    made from the page's name: the form keeps its pageId either way."""
    page = read_or_none(read, f"/v2/pages/{form['pageId']}") if form.get("pageId") else None
    slug = str((page or {}).get("slug") or "")
    if SLUG.match(slug):
        return slug
    return re.sub(r"[^a-z0-9_-]+", "-", str(form.get("pageName") or "").lower()).strip("-") or "page"


def _submission(sub: dict[str, Any], tags: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": sub["id"], "data": dict(sub["formResponse"]), "dateSubmitted": sub["dateSubmitted"]}
    if sub.get("localeId"):
        out["localeId"] = tags.get(sub["localeId"], sub["localeId"])
    return out


def _form(read: ApiRead, form: dict[str, Any], tags: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": form["id"], "displayName": form["displayName"], "page": _page_slug(read, form),
        "pageId": form["pageId"], "pageName": form["pageName"],
        "fields": [{"id": fid, "displayName": f["displayName"], "type": f["type"], "placeholder": f["placeholder"],
                    "userVisible": f["userVisible"]} for fid, f in form["fields"].items()],
    }
    for key in ("formElementId", "siteDomainId", "createdOn", "lastUpdated"):
        if form.get(key):
            out[key] = form[key]
    settings = {k: v for k, v in (form.get("responseSettings") or {}).items()
                if k in RESPONSE_SETTINGS and v is not None}
    if settings:
        out["responseSettings"] = settings
    subs = read_all(read, f"/v2/forms/{form['id']}/submissions", "formSubmissions")
    out["submissions"] = [_submission(s, tags) for s in subs]
    return out


def _tags(site: dict[str, Any]) -> dict[str, str]:
    """Site locale id -> tag (a seed names locales by tag)."""
    locs = site.get("locales") or {}
    return {loc["id"]: loc["tag"] for loc in [locs.get("primary"), *(locs.get("secondary") or [])] if loc}


def export_forms(read: ApiRead, site: dict[str, Any]) -> list[dict[str, Any]]:
    """The `forms` key of the site."""
    forms, _ = _forms(read, site["id"])
    tags = _tags(site)
    return [_form(read, f, tags) for f in forms]


def export_republish(read: ApiRead, site: dict[str, Any]) -> dict[str, Any] | None:
    """The `formsRepublish` key: only when the site's forms need a republish (list-forms answers 409)."""
    try:
        read.get(f"/v2/sites/{site['id']}/forms", limit="1")
    except ReadRefused as e:
        if e.status == 409:
            return {"required": True}
        if e.status not in (403, 404):
            raise
    return None
