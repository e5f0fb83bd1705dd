"""The `customFonts` seed key (ids kept, binaries inline, refusals that write nothing) and its export:
`webflow-local export` reads the fonts back through the Data API, each binary through the file host."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import httpx
import pytest

from tests.export.cli import in_process
from tests.support.world import FULL, World
from tests.test_foundation import row_counts
from webflow_local.transfer.world import export_world

TOKEN = "f" * 64
WOFF2 = b"wOF2" + bytes(range(256)) * 4
TTF = b"\x00\x01\x00\x00" + bytes(range(256)) * 4
AXES = [{"tag": "wght", "name": "Weight", "min": 100, "max": 900, "defaultValue": 400}]
# Ids that sort against the seed's order: the list must still answer the seed's order.
F1, F2 = "1" * 24, "2" * 24


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def font(**extra: Any) -> dict[str, Any]:
    return {"fontFamily": "Acme Sans", "fileName": "Acme.woff2", "weight": 400, "italic": False,
            "fontDisplay": "swap", **extra}


def _seed(world: World, fonts: list[dict[str, Any]]) -> httpx.Response:
    site = {"displayName": "Seeded Site", "tokens": [{"value": TOKEN, "scopes": "all"}], "customFonts": fonts}
    return world.admin().post("/seed", json={"workspaces": [{"displayName": "Seeded", "sites": [site]}]})


def test_seeded_fonts_keep_their_ids_order_and_binaries(world: World) -> None:
    r = _seed(world, [
        font(id=F2, data=b64(WOFF2)),
        font(id=F1, fontFamily="Acme Flex", fileName="Flex.ttf", weight=700, italic=True, fontDisplay="block",
             axes=AXES, data=b64(TTF)),
        font(fileName="Later.woff2"),  # its upload never arrived
    ])
    assert r.status_code == 201, r.text
    sid = r.json()["sites"][0]["id"]
    c = world.http(TOKEN)
    fonts = c.get(f"/sites/{sid}/custom_fonts").json()["customFonts"]
    assert [f["id"] for f in fonts[:2]] == [F2, F1] and len(fonts) == 3
    assert r.json()["customFonts"] == fonts
    flex = fonts[1]
    assert (flex["fontFamily"], flex["format"], flex["weight"], flex["italic"], flex["fontDisplay"], flex["axes"]) == (
        "Acme Flex", "truetype", 700, True, "block", AXES)
    served = httpx.get(fonts[0]["hostedUrl"])
    assert served.status_code == 200 and served.content == WOFF2 and served.headers["content-type"] == "font/woff2"
    assert httpx.get(flex["hostedUrl"]).content == TTF
    assert httpx.get(fonts[2]["hostedUrl"]).status_code == 404
    assert c.get(f"/sites/{sid}/custom_fonts/{F1}").json() == {"customFont": flex}


REFUSED = {
    "an id the seed repeats": (409, [font(id=F1), font(id=F1)]),
    "a hash of other bytes": (400, [font(data=b64(WOFF2), fileHash=md5(TTF))]),
    "bytes that are no base64": (400, [font(data="not base64!")]),
    "an SVG font": (400, [font(fileName="Acme.svg")]),
    "an id that is no object id": (400, [font(id="nope")]),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_refused_seed_writes_nothing(world: World, database_url: str, case: str) -> None:
    status, fonts = REFUSED[case]
    before = row_counts(database_url)
    r = _seed(world, fonts)
    assert r.status_code == status, r.text
    assert row_counts(database_url) == before


def test_an_id_another_font_has_is_refused(world: World, database_url: str) -> None:
    made = world.http().post(f"/sites/{world.site_id}/custom_fonts",
                             json={**font(), "fileHash": md5(WOFF2)}).json()["customFont"]
    before = row_counts(database_url)
    r = _seed(world, [font(id=made["id"])])
    assert r.status_code == 409 and r.json()["details"][0]["param"] == "customFonts.0.id", r.text
    assert row_counts(database_url) == before


def test_export_carries_fonts_and_binaries(world: World, database_url: str) -> None:
    c = world.http()
    sid = world.site_id
    made = c.post(f"/sites/{sid}/custom_fonts", json={**font(axes=AXES), "fileHash": md5(WOFF2)}).json()
    up = made["upload"]
    assert httpx.post(up["url"], data=up["fields"], files={"file": ("f", WOFF2)}).status_code == 201
    pending = c.post(f"/sites/{sid}/custom_fonts", json={**font(fileName="Later.otf", weight=300),
                                                         "fileHash": md5(TTF)}).json()["customFont"]
    before = c.get(f"/sites/{sid}/custom_fonts").json()["customFonts"]

    exported = in_process(database_url, lambda ctx: export_world(ctx, sid))
    site = exported["workspaces"][0]["sites"][0]
    uploaded = made["customFont"]["id"]
    assert site["customFonts"] == [{"id": uploaded, **font(axes=AXES), "data": b64(WOFF2)},
                                   {"id": pending["id"], **font(fileName="Later.otf", weight=300)}]

    site["tokens"] = [{"value": FULL, "scopes": "all"}]
    assert world.admin().post("/seed", json={"reset": True, **exported}).status_code == 201
    after = c.get(f"/sites/{sid}/custom_fonts").json()["customFonts"]
    assert after[0] == before[0] and httpx.get(after[0]["hostedUrl"]).content == WOFF2
    # The font whose binary never arrived: the same metadata, still waiting; its hostedUrl names the binary's
    # hash, which no read shows, so it differs (docs/control-plane.md, "Export and import").
    assert {**after[1], "hostedUrl": None} == {**before[1], "hostedUrl": None}
    assert httpx.get(after[1]["hostedUrl"]).status_code == 404
