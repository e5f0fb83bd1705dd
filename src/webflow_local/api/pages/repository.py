"""All SQL of pages, their per-locale settings and their static content nodes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, func, select, update

from webflow_local.api.pages.tables import (
    component_nodes,
    component_properties,
    components,
    page_locales,
    page_node_locales,
    page_nodes,
    pages,
)

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


class ComponentRepository:
    """Components, their nodes and their properties; `branch` "" is the main content."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, component_id: str) -> Row[Any] | None:
        return self.conn.execute(select(components).where(components.c.id == component_id)).first()

    def of_site(self, site_id: str) -> list[Row[Any]]:
        q = select(components).where(components.c.site_id == site_id).order_by(components.c.created_on,
                                                                               components.c.id)
        return list(self.conn.execute(q))

    def page(self, site_id: str, offset: int, limit: int, branch: str) -> tuple[list[Row[Any]], int]:
        """The site's components (those with a copy in `branch` when one is given), in creation order."""
        rows = [r for r in self.of_site(site_id) if not branch or branch in r.branches]
        return rows[offset:offset + limit], len(rows)

    def insert(self, row: dict[str, Any]) -> None:
        self.conn.execute(components.insert().values(**row))

    # -- nodes -------------------------------------------------------------------------------------------
    def insert_nodes(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.conn.execute(component_nodes.insert(), rows)

    def nodes(self, component_id: str, branch: str, offset: int | None = None,
              limit: int | None = None) -> list[Row[Any]]:
        t = component_nodes.c
        q = select(component_nodes).where(t.component_id == component_id, t.branch == branch).order_by(t.position)
        if offset is not None:
            q = q.offset(offset)
        if limit is not None:
            q = q.limit(limit)
        return list(self.conn.execute(q))

    def count_nodes(self, component_id: str, branch: str) -> int:
        t = component_nodes.c
        q = select(func.count()).select_from(component_nodes).where(t.component_id == component_id,
                                                                    t.branch == branch)
        return int(self.conn.execute(q).scalar_one())

    def set_node_locales(self, component_id: str, branch: str, node_id: str, locales: dict[str, Any]) -> None:
        t = component_nodes.c
        q = update(component_nodes).where(t.component_id == component_id, t.branch == branch, t.node_id == node_id)
        self.conn.execute(q.values(locales=locales))

    # -- properties --------------------------------------------------------------------------------------
    def insert_properties(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.conn.execute(component_properties.insert(), rows)

    def properties(self, component_id: str, branch: str) -> list[Row[Any]]:
        t = component_properties.c
        q = select(component_properties).where(t.component_id == component_id, t.branch == branch)
        return list(self.conn.execute(q.order_by(t.position)))

    def properties_of(self, component_ids: Sequence[str]) -> list[Row[Any]]:
        """The main content's properties of these components."""
        if not component_ids:
            return []
        t = component_properties.c
        q = select(component_properties).where(t.component_id.in_(list(component_ids)), t.branch == "")
        return list(self.conn.execute(q.order_by(t.component_id, t.position)))

    def set_property_locales(self, component_id: str, branch: str, property_id: str,
                             locales: dict[str, Any]) -> None:
        t = component_properties.c
        q = update(component_properties).where(t.component_id == component_id, t.branch == branch,
                                               t.property_id == property_id)
        self.conn.execute(q.values(locales=locales))
