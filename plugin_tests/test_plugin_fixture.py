"""The webflow_local fixture used as a user of the package would: its attributes, its clients, the reset
between tests, the marker and the request journal."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from webflow.core.api_error import ApiError

from webflow_local.pytest_plugin import TOKEN, WebflowLocal

SHOP_TOKEN = "1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef"


def _blog_count(wl: WebflowLocal) -> int:
    page = wl.client.collections.items.list_items(wl.collections["Blog Posts"])
    assert page.pagination is not None
    return int(page.pagination.total or 0)


def _new_post(wl: WebflowLocal, name: str) -> str:
    # No retries: the SDK would honour a 429's Retry-After (60 s) by itself.
    item = wl.client.collections.items.create_item(
        wl.collections["Blog Posts"], request={"isDraft": False, "fieldData": {"name": name, "slug": name.lower()}},
        request_options={"max_retries": 0})
    assert item.id
    return str(item.id)


def test_attributes_name_the_demo_world(webflow_local: WebflowLocal) -> None:
    wl = webflow_local
    assert wl.base_url.startswith("http://127.0.0.1:")
    assert wl.v2_url == f"{wl.base_url}/v2" and wl.beta_url == f"{wl.base_url}/beta"
    assert wl.token == TOKEN
    assert set(wl.locales) == {"en", "fr-FR", "de-DE"}
    assert {"Authors", "Blog Posts"} <= set(wl.collections)
    site = wl.client.sites.get(wl.site_id)
    assert site.display_name == "Demo Site"
    assert {loc.cms_locale_id for loc in [site.locales.primary, *site.locales.secondary]} == set(
        wl.locales.values())
    r = httpx.get(f"{wl.beta_url}/sites/{wl.site_id}", headers={"Authorization": f"Bearer {wl.token}"})
    assert r.status_code == 200 and r.json()["id"] == wl.site_id


# Two tests that each add a post and expect the demo world's count: whatever their order (or worker), both
# pass only when the world is reset between tests.
@pytest.mark.parametrize("name", ["First", "Second"])
def test_each_test_starts_from_the_demo_world(webflow_local: WebflowLocal, name: str) -> None:
    assert _blog_count(webflow_local) == 0
    _new_post(webflow_local, name)
    assert _blog_count(webflow_local) == 1


def test_reset_within_a_test_is_fast_and_complete(webflow_local: WebflowLocal) -> None:
    wl = webflow_local
    author = wl.collections["Authors"]
    before = wl.client.collections.items.list_items(author)
    _new_post(wl, "Gone")
    wl.admin.fault(status=503, path="/nothing-matches")
    wl.admin.clock(at="2030-01-01T00:00:00Z", freeze=True)
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        wl.reset()
        timings.append(time.perf_counter() - started)
    print(f"reset: best {min(timings) * 1000:.0f} ms, worst {max(timings) * 1000:.0f} ms")
    assert min(timings) < 1.0  # the target is 300 ms on SQLite; a loaded CI machine gets slack
    assert _blog_count(wl) == 0
    assert wl.admin.faults() == []
    assert wl.admin.clock()["frozen"] is False
    assert wl.admin.requests() == [] or all(r["path"].endswith("/items") for r in wl.admin.requests())
    after = wl.client.collections.items.list_items(author)
    assert [i.id for i in after.items or []] == [i.id for i in before.items or []]


def test_the_journal_shows_what_the_code_sent(webflow_local: WebflowLocal) -> None:
    wl = webflow_local
    since = datetime.now(UTC).isoformat()
    item_id = _new_post(wl, "Journal")
    wl.client.collections.items.get_item(wl.collections["Blog Posts"], item_id)
    [entry] = wl.admin.requests(operation_id="create-item")
    assert entry["method"] == "POST" and entry["status"] == 202
    assert entry["path"] == f"/v2/collections/{wl.collections['Blog Posts']}/items"
    assert entry["requestBody"]["fieldData"] == {"name": "Journal", "slug": "journal"}
    assert entry["responseBody"]["id"] == item_id
    assert entry["tokenId"] and entry["durationMs"] >= 0
    assert entry["requestBodyTruncated"] is False
    assert [e["operationId"] for e in wl.admin.requests(since=since)] == ["create-item", "Get-Item"]
    assert [e["operationId"] for e in wl.admin.requests(method="GET")] == ["Get-Item"]
    assert [e["operationId"] for e in wl.admin.requests(limit=1)] == ["Get-Item"]
    assert wl.admin.requests(status=404) == []
    wl.admin.clear_requests()
    assert wl.admin.requests() == []


def test_a_fault_reaches_the_client_and_the_journal(webflow_local: WebflowLocal) -> None:
    wl = webflow_local
    wl.admin.fault(status=429, count=1, path="/items$", method="POST")
    with pytest.raises(ApiError) as e:
        _new_post(wl, "Limited")
    assert e.value.status_code == 429
    _new_post(wl, "Limited")  # the fault was for one request
    assert [e["status"] for e in wl.admin.requests(operation_id="create-item")] == [429, 202]


@pytest.mark.webflow_local(seed="worlds/shop.yaml")
def test_marker_seed_loads_its_own_world(webflow_local: WebflowLocal) -> None:
    wl = webflow_local
    assert wl.token == SHOP_TOKEN
    assert set(wl.locales) == {"en", "es"}
    assert set(wl.collections) == {"Products"}
    items = wl.client.collections.items.list_items(wl.collections["Products"], cms_locale_id=wl.locales["es"])
    assert [i.field_data.name for i in items.items or []] == ["Hervidor"]


@pytest.mark.webflow_local(rate_limit=2)
def test_marker_rate_limit(webflow_local: WebflowLocal) -> None:
    wl = webflow_local
    headers = {"Authorization": f"Bearer {wl.token}"}
    statuses = [httpx.get(f"{wl.v2_url}/sites/{wl.site_id}", headers=headers).status_code for _ in range(3)]
    # Two a minute: the fixture's own setup read may already have used one of this minute's two.
    assert statuses in ([200, 200, 429], [200, 429, 429]), statuses


def test_no_rate_limit_without_the_marker(webflow_local: WebflowLocal) -> None:
    """Without the marker nothing is enforced: the headers report Webflow's documented 120 and count down,
    and requests beyond it are still answered."""
    auth = {"Authorization": f"Bearer {webflow_local.token}"}
    seen = [httpx.get(f"{webflow_local.v2_url}/sites", headers=auth) for _ in range(3)]
    assert [r.status_code for r in seen] == [200, 200, 200]
    assert seen[0].headers["x-ratelimit-limit"] == "120"
    remaining = [int(r.headers["x-ratelimit-remaining"]) for r in seen]
    assert remaining == sorted(remaining, reverse=True) and remaining[0] > remaining[-1]


@pytest.mark.webflow_local(frozen_at="2025-01-01T00:00:00Z")
def test_marker_frozen_at(webflow_local: WebflowLocal) -> None:
    wl = webflow_local
    item_id = _new_post(webflow_local, "Frozen")
    item = wl.client.collections.items.get_item(wl.collections["Blog Posts"], item_id)
    assert item.created_on == "2025-01-01T00:00:00.000Z"
    wl.reset()  # the marker's clock survives a reset within the test
    assert wl.admin.clock()["now"].startswith("2025-01-01T00:00:00")



def test_docs_show_the_example_as_it_runs() -> None:
    root = Path(__file__).resolve().parent.parent
    doc = (root / "docs" / "testing.md").read_text()
    for name in ("sync.py", "test_sync.py"):
        assert (root / "examples" / "sync_script" / name).read_text() in doc, name


def test_collections_of_the_demo_world(webflow_local: WebflowLocal) -> None:
    listed = webflow_local.client.collections.list(webflow_local.site_id).collections or []
    assert webflow_local.collections == {str(c.display_name): c.id for c in listed}
