"""Enterprise logs: the site activity log (recorded from every write through the gateway's "write" hook)
and the workspace audit log (control-plane events), with the official SDK where it has the call."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from webflow.core.api_error import ApiError

from tests.support.wire import err
from tests.support.world import FULL, OTHER_SITE, READ_ONLY, WORKSPACE, World

STARTER = "5" * 64
STARTER_WS = "6" * 64


@pytest.fixture
def starter(world: World) -> Iterator[dict[str, Any]]:
    """A workspace on the starter plan with one site."""
    r = world.admin().post("/seed", json={"workspaces": [{
        "displayName": "Small", "slug": "small", "plan": "starter",
        "tokens": [{"value": STARTER_WS, "scopes": "all"}],
        "sites": [{"displayName": "Small Site", "tokens": [{"value": STARTER, "scopes": "all"}]}],
    }]})
    assert r.status_code == 201, r.text
    yield {"site_id": r.json()["sites"][0]["id"], "workspace_id": r.json()["workspaces"][0]["id"]}


def _posts(world: World) -> dict[str, Any]:
    return world.create_collection({"displayName": "Posts", "singularName": "Post"})


# -- site activity ------------------------------------------------------------------------------------
def test_a_sequence_of_writes_reads_back_newest_first_with_values(world: World) -> None:
    coll = _posts(world)
    sdk = world.sdk()
    before = sdk.sites.activity_logs.list(world.site_id).pagination
    assert before is not None and before.total == 1  # the collection

    item = sdk.collections.items.create_item(coll["id"], request={"fieldData": {"name": "Arthur", "slug": "arthur"}})
    assert item.id is not None
    sdk.collections.items.update_item(coll["id"], item.id, field_data={"name": "Arthur Dent"})
    sdk.sites.publish(world.site_id, publish_to_webflow_subdomain=True)
    redirect = sdk.sites.redirects.create(world.site_id, from_url="/earth", to_url="/mostly-harmless")

    log = sdk.sites.activity_logs.list(world.site_id)
    assert log.pagination is not None and log.pagination.total == 5
    entries = log.items or []
    assert [(e.event, e.resource_operation, e.resource_id) for e in entries] == [
        ("site_settings_modified", "CREATED", redirect.id),
        ("site_published", "PUBLISHED", world.site_id),
        ("cms_item", "MODIFIED", item.id),
        ("cms_item", "CREATED", item.id),
        ("cms_collection", "CREATED", coll["id"]),
    ]
    created_redirect, published, updated, created, _ = entries
    assert created.previous_value is None
    assert json.loads(created.new_value or "") == {"name": "Arthur", "slug": "arthur"}
    assert created.resource_name == "Arthur" and updated.resource_name == "Arthur Dent"
    assert json.loads(updated.previous_value or "") == {"name": "Arthur", "slug": "arthur"}
    assert json.loads(updated.new_value or "") == {"name": "Arthur Dent", "slug": "arthur"}
    assert json.loads(published.new_value or "")["publishToWebflowSubdomain"] is True
    assert created_redirect.previous_value is None and created_redirect.resource_name == "/earth"
    assert json.loads(created_redirect.new_value or "") == {"id": redirect.id, "fromUrl": "/earth",
                                                            "toUrl": "/mostly-harmless"}
    # The caller: a token acting for no user shows the token, as authorized_by does.
    me = sdk.token.authorized_by()
    assert all(e.user is not None and e.user.id == me.id for e in entries)
    assert entries[0].created_on is not None and entries[0].id and len(entries[0].id) == 24

    # Raw wire: every key the spec lists, unset ones null.
    raw = world.http().get(f"/sites/{world.site_id}/activity_logs", params={"limit": 2, "offset": 1}).json()
    assert raw["pagination"] == {"limit": 2, "offset": 1, "total": 5}
    assert [e["event"] for e in raw["items"]] == ["site_published", "cms_item"]
    assert set(raw["items"][0]) == {"id", "createdOn", "lastUpdated", "event", "resourceOperation", "user",
                                    "resourceId", "resourceName", "newValue", "previousValue", "payload"}
    assert raw["items"][0]["previousValue"] is None


def test_previous_values_of_updates_and_deletes(world: World) -> None:
    c = world.http()
    coll = _posts(world)
    field = c.post(f"/collections/{coll['id']}/fields", json={"type": "PlainText", "displayName": "Towel"}).json()
    c.patch(f"/collections/{coll['id']}/fields/{field['id']}", json={"displayName": "Towel colour"})
    c.put(f"/sites/{world.site_id}/robots_txt", json={"rules": [{"userAgent": "*", "disallows": ["/a"]}]})
    c.put(f"/sites/{world.site_id}/robots_txt", json={"rules": [{"userAgent": "*", "disallows": ["/b"]}]})
    item = c.post(f"/collections/{coll['id']}/items", json={"fieldData": {"name": "Ford", "slug": "ford"}}).json()
    assert c.delete(f"/collections/{coll['id']}/items/{item['id']}").status_code == 204
    entries = c.get(f"/sites/{world.site_id}/activity_logs").json()["items"]
    deleted, made, robots2, robots1, field_changed, field_made, _ = entries
    assert (deleted["event"], deleted["resourceOperation"], deleted["resourceId"]) == ("cms_item", "DELETED",
                                                                                       item["id"])
    assert json.loads(deleted["previousValue"]) == {"name": "Ford", "slug": "ford"}
    assert deleted["newValue"] is None and deleted["resourceName"] == "Ford"
    assert made["resourceOperation"] == "CREATED"
    assert json.loads(robots2["previousValue"])["rules"][0]["disallows"] == ["/a"]
    assert json.loads(robots2["newValue"])["rules"][0]["disallows"] == ["/b"]
    assert robots1["event"] == "site_settings_modified" and robots1["resourceOperation"] == "MODIFIED"
    assert (field_made["event"], field_made["resourceOperation"]) == ("cms_collection", "MODIFIED")
    assert field_made["resourceId"] == field["id"] and field_made["previousValue"] is None
    assert json.loads(field_changed["newValue"])["displayName"] == "Towel colour"
    assert field_changed["resourceName"] == "Towel colour"


def test_bulk_writes_log_each_item_and_errors_log_nothing(world: World) -> None:
    c = world.http()
    coll = _posts(world)
    r = c.post(f"/collections/{coll['id']}/items/bulk", json={
        "cmsLocaleIds": [world.en], "fieldData": {"name": "Zaphod", "slug": "zaphod"}})
    assert r.status_code == 202, r.text
    err(c.post(f"/collections/{coll['id']}/items", json={"fieldData": {"slug": "no-name"}}), 400, "validation_error")
    entries = c.get(f"/sites/{world.site_id}/activity_logs").json()["items"]
    assert [(e["event"], e["resourceOperation"], e["resourceName"]) for e in entries] == [
        ("cms_item", "CREATED", "Zaphod"), ("cms_collection", "CREATED", "Posts")]
    # Reads are not logged; another site's log is its own.
    c.get(f"/collections/{coll['id']}/items")
    assert c.get(f"/sites/{world.site_id}/activity_logs").json()["pagination"]["total"] == 2
    assert world.http(OTHER_SITE).get(f"/sites/{world.other_site_id}/activity_logs").json()["items"] == []


def test_the_user_of_a_token_acting_for_a_user(world: World) -> None:
    admin = world.admin()
    user = admin.post("/users", json={"email": "trillian@heartofgold.ship", "firstName": "Tricia",
                                      "lastName": "McMillan", "workspaceId": world.workspace_id}).json()
    tok = admin.post("/tokens", json={"siteId": world.site_id, "scopes": "all", "userId": user["id"]}).json()
    world.http(tok["token"]).post(f"/sites/{world.site_id}/redirects", json={"fromUrl": "/x", "toUrl": "/y"})
    entry = world.http().get(f"/sites/{world.site_id}/activity_logs").json()["items"][0]
    assert entry["user"] == {"id": user["id"], "displayName": "Tricia McMillan"}


def test_activity_logs_errors(world: World, starter: dict[str, Any]) -> None:
    url = f"/sites/{world.site_id}/activity_logs"
    err(world.http(READ_ONLY).get(url), 403, "missing_scopes")
    err(world.http(OTHER_SITE).get(url), 403, "forbidden")
    # A malformed query: 400 (the spec declares none for this operation; docs/deviations.md).
    err(world.http(validate=False).get(url, params={"limit": "x"}), 400, "validation_error")
    # Enterprise only: the SDK raises on the 403 of a starter workspace.
    with pytest.raises(ApiError) as e:
        world.sdk(STARTER).sites.activity_logs.list(starter["site_id"])
    assert e.value.status_code == 403
    err(world.http(STARTER).get(f"/sites/{starter['site_id']}/activity_logs"), 403, "forbidden")


# -- workspace audit ----------------------------------------------------------------------------------
def test_audit_log_of_control_plane_events(world: World) -> None:
    admin = world.admin()
    user = admin.post("/users", json={"email": "marvin@heartofgold.ship", "firstName": "Marvin",
                                      "lastName": "Android", "workspaceId": world.workspace_id}).json()
    tok = admin.post("/tokens", json={"workspaceId": world.workspace_id, "scopes": "all", "userId": user["id"],
                                      "label": "marvin"}).json()
    assert admin.request("DELETE", f"/tokens/{tok['id']}", json={}).status_code == 200
    sdk = world.sdk(WORKSPACE)
    made = sdk.sites.create(world.workspace_id, name="Magrathea")
    assert made.id is not None
    sdk.sites.delete(made.id)

    log = sdk.workspaces.audit_logs.get_workspace_audit_logs(world.workspace_id)
    items = log.items or []
    newest = [(i.event_type, i.event_sub_type) for i in items[:5]]
    assert newest == [("site_membership", "user_removed"), ("site_membership", "user_added"),
                      ("user_access", "logout"), ("user_access", "login"), ("workspace_membership", "user_added")]

    raw = world.http(WORKSPACE).get("/workspaces/test-ws/audit_logs").json()  # by slug too
    removed, added, logout, login, member = raw["items"][:5]
    assert member["payload"]["targetUser"] == {"id": user["id"], "email": "marvin@heartofgold.ship"}
    assert member["workspace"] == {"id": world.workspace_id, "slug": "test-ws"}
    assert login["actor"] == {"id": user["id"], "email": "marvin@heartofgold.ship"}
    assert login["payload"]["method"] == "api" and login["payload"]["tokenId"] == tok["id"]
    assert logout["payload"]["tokenId"] == tok["id"]
    assert added["payload"]["site"] == {"id": made.id, "slug": "magrathea"}
    assert removed["payload"]["site"]["id"] == made.id
    # The seed: its workspace token, its sites and their tokens are in the log, oldest first with asc.
    oldest = world.http(WORKSPACE).get(f"/workspaces/{world.workspace_id}/audit_logs",
                                       params={"sortOrder": "asc", "limit": 1}).json()
    assert oldest["items"][0]["eventType"] == "user_access"
    assert oldest["pagination"]["total"] == raw["pagination"]["total"] and oldest["pagination"]["limit"] == 1


def test_audit_log_filters(world: World) -> None:
    world.admin().post("/users", json={"email": "eddie@heartofgold.ship", "firstName": "Eddie",
                                       "lastName": "Computer", "workspaceId": world.workspace_id})
    c = world.http(WORKSPACE)
    url = f"/workspaces/{world.workspace_id}/audit_logs"
    members = c.get(url, params={"eventType": "workspace_membership"}).json()
    assert [i["eventSubType"] for i in members["items"]] == ["user_added"]
    assert members["pagination"]["total"] == 1
    assert c.get(url, params={"eventType": "custom_role"}).json()["items"] == []
    everything = c.get(url).json()["pagination"]["total"]
    assert c.get(url, params={"from": "2000-01-01T00:00:00Z", "to": "2999-01-01T00:00:00Z"}).json()[
        "pagination"]["total"] == everything
    assert c.get(url, params={"to": "2000-01-01T00:00:00Z"}).json()["items"] == []
    # A malformed query: 400 (the spec declares none for this operation; docs/deviations.md).
    raw = world.http(WORKSPACE, validate=False)
    err(raw.get(url, params={"eventType": "nope"}), 400, "validation_error")
    err(raw.get(url, params={"sortOrder": "up"}), 400, "validation_error")
    err(raw.get(url, params={"from": "yesterday"}), 400, "validation_error")


def test_audit_logs_need_a_workspace_token_of_an_enterprise_workspace(world: World,
                                                                      starter: dict[str, Any]) -> None:
    url = f"/workspaces/{world.workspace_id}/audit_logs"
    err(world.http(FULL).get(url), 403, "forbidden")  # a site token
    err(world.http(STARTER_WS).get(url), 403, "forbidden")  # another workspace's token
    err(world.http(WORKSPACE).get("/workspaces/no-such-workspace/audit_logs"), 404, "resource_not_found")
    with pytest.raises(ApiError) as e:
        world.sdk(STARTER_WS).workspaces.audit_logs.get_workspace_audit_logs(starter["workspace_id"])
    assert e.value.status_code == 403
    err(world.http(STARTER_WS).get(f"/workspaces/{starter['workspace_id']}/audit_logs"), 403, "forbidden")
