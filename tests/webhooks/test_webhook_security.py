"""Webhooks as an attack path, end to end through the dispatcher: no delivery, retry or resend can drive the
control plane however its URL is spelled (each shown to leave the world intact), the admin token never leaves
the server, the operator setting that refuses private targets (at registration and on every attempt, after
resolving the host), and deactivation of a webhook whose deliveries keep failing."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.support.server import RunningServer, fresh_database, serve
from tests.support.world import FULL, World, build
from tests.webhooks.test_webhooks import Sink, create_items, deliveries, posts, register, wait_for
from webflow_local.outbound import targets
from webflow_local.outbound.signing import DELIVERY_HEADER, PROOF_HEADER, verify_delivery_proof

ADMIN_TOKEN = "security-admin-token-0123456789"
CREATED = "collection_item_created"


# -- helpers -----------------------------------------------------------------------------------------
def port_of(base: str) -> int:
    port = urlsplit(base).port
    assert port is not None
    return port


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: str


@dataclass
class Receiver:
    """A plain HTTP receiver outside webflow-local: records every request, answers `answers` in turn (the
    last one from then on), each (status, extra headers)."""

    answers: list[tuple[int, dict[str, str]]]
    got: list[Received] = field(default_factory=list)
    url: str = ""


@contextmanager
def receiver(*answers: tuple[int, dict[str, str]]) -> Iterator[Receiver]:
    rec = Receiver(list(answers) or [(200, {})])
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0)).decode()
            with lock:
                rec.got.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                status, extra = rec.answers[min(len(rec.got), len(rec.answers)) - 1]
            self.send_response(status)
            for k, v in extra.items():
                self.send_header(k, v)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    rec.url = f"http://127.0.0.1:{httpd.server_address[1]}/hook"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield rec
    finally:
        httpd.shutdown()
        httpd.server_close()


def admin(base: str, token: str | None = None) -> httpx.Client:
    return httpx.Client(base_url=f"{base}/_admin", timeout=60,
                        headers={"Authorization": f"Bearer {token}"} if token else {})


def attempted(base: str, webhook_id: str, n: int = 1, token: str | None = None) -> list[dict[str, Any]]:
    """The webhook's deliveries once each has at least n attempts logged."""
    def fetch() -> list[dict[str, Any]]:
        with admin(base, token) as a:
            r = a.get(f"/webhooks/{webhook_id}/deliveries")
        assert r.status_code == 200, r.text  # a wiped world has no such webhook any more
        return r.json()["deliveries"]  # type: ignore[no-any-return]
    return wait_for(fetch, lambda ds: bool(ds) and all(d["attemptCount"] >= n for d in ds),
                    f"{n} attempt(s) of webhook {webhook_id}")


@dataclass
class Sentinel:
    """Content made before an attack, read back after it."""

    api: httpx.Client
    site_id: str
    collection_id: str
    item: dict[str, Any]
    webhooks: int

    def assert_intact(self) -> None:
        r = self.api.get(f"/collections/{self.collection_id}/items/{self.item['id']}")
        assert r.status_code == 200, r.text  # the token, the collection and the item survived
        assert r.json()["fieldData"] == self.item["fieldData"]
        r = self.api.get(f"/sites/{self.site_id}/webhooks")
        assert r.status_code == 200 and r.json()["pagination"]["total"] == self.webhooks


def sentinel(world: World, cid: str) -> Sentinel:
    [item] = create_items(world, cid, ["sentinel"], [world.en])
    return Sentinel(world.http(), world.site_id, cid, item, 0)


def control_plane_urls(base: str) -> list[str]:
    port = port_of(base)
    return [
        f"http://127.0.0.1:{port}/_admin/reset",
        f"http://localhost:{port}/_admin/reset",
        f"http://localhost.:{port}/_admin/reset",
        f"http://[::1]:{port}/_admin/reset",  # the test server listens on 127.0.0.1 only
        f"http://[::ffff:127.0.0.1]:{port}/_admin/reset",
        f"http://127.0.0.2:{port}/_admin/reset",
        f"http://2130706433:{port}/_admin/reset",
        f"http://0x7f.1:{port}/_admin/reset",
        f"http://127.1:{port}/_admin/reset",
        f"http://127.0.0.1:{port}/_admin/%72eset",
        f"http://127.0.0.1:{port}/_admin/sinks/../reset",
        f"http://127.0.0.1:{port}/_admin/sinks/x/../../reset",
        f"http://127.0.0.1:{port}/_admin/sinks/%2e%2e/reset",
        f"http://127.0.0.1:{port}/_admin/./reset",
        f"http://127.0.0.1:{port}/_admin/reset?x=1",
        f"http://127.0.0.1:{port}/_admin/tokens",
    ]


