"""All SQL of comment threads and their replies."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, select, update

from webflow_local.api.comments.tables import comment_replies, comment_threads

SORTABLE = {"createdOn": "created_on", "lastUpdated": "last_updated"}


class CommentRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def thread(self, thread_id: str) -> Row[Any] | None:
        return self.conn.execute(select(comment_threads).where(comment_threads.c.id == thread_id)).first()

    def threads(self, site_id: str, locale_id: str | None, offset: int, limit: int, sort_by: str,
                descending: bool) -> tuple[list[Row[Any]], int]:
        t = comment_threads.c
        cond = t.site_id == site_id
        if locale_id is not None:
            cond = cond & (t.locale_id == locale_id)
        total = int(self.conn.execute(select(func.count()).select_from(comment_threads).where(cond)).scalar_one())
        col = t[SORTABLE[sort_by]]
        order = (col.desc(), t.id.desc()) if descending else (col, t.id)
        q = select(comment_threads).where(cond).order_by(*order).offset(offset).limit(limit)
        return list(self.conn.execute(q)), total

    def insert_thread(self, row: dict[str, Any]) -> None:
        self.conn.execute(comment_threads.insert().values(**row))

    def touch_thread(self, thread_id: str, at: datetime) -> None:
        self.conn.execute(update(comment_threads).where(comment_threads.c.id == thread_id).values(last_updated=at))

    def reply(self, reply_id: str) -> Row[Any] | None:
        return self.conn.execute(select(comment_replies).where(comment_replies.c.id == reply_id)).first()

    def replies(self, thread_id: str, offset: int, limit: int, sort_by: str,
                descending: bool) -> tuple[list[Row[Any]], int]:
        t = comment_replies.c
        cond = t.thread_id == thread_id
        total = int(self.conn.execute(select(func.count()).select_from(comment_replies).where(cond)).scalar_one())
        col = t[SORTABLE[sort_by]]
        order = (col.desc(), t.id.desc()) if descending else (col, t.id)
        q = select(comment_replies).where(cond).order_by(*order).offset(offset).limit(limit)
        return list(self.conn.execute(q)), total

    def insert_reply(self, row: dict[str, Any]) -> None:
        self.conn.execute(comment_replies.insert().values(**row))
