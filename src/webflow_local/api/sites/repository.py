from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, or_, select, update

from webflow_local.db.schema import custom_domains, locales, sites, workspaces


class SiteRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, site_id: str) -> Row[Any] | None:
        return self.conn.execute(select(sites).where(sites.c.id == site_id)).first()

    def find(self, *, workspace_id: str | None = None, site_id: str | None = None) -> list[Row[Any]]:
        q = select(sites).order_by(sites.c.created_on, sites.c.id)
        if workspace_id is not None:
            q = q.where(sites.c.workspace_id == workspace_id)
        if site_id is not None:
            q = q.where(sites.c.id == site_id)
        return list(self.conn.execute(q))

    def insert(self, row: dict[str, Any]) -> None:
        self.conn.execute(sites.insert().values(**row))

    def workspace_plan(self, workspace_id: str) -> str | None:
        return self.conn.execute(select(workspaces.c.plan).where(workspaces.c.id == workspace_id)).scalar()

    def locales_of(self, site_ids: Sequence[str]) -> list[Row[Any]]:
        if not site_ids:
            return []
        q = select(locales).where(locales.c.site_id.in_(site_ids)).order_by(locales.c.site_id, locales.c.position)
        return list(self.conn.execute(q))

    def locale_ids_in_use(self, ids: Sequence[str]) -> set[str]:
        """Which of `ids` some locale already has, as its id or its cmsLocaleId."""
        if not ids:
            return set()
        q = select(locales.c.id, locales.c.cms_locale_id).where(
            locales.c.id.in_(ids) | locales.c.cms_locale_id.in_(ids))
        return {v for row in self.conn.execute(q) for v in row if v in ids}

    def insert_locale(self, row: dict[str, Any]) -> None:
        self.conn.execute(locales.insert().values(**row))

    def update_locale(self, locale_id: str, values: dict[str, Any]) -> None:
        self.conn.execute(update(locales).where(locales.c.id == locale_id).values(**values))

    def domains_of(self, site_ids: Sequence[str]) -> list[Row[Any]]:
        if not site_ids:
            return []
        q = select(custom_domains).where(custom_domains.c.site_id.in_(site_ids)).order_by(custom_domains.c.url)
        return list(self.conn.execute(q))

    def insert_domain(self, row: dict[str, Any]) -> None:
        self.conn.execute(custom_domains.insert().values(**row))

    def mark_published(self, site_id: str, now: datetime, domain_ids: Sequence[str]) -> None:
        self.conn.execute(update(sites).where(sites.c.id == site_id).values(last_published=now))
        if domain_ids:
            self.conn.execute(
                update(custom_domains).where(custom_domains.c.id.in_(domain_ids)).values(last_published=now)
            )

    def claim_publish_slot(self, site_id: str, now: datetime, not_after: datetime) -> bool:
        """Takes the site's publish slot when the last publish was at or before `not_after`.

        One conditional UPDATE, so two processes racing for the slot cannot both win."""
        res = self.conn.execute(
            update(sites)
            .where(sites.c.id == site_id)
            .where((sites.c.last_published.is_(None)) | (sites.c.last_published <= not_after))
            .values(last_published=now)
        )
        return res.rowcount == 1

    def workspace(self, workspace_id: str) -> Row[Any] | None:
        return self.conn.execute(select(workspaces).where(workspaces.c.id == workspace_id)).first()

    def workspace_by_ref(self, id_or_slug: str) -> Row[Any] | None:
        q = select(workspaces).where(or_(workspaces.c.id == id_or_slug, workspaces.c.slug == id_or_slug))
        return self.conn.execute(q).first()
