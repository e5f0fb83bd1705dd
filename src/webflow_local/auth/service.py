"""Tokens: issued by the control plane, shown once, stored as SHA-256 hashes."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Row

from webflow_local.auth import scopes as scope_mod
from webflow_local.auth.principal import Principal
from webflow_local.auth.repository import TokenRepository
from webflow_local.context import Ctx
from webflow_local.errors import MissingScopes, NotAuthorized
from webflow_local.kit.ids import token_value


def hash_token(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def principal_from_row(row: Row[Any]) -> Principal:
    return Principal(
        token_id=row.id,
        kind=row.kind,
        workspace_id=row.workspace_id,
        site_id=row.site_id,
        scopes=frozenset(s for s in row.scopes.split(",") if s),
        created_on=row.created_on,
        last_used=row.last_used,
        rate_limit=row.rate_limit,
        user=dict(row.user_json or {}),
        app_id=row.app_id,
    )


def bearer(header: str | None) -> str | None:
    if not header:
        return None
    kind, _, value = header.partition(" ")
    if kind.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def authenticate(ctx: Ctx, token: str | None) -> Principal:
    """The caller behind a bearer token; cached per process (an unknown token too) until the cache
    generation changes, which any token write causes."""
    if not token:
        raise NotAuthorized()
    token_hash = hash_token(token)

    def load() -> Principal | None:
        row = TokenRepository(ctx.conn).by_hash(token_hash)
        return None if row is None or row.revoked_on is not None else principal_from_row(row)

    principal = ctx.cached(("token", token_hash), load)
    if principal is None:
        raise NotAuthorized()
    return principal


def require_scopes(principal: Principal, required: tuple[str, ...]) -> None:
    missing = [s for s in required if scope_mod.normalise(s) not in principal.scopes]
    if missing:
        raise MissingScopes(missing)


def count_request(ctx: Ctx, principal: Principal) -> tuple[int, int]:
    """Counts the request in this minute's window; returns (count so far, seconds left in the window)."""
    now = ctx.now()
    window = int(now.timestamp()) // 60
    n = TokenRepository(ctx.conn).count_request(principal.token_id, window)
    return n, 60 - int(now.timestamp()) % 60


def issue(
    ctx: Ctx,
    *,
    kind: str,
    workspace_id: str,
    site_id: str | None,
    scopes: list[str],
    label: str | None = None,
    value: str | None = None,
    user: dict[str, Any] | None = None,
    user_id: str | None = None,
    app_id: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """Creates a token; returns (the token value, its stored row)."""
    value = value or token_value()
    row = {
        "id": ctx.new_id(),
        "token_hash": hash_token(value),
        "kind": kind,
        "workspace_id": workspace_id,
        "site_id": site_id,
        "scopes": ",".join(scope_mod.parse(scopes)),
        "label": label,
        "user_json": user or {},
        "user_id": user_id,
        "app_id": app_id,
        "rate_limit": None,
        "created_on": ctx.now(),
        "last_used": None,
        "revoked_on": None,
    }
    TokenRepository(ctx.conn).insert(row)
    return value, row
