"""Comments: threads on a site's pages and their replies. Webflow has no API to start a thread (the
control plane and seed files do); the beta API adds replies, as the token's user, and finds the workspace's
users by email. `[[userId]]` in a comment's content mentions that user of the site's workspace."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import Row
from starlette.datastructures import QueryParams

from webflow_local import events
from webflow_local.api.comments.repository import CommentRepository
from webflow_local.api.comments.schemas import PersonIn, ReplyIn, ThreadSeed, reply_wire, thread_wire, url_of
from webflow_local.api.sites.service import site_locales, visible_site
from webflow_local.auth import users
from webflow_local.context import Ctx
from webflow_local.errors import Conflict, NotFound, ValidationFailed
from webflow_local.kit.ids import is_object_id
from webflow_local.kit.params import int_query, object_id, page_limit, sort_query
from webflow_local.kit.timefmt import iso, parse_iso
from webflow_local.kit.wire import pagination

MAX_LIMIT = 100
MENTION = re.compile(r"\[\[([0-9a-fA-F]{24})\]\]")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
# The author of a reply made with a token that acts for no user (a token made without one): as the token
# family's authorized_by answers for such a token.
NO_USER = {"email": "developer@webflow-local.test", "name": "Local Developer"}


# -- lookups -------------------------------------------------------------------------------------------
def visible_thread(ctx: Ctx, thread_id: str) -> Row[Any]:
    """The thread (404 when absent), when the caller may use its site (else 403)."""
    row = CommentRepository(ctx.conn).thread(object_id(thread_id))
    if row is None:
        raise NotFound.of("Comment thread not found")
    visible_site(ctx, row.site_id)
    return row


def _thread(ctx: Ctx, site_id: str, thread_id: str) -> tuple[Row[Any], Row[Any]]:
    site = visible_site(ctx, site_id)
    thread = visible_thread(ctx, thread_id)
    if thread.site_id != site.id:
        raise NotFound.of("Comment thread not found")
    return site, thread


def _query(ctx: Ctx, site_id: str, q: QueryParams) -> tuple[str | None, int, int, str, bool]:
    """localeId (a site locale), offset, limit, sortBy and sortOrder of a comment read."""
    locale_id = q.get("localeId") or None
    if locale_id is not None and all(loc.id != locale_id for loc in site_locales(ctx, site_id)):
        raise ValidationFailed.param("localeId", f"Invalid locale id: '{locale_id}' is not a locale of this site")
    offset = int_query(q, "offset", 0)
    limit = page_limit(q, MAX_LIMIT)
    sort_by, descending = sort_query(q, ("createdOn", "lastUpdated"))
    return locale_id, offset, limit, sort_by, descending


def _person(row: Row[Any]) -> dict[str, Any]:
    return {"userId": row.id, "email": row.email, "name": f"{row.first_name} {row.last_name}".strip()}


def _mentions(ctx: Ctx, workspace_id: str, content: str) -> list[dict[str, Any]]:
    """The users of the workspace that `[[userId]]` names, in the order first named (unknown ids: none)."""
    ids = list(dict.fromkeys(m.lower() for m in MENTION.findall(content)))
    found = {u.id: u for u in users.of_ids(ctx, ids) if u.workspace_id == workspace_id} if ids else {}
    return [_person(found[i]) for i in ids if i in found]


# -- reads ---------------------------------------------------------------------------------------------
def list_threads(ctx: Ctx, site_id: str, q: QueryParams) -> dict[str, Any]:
    site = visible_site(ctx, site_id)
    locale_id, offset, limit, sort_by, desc = _query(ctx, site.id, q)
    rows, total = CommentRepository(ctx.conn).threads(site.id, locale_id, offset, limit, sort_by, desc)
    return {"comments": [thread_wire(r, url_of(site.short_name, r.id, r.page_id)) for r in rows],
            "pagination": pagination(limit, offset, total)}


def get_thread(ctx: Ctx, site_id: str, thread_id: str, q: QueryParams) -> dict[str, Any]:
    site, thread = _thread(ctx, site_id, thread_id)
    _query(ctx, site.id, q)  # checked like the list's; a thread is one thread whatever they say
    return thread_wire(thread, url_of(site.short_name, thread.id, thread.page_id))


def list_replies(ctx: Ctx, site_id: str, thread_id: str, q: QueryParams) -> dict[str, Any]:
    site, thread = _thread(ctx, site_id, thread_id)
    _, offset, limit, sort_by, desc = _query(ctx, site.id, q)
    rows, total = CommentRepository(ctx.conn).replies(thread.id, offset, limit, sort_by, desc)
    url = url_of(site.short_name, thread.id, thread.page_id)
    return {"comments": [reply_wire(r, thread, url) for r in rows], "pagination": pagination(limit, offset, total)}


def search_users(ctx: Ctx, site_id: str, q: QueryParams) -> dict[str, Any]:
    """The users of the site's workspace whose email is exactly `email` (case aside)."""
    site = visible_site(ctx, site_id)
    email = q.get("email") or ""
    if not EMAIL.match(email):
        raise ValidationFailed.param("email", "email must be an email address")
    found = users.by_email(ctx, site.workspace_id, email)
    if found is None:
        found = next((u for u in users.of_workspace(ctx, site.workspace_id) if u.email.lower() == email.lower()),
                     None)
    return {"users": [] if found is None else [_person(found)]}