# -- no delivery drives the control plane ------------------------------------------------------------
def test_deliveries_to_control_plane_urls_change_nothing(world: World) -> None:
    cid = posts(world)["id"]
    state = sentinel(world, cid)
    hooks = [register(world, CREATED, url) for url in control_plane_urls(world.base)]
    state.webhooks = len(hooks)
    create_items(world, cid, ["trigger"], [world.en])
    for hook in hooks:
        [d] = attempted(world.base, hook["id"])
        first = d["attempts"][0]
        assert first["status"] != 200 and first["error"], (hook["url"], first)
        assert d["status"] != "delivered", hook["url"]
    state.assert_intact()


def test_retries_and_resends_change_nothing(world: World) -> None:
    cid = posts(world)["id"]
    state = sentinel(world, cid)
    port = port_of(world.base)
    hooks = [register(world, CREATED, f"http://127.0.0.1:{port}/_admin/reset"),
             register(world, CREATED, f"http://localhost:{port}/_admin/sinks/../reset")]
    state.webhooks = len(hooks)
    create_items(world, cid, ["trigger"], [world.en])
    with admin(world.base) as a:
        for hook in hooks:
            [d] = attempted(world.base, hook["id"], 2)  # the first attempt and a retry
            assert all(at["status"] == 403 for at in d["attempts"]), d["attempts"]
            r = a.post(f"/deliveries/{d['id']}/resend", json={})
            assert r.status_code == 201, r.text
            again = wait_for(lambda id_=r.json()["id"]: a.get(f"/deliveries/{id_}").json(),
                             lambda got: got["attemptCount"] >= 1, "the resend's attempt")
            assert again["attempts"][0]["status"] == 403
    state.assert_intact()


def test_a_redirect_to_the_control_plane_is_not_followed(world: World) -> None:
    cid = posts(world)["id"]
    state = sentinel(world, cid)
    target = f"{world.base}/_admin/reset"
    with receiver((307, {"location": target}), (308, {"location": target}), (302, {"location": target})) as rec:
        hook = register(world, CREATED, rec.url)
        state.webhooks = 1
        create_items(world, cid, ["trigger"], [world.en])
        [d] = attempted(world.base, hook["id"], 3)
        assert [(a["status"], a["error"]) for a in d["attempts"][:3]] == [
            (307, "HTTP 307"), (308, "HTTP 308"), (302, "HTTP 302")]
        assert all(g.path == "/hook" for g in rec.got)  # every attempt went to the URL, none to Location
    state.assert_intact()


def test_every_attempt_carries_the_delivery_header(world: World) -> None:
    """The dispatcher's half of the guard: first try, retry and resend all name their delivery; without an
    admin token there is no proof, and no credential is ever sent."""
    sink = Sink(world.base, "headers")
    sink.configure(failTimes=1, status=500)
    with receiver((500, {}), (200, {})) as rec:
        on_sink = register(world, CREATED, sink.url)
        outside = register(world, CREATED, rec.url)
        create_items(world, posts(world)["id"], ["h"], [world.en])
        got = sink.wait(2)
        [d] = wait_for(lambda: deliveries(world.base, on_sink["id"]), lambda ds: ds[0]["status"] == "delivered",
                       "delivered")
        assert [r["headers"].get(DELIVERY_HEADER) for r in got] == [str(d["id"])] * 2
        [od] = wait_for(lambda: deliveries(world.base, outside["id"]), lambda ds: ds[0]["status"] == "delivered",
                        "delivered outside")
        assert [g.headers.get(DELIVERY_HEADER) for g in rec.got] == [str(od["id"])] * 2

        with admin(world.base) as a:
            r = a.post(f"/deliveries/{d['id']}/resend", json={})
        assert r.status_code == 201, r.text
        got = sink.wait(3)
        assert got[2]["headers"][DELIVERY_HEADER] == str(r.json()["id"]) != str(d["id"])
        for headers in [r["headers"] for r in got] + [g.headers for g in rec.got]:
            assert PROOF_HEADER not in headers and "x-admin-token" not in headers and "authorization" not in headers
    sink.close()


