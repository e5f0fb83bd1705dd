"""CMS Image, MultiImage and File fields take the site's assets (by id or hostedUrl); remote URLs are recorded as
given, or, with WEBFLOW_LOCAL_FETCH_REMOTE_FILES, fetched into the asset store (skipInvalidFiles decides what an
unusable one does)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from tests.assets.test_assets import PNG, create, md5, upload
from tests.support.server import RunningServer, serve
from tests.support.wire import err
from tests.support.world import FULL, World
from tests.test_foundation import row_counts

FIELDS = [{"type": "Image", "displayName": "Photo"}, {"type": "MultiImage", "displayName": "Gallery"},
          {"type": "File", "displayName": "Attachment"}]
PDF = b"%PDF-1.4\n" + b"p" * 300


@pytest.fixture
def coll(world: World) -> dict[str, Any]:
    return world.create_collection({"displayName": "Posts", "singularName": "Post", "fields": FIELDS})


def _item(c: httpx.Client, coll: dict[str, Any], field_data: dict[str, Any], **params: str) -> httpx.Response:
    return c.post(f"/collections/{coll['id']}/items", params=params,
                  json={"fieldData": {"name": "P", "slug": f"p-{len(str(field_data))}-{id(field_data)}",
                                      **field_data}})


def test_asset_ids_and_hosted_urls(world: World, coll: dict[str, Any]) -> None:
    sdk = world.sdk()
    photo = create(world, "photo.png", PNG)
    assert upload(photo, PNG).status_code == 201
    doc = create(world, "terms.pdf", PDF)
    assert world.http().patch(f"/assets/{photo['id']}", json={"altText": "A photo"}).status_code == 200
    expected = {"fileId": photo["id"], "url": photo["hostedUrl"], "alt": "A photo"}
    item = sdk.collections.items.create_item(coll["id"], request={"fieldData": {
        "name": "By id", "slug": "by-id", "photo": {"fileId": photo["id"]},
        "gallery": [photo["id"], {"url": photo["hostedUrl"], "alt": "Mine"}],
        "attachment": {"url": doc["hostedUrl"]}}})
    fd: dict[str, Any] = dict(item.field_data or {})
    assert fd["photo"] == expected
    assert fd["gallery"] == [expected, {**expected, "alt": "Mine"}]
    assert fd["attachment"] == {"fileId": doc["id"], "url": doc["hostedUrl"], "alt": None}
    # Read back as stored.
    got = world.http().get(f"/collections/{coll['id']}/items/{item.id}").json()["fieldData"]
    assert got["photo"] == expected and got["attachment"]["fileId"] == doc["id"]
    # The bare hosted URL, on update.
    c = world.http()
    r = c.patch(f"/collections/{coll['id']}/items/{item.id}", json={"fieldData": {"photo": doc["hostedUrl"]}})
    assert r.status_code == 200 and r.json()["fieldData"]["photo"]["fileId"] == doc["id"]
    # Another site's asset is no asset here: the value stays as given.
    theirs = world.http("c" * 64).post(f"/sites/{world.other_site_id}/assets",
                                       json={"fileName": "x.png", "fileHash": md5(b"x")}).json()
    r = _item(c, coll, {"photo": {"fileId": theirs["id"]}})
    assert r.status_code == 202 and r.json()["fieldData"]["photo"] == {"fileId": theirs["id"], "url": None,
                                                                        "alt": None}


def test_remote_urls_are_recorded_as_given_by_default(world: World, coll: dict[str, Any],
                                                      database_url: str) -> None:
    c = world.http()
    before = row_counts(database_url)
    r = _item(c, coll, {"photo": "http://127.0.0.1:9/unreachable.png"}, skipInvalidFiles="false")
    assert r.status_code == 202, r.text
    photo = r.json()["fieldData"]["photo"]
    assert photo["url"] == "http://127.0.0.1:9/unreachable.png" and len(photo["fileId"]) == 24
    after = row_counts(database_url)
    assert after["assets"] == before["assets"] and after["asset_files"] == before["asset_files"]


class _Files(BaseHTTPRequestHandler):
    FILES = {"/pic.png": ("image/png", PNG), "/terms.pdf": ("application/pdf", PDF),
             "/page.html": ("text/html", b"<html></html>")}

    def do_GET(self) -> None:
        found = self.FILES.get(self.path)
        if found is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", found[0])
        self.send_header("Content-Length", str(len(found[1])))
        self.end_headers()
        self.wfile.write(found[1])

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def files() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Files)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def fetching(server: RunningServer) -> Iterator[RunningServer]:
    """Another process on the same database and public URL (as behind one load balancer), with remote fetching
    on."""
    with serve(server.database_url, webhook_dispatcher=False, fetch_remote_files=True, public_url=server.url) as s:
        yield s


def _client(world: World, s: RunningServer) -> httpx.Client:
    c = httpx.Client(base_url=f"{s.url}/v2", headers={"Authorization": f"Bearer {FULL}"}, timeout=60,
                     event_hooks={"response": [world._validate]})
    world._clients.append(c)
    return c


def test_fetching_remote_files(world: World, coll: dict[str, Any], files: str, fetching: RunningServer,
                               database_url: str) -> None:
    c = _client(world, fetching)
    r = _item(c, coll, {"photo": {"url": f"{files}/pic.png", "alt": "Fetched"},
                        "attachment": f"{files}/terms.pdf"}, skipInvalidFiles="false")
    assert r.status_code == 202, r.text
    fd = r.json()["fieldData"]
    photo = world.sdk().assets.get(fd["photo"]["fileId"])
    assert photo.original_file_name == "pic.png" and photo.content_type == "image/png" and photo.size == len(PNG)
    assert fd["photo"] == {"fileId": photo.id, "url": photo.hosted_url, "alt": "Fetched"}
    assert httpx.get(photo.hosted_url).content == PNG
    doc = world.sdk().assets.get(fd["attachment"]["fileId"])
    assert doc.content_type == "application/pdf" and httpx.get(doc.hosted_url).content == PDF
    # The same file again is the same asset.
    again = _item(c, coll, {"gallery": [f"{files}/pic.png"]}).json()["fieldData"]["gallery"]
    assert again[0]["fileId"] == photo.id
    before = row_counts(database_url)
    # Unusable files: a 404, an unreachable host, a page that is not an image. With skipInvalidFiles=false the
    # request fails and changes nothing...
    for value in ({"photo": f"{files}/missing.png"}, {"photo": "http://127.0.0.1:9/x.png"},
                  {"gallery": [f"{files}/pic.png", f"{files}/page.html"]}):
        body = err(_item(c, coll, value, skipInvalidFiles="false"), 400, "validation_error")
        assert body["details"][0]["param"] == next(iter(value))
        assert body["details"][0]["description"].startswith("Invalid file:")
    assert row_counts(database_url) == before
    # ...and by default (skipInvalidFiles=true) the value is dropped and the write proceeds.
    r = _item(c, coll, {"photo": f"{files}/missing.png", "gallery": [f"{files}/page.html", f"{files}/pic.png"]})
    assert r.status_code == 202, r.text
    fd = r.json()["fieldData"]
    assert "photo" not in fd and [g["fileId"] for g in fd["gallery"]] == [photo.id]


def test_fetching_never_reaches_the_control_plane_or_private_targets(world: World, coll: dict[str, Any],
                                                                     files: str, server: RunningServer) -> None:
    with serve(server.database_url, webhook_dispatcher=False, fetch_remote_files=True) as s:
        c = _client(world, s)
        # The delivery header the fetch carries makes the control plane refuse it, whatever the URL spells.
        body = err(_item(c, coll, {"attachment": f"{s.url}/_admin/clock"}, skipInvalidFiles="false"), 400,
                   "validation_error")
        assert "HTTP 403" in body["details"][0]["description"]
    with serve(server.database_url, webhook_dispatcher=False, fetch_remote_files=True,
               webhook_block_private_targets=True) as s:
        c = _client(world, s)
        body = err(_item(c, coll, {"photo": f"{files}/pic.png"}, skipInvalidFiles="false"), 400,
                   "validation_error")
        assert "is not allowed" in body["details"][0]["description"]
