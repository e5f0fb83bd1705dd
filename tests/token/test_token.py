"""Token family: introspection and the authorizing user."""

from __future__ import annotations

from tests.support.world import READ_ONLY, WORKSPACE, World


# -- token -------------------------------------------------------------------------------------------
def test_introspect_and_authorized_by(world: World) -> None:
    sdk = world.sdk()
    info = sdk.token.introspect()
    assert info.authorization is not None
    auth = info.authorization
    assert auth.authorized_to is not None and auth.authorized_to.site_ids == [world.site_id]
    assert "cms:write" in (auth.scope or "").split(",")
    user = sdk.token.authorized_by()
    assert user.email and user.id
    ws = world.sdk(WORKSPACE).token.introspect().authorization
    assert ws is not None and ws.authorized_to is not None
    assert set(ws.authorized_to.site_ids or []) == {world.site_id, world.other_site_id}
    limited = world.http(READ_ONLY).get("/token/introspect").json()
    assert limited["authorization"]["scope"] == "cms:read,sites:read"


# -- users -------------------------------------------------------------------------------------------
def test_token_for_a_workspace_user_answers_that_user(world: World) -> None:
    admin = world.admin()
    r = admin.post("/users", json={"email": "grace@example.com", "firstName": "Grace", "lastName": "Hopper",
                                   "workspaceId": world.workspace_id, "role": "admin"})
    assert r.status_code == 201, r.text
    grace = r.json()
    assert grace["role"] == "admin" and grace["workspaceId"] == world.workspace_id
    assert admin.post("/users", json={"email": "grace@example.com", "firstName": "G", "lastName": "H",
                                      "workspaceId": world.workspace_id}).status_code == 409
    bad = admin.post("/users", json={"email": "not-an-email", "firstName": "G", "lastName": "H",
                                     "workspaceId": world.workspace_id})
    assert bad.status_code == 400
    listed = admin.get("/users", params={"workspaceId": world.workspace_id}).json()["users"]
    assert grace in listed

    token = admin.post("/tokens", json={"siteId": world.site_id, "scopes": "all", "userId": grace["id"]}).json()
    assert token["userId"] == grace["id"]
    me = world.sdk(token["token"]).token.authorized_by()
    assert (me.id, me.email, me.first_name, me.last_name) == (grace["id"], "grace@example.com", "Grace", "Hopper")
    # A user of another workspace, or none at all, is refused and issues nothing.
    before = len(admin.get("/tokens").json()["tokens"])
    r = admin.post("/tokens", json={"siteId": world.site_id, "userId": "0" * 24})
    assert r.status_code == 400 and r.json()["details"][0]["param"] == "userId"
    assert len(admin.get("/tokens").json()["tokens"]) == before


def test_seed_users_and_tokens_by_email(world: World) -> None:
    r = world.admin().post("/seed", json={"workspaces": [{
        "displayName": "People", "slug": "people",
        "users": [{"email": "ann@example.com", "firstName": "Ann", "lastName": "Lee", "role": "owner"}],
        "sites": [{"displayName": "People Site",
                   "tokens": [{"scopes": "all", "userEmail": "ann@example.com"}]}],
    }]})
    assert r.status_code == 201, r.text
    seeded = r.json()
    ann = seeded["users"][0]
    assert ann["email"] == "ann@example.com"
    me = world.sdk(seeded["tokens"][0]["token"]).token.authorized_by()
    assert me.id == ann["id"] and me.first_name == "Ann"
