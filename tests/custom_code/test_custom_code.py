"""Custom code: registering hosted and inline scripts, applying them to a site by full replacement, the
blocks list, and ownership: each owner (an app, or the site itself for its site and workspace tokens) sees,
applies and removes only its own scripts; the limit of 800 registered scripts is the site's."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import httpx
import pytest

from tests.support.wire import ZERO_ID, err
from tests.support.world import FULL, OTHER_SITE, READ_ONLY, WORKSPACE, World

SRI384 = "sha384-J+YlJ8v0gpaRoKH7SbFbEmxOZlAxLiwNjfSsBhDooGa5roXlPPpXbEevck4J7YZ+"
SRI256 = "sha256-" + base64.b64encode(hashlib.sha256(b"x").digest()).decode()
HOSTED = {"displayName": "CMS Slider", "hostedLocation": "https://cdn.example.com/cmsslider.js",
          "integrityHash": SRI384, "canCopy": True, "version": "1.0.0"}
INLINE = {"displayName": "Alert", "sourceCode": "alert('hello world');", "version": "0.0.1"}


def sri384(code: str) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(code.encode()).digest()).decode()


def registered(world: World, token: str = FULL) -> list[dict[str, Any]]:
    r = world.http(token).get(f"/sites/{world.site_id}/registered_scripts")
    assert r.status_code == 200, r.text
    return r.json()["registeredScripts"]  # type: ignore[no-any-return]


def applied(world: World, token: str = FULL) -> dict[str, Any]:
    r = world.http(token).get(f"/sites/{world.site_id}/custom_code")
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def register(c: httpx.Client, site_id: str, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    r = c.post(f"/sites/{site_id}/registered_scripts/{kind}", json=body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def make_app(world: World, name: str) -> dict[str, Any]:
    r = world.admin().post("/apps", json={"name": name, "scopes": ["custom_code:read", "custom_code:write",
                                                                   "pages:read"],
                                          "redirectUri": "https://app.example.com/callback"})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def grant(world: World, app: dict[str, Any]) -> str:
    """An OAuth app's token for the test site (the authorization-code flow, approved without the page)."""
    r = httpx.get(f"{world.base}/oauth/authorize", params={
        "client_id": app["clientId"], "response_type": "code", "auto_approve": "1", "site_id": world.site_id})
    assert r.status_code == 302, r.text
    code = httpx.URL(r.headers["location"]).params["code"]
    tok = httpx.post(f"{world.base}/oauth/access_token", json={
        "client_id": app["clientId"], "client_secret": app["clientSecret"], "code": code,
        "grant_type": "authorization_code"})
    assert tok.status_code == 200, tok.text
    return str(tok.json()["access_token"])


def app_token(world: World, name: str = "Slider App") -> str:
    """A token of a new app: an owner other than the site's tokens."""
    return grant(world, make_app(world, name))


# -- registration ------------------------------------------------------------------------------------
def test_register_hosted_and_inline_with_sdk(world: World) -> None:
    sdk = world.sdk()
    hosted = sdk.scripts.register_hosted(world.site_id, display_name="CMS Slider", version="1.0.0",
                                         hosted_location=HOSTED["hostedLocation"], integrity_hash=SRI384,
                                         can_copy=True)
    assert (hosted.id, hosted.display_name, hosted.version) == ("cms_slider", "CMS Slider", "1.0.0")
    assert hosted.hosted_location == HOSTED["hostedLocation"] and hosted.integrity_hash == SRI384
    assert hosted.can_copy is True and hosted.created_on and hosted.created_on == hosted.last_updated
    inline = sdk.scripts.register_inline(world.site_id, display_name="Alert", version="0.0.1",
                                         source_code="alert('hello world');")
    assert (inline.id, inline.version, inline.can_copy) == ("alert", "0.0.1", False)
    # Webflow hosts inline code: the location is its own, and the hash is that of the hosted code.
    assert inline.hosted_location and inline.hosted_location.startswith("https://")
    assert inline.hosted_location.endswith("/alert-0.0.1.js") and world.site_id in inline.hosted_location
    assert inline.integrity_hash == sri384("alert('hello world');")
    listed = sdk.scripts.list(world.site_id)
    assert [(s.id, s.version) for s in listed.registered_scripts or []] == [("cms_slider", "1.0.0"),
                                                                           ("alert", "0.0.1")]
    raw = world.http().get(f"/sites/{world.site_id}/registered_scripts").json()
    assert raw["pagination"] == {"limit": 800, "offset": 0, "total": 2}
    assert list(raw["registeredScripts"][0]) == ["id", "canCopy", "displayName", "hostedLocation",
                                                 "integrityHash", "createdOn", "lastUpdated", "version"]
    # The beta prefix serves the same scripts.
    beta = world.http(prefix="beta").get(f"/sites/{world.site_id}/registered_scripts").json()
    assert beta["registeredScripts"] == raw["registeredScripts"]