# -- with an admin token -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def locked(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """A server with the control plane behind an admin token, on its own database."""
    with fresh_database(backend, tmp_path_factory.mktemp("locked")) as url, \
            serve(url, admin_token=ADMIN_TOKEN, webhook_retry_delay=1.0) as s:
        yield s


def seed_locked(base: str) -> tuple[httpx.Client, str, str]:
    """Resets and seeds the locked server: (v2 client with a site token, site id, English cmsLocaleId)."""
    with admin(base, ADMIN_TOKEN) as a:
        assert a.post("/reset", json={}).status_code == 200
        r = a.post("/seed", json={"workspaces": [{"displayName": "W", "slug": "w", "sites": [
            {"displayName": "Locked", "tokens": [{"value": FULL, "scopes": "all"}]}]}]})
        assert r.status_code == 201, r.text
        site = r.json()["sites"][0]
    api = httpx.Client(base_url=f"{base}/v2", headers={"Authorization": f"Bearer {FULL}"}, timeout=60)
    return api, site["id"], site["locales"]["primary"]["cmsLocaleId"]


def test_admin_token_never_leaves_and_sinks_take_the_proof(locked: RunningServer) -> None:
    base = locked.url
    api, site_id, en = seed_locked(base)
    port = port_of(base)
    with api, admin(base, ADMIN_TOKEN) as a, receiver() as rec:
        r = api.post(f"/sites/{site_id}/collections", json={"displayName": "Posts", "singularName": "Post"})
        assert r.status_code == 200, r.text
        cid = r.json()["id"]
        r = api.post(f"/collections/{cid}/items", json={"cmsLocaleId": en,
                                                          "fieldData": {"name": "Sentinel", "slug": "sentinel"}})
        assert r.status_code == 202, r.text
        state = Sentinel(api, site_id, cid, r.json(), 0)

        def hook(url: str) -> str:
            r = api.post(f"/sites/{site_id}/webhooks", json={"triggerType": CREATED, "url": url})
            assert r.status_code == 201, r.text
            return str(r.json()["id"])

        on_sink = hook(f"{base}/_admin/sinks/locked")
        outside = hook(rec.url)
        attacks = [hook(f"http://127.0.0.1:{port}/_admin/sinks/../reset"),
                   hook(f"http://localhost:{port}/_admin/reset"),
                   hook(f"http://127.0.0.1:{port}/_admin/sinks/locked/../../reset")]
        state.webhooks = 2 + len(attacks)
        r = api.post(f"/collections/{cid}/items", json={"cmsLocaleId": en,
                                                          "fieldData": {"name": "Go", "slug": "go"}})
        assert r.status_code == 202, r.text

        for webhook_id in [on_sink, outside]:
            [d] = wait_for(lambda w=webhook_id: a.get(f"/webhooks/{w}/deliveries").json()["deliveries"],
                           lambda ds: bool(ds) and ds[0]["status"] == "delivered", "delivered")
            assert d["attemptCount"] == 1
        [req] = a.get("/sinks/locked").json()["requests"]
        assert req["answered"] == 200 and req["headers"][DELIVERY_HEADER]
        # The sink took the delivery on its proof (there is no other credential) and did not store the proof.
        assert PROOF_HEADER not in req["headers"] and "x-webflow-signature" in req["headers"]
        [got] = rec.got
        assert verify_delivery_proof(ADMIN_TOKEN, got.body.encode(), got.headers[PROOF_HEADER])
        for seen in (json.dumps(req), json.dumps([got.headers, got.body])):
            assert ADMIN_TOKEN not in seen
        for webhook_id in attacks:
            [d] = attempted(base, webhook_id, token=ADMIN_TOKEN)
            assert d["attempts"][0]["status"] in {401, 403}, d["attempts"]
        state.assert_intact()


