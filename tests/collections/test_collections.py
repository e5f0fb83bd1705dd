"""Collections family: collections and their typed fields."""

from __future__ import annotations

from tests.support.wire import ZERO_ID, err
from tests.support.world import World


# -- collections and fields --------------------------------------------------------------------------
def test_collection_lifecycle_with_sdk(world: World) -> None:
    sdk = world.sdk()
    coll = sdk.collections.create(world.site_id, display_name="Blog Posts", singular_name="Blog Post",
                                  fields=[{"type": "RichText", "displayName": "Post Body", "isRequired": False},
                                          {"type": "Option", "displayName": "Kind",
                                           "metadata": {"options": [{"name": "News"}, {"name": "Guide"}]}}])
    assert coll.slug == "blog-posts"
    slugs = [f.slug for f in coll.fields]
    assert slugs == ["name", "slug", "post-body", "kind"]
    kind = next(f for f in coll.fields if f.slug == "kind")
    assert kind.validations is not None
    opts = kind.model_dump(by_alias=True)["validations"]["options"]
    names = [o["name"] for o in opts]
    assert names == ["News", "Guide"] and all(o["id"] for o in opts)
    listed = sdk.collections.list(world.site_id).collections or []
    assert [c.id for c in listed] == [coll.id]
    assert sdk.collections.get(coll.id).display_name == "Blog Posts"
    # A second collection of the same name: 409 duplicate_collection, and nothing is added.
    r = world.http().post(f"/sites/{world.site_id}/collections", json={"displayName": "Blog Posts",
                                                                       "singularName": "Post"})
    err(r, 409, "duplicate_collection")
    assert len(sdk.collections.list(world.site_id).collections or []) == 1
    sdk.collections.delete(coll.id)
    assert sdk.collections.list(world.site_id).collections == []
    err(world.http().get(f"/collections/{coll.id}"), 404, "resource_not_found")


CREATABLE = ["Color", "DateTime", "Email", "File", "Image", "Link", "MultiImage", "Number", "Phone", "PlainText",
             "RichText", "Switch", "VideoLink"]


def test_create_every_field_type(world: World) -> None:
    sdk = world.sdk()
    authors = world.create_collection({"displayName": "Authors", "singularName": "Author"})
    coll = world.create_collection({"displayName": "Things", "singularName": "Thing"})
    for t in CREATABLE:
        f = sdk.collections.fields.create(coll["id"], request={"type": t, "displayName": f"My {t}",
                                                                "helpText": f"help {t}"})
        assert f.type == t and f.slug == f"my-{t.lower()}" and f.is_required is False
    opt = sdk.collections.fields.create(coll["id"], request={"type": "Option", "displayName": "Pick",
                                                              "metadata": {"options": [{"name": "A"}]}})
    assert opt.model_dump(by_alias=True)["validations"]["options"][0]["name"] == "A"
    for t in ("Reference", "MultiReference"):
        ref = sdk.collections.fields.create(coll["id"], request={"type": t, "displayName": f"Ref {t}",
                                                                  "metadata": {"collectionId": authors["id"]}})
        assert ref.model_dump(by_alias=True)["validations"]["collectionId"] == authors["id"]
    got = sdk.collections.get(coll["id"])
    assert len(got.fields) == 2 + len(CREATABLE) + 3
    number = next(f for f in got.fields if f.type == "Number")
    assert number.model_dump(by_alias=True)["validations"]["format"] == "decimal"


def test_field_errors_change_nothing(world: World) -> None:
    coll = world.create_collection({"displayName": "Things", "singularName": "Thing",
                                    "fields": [{"type": "PlainText", "displayName": "Title"}]})
    c = world.http()
    base = f"/collections/{coll['id']}/fields"
    err(c.post(base, json={"type": "PlainText", "displayName": "Title"}), 409, "conflict")
    err(c.post(base, json={"type": "Nope", "displayName": "X"}), 400, "validation_error")
    err(c.post(base, json={"type": "Option", "displayName": "X"}), 400, "validation_error")
    err(c.post(base, json={"type": "Reference", "displayName": "X", "metadata": {"collectionId": ZERO_ID}}),
        400, "validation_error")
    body = err(c.post(base, json={"type": "PlainText", "displayName": "X", "colour": "red"}), 400, "validation_error")
    assert body["details"] == [{"param": "colour", "description": "Field not described in schema: undefined"}]
    assert len(c.get(f"/collections/{coll['id']}").json()["fields"]) == 3


def test_update_and_delete_field(world: World) -> None:
    sdk = world.sdk()
    coll = world.create_collection({"displayName": "Things", "singularName": "Thing",
                                    "fields": [{"type": "PlainText", "displayName": "Title"}]})
    title = next(f for f in coll["fields"] if f["slug"] == "title")
    upd = sdk.collections.fields.update(coll["id"], title["id"], is_required=True, display_name="Headline",
                                        help_text="Say it")
    assert (upd.is_required, upd.display_name, upd.help_text, upd.slug) == (True, "Headline", "Say it", "title")
    # Only isRequired, displayName and helpText can change.
    r = world.http().patch(f"/collections/{coll['id']}/fields/{title['id']}", json={"type": "Number"})
    err(r, 400, "validation_error")
    name = next(f for f in coll["fields"] if f["slug"] == "name")
    err(world.http().delete(f"/collections/{coll['id']}/fields/{name['id']}"), 400, "bad_request")
    sdk.collections.fields.delete(coll["id"], title["id"])
    assert [f.slug for f in sdk.collections.get(coll["id"]).fields] == ["name", "slug"]
    err(world.http().delete(f"/collections/{coll['id']}/fields/{title['id']}"), 404, "resource_not_found")
