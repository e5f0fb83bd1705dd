"""Page-level custom code: scripts applied to a page by full replacement, per owner (an app, or the site's
own tokens; two apps are two owners): each reads and deletes only its own; pages of another site and
missing pages are refused; the 800-script limit is the site's whatever pages use them."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from webflow.core.api_error import ApiError

from tests.custom_code.test_custom_code import HOSTED, INLINE, app_token, grant, make_app, register
from tests.support.wire import ZERO_ID, err
from tests.support.world import FULL, OTHER_SITE, READ_ONLY, World


def make_page(world: World, title: str, site_id: str | None = None) -> str:
    r = world.admin().post(f"/sites/{site_id or world.site_id}/pages", json={"title": title})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def page_code(c: httpx.Client, page_id: str) -> dict[str, Any]:
    r = c.get(f"/pages/{page_id}/custom_code")
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def test_apply_to_a_page_through_the_sdk_replaces_the_whole_list(world: World) -> None:
    c = world.http()
    register(c, world.site_id, "hosted", HOSTED)
    register(c, world.site_id, "inline", INLINE)
    about, contact = make_page(world, "About"), make_page(world, "Contact")
    sdk = world.sdk()
    assert sdk.pages.scripts.get_custom_code(about).scripts == []
    out = sdk.pages.scripts.upsert_custom_code(about, scripts=[
        {"id": "cms_slider", "version": "1.0.0", "location": "header", "attributes": {"defer": "true"}},
        {"id": "alert", "version": "0.0.1", "location": "footer"}])
    assert [(s.id, s.location) for s in out.scripts or []] == [("cms_slider", "header"), ("alert", "footer")]
    assert out.created_on and out.last_updated
    got = page_code(c, about)
    assert got["scripts"] == [
        {"id": "cms_slider", "location": "header", "version": "1.0.0", "attributes": {"defer": "true"}},
        {"id": "alert", "location": "footer", "version": "0.0.1", "attributes": {}}]
    # The page's scripts are not the site's nor another page's.
    assert c.get(f"/sites/{world.site_id}/custom_code").json() == {"scripts": []}
    assert page_code(c, contact) == {"scripts": []}
    # A PUT replaces the list: what it leaves out goes.
    sdk.pages.scripts.upsert_custom_code(about, scripts=[{"id": "alert", "version": "0.0.1", "location": "header"}])
    assert [s["id"] for s in page_code(c, about)["scripts"]] == ["alert"]
    blocks = c.get(f"/sites/{world.site_id}/custom_code/blocks").json()["blocks"]
    assert [(b["type"], b["pageId"]) for b in blocks] == [("page", about)]
    sdk.pages.scripts.delete_custom_code(about)
    assert page_code(c, about) == {"scripts": []}
    assert c.get(f"/sites/{world.site_id}/custom_code/blocks").json()["blocks"] == []


def test_two_owners_on_one_page_see_and_delete_only_their_own(world: World) -> None:
    site = world.site_id
    second = app_token(world)
    a, b = world.http(FULL), world.http(second)
    register(a, site, "hosted", HOSTED)
    register(b, site, "inline", INLINE)
    page = make_page(world, "About")
    # Each applies only what it registered.
    err(b.put(f"/pages/{page}/custom_code", json={"scripts": [
        {"id": "cms_slider", "version": "1.0.0", "location": "header"}]}), 404, "resource_not_found")
    assert a.put(f"/pages/{page}/custom_code", json={"scripts": [
        {"id": "cms_slider", "version": "1.0.0", "location": "header"}]}).status_code == 200
    assert b.put(f"/pages/{page}/custom_code", json={"scripts": [
        {"id": "alert", "version": "0.0.1", "location": "footer"}]}).status_code == 200
    assert [s["id"] for s in page_code(a, page)["scripts"]] == ["cms_slider"]
    assert [s["id"] for s in page_code(b, page)["scripts"]] == ["alert"]
    # One owner's full replacement with nothing leaves the other's alone.
    assert b.put(f"/pages/{page}/custom_code", json={"scripts": []}).json() == {"scripts": []}
    assert [s["id"] for s in page_code(a, page)["scripts"]] == ["cms_slider"]
    b.put(f"/pages/{page}/custom_code", json={"scripts": [{"id": "alert", "version": "0.0.1", "location": "footer"}]})
    world.sdk(second).pages.scripts.delete_custom_code(page)
    assert page_code(b, page) == {"scripts": []}
    assert [s["id"] for s in page_code(a, page)["scripts"]] == ["cms_slider"]
    r = a.delete(f"/pages/{page}/custom_code")
    assert r.status_code == 204 and r.content == b""
    assert page_code(a, page) == {"scripts": []}
    assert a.delete(f"/pages/{page}/custom_code").status_code == 204


def test_page_custom_code_lookups(world: World, database_url: str) -> None:
    from tests.test_foundation import row_counts

    c = world.http()
    register(c, world.site_id, "hosted", HOSTED)
    page = make_page(world, "About")
    foreign = make_page(world, "Elsewhere", site_id=world.other_site_id)
    body = {"scripts": [{"id": "cms_slider", "version": "1.0.0", "location": "header"}]}
    before = row_counts(database_url)
    err(c.put(f"/pages/{ZERO_ID}/custom_code", json=body), 404, "resource_not_found")
    err(c.get("/pages/not-an-id/custom_code"), 400, "validation_error")
    err(c.put(f"/pages/{foreign}/custom_code", json=body), 403, "forbidden")
    err(world.http(OTHER_SITE).delete(f"/pages/{page}/custom_code"), 403, "forbidden")
    err(world.http(READ_ONLY).put(f"/pages/{page}/custom_code", json=body), 403, "missing_scopes")
    err(c.put(f"/pages/{page}/custom_code", json={"scripts": [{"id": "cms_slider", "version": "1.0.0",
                                                                "location": "middle"}]}), 400, "validation_error")
    with pytest.raises(ApiError) as e:
        world.sdk().pages.scripts.get_custom_code(ZERO_ID)
    assert e.value.status_code == 404
    assert row_counts(database_url) == before
    # A deleted page's scripts go with it.
    assert c.put(f"/pages/{page}/custom_code", json=body).status_code == 200
    assert world.admin().request("DELETE", f"/sites/{world.site_id}/pages/{page}", json={}).status_code == 204
    assert c.get(f"/sites/{world.site_id}/custom_code/blocks").json()["blocks"] == []


def test_the_800_limit_is_the_sites_whatever_pages_apply(world: World) -> None:
    a, b = world.http(FULL, validate=False), world.http(app_token(world), validate=False)
    url = f"/sites/{world.site_id}/registered_scripts/inline"
    for n in range(800):
        r = (a if n % 2 else b).post(url, json={"displayName": f"Script {n}", "sourceCode": "void 0;",
                                                "version": "1.0.0"})
        assert r.status_code == 201, r.text
    page = make_page(world, "About")
    # Both owners apply their registered scripts to the page; applying registers nothing.
    assert a.put(f"/pages/{page}/custom_code", json={"scripts": [
        {"id": "script_1", "version": "1.0.0", "location": "header"}]}).status_code == 200
    assert b.put(f"/pages/{page}/custom_code", json={"scripts": [
        {"id": f"script_{n}", "version": "1.0.0", "location": "footer"} for n in range(0, 40, 2)]}).status_code == 200
    assert len(page_code(b, page)["scripts"]) == 20 and len(page_code(a, page)["scripts"]) == 1
    for caller in (a, b):
        err(caller.post(url, json={**INLINE, "version": "9.9.9"}), 409, "custom_code_max_registered_scripts")



def test_two_apps_on_one_page_and_an_apps_scripts_follow_the_app(world: World) -> None:
    """Scripts belong to the app, not to one of its tokens: a second grant of the same app sees them."""
    slider, alerts = make_app(world, "Slider App"), make_app(world, "Alert App")
    first, second = grant(world, slider), grant(world, alerts)
    a, b = world.http(first), world.http(second)
    register(a, world.site_id, "hosted", HOSTED)
    register(b, world.site_id, "inline", INLINE)
    page = make_page(world, "Landing")
    world.sdk(first).pages.scripts.upsert_custom_code(
        page, scripts=[{"id": "cms_slider", "version": "1.0.0", "location": "header"}])
    assert b.put(f"/pages/{page}/custom_code", json={"scripts": [
        {"id": "alert", "version": "0.0.1", "location": "footer"}]}).status_code == 200
    assert [s.id for s in world.sdk(first).pages.scripts.get_custom_code(page).scripts or []] == ["cms_slider"]
    assert [s["id"] for s in page_code(b, page)["scripts"]] == ["alert"]
    # The same app granted again: another token, the same owner.
    again = world.http(grant(world, slider))
    assert [s["id"] for s in page_code(again, page)["scripts"]] == ["cms_slider"]
    assert again.delete(f"/pages/{page}/custom_code").status_code == 204
    assert page_code(a, page) == {"scripts": []}
    assert [s["id"] for s in page_code(b, page)["scripts"]] == ["alert"]
