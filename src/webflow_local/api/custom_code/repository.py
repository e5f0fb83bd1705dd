"""All SQL of the custom code family."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, select

from webflow_local.api.custom_code.tables import custom_code_blocks, custom_code_scripts
from webflow_local.db.schema import sites


class CustomCodeRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def lock_site(self, site_id: str) -> None:
        """Serialises the site's custom code writes so the 800-script limit and the one-block-per-owner rule
        hold under concurrency (PostgreSQL; SQLite writers are serialised by BEGIN IMMEDIATE already)."""
        if self.conn.dialect.name == "postgresql":
            self.conn.execute(select(sites.c.id).where(sites.c.id == site_id).with_for_update())

    # -- registered scripts --------------------------------------------------------------------------
    def insert_script(self, row: dict[str, Any]) -> Row[Any]:
        q = custom_code_scripts.insert().values(**row).returning(*custom_code_scripts.c)
        return self.conn.execute(q).one()

    def script_version(self, site_id: str, owner: str, script_id: str, version: str) -> Row[Any] | None:
        t = custom_code_scripts.c
        q = select(custom_code_scripts).where(t.site_id == site_id, t.owner == owner, t.script_id == script_id,
                                              t.version == version)
        return self.conn.execute(q).first()

    def count_site_scripts(self, site_id: str) -> int:
        q = select(func.count()).select_from(custom_code_scripts).where(custom_code_scripts.c.site_id == site_id)
        return int(self.conn.execute(q).scalar_one())

    def scripts_of(self, site_id: str, owner: str) -> list[Row[Any]]:
        t = custom_code_scripts.c
        q = select(custom_code_scripts).where(t.site_id == site_id, t.owner == owner).order_by(t.id)
        return list(self.conn.execute(q))

    def inline_source(self, location: str) -> str | None:
        """The code of the inline script webflow-local hosts at this location."""
        t = custom_code_scripts.c
        q = select(t.source_code).where(t.hosted_location == location, t.source_code.is_not(None)).limit(1)
        return self.conn.execute(q).scalar_one_or_none()

    def versions_of(self, site_id: str, owner: str) -> set[tuple[str, str]]:
        t = custom_code_scripts.c
        q = select(t.script_id, t.version).where(t.site_id == site_id, t.owner == owner)
        return {(r.script_id, r.version) for r in self.conn.execute(q)}

    # -- applied scripts (blocks) --------------------------------------------------------------------
    def _block_where(self, site_id: str, page_id: str | None, owner: str) -> Any:
        t = custom_code_blocks.c
        page = t.page_id.is_(None) if page_id is None else t.page_id == page_id
        return (t.site_id == site_id) & (t.owner == owner) & page

    def block(self, site_id: str, page_id: str | None, owner: str) -> Row[Any] | None:
        q = select(custom_code_blocks).where(self._block_where(site_id, page_id, owner))
        return self.conn.execute(q).first()

    def insert_block(self, site_id: str, page_id: str | None, owner: str, scripts: list[dict[str, Any]],
                     at: datetime) -> None:
        self.conn.execute(custom_code_blocks.insert().values(
            site_id=site_id, page_id=page_id, owner=owner, scripts=scripts, created_on=at, last_updated=at))

    def replace_block(self, block_id: int, scripts: list[dict[str, Any]], at: datetime) -> None:
        q = custom_code_blocks.update().where(custom_code_blocks.c.id == block_id)
        self.conn.execute(q.values(scripts=scripts, last_updated=at))

    def delete_block(self, site_id: str, page_id: str | None, owner: str) -> None:
        self.conn.execute(custom_code_blocks.delete().where(self._block_where(site_id, page_id, owner)))

    def delete_page_blocks(self, page_id: str) -> None:
        self.conn.execute(custom_code_blocks.delete().where(custom_code_blocks.c.page_id == page_id))

    def blocks_page(self, site_id: str, owner: str, offset: int, limit: int) -> tuple[list[Row[Any]], int]:
        """The owner's blocks of a site: the site's first, then its pages' in the order they were made."""
        t = custom_code_blocks.c
        where = (t.site_id == site_id) & (t.owner == owner)
        total = int(self.conn.execute(select(func.count()).select_from(custom_code_blocks).where(where)).scalar_one())
        site_first = t.page_id.is_not(None)
        q = select(custom_code_blocks).where(where).order_by(site_first, t.created_on, t.id).offset(offset).limit(limit)
        return list(self.conn.execute(q)), total
