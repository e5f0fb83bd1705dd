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
