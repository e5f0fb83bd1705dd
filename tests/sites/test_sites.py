"""Sites family: sites with locales and custom domains; id errors."""

from __future__ import annotations

from tests.support.wire import ZERO_ID, err
from tests.support.world import OTHER_SITE, WORKSPACE, World


# -- sites -------------------------------------------------------------------------------------------
def test_sites_with_locales(world: World) -> None:
    sdk = world.sdk()
    site = sdk.sites.get(world.site_id)
    assert site.display_name == "Test Site"
    assert site.locales is not None and site.locales.primary is not None
    primary = site.locales.primary
    assert primary.tag == "en" and primary.subdirectory == ""
    assert primary.id != primary.cms_locale_id
    tags = [loc.tag for loc in site.locales.secondary or []]
    assert tags == ["fr-FR", "de-DE"]
    assert [d.url for d in sdk.sites.get_custom_domain(world.site_id).custom_domains or []] == ["www.test-site.test"]
    # A workspace token sees every site of its workspace; a site token only its own.
    assert {s.id for s in world.sdk(WORKSPACE).sites.list().sites or []} == {world.site_id, world.other_site_id}
    assert [s.id for s in world.sdk(OTHER_SITE).sites.list().sites or []] == [world.other_site_id]


def test_site_ids_errors(world: World) -> None:
    c = world.http()
    body = err(c.get("/sites/not-an-id"), 400, "validation_error")
    assert body["message"] == "Validation Error: Provided ID is invalid"
    err(c.get(f"/sites/{ZERO_ID}"), 404, "resource_not_found")
    err(world.http(OTHER_SITE).get(f"/sites/{world.site_id}"), 403, "forbidden")
