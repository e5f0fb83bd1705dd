"""Workspace users: made through the control plane (Webflow has no API for them), read by the families that
show people (the user behind a token, comment authors, ID tokens)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from webflow_local.auth.repository import UserRepository
from webflow_local.context import Ctx
from webflow_local.errors import Conflict, NotFound
from webflow_local.kit.timefmt import iso


def user_wire(row: Row[Any]) -> dict[str, Any]:
    """A user as the Data API shows one (authorized_by, token resolve, comment authors)."""
    return {"id": row.id, "email": row.email, "firstName": row.first_name, "lastName": row.last_name}


def admin_wire(row: Row[Any]) -> dict[str, Any]:
    return {**user_wire(row), "workspaceId": row.workspace_id, "role": row.role,
            "createdOn": iso(row.created_on)}


def create(ctx: Ctx, workspace_id: str, *, email: str, first_name: str, last_name: str, role: str,
           user_id: str | None = None) -> Row[Any]:
    repo = UserRepository(ctx.conn)
    if repo.by_email(workspace_id, email) is not None or (user_id and repo.get(user_id) is not None):
        raise Conflict("Conflict: Resource already exists")
    new_id = user_id or ctx.new_id()
    repo.insert({"id": new_id, "workspace_id": workspace_id, "email": email, "first_name": first_name,
                 "last_name": last_name, "role": role, "created_on": ctx.now()})
    row = repo.get(new_id)
    assert row is not None
    return row


def find(ctx: Ctx, user_id: str) -> Row[Any] | None:
    return UserRepository(ctx.conn).get(user_id)


def get(ctx: Ctx, user_id: str) -> Row[Any]:
    row = find(ctx, user_id)
    if row is None:
        raise NotFound.of("The user cannot be found")
    return row


def by_email(ctx: Ctx, workspace_id: str, email: str) -> Row[Any] | None:
    return UserRepository(ctx.conn).by_email(workspace_id, email)


def of_ids(ctx: Ctx, user_ids: list[str]) -> list[Row[Any]]:
    return UserRepository(ctx.conn).of_ids(user_ids)


def of_workspace(ctx: Ctx, workspace_id: str | None = None) -> list[Row[Any]]:
    return UserRepository(ctx.conn).all(workspace_id)
