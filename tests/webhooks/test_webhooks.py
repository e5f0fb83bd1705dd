"""Webhooks: registration (SDK and wire), the events each CMS write fires, signed delivery to the built-in
receiver, retries driven by the short delay and by the frozen clock, durability across a killed server,
one delivery per event with several dispatchers, and the `worker` command."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from webflow.core.api_error import ApiError

from tests.support.server import RunningServer, free_socket, fresh_database, serve
from tests.support.world import FULL, NO_SCOPES, OTHER_SITE, World, build

T = TypeVar("T")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
TRIGGERS = [
    "form_submission", "site_publish", "page_created", "page_metadata_updated", "page_deleted", "ecomm_new_order",
    "ecomm_order_changed", "ecomm_inventory_changed", "collection_item_created", "collection_item_changed",
    "collection_item_deleted", "collection_item_published", "collection_item_unpublished", "comment_created",
]
CMS_TRIGGERS = [t for t in TRIGGERS if t.startswith("collection_item_")]
WAIT_SECONDS = 30.0  # upper bound for anything the dispatcher does (it polls every 0.2 s)


# -- helpers -----------------------------------------------------------------------------------------
def wait_for(fetch: Callable[[], T], done: Callable[[T], bool], what: str, timeout: float = WAIT_SECONDS) -> T:
    """Polls fetch() until done(value) holds; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if done(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; last value: {value!r}")
        time.sleep(0.05)


class Sink:
    """The built-in receiver /_admin/sinks/{name} on a server."""

    def __init__(self, base: str, name: str) -> None:
        self.base = base
        self.name = name
        self.url = f"{base}/_admin/sinks/{name}"
        self._admin = httpx.Client(base_url=f"{base}/_admin", timeout=60)

    def configure(self, **config: Any) -> None:
        r = self._admin.put(f"/sinks/{self.name}", json=config)
        assert r.status_code == 200, r.text

    def requests(self) -> list[dict[str, Any]]:
        r = self._admin.get(f"/sinks/{self.name}")
        assert r.status_code == 200, r.text
        return r.json()["requests"]  # type: ignore[no-any-return]

    def wait(self, count: int, timeout: float = WAIT_SECONDS) -> list[dict[str, Any]]:
        return wait_for(self.requests, lambda got: len(got) >= count, f"{count} requests on sink {self.name}",
                        timeout)

    def close(self) -> None:
        self._admin.close()


@pytest.fixture
def sinks(world: World) -> Iterator[Callable[[str], Sink]]:
    made: list[Sink] = []

    def make(name: str) -> Sink:
        s = Sink(world.base, name)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


def deliveries(base: str, webhook_id: str) -> list[dict[str, Any]]:
    r = httpx.get(f"{base}/_admin/webhooks/{webhook_id}/deliveries", timeout=60)
    assert r.status_code == 200, r.text
    return r.json()["deliveries"]  # type: ignore[no-any-return]


def register(world: World, trigger: str, url: str, token: str = FULL) -> dict[str, Any]:
    r = world.http(token).post(f"/sites/{world.site_id}/webhooks", json={"triggerType": trigger, "url": url})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def posts(world: World) -> dict[str, Any]:
    return world.create_collection({"displayName": "Posts", "singularName": "Post",
                                    "fields": [{"type": "PlainText", "displayName": "Summary"}]})


def create_items(world: World, collection_id: str, slugs: list[str], locales: list[str] | None = None) -> list[Any]:
    body = {"cmsLocaleIds": locales or list(world.locales.values()),
            "fieldData": [{"name": s.title(), "slug": s, "summary": f"about {s}"} for s in slugs]}
    r = world.http().post(f"/collections/{collection_id}/items/bulk", json=body)
    assert r.status_code == 202, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


def verify(key: str, request: dict[str, Any]) -> bool:
    """What a receiver does with Webflow's headers: HMAC-SHA256(key, "<timestamp>:<raw body>")."""
    ts = request["headers"]["x-webflow-timestamp"]
    expected = hmac.new(key.encode(), f"{ts}:{request['body']}".encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, request["headers"]["x-webflow-signature"])


def by_trigger(requests: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in requests:
        out.setdefault(r["json"]["triggerType"], []).append(r["json"]["payload"])
    return out


# -- registration ------------------------------------------------------------------------------------
def test_sdk_create_get_list_delete(world: World) -> None:
    sdk = world.sdk()
    made = sdk.webhooks.create(world.site_id, trigger_type="collection_item_created", url="https://example.com/hook")
    assert made.trigger_type == "collection_item_created"
    assert made.site_id == world.site_id and made.workspace_id == world.workspace_id
    assert made.filter is None and made.last_triggered is None and made.created_on is not None
    secret = (made.model_extra or {}).get("secretKey")
    assert isinstance(secret, str) and HEX64.match(secret)
    assert made.id is not None

    got = sdk.webhooks.get(made.id)
    assert got.url == "https://example.com/hook" and "secretKey" not in (got.model_extra or {})
    listed = sdk.webhooks.list(world.site_id)
    assert [w.id for w in listed.webhooks or []] == [made.id]
    assert listed.pagination is not None and listed.pagination.total == 1
    assert "secretKey" not in ((listed.webhooks or [])[0].model_extra or {})

    sdk.webhooks.delete(made.id)
    with pytest.raises(ApiError) as e:
        sdk.webhooks.get(made.id)
    assert e.value.status_code == 404
    assert sdk.webhooks.list(world.site_id).webhooks == []


def test_beta_prefix_and_every_spec_trigger(world: World) -> None:
    beta = world.http(prefix="beta")
    for trigger in TRIGGERS:
        r = beta.post(f"/sites/{world.site_id}/webhooks", json={"triggerType": trigger, "url": "http://h.test/x"})
        assert r.status_code == 201, r.text
    r = world.http().get(f"/sites/{world.site_id}/webhooks")
    assert sorted(w["triggerType"] for w in r.json()["webhooks"]) == sorted(TRIGGERS)
    assert r.json()["pagination"] == {"limit": 100, "offset": 0, "total": len(TRIGGERS)}


def test_form_filter_and_bad_registrations(world: World) -> None:
    h = world.http()
    path = f"/sites/{world.site_id}/webhooks"
    ok = h.post(path, json={"triggerType": "form_submission", "url": "https://x.test/", "filter": {"name": "Email"}})
    assert ok.status_code == 201 and ok.json()["filter"] == {"name": "Email"}

    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"triggerType": "item_exploded", "url": "https://x.test/"}, 400, "unsupported_webhook_trigger_type"),
        ({"triggerType": "site_publish", "url": "https://x.test/", "filter": {"name": "Email"}}, 400,
         "incompatible_webhook_filter"),
        ({"triggerType": "site_publish", "url": "ftp://x.test/"}, 400, "validation_error"),
        ({"triggerType": "site_publish", "url": "not a url"}, 400, "validation_error"),
        ({"url": "https://x.test/"}, 400, "validation_error"),
        ({"triggerType": "site_publish"}, 400, "validation_error"),
        ({"triggerType": "site_publish", "url": "https://x.test/", "color": "red"}, 400, "validation_error"),
    ]
    for body, status, code in cases:
        r = h.post(path, json=body)
        assert (r.status_code, r.json()["code"]) == (status, code), (body, r.text)
    # Bad input changes nothing.
    assert h.get(path).json()["pagination"]["total"] == 1


