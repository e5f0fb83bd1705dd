"""The comments family's tables (declared in its FAMILY; on the one metadata of webflow_local.db.schema).

Authors and mentioned users are kept as they were when the comment was made ({userId, email, name}), as a
comment keeps showing its author."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, String, Table, Text

from webflow_local.db.schema import ID, metadata
from webflow_local.db.types import JSONType, UTCDateTime

# A comment thread on a page (or a CMS item's template page): its first comment (`comment_id`, `content`,
# the author) and the thread's state. `last_updated` moves with each reply.
comment_threads = Table(
    "comment_threads",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("comment_id", String(ID), nullable=False),
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("page_id", String(ID), ForeignKey("pages.id", ondelete="CASCADE"), nullable=False),
    Column("locale_id", String(ID), ForeignKey("locales.id", ondelete="SET NULL"), nullable=True),
    Column("item_id", String(ID), nullable=True),
    Column("breakpoint", String(32), nullable=False),
    Column("content", Text, nullable=False),
    Column("is_resolved", Boolean, nullable=False),
    Column("author", JSONType, nullable=False),
    Column("mentioned", JSONType, nullable=False),
    Column("created_on", UTCDateTime(), nullable=False),
    Column("last_updated", UTCDateTime(), nullable=False),
    Index("ix_comment_threads_site", "site_id", "created_on", "id"),
)


# The replies of a thread, in the order they were made.
comment_replies = Table(
    "comment_replies",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("thread_id", String(ID), ForeignKey("comment_threads.id", ondelete="CASCADE"), nullable=False),
    Column("content", Text, nullable=False),
    Column("author", JSONType, nullable=False),
    Column("mentioned", JSONType, nullable=False),
    Column("created_on", UTCDateTime(), nullable=False),
    Column("last_updated", UTCDateTime(), nullable=False),
    Index("ix_comment_replies_thread", "thread_id", "created_on", "id"),
)
