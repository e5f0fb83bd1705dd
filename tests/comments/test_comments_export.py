"""Comment threads in `webflow-local export`: a seed keeps the thread and reply ids it gives, takes authors
and mentioned users as the API shows them (kept as given, workspace users or not), refuses an id that exists
or repeats with nothing written; the export carries threads and replies so that seeding it answers the same
reads."""

from __future__ import annotations

from typing import Any

from tests.comments.test_comments import ALEX_USER, SAM_USER, beta_reply, page, people, thread
from tests.export.cli import in_process
from tests.support.wire import err
from tests.support.world import FULL, World
from tests.test_foundation import row_counts
from webflow_local.transfer.world import export_world

THREAD, REPLY_1, REPLY_2 = "c0" * 12, "c1" * 12, "c2" * 12
GHOST = {"userId": "c3" * 12, "email": "gone@example.test", "name": "Former Member"}


def test_a_seed_keeps_ids_and_the_people_it_gives(world: World) -> None:
    alex, sam = people(world)
    page(world, "About")
    sam_person = {"userId": sam["id"], "email": SAM_USER["email"], "name": "Sam Okafor"}
    made = thread(world, id=THREAD, page="about", author=GHOST, content=f"Hi [[{alex['id']}]]",
                  mentionedUsers=[sam_person], replies=[
                      {"id": REPLY_1, "author": ALEX_USER["email"], "content": "One", "mentionedUsers": [],
                       "createdOn": "2026-01-01T00:00:00.000Z"},
                      {"author": GHOST, "content": f"[[{sam['id']}]] two", "createdOn": "2026-01-02T00:00:00.000Z"},
                      {"id": REPLY_2, "author": SAM_USER["email"], "content": "Three",
                       "createdOn": "2026-01-03T00:00:00.000Z"}])
    assert made["id"] == THREAD
    c = world.http()
    got = c.get(f"/sites/{world.site_id}/comments/{THREAD}").json()
    # The given people, not the ones `[[id]]` names.
    assert got["author"] == GHOST and got["mentionedUsers"] == [sam_person]
    replies = c.get(f"/sites/{world.site_id}/comments/{THREAD}/replies").json()["comments"]
    assert [r["commentId"] for r in replies][::2] == [REPLY_1, REPLY_2]
    assert replies[1]["commentId"] not in (REPLY_1, REPLY_2, THREAD)
    assert replies[0]["mentionedUsers"] == [] and replies[0]["author"]["userId"] == alex["id"]
    # Without mentionedUsers, `[[id]]` names them.
    assert replies[1]["author"] == {"id": GHOST["userId"], **GHOST}
    assert [u["userId"] for u in replies[1]["mentionedUsers"]] == [sam["id"]]


def test_an_id_that_exists_or_repeats_is_refused_and_nothing_written(world: World, database_url: str) -> None:
    people(world)
    page(world, "About")
    a = world.admin()
    url = f"/sites/{world.site_id}/comment_threads"

    def body(**extra: Any) -> dict[str, Any]:
        return {"page": "about", "author": ALEX_USER["email"], "content": "x", **extra}

    before = row_counts(database_url)
    twice = [{"id": REPLY_1, "author": GHOST, "content": "a"}, {"id": REPLY_1, "author": GHOST, "content": "b"}]
    assert err(a.post(url, json=body(replies=twice)), 409, "conflict")["details"][0]["param"] == "replies.1.id"
    err(a.post(url, json=body(replies=[{"id": "nope", "author": GHOST, "content": "a"}])), 400, "validation_error")
    err(a.post(url, json=body(author={"email": "x@example.test"})), 400, "validation_error")
    assert row_counts(database_url) == before
    thread(world, **body(id=THREAD, replies=[{"id": REPLY_1, "author": GHOST, "content": "a"}]))
    after = row_counts(database_url)
    err(a.post(url, json=body(id=THREAD)), 409, "conflict")
    err(a.post(url, json=body(replies=[{"id": REPLY_1, "author": GHOST, "content": "a"}])), 409, "conflict")
    # In a seed file too: the whole seed is refused.
    r = a.post("/seed", json={"workspaces": [{"displayName": "Again", "sites": [{
        "displayName": "Again", "pages": [{"title": "About"}],
        "commentThreads": [body(replies=[{"id": REPLY_1, "author": GHOST, "content": "a"}])]}]}]})
    err(r, 409, "conflict")
    assert row_counts(database_url) == after


def _comment_reads(world: World, site_id: str) -> dict[str, Any]:
    c = world.http(FULL)
    threads = c.get(f"/sites/{site_id}/comments").json()["comments"]
    return {"threads": threads, **{t["id"]: [c.get(f"/sites/{site_id}/comments/{t['id']}").json(),
                                             c.get(f"/sites/{site_id}/comments/{t['id']}/replies").json()]
                                   for t in threads}}


def test_the_export_carries_threads_and_replies(world: World, database_url: str) -> None:
    alex, sam = people(world)
    about, contact = page(world, "About"), page(world, "Contact")
    t1 = thread(world, page="contact", author=SAM_USER["email"], content="Typo", locale="fr-FR",
                breakpoint="medium", isResolved=True, item="c4" * 12, createdOn="2026-01-02T00:00:00.000Z")
    t2 = thread(world, page="about", author=ALEX_USER["email"], content=f"[[{sam['id']}]] photo?",
                createdOn="2026-01-01T00:00:00.000Z",
                replies=[{"author": SAM_USER["email"], "content": "Yes", "createdOn": "2026-01-03T00:00:00.000Z"}])
    beta_reply(world, t2["id"], f"Done, [[{alex['id']}]]")
    before = _comment_reads(world, world.site_id)
    assert [t["id"] for t in before["threads"]] == [t2["id"], t1["id"]]

    exported = in_process(database_url, lambda ctx: export_world(ctx, world.site_id))
    site = exported["workspaces"][0]["sites"][0]
    first, second = site["commentThreads"]
    assert first["id"] == t2["id"] and first["page"] == about["id"] and first["locale"] == "en"
    assert first["author"] == {"userId": alex["id"], "email": ALEX_USER["email"], "name": "Alex Rivera"}
    assert first["mentionedUsers"] == [{"userId": sam["id"], "email": SAM_USER["email"], "name": "Sam Okafor"}]
    assert [r["content"] for r in first["replies"]] == ["Yes", f"Done, [[{alex['id']}]]"]
    assert "mentionedUsers" not in first["replies"][0] and "id" not in first["replies"][0]["author"]
    assert (second["page"], second["locale"], second["breakpoint"], second["isResolved"], second["item"]) == (
        contact["id"], "fr-FR", "medium", True, "c4" * 12)

    assert world.admin().post("/reset", json={}).status_code == 200
    site["tokens"] = [{"value": FULL, "scopes": "all"}]
    # The pages family's export brings the pages with their ids; without it, the pages the threads are on.
    site.setdefault("pages", [{"id": about["id"], "title": "About"}, {"id": contact["id"], "title": "Contact"}])
    r = world.admin().post("/seed", json=exported)
    assert r.status_code == 201, r.text
    assert _comment_reads(world, world.site_id) == before