# -- writes --------------------------------------------------------------------------------------------
def _event(thread: Row[Any], url: str, comment_id: str, kind: str, content: str, author: dict[str, Any],
           mentioned: list[dict[str, Any]], created: datetime, updated: datetime) -> dict[str, Any]:
    return {"threadId": thread.id, "commentId": comment_id, "type": kind, "siteId": thread.site_id,
            "pageId": thread.page_id, "localeId": thread.locale_id, "breakpoint": thread.breakpoint, "url": url,
            "content": content, "isResolved": thread.is_resolved, "author": author, "mentionedUsers": mentioned,
            "createdOn": iso(created), "lastUpdated": iso(updated)}


def _add_reply(ctx: Ctx, site: Row[Any], thread: Row[Any], author: dict[str, Any], content: str,
               at: datetime, reply_id: str | None = None,
               mentioned: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A reply; a seed's may give its id and mentioned users (an export's)."""
    repo = CommentRepository(ctx.conn)
    reply_id = reply_id or ctx.new_id()
    if mentioned is None:
        mentioned = _mentions(ctx, site.workspace_id, content)
    repo.insert_reply({"id": reply_id, "thread_id": thread.id, "content": content, "author": author,
                       "mentioned": mentioned, "created_on": at, "last_updated": at})
    repo.touch_thread(thread.id, max(at, thread.last_updated))
    url = url_of(site.short_name, thread.id, thread.page_id)
    events.emit(ctx, site.id, "comment_created",
                lambda: [_event(thread, url, reply_id, "reply", content, author, mentioned, at, at)])
    row = repo.reply(reply_id)
    assert row is not None
    return reply_wire(row, thread, url)


def _caller(ctx: Ctx, workspace_id: str) -> dict[str, Any]:
    """The token's user, as a comment author."""
    user = ctx.principal.user
    if user.get("id"):
        found = users.find(ctx, str(user["id"]))
        if found is not None:
            return _person(found)
        name = f"{user.get('firstName', '')} {user.get('lastName', '')}".strip()
        return {"userId": user["id"], "email": user.get("email", NO_USER["email"]), "name": name or NO_USER["name"]}
    return {"userId": ctx.principal.token_id, **NO_USER}


def create_reply(ctx: Ctx, site_id: str, thread_id: str, body: ReplyIn) -> dict[str, Any]:
    site, thread = _thread(ctx, site_id, thread_id)
    if not body.content.strip():
        raise ValidationFailed.param("content", "content must not be blank")
    return _add_reply(ctx, site, thread, _caller(ctx, site.workspace_id), body.content, ctx.now())


# -- the control plane and seed files -------------------------------------------------------------------
def _author(ctx: Ctx, workspace_id: str, author: str | PersonIn, param: str) -> dict[str, Any]:
    """A workspace user by email, or the person as given."""
    if isinstance(author, PersonIn):
        return _given(author)
    found = users.by_email(ctx, workspace_id, author)
    if found is None:
        raise ValidationFailed.param(param, f"No user with the email '{author}' in the site's workspace")
    return _person(found)


