"""All SQL of the clones family."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from webflow_local.api.clones.tables import clone_checkpoints, clone_id_map
from webflow_local.api.items.tables import item_variants
from webflow_local.db.upsert import upsert


class CheckpointRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, source: str, site_id: str) -> dict[str, Any] | None:
        c = clone_checkpoints.c
        value = self.conn.execute(
            select(c.state).where(c.source == source, c.site_id == site_id)).scalar_one_or_none()
        return dict(value) if value is not None else None

    def put(self, source: str, site_id: str, state: dict[str, Any], now: datetime) -> None:
        upsert(self.conn, clone_checkpoints, {"source": source, "site_id": site_id, "state": state, "updated_on": now},
               ["source", "site_id"], ["state", "updated_on"])

    def delete(self, source: str, site_id: str) -> None:
        c = clone_checkpoints.c
        self.conn.execute(clone_checkpoints.delete().where(c.source == source, c.site_id == site_id))


class IdMapRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def of_kind(self, target: str, kind: str) -> dict[str, tuple[str, str | None]]:
        """local id -> (target id, digest)."""
        c = clone_id_map.c
        rows = self.conn.execute(select(c.local_id, c.target_id, c.digest).where(c.target == target, c.kind == kind))
        return {r.local_id: (r.target_id, r.digest) for r in rows}

    def put(self, target: str, kind: str, rows: list[tuple[str, str, str | None]]) -> None:
        """(local id, target id, digest) rows."""
        values = [{"target": target, "kind": kind, "local_id": lid, "target_id": tid, "digest": d}
                  for lid, tid, d in rows]
        upsert(self.conn, clone_id_map, values, ["target", "kind", "local_id"], ["target_id", "digest"])

    def forget(self, target: str, kind: str, local_ids: list[str]) -> None:
        c = clone_id_map.c
        if local_ids:
            self.conn.execute(clone_id_map.delete().where(c.target == target, c.kind == kind,
                                                          c.local_id.in_(local_ids)))


def variants_of_collection(conn: Connection, collection_id: str) -> list[Any]:
    """Every variant of a collection (both stages, every locale), oldest item first: what push sends."""
    v = item_variants.c
    return list(conn.execute(select(item_variants).where(v.collection_id == collection_id)
                             .order_by(v.created_on, v.item_id, v.cms_locale_id, v.stage)))