def test_at_most_75_per_trigger_type_per_site(world: World) -> None:
    h = world.http()
    path = f"/sites/{world.site_id}/webhooks"
    for i in range(75):
        assert h.post(path, json={"triggerType": "site_publish", "url": f"https://x.test/{i}"}).status_code == 201
    r = h.post(path, json={"triggerType": "site_publish", "url": "https://x.test/76"})
    assert r.status_code == 400 and r.json()["code"] == "bad_request"
    assert h.post(path, json={"triggerType": "page_created", "url": "https://x.test/"}).status_code == 201
    other = world.http(OTHER_SITE).post(f"/sites/{world.other_site_id}/webhooks",
                                        json={"triggerType": "site_publish", "url": "https://x.test/"})
    assert other.status_code == 201
    page = h.get(path, params={"offset": 70, "limit": 10}).json()
    assert page["pagination"] == {"limit": 10, "offset": 70, "total": 76} and len(page["webhooks"]) == 6


def test_auth_matrix(world: World) -> None:
    made = register(world, "site_publish", "https://x.test/")
    site_path, hook_path = f"/sites/{world.site_id}/webhooks", f"/webhooks/{made['id']}"
    body = {"triggerType": "site_publish", "url": "https://x.test/"}
    for token, status, code in [(None, 401, "not_authorized"), ("f" * 64, 401, "not_authorized"),
                                (OTHER_SITE, 403, "forbidden")]:
        h = world.http(token)
        for r in (h.get(site_path), h.post(site_path, json=body), h.get(hook_path), h.delete(hook_path)):
            assert (r.status_code, r.json()["code"]) == (status, code), r.request.url
    # The spec's descriptions name the scopes (sites:read; sites:write to create): a token without scopes is refused.
    none = world.http(NO_SCOPES)
    for r, scope in [(none.get(site_path), "sites:read"), (none.get(hook_path), "sites:read"),
                     (none.delete(hook_path), "sites:read"), (none.post(site_path, json=body), "sites:write")]:
        assert (r.status_code, r.json()["code"]) == (403, "missing_scopes"), r.request.url
        assert r.json()["message"] == f"OAuthForbidden: You are missing the following scopes - {scope}"
    h = world.http()
    assert h.get("/webhooks/not-an-id").json()["code"] == "validation_error"
    assert h.get("/webhooks/" + "0" * 24).status_code == 404
    assert h.get("/sites/" + "0" * 24 + "/webhooks").status_code == 404
    assert h.get(site_path).json()["pagination"]["total"] == 1  # nothing above removed or added one
    assert h.get(hook_path).status_code == 200