def test_versions_are_immutable_and_new_versions_register(world: World) -> None:
    c = world.http()
    first = register(c, world.site_id, "hosted", HOSTED)
    # The same name and version again (even with other content): 409, the registration unchanged.
    again = {**HOSTED, "hostedLocation": "https://cdn.example.com/other.js", "integrityHash": SRI256}
    b = err(world.http(validate=False).post(f"/sites/{world.site_id}/registered_scripts/hosted", json=again),
            409, "conflict")
    assert b["details"][0]["param"] == "version"
    # The id is the slug of the name: another spelling of the same name is the same script.
    err(world.http(validate=False).post(f"/sites/{world.site_id}/registered_scripts/inline",
                                        json={**INLINE, "displayName": "cms  slider", "version": "1.0.0"}),
        409, "conflict")
    assert registered(world) == [first]
    second = register(c, world.site_id, "hosted", {**again, "version": "1.1.0-beta.1+build.7"})
    assert (second["id"], second["version"]) == ("cms_slider", "1.1.0-beta.1+build.7")
    assert [(s["id"], s["version"]) for s in registered(world)] == [("cms_slider", "1.0.0"),
                                                                   ("cms_slider", "1.1.0-beta.1+build.7")]


@pytest.mark.parametrize(("kind", "change", "param"), [
    ("hosted", {"displayName": ""}, "displayName"),
    ("hosted", {"displayName": "Slider-2"}, "displayName"),
    ("hosted", {"displayName": "   "}, "displayName"),
    ("hosted", {"displayName": "x" * 51}, "displayName"),
    ("hosted", {"version": "1.0"}, "version"),
    ("hosted", {"version": "01.0.0"}, "version"),
    ("hosted", {"version": "v1.0.0"}, "version"),
    ("hosted", {"integrityHash": "sha1-abc"}, "integrityHash"),
    ("hosted", {"integrityHash": "sha384-tooshort"}, "integrityHash"),
    ("hosted", {"hostedLocation": "ftp://cdn.example.com/x.js"}, "hostedLocation"),
    ("hosted", {"hostedLocation": "/relative.js"}, "hostedLocation"),
    ("hosted", {"hostedLocation": "https://cdn.example.com:99999/x.js"}, "hostedLocation"),
    ("hosted", {"canCopy": "yes"}, "canCopy"),
    ("hosted", {"sourceCode": "x"}, "sourceCode"),
    ("inline", {"sourceCode": ""}, "sourceCode"),
    ("inline", {"sourceCode": "x" * 2001}, "sourceCode"),
    ("inline", {"integrityHash": "md5-abc"}, "integrityHash"),
    ("inline", {"version": "1"}, "version"),
])
def test_registration_rules(world: World, database_url: str, kind: str, change: dict[str, Any], param: str) -> None:
    from tests.test_foundation import row_counts

    base = HOSTED if kind == "hosted" else INLINE
    before = row_counts(database_url)
    r = world.http().post(f"/sites/{world.site_id}/registered_scripts/{kind}", json={**base, **change})
    b = err(r, 400, "validation_error")
    assert param in [d["param"] for d in b["details"]], b
    assert row_counts(database_url) == before


def test_inline_limit_is_2000_characters(world: World) -> None:
    code = "x" * 2000
    body = register(world.http(), world.site_id, "inline", {**INLINE, "sourceCode": code})
    assert body["integrityHash"] == sri384(code)
    missing = {k: v for k, v in HOSTED.items() if k != "integrityHash"}
    err(world.http().post(f"/sites/{world.site_id}/registered_scripts/hosted", json=missing), 400,
        "validation_error")


def test_registration_on_unknown_or_foreign_site(world: World) -> None:
    err(world.http().post(f"/sites/{ZERO_ID}/registered_scripts/hosted", json=HOSTED), 404, "resource_not_found")
    err(world.http().post("/sites/nope/registered_scripts/hosted", json=HOSTED), 400, "validation_error")
    err(world.http(OTHER_SITE).post(f"/sites/{world.site_id}/registered_scripts/hosted", json=HOSTED), 403,
        "forbidden")
    err(world.http(READ_ONLY).get(f"/sites/{world.site_id}/registered_scripts"), 403, "missing_scopes")
    assert registered(world) == []


