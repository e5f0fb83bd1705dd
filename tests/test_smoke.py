from __future__ import annotations

from tests.support.world import World


def test_sdk_lists_sites(world: World) -> None:
    sites = world.sdk().sites.list().sites or []
    assert [s.id for s in sites] == [world.site_id]
    assert sites[0].locales is not None
