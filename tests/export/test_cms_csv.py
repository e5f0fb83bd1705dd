"""CMS CSV in Webflow's export format: one collection in one locale out, and back in (creating and
updating items through the items service, all rows or none)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from tests.export.cli import cli, in_process
from tests.support.world import World
from webflow_local.transfer.cms_csv import CsvRejected, export_csv, import_csv

HEADER = ["Name", "Slug", "Collection ID", "Locale ID", "Item ID", "Archived", "Draft", "Created On", "Updated On",
          "Published On"]
FIELDS = [
    {"type": "PlainText", "displayName": "Summary"},
    {"type": "RichText", "displayName": "Body"},
    {"type": "Number", "displayName": "Count"},
    {"type": "Switch", "displayName": "Featured"},
    {"type": "DateTime", "displayName": "Published At"},
    {"type": "Color", "displayName": "Tint"},
    {"type": "Email", "displayName": "Contact"},
    {"type": "Link", "displayName": "Source"},
    {"type": "Image", "displayName": "Cover"},
    {"type": "MultiImage", "displayName": "Gallery"},
]


def _setup(world: World, name: str = "Posts") -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """Authors (two items), and a collection with a field of every kind the CSV carries."""
    c = world.http()
    authors = world.create_collection({"displayName": f"{name} Authors", "singularName": "Author"})
    ids = {}
    for slug in ("ada", "bob"):
        r = c.post(f"/collections/{authors['id']}/items/bulk", json={
            "cmsLocaleIds": list(world.locales.values()), "fieldData": {"name": slug.title(), "slug": slug}})
        assert r.status_code == 202, r.text
        ids[slug] = r.json()["id"]
    fields = [*FIELDS,
              {"type": "Option", "displayName": "Kind", "metadata": {"options": [{"name": "News"}, {"name": "Guide"}]}},
              {"type": "Reference", "displayName": "Author", "metadata": {"collectionId": authors["id"]}},
              {"type": "MultiReference", "displayName": "Also", "metadata": {"collectionId": authors["id"]}}]
    posts = world.create_collection({"displayName": name, "singularName": "Post", "fields": fields})
    return authors, posts, ids


def _items(world: World, cid: str, locale: str) -> list[dict[str, Any]]:
    r = world.http().get(f"/collections/{cid}/items", params={"cmsLocaleId": locale})
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_export_writes_webflows_columns_and_values(world: World, database_url: str) -> None:
    _, posts, ids = _setup(world)
    kind = next(f for f in posts["fields"] if f["slug"] == "kind")
    guide = next(o["id"] for o in kind["validations"]["options"] if o["name"] == "Guide")
    c = world.http()
    r = c.post(f"/collections/{posts['id']}/items/bulk", json={
        "cmsLocaleIds": [world.en, world.fr], "isDraft": False,
        "fieldData": {"name": 'Hello, "world"', "slug": "hello", "summary": "One, two", "body": "<p>a</p>\n<p>b</p>",
                      "count": 2.5,
                      "featured": True, "published-at": "2024-01-02T03:04:05.000Z", "tint": "#ff0000",
                      "kind": guide, "author": ids["ada"], "also": [ids["ada"], ids["bob"]],
                      "cover": {"url": "https://example.com/a.png", "alt": "A"},
                      "gallery": [{"url": "https://example.com/1.png"}, {"url": "https://example.com/2.png"}]}})
    assert r.status_code == 202, r.text
    item = r.json()["items"][0]
    text = in_process(database_url, lambda ctx: export_csv(ctx, posts["id"]))
    header, row = _rows(text)
    assert header == [*HEADER, "Summary", "Body", "Count", "Featured", "Published At", "Tint", "Contact", "Source",
                      "Cover", "Gallery", "Kind", "Author", "Also"]
    cells = dict(zip(header, row, strict=True))
    assert cells["Name"] == 'Hello, "world"' and cells["Summary"] == "One, two"
    assert cells["Collection ID"] == posts["id"] and cells["Item ID"] == item["id"]
    assert cells["Locale ID"] == world.en and cells["Archived"] == "false" and cells["Draft"] == "false"
    assert cells["Published At"] == "Tue Jan 02 2024 03:04:05 GMT+0000 (Coordinated Universal Time)"
    assert cells["Published On"] == ""
    assert cells["Count"] == "2.5" and cells["Featured"] == "true" and cells["Body"] == "<p>a</p>\n<p>b</p>"
    assert cells["Kind"] == "Guide" and cells["Author"] == "ada" and cells["Also"] == "ada; bob"
    assert cells["Cover"] == "https://example.com/a.png"
    assert cells["Gallery"] == "https://example.com/1.png; https://example.com/2.png"
    # Another locale: its own variant.
    c.patch(f"/collections/{posts['id']}/items/{item['id']}", json={"cmsLocaleId": world.fr,
                                                                     "fieldData": {"name": "Bonjour"}})
    fr = dict(zip(header, _rows(in_process(database_url, lambda ctx: export_csv(ctx, posts["id"], "fr-FR")))[1],
                  strict=True))
    assert fr["Name"] == "Bonjour" and fr["Locale ID"] == world.fr


def test_round_trip_into_another_collection_and_back(world: World, database_url: str, tmp_path: Path) -> None:
    _, posts, ids = _setup(world)
    c = world.http()
    kind = next(f for f in posts["fields"] if f["slug"] == "kind")
    news = next(o["id"] for o in kind["validations"]["options"] if o["name"] == "News")
    bodies = [{"name": f"Post {i}", "slug": f"post-{i}", "summary": f"S{i}", "count": i, "featured": i % 2 == 0,
               "published-at": f"2024-01-0{i + 1}T00:00:00.000Z", "kind": news, "author": ids["ada"],
               "also": [ids["bob"]], "contact": f"p{i}@example.com", "source": "https://example.com/x",
               "body": "<p>Hi</p>"} for i in range(5)]
    bodies.append({"name": "Sparse", "slug": "sparse"})
    for b in bodies:
        assert c.post(f"/collections/{posts['id']}/items", json={"fieldData": b, "isDraft": False}
                      ).status_code == 202
    text = in_process(database_url, lambda ctx: export_csv(ctx, posts["id"]))

    # Into a second collection with the same fields: the same field data, new ids.
    copy = world.create_collection({"displayName": "Copy", "singularName": "Copy",
                                    "fields": [{k: v for k, v in f.items() if k in {"type", "displayName", "metadata"}}
                                               for f in posts["fields"] if f["slug"] not in {"name", "slug"}]})
    out = in_process(database_url, lambda ctx: import_csv(ctx, copy["id"], text))
    assert out == {"collectionId": copy["id"], "created": 6, "updated": 0}
    src = {i["fieldData"]["slug"]: i for i in _items(world, posts["id"], world.en)}
    dst = {i["fieldData"]["slug"]: i for i in _items(world, copy["id"], world.en)}
    kind_copy = next(f for f in copy["fields"] if f["slug"] == "kind")
    news_copy = next(o["id"] for o in kind_copy["validations"]["options"] if o["name"] == "News")
    assert set(src) == set(dst)
    for slug, item in src.items():
        want = {k: (news_copy if k == "kind" else v) for k, v in item["fieldData"].items()}
        assert dst[slug]["fieldData"] == want, slug
        assert dst[slug]["isDraft"] is False and dst[slug]["id"] != item["id"]

    # Back into the same collection, edited: the rows with known Item IDs update those items.
    rows = _rows(text)
    header = rows[0]
    rows[1][header.index("Name")] = "Post zero, renamed"
    rows[1][header.index("Count")] = "42"
    rows[1][header.index("Summary")] = ""  # an empty cell clears the value
    edited = tmp_path / "edited.csv"
    with edited.open("w", newline="") as f:
        csv.writer(f).writerows(rows)
    r = cli(database_url, "import-csv", posts["id"], str(edited))
    assert r.returncode == 0, r.stderr
    assert "imported 0 new and 6 updated" in r.stdout
    after = {i["fieldData"]["slug"]: i for i in _items(world, posts["id"], world.en)}
    assert after["post-0"]["fieldData"]["name"] == "Post zero, renamed"
    assert after["post-0"]["fieldData"]["count"] == 42 and "summary" not in after["post-0"]["fieldData"]
    assert after["post-1"]["fieldData"] == src["post-1"]["fieldData"]
    again = in_process(database_url, lambda ctx: export_csv(ctx, posts["id"]))
    updated_col = header.index("Updated On")
    assert [r[:updated_col] + r[updated_col + 1:] for r in _rows(again)[2:]] == [
        r[:updated_col] + r[updated_col + 1:] for r in rows[2:]]


def test_one_bad_row_imports_nothing_and_reports_every_bad_line(world: World, database_url: str,
                                                               tmp_path: Path) -> None:
    _, posts, _ = _setup(world)
    text = ("Name,Slug,Count,Featured,Published At,Kind,Author,Tint,Body\n"
            "Good,good,1,true,2024-01-01T00:00:00Z,News,ada,#fff,\n"
            "Bad,bad,many,maybe,yesterday,Nope,nobody,notacolor,\n"
            'Multi,dup,1,,,,,,"<p>a</p>\n<p>b</p>"\n'
            "Dup,dup,2,,,,,,\n"
            ",,,,,,,,\n"
            "Short,short\n")
    before = _items(world, posts["id"], world.en)
    try:
        in_process(database_url, lambda ctx: import_csv(ctx, posts["id"], text))
        raise AssertionError("the import should have been refused")
    except CsvRejected as e:
        by_line = {r["line"]: " ".join(r["problems"]) for r in e.rows}
    assert set(by_line) == {3, 6, 8}, by_line  # line numbers in the file: a quoted newline spans two
    for slug in ("count", "featured", "published-at", "kind", "author", "tint"):
        assert slug in by_line[3]
    assert "Unique value" in by_line[6] and "cells" in by_line[8]
    assert _items(world, posts["id"], world.en) == before

    f = tmp_path / "bad.csv"
    f.write_text(text)
    r = cli(database_url, "import-csv", posts["id"], str(f))
    assert r.returncode == 2 and r.stdout == ""
    assert f"{f}:3: " in r.stderr and f"{f}:6: " in r.stderr and "nothing imported" in r.stderr
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("Name,Slug,Colour\nA,a,red\n")
    r = cli(database_url, "import-csv", posts["id"], str(unknown))
    assert r.returncode == 2 and "Colour" in r.stderr
    assert _items(world, posts["id"], world.en) == before
