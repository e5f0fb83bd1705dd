"""Workspaces have a plan (control plane and seed files); Enterprise is the default."""

from __future__ import annotations

import pytest

from tests.support.world import World
from webflow_local.admin.schemas import PLANS


def test_workspace_plans(world: World) -> None:
    admin = world.admin()
    listed = {w["slug"]: w for w in admin.get("/workspaces").json()["workspaces"]}
    assert listed["test-ws"]["plan"] == "enterprise"
    for plan in PLANS:
        made = admin.post("/workspaces", json={"displayName": f"P {plan}", "plan": plan})
        assert made.status_code == 201 and made.json()["plan"] == plan, made.text
    r = admin.post("/workspaces", json={"displayName": "Bad", "plan": "gold"})
    assert r.status_code == 400 and r.json()["code"] == "validation_error"
    assert "bad" not in {w["slug"] for w in admin.get("/workspaces").json()["workspaces"]}


@pytest.mark.parametrize("plan", ["starter", "enterprise"])
def test_seed_takes_the_plan(world: World, plan: str) -> None:
    r = world.admin().post("/seed", json={"workspaces": [{"displayName": "Seeded", "slug": f"s-{plan}", "plan": plan}]})
    assert r.status_code == 201 and r.json()["workspaces"][0]["plan"] == plan, r.text
