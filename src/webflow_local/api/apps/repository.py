"""All SQL of the apps family."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, select, update

from webflow_local.api.apps.tables import app_subscriptions, apps, id_tokens, oauth_codes, oauth_consents
from webflow_local.db.schema import sites, tokens, workspaces


class AppRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- apps ----------------------------------------------------------------------------------------
    def insert_app(self, row: dict[str, Any]) -> None:
        self.conn.execute(apps.insert().values(**row))

    def app(self, app_id: str) -> Row[Any] | None:
        return self.conn.execute(select(apps).where(apps.c.id == app_id)).first()

    def app_by_client(self, client_id: str) -> Row[Any] | None:
        return self.conn.execute(select(apps).where(apps.c.client_id == client_id)).first()

    def all_apps(self) -> list[Row[Any]]:
        return list(self.conn.execute(select(apps).order_by(apps.c.created_on, apps.c.id)))

    # -- subscriptions -------------------------------------------------------------------------------
    def insert_subscription(self, row: dict[str, Any]) -> None:
        self.conn.execute(app_subscriptions.insert().values(**row))

    def subscriptions(self, app_id: str, workspace_id: str | None = None) -> list[Row[Any]]:
        t = app_subscriptions
        q = select(t).where(t.c.app_id == app_id).order_by(t.c.starts_at, t.c.id)
        if workspace_id is not None:
            q = q.where(t.c.workspace_id == workspace_id)
        return list(self.conn.execute(q))

    # -- consents and codes --------------------------------------------------------------------------
    def insert_consent(self, row: dict[str, Any]) -> None:
        self.conn.execute(oauth_consents.insert().values(**row))

    def consent(self, consent_id: str) -> Row[Any] | None:
        return self.conn.execute(select(oauth_consents).where(oauth_consents.c.id == consent_id)).first()

    def use_consent(self, consent_id: str, now: datetime) -> bool:
        t = oauth_consents
        res = self.conn.execute(update(t).where(t.c.id == consent_id, t.c.used_on.is_(None)).values(used_on=now))
        return res.rowcount == 1

    def insert_code(self, row: dict[str, Any]) -> None:
        self.conn.execute(oauth_codes.insert().values(**row))

    def code(self, code_hash: str) -> Row[Any] | None:
        return self.conn.execute(select(oauth_codes).where(oauth_codes.c.code_hash == code_hash)).first()

    def use_code(self, code_hash: str, now: datetime) -> bool:
        """Marks the code used; False when it already was (two exchanges racing: one wins)."""
        t = oauth_codes
        res = self.conn.execute(update(t).where(t.c.code_hash == code_hash, t.c.used_on.is_(None))
                                .values(used_on=now))
        return res.rowcount == 1

    # -- what a consent page offers ------------------------------------------------------------------
    def workspaces(self) -> list[Row[Any]]:
        return list(self.conn.execute(select(workspaces).order_by(workspaces.c.created_on, workspaces.c.id)))

    def sites(self) -> list[Row[Any]]:
        return list(self.conn.execute(select(sites).order_by(sites.c.created_on, sites.c.id)))

    def site(self, site_id: str) -> Row[Any] | None:
        return self.conn.execute(select(sites).where(sites.c.id == site_id)).first()

    def workspace(self, workspace_id: str) -> Row[Any] | None:
        return self.conn.execute(select(workspaces).where(workspaces.c.id == workspace_id)).first()

    # -- app tokens ----------------------------------------------------------------------------------
    def app_token(self, token_hash: str, app_id: str) -> Row[Any] | None:
        q = select(tokens).where(tokens.c.token_hash == token_hash, tokens.c.app_id == app_id)
        return self.conn.execute(q).first()

    # -- ID tokens -----------------------------------------------------------------------------------
    def insert_id_token(self, row: dict[str, Any]) -> None:
        self.conn.execute(id_tokens.insert().values(**row))

    def id_token(self, token_hash: str) -> Row[Any] | None:
        return self.conn.execute(select(id_tokens).where(id_tokens.c.token_hash == token_hash)).first()
