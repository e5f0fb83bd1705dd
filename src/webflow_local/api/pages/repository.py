"""All SQL of pages, their per-locale settings and their static content nodes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, func, select, update

from webflow_local.api.pages.tables import page_locales, page_node_locales, page_nodes, pages

SORTABLE = {"createdOn": pages.c.created_on, "lastUpdated": pages.c.last_updated}


class PageRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- pages ---------------------------------------------------------------------------------------------
    def get(self, page_id: str) -> Row[Any] | None:
        return self.conn.execute(select(pages).where(pages.c.id == page_id)).first()

    def many(self, page_ids: Sequence[str]) -> list[Row[Any]]:
        if not page_ids:
            return []
        return list(self.conn.execute(select(pages).where(pages.c.id.in_(page_ids))))

    def of_site(self, site_id: str) -> list[Row[Any]]:
        q = select(pages).where(pages.c.site_id == site_id).order_by(pages.c.created_on, pages.c.id)
        return list(self.conn.execute(q))

    def by_slug(self, site_id: str, locale_id: str, slug: str) -> Row[Any, Any] | None:
        """The site's first page (by creation) whose slug in that locale is `slug`, with its title there."""
        q = (select(pages.c.id, page_locales.c.title).join(page_locales, page_locales.c.page_id == pages.c.id)
             .where(pages.c.site_id == site_id, page_locales.c.locale_id == locale_id, page_locales.c.slug == slug)
             .order_by(pages.c.created_on, pages.c.id).limit(1))
        return self.conn.execute(q).first()

    def page(self, site_id: str, offset: int, limit: int, *, ranges: Sequence[tuple[str, str, datetime]] = (),
             sort_by: str = "createdOn", descending: bool = False) -> tuple[list[Row[Any]], int]:
        where = [pages.c.site_id == site_id]
        for key, op, at in ranges:
            col = SORTABLE[key]
            where.append(col >= at if op == "gte" else col <= at)
        cond = and_(*where)
        total = int(self.conn.execute(select(func.count()).select_from(pages).where(cond)).scalar_one())
        col = SORTABLE[sort_by]
        order = (col.desc(), pages.c.id.desc()) if descending else (col, pages.c.id)
        rows = self.conn.execute(select(pages).where(cond).order_by(*order).offset(offset).limit(limit))
        return list(rows), total

    def insert(self, row: dict[str, Any]) -> None:
        self.conn.execute(pages.insert().values(**row))

    def delete(self, page_id: str) -> None:
        self.conn.execute(pages.delete().where(pages.c.id == page_id))

    def touch(self, page_ids: Sequence[str], now: datetime) -> None:
        self.conn.execute(update(pages).where(pages.c.id.in_(page_ids)).values(last_updated=now))

    def children(self, page_id: str) -> list[Row[Any]]:
        return list(self.conn.execute(select(pages.c.id).where(pages.c.parent_id == page_id)))

    def mark_published(self, page_ids: Sequence[str], now: datetime) -> None:
        if page_ids:
            self.conn.execute(update(pages).where(pages.c.id.in_(page_ids)).values(last_published=now))

    # -- per-locale settings -------------------------------------------------------------------------------
    def settings_of(self, page_ids: Sequence[str]) -> list[Row[Any]]:
        if not page_ids:
            return []
        return list(self.conn.execute(select(page_locales).where(page_locales.c.page_id.in_(page_ids))))

    def settings_of_site(self, site_id: str) -> list[Row[Any]]:
        q = select(page_locales).join(pages, pages.c.id == page_locales.c.page_id).where(pages.c.site_id == site_id)
        return list(self.conn.execute(q))

    def upsert_settings(self, page_id: str, locale_id: str, values: dict[str, Any]) -> None:
        q = update(page_locales).where(page_locales.c.page_id == page_id, page_locales.c.locale_id == locale_id)
        if not values or self.conn.execute(q.values(**values)).rowcount == 0:
            found = self.conn.execute(select(page_locales.c.page_id).where(
                page_locales.c.page_id == page_id, page_locales.c.locale_id == locale_id)).first()
            if found is None:
                self.conn.execute(page_locales.insert().values(page_id=page_id, locale_id=locale_id, **values))

    # -- static content ------------------------------------------------------------------------------------
    def insert_nodes(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.conn.execute(page_nodes.insert(), rows)

    def count_nodes(self, page_id: str) -> int:
        q = select(func.count()).select_from(page_nodes).where(page_nodes.c.page_id == page_id)
        return int(self.conn.execute(q).scalar_one())

    def nodes(self, page_id: str, offset: int | None = None, limit: int | None = None) -> list[Row[Any]]:
        q = select(page_nodes).where(page_nodes.c.page_id == page_id).order_by(page_nodes.c.position)
        if offset is not None:
            q = q.offset(offset)
        if limit is not None:
            q = q.limit(limit)
        return list(self.conn.execute(q))

    def node_contents(self, page_id: str, locale_id: str, node_ids: Sequence[str]) -> dict[str, Any]:
        if not node_ids:
            return {}
        q = select(page_node_locales.c.node_id, page_node_locales.c.content).where(
            page_node_locales.c.page_id == page_id, page_node_locales.c.locale_id == locale_id,
            page_node_locales.c.node_id.in_(node_ids))
        return {r.node_id: r.content for r in self.conn.execute(q)}

    def put_node_contents(self, page_id: str, locale_id: str, contents: dict[str, Any]) -> None:
        """Replaces the locale's content of these nodes."""
        if not contents:
            return
        self.conn.execute(page_node_locales.delete().where(
            page_node_locales.c.page_id == page_id, page_node_locales.c.locale_id == locale_id,
            page_node_locales.c.node_id.in_(list(contents))))
        self.conn.execute(page_node_locales.insert(), [
            {"page_id": page_id, "node_id": nid, "locale_id": locale_id, "content": c} for nid, c in contents.items()
        ])