# -- events ------------------------------------------------------------------------------------------
def test_each_cms_trigger_fires_per_locale_with_the_item(world: World, sinks: Callable[[str], Sink]) -> None:
    sink = sinks("cms")
    for trigger in CMS_TRIGGERS:
        register(world, trigger, sink.url)
    coll = posts(world)
    cid = coll["id"]
    h = world.http()
    en, fr, de = world.en, world.fr, world.de

    create_items(world, cid, ["earth"])  # staged, in three locales: three created events
    created = by_trigger(sink.wait(3))["collection_item_created"]
    item_id = created[0]["id"]
    assert sorted(p["cmsLocaleId"] for p in created) == sorted([en, fr, de])
    for p in created:
        stored = h.get(f"/collections/{cid}/items/{item_id}", params={"cmsLocaleId": p["cmsLocaleId"]}).json()
        assert p == {"workspaceId": world.workspace_id, "siteId": world.site_id, "collectionId": cid, **stored}

    r = h.patch(f"/collections/{cid}/items/{item_id}", json={"cmsLocaleId": fr, "fieldData": {"name": "Terre"}})
    assert r.status_code == 200, r.text
    [changed] = by_trigger(sink.wait(4))["collection_item_changed"]
    assert changed == {"workspaceId": world.workspace_id, "siteId": world.site_id, "collectionId": cid, **r.json()}
    assert changed["fieldData"]["name"] == "Terre"

    r = h.post(f"/collections/{cid}/items/publish", json={"items": [{"id": item_id, "cmsLocaleIds": [en, fr, de]}]})
    assert r.status_code == 202, r.text
    published = by_trigger(sink.wait(7))["collection_item_published"]
    assert sorted(p["cmsLocaleId"] for p in published) == sorted([en, fr, de])
    for p in published:
        live = h.get(f"/collections/{cid}/items/{item_id}/live", params={"cmsLocaleId": p["cmsLocaleId"]}).json()
        assert p == {"workspaceId": world.workspace_id, "siteId": world.site_id, "collectionId": cid, **live}
        assert p["isDraft"] is False and p["lastPublished"] is not None

    assert h.delete(f"/collections/{cid}/items/{item_id}/live", params={"cmsLocaleId": de}).status_code == 204
    [unpublished] = by_trigger(sink.wait(8))["collection_item_unpublished"]
    assert (unpublished["id"], unpublished["cmsLocaleId"], unpublished["lastPublished"]) == (item_id, de, None)
    assert unpublished["fieldData"]["slug"] == "earth"

    staged_en = h.get(f"/collections/{cid}/items/{item_id}", params={"cmsLocaleId": en}).json()
    assert h.delete(f"/collections/{cid}/items/{item_id}", params={"cmsLocaleId": en}).status_code == 204
    [deleted] = by_trigger(sink.wait(9))["collection_item_deleted"]
    assert deleted == {"workspaceId": world.workspace_id, "siteId": world.site_id, "collectionId": cid, **staged_en}

    # Each variant is one event; nothing else was sent.
    assert len(sink.requests()) == 9


