"""A site's comment threads in the seed format, from Data API reads (kit SeedSection.export): each thread
with its id, page (by id), locale (by tag), item, breakpoint, resolved state and dates, and its replies with
their ids. Authors and mentioned users go as the API shows them (`{userId, email, name}`), which the seed
keeps as given: a comment shows its people as they were, whether or not they are workspace users now."""

from __future__ import annotations

from typing import Any

from webflow_local.kit.reading import ApiRead, read_all, read_all_or_empty


def _person(p: dict[str, Any]) -> dict[str, Any]:
    # A reply's people also carry `id` (the same as userId): the seed takes the three keys.
    return {"userId": p["userId"], "email": p["email"], "name": p["name"]}


def _comment(c: dict[str, Any]) -> dict[str, Any]:
    """What a thread and a reply both carry: author, content, date, and mentions when there are any."""
    out: dict[str, Any] = {"author": _person(c["author"]), "content": c["content"], "createdOn": c["createdOn"]}
    # Given even when empty if the text names someone: seeding would otherwise resolve `[[id]]` anew.
    if c.get("mentionedUsers") or "[[" in c["content"]:
        out["mentionedUsers"] = [_person(p) for p in c.get("mentionedUsers") or []]
    return out


def _thread(read: ApiRead, site_id: str, t: dict[str, Any], tags: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": t["id"], "page": t["pageId"]}
    if t.get("localeId") in tags:
        out["locale"] = tags[t["localeId"]]
    if t.get("itemId"):
        out["item"] = t["itemId"]
    out |= {"breakpoint": t["breakpoint"], **_comment(t), "isResolved": t["isResolved"]}
    replies = read_all(read, f"/v2/sites/{site_id}/comments/{t['id']}/replies", "comments")
    out["replies"] = [{"id": r["commentId"], **_comment(r)} for r in replies]
    return out


def export_threads(read: ApiRead, site: dict[str, Any]) -> list[dict[str, Any]]:
    """The `commentThreads` key of the site, in the list's order (by creation)."""
    # A source that refuses comments (a scope, a plan) has none to export.
    threads = read_all_or_empty(read, f"/v2/sites/{site['id']}/comments", "comments")
    locs = site.get("locales") or {}
    tags = {loc["id"]: loc["tag"] for loc in [locs.get("primary"), *(locs.get("secondary") or [])] if loc}
    return [_thread(read, site["id"], t, tags) for t in threads]
