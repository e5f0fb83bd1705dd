"""All SQL for items: groups (`items`) and their (locale, stage) variants (`item_variants`).

Statements are built once, below: building a Core statement and computing its cache key on every call cost
more than running it. Bulk writes are one executemany each (a constant number of statements per request,
whatever its size), and no write takes a SAVEPOINT: inserts skip rows that would break the slug constraint
and report them, and updates check their new slugs first."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Row,
    String,
    and_,
    bindparam,
    case,
    func,
    or_,
    select,
    tuple_,
    type_coerce,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.dml import Update

from webflow_local.api.items.tables import item_variants as v
from webflow_local.api.items.tables import items, variant_counts
from webflow_local.db.bulk import BulkInsert
from webflow_local.db.prepared import Prepared, Record
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
CHUNK = 500  # keys per IN list: far below both databases' bound-parameter limits

Key = tuple[str, str]  # (item_id, cms_locale_id)
Pair = tuple[str, str]  # (cms_locale_id, slug)

_KEY = tuple_(v.c.item_id, v.c.cms_locale_id)
_IN_STAGE = and_(v.c.collection_id == bindparam("cid"), v.c.stage == bindparam("stage"))
_VARIANTS = select(v).where(_IN_STAGE, _KEY.in_(bindparam("keys", expanding=True)))
# GET item's one read: run on the transaction's own cursor (db/prepared.py).
_VARIANT = Prepared(
    select(v).where(_IN_STAGE, v.c.item_id == bindparam("item_id"), v.c.cms_locale_id == bindparam("locale"))
)
_ALL_VARIANTS = (
    select(v)
    .where(v.c.collection_id == bindparam("cid"), v.c.item_id == bindparam("item_id"))
    .order_by(v.c.cms_locale_id, v.c.stage)
)
_ITEM_EXISTS = select(items.c.id).where(items.c.id == bindparam("item_id"), items.c.collection_id == bindparam("cid"))
_EXISTING_IDS = select(v.c.cms_locale_id, v.c.item_id).where(
    _IN_STAGE,
    v.c.cms_locale_id.in_(bindparam("locales", expanding=True)),
    v.c.item_id.in_(bindparam("ids", expanding=True)),
)
_SLUG_HOLDERS = select(v.c.cms_locale_id, v.c.slug, v.c.item_id).where(
    _IN_STAGE, tuple_(v.c.cms_locale_id, v.c.slug).in_(bindparam("pairs", expanding=True))
)
_LOCK_STAGED = (
    select(v.c.item_id)
    .where(_IN_STAGE, _KEY.in_(bindparam("keys", expanding=True)))
    .order_by(v.c.item_id, v.c.cms_locale_id)
    .with_for_update()
)
_DELETE = v.delete().where(_IN_STAGE, _KEY.in_(bindparam("keys", expanding=True))).returning(v.c.cms_locale_id)
_COUNTED_TOTAL = select(func.coalesce(func.sum(variant_counts.c.n), 0)).where(
    variant_counts.c.collection_id == bindparam("cid"),
    variant_counts.c.stage == bindparam("stage"),
    variant_counts.c.cms_locale_id.in_(bindparam("locales", expanding=True)),
)
_PRUNE_GROUPS = items.delete().where(
    items.c.collection_id == bindparam("cid"),
    items.c.id.in_(bindparam("ids", expanding=True)),
    ~select(v.c.item_id).where(v.c.item_id == items.c.id).exists(),
)
_STAGED_TO_PUBLISH = select(v).where(
    v.c.collection_id.in_(bindparam("cids", expanding=True)),
    v.c.stage == STAGED,
    v.c.is_draft.is_(False),
    v.c.is_archived.is_(False),
    or_(v.c.last_published.is_(None), v.c.last_updated > v.c.last_published),
)
_s = v.alias("s")
_LIVE_TO_TAKE_DOWN = select(v).where(
    v.c.collection_id.in_(bindparam("cids", expanding=True)),
    v.c.stage == LIVE,
    ~select(_s.c.item_id)
    .where(
        _s.c.item_id == v.c.item_id,
        _s.c.cms_locale_id == v.c.cms_locale_id,
        _s.c.stage == STAGED,
        _s.c.is_archived.is_(False),
    )
    .exists(),
)
_INSERT_ITEMS = BulkInsert(items, skip_conflicts=True)
_INSERT_VARIANTS = BulkInsert(v, skip_conflicts=True)
_UPDATES: dict[tuple[tuple[str, ...], frozenset[str]], Update] = {}
# PostgreSQL's report of a unique violation: "Key (collection_id, cms_locale_id, stage, slug)=(…) already exists."
_PG_SLUG_DETAIL = re.compile(r"^Key \(collection_id, cms_locale_id, stage, slug\)=\((.*)\) already exists")


class SlugTaken(Exception):
    """A write would give a variant a (locale, slug) that another variant holds: `pairs` are those (locale,
    slug)s (empty when the database did not say which)."""

    def __init__(self, pairs: set[Pair]) -> None:
        super().__init__(f"slug taken: {sorted(pairs)}")
        self.pairs = pairs


def _update_statement(cols: tuple[str, ...], optional: frozenset[str]) -> Update:
    """UPDATE of one variant by key, setting `cols` from parameters v_<col>; a column in `optional` is left as
    it is where its parameter is NULL (they are NOT NULL columns), so rows setting different columns share
    one executemany."""
    stmt = _UPDATES.get((cols, optional))
    if stmt is None:
        values: dict[str, Any] = {}
        for c in cols:
            param = bindparam(f"v_{c}", type_=v.c[c].type)
            values[c] = func.coalesce(param, v.c[c]) if c in optional else param
        stmt = _UPDATES[(cols, optional)] = (
            update(v)
            .where(
                v.c.collection_id == bindparam("b_cid"),
                v.c.stage == bindparam("b_stage"),
                v.c.item_id == bindparam("b_item"),
                v.c.cms_locale_id == bindparam("b_locale"),
            )
            .values(values)
        )
    return stmt


def _pairs_in(error: IntegrityError) -> set[Pair]:
    """The (locale, slug) a unique violation names, when the driver says (PostgreSQL does, SQLite does not)."""
    detail = getattr(getattr(error.orig, "diag", None), "message_detail", None) or ""
    m = _PG_SLUG_DETAIL.match(detail)
    if m is None:
        return set()
    parts = m.group(1).split(", ")
    return {(parts[1], parts[3])} if len(parts) == 4 else set()


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


def collection_id_of(rows: Sequence[Mapping[str, Any]]) -> str:
    return str(rows[0]["collection_id"])


def _chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    return (values[i : i + size] for i in range(0, len(values), size))


_slug = bindparam("b_slug", type_=String())
_path = bindparam("b_path", type_=String())
# A deleted field's values leave every variant in one statement; only variants that have one are rewritten.
_DROP_FIELD_VALUES: dict[str, Update] = {
    "sqlite": update(v)
    .where(
        v.c.collection_id == bindparam("cid"),
        func.json_type(v.c.field_data, _path).is_not(None),
    )
    .values(field_data=func.json_remove(v.c.field_data, _path)),
    "postgresql": update(v)
    .where(v.c.collection_id == bindparam("cid"), type_coerce(v.c.field_data, JSONB).has_key(_slug))
    .values(field_data=type_coerce(v.c.field_data, JSONB).op("-", return_type=JSONB)(_slug)),
}


class ItemRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def drop_field_values(self, collection_id: str, slug: str) -> None:
        """Removes a deleted field's values from every item variant of the collection."""
        if self.conn.dialect.name == "postgresql":
            params = {"cid": collection_id, "b_slug": slug}
        else:  # a field slug is [a-z0-9_-]: in double quotes, one JSON path member
            params = {"cid": collection_id, "b_path": f'$."{slug}"'}
        self.conn.execute(_DROP_FIELD_VALUES[self.conn.dialect.name], params)

    # -- reads ---------------------------------------------------------------------------------------
    def variants(self, collection_id: str, stage: str, keys: Iterable[Key]) -> dict[Key, Row[Any]]:
        out: dict[Key, Row[Any]] = {}
        for chunk in _chunks(list(set(keys))):
            rows = self.conn.execute(_VARIANTS, {"cid": collection_id, "stage": stage, "keys": list(chunk)})
            out.update({(r.item_id, r.cms_locale_id): r for r in rows})
        return out

    def variant(self, collection_id: str, stage: str, item_id: str, locale_id: str) -> Record | None:
        return _VARIANT.first(self.conn, cid=collection_id, stage=stage, item_id=item_id, locale=locale_id)

    def all_variants(self, collection_id: str, item_id: str) -> list[Row[Any]]:
        return list(self.conn.execute(_ALL_VARIANTS, {"cid": collection_id, "item_id": item_id}))

    def item_exists(self, collection_id: str, item_id: str) -> bool:
        return self.conn.execute(_ITEM_EXISTS, {"cid": collection_id, "item_id": item_id}).first() is not None

    def existing_ids(
        self, collection_id: str, locale_ids: Iterable[str], ids: Iterable[str], stage: str = STAGED
    ) -> set[Key]:
        """Of `ids` x `locale_ids`, the (item, locale)s that have a variant in this stage: one query for up to
        CHUNK ids."""
        found: set[Key] = set()
        locales = sorted(set(locale_ids))
        for chunk in _chunks(sorted(set(ids))):
            params = {"cid": collection_id, "stage": stage, "locales": locales, "ids": list(chunk)}
            found.update((r.item_id, r.cms_locale_id) for r in self.conn.execute(_EXISTING_IDS, params))
        return found

    def slug_holders(self, collection_id: str, stage: str, pairs: Iterable[Pair]) -> dict[Pair, str]:
        """Of (locale, slug) pairs, those some variant uses, with that variant's item id."""
        out: dict[Pair, str] = {}
        for chunk in _chunks(sorted(set(pairs))):
            rows = self.conn.execute(_SLUG_HOLDERS, {"cid": collection_id, "stage": stage, "pairs": list(chunk)})
            out.update({(r.cms_locale_id, r.slug): r.item_id for r in rows})
        return out

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
    def insert(self, item_rows: list[dict[str, Any]], variant_rows: list[dict[str, Any]]) -> None:
        """Inserts groups and variants. Raises SlugTaken when a slug is already taken; what was written is
        then left for the request's rollback."""
        written = _INSERT_ITEMS(self.conn, item_rows)
        if variant_rows:
            written += _INSERT_VARIANTS(self.conn, sorted(variant_rows, key=_slug_order))
        if written < len(item_rows) + len(variant_rows):
            raise SlugTaken(self._held_by_others(variant_rows))
        if variant_rows:
            self._count(collection_id_of(variant_rows), Counter((r["stage"], r["cms_locale_id"]) for r in variant_rows))

    def _held_by_others(self, rows: Sequence[Mapping[str, Any]]) -> set[Pair]:
        """After an insert that skipped rows: the (locale, slug)s of `rows` that other variants hold."""
        own = {(r["item_id"], r["cms_locale_id"], r["stage"]) for r in rows}
        held: set[Pair] = set()
        for stage in sorted({r["stage"] for r in rows}):
            pairs = [(r["cms_locale_id"], r["slug"]) for r in rows if r["stage"] == stage]
            holders = self.slug_holders(collection_id_of(rows), stage, pairs)
            held |= {pair for pair, item_id in holders.items() if (item_id, pair[0], stage) not in own}
        return held

    def update(self, stage: str, changes: list[tuple[Key, dict[str, Any]]], collection_id: str) -> None:
        """Applies per-variant changes as one executemany, in key order (see _slug_order). Raises SlugTaken,
        having written nothing, when a new slug is taken: by a variant outside `changes`, or by one of them
        that keeps it, or gives it up only later in key order (the constraint is checked row by row)."""
        if not changes:
            return
        ordered = sorted(changes, key=lambda c: c[0])
        self._check_new_slugs(stage, ordered, collection_id)
        cols = sorted({c for _, values in ordered for c in values})
        optional = frozenset(c for c in cols if any(c not in values for _, values in ordered))
        assert not any(v.c[c].nullable for c in optional), "NULL could not tell 'leave as it is' from 'clear'"
        stmt = _update_statement(tuple(cols), optional)
        params = [
            {"b_cid": collection_id, "b_stage": stage, "b_item": item_id, "b_locale": locale,
             **{f"v_{c}": values.get(c) for c in cols}}
            for (item_id, locale), values in ordered
        ]
        try:
            self.conn.execute(stmt, params)
        except IntegrityError as e:
            # Only a concurrent writer that took a slug after the check gets here (PostgreSQL).
            raise SlugTaken(_pairs_in(e)) from e

    def _check_new_slugs(self, stage: str, ordered: list[tuple[Key, dict[str, Any]]], collection_id: str) -> None:
        new = {key: str(values["slug"]) for key, values in ordered if "slug" in values}
        if not new:
            return
        holders = self.slug_holders(collection_id, stage, [(key[1], slug) for key, slug in new.items()])
        position = {key: i for i, (key, _) in enumerate(ordered)}
        taken: set[Pair] = set()
        for i, (key, _) in enumerate(ordered):
            pair = (key[1], new[key]) if key in new else None
            holder = holders.get(pair) if pair else None
            if pair is None or holder is None or holder == key[0]:
                continue
            other = (holder, key[1])
            if position.get(other, i) < i and new.get(other, new[key]) != new[key]:
                continue  # that variant moved to another slug earlier in this statement
            taken.add(pair)
        if taken:
            raise SlugTaken(taken)

    def replace_live(self, collection_id: str, rows: list[dict[str, Any]]) -> None:
        """Makes `rows` the live variants of their (item, locale)s. Raises SlugTaken when another live
        variant holds one of their slugs; what was written is then left for the request's rollback."""
        gone = self._delete(collection_id, LIVE, [(r["item_id"], r["cms_locale_id"]) for r in rows])
        written = _INSERT_VARIANTS(self.conn, sorted(rows, key=_slug_order))
        if written < len(rows):
            raise SlugTaken(self._held_by_others(rows))
        deltas = Counter((LIVE, r["cms_locale_id"]) for r in rows)
        deltas.subtract((LIVE, loc) for loc in gone)
        self._count(collection_id, deltas)

    def lock_staged(self, collection_id: str, keys: Sequence[Key]) -> None:
        """Row-locks these staged variants in key order (PostgreSQL; SQLite's one writer needs no locks).

        Writes that touch both stages take staged rows first, then live ones: a live update locks staged
        (update) before live (replace_live), so a publish or unpublish that reached live first would wait
        for it while holding what it waits for, a deadlock that fails one request with a 500."""
        if self.conn.dialect.name != "postgresql":
            return
        for chunk in _chunks(keys):
            self.conn.execute(_LOCK_STAGED, {"cid": collection_id, "stage": STAGED, "keys": list(chunk)})

    def _delete(self, collection_id: str, stage: str, keys: Iterable[Key]) -> list[str]:
        """Deletes variants; returns the locale of each deleted one."""
        keys = sorted(set(keys))
        if stage == LIVE:
            self.lock_staged(collection_id, keys)
        gone: list[str] = []
        for chunk in _chunks(keys):
            res = self.conn.execute(_DELETE, {"cid": collection_id, "stage": stage, "keys": list(chunk)})
            gone += [loc for (loc,) in res]
        return gone

    def delete(self, collection_id: str, stage: str, keys: Iterable[Key]) -> int:
        gone = self._delete(collection_id, stage, keys)
        self._count(collection_id, Counter({(stage, loc): -n for loc, n in Counter(gone).items()}))
        return len(gone)

    def _count(self, collection_id: str, deltas: Counter[tuple[str, str]]) -> None:
        """Adds to the (stage, locale) counts: one executemany, in key order so concurrent writers queue,
        not deadlock."""
        rows = [
            {"collection_id": collection_id, "stage": stage, "cms_locale_id": loc, "n": n}
            for (stage, loc), n in sorted(deltas.items())
            if n
        ]
        upsert(self.conn, variant_counts, rows, ["collection_id", "stage", "cms_locale_id"], ["n"], add=True)

    def counted_total(self, collection_id: str, stage: str, locale_ids: Sequence[str]) -> int:
        params = {"cid": collection_id, "stage": stage, "locales": list(locale_ids)}
        return int(self.conn.execute(_COUNTED_TOTAL, params).scalar_one())

    def prune_groups(self, collection_id: str, item_ids: Iterable[str]) -> None:
        """Removes item groups left without any variant."""
        for chunk in _chunks(sorted(set(item_ids))):
            self.conn.execute(_PRUNE_GROUPS, {"cid": collection_id, "ids": list(chunk)})

    # -- site publish ---------------------------------------------------------------------------------
    def staged_to_publish(self, collection_ids: Sequence[str]) -> list[Row[Any]]:
        """Staged variants that are neither draft nor archived and changed since their last publish."""
        return list(self.conn.execute(_STAGED_TO_PUBLISH, {"cids": list(collection_ids)}))

    def live_to_take_down(self, collection_ids: Sequence[str]) -> list[Row[Any]]:
        """Live variants whose staged variant was deleted or archived."""
        return list(self.conn.execute(_LIVE_TO_TAKE_DOWN, {"cids": list(collection_ids)}))
