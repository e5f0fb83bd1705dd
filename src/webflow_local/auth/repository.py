from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, select, update

from webflow_local.db.schema import rate_counters, tokens, users
from webflow_local.db.upsert import upsert


class TokenRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def by_hash(self, token_hash: str) -> Row[Any] | None:
        return self.conn.execute(select(tokens).where(tokens.c.token_hash == token_hash)).first()

    def by_id(self, token_id: str) -> Row[Any] | None:
        return self.conn.execute(select(tokens).where(tokens.c.id == token_id)).first()

    def insert(self, row: dict[str, Any]) -> None:
        self.conn.execute(tokens.insert().values(**row))

    def all(self, workspace_id: str | None = None) -> list[Row[Any]]:
        q = select(tokens).order_by(tokens.c.created_on, tokens.c.id)
        if workspace_id:
            q = q.where(tokens.c.workspace_id == workspace_id)
        return list(self.conn.execute(q))

    def revoke(self, token_id: str, now: datetime) -> bool:
        res = self.conn.execute(
            update(tokens).where(tokens.c.id == token_id, tokens.c.revoked_on.is_(None)).values(revoked_on=now)
        )
        return res.rowcount > 0

    def count_request(self, token_id: str, window: int) -> int:
        """Counts one request in this minute's window and returns the window's count."""
        upsert(self.conn, rate_counters, {"token_id": token_id, "window": window, "n": 1},
               ["token_id", "window"], ["n"], add=True)
        n = self.conn.execute(
            select(rate_counters.c.n).where(rate_counters.c.token_id == token_id, rate_counters.c.window == window)
        ).scalar_one()
        self.conn.execute(
            rate_counters.delete().where(rate_counters.c.token_id == token_id, rate_counters.c.window < window - 1)
        )
        return int(n)


class UserRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def insert(self, row: dict[str, Any]) -> None:
        self.conn.execute(users.insert().values(**row))

    def get(self, user_id: str) -> Row[Any] | None:
        return self.conn.execute(select(users).where(users.c.id == user_id)).first()

    def by_email(self, workspace_id: str, email: str) -> Row[Any] | None:
        q = select(users).where(users.c.workspace_id == workspace_id, users.c.email == email)
        return self.conn.execute(q).first()

    def of_ids(self, user_ids: list[str]) -> list[Row[Any]]:
        return list(self.conn.execute(select(users).where(users.c.id.in_(user_ids)))) if user_ids else []

    def all(self, workspace_id: str | None = None) -> list[Row[Any]]:
        q = select(users).order_by(users.c.created_on, users.c.id)
        if workspace_id:
            q = q.where(users.c.workspace_id == workspace_id)
        return list(self.conn.execute(q))
