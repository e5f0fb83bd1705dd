"""All SQL for items: groups (`items`) and their (locale, stage) variants (`item_variants`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, and_, bindparam, case, func, or_, select, tuple_, update
from sqlalchemy.exc import IntegrityError

from webflow_local.db.prepared import Prepared, Record
from webflow_local.db.schema import item_variants as v
from webflow_local.db.schema import items, variant_counts
from webflow_local.db.upsert import upsert

STAGED, LIVE = "staged", "live"
SORT_COLUMNS = {
    "createdOn": v.c.created_on,
    "lastPublished": v.c.last_published,
    "lastUpdated": v.c.last_updated,
    "name": v.c.name,
    "slug": v.c.slug,
}
RANGE_COLUMNS = {"createdOn": v.c.created_on, "lastPublished": v.c.last_published, "lastUpdated": v.c.last_updated}

Key = tuple[str, str]  # (item_id, cms_locale_id)


@dataclass
class ListQuery:
    collection_id: str
    stage: str
    locale_ids: list[str]
    offset: int
    limit: int
    name: str | None = None
    slug: str | None = None
    ranges: list[tuple[str, str, datetime]] | None = None  # (column, gt|gte|lt|lte, value)
    sort_by: str = "createdOn"
    descending: bool = False


def _slug_order(row: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """Writes take their locks in one global order. On PostgreSQL, two transactions inserting the same
    slugs in opposite orders would each wait on the other's uncommitted slug (a deadlock: one request
    fails with a 500); in the same order, the second waits for the first and then gets the 400."""
    return (row["collection_id"], row["cms_locale_id"], row["stage"], row["slug"])


def collection_id_of(rows: Sequence[dict[str, Any]]) -> str:
    return str(rows[0]["collection_id"])


_VARIANT = Prepared(select(v).where(
    v.c.collection_id == bindparam("collection_id"),
    v.c.stage == bindparam("stage"),
    v.c.item_id == bindparam("item_id"),
    v.c.cms_locale_id == bindparam("locale_id"),
))


class ItemRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- reads ---------------------------------------------------------------------------------------
    def variants(self, collection_id: str, stage: str, keys: Iterable[Key]) -> dict[Key, Row[Any]]:
        keys = list(set(keys))
        if not keys:
            return {}
        out: dict[Key, Row[Any]] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            q = select(v).where(
                v.c.collection_id == collection_id,
                v.c.stage == stage,
                tuple_(v.c.item_id, v.c.cms_locale_id).in_(chunk),
            )
            out.update({(r.item_id, r.cms_locale_id): r for r in self.conn.execute(q)})
        return out

    def variant(self, collection_id: str, stage: str, item_id: str, locale_id: str) -> Record | None:
        return _VARIANT.first(self.conn, collection_id=collection_id, stage=stage, item_id=item_id,
                              locale_id=locale_id)

    def all_variants(self, collection_id: str, item_id: str) -> list[Row[Any]]:
        q = (
            select(v)
            .where(v.c.collection_id == collection_id, v.c.item_id == item_id)
            .order_by(v.c.cms_locale_id, v.c.stage)
        )
        return list(self.conn.execute(q))

    def item_exists(self, collection_id: str, item_id: str) -> bool:
        q = select(items.c.id).where(items.c.id == item_id, items.c.collection_id == collection_id)
        return self.conn.execute(q).first() is not None

    def existing_ids(self, collection_id: str, locale_id: str, ids: Sequence[str], stage: str = STAGED) -> set[str]:
        if not ids:
            return set()
        q = select(v.c.item_id).where(
            v.c.collection_id == collection_id,
            v.c.stage == stage,
            v.c.cms_locale_id == locale_id,
            v.c.item_id.in_(list(set(ids))),
        )
        return {r.item_id for r in self.conn.execute(q)}

    def taken_slugs(self, collection_id: str, stage: str, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """Of (locale, slug) pairs, those some variant already uses."""
        pairs = list(set(pairs))
        if not pairs:
            return set()
        q = select(v.c.cms_locale_id, v.c.slug).where(
            v.c.collection_id == collection_id, v.c.stage == stage, tuple_(v.c.cms_locale_id, v.c.slug).in_(pairs)
        )
        return {(r.cms_locale_id, r.slug) for r in self.conn.execute(q)}

    def page(self, q: ListQuery) -> tuple[list[Row[Any]], int]:
        conds = [v.c.collection_id == q.collection_id, v.c.stage == q.stage, v.c.cms_locale_id.in_(q.locale_ids)]
        if q.name is not None:
            conds.append(v.c.name == q.name)
        if q.slug is not None:
            conds.append(v.c.slug == q.slug)
        for col, op, value in q.ranges or []:
            c = RANGE_COLUMNS[col]
            conds.append({"gt": c > value, "gte": c >= value, "lt": c < value, "lte": c <= value}[op])
        where = and_(*conds)
        if q.name is None and q.slug is None and not q.ranges:
            total = self.counted_total(q.collection_id, q.stage, q.locale_ids)
        else:
            total = int(self.conn.execute(select(func.count()).select_from(v).where(where)).scalar_one())
        sort_col: ColumnElement[Any] = SORT_COLUMNS[q.sort_by]
        if q.sort_by in {"name", "slug"} and self.conn.dialect.name == "postgresql":
            # Byte order, as SQLite sorts, so both databases answer the same order.
            sort_col = sort_col.collate("C")
        primary = sort_col.desc() if q.descending else sort_col.asc()
        order = [primary.nulls_last() if q.sort_by == "lastPublished" else primary, v.c.item_id]
        if len(q.locale_ids) > 1:
            order.append(case({loc: i for i, loc in enumerate(q.locale_ids)}, value=v.c.cms_locale_id))
        rows = self.conn.execute(select(v).where(where).order_by(*order).offset(q.offset).limit(q.limit))
        return list(rows), total

    # -- writes --------------------------------------------------------------------------------------
    def insert(self, item_rows: list[dict[str, Any]], variant_rows: list[dict[str, Any]]) -> bool:
        """Inserts groups and variants; False (and nothing written) when a slug is already taken."""
        try:
            with self.conn.begin_nested():
                if item_rows:
                    self.conn.execute(items.insert(), item_rows)
                if variant_rows:
                    self.conn.execute(v.insert(), sorted(variant_rows, key=_slug_order))
                    self._count(
                        collection_id_of(variant_rows), Counter((r["stage"], r["cms_locale_id"]) for r in variant_rows)
                    )
        except IntegrityError:
            return False
        return True

    def update(self, stage: str, changes: list[tuple[Key, dict[str, Any]]], collection_id: str) -> bool:
        """Applies per-variant changes; False (nothing written) when a new slug is already taken."""
        try:
            with self.conn.begin_nested():
                for (item_id, locale_id), values in sorted(changes, key=lambda c: c[0]):  # see _slug_order
                    self.conn.execute(
                        update(v)
                        .where(
                            v.c.collection_id == collection_id,
                            v.c.stage == stage,
                            v.c.item_id == item_id,
                            v.c.cms_locale_id == locale_id,
                        )
                        .values(**values)
                    )
        except IntegrityError:
            return False
        return True

    def replace_live(self, collection_id: str, rows: list[dict[str, Any]]) -> bool:
        """Makes `rows` the live variants of their (item, locale)s."""
        try:
            with self.conn.begin_nested():
                self.delete(collection_id, LIVE, [(r["item_id"], r["cms_locale_id"]) for r in rows])
                if rows:
                    self.conn.execute(v.insert(), sorted(rows, key=_slug_order))
                    self._count(collection_id, Counter((LIVE, r["cms_locale_id"]) for r in rows))
        except IntegrityError:
            return False
        return True

    def lock_staged(self, collection_id: str, keys: Sequence[Key]) -> None:
        """Row-locks these staged variants in key order (PostgreSQL; SQLite's one writer needs no locks).

        Writes that touch both stages take staged rows first, then live ones: a live update locks staged
        (update) before live (replace_live), so a publish or unpublish that reached live first would wait
        for it while holding what it waits for, a deadlock that fails one request with a 500."""
        if self.conn.dialect.name != "postgresql":
            return
        for i in range(0, len(keys), 500):
            self.conn.execute(
                select(v.c.item_id)
                .where(
                    v.c.collection_id == collection_id,
                    v.c.stage == STAGED,
                    tuple_(v.c.item_id, v.c.cms_locale_id).in_(keys[i : i + 500]),
                )
                .order_by(v.c.item_id, v.c.cms_locale_id)
                .with_for_update()
            )

    def delete(self, collection_id: str, stage: str, keys: Iterable[Key]) -> int:
        keys = sorted(set(keys))
        if stage == LIVE:
            self.lock_staged(collection_id, keys)
        gone: Counter[tuple[str, str]] = Counter()
        for i in range(0, len(keys), 500):
            res = self.conn.execute(
                v.delete()
                .where(
                    v.c.collection_id == collection_id,
                    v.c.stage == stage,
                    tuple_(v.c.item_id, v.c.cms_locale_id).in_(keys[i : i + 500]),
                )
                .returning(v.c.cms_locale_id)
            )
            gone.update((stage, loc) for (loc,) in res)
        self._count(collection_id, Counter({k: -n for k, n in gone.items()}))
        return sum(gone.values())

    def _count(self, collection_id: str, deltas: Counter[tuple[str, str]]) -> None:
        """Adds to the (stage, locale) counts, in key order so concurrent writers queue, not deadlock."""
        rows = [
            {"collection_id": collection_id, "stage": stage, "cms_locale_id": loc, "n": n}
            for (stage, loc), n in sorted(deltas.items())
            if n
        ]
        for row in rows:
            upsert(self.conn, variant_counts, row, ["collection_id", "stage", "cms_locale_id"], ["n"], add=True)

    def counted_total(self, collection_id: str, stage: str, locale_ids: Sequence[str]) -> int:
        q = select(func.coalesce(func.sum(variant_counts.c.n), 0)).where(
            variant_counts.c.collection_id == collection_id,
            variant_counts.c.stage == stage,
            variant_counts.c.cms_locale_id.in_(list(locale_ids)),
        )
        return int(self.conn.execute(q).scalar_one())

    def prune_groups(self, collection_id: str, item_ids: Iterable[str]) -> None:
        """Removes item groups left without any variant."""
        ids = list(set(item_ids))
        if not ids:
            return
        has_variant = select(v.c.item_id).where(v.c.item_id == items.c.id).exists()
        self.conn.execute(
            items.delete().where(items.c.collection_id == collection_id, items.c.id.in_(ids), ~has_variant)
        )

    # -- site publish ---------------------------------------------------------------------------------
    def staged_to_publish(self, collection_ids: Sequence[str]) -> list[Row[Any]]:
        """Staged variants that are neither draft nor archived and changed since their last publish."""
        q = select(v).where(
            v.c.collection_id.in_(collection_ids),
            v.c.stage == STAGED,
            v.c.is_draft.is_(False),
            v.c.is_archived.is_(False),
            or_(v.c.last_published.is_(None), v.c.last_updated > v.c.last_published),
        )
        return list(self.conn.execute(q))

    def live_to_take_down(self, collection_ids: Sequence[str]) -> list[Row[Any]]:
        """Live variants whose staged variant was deleted or archived."""
        s = v.alias("s")
        staged_ok = (
            select(s.c.item_id)
            .where(
                s.c.item_id == v.c.item_id,
                s.c.cms_locale_id == v.c.cms_locale_id,
                s.c.stage == STAGED,
                s.c.is_archived.is_(False),
            )
            .exists()
        )
        q = select(v).where(v.c.collection_id.in_(collection_ids), v.c.stage == LIVE, ~staged_ok)
        return list(self.conn.execute(q))
