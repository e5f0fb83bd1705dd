"""The control plane against a web page in a developer's browser (cross-site requests, DNS rebinding) and
against webhook deliveries: admin/guard.py in front of every /_admin path. Each refused request is shown
to have changed nothing; some go over a raw socket, where httpx would normalise the request."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.support.server import serve
from tests.support.world import FULL, World
from webflow_local.admin.guard import configured_hosts
from webflow_local.config import Settings
from webflow_local.outbound.signing import DELIVERY_HEADER, PROOF_HEADER, delivery_proof

ATTACKER = "https://attacker.example"
ADMIN_TOKEN = "guard-admin-token"


def envelope(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()
    assert list(body) == ["message", "code", "externalReference", "details"]
    assert body["code"] == code, body
    return body


def port_of(base: str) -> int:
    port = urlsplit(base).port
    assert port is not None
    return port


def raw(base: str, method: str, target: str, headers: list[tuple[str, str]], body: bytes = b"",
        host: str | None = "default") -> tuple[int, dict[str, str], bytes]:
    """One request written byte for byte on a socket: no client normalises the path or the headers.
    host="default" sends 127.0.0.1:port; None sends no Host header at all (HTTP/1.0)."""
    port = port_of(base)
    lines = [f"{method} {target} {'HTTP/1.0' if host is None else 'HTTP/1.1'}"]
    if host is not None:
        lines.append(f"Host: {f'127.0.0.1:{port}' if host == 'default' else host}")
    lines += [f"{k}: {v}" for k, v in headers]
    if body or method in {"POST", "PUT", "PATCH", "DELETE"}:
        lines.append(f"Content-Length: {len(body)}")
    lines.append("Connection: close")
    data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(data)
        got = b""
        while chunk := s.recv(65536):
            got += chunk
    head, _, payload = got.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parsed = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines)}
    return int(status_line.split(" ")[1]), parsed, payload


def raw_envelope(got: tuple[int, dict[str, str], bytes], status: int, code: str) -> dict[str, Any]:
    assert got[0] == status, got
    body: dict[str, Any] = json.loads(got[2])
    assert list(body) == ["message", "code", "externalReference", "details"]
    assert body["code"] == code, body
    return body


def populated(world: World) -> Callable[[], Any]:
    """Adds a collection with an item; answers a function that reads back what a reset or seed would
    change (sites, tokens, workspaces, the item), through the API and the control plane."""
    coll = world.create_collection({"displayName": "Kept", "singularName": "Kept"})
    r = world.http().post(f"/collections/{coll['id']}/items", json={"fieldData": {"name": "Kept", "slug": "kept"}})
    assert r.status_code in (200, 202), r.text

    def state() -> Any:
        admin, api = world.admin(), world.http()
        items = api.get(f"/collections/{coll['id']}/items").json()
        assert [i["fieldData"]["slug"] for i in items["items"]] == ["kept"]
        return (admin.get("/sites").json(), admin.get("/workspaces").json(), admin.get("/tokens").json(),
                api.get(f"/sites/{world.site_id}").json(), items)

    return state


# -- cross-site requests ------------------------------------------------------------------------------
def test_cross_origin_form_post_cannot_reset(world: World) -> None:
    state = populated(world)
    before = state()
    form = {"reset": "true"}
    r = httpx.post(f"{world.base}/_admin/reset", data=form, headers={"Origin": ATTACKER})
    assert "cross-origin" in envelope(r, 403, "forbidden")["message"]
    # A browser that sends no Origin on a form POST still cannot send JSON cross-site: 415.
    r = httpx.post(f"{world.base}/_admin/reset", data=form)
    assert "application/json" in envelope(r, 415, "unsupported_media_type")["message"]
    r = httpx.post(f"{world.base}/_admin/reset", files={"f": ("a.json", b"{}", "application/json")})
    envelope(r, 415, "unsupported_media_type")
    # Other spellings of the path, as written on the wire: refused by the guard or by no route at all.
    form_headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Origin", ATTACKER)]
    for target in ["/_admin/./reset", "/_admin//reset", "/_admin%2Freset", "/%5Fadmin/reset",
                   "http://127.0.0.1/_admin/reset", "/v2/../_admin/reset", "//_admin/reset", "/_ADMIN/reset"]:
        got = raw(world.base, "POST", target, form_headers, b"reset=true")
        assert got[0] in (403, 404), (target, got)
    assert state() == before


def test_foreign_origin_is_refused_even_with_json(world: World) -> None:
    state = populated(world)
    before = state()
    for origin in [ATTACKER, "null", f"{world.base}.attacker.example", "http://localhost:1"]:
        r = httpx.post(f"{world.base}/_admin/reset", json={}, headers={"Origin": origin})
        envelope(r, 403, "forbidden")
        r = httpx.post(f"{world.base}/_admin/tokens", json={"siteId": world.site_id, "scopes": "all"},
                       headers={"Origin": origin})
        envelope(r, 403, "forbidden")
        # Reading is refused too: a page must not learn sites or tokens.
        envelope(httpx.get(f"{world.base}/_admin/tokens", headers={"Origin": origin}), 403, "forbidden")
    # Two Origin headers, one of them ours: still refused.
    got = raw(world.base, "POST", "/_admin/reset", [("Origin", world.base), ("Origin", ATTACKER),
                                                     ("Content-Type", "application/json")], b"{}")
    raw_envelope(got, 403, "forbidden")
    # No Origin, but the browser says the request is cross-site (a GET from another site's page).
    envelope(httpx.get(f"{world.base}/_admin/sites", headers={"Sec-Fetch-Site": "cross-site"}), 403, "forbidden")
    envelope(httpx.post(f"{world.base}/_admin/reset", json={}, headers={"Sec-Fetch-Site": "cross-site"}),
             403, "forbidden")
    assert state() == before


def test_same_origin_requests_work(world: World) -> None:
    port = port_of(world.base)
    r = httpx.post(f"{world.base}/_admin/workspaces", json={"displayName": "Same Origin"},
                   headers={"Origin": world.base, "Sec-Fetch-Site": "same-origin"})
    assert r.status_code == 201, r.text
    # The origin of the Host the request names, default port or not.
    got = raw(world.base, "GET", "/_admin/workspaces", [("Origin", f"http://localhost:{port}")],
              host=f"localhost:{port}")
    assert got[0] == 200 and b"Same Origin" in got[2]
    assert httpx.get(f"{world.base}/_admin/clock", headers={"Origin": world.base}).status_code == 200


def test_state_changes_need_a_json_body(world: World) -> None:
    state = populated(world)
    tok = world.admin().post("/tokens", json={"siteId": world.site_id, "scopes": ["sites:read"]}).json()
    before = state()
    url = f"{world.base}/_admin/reset"
    envelope(httpx.post(url, content=b"{}", headers={"Content-Type": "text/plain"}), 415, "unsupported_media_type")
    envelope(httpx.post(url, content=b"{}"), 415, "unsupported_media_type")
    envelope(httpx.post(url, content=b"{}", headers={"Content-Type": "application/jsonx"}), 415,
             "unsupported_media_type")
    b = envelope(httpx.post(url, content=b"", headers={"Content-Type": "application/json"}), 400, "bad_request")
    assert b["details"][0]["param"] == "body"
    envelope(httpx.post(url, content=b"{nope", headers={"Content-Type": "application/json"}), 400, "bad_request")
    envelope(httpx.post(url, content=b"  ", headers={"Content-Type": "application/json"}), 400, "bad_request")
    # Without a body, DELETE and PUT are refused like the rest.
    envelope(httpx.delete(f"{world.base}/_admin/tokens/{tok['id']}"), 415, "unsupported_media_type")
    envelope(httpx.put(f"{world.base}/_admin/ids"), 415, "unsupported_media_type")
    envelope(httpx.request("DELETE", f"{world.base}/_admin/faults", content=b"x",
                           headers={"Content-Type": "application/json"}), 400, "bad_request")
    assert state() == before
    c = httpx.Client(base_url=f"{world.base}/v2", headers={"Authorization": f"Bearer {tok['token']}"})
    assert c.get(f"/sites/{world.site_id}").status_code == 200  # the token was not revoked
    # The same requests with a JSON body (a charset parameter is fine) go through.
    r = httpx.request("DELETE", f"{world.base}/_admin/tokens/{tok['id']}", content=b"{}",
                      headers={"Content-Type": "Application/JSON; charset=utf-8"})
    assert r.status_code == 200, r.text
    assert c.get(f"/sites/{world.site_id}").status_code == 401
    c.close()


# -- DNS rebinding: the Host header -------------------------------------------------------------------
def test_foreign_host_is_refused(world: World) -> None:
    state = populated(world)
    before = state()
    port = port_of(world.base)
    for host in ["attacker.example", f"attacker.example:{port}", "127.0.0.1.attacker.example", "0.0.0.0",
                 f"localhost.attacker.example:{port}", "127.1", "2130706433", "[::2]"]:
        got = raw(world.base, "GET", "/_admin/sites", [], host=host)
        assert "host" in raw_envelope(got, 403, "forbidden")["message"]
        got = raw(world.base, "POST", "/_admin/reset", [("Content-Type", "application/json")], b"{}", host=host)
        raw_envelope(got, 403, "forbidden")
        # The rebinding page is same-origin with itself: its Origin does not help.
        got = raw(world.base, "POST", "/_admin/reset", [("Content-Type", "application/json"),
                                                        ("Origin", f"http://{host}")], b"{}", host=host)
        raw_envelope(got, 403, "forbidden")
    r = httpx.get(f"{world.base}/_admin/sites", headers={"Host": "attacker.example"})
    envelope(r, 403, "forbidden")
    # The docs and the schema are behind the same door.
    for path in ["/_admin/docs", "/_admin/openapi.json"]:
        raw_envelope(raw(world.base, "GET", path, [], host="attacker.example"), 403, "forbidden")
        raw_envelope(raw(world.base, "GET", path, [("Origin", ATTACKER)]), 403, "forbidden")
        assert raw(world.base, "GET", path, [])[0] == 200
    assert state() == before


def test_malformed_or_missing_host_is_refused(world: World) -> None:
    state = populated(world)
    before = state()
    for host in ["local host", "[::1", "localhost:80:80", "::1", "a..b", "[nope]:1", "h\u00e9st", ""]:
        got = raw(world.base, "POST", "/_admin/reset", [("Content-Type", "application/json")], b"{}", host=host)
        assert "Host" in raw_envelope(got, 400, "bad_request")["message"]
    got = raw(world.base, "POST", "/_admin/reset", [("Content-Type", "application/json")], b"{}", host=None)
    raw_envelope(got, 400, "bad_request")
    got = raw(world.base, "POST", "/_admin/reset", [("Host", "attacker.example"),
                                                    ("Content-Type", "application/json")], b"{}")
    raw_envelope(got, 400, "bad_request")  # two Host headers
    assert state() == before


def test_loopback_hosts_are_accepted(world: World) -> None:
    port = port_of(world.base)
    for host in [f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", "LOCALHOST", "127.9.8.7",
                 f"app.localhost:{port}", "[::ffff:127.0.0.1]", f"127.0.0.1:{port}"]:
        got = raw(world.base, "GET", "/_admin/sites", [], host=host)
        assert got[0] == 200, (host, got)
    got = raw(world.base, "POST", "/_admin/workspaces", [("Content-Type", "application/json")],
              b'{"displayName": "Via localhost"}', host=f"localhost:{port}")
    assert got[0] == 201, got


def test_configured_hosts_and_body_cap(database_url: str, world: World) -> None:
    with serve(database_url, allowed_hosts=" webflow-local , Cms.Internal:8080", max_body_bytes=2048,
               public_url="https://cms.example.com/") as s:
        for host in ["webflow-local", "webflow-local:9999", "cms.internal", "CMS.INTERNAL:1", "localhost",
                     "cms.example.com"]:
            got = raw(s.url, "GET", "/_admin/workspaces", [], host=host)
            assert got[0] == 200, (host, got)
        raw_envelope(raw(s.url, "GET", "/_admin/workspaces", [], host="other.internal"), 403, "forbidden")
        # Behind a TLS proxy the browser's Origin is the public URL's, whatever Host reaches the server.
        assert raw(s.url, "GET", "/_admin/workspaces", [("Origin", "https://cms.example.com")])[0] == 200
        assert raw(s.url, "GET", "/_admin/workspaces", [("Origin", "https://cms.example.com:443")])[0] == 200
        for origin in ["http://cms.example.com", "https://cms.example.com:8443", "https://webflow-local"]:
            raw_envelope(raw(s.url, "GET", "/_admin/workspaces", [("Origin", origin)]), 403, "forbidden")
        # The body the guard buffers obeys the size limit, with or without Content-Length.
        big = b'{"displayName": "' + b"x" * 4096 + b'"}'
        envelope(httpx.post(f"{s.url}/_admin/workspaces", content=big,
                            headers={"Content-Type": "application/json"}), 413, "bad_request")

        def chunks() -> Any:
            yield big[:1000]
            yield big[1000:]

        envelope(httpx.post(f"{s.url}/_admin/workspaces", content=chunks(),
                            headers={"Content-Type": "application/json"}), 413, "bad_request")
    names = [w["displayName"] for w in world.admin().get("/workspaces").json()["workspaces"]]
    assert not any(n.startswith("xxx") for n in names)


def test_configured_hosts_setting() -> None:
    s = Settings(public_url="http://cms.example.com:8080/", allowed_hosts="a-b_c, [::2]:81,,10.0.0.5")
    assert configured_hosts(s) == {"cms.example.com", "a-b_c", "::2", "10.0.0.5"}
    with pytest.raises(ValueError, match="ALLOWED_HOSTS"):
        configured_hosts(Settings(allowed_hosts="good, not a host"))


# -- webhook deliveries -------------------------------------------------------------------------------
def test_deliveries_reach_only_the_sinks(world: World) -> None:
    state = populated(world)
    before = state()
    delivery = [(DELIVERY_HEADER, "1"), ("Content-Type", "application/json")]
    r = httpx.post(f"{world.base}/_admin/reset", json={}, headers={DELIVERY_HEADER: "1"})
    assert "Webhook deliveries" in envelope(r, 403, "forbidden")["message"]
    for target in ["/_admin/sinks/../reset", "/_admin/sinks/x/../../reset", "/_admin/sinks/%2E%2E%2Freset",
                   "/_admin/sinks/x%2F..%2F..%2Freset", "/_admin/sinks/..", "/_admin/sinks/x/", "/_admin/seed",
                   "/_admin/sinks/x/../../seed", "/_admin/deliveries/1/resend", "/_admin/clock"]:
        raw_envelope(raw(world.base, "POST", target, delivery, b'{"reset": true}'), 403, "forbidden")
    # Only a POST: reading or configuring a sink is not a delivery's business.
    for method in ["GET", "PUT", "DELETE"]:
        raw_envelope(raw(world.base, method, "/_admin/sinks/x", delivery, b"{}"), 403, "forbidden")
    raw_envelope(raw(world.base, "GET", "/_admin/tokens", [(DELIVERY_HEADER, "")]), 403, "forbidden")
    assert state() == before
    assert world.admin().get("/sinks/x").json()["requests"] == []
    got = raw(world.base, "POST", "/_admin/sinks/x", delivery, b'{"hello": 1}')
    assert got[0] == 200, got
    [stored] = world.admin().get("/sinks/x").json()["requests"]
    assert stored["json"] == {"hello": 1} and stored["headers"][DELIVERY_HEADER] == "1"


def test_sink_with_admin_token_takes_the_token_or_a_proof(database_url: str, world: World) -> None:
    state = populated(world)
    before = state()
    body = b'{"triggerType": "collection_item_created", "payload": {}}'
    proof = delivery_proof(ADMIN_TOKEN, body)
    json_ct = {"Content-Type": "application/json"}
    with serve(database_url, admin_token=ADMIN_TOKEN) as s:
        admin = httpx.Client(base_url=f"{s.url}/_admin", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        sink = f"{s.url}/_admin/sinks/guarded"

        def received() -> list[str]:
            return [r["body"] for r in admin.get("/sinks/guarded").json()["requests"]]

        r = httpx.post(sink, content=body, headers={**json_ct, DELIVERY_HEADER: "1", PROOF_HEADER: proof})
        assert r.status_code == 200, r.text
        assert received() == [body.decode()]
        # A bad proof, a proof of another body, no proof: refused, nothing stored.
        for headers in [{PROOF_HEADER: "0" * 64}, {PROOF_HEADER: delivery_proof(ADMIN_TOKEN, b"{}")},
                        {PROOF_HEADER: delivery_proof("another-token", body)}, {}]:
            r = httpx.post(sink, content=body, headers={**json_ct, DELIVERY_HEADER: "1", **headers})
            envelope(r, 401, "not_authorized")
        assert received() == [body.decode()]
        # The admin token itself still works (scripts and tests post to sinks too).
        assert httpx.post(sink, json={"n": 2}, headers={"x-admin-token": ADMIN_TOKEN}).status_code == 200
        assert len(received()) == 2
        # A proof opens the sink only: not the rest of the control plane.
        reset_proof = delivery_proof(ADMIN_TOKEN, b"{}")
        envelope(httpx.post(f"{s.url}/_admin/reset", content=b"{}", headers={**json_ct, PROOF_HEADER: reset_proof}),
                 401, "not_authorized")
        envelope(httpx.post(f"{s.url}/_admin/reset", content=b"{}",
                            headers={**json_ct, PROOF_HEADER: reset_proof, DELIVERY_HEADER: "1"}), 403, "forbidden")
        envelope(httpx.get(f"{s.url}/_admin/sinks/guarded", headers={PROOF_HEADER: proof}), 401, "not_authorized")
        admin.close()
    assert state() == before


# -- CORS is never granted ----------------------------------------------------------------------------
def test_no_cors_anywhere(world: World) -> None:
    state = populated(world)
    before = state()
    preflight = {"Origin": ATTACKER, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type, authorization"}
    for path in ["/v2/sites", "/beta/sites", f"/v2/sites/{world.site_id}", "/_admin/reset", "/_admin/sinks/x"]:
        r = httpx.options(f"{world.base}{path}", headers=preflight)
        assert r.status_code >= 400, (path, r.status_code)
        assert not [h for h in r.headers if h.lower().startswith("access-control-")], (path, r.headers)
    r = httpx.get(f"{world.base}/v2/sites", headers={"Origin": ATTACKER, "Authorization": f"Bearer {FULL}"})
    assert r.status_code == 200
    assert not [h for h in r.headers if h.lower().startswith("access-control-")]
    # The API needs no Host check (its tokens never travel in cookies): it answers any Host.
    got = raw(world.base, "GET", "/v2/sites", [("Authorization", f"Bearer {FULL}")], host="attacker.example")
    assert got[0] == 200
    assert state() == before
