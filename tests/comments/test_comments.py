"""Comments: threads made through the control plane and seed files, listed (locale filter, sort, paging) and
read through the SDK, replies listed through the SDK and added through the beta API as the token's user,
mentions resolved to users, users found by exact email, and comment_created webhooks."""

from __future__ import annotations

import json
from typing import Any

import pytest
from webflow.core.api_error import ApiError

from tests.support.wire import ZERO_ID, err
from tests.support.world import OTHER_SITE, READ_ONLY, World

ALEX = "a1" * 32  # a token that acts for Alex
ALEX_USER = {"email": "alex@example.test", "firstName": "Alex", "lastName": "Rivera"}
SAM_USER = {"email": "sam@example.test", "firstName": "Sam", "lastName": "Okafor"}


def people(world: World) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two users of the test workspace, and a site token acting for the first."""
    a = world.admin()
    made = []
    for u in (ALEX_USER, SAM_USER):
        r = a.post("/users", json={**u, "workspaceId": world.workspace_id})
        assert r.status_code == 201, r.text
        made.append(r.json())
    r = a.post("/tokens", json={"siteId": world.site_id, "scopes": "all", "value": ALEX,
                                "userEmail": ALEX_USER["email"]})
    assert r.status_code == 201, r.text
    return made[0], made[1]


def page(world: World, title: str, site_id: str | None = None) -> dict[str, Any]:
    r = world.admin().post(f"/sites/{site_id or world.site_id}/pages", json={"title": title})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def thread(world: World, site_id: str | None = None, **body: Any) -> dict[str, Any]:
    r = world.admin().post(f"/sites/{site_id or world.site_id}/comment_threads", json=body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def beta_reply(world: World, thread_id: str, content: str, token: str = ALEX) -> dict[str, Any]:
    r = world.http(token, prefix="beta").post(f"/sites/{world.site_id}/comments/{thread_id}/replies",
                                              json={"content": content})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def test_threads_from_the_control_plane_list_and_get_through_the_sdk(world: World) -> None:
    alex, sam = people(world)
    about, contact = page(world, "About"), page(world, "Contact")
    t1 = thread(world, page="about", author=ALEX_USER["email"], content=f"Photo? [[{sam['id']}]]",
                createdOn="2026-01-01T10:00:00.000Z",
                replies=[{"author": SAM_USER["email"], "content": "On it", "createdOn": "2026-01-02T10:00:00.000Z"}])
    t2 = thread(world, page=contact["id"], author=SAM_USER["email"], content="Typo here", locale="fr-FR",
                breakpoint="medium", createdOn="2026-01-01T12:00:00.000Z", isResolved=True)
    assert t1["pageId"] == about["id"] and t1["author"] == {"userId": alex["id"], "email": ALEX_USER["email"],
                                                            "name": "Alex Rivera"}
    assert t1["mentionedUsers"] == [{"userId": sam["id"], "email": SAM_USER["email"], "name": "Sam Okafor"}]
    # A reply moves its thread's lastUpdated.
    assert t1["createdOn"] == "2026-01-01T10:00:00.000Z" and t1["lastUpdated"] == "2026-01-02T10:00:00.000Z"
    assert len(t1["replies"]) == 1 and t1["replies"][0]["id"] == t1["id"]

    client = world.sdk()
    listed = client.sites.comments.list_comment_threads(world.site_id)
    assert [t.id for t in listed.comments] == [t1["id"], t2["id"]]
    assert listed.pagination.total == 2
    got = client.sites.comments.get_comment_thread(world.site_id, t2["id"])
    assert (got.page_id, got.is_resolved, got.breakpoint, got.item_id) == (contact["id"], True, "medium", None)
    assert got.author.user_id == sam["id"] and got.mentioned_users == []
    assert got.url.startswith("https://webflow.com/design/test-site?workflow=comment&commentId=" + t2["id"])

    c = world.http()
    raw = c.get(f"/sites/{world.site_id}/comments", params={"sortBy": "lastUpdated", "sortOrder": "desc"}).json()
    assert [t["id"] for t in raw["comments"]] == [t1["id"], t2["id"]]
    raw = c.get(f"/sites/{world.site_id}/comments", params={"sortBy": "createdOn", "sortOrder": "desc"}).json()
    assert [t["id"] for t in raw["comments"]] == [t2["id"], t1["id"]]
    paged = c.get(f"/sites/{world.site_id}/comments", params={"limit": 1, "offset": 1}).json()
    assert [t["id"] for t in paged["comments"]] == [t2["id"]]
    assert paged["pagination"] == {"limit": 1, "offset": 1, "total": 2}
    fr = world.site["locales"]["secondary"][0]["id"]
    by_locale = client.sites.comments.list_comment_threads(world.site_id, locale_id=fr)
    assert [t.id for t in by_locale.comments] == [t2["id"]] and by_locale.comments[0].locale_id == fr
    # The v2 and beta lists are the same; another site has none.
    assert world.http(prefix="beta").get(f"/sites/{world.site_id}/comments").json()["comments"] == c.get(
        f"/sites/{world.site_id}/comments").json()["comments"]
    assert world.http(OTHER_SITE).get(f"/sites/{world.other_site_id}/comments").json()["comments"] == []


def test_replies_listed_and_added_as_the_tokens_user(world: World) -> None:
    alex, sam = people(world)
    page(world, "About")
    t = thread(world, page="about", author=SAM_USER["email"], content="Is this right?",
               replies=[{"author": SAM_USER["email"], "content": "First reply"}])
    reply = beta_reply(world, t["id"], f"Yes, ask [[{sam['id']}]] and [[{ZERO_ID}]]")
    assert reply["id"] == t["id"] and reply["commentId"] != t["id"]
    assert reply["author"]["id"] == alex["id"] and reply["author"]["email"] == ALEX_USER["email"]
    assert reply["author"]["name"] == "Alex Rivera"
    assert [u["id"] for u in reply["mentionedUsers"]] == [sam["id"]]  # an unknown id mentions no one
    replies = world.sdk().sites.comments.list_comment_replies(world.site_id, t["id"])
    assert [r.content for r in replies.comments] == ["First reply", reply["content"]]
    assert replies.pagination.total == 2
    assert replies.comments[1].author.id == alex["id"]
    desc = world.http().get(f"/sites/{world.site_id}/comments/{t['id']}/replies",
                            params={"sortOrder": "desc", "limit": 1}).json()
    assert [r["commentId"] for r in desc["comments"]] == [reply["commentId"]]
    assert desc["pagination"] == {"limit": 1, "offset": 0, "total": 2}
    after = world.http().get(f"/sites/{world.site_id}/comments/{t['id']}").json()
    assert after["lastUpdated"] == reply["createdOn"] and after["lastUpdated"] >= t["lastUpdated"]


def test_reply_rules_write_nothing(world: World, database_url: str) -> None:
    from tests.test_foundation import row_counts

    people(world)
    page(world, "About")
    foreign_page = page(world, "Elsewhere", site_id=world.other_site_id)
    t = thread(world, page="about", author=ALEX_USER["email"], content="Hello")
    r = world.admin().post("/users", json={"email": "o@example.test", "firstName": "O", "lastName": "P",
                                           "workspaceId": world.workspace_id})
    assert r.status_code == 201
    foreign = thread(world, site_id=world.other_site_id, page=foreign_page["id"], author="o@example.test",
                     content="Elsewhere")
    beta = world.http(ALEX, prefix="beta")
    url = f"/sites/{world.site_id}/comments/{t['id']}/replies"
    before = row_counts(database_url)
    err(beta.post(url, json={"content": "x" * 2041}), 400, "validation_error")
    err(beta.post(url, json={"content": ""}), 400, "validation_error")
    err(beta.post(url, json={"content": "   "}), 400, "validation_error")
    err(beta.post(url, json={}), 400, "validation_error")
    err(beta.post(url, json={"content": "x", "extra": 1}), 400, "validation_error")
    err(beta.post(f"/sites/{world.site_id}/comments/{ZERO_ID}/replies", json={"content": "x"}), 404,
        "resource_not_found")
    err(beta.post(f"/sites/{world.site_id}/comments/{foreign['id']}/replies", json={"content": "x"}), 403,
        "forbidden")
    err(world.http(OTHER_SITE, prefix="beta").post(url, json={"content": "x"}), 403, "forbidden")
    err(world.http(READ_ONLY, prefix="beta").post(url, json={"content": "x"}), 403, "missing_scopes")
    assert row_counts(database_url) == before
    assert beta.post(url, json={"content": "x" * 2040}).status_code == 201


def test_thread_lookups(world: World) -> None:
    people(world)
    page(world, "About")
    t = thread(world, page="about", author=ALEX_USER["email"], content="Hello")
    c = world.http()
    err(c.get(f"/sites/{world.site_id}/comments/{ZERO_ID}"), 404, "resource_not_found")
    err(c.get(f"/sites/{world.site_id}/comments/not-an-id"), 400, "validation_error")
    err(c.get(f"/sites/{world.other_site_id}/comments/{t['id']}"), 403, "forbidden")
    err(c.get(f"/sites/{world.site_id}/comments", params={"localeId": world.fr}), 400, "validation_error")
    err(c.get(f"/sites/{world.site_id}/comments", params={"sortBy": "title"}), 400, "validation_error")
    err(c.get(f"/sites/{world.site_id}/comments/{t['id']}/replies", params={"sortOrder": "up"}), 400,
        "validation_error")
    err(world.http(READ_ONLY).get(f"/sites/{world.site_id}/comments"), 403, "missing_scopes")
    with pytest.raises(ApiError) as e:
        world.sdk().sites.comments.get_comment_thread(world.site_id, ZERO_ID)
    assert e.value.status_code == 404


def test_search_users_by_exact_email(world: World) -> None:
    alex, _ = people(world)
    beta = world.http(prefix="beta")
    url = f"/sites/{world.site_id}/comments/users"
    found = beta.get(url, params={"email": ALEX_USER["email"]}).json()
    assert found == {"users": [{"userId": alex["id"], "email": ALEX_USER["email"], "name": "Alex Rivera"}]}
    assert beta.get(url, params={"email": ALEX_USER["email"].upper()}).json()["users"][0]["userId"] == alex["id"]
    assert beta.get(url, params={"email": "alex@example"}).json() == {"users": []}  # exact, not a prefix
    assert beta.get(url, params={"email": "nobody@example.test"}).json() == {"users": []}
    err(beta.get(url), 400, "validation_error")
    err(beta.get(url, params={"email": "not-an-email"}), 400, "validation_error")
    # Users of another workspace are not found.
    r = world.admin().post("/seed", json={"workspaces": [{"displayName": "Other WS", "users": [
        {"email": "zed@example.test", "firstName": "Zed", "lastName": "Z"}]}]})
    assert r.status_code == 201, r.text
    assert beta.get(url, params={"email": "zed@example.test"}).json() == {"users": []}


def test_bad_threads_write_nothing_and_seed_files_take_threads(world: World, database_url: str) -> None:
    from tests.test_foundation import row_counts

    people(world)
    page(world, "About")
    a = world.admin()
    before = row_counts(database_url)
    for body in [
        {"page": "nope", "author": ALEX_USER["email"], "content": "x"},
        {"page": "about", "author": "stranger@example.test", "content": "x"},
        {"page": "about", "author": ALEX_USER["email"], "content": "x", "locale": "es-ES"},
        {"page": "about", "author": ALEX_USER["email"], "content": "x", "item": "nope"},
        {"page": "about", "author": ALEX_USER["email"], "content": "x" * 2041},
        {"page": "about", "author": ALEX_USER["email"], "content": "x",
         "replies": [{"author": "stranger@example.test", "content": "y"}]},
    ]:
        r = a.post(f"/sites/{world.site_id}/comment_threads", json=body)
        assert r.status_code == 400, r.text
    assert a.post(f"/sites/{ZERO_ID}/comment_threads", json={"page": "about", "author": ALEX_USER["email"],
                                                             "content": "x"}).status_code == 404
    assert row_counts(database_url) == before

    r = a.post("/seed", json={"workspaces": [{"displayName": "Seeded", "users": [SAM_USER], "sites": [{
        "displayName": "Seeded Site", "tokens": [{"value": "f" * 64, "scopes": "all"}],
        "pages": [{"title": "Home"}],
        "commentThreads": [{"page": "index", "author": SAM_USER["email"], "content": "Nice",
                            "replies": [{"author": SAM_USER["email"], "content": "Thanks"}]}],
    }]}]})
    assert r.status_code == 201, r.text
    out = r.json()
    assert [t["content"] for t in out["commentThreads"]] == ["Nice"]
    site_id = out["sites"][0]["id"]
    listed = world.http("f" * 64).get(f"/sites/{site_id}/comments").json()["comments"]
    assert len(listed) == 1 and listed[0]["author"]["email"] == SAM_USER["email"]
    assert len(world.http("f" * 64).get(f"/sites/{site_id}/comments/{listed[0]['id']}/replies").json()[
        "comments"]) == 1


def test_a_page_deleted_takes_its_threads(world: World) -> None:
    people(world)
    about = page(world, "About")
    thread(world, page="about", author=ALEX_USER["email"], content="Hello")
    assert world.admin().request("DELETE", f"/sites/{world.site_id}/pages/{about['id']}", json={}).status_code == 204
    assert world.http().get(f"/sites/{world.site_id}/comments").json()["comments"] == []


def test_comment_created_webhooks_for_threads_and_replies(world: World) -> None:
    alex, sam = people(world)
    assert world.admin().put("/sinks/comments", json={"status": 200}).status_code == 200
    r = world.http().post(f"/sites/{world.site_id}/webhooks",
                          json={"triggerType": "comment_created", "url": f"{world.base}/_admin/sinks/comments"})
    assert r.status_code in (200, 201), r.text
    hook_id = r.json()["id"]
    page(world, "About")
    t = thread(world, page="about", author=ALEX_USER["email"], content=f"Hi [[{sam['id']}]]",
               replies=[{"author": SAM_USER["email"], "content": "Hello"}])
    reply = beta_reply(world, t["id"], "Thanks")
    err(world.http(ALEX, prefix="beta").post(f"/sites/{world.site_id}/comments/{t['id']}/replies",
                                             json={"content": ""}), 400, "validation_error")
    deliveries = world.admin().get(f"/webhooks/{hook_id}/deliveries").json()["deliveries"]
    bodies = [json.loads(d["body"]) for d in deliveries]
    assert [b["triggerType"] for b in bodies] == ["comment_created"] * 3
    first, second, third = (b["payload"] for b in bodies)
    assert first["type"] == "new_comment" and first["threadId"] == t["id"] and first["commentId"] != t["id"]
    assert first["author"] == {"userId": alex["id"], "email": ALEX_USER["email"], "name": "Alex Rivera"}
    assert first["mentionedUsers"] == [{"userId": sam["id"], "email": SAM_USER["email"], "name": "Sam Okafor"}]
    assert (first["siteId"], first["pageId"], first["content"]) == (world.site_id, t["pageId"], t["content"])
    assert first["url"] == t["url"] and first["createdOn"] == t["createdOn"]
    assert second["type"] == "reply" and second["commentId"] == t["replies"][0]["commentId"]
    assert second["author"]["userId"] == sam["id"]
    assert third["type"] == "reply" and third["commentId"] == reply["commentId"] and third["content"] == "Thanks"
