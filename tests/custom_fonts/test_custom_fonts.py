"""Custom fonts (v2 only): metadata over the Data API, the binary through the assets' S3-style upload target.

The official Python SDK has no custom-fonts client, so these requests are raw httpx, every response checked
against the spec (World.http)."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import httpx

from tests.support.wire import ZERO_ID, err
from tests.support.world import OTHER_SITE, READ_ONLY, World
from tests.test_foundation import row_counts

WOFF2 = b"wOF2" + bytes(range(256)) * 8
AXES = [{"tag": "wght", "name": "Weight", "min": 100, "max": 900, "defaultValue": 400}]


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def body(name: str = "Acme-Regular.woff2", data: bytes = WOFF2, **extra: Any) -> dict[str, Any]:
    return {"fileName": name, "fileHash": md5(data), "fontFamily": "Acme Sans", "weight": 400, "italic": False,
            "fontDisplay": "swap", **extra}


def create(world: World, **kw: Any) -> dict[str, Any]:
    r = world.http().post(f"/sites/{world.site_id}/custom_fonts", json=body(**kw))
    assert r.status_code == 202, r.text
    out: dict[str, Any] = r.json()
    return out


def upload(created: dict[str, Any], data: bytes, **override: str) -> httpx.Response:
    """Webflow's documented upload: every `upload.fields` entry, then the binary in `file`, last."""
    up = created["upload"]
    return httpx.post(up["url"], data={**up["fields"], **override}, files={"file": ("font", data)}, timeout=30)


def test_create_upload_and_serve(world: World) -> None:
    created = create(world, axes=AXES)
    font, up = created["customFont"], created["upload"]
    assert font["fontFamily"] == "Acme Sans" and font["format"] == "woff2" and font["weight"] == 400
    assert font["italic"] is False and font["fontDisplay"] == "swap" and font["axes"] == AXES
    assert font["fileName"] == "Acme-Regular.woff2"
    fields = up["fields"]
    assert fields["Content-MD5"] == base64.b64encode(hashlib.md5(WOFF2).digest()).decode()
    assert fields["Content-Type"] == "font/woff2" and fields["acl"] == "public-read"
    assert fields["success_action_status"] == "201"
    assert fields["key"].startswith(f"{world.site_id}/{font['id']}-")
    policy = json.loads(base64.b64decode(fields["Policy"]))
    assert {"Content-MD5": fields["Content-MD5"]} in policy["conditions"]
    assert up["expiresAt"] == policy["expiration"]
    # Registered but not uploaded: listed, its hostedUrl not yet served.
    assert httpx.get(font["hostedUrl"]).status_code == 404
    r = upload(created, WOFF2)
    assert r.status_code == 201 and "<PostResponse>" in r.text
    got = httpx.get(font["hostedUrl"])
    assert got.status_code == 200 and got.content == WOFF2
    assert got.headers["content-type"] == "font/woff2" and got.headers["etag"] == f'"{md5(WOFF2)}"'
    c = world.http()
    assert c.get(f"/sites/{world.site_id}/custom_fonts/{font['id']}").json() == {"customFont": font}


def test_upload_checks(world: World, database_url: str) -> None:
    created = create(world)
    before = row_counts(database_url)
    # Other bytes than fileHash: S3's Content-MD5 check.
    r = upload(created, WOFF2 + b"!")
    assert r.status_code == 400 and "<Code>BadDigest</Code>" in r.text
    # The Content-MD5 the policy pins cannot be swapped for the other bytes' one.
    other = base64.b64encode(hashlib.md5(WOFF2 + b"!").digest()).decode()
    r = upload(created, WOFF2 + b"!", **{"Content-MD5": other})
    assert r.status_code == 403 and "Policy Condition failed" in r.text
    sig = created["upload"]["fields"]["X-Amz-Signature"]
    r = upload(created, WOFF2, **{"X-Amz-Signature": ("0" if sig[0] != "0" else "1") + sig[1:]})
    assert r.status_code == 403 and "<Code>SignatureDoesNotMatch</Code>" in r.text
    assert row_counts(database_url) == before
    assert httpx.get(created["customFont"]["hostedUrl"]).status_code == 404


def test_upload_policy_expires_after_15_minutes(world: World) -> None:
    admin = world.admin()
    assert admin.post("/clock", json={"freeze": True}).status_code == 200
    created = create(world)
    assert admin.post("/clock", json={"advanceSeconds": 901}).status_code == 200
    r = upload(created, WOFF2)
    assert r.status_code == 403 and "Policy expired" in r.text
    assert admin.post("/clock", json={"advanceSeconds": -2}).status_code == 200
    assert upload(created, WOFF2).status_code == 201