def test_live_create_and_site_publish(world: World, sinks: Callable[[str], Sink]) -> None:
    sink = sinks("publish")
    for trigger in ["collection_item_created", "collection_item_published", "site_publish"]:
        register(world, trigger, sink.url)
    cid = posts(world)["id"]
    h = world.http()
    r = h.post(f"/collections/{cid}/items/live", json={"fieldData": {"name": "Mars", "slug": "mars"}})
    assert r.status_code == 202, r.text
    got = by_trigger(sink.wait(2))
    assert [p["id"] for p in got["collection_item_created"]] == [r.json()["id"]]
    assert [p["id"] for p in got["collection_item_published"]] == [r.json()["id"]]

    create_items(world, cid, ["venus"], [world.en, world.fr])
    r = h.patch("/collections/" + cid + "/items", json={"items": [
        {"id": p["id"], "cmsLocaleId": p["cmsLocaleId"], "isDraft": False}
        for p in by_trigger(sink.wait(4))["collection_item_created"] if p["fieldData"]["slug"] == "venus"]})
    assert r.status_code == 200, r.text
    domain = world.site["customDomains"][0]
    r = h.post(f"/sites/{world.site_id}/publish", json={"customDomains": [domain["id"]],
                                                          "publishToWebflowSubdomain": True})
    assert r.status_code == 202, r.text
    got = by_trigger(sink.wait(7))
    [site_publish] = got["site_publish"]
    assert site_publish["siteId"] == world.site_id and site_publish["publishScope"] == "site"
    assert sorted(site_publish["domains"]) == sorted([domain["url"], "test-site.webflow.io"])
    assert set(site_publish) >= {"publishedOn", "publishedBy"}
    venus = [p for p in got["collection_item_published"] if p["fieldData"]["slug"] == "venus"]
    assert sorted(p["cmsLocaleId"] for p in venus) == sorted([world.en, world.fr])
    assert all(p["lastPublished"] == site_publish["publishedOn"] for p in venus)


def test_rolled_back_write_sends_nothing(world: World, sinks: Callable[[str], Sink]) -> None:
    sink = sinks("rollback")
    hook = register(world, "collection_item_created", sink.url)
    cid = posts(world)["id"]
    dup = {"fieldData": [{"name": "A", "slug": "same"}, {"name": "B", "slug": "same"}]}
    r = world.http().post(f"/collections/{cid}/items/bulk", json=dup)
    assert r.status_code == 400, r.text
    create_items(world, cid, ["after"], [world.en])
    [only] = sink.wait(1)
    assert only["json"]["payload"]["fieldData"]["slug"] == "after"
    assert len(deliveries(world.base, hook["id"])) == 1


# -- signing -----------------------------------------------------------------------------------------
def test_signatures_verify_with_secret_key_or_client_secret(world: World, sinks: Callable[[str], Sink]) -> None:
    with_key, with_app, unsigned = sinks("signed"), sinks("app"), sinks("unsigned")
    hook = register(world, "collection_item_created", with_key.url)
    admin = world.admin()
    r = admin.post(f"/sites/{world.site_id}/webhooks", json={
        "triggerType": "collection_item_created", "url": with_app.url, "clientSecret": "app-client-secret"})
    assert r.status_code == 201 and r.json()["signing"] == "clientSecret" and "secretKey" not in r.json()
    r = admin.post(f"/sites/{world.site_id}/webhooks", json={
        "triggerType": "collection_item_created", "url": unsigned.url, "signed": False})
    assert r.status_code == 201 and r.json()["signing"] == "none"
    cid = posts(world)["id"]
    create_items(world, cid, ["signed"], [world.en])

    [req] = with_key.wait(1)
    assert verify(hook["secretKey"], req)
    assert not verify("0" * 64, req)
    assert not verify(hook["secretKey"], {**req, "body": req["body"].replace("signed", "forged")})
    assert req["headers"]["content-type"] == "application/json"
    sent_at = int(req["headers"]["x-webflow-timestamp"])
    assert abs(sent_at / 1000 - time.time()) < 300  # epoch milliseconds
    [req] = with_app.wait(1)
    assert verify("app-client-secret", req)
    [req] = unsigned.wait(1)
    assert "x-webflow-signature" not in req["headers"] and "x-webflow-timestamp" not in req["headers"]


