"""The clones family's state, for webflow_local.clone (pull and push), each call in the caller's transaction."""

from __future__ import annotations

from typing import Any

from webflow_local.api.clones.repository import CheckpointRepository, IdMapRepository, variants_of_collection
from webflow_local.context import Ctx


def checkpoint(ctx: Ctx, source: str, site_id: str) -> dict[str, Any] | None:
    return CheckpointRepository(ctx.conn).get(source, site_id)


def save_checkpoint(ctx: Ctx, source: str, site_id: str, state: dict[str, Any]) -> None:
    CheckpointRepository(ctx.conn).put(source, site_id, state, ctx.now())


def clear_checkpoint(ctx: Ctx, source: str, site_id: str) -> None:
    CheckpointRepository(ctx.conn).delete(source, site_id)


def id_map(ctx: Ctx, target: str, kind: str) -> dict[str, tuple[str, str | None]]:
    return IdMapRepository(ctx.conn).of_kind(target, kind)


def remember(ctx: Ctx, target: str, kind: str, rows: list[tuple[str, str, str | None]]) -> None:
    IdMapRepository(ctx.conn).put(target, kind, rows)


def forget(ctx: Ctx, target: str, kind: str, local_ids: list[str]) -> None:
    IdMapRepository(ctx.conn).forget(target, kind, local_ids)


def collection_variants(ctx: Ctx, collection_id: str) -> list[Any]:
    return variants_of_collection(ctx.conn, collection_id)