def test_list_pages_and_formats(world: World) -> None:
    c = world.http()
    ids = [create(world, name=f"F{n}.{ext}", data=bytes([n]))["customFont"]["id"]
           for n, ext in enumerate(["woff2", "woff", "ttf", "otf", "eot"])]
    listed = c.get(f"/sites/{world.site_id}/custom_fonts").json()
    assert [f["id"] for f in listed["customFonts"]] == ids
    assert [f["format"] for f in listed["customFonts"]] == ["woff2", "woff", "truetype", "opentype",
                                                            "embedded-opentype"]
    assert listed["pagination"] == {"limit": 100, "offset": 0, "total": 5}
    page = c.get(f"/sites/{world.site_id}/custom_fonts", params={"offset": 1, "limit": 2}).json()
    assert [f["id"] for f in page["customFonts"]] == ids[1:3]
    assert page["pagination"] == {"limit": 2, "offset": 1, "total": 5}
    assert world.http(READ_ONLY).get(f"/sites/{world.site_id}/custom_fonts").status_code == 200
    # Another site's list is its own.
    other = world.http(OTHER_SITE).get(f"/sites/{world.other_site_id}/custom_fonts").json()
    assert other["customFonts"] == [] and other["pagination"]["total"] == 0


def test_create_bad_input_changes_nothing(world: World, database_url: str) -> None:
    c = world.http()
    before = row_counts(database_url)
    bad = [
        body(name="Acme.svg"), body(name="Acme.pdf"), body(name="x" * 251 + ".woff2"), body(fileHash="xyz"),
        body(weight=0), body(weight=1001), body(weight="400"), body(italic="no"), body(fontDisplay="fast"),
        body(fontFamily=""), body(fontFamily=",,"), body(axes=None), body(size=3),
        body(axes=[{"tag": "wg", "min": 1, "max": 2, "defaultValue": 1}]),
        body(axes=[{"tag": "wght", "min": 100, "max": 900, "defaultValue": 950}]),
        body(axes=[{"tag": "wght", "min": 100, "max": 900}]),
        body(axes=[{"tag": "wght", "min": 1, "max": 2, "defaultValue": 1}] * 2),
        body(axes=[{"tag": f"ax{n:02d}", "min": 1, "max": 2, "defaultValue": 1} for n in range(17)]),
    ]
    for b in bad:
        err(c.post(f"/sites/{world.site_id}/custom_fonts", json=b), 400, "validation_error")
    r = err(c.post(f"/sites/{world.site_id}/custom_fonts",
                   json=body(axes=[{"tag": "wght", "min": 100, "max": 900, "defaultValue": 950}])), 400,
            "validation_error")
    assert "fontMetadata.axes" in r["details"][0]["description"]
    assert row_counts(database_url) == before
    # Commas are stripped from the family name; the hash is stored in lowercase.
    font = create(world, fontFamily="Acme, Sans", fileHash=md5(WOFF2).upper())["customFont"]
    assert font["fontFamily"] == "Acme Sans"


def test_update(world: World, database_url: str) -> None:
    c = world.http()
    font = create(world, axes=AXES)["customFont"]
    url = f"/sites/{world.site_id}/custom_fonts/{font['id']}"
    r = c.patch(url, json={"weight": 700, "italic": True})
    assert r.status_code == 200
    updated = r.json()["customFont"]
    assert updated == {**font, "weight": 700, "italic": True}
    updated = c.patch(url, json={"fontFamily": "Acme, Display", "fontDisplay": "block"}).json()["customFont"]
    assert updated["fontFamily"] == "Acme Display" and updated["fontDisplay"] == "block"
    before = row_counts(database_url)
    for b in ({}, {"weight": None}, {"fileName": "x.woff"}, {"weight": 2000}, {"fontDisplay": "x"}):
        err(c.patch(url, json=b), 400, "validation_error")
    assert row_counts(database_url) == before
    assert c.get(url).json()["customFont"] == updated


