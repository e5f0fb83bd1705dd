"""All SQL of the site_config family: its own tables, and the platform's sites rows it creates, renames and
deletes (site management; the sites family only reads them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, delete, func, select, update

from webflow_local.api.site_config.tables import (
    site_google_tags,
    site_llms_txt,
    site_redirects,
    site_robots_txt,
    site_well_known_files,
)
from webflow_local.db.schema import locales, sites, workspaces


class SiteConfigRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def lock_site(self, site_id: str) -> None:
        """Serialises a site's configuration writes (read-check-write rules: unique fromUrl, 25 tags, 30 files)
        on PostgreSQL; SQLite writers are serialised by BEGIN IMMEDIATE already."""
        if self.conn.dialect.name == "postgresql":
            self.conn.execute(select(sites.c.id).where(sites.c.id == site_id).with_for_update())

    # -- redirects ---------------------------------------------------------------------------------
    def redirect(self, redirect_id: str) -> Row[Any] | None:
        return self.conn.execute(select(site_redirects).where(site_redirects.c.id == redirect_id)).first()

    def redirects_page(self, site_id: str, offset: int, limit: int) -> tuple[list[Row[Any]], int]:
        where = site_redirects.c.site_id == site_id
        total = int(self.conn.execute(select(func.count()).select_from(site_redirects).where(where)).scalar_one())
        q = (select(site_redirects).where(where).order_by(site_redirects.c.created_on, site_redirects.c.id)
             .offset(offset).limit(limit))
        return list(self.conn.execute(q)), total

    def redirect_from(self, site_id: str, from_url: str) -> str | None:
        """The id of the site's redirect with this fromUrl."""
        q = select(site_redirects.c.id).where(site_redirects.c.site_id == site_id,
                                              site_redirects.c.from_url == from_url)
        return self.conn.execute(q.limit(1)).scalar()

    def insert_redirect(self, row: dict[str, Any]) -> None:
        self.conn.execute(site_redirects.insert().values(**row))

    def update_redirect(self, redirect_id: str, values: dict[str, Any]) -> None:
        self.conn.execute(update(site_redirects).where(site_redirects.c.id == redirect_id).values(**values))

    def delete_redirect(self, redirect_id: str) -> None:
        self.conn.execute(delete(site_redirects).where(site_redirects.c.id == redirect_id))

    # -- Google tags -------------------------------------------------------------------------------
    def google_tags(self, site_id: str) -> list[Row[Any]]:
        q = select(site_google_tags).where(site_google_tags.c.site_id == site_id).order_by(site_google_tags.c.position)
        return list(self.conn.execute(q))

    def replace_google_tags(self, site_id: str, tags: Sequence[tuple[str, str]]) -> None:
        """The site's tags become `tags` (tagId, displayName), in this order."""
        self.delete_google_tags(site_id)
        if tags:
            self.conn.execute(site_google_tags.insert(), [
                {"site_id": site_id, "tag_id": t, "display_name": n, "position": i} for i, (t, n) in enumerate(tags)
            ])

    def delete_google_tags(self, site_id: str) -> None:
        self.conn.execute(delete(site_google_tags).where(site_google_tags.c.site_id == site_id))

    # -- robots.txt --------------------------------------------------------------------------------
    def robots(self, site_id: str) -> Row[Any] | None:
        return self.conn.execute(select(site_robots_txt).where(site_robots_txt.c.site_id == site_id)).first()

    def put_robots(self, site_id: str, values: dict[str, Any]) -> None:
        done = self.conn.execute(update(site_robots_txt).where(site_robots_txt.c.site_id == site_id).values(**values))
        if done.rowcount == 0:
            self.conn.execute(site_robots_txt.insert().values(site_id=site_id, **values))

    # -- well-known files --------------------------------------------------------------------------
    def well_known_files(self, site_id: str) -> list[Row[Any]]:
        q = (select(site_well_known_files).where(site_well_known_files.c.site_id == site_id)
             .order_by(site_well_known_files.c.file_name))
        return list(self.conn.execute(q))

    def well_known_names(self, site_id: str) -> set[str]:
        q = select(site_well_known_files.c.file_name).where(site_well_known_files.c.site_id == site_id)
        return set(self.conn.execute(q).scalars())

    def put_well_known(self, site_id: str, file_name: str, values: dict[str, Any]) -> None:
        where = (site_well_known_files.c.site_id == site_id) & (site_well_known_files.c.file_name == file_name)
        done = self.conn.execute(update(site_well_known_files).where(where).values(**values))
        if done.rowcount == 0:
            self.conn.execute(site_well_known_files.insert().values(site_id=site_id, file_name=file_name, **values))

    def delete_well_known(self, site_id: str, file_names: Sequence[str]) -> int:
        q = delete(site_well_known_files).where(site_well_known_files.c.site_id == site_id,
                                                site_well_known_files.c.file_name.in_(list(file_names)))
        return int(self.conn.execute(q).rowcount)

    # -- llms.txt ----------------------------------------------------------------------------------
    def llms(self, site_id: str) -> str | None:
        return self.conn.execute(select(site_llms_txt.c.content).where(site_llms_txt.c.site_id == site_id)).scalar()

    def put_llms(self, site_id: str, values: dict[str, Any]) -> None:
        done = self.conn.execute(update(site_llms_txt).where(site_llms_txt.c.site_id == site_id).values(**values))
        if done.rowcount == 0:
            self.conn.execute(site_llms_txt.insert().values(site_id=site_id, **values))

    def delete_llms(self, site_id: str) -> None:
        self.conn.execute(delete(site_llms_txt).where(site_llms_txt.c.site_id == site_id))

    # -- sites (site management) -------------------------------------------------------------------
    def workspace(self, workspace_id: str) -> Row[Any] | None:
        return self.conn.execute(select(workspaces).where(workspaces.c.id == workspace_id)).first()

    def short_names_like(self, base: str) -> set[str]:
        """Short names in use that are `base` or start with `base-`."""
        q = select(sites.c.short_name).where((sites.c.short_name == base) | sites.c.short_name.startswith(f"{base}-",
                                                                                                          autoescape=True))
        return set(self.conn.execute(q).scalars())

    def insert_site(self, row: dict[str, Any], primary_locale: dict[str, Any]) -> None:
        self.conn.execute(sites.insert().values(**row))
        self.conn.execute(locales.insert().values(**primary_locale))

    def site(self, site_id: str) -> Row[Any] | None:
        return self.conn.execute(select(sites).where(sites.c.id == site_id)).first()

    def update_site(self, site_id: str, values: dict[str, Any]) -> None:
        self.conn.execute(update(sites).where(sites.c.id == site_id).values(**values))

    def delete_site(self, site_id: str) -> None:
        """Everything of the site goes with it by ON DELETE CASCADE: locales, domains, tokens, collections with
        their fields and items, webhooks with their pending deliveries, and every family's site rows."""
        self.conn.execute(delete(sites).where(sites.c.id == site_id))
