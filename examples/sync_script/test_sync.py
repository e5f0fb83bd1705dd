"""The sync script's test suite: each test gets a webflow-local server with the demo world, reset before it
(the `webflow_local` fixture of the webflow-local package's pytest plugin)."""

from __future__ import annotations

from typing import Any

import pytest
from sync import Syncer
from webflow.core.api_error import ApiError

from webflow_local.pytest_plugin import WebflowLocal

POSTS: list[dict[str, Any]] = [
    {"slug": "hello", "name": "Hello", "summary": "The first post",
     "translations": {"fr-FR": {"name": "Bonjour", "slug": "bonjour"}, "de-DE": {"name": "Hallo"}}},
    {"slug": "second", "name": "Second"},
]


@pytest.fixture
def syncer(webflow_local: WebflowLocal) -> Syncer:
    # No real waiting in tests: the waits asked for are recorded instead.
    return Syncer(webflow_local.client, webflow_local.collections["Blog Posts"], sleep=lambda _: None)


def test_creates_translates_and_publishes(webflow_local: WebflowLocal, syncer: Syncer) -> None:
    wl = webflow_local
    blog = wl.collections["Blog Posts"]
    created = syncer.sync(wl.site_id, POSTS)
    assert len(created) == 2

    live_fr = wl.client.collections.items.list_items_live(blog, cms_locale_id=wl.locales["fr-FR"])
    names = sorted(i.field_data.name for i in live_fr.items or [])
    assert names == ["Bonjour", "Second"]
    live_de = wl.client.collections.items.list_items_live(blog, cms_locale_id=wl.locales["de-DE"], slug="hello")
    assert [i.field_data.name for i in live_de.items or []] == ["Hallo"]

    # What the script sent, as the server's request journal recorded it.
    [bulk_first, _] = wl.admin.requests(operation_id="create-items")
    assert bulk_first["requestBody"]["cmsLocaleIds"] == list(wl.locales.values())
    assert bulk_first["requestBody"]["fieldData"]["summary"] == "The first post"
    [publish] = wl.admin.requests(operation_id="publish-item")
    assert {i["id"] for i in publish["requestBody"]["items"]} == set(created)
    assert publish["status"] == 202


def test_running_twice_creates_nothing_twice(webflow_local: WebflowLocal, syncer: Syncer) -> None:
    assert len(syncer.sync(webflow_local.site_id, POSTS)) == 2
    assert syncer.sync(webflow_local.site_id, POSTS) == []
    assert len(webflow_local.admin.requests(operation_id="create-items")) == 2


def test_waits_out_a_429_and_goes_on(webflow_local: WebflowLocal, syncer: Syncer) -> None:
    # The next two bulk creates answer 429 (with Retry-After: 60), as Webflow does past its rate limit.
    webflow_local.admin.fault(status=429, count=2, path="/items/bulk$", method="POST")
    created = syncer.sync(webflow_local.site_id, POSTS)
    assert len(created) == 2
    assert syncer.waited == [60.0, 60.0]
    statuses = [r["status"] for r in webflow_local.admin.requests(operation_id="create-items")]
    assert statuses == [429, 429, 202, 202]


def test_gives_up_after_too_many_429s(webflow_local: WebflowLocal, syncer: Syncer) -> None:
    webflow_local.admin.fault(status=429, path="/items/bulk$")  # every bulk create, until cleared
    with pytest.raises(ApiError) as e:
        syncer.sync(webflow_local.site_id, POSTS)
    assert e.value.status_code == 429
    assert len(syncer.waited) == syncer.max_attempts - 1
    webflow_local.admin.clear_faults()
    assert len(syncer.sync(webflow_local.site_id, POSTS)) == 2


@pytest.mark.webflow_local(rate_limit=5, frozen_at="2025-01-01T00:00:00Z")
def test_paces_itself_under_a_real_rate_limit(webflow_local: WebflowLocal, syncer: Syncer) -> None:
    # 5 requests a minute: the 6th is a real 429 from the server's rate limiter, not an injected one. The
    # script waits (here: records the wait); with the server's clock frozen the minute never ends, so it
    # gives up.
    with pytest.raises(ApiError) as e:
        syncer.sync(webflow_local.site_id, POSTS)
    assert e.value.status_code == 429
    assert syncer.waited and all(0 < w <= 60 for w in syncer.waited)