def test_replace_file(world: World) -> None:
    c = world.http()
    created = create(world, axes=AXES)
    assert upload(created, WOFF2).status_code == 201
    font = created["customFont"]
    url = f"/sites/{world.site_id}/custom_fonts/{font['id']}/file"
    new = b"wOFF" + b"\x01" * 500
    # A variable font must say what the new binary is.
    err(c.put(url, json={"fileName": "Acme-v2.woff", "fileHash": md5(new)}), 400, "validation_error")
    r = c.put(url, json={"fileName": "Acme-v2.woff", "fileHash": md5(new), "axes": []})
    assert r.status_code == 202, r.text
    replaced = r.json()
    again = replaced["customFont"]
    assert again["id"] == font["id"] and again["format"] == "woff" and again["axes"] == []
    assert again["fileName"] == "Acme-v2.woff" and again["fontFamily"] == font["fontFamily"]
    assert again["hostedUrl"] != font["hostedUrl"]
    # The old binary is gone; the new one is served once uploaded.
    assert httpx.get(font["hostedUrl"]).status_code == 404
    assert upload(created, WOFF2).status_code == 403  # the old upload's key is no font's now
    assert upload(replaced, new).status_code == 201
    got = httpx.get(again["hostedUrl"])
    assert got.content == new and got.headers["content-type"] == "font/woff"
    # A static font may be replaced without axes.
    r = c.put(url, json={"fileName": "Acme-v3.ttf", "fileHash": md5(b"ttf")})
    assert r.status_code == 202 and r.json()["customFont"]["format"] == "truetype"
    err(c.put(url, json={"fileName": "Acme.svg", "fileHash": md5(b"svg")}), 400, "validation_error")


def test_delete_and_batch_delete(world: World) -> None:
    c = world.http()
    created = create(world)
    assert upload(created, WOFF2).status_code == 201
    font = created["customFont"]
    r = c.delete(f"/sites/{world.site_id}/custom_fonts/{font['id']}")
    assert r.status_code == 204 and r.content == b""
    err(c.get(f"/sites/{world.site_id}/custom_fonts/{font['id']}"), 404, "resource_not_found")
    err(c.delete(f"/sites/{world.site_id}/custom_fonts/{font['id']}"), 404, "resource_not_found")
    assert httpx.get(font["hostedUrl"]).status_code == 404
    a, b = (create(world, name=f"{n}.woff2")["customFont"]["id"] for n in "ab")
    theirs = world.http(OTHER_SITE).post(f"/sites/{world.other_site_id}/custom_fonts", json=body())
    other_id = theirs.json()["customFont"]["id"]
    r = c.post(f"/sites/{world.site_id}/custom_fonts/batchDelete",
               json={"items": [{"id": a}, {"id": ZERO_ID}, {"id": b}, {"id": other_id}, {"id": a}]})
    assert r.status_code == 200
    assert r.json() == {"deleted": [{"id": a}, {"id": b}],
                        "failed": [{"id": i, "name": "NotFound", "msg": "Font not found"} for i in (ZERO_ID, other_id)]}
    assert c.get(f"/sites/{world.site_id}/custom_fonts").json()["customFonts"] == []
    # Idempotent: again, everything is NotFound.
    again = c.post(f"/sites/{world.site_id}/custom_fonts/batchDelete", json={"items": [{"id": a}]}).json()
    assert again["deleted"] == [] and again["failed"][0]["id"] == a
    bad: dict[str, Any]
    for bad in ({"items": []}, {"items": [{"id": "nope"}]}, {"items": [{"id": a, "x": 1}]}, {},
                {"items": [{"id": ZERO_ID}] * 101}):
        err(c.post(f"/sites/{world.site_id}/custom_fonts/batchDelete", json=bad), 400, "validation_error")
    # The other site's font is untouched.
    got = world.http(OTHER_SITE).get(f"/sites/{world.other_site_id}/custom_fonts/{other_id}")
    assert got.status_code == 200


def test_fonts_of_another_site(world: World) -> None:
    theirs = world.http(OTHER_SITE).post(f"/sites/{world.other_site_id}/custom_fonts", json=body()).json()
    fid = theirs["customFont"]["id"]
    c = world.http()
    err(c.get(f"/sites/{world.site_id}/custom_fonts/{fid}"), 403, "forbidden")
    err(c.get(f"/sites/{world.other_site_id}/custom_fonts/{fid}"), 403, "forbidden")
    err(c.get(f"/sites/{world.site_id}/custom_fonts/{ZERO_ID}"), 404, "resource_not_found")
    err(c.get(f"/sites/{world.site_id}/custom_fonts/nope"), 400, "validation_error")
    err(world.http(prefix="beta", validate=False).get(f"/sites/{world.site_id}/custom_fonts"), 404,
        "resource_not_found")