# -- retries -----------------------------------------------------------------------------------------
def test_receiver_failing_twice_gets_the_event_on_the_third_try(world: World, sinks: Callable[[str], Sink]) -> None:
    sink = sinks("flaky")
    sink.configure(failTimes=2, status=500)
    hook = register(world, "collection_item_created", sink.url)
    cid = posts(world)["id"]
    create_items(world, cid, ["retry"], [world.en])

    got = sink.wait(3)
    assert [r["answered"] for r in got] == [500, 500, 200]
    assert len({r["body"] for r in got}) == 1  # the same event, re-sent
    assert all(verify(hook["secretKey"], r) for r in got)
    [d] = wait_for(lambda: deliveries(world.base, hook["id"]), lambda ds: ds[0]["status"] == "delivered",
                   "delivered")
    assert d["attemptCount"] == 3 and d["deliveredOn"] is not None
    assert [(a["status"], a["error"]) for a in d["attempts"]] == [(500, "HTTP 500"), (500, "HTTP 500"), (200, None)]
    assert all(isinstance(a["latencyMs"], int) and a["attemptedOn"] for a in d["attempts"])
    assert world.sdk().webhooks.get(hook["id"]).last_triggered is not None


def test_frozen_clock_drives_retries(world: World, sinks: Callable[[str], Sink]) -> None:
    sink = sinks("clock")
    sink.configure(failTimes=1, status=503)
    hook = register(world, "collection_item_created", sink.url)
    cid = posts(world)["id"]
    admin = world.admin()
    frozen = "2030-01-01T00:00:00.000Z"
    assert admin.post("/clock", json={"at": frozen}).status_code == 200
    create_items(world, cid, ["frozen"], [world.en])

    [first] = sink.wait(1)
    assert first["headers"]["x-webflow-timestamp"] == str(int(datetime(2030, 1, 1, tzinfo=UTC).timestamp() * 1000))
    [d] = wait_for(lambda: deliveries(world.base, hook["id"]), lambda ds: ds[0]["attemptCount"] == 1, "1 attempt")
    # The retry waits for the clock: due one retry delay (1 s in tests) after the failed attempt.
    assert d["status"] == "pending" and d["nextAttemptAt"] == "2030-01-01T00:00:01.000Z"
    assert [a["attemptedOn"] for a in d["attempts"]] == [frozen]

    assert admin.post("/clock", json={"advanceSeconds": 1}).status_code == 200
    second = sink.wait(2)[1]
    assert second["answered"] == 200 and second["body"] == first["body"]
    assert second["headers"]["x-webflow-timestamp"] == str(int(first["headers"]["x-webflow-timestamp"]) + 1000)
    [d] = wait_for(lambda: deliveries(world.base, hook["id"]), lambda ds: ds[0]["status"] == "delivered", "delivered")
    assert [a["attemptedOn"] for a in d["attempts"]] == [frozen, "2030-01-01T00:00:01.000Z"]