# -- applying to a site ------------------------------------------------------------------------------
def test_apply_to_site_replaces_the_whole_list(world: World) -> None:
    c, sdk = world.http(), world.sdk()
    register(c, world.site_id, "hosted", HOSTED)
    register(c, world.site_id, "inline", INLINE)
    assert applied(world) == {"scripts": []}
    out = sdk.sites.scripts.upsert_custom_code(world.site_id, scripts=[
        {"id": "cms_slider", "version": "1.0.0", "location": "header", "attributes": {"my-attribute": "some-value"}},
        {"id": "alert", "version": "0.0.1", "location": "footer"},
    ])
    assert [(s.id, s.version, s.location, s.attributes) for s in out.scripts or []] == [
        ("cms_slider", "1.0.0", "header", {"my-attribute": "some-value"}), ("alert", "0.0.1", "footer", {})]
    got = applied(world)
    assert got["scripts"] == [
        {"id": "cms_slider", "location": "header", "version": "1.0.0", "attributes": {"my-attribute": "some-value"}},
        {"id": "alert", "location": "footer", "version": "0.0.1", "attributes": {}},
    ]
    assert got["createdOn"] == got["lastUpdated"]
    read = sdk.sites.scripts.get_custom_code(world.site_id)
    assert [s.id for s in read.scripts or []] == ["cms_slider", "alert"]
    # Full replacement: what the body leaves out is removed.
    r = c.put(f"/sites/{world.site_id}/custom_code",
              json={"scripts": [{"id": "alert", "version": "0.0.1", "location": "header"}]})
    assert r.status_code == 200, r.text
    assert [s["id"] for s in r.json()["scripts"]] == ["alert"]
    now = applied(world)
    assert now["scripts"] == [{"id": "alert", "location": "header", "version": "0.0.1", "attributes": {}}]
    assert now["createdOn"] == got["createdOn"]
    # An empty list (or no list) removes them all.
    assert c.put(f"/sites/{world.site_id}/custom_code", json={}).json() == {"scripts": []}
    assert applied(world) == {"scripts": []}


def test_apply_refuses_what_is_not_registered(world: World, database_url: str) -> None:
    from tests.test_foundation import row_counts

    c = world.http()
    register(c, world.site_id, "inline", INLINE)
    c.put(f"/sites/{world.site_id}/custom_code",
          json={"scripts": [{"id": "alert", "version": "0.0.1", "location": "header"}]})
    before, kept = row_counts(database_url), applied(world)
    url = f"/sites/{world.site_id}/custom_code"
    ok = {"id": "alert", "version": "0.0.1", "location": "footer"}
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"scripts": [ok, {"id": "alert", "version": "0.0.2", "location": "footer"}]}, 404, "resource_not_found"),
        ({"scripts": [{"id": "nothing", "version": "0.0.1", "location": "footer"}]}, 404, "resource_not_found"),
        ({"scripts": [ok, ok]}, 400, "validation_error"),
        ({"scripts": [{**ok, "location": "body"}]}, 400, "validation_error"),
        ({"scripts": [{"id": "alert", "location": "footer"}]}, 400, "validation_error"),
        ({"scripts": [{**ok, "attributes": {"data-x": 1}}]}, 400, "validation_error"),
        ({"scripts": [{**ok, "attributes": {"bad name": "v"}}]}, 400, "validation_error"),
        ({"scripts": None}, 400, "validation_error"),
        ({"scripts": [ok], "extra": True}, 400, "validation_error"),
    ]
    for body, status, code in cases:
        err(c.put(url, json=body), status, code)
    err(c.put(url, content=b"", headers={"Content-Type": "application/json"}), 400, "validation_error")
    assert row_counts(database_url) == before and applied(world) == kept


