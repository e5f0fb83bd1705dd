"""Comment requests (the beta reply, the control plane's threads) and the wire shapes of threads and replies."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field
from sqlalchemy import Row

from webflow_local.kit.models import NotNull, RequestModel
from webflow_local.kit.timefmt import iso

MAX_CONTENT = 2040
EMAIL_MAX = 254


class ReplyIn(RequestModel):
    """create-comment-reply."""

    content: str = Field(min_length=1, max_length=MAX_CONTENT)


class ReplySeed(RequestModel):
    author: str = Field(min_length=1, max_length=EMAIL_MAX)  # a workspace user's email
    content: str = Field(min_length=1, max_length=MAX_CONTENT)
    created_on: Annotated[str | None, NotNull] = Field(default=None, alias="createdOn")  # ISO 8601; default now


class ThreadSeed(RequestModel):
    """A thread of a seed file or POST /_admin/sites/{id}/comment_threads (Webflow has no API to start one)."""

    id: Annotated[str | None, NotNull] = None
    page: str = Field(min_length=1)  # the page's slug or id
    item: Annotated[str | None, NotNull] = None  # a CMS item id, for a comment on a template page's item
    locale: Annotated[str | None, NotNull] = None  # locale tag or site locale id; default the primary
    breakpoint: str = Field(default="main", min_length=1, max_length=32)
    author: str = Field(min_length=1, max_length=EMAIL_MAX)  # a workspace user's email
    content: str = Field(min_length=1, max_length=MAX_CONTENT)
    is_resolved: bool = Field(default=False, alias="isResolved")
    created_on: Annotated[str | None, NotNull] = Field(default=None, alias="createdOn")
    replies: list[ReplySeed] = Field(default_factory=list, max_length=1000)


def url_of(short_name: str, thread_id: str, page_id: str) -> str:
    """Where the thread opens in the Designer, as Webflow's examples show it."""
    return f"https://webflow.com/design/{short_name}?workflow=comment&commentId={thread_id}&pageId={page_id}"


def thread_wire(row: Row[Any], url: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "siteId": row.site_id,
        "pageId": row.page_id,
        "localeId": row.locale_id,
        "itemId": row.item_id,
        "breakpoint": row.breakpoint,
        "url": url,
        "content": row.content,
        "isResolved": row.is_resolved,
        "author": dict(row.author),
        "mentionedUsers": [dict(u) for u in row.mentioned],
        "createdOn": iso(row.created_on),
        "lastUpdated": iso(row.last_updated),
    }


def _person(user: dict[str, Any]) -> dict[str, Any]:
    """A reply's people: the schema names the user `id`, Webflow's example `userId`: both are sent."""
    return {"id": user["userId"], **user}


def reply_wire(row: Row[Any], thread: Row[Any], url: str) -> dict[str, Any]:
    """A reply: `id` is its thread's, `commentId` its own (the spec's descriptions and example)."""
    return {
        "id": thread.id,
        "commentId": row.id,
        "siteId": thread.site_id,
        "pageId": thread.page_id,
        "localeId": thread.locale_id,
        "itemId": thread.item_id,
        "breakpoint": thread.breakpoint,
        "url": url,
        "content": row.content,
        "isResolved": thread.is_resolved,
        "author": _person(row.author),
        "mentionedUsers": [_person(u) for u in row.mentioned],
        "createdOn": iso(row.created_on),
        "lastUpdated": iso(row.last_updated),
    }