def test_gives_up_after_three_retries_and_resend(world: World, sinks: Callable[[str], Sink]) -> None:
    sink = sinks("down")
    sink.configure(status=500)
    hook = register(world, "collection_item_created", sink.url)
    cid = posts(world)["id"]
    create_items(world, cid, ["down"], [world.en])
    [d] = wait_for(lambda: deliveries(world.base, hook["id"]), lambda ds: ds[0]["status"] == "failed", "failed")
    assert d["attemptCount"] == 4 and [a["status"] for a in d["attempts"]] == [500] * 4
    assert len(sink.requests()) == 4

    sink.configure(status=200)
    r = world.admin().post(f"/deliveries/{d['id']}/resend", json={})
    assert r.status_code == 201 and r.json()["resendOf"] == d["id"] and r.json()["status"] == "pending"
    got = sink.wait(5)
    assert got[-1]["answered"] == 200 and got[-1]["body"] == d["body"]
    assert world.admin().post("/deliveries/999999/resend", json={}).status_code == 404


def test_removed_webhook_sends_no_more(world: World, sinks: Callable[[str], Sink]) -> None:
    sink, keep = sinks("removed"), sinks("kept")
    gone = register(world, "collection_item_created", sink.url)
    register(world, "collection_item_created", keep.url)
    world.sdk().webhooks.delete(gone["id"])
    create_items(world, posts(world)["id"], ["x"], [world.en])
    keep.wait(1)
    assert sink.requests() == []


def test_a_hanging_receiver_holds_up_nothing_else(backend: str, tmp_path: Path, server: RunningServer,
                                                  world: World, sinks: Callable[[str], Sink]) -> None:
    """Another server (1 s timeout) delivers to a receiver that never answers and to a healthy one."""
    hang, healthy = sinks("hang"), sinks("healthy")
    hang.configure(delaySeconds=600)
    with fresh_database(backend, tmp_path) as url, serve(url, webhook_timeout=1.0, webhook_retry_delay=600) as s:
        other = build(s.url)
        try:
            slow = register(other, "collection_item_created", hang.url)
            register(other, "collection_item_created", healthy.url)
            cid = posts(other)["id"]
            items = create_items(other, cid, [f"i{n}" for n in range(5)], [other.en])
            healthy.wait(5)
            for item in items:  # the API answers while deliveries hang
                assert other.http().get(f"/collections/{cid}/items/{item['id']}").status_code == 200
            ds = wait_for(lambda: deliveries(s.url, slow["id"]),
                          lambda ds: all(d["attemptCount"] == 1 for d in ds), "timed-out attempts")
            assert {d["attempts"][0]["error"] for d in ds} == {"timed out after 1 s"}
            assert all(d["status"] == "pending" and d["attempts"][0]["status"] is None for d in ds)
        finally:
            other.close()


# -- durability and concurrency ----------------------------------------------------------------------
@contextmanager
def server_process(database_url: str, log: Path, *env: str) -> Iterator[str]:
    """`python -m webflow_local serve` as a child process (so it can be SIGKILLed)."""
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("WEBFLOW_LOCAL_")}
    environ.update(e.split("=", 1) for e in env)  # type: ignore[misc]
    with log.open("ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "webflow_local", "serve", "--database-url", database_url,
                                 "--port", str(port)], stdout=out, stderr=subprocess.STDOUT, env=environ)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(base, proc), bool, f"server on {base}", timeout=60)
        yield base
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)


