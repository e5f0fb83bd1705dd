"""The `assetFolders` and `assets` seed keys (ids kept, bytes inline, refusals that write nothing) and their
export: `webflow-local export` reads them back through the Data API, the bytes through the file host."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import httpx
import pytest

from tests.export.cli import in_process
from tests.support.world import FULL, World
from tests.test_foundation import row_counts
from webflow_local.errors import ValidationFailed
from webflow_local.transfer.world import export_world

TOKEN = "f" * 64
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 2
PDF = b"%PDF-1.4\n" + b"seeded\n" * 40
# Ids that sort against the seed's order: lists must still answer the seed's order.
F1, F2, A1, A2 = "1" * 24, "2" * 24, "3" * 24, "4" * 24


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def _seed(world: World, **keys: Any) -> httpx.Response:
    site = {"displayName": "Seeded Site", "tokens": [{"value": TOKEN, "scopes": "all"}],
            "locales": {"primary": {"displayName": "English", "tag": "en"},
                        "secondary": [{"displayName": "French", "tag": "fr-FR"}]}, **keys}
    return world.admin().post("/seed", json={"workspaces": [{"displayName": "Seeded", "sites": [site]}]})


def test_seeded_folders_and_assets_keep_their_ids_order_and_bytes(world: World) -> None:
    r = _seed(world, assetFolders=[
        {"id": F2, "displayName": "Small", "parentFolder": "Icons"},  # its parent by name, listed after it
        {"id": F1, "displayName": "Icons"},
        {"displayName": "Misc"},
    ], assets=[
        {"id": A2, "fileName": "logo.png", "displayName": "Logo", "parentFolder": F2, "data": b64(PNG),
         "altText": {"en": "The logo", "fr-FR": "Le logo"}},
        {"id": A1, "fileName": "later.pdf", "fileHash": md5(PDF), "parentFolder": "Misc"},  # not uploaded yet
        {"fileName": "notes.txt"},
    ])
    assert r.status_code == 201, r.text
    out = r.json()
    site = out["sites"][0]
    sid, fr = site["id"], site["locales"]["secondary"][0]["id"]
    c = world.http(TOKEN)
    folders = c.get(f"/sites/{sid}/asset_folders").json()["assetFolders"]
    misc = folders[2]["id"]
    assert [(f["id"], f["displayName"], f["parentFolder"]) for f in folders] == [
        (F2, "Small", F1), (F1, "Icons", None), (misc, "Misc", None)]
    assert c.get(f"/asset_folders/{F2}").json()["assets"] == [A2]
    assert c.get(f"/asset_folders/{misc}").json()["assets"] == [A1]

    assets = c.get(f"/sites/{sid}/assets").json()["assets"]
    assert [a["id"] for a in assets[:2]] == [A2, A1] and len(assets) == 3
    notes = assets[2]
    assert notes["displayName"] == f"{notes['id']}_notes.txt" and notes["contentType"] == "text/plain"
    logo = assets[0]
    assert (logo["displayName"], logo["size"], logo["contentType"], logo["altText"]) == ("Logo", len(PNG),
                                                                                        "image/png", "The logo")
    assert c.get(f"/assets/{A2}", params={"localeId": fr}).json()["altText"] == "Le logo"
    served = httpx.get(logo["hostedUrl"])
    assert served.status_code == 200 and served.content == PNG and served.headers["etag"] == f'"{md5(PNG)}"'
    assert [a["id"] for a in out["assets"]] == [a["id"] for a in assets]

    # The asset seeded with a hash waits for that file: create-asset names it again, and its upload lands.
    later = assets[1]
    assert later["size"] == 0 and httpx.get(later["hostedUrl"]).status_code == 404
    made = c.post(f"/sites/{sid}/assets", json={"fileName": "later.pdf", "fileHash": md5(PDF)}).json()
    assert made["id"] == A1
    r = httpx.post(made["uploadUrl"], data=made["uploadDetails"], files={"file": ("blob", PDF)}, timeout=30)
    assert r.status_code == 201, r.text
    assert httpx.get(later["hostedUrl"]).content == PDF
    # Seeded without bytes or hash: a pending asset no upload matches.
    assert notes["size"] == 0 and httpx.get(notes["hostedUrl"]).status_code == 404


REFUSED = {
    "a folder id the seed repeats": (409, {"assetFolders": [{"id": F1, "displayName": "A"},
                                                            {"id": F1, "displayName": "B"}]}),
    "an asset id the seed repeats": (409, {"assets": [{"id": A1, "fileName": "a.txt"},
                                                      {"id": A1, "fileName": "b.txt"}]}),
    "the same file twice": (409, {"assets": [{"fileName": "a.png", "data": b64(PNG)},
                                             {"fileName": "b.png", "data": b64(PNG)}]}),
    "a folder name twice in one parent": (400, {"assetFolders": [{"displayName": "A"}, {"displayName": "A"}]}),
    "a folder inside itself": (400, {"assetFolders": [{"id": F1, "displayName": "A", "parentFolder": F2},
                                                      {"id": F2, "displayName": "B", "parentFolder": F1}]}),
    "an ambiguous folder name": (400, {"assetFolders": [{"displayName": "A"}, {"displayName": "B"},
                                                        {"displayName": "X", "parentFolder": "A"},
                                                        {"displayName": "X", "parentFolder": "B"}],
                                       "assets": [{"fileName": "a.txt", "parentFolder": "X"}]}),
    "an unknown folder": (404, {"assets": [{"fileName": "a.txt", "parentFolder": F1}]}),
    "an unknown locale": (400, {"assets": [{"fileName": "a.txt", "altText": {"de-DE": "Hallo"}}]}),
    "bytes that are no base64": (400, {"assets": [{"fileName": "a.txt", "data": "not base64!"}]}),
    "a hash of other bytes": (400, {"assets": [{"fileName": "a.png", "data": b64(PNG), "fileHash": md5(PDF)}]}),
    "an id that is no object id": (400, {"assets": [{"id": "nope", "fileName": "a.txt"}]}),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_refused_seed_writes_nothing(world: World, database_url: str, case: str) -> None:
    status, keys = REFUSED[case]
    before = row_counts(database_url)
    r = _seed(world, **keys)
    assert r.status_code == status, r.text
    assert row_counts(database_url) == before


def test_an_image_over_4_mb_is_refused(world: World, database_url: str) -> None:
    # Above the control plane's body limit: through the service, as `webflow-local seed FILE` loads it.
    from webflow_local.admin import service
    from webflow_local.admin.schemas import SeedIn

    big = {"fileName": "a.png", "data": b64(b"\0" * (4 * 1024 * 1024 + 1))}
    body = SeedIn.model_validate({"workspaces": [{"displayName": "Big", "sites": [{"displayName": "Big",
                                                                                   "assets": [big]}]}]})
    before = row_counts(database_url)
    with pytest.raises(ValidationFailed) as e:
        in_process(database_url, lambda ctx: service.seed(ctx, body))
    assert e.value.details[0]["param"] == "assets.0.data"
    assert row_counts(database_url) == before


def test_ids_other_sites_have_are_refused(world: World, database_url: str) -> None:
    c = world.http()
    folder = c.post(f"/sites/{world.site_id}/asset_folders", json={"displayName": "Mine"}).json()["id"]
    asset = c.post(f"/sites/{world.site_id}/assets", json={"fileName": "a.png", "fileHash": md5(PNG)}).json()["id"]
    before = row_counts(database_url)
    for keys in ({"assetFolders": [{"id": folder, "displayName": "Theirs"}]},
                 {"assets": [{"id": asset, "fileName": "b.png"}]}):
        r = _seed(world, **keys)
        assert r.status_code == 409, r.text
        assert r.json()["details"][0]["param"].endswith(".0.id")
    assert row_counts(database_url) == before


def test_export_carries_folders_alt_texts_and_bytes(world: World, database_url: str) -> None:
    c = world.http()
    sid = world.site_id
    root = c.post(f"/sites/{sid}/asset_folders", json={"displayName": "Root"}).json()["id"]
    made = c.post(f"/sites/{sid}/assets", json={"fileName": "logo.png", "fileHash": md5(PNG),
                                                "parentFolder": root}).json()
    assert httpx.post(made["uploadUrl"], data=made["uploadDetails"], files={"file": ("b", PNG)}).status_code == 201
    fr = next(loc["id"] for loc in world.site["locales"]["secondary"] if loc["tag"] == "fr-FR")
    c.patch(f"/assets/{made['id']}", params={"localeId": fr}, json={"altText": "Le logo"})
    pending = c.post(f"/sites/{sid}/assets", json={"fileName": "later.pdf", "fileHash": md5(PDF)}).json()["id"]

    exported = in_process(database_url, lambda ctx: export_world(ctx, sid))
    site = exported["workspaces"][0]["sites"][0]
    assert site["assetFolders"] == [{"id": root, "displayName": "Root"}]
    assert site["assets"] == [
        {"id": made["id"], "fileName": "logo.png", "displayName": f"{made['id']}_logo.png",
         "contentType": "image/png", "parentFolder": root, "altText": {"fr-FR": "Le logo"}, "data": b64(PNG)},
        {"id": pending, "fileName": "later.pdf", "displayName": f"{pending}_later.pdf",
         "contentType": "application/pdf"},
    ]

    site["tokens"] = [{"value": FULL, "scopes": "all"}]
    assert world.admin().post("/seed", json={"reset": True, **exported}).status_code == 201
    assets = c.get(f"/sites/{sid}/assets").json()["assets"]
    assert [a["id"] for a in assets] == [made["id"], pending]
    assert httpx.get(assets[0]["hostedUrl"]).content == PNG
    assert httpx.get(assets[1]["hostedUrl"]).status_code == 404  # still waiting for its upload
