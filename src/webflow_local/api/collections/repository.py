from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, select, update
from sqlalchemy.exc import IntegrityError

from webflow_local.db.schema import collections, fields, item_variants


class CollectionRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, collection_id: str) -> Row[Any] | None:
        return self.conn.execute(select(collections).where(collections.c.id == collection_id)).first()

    def for_site(self, site_id: str) -> list[Row[Any]]:
        q = select(collections).where(collections.c.site_id == site_id).order_by(
            collections.c.created_on, collections.c.id
        )
        return list(self.conn.execute(q))

    def insert(self, row: dict[str, Any]) -> bool:
        """False when the site already has a collection of that name or slug (a constraint says so)."""
        try:
            with self.conn.begin_nested():
                self.conn.execute(collections.insert().values(**row))
        except IntegrityError:
            return False
        return True

    def delete(self, collection_id: str) -> None:
        self.conn.execute(collections.delete().where(collections.c.id == collection_id))

    def touch(self, collection_id: str, now: datetime) -> None:
        self.conn.execute(update(collections).where(collections.c.id == collection_id).values(last_updated=now))

    def fields_of(self, collection_ids: Sequence[str]) -> list[Row[Any]]:
        q = (
            select(fields)
            .where(fields.c.collection_id.in_(collection_ids))
            .order_by(fields.c.collection_id, fields.c.position)
        )
        return list(self.conn.execute(q))

    def next_position(self, collection_id: str) -> int:
        q = select(func.coalesce(func.max(fields.c.position), -1)).where(fields.c.collection_id == collection_id)
        return int(self.conn.execute(q).scalar_one()) + 1

    def insert_fields(self, rows: list[dict[str, Any]]) -> bool:
        """False when a field slug is taken in that collection."""
        try:
            with self.conn.begin_nested():
                self.conn.execute(fields.insert(), rows)
        except IntegrityError:
            return False
        return True

    def update_field(self, field_id: str, values: dict[str, Any]) -> None:
        self.conn.execute(update(fields).where(fields.c.id == field_id).values(**values))

    def delete_field(self, field_id: str) -> None:
        self.conn.execute(fields.delete().where(fields.c.id == field_id))

    def drop_field_values(self, collection_id: str, slug: str) -> None:
        """Removes a deleted field's values from every item variant of the collection."""
        rows = self.conn.execute(
            select(item_variants.c.item_id, item_variants.c.cms_locale_id, item_variants.c.stage,
                   item_variants.c.field_data).where(item_variants.c.collection_id == collection_id)
        )
        for r in rows.fetchall():
            if slug in r.field_data:
                data = {k: v for k, v in r.field_data.items() if k != slug}
                self.conn.execute(
                    update(item_variants)
                    .where(item_variants.c.item_id == r.item_id, item_variants.c.cms_locale_id == r.cms_locale_id,
                           item_variants.c.stage == r.stage)
                    .values(field_data=data)
                )
