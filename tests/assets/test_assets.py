"""Assets family: folders, asset metadata, the S3-style upload target and the hosted files."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.server import RunningServer, serve
from tests.support.wire import ZERO_ID, err
from tests.support.world import World
from tests.test_foundation import row_counts

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def create(world: World, name: str, data: bytes, **extra: Any) -> dict[str, Any]:
    r = world.http().post(f"/sites/{world.site_id}/assets", json={"fileName": name, "fileHash": md5(data), **extra})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def upload(created: dict[str, Any], data: bytes, base: str | None = None, **override: str) -> httpx.Response:
    """A browser-style presigned POST: every uploadDetails entry as a field, the file last."""
    fields = {**created["uploadDetails"], **override}
    url = created["uploadUrl"]
    if base is not None:
        url = base + url[url.index("/_uploads/"):]
    return httpx.post(url, data=fields, files={"file": ("blob", data, "application/octet-stream")}, timeout=30)


def s3_error(r: httpx.Response, status: int, code: str) -> str:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/xml")
    assert f"<Code>{code}</Code>" in r.text, r.text
    return r.text


# -- folders ------------------------------------------------------------------------------------------------
def test_folders_with_sdk(world: World) -> None:
    sdk = world.sdk()
    icons = sdk.assets.create_folder(world.site_id, display_name="icons")
    assert icons.display_name == "icons" and icons.parent_folder is None and icons.assets == []
    small = sdk.assets.create_folder(world.site_id, display_name="small", parent_folder=icons.id)
    assert small.parent_folder == icons.id and small.site_id == world.site_id
    # The same name under another parent is fine; twice under one parent is not, and adds nothing.
    sdk.assets.create_folder(world.site_id, display_name="small")
    before = [f.id for f in sdk.assets.list_folders(world.site_id).asset_folders or []]
    body = err(world.http().post(f"/sites/{world.site_id}/asset_folders",
                                 json={"displayName": "small", "parentFolder": icons.id}), 400, "validation_error")
    assert body["details"][0]["param"] == "displayName"
    listed = sdk.assets.list_folders(world.site_id)
    assert [f.id for f in listed.asset_folders or []] == before and len(before) == 3
    raw = world.http().get(f"/sites/{world.site_id}/asset_folders").json()
    assert raw["pagination"] == {"limit": 3, "offset": 0, "total": 3}
    assert raw["assetFolders"][0]["parentFolder"] is None  # explicit null at the root
    # An asset created in a folder is listed in it.
    a = create(world, "logo.png", PNG, parentFolder=small.id)
    assert a["parentFolder"] == small.id
    assert sdk.assets.get_folder(small.id).assets == [a["id"]]
    assert sdk.assets.get_folder(icons.id).assets == []


def test_folder_errors(world: World) -> None:
    c = world.http()
    err(c.post(f"/sites/{world.site_id}/asset_folders", json={"displayName": "x", "parentFolder": ZERO_ID}), 404,
        "resource_not_found")
    err(c.post(f"/sites/{world.site_id}/asset_folders", json={"displayName": ""}), 400, "validation_error")
    err(c.post(f"/sites/{world.site_id}/asset_folders", json={"displayName": "x", "extra": 1}), 400,
        "validation_error")
    err(c.get(f"/asset_folders/{ZERO_ID}"), 404, "resource_not_found")
    err(c.get("/asset_folders/nope"), 400, "validation_error")
    # Another site's folder cannot be a parent here.
    other = world.http("c" * 64).post(f"/sites/{world.other_site_id}/asset_folders", json={"displayName": "o"})
    assert other.status_code == 200
    err(c.post(f"/sites/{world.site_id}/asset_folders", json={"displayName": "y", "parentFolder": other.json()["id"]}),
        404, "resource_not_found")
    err(c.get(f"/asset_folders/{other.json()['id']}"), 403, "forbidden")
    assert c.get(f"/sites/{world.site_id}/asset_folders").json()["assetFolders"] == []


# -- create, upload, download ----------------------------------------------------------------------------
def test_create_upload_and_download(world: World) -> None:
    sdk = world.sdk()
    up = sdk.assets.create(world.site_id, file_name="Team photo.png", file_hash=md5(PNG))
    assert up.content_type == "image/png" and up.parent_folder is None
    assert up.upload_url and up.hosted_url and up.upload_details is not None
    details = up.upload_details.model_dump(by_alias=True)
    assert details["key"] == f"{world.site_id}/{up.id}_Team photo.png"
    assert details["success_action_status"] == "201" and details["content-type"] == "image/png"
    assert details["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    policy = json.loads(base64.b64decode(details["Policy"]))
    assert ["content-length-range", 0, 4 * 1024 * 1024] in policy["conditions"]
    # Not uploaded yet: the metadata exists, the file does not.
    assert sdk.assets.get(up.id).size == 0
    assert httpx.get(up.hosted_url).status_code == 404
    created = world.http().post(f"/sites/{world.site_id}/assets",
                                json={"fileName": "Team photo.png", "fileHash": md5(PNG)}).json()
    assert created["id"] == up.id  # same file: the same asset
    r = upload(created, PNG)
    assert r.status_code == 201, r.text
    assert "<PostResponse>" in r.text and f"<Key>{details['key']}</Key>" in r.text
    assert r.headers["etag"] == f'"{md5(PNG)}"'
    got = httpx.get(up.hosted_url)
    assert got.status_code == 200 and got.content == PNG
    assert got.headers["content-type"] == "image/png" and got.headers["etag"] == f'"{md5(PNG)}"'
    assert got.headers["content-security-policy"] == "sandbox"
    assert "%20" in up.hosted_url
    head = httpx.head(up.hosted_url)
    assert head.status_code == 200 and head.headers["content-length"] == str(len(PNG))
    asset = sdk.assets.get(up.id)
    assert asset.size == len(PNG) and asset.original_file_name == "Team photo.png"
    assert asset.hosted_url == up.hosted_url and asset.variants == [] and asset.alt_text is None
    # Uploading the same bytes again is harmless.
    assert upload(created, PNG).status_code == 201


def test_documents_have_their_content_type_and_limit(world: World) -> None:
    data = b"%PDF-1.4\n" + b"x" * 1000
    created = create(world, "report.pdf", data)
    assert created["contentType"] == "application/pdf"
    policy = json.loads(base64.b64decode(created["uploadDetails"]["Policy"]))
    assert ["content-length-range", 0, 10 * 1024 * 1024] in policy["conditions"]
    assert upload(created, data).status_code == 201
    got = httpx.get(created["hostedUrl"])
    assert got.content == data and got.headers["content-type"] == "application/pdf"


def _nothing_stored(world: World, created: dict[str, Any], database_url: str, before: dict[str, int]) -> None:
    assert httpx.get(created["hostedUrl"]).status_code == 404
    assert world.http().get(f"/assets/{created['id']}").json()["size"] == 0
    assert row_counts(database_url) == before


def test_wrong_md5_is_refused(world: World, database_url: str) -> None:
    created = create(world, "a.png", PNG)
    before = row_counts(database_url)
    body = s3_error(upload(created, PNG + b"!"), 400, "BadDigest")
    assert f"<ExpectedDigest>{md5(PNG)}</ExpectedDigest>" in body
    _nothing_stored(world, created, database_url, before)


def test_expired_policy_is_refused(world: World, database_url: str) -> None:
    admin = world.admin()
    assert admin.post("/clock", json={"freeze": True}).status_code == 200
    created = create(world, "a.png", PNG)
    before = row_counts(database_url)
    assert admin.post("/clock", json={"advanceSeconds": 3601}).status_code == 200
    body = s3_error(upload(created, PNG), 403, "AccessDenied")
    assert "Policy expired" in body
    _nothing_stored(world, created, database_url, before)
    # Within the hour it is accepted.
    assert admin.post("/clock", json={"advanceSeconds": -2}).status_code == 200
    assert upload(created, PNG).status_code == 201


def test_tampered_uploads_are_refused(world: World, database_url: str) -> None:
    created = create(world, "a.png", PNG)
    details = created["uploadDetails"]
    before = row_counts(database_url)
    sig = details["X-Amz-Signature"]
    s3_error(upload(created, PNG, **{"X-Amz-Signature": ("0" if sig[0] != "0" else "1") + sig[1:]}), 403,
             "SignatureDoesNotMatch")
    # A policy rewritten to allow more, signed with the old signature.
    policy = json.loads(base64.b64decode(details["Policy"]))
    policy["expiration"] = "2999-01-01T00:00:00.000Z"
    forged = base64.b64encode(json.dumps(policy).encode()).decode()
    s3_error(upload(created, PNG, Policy=forged), 403, "SignatureDoesNotMatch")
    # Fields the policy pins: another key, another content type.
    other_key = details["key"].replace("a.png", "b.png")
    assert "Policy Condition failed" in s3_error(upload(created, PNG, key=other_key), 403, "AccessDenied")
    s3_error(upload(created, PNG, **{"content-type": "text/html"}), 403, "AccessDenied")
    # A field the policy does not name.
    r = httpx.post(created["uploadUrl"], data={**details, "x-amz-meta-evil": "1"},
                   files={"file": ("blob", PNG)})
    assert "Extra input fields" in s3_error(r, 403, "AccessDenied")
    # No policy at all: an anonymous write.
    r = httpx.post(created["uploadUrl"], data={"key": details["key"]}, files={"file": ("blob", PNG)})
    s3_error(r, 403, "AccessDenied")
    # No file, not multipart, another bucket.
    no_file = {"x-ignore-note": (None, "multipart, without a file")}
    s3_error(httpx.post(created["uploadUrl"], data=details, files=no_file), 400, "InvalidArgument")
    s3_error(httpx.post(created["uploadUrl"], json=details), 412, "PreconditionFailed")
    s3_error(httpx.post(created["uploadUrl"] + "x", data=details, files={"file": ("b", PNG)}), 404, "NoSuchBucket")
    _nothing_stored(world, created, database_url, before)


@pytest.fixture
def second(server: RunningServer) -> Iterator[RunningServer]:
    """Another server process on the same database, with a body cap that lets a 10 MB document through."""
    with serve(server.database_url, webhook_dispatcher=False, max_body_bytes=16 * 1024 * 1024) as s:
        yield s


def test_oversized_files_are_refused(world: World, second: RunningServer, database_url: str) -> None:
    big = b"\x89PNG" + b"\0" * (4 * 1024 * 1024 - 3)
    created = create(world, "huge.png", big)
    before = row_counts(database_url)
    body = s3_error(upload(created, big, base=second.url), 400, "EntityTooLarge")
    assert f"<MaxSizeAllowed>{4 * 1024 * 1024}</MaxSizeAllowed>" in body
    _nothing_stored(world, created, database_url, before)
    # A document of the same size is within its 10 MB.
    doc = b"%PDF" + big[4:]
    created = create(world, "huge.pdf", doc)
    assert upload(created, doc, base=second.url).status_code == 201


def test_an_upload_through_one_process_is_served_by_another(world: World, second: RunningServer) -> None:
    created = create(world, "shared.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert upload(created, b"<svg xmlns='http://www.w3.org/2000/svg'/>").status_code == 201
    path = created["hostedUrl"][created["hostedUrl"].index("/_files/"):]
    got = httpx.get(second.url + path)
    assert got.status_code == 200 and got.content == b"<svg xmlns='http://www.w3.org/2000/svg'/>"
    assert got.headers["content-type"] == "image/svg+xml"
    # And the other way round: signed by the first process, received by the second.
    created = create(world, "other.txt", b"hello")
    assert upload(created, b"hello", base=second.url).status_code == 201
    assert httpx.get(created["hostedUrl"]).content == b"hello"
    # The second process's API sees the same asset.
    api = httpx.get(f"{second.url}/v2/assets/{created['id']}", headers={"Authorization": f"Bearer {'a' * 64}"})
    assert api.status_code == 200 and api.json()["size"] == 5


# -- list, get, update, delete ---------------------------------------------------------------------------
def test_list_pages_and_filters_by_folder(world: World) -> None:
    sdk = world.sdk()
    top = sdk.assets.create_folder(world.site_id, display_name="top")
    sub = sdk.assets.create_folder(world.site_id, display_name="sub", parent_folder=top.id)
    ids = [create(world, f"f{n}.txt", f"file {n}".encode(),
                  **({"parentFolder": [top.id, sub.id][n % 2]} if n < 2 else {}))["id"] for n in range(5)]
    listed = sdk.assets.list(world.site_id)
    assert [a.id for a in listed.assets or []] == ids
    assert listed.pagination.total == 5
    page = sdk.assets.list(world.site_id, offset=1, limit=2)
    assert [a.id for a in page.assets or []] == ids[1:3]
    assert page.pagination.model_dump() == {"limit": 2, "offset": 1, "total": 5}
    c = world.http()
    raw = c.get(f"/sites/{world.site_id}/assets", params={"folderId": top.id}).json()
    assert [a["id"] for a in raw["assets"]] == ids[:2]  # the folder and the folders below it
    assert [a["folderId"] for a in raw["assets"]] == [top.id, sub.id]
    raw = c.get(f"/sites/{world.site_id}/assets", params={"folderId": sub.id}).json()
    assert [a["id"] for a in raw["assets"]] == [ids[1]]
    assert c.get(f"/sites/{world.site_id}/assets", params={"folderId": ZERO_ID}).json()["assets"] == []
    err(c.get(f"/sites/{world.site_id}/assets", params={"folderId": "bad"}), 400, "validation_error")
    err(c.get(f"/sites/{world.site_id}/assets", params={"limit": "x"}), 400, "validation_error")
    assert c.get(f"/sites/{world.site_id}/assets", params={"limit": 500}).json()["pagination"]["limit"] == 100


def test_update_display_name_and_alt_text_per_locale(world: World) -> None:
    sdk = world.sdk()
    a = create(world, "cat.jpg", b"meow")
    assert a["contentType"] == "image/jpeg"
    got = sdk.assets.get(a["id"])
    assert got.display_name == f"{a['id']}_cat.jpg" and got.alt_text is None
    updated = sdk.assets.update(a["id"], display_name="Cat")
    assert updated.display_name == "Cat"
    c = world.http()
    r = c.patch(f"/assets/{a['id']}", json={"altText": "A cat"})
    assert r.status_code == 200 and r.json()["altText"] == "A cat"
    fr = next(loc for loc in world.site["locales"]["secondary"] if loc["tag"] == "fr-FR")
    r = c.patch(f"/assets/{a['id']}", params={"localeId": fr["id"]}, json={"altText": "Un chat"})
    assert r.json()["altText"] == "Un chat" and r.json()["displayName"] == "Cat"
    assert c.get(f"/assets/{a['id']}").json()["altText"] == "A cat"
    assert c.get(f"/assets/{a['id']}", params={"localeId": fr["id"]}).json()["altText"] == "Un chat"
    de = next(loc for loc in world.site["locales"]["secondary"] if loc["tag"] == "de-DE")
    assert c.get(f"/assets/{a['id']}", params={"localeId": de["id"]}).json()["altText"] is None
    listed = c.get(f"/sites/{world.site_id}/assets", params={"localeId": fr["id"]}).json()["assets"]
    assert listed[0]["altText"] == "Un chat"
    # Bad input changes nothing.
    before = c.get(f"/assets/{a['id']}").json()
    err(c.patch(f"/assets/{a['id']}", json={"displayName": ""}), 400, "validation_error")
    err(c.patch(f"/assets/{a['id']}", json={"displayName": None}), 400, "validation_error")
    err(c.patch(f"/assets/{a['id']}", json={"size": 3}), 400, "validation_error")
    err(c.patch(f"/assets/{a['id']}", params={"localeId": ZERO_ID}, json={"altText": "x"}), 404,
        "resource_not_found")
    assert c.get(f"/assets/{a['id']}").json() == before


def test_delete_asset(world: World) -> None:
    sdk = world.sdk()
    a = create(world, "gone.txt", b"bye")
    assert upload(a, b"bye").status_code == 201
    sdk.assets.delete(a["id"])
    err(world.http().get(f"/assets/{a['id']}"), 404, "resource_not_found")
    assert httpx.get(a["hostedUrl"]).status_code == 404
    s3_error(upload(a, b"bye"), 403, "AccessDenied")  # its policy names an asset that is gone
    assert sdk.assets.list(world.site_id).assets == []
    # The same file again is a new asset.
    assert create(world, "gone.txt", b"bye")["id"] != a["id"]


def test_create_asset_bad_input_changes_nothing(world: World, database_url: str) -> None:
    c = world.http()
    before = row_counts(database_url)
    for body in ({"fileName": "a" * 96 + ".png", "fileHash": md5(b"x")},  # 100 characters
                 {"fileName": "a.png", "fileHash": "xyz"},
                 {"fileName": "", "fileHash": md5(b"x")},
                 {"fileHash": md5(b"x")},
                 {"fileName": "a.png", "fileHash": md5(b"x"), "size": 1}):
        err(c.post(f"/sites/{world.site_id}/assets", json=body), 400, "validation_error")
    err(c.post(f"/sites/{world.site_id}/assets", json={"fileName": "a.png", "fileHash": md5(b"x"),
                                                        "parentFolder": ZERO_ID}), 404, "resource_not_found")
    assert row_counts(database_url) == before
    assert create(world, "a" * 95 + ".png", b"x")["originalFileName"] == "a" * 95 + ".png"  # 99 characters


def test_dedupe_is_per_site(world: World) -> None:
    a = create(world, "a.txt", b"same")
    b = create(world, "b.txt", b"same")
    assert b["id"] == a["id"] and b["originalFileName"] == "a.txt"
    other = world.http("c" * 64).post(f"/sites/{world.other_site_id}/assets",
                                      json={"fileName": "a.txt", "fileHash": md5(b"same")})
    assert other.status_code == 200 and other.json()["id"] != a["id"]
    err(world.http().get(f"/assets/{other.json()['id']}"), 403, "forbidden")


def test_uploads_take_documents_beyond_the_api_body_limit(world: World) -> None:
    """The default server caps API bodies at 4 MiB; its upload target takes a 9 MB document (declared by the
    assets family's body_caps) and nothing larger than the policy's 10 MB."""
    doc = b"%PDF" + b"\0" * (9 * 1024 * 1024)
    created = create(world, "report.pdf", doc)
    assert upload(created, doc).status_code == 201
    assert httpx.get(created["hostedUrl"], timeout=30).content == doc
    r = world.http(validate=False).post(f"/sites/{world.site_id}/collections", content=b"x" * (5 * 1024 * 1024))
    assert r.status_code == 413
