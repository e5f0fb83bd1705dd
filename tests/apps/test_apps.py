"""Apps: the OAuth authorization-code flow end to end (consent page, CSRF, code exchange, revoke), app
tokens with the official SDK, app subscriptions (beta), ID tokens and /token/resolve (beta)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from webflow.core.api_error import ApiError

from tests.support.wire import err
from tests.support.world import FULL, OTHER_SITE, WORKSPACE, World


@pytest.fixture
def callback() -> Iterator[dict[str, Any]]:
    """The app's redirect URI: a real HTTP server that keeps the query of each request it gets."""
    seen: list[dict[str, list[str]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(parse_qs(urlsplit(self.path).query))
            body = b"app callback"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"url": f"http://127.0.0.1:{server.server_address[1]}/oauth/callback", "seen": seen}
    finally:
        server.shutdown()
        server.server_close()


def _app(world: World, redirect_uri: str, **extra: Any) -> dict[str, Any]:
    r = world.admin().post("/apps", json={"name": "Deep Thought", "description": "Answers questions",
                                          "scopes": ["sites:read", "cms:read", "cms:write", "authorized_user:read",
                                                     "app_subscriptions:read"],
                                          "redirectUri": redirect_uri, **extra})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def _user(world: World, email: str = "arthur@earth.test") -> dict[str, Any]:
    r = world.admin().post("/users", json={"email": email, "firstName": "Arthur", "lastName": "Dent",
                                           "workspaceId": world.workspace_id})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def _consent_form(page: str) -> dict[str, str]:
    consent = re.search(r'name="consent" value="([^"]+)"', page)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert consent and csrf, page
    return {"consent": consent.group(1), "csrf": csrf.group(1)}


def _count(world: World, table: str, database_url: str) -> int:
    from sqlalchemy import func, select

    from webflow_local.db.engine import make_oneshot_engine
    from webflow_local.runtime import all_tables

    engine = make_oneshot_engine(database_url)
    try:
        with engine.connect() as conn:
            t = next(t for t in all_tables() if t.name == table)
            return int(conn.execute(select(func.count()).select_from(t)).scalar_one())
    finally:
        engine.dispose()


def test_oauth_flow_end_to_end_then_the_sdk(world: World, callback: dict[str, Any]) -> None:
    app = _app(world, callback["url"])
    user = _user(world)
    browser = httpx.Client(base_url=world.base, follow_redirects=True, timeout=30)
    page = browser.get("/oauth/authorize", params={
        "client_id": app["clientId"], "response_type": "code", "scope": "sites:read cms:read authorized_user:read",
        "state": "42", "redirect_uri": callback["url"]})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in page.headers[
        "content-security-policy"]
    for text in ("Deep Thought", "sites:read", "cms:read", "authorized_user:read", "Test Workspace", "Test Site",
                 "Other Site", "arthur@earth.test"):
        assert text in page.text
    assert "cms:write" not in page.text  # registered, not asked for

    form = {**_consent_form(page.text), "target": f"site:{world.site_id}", "user_id": user["id"],
            "decision": "approve"}
    landed = browser.post("/oauth/authorize/decision", data=form)
    # The browser followed the redirect to the app, which got the code and the state.
    assert landed.status_code == 200 and landed.text == "app callback"
    assert [r.status_code for r in landed.history] == [302]
    query = callback["seen"][-1]
    assert query["state"] == ["42"] and len(query["code"][0]) == 64

    exchange = {"client_id": app["clientId"], "client_secret": app["clientSecret"], "code": query["code"][0],
                "grant_type": "authorization_code", "redirect_uri": callback["url"]}
    r = httpx.post(f"{world.base}/oauth/access_token", json=exchange)
    assert r.status_code == 200, r.text
    token = r.json()
    assert token["token_type"] == "bearer" and token["scope"] == "authorized_user:read cms:read sites:read"
    assert len(token["access_token"]) == 64

    # The app token with the official SDK: one site, the granting user, the app in introspection.
    sdk = world.sdk(token["access_token"])
    assert [s.id for s in sdk.sites.list().sites or []] == [world.site_id]
    assert sdk.sites.get(world.site_id).id == world.site_id
    me = sdk.token.authorized_by()
    assert (me.id, me.email, me.first_name, me.last_name) == (user["id"], "arthur@earth.test", "Arthur", "Dent")
    info = sdk.token.introspect()
    assert info.authorization is not None and info.authorization.grant_type == "authorization_code"
    assert info.authorization.authorized_to is not None
    assert info.authorization.authorized_to.site_ids == [world.site_id]
    assert info.authorization.authorized_to.user_ids == [user["id"]]
    assert info.application is not None and info.application.id == app["id"]
    assert info.application.display_name == "Deep Thought" and info.application.description == "Answers questions"
    with pytest.raises(ApiError) as e:
        sdk.sites.get(world.other_site_id)
    assert e.value.status_code == 403
    with pytest.raises(ApiError) as e:  # not granted cms:write
        sdk.collections.create(world.site_id, display_name="Towels", singular_name="Towel")
    assert e.value.status_code == 403

    # A code works once: 400 invalid_grant, as an OAuth server answers.
    again = httpx.post(f"{world.base}/oauth/access_token", json=exchange)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"

    # Revoking the authorization: the token stops working.
    r = httpx.post(f"{world.base}/oauth/revoke_authorization", json={
        "client_id": app["clientId"], "client_secret": app["clientSecret"], "access_token": token["access_token"]})
    assert r.status_code == 200 and r.json() == {"did_revoke": True}
    err(world.http(token["access_token"]).get("/sites"), 401, "not_authorized")
    r = httpx.post(f"{world.base}/oauth/revoke_authorization", json={
        "client_id": app["clientId"], "client_secret": app["clientSecret"], "access_token": token["access_token"]})
    assert r.json() == {"did_revoke": False}
    # The grant and the revocation are in the workspace's audit log.
    audit = world.http(WORKSPACE).get(f"/workspaces/{world.workspace_id}/audit_logs").json()["items"]
    assert [(a["eventSubType"], a["payload"].get("appId")) for a in audit[:2]] == [("logout", app["id"]),
                                                                                   ("login", app["id"])]


def test_consent_decision_is_protected(world: World, callback: dict[str, Any], database_url: str) -> None:
    app = _app(world, callback["url"])
    browser = httpx.Client(base_url=world.base, timeout=30)
    page = browser.get("/oauth/authorize", params={"client_id": app["clientId"], "response_type": "code"})
    assert page.status_code == 200
    form = {**_consent_form(page.text), "target": f"workspace:{world.workspace_id}", "decision": "approve"}
    codes = _count(world, "oauth_codes", database_url)
    # A cross-site form post: no SameSite=Strict cookie comes with it.
    assert httpx.post(f"{world.base}/oauth/authorize/decision", data=form).status_code == 403
    # The browser's own cookie, but a foreign page: refused on the Origin / Sec-Fetch-Site it sends.
    assert browser.post("/oauth/authorize/decision", data=form,
                        headers={"Origin": "https://evil.example"}).status_code == 403
    assert browser.post("/oauth/authorize/decision", data=form,
                        headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    # Another page's token, a JSON body: refused.
    assert browser.post("/oauth/authorize/decision", data={**form, "csrf": "x" * 43}).status_code == 403
    assert browser.post("/oauth/authorize/decision", json=form).status_code == 415
    assert _count(world, "oauth_codes", database_url) == codes
    # The real decision works once.
    ok = browser.post("/oauth/authorize/decision", data=form, headers={"Origin": world.base})
    assert ok.status_code == 302 and "code=" in ok.headers["location"]
    assert browser.post("/oauth/authorize/decision", data=form).status_code == 403
    assert _count(world, "oauth_codes", database_url) == codes + 1


def test_authorize_variants_and_errors(world: World, callback: dict[str, Any]) -> None:
    app = _app(world, callback["url"])
    c = httpx.Client(base_url=world.base, timeout=30)
    base = {"client_id": app["clientId"], "response_type": "code", "state": "s"}

    # auto_approve=1 (CI): straight back with a code for the first workspace, or the site asked for.
    r = c.get("/oauth/authorize", params={**base, "auto_approve": "1", "site_id": world.other_site_id})
    assert r.status_code == 302
    q = parse_qs(urlsplit(r.headers["location"]).query)
    assert r.headers["location"].startswith(callback["url"]) and q["state"] == ["s"]
    tok = httpx.post(f"{world.base}/oauth/access_token", data={
        "client_id": app["clientId"], "client_secret": app["clientSecret"], "code": q["code"][0],
        "grant_type": "authorization_code"})  # form-encoded works too
    assert tok.status_code == 200, tok.text
    assert [s["id"] for s in world.http(tok.json()["access_token"]).get("/sites").json()["sites"]] == [
        world.other_site_id]

    # Deny, a scope the app did not register, a wrong response_type: back to the app with the error.
    page = c.get("/oauth/authorize", params=base)
    c.cookies.update(page.cookies)
    r = c.post("/oauth/authorize/decision", data={**_consent_form(page.text), "decision": "deny"})
    assert parse_qs(urlsplit(r.headers["location"]).query)["error"] == ["access_denied"]
    r = c.get("/oauth/authorize", params={**base, "scope": "assets:write"})
    assert parse_qs(urlsplit(r.headers["location"]).query)["error"] == ["invalid_scope"]
    r = c.get("/oauth/authorize", params={**base, "response_type": "token"})
    assert parse_qs(urlsplit(r.headers["location"]).query)["error"] == ["unsupported_response_type"]
    # An unknown client or another redirect URI: an error page, never a redirect.
    assert c.get("/oauth/authorize", params={**base, "client_id": "nope"}).status_code == 400
    assert c.get("/oauth/authorize", params={**base, "redirect_uri": "https://evil.example/cb"}).status_code == 400

    # An app registered with autoApprove skips the page.
    auto = _app(world, callback["url"], autoApprove=True, clientId="auto-approved-app")
    r = c.get("/oauth/authorize", params={"client_id": auto["clientId"], "response_type": "code"})
    assert r.status_code == 302 and "code=" in r.headers["location"]


def test_token_endpoint_errors(world: World, callback: dict[str, Any]) -> None:
    app = _app(world, callback["url"])
    c = httpx.Client(base_url=world.base, timeout=30)
    r = c.get("/oauth/authorize", params={"client_id": app["clientId"], "response_type": "code",
                                          "auto_approve": "1", "redirect_uri": callback["url"]})
    code = parse_qs(urlsplit(r.headers["location"]).query)["code"][0]
    good = {"client_id": app["clientId"], "client_secret": app["clientSecret"], "code": code,
            "grant_type": "authorization_code", "redirect_uri": callback["url"]}
    bad_secret = c.post("/oauth/access_token", json={**good, "client_secret": "x" * 64})
    assert bad_secret.status_code == 401 and bad_secret.json()["error"] == "invalid_client"
    assert c.post("/oauth/access_token", json={**good, "grant_type": "password"}).json()["error"] == \
        "unsupported_grant_type"
    assert c.post("/oauth/access_token", json={**good, "code": "0" * 64}).json()["error"] == "invalid_grant"
    assert c.post("/oauth/access_token", json={k: v for k, v in good.items() if k != "code"}).json()["error"] == \
        "invalid_request"
    # Codes expire after 15 minutes.
    assert world.admin().post("/clock", json={"advanceSeconds": 16 * 60}).status_code == 200
    expired = c.post("/oauth/token", json=good)  # the spec's tokenUrl answers the same
    assert expired.status_code == 400 and expired.json()["error"] == "invalid_grant"


def test_app_subscriptions(world: World, callback: dict[str, Any]) -> None:
    app = _app(world, callback["url"])
    admin = world.admin()
    sub = {"workspaceId": world.workspace_id, "price": {"value": 4200, "unit": "USD", "interval": "MONTHLY"},
           "status": "active", "startsAt": "2026-01-01T00:00:00Z", "endsAt": "2026-02-01T00:00:00Z"}
    r = admin.post(f"/apps/{app['id']}/subscriptions", json=sub)
    assert r.status_code == 201, r.text
    admin.post(f"/apps/{app['id']}/subscriptions", json={**sub, "siteId": world.other_site_id, "status": "cancelled",
                                                         "price": {"value": 100, "interval": "YEARLY"}})
    err_r = admin.post(f"/apps/{app['id']}/subscriptions", json={**sub, "endsAt": "2025-01-01T00:00:00Z"})
    assert err_r.status_code == 400
    other = _app(world, callback["url"], clientId="another-app-client")
    admin.post(f"/apps/{other['id']}/subscriptions", json=sub)

    c = httpx.Client(base_url=world.base, timeout=30)
    r = c.get("/oauth/authorize", params={"client_id": app["clientId"], "response_type": "code",
                                          "auto_approve": "1", "workspace_id": world.workspace_id})
    code = parse_qs(urlsplit(r.headers["location"]).query)["code"][0]
    token = c.post("/oauth/access_token", json={"client_id": app["clientId"], "client_secret": app["clientSecret"],
                                                "code": code}).json()["access_token"]
    subs = world.http(token, prefix="beta").get("/app_subscriptions").json()["appSubscriptions"]
    assert subs == [
        {"appId": app["id"], "price": {"value": 4200, "unit": "USD", "interval": "MONTHLY"},
         "accessGrant": {"id": world.workspace_id, "type": "Workspace"}, "status": "active",
         "startsAt": "2026-01-01T00:00:00.000Z", "endsAt": "2026-02-01T00:00:00.000Z"},
        {"appId": app["id"], "price": {"value": 100, "unit": "USD", "interval": "YEARLY"},
         "accessGrant": {"id": world.other_site_id, "type": "Site"}, "status": "cancelled",
         "startsAt": "2026-01-01T00:00:00.000Z", "endsAt": "2026-02-01T00:00:00.000Z"},
    ]
    # A token of no app has no subscriptions.
    assert world.http(FULL, prefix="beta").get("/app_subscriptions").json() == {"appSubscriptions": []}


def test_id_tokens_resolve(world: World) -> None:
    user = _user(world, "ford@betelgeuse.test")
    admin = world.admin()
    r = admin.post("/id_tokens", json={"userId": user["id"], "siteId": world.site_id})
    assert r.status_code == 201, r.text
    id_token = r.json()["idToken"]
    beta = world.http(FULL, prefix="beta")
    got = beta.post("/token/resolve", json={"idToken": id_token})
    assert got.status_code == 200, got.text
    assert got.json() == {"id": user["id"], "email": "ford@betelgeuse.test", "firstName": "Arthur",
                          "lastName": "Dent", "siteId": world.site_id}
    # Unknown, for a site the caller may not use, malformed, expired.
    err(beta.post("/token/resolve", json={"idToken": "nope"}), 401, "not_authorized")
    err(world.http(OTHER_SITE, prefix="beta").post("/token/resolve", json={"idToken": id_token}), 401,
        "not_authorized")
    err(world.http(FULL, prefix="beta", validate=False).post("/token/resolve", json={}), 400, "validation_error")
    short = admin.post("/id_tokens", json={"userId": user["id"], "siteId": world.site_id, "ttlSeconds": 60}).json()
    assert admin.post("/clock", json={"advanceSeconds": 61}).status_code == 200
    err(beta.post("/token/resolve", json={"idToken": short["idToken"]}), 401, "not_authorized")
    assert beta.post("/token/resolve", json={"idToken": id_token}).status_code == 200  # 15 minutes by default
    # The control plane checks what it mints.
    assert admin.post("/id_tokens", json={"userId": user["id"], "siteId": "0" * 24}).status_code == 400
    assert admin.post("/id_tokens", json={"userId": "0" * 24, "siteId": world.site_id}).status_code == 400
