"""All SQL of custom fonts and their stored binaries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, select, update

from webflow_local.api.custom_fonts.tables import custom_font_files, custom_fonts
from webflow_local.db.upsert import upsert


class FontRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, font_id: str) -> Row[Any] | None:
        return self.conn.execute(select(custom_fonts).where(custom_fonts.c.id == font_id)).first()

    def page(self, site_id: str, offset: int, limit: int) -> tuple[list[Row[Any]], int]:
        where = custom_fonts.c.site_id == site_id
        total = int(self.conn.execute(select(func.count()).select_from(custom_fonts).where(where)).scalar_one())
        rows = self.conn.execute(select(custom_fonts).where(where)
                                 .order_by(custom_fonts.c.created_on, custom_fonts.c.id).offset(offset).limit(limit))
        return list(rows), total

    def insert(self, row: dict[str, Any]) -> None:
        self.conn.execute(custom_fonts.insert(), row)

    def update(self, font_id: str, values: dict[str, Any]) -> None:
        self.conn.execute(update(custom_fonts).where(custom_fonts.c.id == font_id).values(**values))

    def delete(self, font_ids: Sequence[str]) -> None:
        if font_ids:
            self.conn.execute(custom_fonts.delete().where(custom_fonts.c.id.in_(font_ids)))

    def of_site(self, site_id: str, font_ids: Sequence[str]) -> set[str]:
        if not font_ids:
            return set()
        q = select(custom_fonts.c.id).where(custom_fonts.c.site_id == site_id, custom_fonts.c.id.in_(font_ids))
        return set(self.conn.execute(q).scalars())

    # -- bytes ------------------------------------------------------------------------------------
    def store_file(self, font_id: str, data: bytes, at: datetime) -> None:
        upsert(self.conn, custom_font_files, {"font_id": font_id, "data": data, "uploaded_on": at}, ["font_id"],
               ["data", "uploaded_on"])

    def drop_file(self, font_id: str) -> None:
        self.conn.execute(custom_font_files.delete().where(custom_font_files.c.font_id == font_id))

    def file(self, font_id: str) -> bytes | None:
        q = select(custom_font_files.c.data).where(custom_font_files.c.font_id == font_id)
        data = self.conn.execute(q).scalar()
        return None if data is None else bytes(data)