def _given(p: PersonIn) -> dict[str, Any]:
    return {"userId": p.user_id, "email": p.email, "name": p.name}


def _fixed_ids(repo: CommentRepository, seed: ThreadSeed) -> None:
    """A seed's thread and reply ids: ObjectIds (else 400), none that exists or repeats (else 409)."""
    if seed.id is not None:
        if not is_object_id(seed.id):
            raise ValidationFailed.param("id", "must be 24 lowercase hex digits")
        if repo.thread(seed.id) is not None:
            raise Conflict("Conflict: Resource already exists")
    seen: set[str] = set()
    for i, r in enumerate(seed.replies):
        if r.id is None:
            continue
        if not is_object_id(r.id):
            raise ValidationFailed.param(f"replies.{i}.id", "must be 24 lowercase hex digits")
        if r.id in seen or repo.reply(r.id) is not None:
            raise Conflict(details=[{"param": f"replies.{i}.id",
                                     "description": f"A reply with the id '{r.id}' exists"}])
        seen.add(r.id)


def _when(ctx: Ctx, value: str | None, param: str) -> datetime:
    if value is None:
        return ctx.now()
    try:
        return parse_iso(value)
    except ValueError:
        raise ValidationFailed.param(param, "must be an ISO-8601 date-time") from None


def create_thread(ctx: Ctx, site_id: str, seed: ThreadSeed) -> dict[str, Any]:
    """A thread with its replies; fires comment_created for the thread and for each reply."""
    site = visible_site(ctx, site_id)
    repo = CommentRepository(ctx.conn)
    _fixed_ids(repo, seed)
    page = next((p for find in ctx.hooks("page_by_slug") if (p := find(ctx, site.id, seed.page))), None)
    if page is None:
        raise ValidationFailed.param("page", f"No page '{seed.page}' on this site")
    if seed.item is not None and not is_object_id(seed.item):
        raise ValidationFailed.param("item", "an item id is 24 lowercase hex digits")
    locs = site_locales(ctx, site.id)
    loc = locs[0] if seed.locale is None else next((x for x in locs if seed.locale in (x.id, x.tag)), None)
    if loc is None:
        raise ValidationFailed.param("locale", f"'{seed.locale}' is not a locale of this site")
    author = _author(ctx, site.workspace_id, seed.author, "author")
    replies = [(_author(ctx, site.workspace_id, r.author, f"replies.{i}.author"),
                _when(ctx, r.created_on, f"replies.{i}.createdOn")) for i, r in enumerate(seed.replies)]
    at = _when(ctx, seed.created_on, "createdOn")
    thread_id, comment_id = seed.id or ctx.new_id(), ctx.new_id()
    mentioned = ([_given(p) for p in seed.mentioned_users] if seed.mentioned_users is not None
                 else _mentions(ctx, site.workspace_id, seed.content))
    repo.insert_thread({"id": thread_id, "comment_id": comment_id, "site_id": site.id, "page_id": page["id"],
                        "locale_id": loc.id, "item_id": seed.item, "breakpoint": seed.breakpoint,
                        "content": seed.content, "is_resolved": seed.is_resolved, "author": author,
                        "mentioned": mentioned, "created_on": at, "last_updated": at})
    thread = repo.thread(thread_id)
    assert thread is not None
    url = url_of(site.short_name, thread.id, thread.page_id)
    events.emit(ctx, site.id, "comment_created",
                lambda: [_event(thread, url, comment_id, "new_comment", seed.content, author, mentioned, at, at)])
    made = []
    for r, (who, when) in zip(seed.replies, replies, strict=True):
        current = repo.thread(thread_id)
        assert current is not None
        given = None if r.mentioned_users is None else [_given(p) for p in r.mentioned_users]
        made.append(_add_reply(ctx, site, current, who, r.content, when, r.id, given))
    final = repo.thread(thread_id)
    assert final is not None
    return {**thread_wire(final, url), "replies": made}


def seed_threads(ctx: Ctx, site: dict[str, Any], seeds: list[Any]) -> list[Any]:
    """The `commentThreads` key of a seeded site (kit SeedSection)."""
    return [create_thread(ctx, site["id"], s) for s in seeds]
