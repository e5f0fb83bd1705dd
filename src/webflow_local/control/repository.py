from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, select

from webflow_local.db.prepared import Prepared
from webflow_local.db.schema import control_state
from webflow_local.db.upsert import upsert

# Built once: a statement's construction and cache key cost more than its execution on SQLite.
_GET = select(control_state.c.value).where(control_state.c.key == bindparam("key"))
# A request's first statement: the cache generation and the clock (kit/cache.py, Ctx.begin).
_GET_TWO = Prepared(select(control_state.c.key, control_state.c.value).where(
    control_state.c.key.in_([bindparam("k1"), bindparam("k2")])))
_GET_FOR_UPDATE = _GET.with_for_update()


class ControlRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, key: str) -> Any:
        return self.conn.execute(_GET, {"key": key}).scalar()

    def get_two(self, k1: str, k2: str) -> dict[str, Any]:
        return {r["key"]: r["value"] for r in _GET_TWO.all(self.conn, k1=k1, k2=k2)}

    def get_for_update(self, key: str) -> Any:
        q = _GET_FOR_UPDATE if self.conn.dialect.name == "postgresql" else _GET
        return self.conn.execute(q, {"key": key}).scalar()

    def put(self, key: str, value: Any) -> None:
        upsert(self.conn, control_state, {"key": key, "value": value}, ["key"], ["value"])

    def delete(self, key: str) -> None:
        self.conn.execute(control_state.delete().where(control_state.c.key == key))

    def bump_counter(self, key: str, by: int) -> int:
        """Adds `by` to an integer setting and returns the value before, under a row lock."""
        current = int(self.get_for_update(key) or 0)
        self.put(key, current + by)
        return current
