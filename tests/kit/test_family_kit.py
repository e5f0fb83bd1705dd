"""A family declares its seed section and control-plane routes to the kit; nothing central is edited."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from pydantic import Field

from tests.support.server import RunningServer, serve
from tests.support.wire import err
from webflow_local.context import Ctx
from webflow_local.control.repository import ControlRepository
from webflow_local.kit.family import Family, SeedSection
from webflow_local.kit.models import RequestModel
from webflow_local.runtime import Runtime


class NoteIn(RequestModel):
    text: str = Field(min_length=1)


def _load_notes(ctx: Ctx, site: dict[str, Any], notes: list[NoteIn]) -> list[dict[str, Any]]:
    stored = [{"siteId": site["id"], "text": n.text} for n in notes]
    ControlRepository(ctx.conn).put(f"notes:{site['id']}", stored)
    return stored




def _notes_hook(app: FastAPI, runtime: Runtime) -> None:
    """What adding a family does: its package declares a FAMILY; here one is added to a running app."""
    router = APIRouter()

    @router.get("/notes/{site_id}")
    def notes_of(site_id: str) -> Any:
        from webflow_local.db.session import transaction

        with transaction(runtime.engine, write=False) as conn:
            return ControlRepository(conn).get(f"notes:{site_id}") or []

    runtime.families = [*runtime.families, Family("notes", seed=(SeedSection("notes", NoteIn, _load_notes),),
                                                  admin=router)]
    app.include_router(router, prefix="/_admin")


@pytest.fixture
def notes_server(database_url: str) -> Iterator[RunningServer]:
    with serve(database_url, hooks=[_notes_hook], webhook_dispatcher=False) as s:
        yield s


SITE = {"displayName": "Noted", "locales": {"primary": {"displayName": "English", "tag": "en"}}}


def test_a_family_seed_section_loads_with_the_site(notes_server: RunningServer) -> None:
    admin = httpx.Client(base_url=f"{notes_server.url}/_admin", timeout=30)
    seed = {"reset": True, "workspaces": [{"displayName": "W", "sites": [{**SITE, "notes": [{"text": "hi"}]}]}]}
    r = admin.post("/seed", json=seed)
    assert r.status_code == 201, r.text
    site_id = r.json()["sites"][0]["id"]
    assert r.json()["notes"] == [{"siteId": site_id, "text": "hi"}]
    assert admin.get(f"/notes/{site_id}").json() == [{"siteId": site_id, "text": "hi"}]


def test_unknown_or_invalid_seed_keys_write_nothing(notes_server: RunningServer) -> None:
    admin = httpx.Client(base_url=f"{notes_server.url}/_admin", timeout=30)
    assert admin.post("/reset", json={}).status_code == 200
    for site in ({**SITE, "pagez": []}, {**SITE, "notes": [{"text": ""}]}, {**SITE, "notes": {"text": "x"}}):
        r = admin.post("/seed", json={"workspaces": [{"displayName": "W", "sites": [site]}]})
        err(r, 400, "validation_error")
        assert admin.get("/sites").json()["sites"] == []