# -- refusing private targets -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def guarded(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """A server with WEBFLOW_LOCAL_WEBHOOK_BLOCK_PRIVATE_TARGETS on, on its own database."""
    with fresh_database(backend, tmp_path_factory.mktemp("guarded")) as url, \
            serve(url, webhook_block_private_targets=True, webhook_retry_delay=1.0) as s:
        yield s


@pytest.fixture
def guarded_world(guarded: RunningServer) -> Iterator[World]:
    w = build(guarded.url)
    yield w
    w.close()


REFUSED_AT_REGISTRATION = [
    "http://127.0.0.1/hook", "http://127.0.0.1./hook", "http://localhost@127.0.0.1/", "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://2130706433/", "http://0x7f.1/",
    "http://0177.0.0.1/", "http://127.1/", "http://0.0.0.0/", "http://[::]/", "http://10.0.0.1/",
    "http://172.16.0.1/", "http://192.168.1.1/", "http://100.64.0.1/", "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/", "http://100.100.100.200/", "http://168.63.129.16/", "http://224.0.0.1/",
    "http://[fe80::1]/", "http://[fc00::1]/", "http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::]/",
    "http://%31%32%37.0.0.1/", "https://user:pass@example.com/hook", "https://token@example.com/hook",
]


def test_private_targets_are_refused_at_registration(guarded_world: World) -> None:
    w = guarded_world
    path = f"/sites/{w.site_id}/webhooks"
    with admin(w.base) as a:
        for url in REFUSED_AT_REGISTRATION:
            for r in (w.http().post(path, json={"triggerType": CREATED, "url": url}),
                      w.http(prefix="beta").post(path, json={"triggerType": CREATED, "url": url}),
                      a.post(path, json={"triggerType": CREATED, "url": url})):
                assert r.status_code == 400, (url, r.text)
                body = r.json()
                assert body["code"] == "validation_error" and [d["param"] for d in body["details"]] == ["url"], url
        assert w.http().get(path).json()["pagination"]["total"] == 0  # nothing was registered
        # Names are resolved at delivery, not at registration; public literals are fine.
        for url in ["https://example.com/hook", "http://localhost/hook", "http://93.184.216.34/"]:
            assert w.http().post(path, json={"triggerType": CREATED, "url": url}).status_code == 201, url
    assert w.http().get(path).json()["pagination"]["total"] == 3


def test_a_name_resolving_to_loopback_is_refused_on_every_attempt(guarded_world: World) -> None:
    w = guarded_world
    sink = Sink(w.base, "private")
    hook = register(w, CREATED, f"http://localhost:{port_of(w.base)}/_admin/sinks/private")
    create_items(w, posts(w)["id"], ["x"], [w.en])
    [d] = attempted(w.base, hook["id"], 2)
    refused = {"target address 127.0.0.1 is not allowed", "target address ::1 is not allowed"}
    assert [a["status"] for a in d["attempts"][:2]] == [None, None]
    assert all(a["error"] in refused for a in d["attempts"][:2]), d["attempts"]
    assert sink.requests() == []
    sink.close()


