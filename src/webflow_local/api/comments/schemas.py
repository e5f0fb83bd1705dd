"""Comment requests (the beta reply, the control plane's threads) and the wire shapes of threads and replies."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints
from sqlalchemy import Row

from webflow_local.kit.models import NotNull, RequestModel
from webflow_local.kit.timefmt import iso

MAX_CONTENT = 2040
EMAIL_MAX = 254


class ReplyIn(RequestModel):
    """create-comment-reply."""

    content: str = Field(min_length=1, max_length=MAX_CONTENT)


class PersonIn(RequestModel):
    """A comment's author or mentioned user as the API shows it, kept as given: what an export carries (a
    comment keeps showing its people as they were, even one that is no workspace user, such as a token's)."""

    user_id: str = Field(alias="userId", min_length=1, max_length=64)
    email: str = Field(max_length=EMAIL_MAX)
    name: str = Field(max_length=256)


# A workspace user's email, or the person as the API shows it.
Author = Annotated[str, StringConstraints(min_length=1, max_length=EMAIL_MAX)] | PersonIn
# Default: the users that `[[userId]]` in the content names.
Mentioned = Annotated[list[PersonIn] | None, NotNull]


class ReplySeed(RequestModel):
    id: Annotated[str | None, NotNull] = None
    author: Author
    content: str = Field(min_length=1, max_length=MAX_CONTENT)
    created_on: Annotated[str | None, NotNull] = Field(default=None, alias="createdOn")  # ISO 8601; default now
    mentioned_users: Mentioned = Field(default=None, alias="mentionedUsers", max_length=100)


class ThreadSeed(RequestModel):
    """A thread of a seed file or POST /_admin/sites/{id}/comment_threads (Webflow has no API to start one)."""

    id: Annotated[str | None, NotNull] = None
    page: str = Field(min_length=1)  # the page's slug or id
    item: Annotated[str | None, NotNull] = None  # a CMS item id, for a comment on a template page's item
    locale: Annotated[str | None, NotNull] = None  # locale tag or site locale id; default the primary
    breakpoint: str = Field(default="main", min_length=1, max_length=32)
    author: Author
    content: str = Field(min_length=1, max_length=MAX_CONTENT)
    mentioned_users: Mentioned = Field(default=None, alias="mentionedUsers", max_length=100)
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
