from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from webflow_local.db.schema import control_state
from webflow_local.db.upsert import upsert


class ControlRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, key: str) -> Any:
        return self.conn.execute(select(control_state.c.value).where(control_state.c.key == key)).scalar()

    def get_for_update(self, key: str) -> Any:
        q = select(control_state.c.value).where(control_state.c.key == key)
        if self.conn.dialect.name == "postgresql":
            q = q.with_for_update()
        return self.conn.execute(q).scalar()

    def put(self, key: str, value: Any) -> None:
        upsert(self.conn, control_state, {"key": key, "value": value}, ["key"], ["value"])

    def delete(self, key: str) -> None:
        self.conn.execute(control_state.delete().where(control_state.c.key == key))

    def bump_counter(self, key: str, by: int) -> int:
        """Adds `by` to an integer setting and returns the value before, under a row lock."""
        q = select(control_state.c.value).where(control_state.c.key == key)
        if self.conn.dialect.name == "postgresql":
            q = q.with_for_update()
        current = int(self.conn.execute(q).scalar() or 0)
        self.put(key, current + by)
        return current