def _answers(base: str, proc: subprocess.Popen[bytes]) -> bool:
    assert proc.poll() is None, "server process exited"
    try:
        return httpx.get(f"{base}/_admin/clock", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def test_event_committed_before_a_kill_is_delivered_after_restart(
        backend: str, tmp_path: Path, world: World, sinks: Callable[[str], Sink]) -> None:
    sink = sinks("durable")
    with fresh_database(backend, tmp_path) as url:
        # First server: no dispatcher, so the event can only be in the database when it is killed.
        with server_process(url, tmp_path / "killed.log", "WEBFLOW_LOCAL_WEBHOOK_DISPATCHER=false") as base:
            first = build(base)
            hook = register(first, "collection_item_created", sink.url)
            create_items(first, posts(first)["id"], ["survivor"], [first.en, first.fr])
            first.close()
            [d, _] = deliveries(base, hook["id"])
            assert d["status"] == "pending" and d["attempts"] == []
        # (killed with SIGKILL on leaving the block)
        with serve(url) as second:
            got = sink.wait(2)
            assert sorted(r["json"]["payload"]["cmsLocaleId"] for r in got) == sorted([first.en, first.fr])
            assert all(verify(hook["secretKey"], r) for r in got)
            wait_for(lambda: deliveries(second.url, hook["id"]),
                     lambda ds: [d["status"] for d in ds] == ["delivered"] * 2, "delivered")


def test_two_dispatchers_never_deliver_an_event_twice(server: RunningServer, world: World,
                                                      sinks: Callable[[str], Sink]) -> None:
    """A second server (with its own dispatcher) on the session server's database."""
    sink = sinks("shared")
    hook = register(world, "collection_item_created", sink.url)
    cid = posts(world)["id"]
    with serve(server.database_url, webhook_retry_delay=1.0) as second:
        items = create_items(world, cid, [f"p{n}" for n in range(20)])  # 20 items x 3 locales
        assert len(items) == 60
        ds = wait_for(lambda: deliveries(second.url, hook["id"]),
                      lambda ds: len(ds) == 60 and all(d["status"] == "delivered" for d in ds), "60 delivered")
    got = sink.requests()
    keys = [(r["json"]["payload"]["id"], r["json"]["payload"]["cmsLocaleId"]) for r in got]
    assert len(keys) == 60 and len(set(keys)) == 60
    assert all(d["attemptCount"] == 1 for d in ds)
    workers = {d["attempts"][0]["worker"] for d in ds}
    assert 1 <= len(workers) <= 2


def test_worker_command_delivers(backend: str, tmp_path: Path, world: World, sinks: Callable[[str], Sink]) -> None:
    sink = sinks("worker")
    with fresh_database(backend, tmp_path) as url, serve(url, webhook_dispatcher=False) as s:
        other = build(s.url)
        try:
            hook = register(other, "collection_item_created", sink.url)
            create_items(other, posts(other)["id"], ["w"], [other.en])
            assert deliveries(s.url, hook["id"])[0]["status"] == "pending"
            environ = {k: v for k, v in os.environ.items() if not k.startswith("WEBFLOW_LOCAL_")}
            log = (tmp_path / "worker.log").open("ab")
            proc = subprocess.Popen([sys.executable, "-m", "webflow_local", "worker", "--database-url", url],
                                    stdout=log, stderr=subprocess.STDOUT, env=environ)
            try:
                [req] = sink.wait(1, timeout=60)
                assert verify(hook["secretKey"], req)
                wait_for(lambda: deliveries(s.url, hook["id"]), lambda ds: ds[0]["status"] == "delivered",
                         "delivered")
            finally:
                proc.send_signal(signal.SIGTERM)
                assert proc.wait(timeout=30) == 0
                log.close()
        finally:
            other.close()


# -- the receiver itself -----------------------------------------------------------------------------
def test_sink_configuration_and_listing(world: World) -> None:
    admin = world.admin()
    assert admin.get("/sinks/fresh").json() == {"name": "fresh", "status": 200, "failTimes": None,
                                                "delaySeconds": 0.0, "receivedCount": 0, "requests": []}
    assert admin.put("/sinks/teapot", json={"status": 418, "failTimes": 1}).status_code == 200
    # A sink is the control plane too: JSON only, and what is refused is not stored.
    assert admin.post("/sinks/teapot", content=b"not json").status_code == 415
    assert admin.post("/sinks/teapot", content=b"not json", headers={"content-type": "application/json"}
                      ).status_code == 400
    assert admin.post("/sinks/teapot", json=[0]).status_code == 418
    assert admin.post("/sinks/teapot", json={"a": 1}).status_code == 200
    got = admin.get("/sinks/teapot").json()
    assert [(r["answered"], r["body"], r["json"]) for r in got["requests"]] == [
        (418, "[0]", [0]), (200, '{"a":1}', {"a": 1})]
    assert got["receivedCount"] == 2
    assert [s["name"] for s in admin.get("/sinks").json()["sinks"]] == ["teapot"]
    assert admin.put("/sinks/teapot", json={"status": 99}).status_code == 400
    assert admin.put("/sinks/bad%20name", json={}).status_code == 400
    assert admin.request("DELETE", "/sinks/teapot", json={}).status_code == 204
    assert admin.get("/sinks/teapot").json()["requests"] == []