def test_resolved_addresses_are_checked(guarded_world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through a stand-in resolver: any blocked address among a name's answers refuses the attempt, before
    any connection is made."""
    answers = {"mixed.example": ["93.184.216.34", "10.1.2.3"], "meta.example": ["169.254.169.254"],
               "mapped.example": ["::ffff:127.0.0.1"], "nat64.example": ["64:ff9b::a9fe:a9fe"],
               "azure.example": ["168.63.129.16"]}
    asked: list[str] = []

    async def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        return answers.get(host, [])

    monkeypatch.setattr(targets, "resolve", resolve)
    w = guarded_world
    hooks = {name: register(w, CREATED, f"http://{name}/hook") for name in answers}
    create_items(w, posts(w)["id"], ["x"], [w.en])
    expected = {"mixed.example": "10.1.2.3", "meta.example": "169.254.169.254", "mapped.example": "::ffff:127.0.0.1",
                "nat64.example": "64:ff9b::a9fe:a9fe", "azure.example": "168.63.129.16"}
    for name, hook in hooks.items():
        [d] = attempted(w.base, hook["id"])
        assert d["attempts"][0]["error"] == f"target address {expected[name]} is not allowed", name
    assert set(asked) >= set(answers)


def test_urls_registered_before_the_setting_are_checked_at_delivery(guarded: RunningServer,
                                                                    guarded_world: World) -> None:
    """Another server on the same database, without the setting and without a dispatcher, registers what
    the guarded server refuses; the guarded server's dispatcher refuses to send it."""
    w = guarded_world
    port = port_of(w.base)
    sink = Sink(w.base, "early")
    with serve(guarded.database_url, webhook_dispatcher=False) as lax:
        http = httpx.Client(base_url=f"{lax.url}/v2", headers={"Authorization": f"Bearer {FULL}"}, timeout=60)
        with http:
            made = []
            for url in [f"http://user:pw@localhost:{port}/_admin/sinks/early",
                        f"http://127.0.0.1:{port}/_admin/sinks/early"]:
                r = http.post(f"/sites/{w.site_id}/webhooks", json={"triggerType": CREATED, "url": url})
                assert r.status_code == 201, r.text
                made.append(r.json()["id"])
        create_items(w, posts(w)["id"], ["x"], [w.en])
        errors = [attempted(w.base, webhook_id)[0]["attempts"][0]["error"] for webhook_id in made]
    assert errors == ["target URL must not contain user:pass@", "target address 127.0.0.1 is not allowed"]
    assert sink.requests() == []
    sink.close()


def test_guarded_transport_connects_to_the_checked_address() -> None:
    """The connection goes to the address that was checked, while the Host header (and TLS's server name)
    stay the URL's; a refused address never gets a connection."""
    async def to_loopback(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    async def post(url: str, allow: bool) -> httpx.Response:
        backend = targets.GuardedBackend(resolver=to_loopback, blocked=(lambda ip: False) if allow else
                                         targets.is_blocked)
        async with httpx.AsyncClient(transport=targets.GuardedTransport(backend)) as client:
            return await client.post(url, content=b"{}")

    with receiver() as rec:
        url = rec.url.replace("127.0.0.1", "receiver.example")
        assert asyncio.run(post(url, allow=True)).status_code == 200
        [got] = rec.got
        assert got.headers["host"] == f"receiver.example:{port_of(rec.url)}"
        with pytest.raises(httpx.ConnectError) as e:
            asyncio.run(post(url, allow=False))
        assert targets.refusal_of(e.value) == "target address 127.0.0.1 is not allowed"
        assert len(rec.got) == 1


@pytest.mark.parametrize("address, blocked", [
    ("127.0.0.1", True), ("10.0.0.1", True), ("100.64.0.1", True), ("169.254.169.254", True),
    ("168.63.129.16", True), ("224.0.0.1", True), ("240.0.0.1", True), ("0.0.0.0", True), ("::1", True),
    ("::", True), ("fe80::1", True), ("fc00::1", True), ("fd00:ec2::254", True), ("ff02::1", True),
    ("::ffff:10.0.0.1", True), ("::ffff:8.8.8.8", False), ("64:ff9b::7f00:1", True), ("64:ff9b::808:808", False),
    ("2002:a00:1::", True), ("2002:808:808::", False), ("::7f00:1", True), ("8.8.8.8", False),
    ("93.184.216.34", False), ("2606:4700::1111", False),
])
def test_blocked_addresses(address: str, blocked: bool) -> None:
    assert targets.is_blocked(ipaddress.ip_address(address)) is blocked


def test_malformed_urls_are_validation_errors(world: World) -> None:
    path = f"/sites/{world.site_id}/webhooks"
    with admin(world.base) as a:
        for url in ["http://[::1", "http://[::1/hook", "http://[nope]/", "http://h.test:99999/", "http://h.test:x/",
                    "http:///nohost"]:
            for r in (world.http().post(path, json={"triggerType": CREATED, "url": url}),
                      a.post(path, json={"triggerType": CREATED, "url": url})):
                assert r.status_code == 400, (url, r.text)
                assert r.json()["code"] == "validation_error", url
                assert [d["param"] for d in r.json()["details"]] == ["url"], url
    assert world.http().get(path).json()["pagination"]["total"] == 0


# -- deactivation -------------------------------------------------------------------------------------
def test_a_failing_webhook_is_deactivated_and_re_enabled(world: World, server: RunningServer) -> None:
    limit = server.settings.webhook_deactivate_after
    assert limit == 10  # the documented default
    sink = Sink(world.base, "dead")
    sink.configure(status=500)
    hook = register(world, CREATED, sink.url)
    cid = posts(world)["id"]
    a = admin(world.base)
    frozen = "2030-01-01T00:00:00.000Z"
    assert a.post("/clock", json={"at": frozen}).status_code == 200

    def ds() -> list[dict[str, Any]]:
        return deliveries(world.base, hook["id"])

    def advance() -> None:
        assert a.post("/clock", json={"advanceSeconds": 1}).status_code == 200

    create_items(world, cid, [f"i{n}" for n in range(limit)], [world.en])  # one delivery each
    for n in (1, 2, 3):
        wait_for(ds, lambda got, n=n: len(got) == limit and all(d["attemptCount"] == n for d in got),
                 f"attempt {n}")
        if n < 3:
            advance()
    create_items(world, cid, ["late"], [world.en])  # pending when the webhook is deactivated
    wait_for(ds, lambda got: len(got) == limit + 1 and got[-1]["attemptCount"] == 1, "the late one's attempt")
    advance()  # the first ten fail for good (fourth attempt)

    view = wait_for(lambda: a.get(f"/webhooks/{hook['id']}").json(), lambda v: v["active"] is False, "inactive")
    assert view["consecutiveFailures"] == limit and view["deactivatedOn"] == "2030-01-01T00:00:03.000Z"
    got = wait_for(ds, lambda got: got[-1]["status"] == "cancelled", "the late one cancelled")
    assert [d["status"] for d in got[:limit]] == ["failed"] * limit
    assert got[-1]["nextAttemptAt"] is None

    # No new outbox rows while inactive; the Data API's webhook is unchanged (no `active` in Webflow's schema).
    create_items(world, cid, ["ignored"], [world.en])
    assert len(ds()) == limit + 1
    api_view = world.http().get(f"/webhooks/{hook['id']}").json()
    assert "active" not in api_view and api_view["url"] == sink.url
    r = a.post(f"/deliveries/{got[0]['id']}/resend", json={})
    assert r.status_code == 409 and r.json()["code"] == "conflict"
    assert len(ds()) == limit + 1

    sink.configure(status=200)
    r = a.post(f"/webhooks/{hook['id']}/enable", json={})
    assert r.status_code == 200, r.text
    assert (r.json()["active"], r.json()["consecutiveFailures"], r.json()["deactivatedOn"]) == (True, 0, None)
    create_items(world, cid, ["back"], [world.en])
    got = wait_for(ds, lambda got: len(got) == limit + 2 and got[-1]["status"] == "delivered", "delivered again")
    assert got[limit]["status"] == "cancelled"  # what the deactivation cancelled stays so
    assert a.get("/webhooks/" + "0" * 24).status_code == 404
    assert a.post("/webhooks/" + "0" * 24 + "/enable", json={}).status_code == 404
    a.close()
    sink.close()


def test_a_delivery_resets_the_failure_count(world: World) -> None:
    sink = Sink(world.base, "flaky-count")
    sink.configure(status=500, failTimes=4)  # the first delivery fails for good, the next one succeeds
    hook = register(world, CREATED, sink.url)
    cid = posts(world)["id"]
    with admin(world.base) as a:
        create_items(world, cid, ["one"], [world.en])
        wait_for(lambda: a.get(f"/webhooks/{hook['id']}").json(), lambda v: v["consecutiveFailures"] == 1,
                 "one failure counted")
        create_items(world, cid, ["two"], [world.en])
        wait_for(lambda: deliveries(world.base, hook["id"]), lambda ds: ds[-1]["status"] == "delivered", "delivered")
        view = a.get(f"/webhooks/{hook['id']}").json()
    assert (view["active"], view["consecutiveFailures"]) == (True, 0)
    sink.close()

