"""Issue 3: staged items across locales, the bulk localized create, field validation, lists."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest

from tests.support.wire import ZERO_ID, err
from tests.support.world import World


@pytest.fixture
def blog(world: World) -> dict[str, Any]:
    authors = world.create_collection({"displayName": "Authors", "singularName": "Author"})
    coll = world.create_collection(
        {
            "displayName": "Blog Posts",
            "singularName": "Blog Post",
            "fields": [
                {"type": "PlainText", "displayName": "Summary"},
                {"type": "RichText", "displayName": "Body"},
                {"type": "Email", "displayName": "Email"},
                {"type": "Phone", "displayName": "Phone"},
                {"type": "Link", "displayName": "Link"},
                {"type": "VideoLink", "displayName": "Video"},
                {"type": "Number", "displayName": "Score"},
                {"type": "Switch", "displayName": "Featured"},
                {"type": "DateTime", "displayName": "When"},
                {"type": "Color", "displayName": "Color"},
                {
                    "type": "Option",
                    "displayName": "Kind",
                    "metadata": {"options": [{"name": "News"}, {"name": "Guide"}]},
                },
                {"type": "Reference", "displayName": "Author", "metadata": {"collectionId": authors["id"]}},
                {"type": "MultiReference", "displayName": "Coauthors", "metadata": {"collectionId": authors["id"]}},
                {"type": "Image", "displayName": "Image"},
                {"type": "MultiImage", "displayName": "Gallery"},
                {"type": "File", "displayName": "Attachment"},
            ],
        }
    )
    kind = next(f for f in coll["fields"] if f["slug"] == "kind")
    return {
        "id": coll["id"],
        "authors": authors["id"],
        "options": {o["name"]: o["id"] for o in kind["validations"]["options"]},
    }


def count(world: World, cid: str, locale: str | None = None) -> int:
    params = {"cmsLocaleId": locale} if locale else {}
    return int(world.http().get(f"/collections/{cid}/items", params=params).json()["pagination"]["total"])


# -- the seed request --------------------------------------------------------------------------------
def test_bulk_create_in_three_locales_then_each_locale_alone(world: World, blog: dict[str, Any]) -> None:
    sdk = world.sdk()
    items = sdk.collections.items
    r = world.http().post(
        f"/collections/{blog['id']}/items/bulk",
        json={
            "cmsLocaleIds": [world.en, world.fr, world.de],
            "isArchived": False,
            "isDraft": True,
            "fieldData": {"name": "Don't Panic", "slug": "dont-panic"},
        },
    )
    assert r.status_code == 202
    body = r.json()
    assert len(body["items"]) == 3
    item_id = body["id"]
    assert {i["id"] for i in body["items"]} == {item_id}
    assert [i["cmsLocaleId"] for i in body["items"]] == [world.en, world.fr, world.de]
    assert all(i["isDraft"] is True and i["lastPublished"] is None for i in body["items"])
    # Each locale reads on its own.
    for loc in (world.en, world.fr, world.de):
        got = items.get_item(blog["id"], item_id, cms_locale_id=loc)
        assert got.cms_locale_id == loc and got.field_data.name == "Don't Panic"
        listed = items.list_items(blog["id"], cms_locale_id=loc)
        assert [i.id for i in listed.items or []] == [item_id]
    # Translate French only: its own name and slug.
    fr = items.update_item(
        blog["id"], item_id, cms_locale_id=world.fr, field_data={"name": "Pas de panique", "slug": "ne-paniquez-pas"}
    )
    assert fr.field_data.slug == "ne-paniquez-pas"
    assert items.get_item(blog["id"], item_id, cms_locale_id=world.en).field_data.slug == "dont-panic"
    assert items.get_item(blog["id"], item_id, cms_locale_id=world.de).field_data.name == "Don't Panic"
    # A comma list answers one entry per item x locale.
    both = world.http().get(f"/collections/{blog['id']}/items", params={"cmsLocaleId": f"{world.en},{world.fr}"}).json()
    assert [(i["id"], i["cmsLocaleId"]) for i in both["items"]] == [(item_id, world.en), (item_id, world.fr)]
    assert both["pagination"]["total"] == 2
    # Delete German only.
    items.delete_item(blog["id"], item_id, cms_locale_id=world.de)
    err(
        world.http().get(f"/collections/{blog['id']}/items/{item_id}", params={"cmsLocaleId": world.de}),
        404,
        "resource_not_found",
    )
    assert items.get_item(blog["id"], item_id, cms_locale_id=world.fr).field_data.name == "Pas de panique"
    assert count(world, blog["id"], world.de) == 0 and count(world, blog["id"], world.en) == 1


def test_bulk_create_through_sdk_many_items(world: World, blog: dict[str, Any]) -> None:
    res = world.sdk().collections.items.create_items(
        blog["id"],
        cms_locale_ids=[world.en, world.fr],
        field_data=[{"name": f"Post {i}", "slug": f"post-{i}"} for i in range(5)],
    )
    assert res.id
    extra = res.model_extra or {}
    entries = extra["items"]
    assert len(entries) == 10
    assert [e["cmsLocaleId"] for e in entries[:2]] == [world.en, world.fr]
    assert entries[0]["id"] == entries[1]["id"] != entries[2]["id"]
    assert [e["fieldData"]["slug"] for e in entries[::2]] == [f"post-{i}" for i in range(5)]


def test_bulk_without_locales_goes_to_primary_and_bad_locale_is_400(world: World, blog: dict[str, Any]) -> None:
    c = world.http()
    r = c.post(f"/collections/{blog['id']}/items/bulk", json={"fieldData": {"name": "A", "slug": "a"}})
    assert [i["cmsLocaleId"] for i in r.json()["items"]] == [world.en]
    other_locale = world.admin().get(f"/sites/{world.other_site_id}").json()["locales"]["primary"]["cmsLocaleId"]
    for bad in (ZERO_ID, other_locale):
        err(
            c.post(
                f"/collections/{blog['id']}/items/bulk",
                json={"cmsLocaleIds": [world.en, bad], "fieldData": {"name": "B", "slug": "b"}},
            ),
            400,
            "validation_error",
        )
    assert count(world, blog["id"]) == 1


def test_limit_of_100_items(world: World, blog: dict[str, Any]) -> None:
    c = world.http()
    many = [{"name": f"N{i}", "slug": f"n-{i}"} for i in range(101)]
    err(c.post(f"/collections/{blog['id']}/items/bulk", json={"fieldData": many}), 400, "validation_error")
    err(
        c.post(f"/collections/{blog['id']}/items", json={"items": [{"fieldData": d} for d in many]}),
        400,
        "validation_error",
    )
    assert count(world, blog["id"]) == 0
    r = c.post(f"/collections/{blog['id']}/items/bulk", json={"fieldData": many[:100]})
    assert r.status_code == 202 and len(r.json()["items"]) == 100
    # Locale variants count: 34 items in 3 locales are 102 entries (tests/fidelity has more).
    r = c.post(
        f"/collections/{blog['id']}/items/bulk",
        json={"cmsLocaleIds": [world.en, world.fr, world.de], "fieldData": many[:34]},
    )
    err(r, 400, "validation_error")


def test_bulk_is_all_or_nothing(world: World, blog: dict[str, Any]) -> None:
    data: list[dict[str, Any]] = [{"name": f"N{i}", "slug": f"n-{i}"} for i in range(49)]
    data.append({"name": "Bad", "slug": "bad", "score": "not a number"})
    body = err(
        world.http().post(
            f"/collections/{blog['id']}/items/bulk", json={"cmsLocaleIds": [world.en, world.fr], "fieldData": data}
        ),
        400,
        "validation_error",
    )
    assert body["details"][0]["param"] == "score"
    assert count(world, blog["id"], world.en) == 0 and count(world, blog["id"], world.fr) == 0


def test_create_item_single_and_list_forms(world: World, blog: dict[str, Any]) -> None:
    items = world.sdk().collections.items
    one = items.create_item(blog["id"], request={"fieldData": {"name": "One", "slug": "one"}})
    assert one.is_draft is True and one.is_archived is False and one.cms_locale_id == world.en
    # Plain create with a cmsLocaleId creates in that locale only, with its own id.
    fr = items.create_item(
        blog["id"], request={"cmsLocaleId": world.fr, "isDraft": False, "fieldData": {"name": "Un", "slug": "un"}}
    )
    assert fr.cms_locale_id == world.fr and fr.id != one.id and fr.is_draft is False
    err(world.http().get(f"/collections/{blog['id']}/items/{fr.id}"), 404, "resource_not_found")
    r = world.http().post(
        f"/collections/{blog['id']}/items",
        json={
            "items": [{"fieldData": {"name": "Two", "slug": "two"}}, {"fieldData": {"name": "Three", "slug": "three"}}]
        },
    )
    assert r.status_code == 202
    ids = [i["id"] for i in r.json()["items"]]
    assert len(set(ids)) == 2
    assert count(world, blog["id"]) == 3


# -- field values ------------------------------------------------------------------------------------
GOOD: list[tuple[str, Any, Any]] = [
    ("summary", "One line", "One line"),
    ("body", "<p>Hello <strong>world</strong></p>", "<p>Hello <strong>world</strong></p>"),
    ("email", "ada@example.com", "ada@example.com"),
    ("phone", "+44 20 7946 0958", "+44 20 7946 0958"),
    ("link", "https://example.com/a?b=c", "https://example.com/a?b=c"),
    ("video", "https://www.youtube.com/watch?v=abc", "https://www.youtube.com/watch?v=abc"),
    ("score", 42, 42),
    ("score", -1.5, -1.5),
    ("featured", True, True),
    ("when", "2024-03-01T10:00:00+02:00", "2024-03-01T08:00:00.000Z"),
    ("when", "2024-03-01", "2024-03-01T00:00:00.000Z"),
    ("color", "#db4b68", "#db4b68"),
    ("color", "rgba(0, 0, 0, 0.5)", "rgba(0, 0, 0, 0.5)"),
    ("color", "rebeccapurple", "rebeccapurple"),
    ("color", "#FFF", "#FFF"),
    ("image", {"url": "https://cdn.example.com/a.png", "alt": "A"}, None),
    ("gallery", [{"url": "https://cdn.example.com/a.png"}, {"fileId": "5" * 24}], None),
    ("attachment", {"url": "https://cdn.example.com/a.pdf"}, None),
]
BAD: list[tuple[str, Any]] = [
    ("summary", 5),
    ("summary", "two\nlines"),
    ("body", ["x"]),
    ("email", "not-an-email"),
    ("phone", "call me"),
    ("link", "notaurl"),
    ("video", "ftp://x"),
    ("score", "12"),
    ("score", True),
    ("featured", "yes"),
    ("when", "yesterday"),
    ("color", "#12345"),
    ("color", "blurple"),
    ("kind", "News"),
    ("kind", "0" * 32),
    ("author", "not-an-id"),
    ("author", ZERO_ID),
    ("coauthors", "5" * 24),
    ("image", {"href": "x"}),
    ("image", {"url": "javascript:alert(1)"}),
    ("gallery", {"url": "https://x.test/a.png"}),
    ("nonexistent", "x"),
]


@pytest.mark.parametrize(("slug", "value", "stored"), GOOD, ids=[f"{s}-{i}" for i, (s, _, _) in enumerate(GOOD)])
def test_accepted_field_values(world: World, blog: dict[str, Any], slug: str, value: Any, stored: Any) -> None:
    r = world.http().post(
        f"/collections/{blog['id']}/items", json={"fieldData": {"name": "V", "slug": "v", slug: value}}
    )
    assert r.status_code == 202, r.text
    got = r.json()["fieldData"][slug]
    if stored is not None:
        assert got == stored
    elif slug in {"image", "attachment"}:
        assert got["url"] == value["url"] and len(got["fileId"]) == 24
    else:
        assert [g["fileId"] for g in got][1] == "5" * 24


@pytest.mark.parametrize(("slug", "value"), BAD, ids=[f"{s}-{i}" for i, (s, _) in enumerate(BAD)])
def test_rejected_field_values(world: World, blog: dict[str, Any], slug: str, value: Any) -> None:
    r = world.http().post(
        f"/collections/{blog['id']}/items", json={"fieldData": {"name": "V", "slug": "v", slug: value}}
    )
    body = err(r, 400, "validation_error")
    assert body["details"][0]["param"] == slug
    if slug == "nonexistent":
        assert body["details"] == [{"param": "nonexistent", "description": "Field not described in schema: undefined"}]
    assert count(world, blog["id"]) == 0


def test_option_and_references(world: World, blog: dict[str, Any]) -> None:
    c = world.http()
    author = c.post(
        f"/collections/{blog['authors']}/items/bulk",
        json={"cmsLocaleIds": [world.en], "fieldData": {"name": "Ada", "slug": "ada"}},
    ).json()["id"]
    r = c.post(
        f"/collections/{blog['id']}/items/bulk",
        json={
            "cmsLocaleIds": [world.en],
            "fieldData": {
                "name": "P",
                "slug": "p",
                "kind": blog["options"]["Guide"],
                "author": author,
                "coauthors": [author],
            },
        },
    )
    assert r.status_code == 202, r.text
    assert r.json()["items"][0]["fieldData"]["kind"] == blog["options"]["Guide"]
    # The author exists in English only: a French variant referencing it fails.
    body = err(
        c.post(
            f"/collections/{blog['id']}/items/bulk",
            json={"cmsLocaleIds": [world.en, world.fr], "fieldData": {"name": "Q", "slug": "q", "author": author}},
        ),
        400,
        "validation_error",
    )
    assert body["details"][0]["param"] == "author" and "Referenced item not found" in body["details"][0]["description"]


def test_required_name_and_slug_and_unknown_keys(world: World, blog: dict[str, Any]) -> None:
    c = world.http()
    body = err(
        c.post(f"/collections/{blog['id']}/items", json={"fieldData": {"summary": "x"}}), 400, "validation_error"
    )
    assert {d["param"] for d in body["details"]} == {"name", "slug"}
    body = err(
        c.post(f"/collections/{blog['id']}/items", json={"fieldData": {"name": "n", "slug": "s", "a": 1, "b": 2}}),
        400,
        "validation_error",
    )
    assert [d["param"] for d in body["details"]] == ["a", "b"]
    for bad in ("Has Space", "UPPER", "slash/y", "ünï"):
        body = err(
            c.post(f"/collections/{blog['id']}/items", json={"fieldData": {"name": "n", "slug": bad}}),
            400,
            "validation_error",
        )
        assert body["details"][0]["param"] == "slug"
    err(
        c.post(f"/collections/{blog['id']}/items", json={"fieldData": {"name": "n", "slug": "s"}, "colour": 1}),
        400,
        "validation_error",
    )
    assert count(world, blog["id"]) == 0


def test_duplicate_slugs(world: World, blog: dict[str, Any]) -> None:
    c = world.http()
    assert (
        c.post(
            f"/collections/{blog['id']}/items/bulk",
            json={"cmsLocaleIds": [world.en, world.fr], "fieldData": {"name": "A", "slug": "taken"}},
        ).status_code
        == 202
    )
    dup = {"param": "slug", "description": "Unique value is already in database: 'taken'"}
    body = err(
        c.post(f"/collections/{blog['id']}/items", json={"fieldData": {"name": "B", "slug": "taken"}}),
        400,
        "validation_error",
    )
    assert body["details"] == [dup]
    # The same slug twice in one request.
    body = err(
        c.post(
            f"/collections/{blog['id']}/items/bulk",
            json={"fieldData": [{"name": "C", "slug": "twice"}, {"name": "D", "slug": "twice"}]},
        ),
        400,
        "validation_error",
    )
    assert body["details"] == [{"param": "slug", "description": "Unique value is already in database: 'twice'"}]
    # Slugs are unique per locale: German may use it.
    assert (
        c.post(
            f"/collections/{blog['id']}/items",
            json={"cmsLocaleId": world.de, "fieldData": {"name": "B", "slug": "taken"}},
        ).status_code
        == 202
    )
    assert count(world, blog["id"]) == 1


def test_concurrent_creates_of_one_slug(world: World, blog: dict[str, Any]) -> None:
    barrier = threading.Barrier(2)
    results: list[httpx.Response] = []

    def create(n: int) -> None:
        c = world.http(validate=False)
        barrier.wait()
        results.append(
            c.post(
                f"/collections/{blog['id']}/items/bulk",
                json={
                    "cmsLocaleIds": [world.en, world.fr],
                    "fieldData": [{"name": f"X{n}-{i}", "slug": f"x-{n}-{i}"} for i in range(20)]
                    + [{"name": "Same", "slug": "same-slug"}],
                },
            )
        )

    threads = [threading.Thread(target=create, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status_code for r in results) == [202, 400]
    loser = next(r for r in results if r.status_code == 400).json()
    assert loser["details"] == [{"param": "slug", "description": "Unique value is already in database: 'same-slug'"}]
    assert count(world, blog["id"], world.en) == 21 and count(world, blog["id"], world.fr) == 21


# -- update and delete --------------------------------------------------------------------------------
def test_update_merges_and_targets_one_locale(world: World, blog: dict[str, Any]) -> None:
    items = world.sdk().collections.items
    made = (
        world.http()
        .post(
            f"/collections/{blog['id']}/items/bulk",
            json={
                "cmsLocaleIds": [world.en, world.fr],
                "fieldData": {"name": "M", "slug": "m", "summary": "keep", "score": 1},
            },
        )
        .json()
    )
    item_id = made["id"]
    world.admin().post("/clock", json={"freeze": True, "advanceSeconds": 5})
    upd = items.update_item(blog["id"], item_id, field_data={"score": 2}, is_archived=True)
    assert upd.field_data.model_extra is not None
    fd = upd.model_dump(by_alias=True)["fieldData"]
    assert fd["summary"] == "keep" and fd["score"] == 2 and upd.is_archived is True
    assert upd.last_updated != made["items"][0]["lastUpdated"]
    fr = items.get_item(blog["id"], item_id, cms_locale_id=world.fr).model_dump(by_alias=True)
    assert fr["fieldData"]["score"] == 1 and fr["isArchived"] is False
    # A redundant body id equal to the path id is accepted; a different one is not.
    c = world.http()
    assert (
        c.patch(
            f"/collections/{blog['id']}/items/{item_id}", json={"id": item_id, "fieldData": {"score": 3}}
        ).status_code
        == 200
    )
    err(
        c.patch(f"/collections/{blog['id']}/items/{item_id}", json={"id": ZERO_ID, "fieldData": {"score": 3}}),
        400,
        "validation_error",
    )
    # Clearing a required field is refused.
    err(
        c.patch(f"/collections/{blog['id']}/items/{item_id}", json={"fieldData": {"name": ""}}), 400, "validation_error"
    )
    world.admin().post("/clock", json={"freeze": False})


def test_update_items_bulk_and_missing_variant(world: World, blog: dict[str, Any]) -> None:
    items = world.sdk().collections.items
    c = world.http()
    made = c.post(
        f"/collections/{blog['id']}/items/bulk",
        json={"fieldData": [{"name": "A", "slug": "a"}, {"name": "B", "slug": "b"}]},
    ).json()["items"]
    a, b = made[0]["id"], made[1]["id"]
    res = items.update_items(
        blog["id"], items=[{"id": a, "fieldData": {"name": "A2"}}, {"id": b, "fieldData": {"slug": "b2"}}]
    )
    got = res.model_dump(by_alias=True)
    assert [i["fieldData"]["name"] for i in got["items"]] == ["A2", "B"]
    # The variant does not exist in French: 404 and nothing changes.
    err(
        c.patch(
            f"/collections/{blog['id']}/items",
            json={
                "items": [
                    {"id": a, "fieldData": {"name": "A3"}},
                    {"id": b, "cmsLocaleId": world.fr, "fieldData": {"name": "B3"}},
                ]
            },
        ),
        404,
        "resource_not_found",
    )
    assert c.get(f"/collections/{blog['id']}/items/{a}").json()["fieldData"]["name"] == "A2"
    # Swapping two slugs in one request collides with the stored ones: 400, nothing written.
    err(
        c.patch(f"/collections/{blog['id']}/items", json={"items": [{"id": a, "fieldData": {"slug": "b2"}}]}),
        400,
        "validation_error",
    )
    err(c.patch(f"/collections/{blog['id']}/items", json={"items": []}), 400, "validation_error")


def test_delete_items_defaults_to_primary(world: World, blog: dict[str, Any]) -> None:
    items = world.sdk().collections.items
    c = world.http()
    made = c.post(
        f"/collections/{blog['id']}/items/bulk",
        json={
            "cmsLocaleIds": [world.en, world.fr, world.de],
            "fieldData": [{"name": "A", "slug": "a"}, {"name": "B", "slug": "b"}],
        },
    ).json()
    a = made["items"][0]["id"]
    b = made["items"][3]["id"]
    items.delete_items(blog["id"], items=[{"id": a}])
    assert count(world, blog["id"], world.en) == 1 and count(world, blog["id"], world.fr) == 2
    items.delete_items(blog["id"], items=[{"id": b, "cmsLocaleIds": [world.fr, world.de]}])
    assert count(world, blog["id"], world.fr) == 1 and count(world, blog["id"], world.de) == 1
    err(
        c.request("DELETE", f"/collections/{blog['id']}/items", json={"items": [{"id": ZERO_ID}]}),
        404,
        "resource_not_found",
    )
    err(c.request("DELETE", f"/collections/{blog['id']}/items"), 400, "validation_error")
    err(c.delete(f"/collections/{blog['id']}/items/{ZERO_ID}"), 404, "resource_not_found")
    err(c.delete(f"/collections/{blog['id']}/items/nope"), 400, "validation_error")


# -- lists ---------------------------------------------------------------------------------------------
def test_paging_250_items_in_three_locales(world: World, blog: dict[str, Any]) -> None:
    c = world.http()
    locs = [world.en, world.fr, world.de]
    made: list[str] = []
    for start in range(0, 250, 33):  # 33 items x 3 locales: the 100-variant limit
        n = min(33, 250 - start)
        r = c.post(
            f"/collections/{blog['id']}/items/bulk",
            json={
                "cmsLocaleIds": locs,
                "fieldData": [{"name": f"P{start + i:03d}", "slug": f"p-{start + i}"} for i in range(n)],
            },
        )
        made += [i["id"] for i in r.json()["items"][::3]]
    items = world.sdk().collections.items
    for loc in locs:
        seen: list[str] = []
        offset = 0
        while True:
            page = items.list_items(blog["id"], cms_locale_id=loc, offset=offset, limit=40)
            assert page.pagination is not None and page.pagination.total == 250
            got = [i.id for i in page.items or []]
            if not got:
                break
            assert all(i.cms_locale_id == loc for i in page.items or [])
            seen += [g for g in got if g is not None]
            offset += 40
        assert len(seen) == 250 and set(seen) == set(made)
    # All three locales at once: 750 entries, pages of at most 100 (larger limits are capped).
    all_entries: list[tuple[str, str]] = []
    for offset in range(0, 800, 100):
        page = c.get(
            f"/collections/{blog['id']}/items", params={"cmsLocaleId": ",".join(locs), "offset": offset, "limit": 500}
        ).json()
        assert page["pagination"]["limit"] == 100 and page["pagination"]["total"] == 750
        all_entries += [(i["id"], i["cmsLocaleId"]) for i in page["items"]]
    assert len(all_entries) == 750 == len(set(all_entries))


def test_filters_and_sorting(world: World, blog: dict[str, Any]) -> None:
    c = world.http()
    admin = world.admin()
    admin.post("/clock", json={"at": "2025-01-01T00:00:00.000Z"})
    for i, name in enumerate(["Charlie", "alpha", "Bravo"]):
        admin.post("/clock", json={"advanceSeconds": 60})
        c.post(f"/collections/{blog['id']}/items", json={"fieldData": {"name": name, "slug": f"s-{2 - i}"}})
    admin.post("/clock", json={"advanceSeconds": 60})
    first = c.get(f"/collections/{blog['id']}/items", params={"slug": "s-2"}).json()["items"][0]
    c.patch(f"/collections/{blog['id']}/items/{first['id']}", json={"fieldData": {"summary": "touched"}})
    items = world.sdk().collections.items

    def names(**kw: Any) -> list[str]:
        return [i.field_data.name for i in items.list_items(blog["id"], **kw).items or []]

    assert names() == ["Charlie", "alpha", "Bravo"]  # createdOn ascending by default
    assert names(sort_by="createdOn", sort_order="desc") == ["Bravo", "alpha", "Charlie"]
    assert names(sort_by="name") == sorted(["Charlie", "alpha", "Bravo"])
    assert names(sort_by="slug") == ["Bravo", "alpha", "Charlie"]
    assert names(sort_by="lastUpdated", sort_order="desc")[0] == "Charlie"
    assert names(name="alpha") == ["alpha"] and names(slug="s-0") == ["Bravo"] and names(name="zulu") == []

    def ranged(params: dict[str, str]) -> list[str]:
        return [
            i["fieldData"]["name"] for i in c.get(f"/collections/{blog['id']}/items", params=params).json()["items"]
        ]

    assert ranged({"createdOn[gte]": "2025-01-01T00:02:00Z"}) == ["alpha", "Bravo"]
    assert ranged({"createdOn[gt]": "2025-01-01T00:01:00Z", "createdOn[lte]": "2025-01-01T00:02:00.000Z"}) == ["alpha"]
    assert ranged({"lastUpdated[gte]": "2025-01-01T00:04:00Z"}) == ["Charlie"]
    assert ranged({"lastPublished[gte]": "2020-01-01T00:00:00Z"}) == []
    err(c.get(f"/collections/{blog['id']}/items", params={"sortBy": "color"}), 400, "validation_error")
    err(c.get(f"/collections/{blog['id']}/items", params={"sortOrder": "up"}), 400, "validation_error")
    err(c.get(f"/collections/{blog['id']}/items", params={"offset": "x"}), 400, "validation_error")
    err(c.get(f"/collections/{blog['id']}/items", params={"createdOn[gte]": "soon"}), 400, "validation_error")
    admin.post("/clock", json={"freeze": False})


def test_other_sites_collection_is_forbidden(world: World, blog: dict[str, Any]) -> None:
    from tests.support.world import OTHER_SITE

    c = world.http(OTHER_SITE)
    err(c.get(f"/collections/{blog['id']}/items"), 403, "forbidden")
    err(
        c.post(f"/collections/{blog['id']}/items/bulk", json={"fieldData": {"name": "x", "slug": "x"}}),
        403,
        "forbidden",
    )
    assert count(world, blog["id"]) == 0


# -- bad input found by schemathesis ------------------------------------------------------------------
def test_no_type_coercion_and_no_nulls(world: World, blog: dict[str, Any]) -> None:
    c = world.http()
    url = f"/collections/{blog['id']}/items"
    for body in (
        {"isDraft": 0, "fieldData": {"name": "a", "slug": "a"}},
        {"isDraft": "true", "fieldData": {"name": "a", "slug": "a"}},
        {"cmsLocaleId": None, "fieldData": {"name": "a", "slug": "a"}},
        {"fieldData": None},
    ):
        err(c.post(url, json=body), 400, "validation_error")
    item = c.post(url, json={"fieldData": {"name": "a", "slug": "a"}}).json()
    err(c.patch(f"{url}/{item['id']}", json={"fieldData": None}), 400, "validation_error")
    err(c.request("DELETE", url, json={"items": [{"id": item["id"], "cmsLocaleIds": None}]}), 400, "validation_error")
    err(c.post(f"{url}/publish", json={"items": []}), 400, "validation_error")
    # An empty itemIds publishes nothing (tests/fidelity).
    err(c.post(f"{url}/publish", json={"items": [{"id": "AAA"}]}), 400, "validation_error")
    fields = f"/collections/{blog['id']}/fields"
    err(c.post(fields, json={"type": "PlainText", "displayName": "X", "isRequired": None}), 400, "validation_error")
    assert count(world, blog["id"]) == 1


def test_strings_and_numbers_a_database_cannot_store(world: World, blog: dict[str, Any]) -> None:
    c = world.http()
    url = f"/collections/{blog['id']}/items"
    for data in (
        {"name": "a\u0000b", "slug": "a"},
        {"name": "a", "slug": "a", "summary": "x\ud800y"},
        {"name": "a", "slug": "a", "score": 3.59e131},
    ):
        r = c.post(
            url, content=__import__("json").dumps({"fieldData": data}), headers={"content-type": "application/json"}
        )
        err(r, 400, "validation_error")
    err(
        c.post(f"/sites/{world.site_id}/collections", json={"displayName": "N\u0000", "singularName": "N"}),
        400,
        "validation_error",
    )
    err(c.get(url, params={"name": "a\u0000b"}), 400, "bad_request")
    assert c.post(url, json={"fieldData": {"name": "a", "slug": "a", "score": 2**53 - 1}}).status_code == 202


def test_skip_invalid_files_is_validated(world: World, blog: dict[str, Any]) -> None:
    c = world.http()
    url = f"/collections/{blog['id']}/items"
    err(
        c.post(url, params={"skipInvalidFiles": "-58800"}, json={"fieldData": {"name": "a", "slug": "a"}}),
        400,
        "validation_error",
    )
    r = c.post(url, params={"skipInvalidFiles": "false"}, json={"fieldData": {"name": "a", "slug": "a"}})
    assert r.status_code == 202


def test_methods_a_literal_path_does_not_serve(world: World, blog: dict[str, Any]) -> None:
    c = world.http(validate=False)
    for method, path in (("PATCH", "bulk"), ("DELETE", "bulk"), ("GET", "publish"), ("PATCH", "publish")):
        r = c.request(method, f"/collections/{blog['id']}/items/{path}", json={})
        err(r, 405, "bad_request")
        assert r.headers["allow"] == "POST"
