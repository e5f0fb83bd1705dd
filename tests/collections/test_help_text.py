"""A field's helpText: null where never set, null in a body means none (create) or clears it (update), a key
left out of an update keeps it; an empty collection slug is derived from the display name."""

from __future__ import annotations

from tests.support.world import World


def test_help_text_null_clears_and_absence_keeps(world: World) -> None:
    c = world.http()
    coll = world.create_collection({"displayName": "Notes", "singularName": "Note", "slug": ""})
    assert coll["slug"] == "notes"
    made = c.post(f"/collections/{coll['id']}/fields",
                  json={"type": "PlainText", "displayName": "Tip", "helpText": None})
    assert made.status_code == 200, made.text
    assert made.json()["helpText"] is None
    fid = made.json()["id"]
    assert c.patch(f"/collections/{coll['id']}/fields/{fid}", json={"helpText": "Say it briefly"}).json()[
        "helpText"] == "Say it briefly"
    assert c.patch(f"/collections/{coll['id']}/fields/{fid}", json={"displayName": "Hint"}).json()[
        "helpText"] == "Say it briefly"
    assert c.patch(f"/collections/{coll['id']}/fields/{fid}", json={"helpText": None}).json()["helpText"] is None
    fields = {f["id"]: f for f in c.get(f"/collections/{coll['id']}").json()["fields"]}
    assert fields[fid]["helpText"] is None and fields[fid]["displayName"] == "Hint"