def test_two_callers_see_and_remove_only_their_own(world: World) -> None:
    site = world.site_id
    app = app_token(world)
    a, b = world.http(FULL), world.http(app)
    register(a, site, "hosted", HOSTED)
    register(b, site, "inline", INLINE)
    # Both may use the same name: the ids are the caller's.
    register(b, site, "inline", {**INLINE, "displayName": "CMS Slider", "version": "1.0.0"})
    assert [s["id"] for s in registered(world, FULL)] == ["cms_slider"]
    assert [(s["id"], s["hostedLocation"].endswith(".js")) for s in registered(world, app)] == [
        ("alert", True), ("cms_slider", True)]
    # The site's tokens share one owner: a workspace token sees what a site token registered.
    assert [s["id"] for s in registered(world, WORKSPACE)] == ["cms_slider"]
    # A caller applies only scripts it registered.
    err(a.put(f"/sites/{site}/custom_code", json={"scripts": [{"id": "alert", "version": "0.0.1",
                                                               "location": "header"}]}), 404, "resource_not_found")
    assert a.put(f"/sites/{site}/custom_code", json={"scripts": [
        {"id": "cms_slider", "version": "1.0.0", "location": "header"}]}).status_code == 200
    assert b.put(f"/sites/{site}/custom_code", json={"scripts": [
        {"id": "alert", "version": "0.0.1", "location": "footer"},
        {"id": "cms_slider", "version": "1.0.0", "location": "header"}]}).status_code == 200
    assert [s["id"] for s in applied(world, FULL)["scripts"]] == ["cms_slider"]
    assert [s["id"] for s in applied(world, app)["scripts"]] == ["alert", "cms_slider"]
    assert applied(world, WORKSPACE)["scripts"] == applied(world, FULL)["scripts"]
    blocks_a = a.get(f"/sites/{site}/custom_code/blocks").json()
    assert [[s["id"] for s in blk["scripts"]] for blk in blocks_a["blocks"]] == [["cms_slider"]]
    # DELETE removes the caller's scripts only; the other caller's stay, and so do the registrations.
    world.sdk(app).sites.scripts.delete_custom_code(site)
    assert applied(world, app) == {"scripts": []}
    assert [s["id"] for s in applied(world, FULL)["scripts"]] == ["cms_slider"]
    assert len(registered(world, app)) == 2
    assert b.get(f"/sites/{site}/custom_code/blocks").json()["blocks"] == []
    r = a.delete(f"/sites/{site}/custom_code")
    assert r.status_code == 204 and r.content == b""
    assert applied(world, FULL) == {"scripts": []}
    # Deleting with nothing applied is fine too.
    assert a.delete(f"/sites/{site}/custom_code").status_code == 204


# -- blocks ------------------------------------------------------------------------------------------
def test_blocks_list_where_scripts_are_applied(world: World) -> None:
    c, sdk = world.http(), world.sdk()
    register(c, world.site_id, "hosted", HOSTED)
    assert sdk.sites.scripts.list_custom_code_blocks(world.site_id).blocks == []
    c.put(f"/sites/{world.site_id}/custom_code", json={"scripts": [
        {"id": "cms_slider", "version": "1.0.0", "location": "footer", "attributes": {"defer": "true"}}]})
    out = sdk.sites.scripts.list_custom_code_blocks(world.site_id)
    assert out.pagination is not None and (out.pagination.total, out.pagination.offset) == (1, 0)
    block = (out.blocks or [])[0]
    assert (block.site_id, block.page_id, block.type) == (world.site_id, None, "site")
    raw = c.get(f"/sites/{world.site_id}/custom_code/blocks", params={"limit": 5}).json()
    assert raw["blocks"][0]["scripts"] == [{"id": "cms_slider", "location": "footer", "version": "1.0.0",
                                            "attributes": {"defer": "true"}}]
    assert raw["pagination"] == {"limit": 5, "offset": 0, "total": 1}
    assert raw["blocks"][0]["createdOn"] == applied(world)["createdOn"]
    past = c.get(f"/sites/{world.site_id}/custom_code/blocks", params={"offset": 1}).json()
    assert past["blocks"] == [] and past["pagination"]["total"] == 1
    err(c.get(f"/sites/{world.site_id}/custom_code/blocks", params={"limit": -1}), 400, "validation_error")


# -- the limit ---------------------------------------------------------------------------------------
def test_at_most_800_registered_scripts_per_site(world: World, database_url: str) -> None:
    from tests.test_foundation import row_counts

    app = app_token(world)
    a, b = world.http(FULL, validate=False), world.http(app, validate=False)
    url = f"/sites/{world.site_id}/registered_scripts/inline"
    for n in range(800):
        caller = a if n % 2 else b
        r = caller.post(url, json={"displayName": f"Script {n}", "sourceCode": "void 0;", "version": "1.0.0"})
        assert r.status_code == 201, r.text
    before = row_counts(database_url)
    for caller in (a, b):
        body = err(caller.post(url, json={**INLINE, "version": "9.9.9"}), 409, "custom_code_max_registered_scripts")
        assert body["message"] == "The maximum number of registered scripts has been reached."
    assert row_counts(database_url) == before
    assert len(registered(world, FULL)) == 400 and len(registered(world, app)) == 400
    # The limit is per site: the other site still registers.
    other = world.http(OTHER_SITE)
    assert register(other, world.other_site_id, "inline", INLINE)["id"] == "alert"
