"""Issue 4: staged vs live, per locale, as webflow-behavior.md section 5.5 tabulates it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.wire import err
from tests.support.world import World

T0 = "2026-01-01T00:00:00.000Z"
T1 = "2026-01-01T00:00:10.000Z"
NEVER = (
    "Conflict: Conflict with server data: Live PATCH updates can't be applied to items that have never been published"
)




class Cms:
    """Reads both stages of one collection, per locale."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.c = world.http()
        self.items = world.sdk().collections.items
        self.admin = world.admin()
        self.admin.post("/clock", json={"at": T0})
        self.cid = world.create_collection(
            {"displayName": "Posts", "singularName": "Post", "fields": [{"type": "PlainText", "displayName": "Body"}]}
        )["id"]
        self.locs = [world.en, world.fr]

    def tick(self, seconds: float = 10) -> None:
        self.admin.post("/clock", json={"advanceSeconds": seconds})

    def staged(self, item_id: str, loc: str) -> dict[str, Any] | None:
        r = self.c.get(f"/collections/{self.cid}/items/{item_id}", params={"cmsLocaleId": loc})
        return r.json() if r.status_code == 200 else None

    def live(self, item_id: str, loc: str) -> dict[str, Any] | None:
        r = self.c.get(f"/collections/{self.cid}/items/{item_id}/live", params={"cmsLocaleId": loc})
        assert r.status_code in (200, 404), r.text
        return r.json() if r.status_code == 200 else None

    def live_list(self, loc: str) -> list[str]:
        return [str(i.id) for i in self.items.list_items_live(self.cid, cms_locale_id=loc).items or [] if i.id]

    def bulk(self, name: str, draft: bool = True) -> str:
        r = self.c.post(
            f"/collections/{self.cid}/items/bulk",
            json={"cmsLocaleIds": self.locs, "isDraft": draft, "fieldData": {"name": name, "slug": name.lower()}},
        )
        assert r.status_code == 202, r.text
        return str(r.json()["id"])

    def publish(self, item_id: str) -> None:
        res = self.items.publish_item(self.cid, request={"items": [{"id": item_id, "cmsLocaleIds": self.locs}]})
        assert res.errors == []

    def status(self, item_id: str) -> dict[str, str]:
        got = self.admin.get(f"/collections/{self.cid}/items/{item_id}").json()
        return {loc["cmsLocaleId"]: loc["status"] for loc in got["locales"]}

    def site_publish(self) -> httpx.Response:
        return self.c.post(f"/sites/{self.world.site_id}/publish", json={"publishToWebflowSubdomain": True})


@pytest.fixture
def cms(world: World) -> Any:
    c = Cms(world)
    yield c
    c.admin.post("/clock", json={"freeze": False})


def test_create_item_is_staged_only_and_draft(cms: Cms) -> None:
    item_id = cms.bulk("Fresh")
    for loc in cms.locs:
        s = cms.staged(item_id, loc)
        assert s is not None and s["isDraft"] is True and s["lastPublished"] is None
        assert cms.live(item_id, loc) is None
        assert cms.live_list(loc) == []
    assert set(cms.status(item_id).values()) == {"Draft"}


def test_create_item_live_is_staged_and_live(cms: Cms) -> None:
    for loc in cms.locs:
        made = cms.items.create_item_live(
            cms.cid,
            request={
                "cmsLocaleId": loc,  # type: ignore[arg-type]
                "fieldData": {"name": "Now", "slug": "now"},
            },
        )
        assert made.is_draft is False and made.last_published == T0
        s, lv = cms.staged(made.id or "", loc), cms.live(made.id or "", loc)
        assert s is not None and lv is not None
        assert s["lastPublished"] == lv["lastPublished"] == T0 and lv["fieldData"]["name"] == "Now"
        assert cms.live_list(loc) == [made.id]
        assert cms.status(made.id or "")[loc] == "Published"


def test_staged_update_leaves_live_alone(cms: Cms) -> None:
    item_id = cms.bulk("Edit", draft=False)
    cms.publish(item_id)
    cms.tick()
    upd = cms.items.update_item(
        cms.cid, item_id, cms_locale_id=cms.world.fr, field_data={"body": "new words"}, is_draft=True
    )
    assert upd.last_updated == T1 and upd.last_published == T0
    fr_live = cms.live(item_id, cms.world.fr)
    assert fr_live is not None and "body" not in fr_live["fieldData"]  # isDraft:true no longer unpublishes
    assert cms.status(item_id) == {cms.world.en: "Published", cms.world.fr: "Changes in draft"}
    cms.items.update_item(cms.cid, item_id, cms_locale_id=cms.world.en, field_data={"body": "en words"})
    assert cms.status(item_id)[cms.world.en] == "Queued to publish"
    en_live = cms.live(item_id, cms.world.en)
    assert en_live is not None and "body" not in en_live["fieldData"]


def test_live_update_replaces_live_now_and_409_when_never_published(cms: Cms) -> None:
    item_id = cms.bulk("Hot", draft=False)
    body = err(
        cms.c.patch(f"/collections/{cms.cid}/items/{item_id}/live", json={"fieldData": {"body": "x"}}), 409, "conflict"
    )
    assert body["message"] == NEVER
    cms.publish(item_id)
    cms.tick()
    res = cms.items.update_items_live(
        cms.cid, items=[{"id": item_id, "cmsLocaleId": loc, "fieldData": {"body": f"live {loc}"}} for loc in cms.locs]
    )
    got = res.model_dump(by_alias=True)["items"]
    assert [g["lastPublished"] for g in got] == [T1, T1]
    for loc in cms.locs:
        lv, s = cms.live(item_id, loc), cms.staged(item_id, loc)
        assert lv is not None and s is not None
        assert lv["fieldData"]["body"] == f"live {loc}" == s["fieldData"]["body"]
        assert lv["lastPublished"] == T1 and s["isDraft"] is False
    one = cms.items.update_item_live(cms.cid, item_id, cms_locale_id=cms.world.fr, field_data={"body": "only fr"})
    assert one.field_data.model_dump()["body"] == "only fr"
    en = cms.live(item_id, cms.world.en)
    assert en is not None and en["fieldData"]["body"] == f"live {cms.world.en}"


def test_publish_item_copies_staged_and_reports_unknown_ids(cms: Cms) -> None:
    a, b = cms.bulk("Pa"), cms.bulk("Pb")
    cms.tick()
    missing = "0" * 24
    res = cms.items.publish_item(
        cms.cid,
        request={"items": [{"id": a, "cmsLocaleIds": [cms.world.fr]}, {"id": missing, "cmsLocaleIds": [cms.world.fr]}]},
    )
    assert res.published_item_ids == [a] and res.errors == [f"Staging item ID {missing} not found."]
    assert cms.live(a, cms.world.en) is None  # only French was published
    fr = cms.live(a, cms.world.fr)
    assert fr is not None and fr["lastPublished"] == T1 and fr["isDraft"] is False
    staged_fr = cms.staged(a, cms.world.fr)
    assert staged_fr is not None and staged_fr["isDraft"] is False and staged_fr["lastPublished"] == T1
    # itemIds form: primary locale only.
    res = cms.items.publish_item(cms.cid, request={"itemIds": [b]})
    assert res.published_item_ids == [b]
    assert cms.live(b, cms.world.en) is not None and cms.live(b, cms.world.fr) is None


def test_unpublish_removes_live_keeps_staged(cms: Cms) -> None:
    item_id = cms.bulk("Gone", draft=False)
    cms.publish(item_id)
    cms.items.delete_item_live(cms.cid, item_id, cms_locale_id=cms.world.fr)
    assert cms.live(item_id, cms.world.fr) is None
    s = cms.staged(item_id, cms.world.fr)
    assert s is not None and s["isDraft"] is True and s["lastPublished"] is None
    assert cms.live(item_id, cms.world.en) is not None  # the other locale is untouched
    cms.items.delete_items_live(cms.cid, items=[{"id": item_id, "cmsLocaleIds": [cms.world.en]}])
    assert cms.live_list(cms.world.en) == []
    assert set(cms.status(item_id).values()) == {"Draft"}
    err(cms.c.delete(f"/collections/{cms.cid}/items/{item_id}/live"), 404, "resource_not_found")


def test_staged_delete_stays_live_until_site_publish(cms: Cms) -> None:
    item_id = cms.bulk("Linger", draft=False)
    cms.publish(item_id)
    cms.items.delete_item(cms.cid, item_id, cms_locale_id=cms.world.fr)
    assert cms.staged(item_id, cms.world.fr) is None
    assert cms.live(item_id, cms.world.fr) is not None
    assert cms.site_publish().status_code == 202
    assert cms.live(item_id, cms.world.fr) is None
    assert cms.live(item_id, cms.world.en) is not None


def test_archived_comes_down_at_site_publish(cms: Cms) -> None:
    item_id = cms.bulk("Old", draft=False)
    cms.publish(item_id)
    cms.items.update_item(cms.cid, item_id, cms_locale_id=cms.world.en, is_archived=True)
    assert cms.live(item_id, cms.world.en) is not None
    cms.site_publish()
    assert cms.live(item_id, cms.world.en) is None and cms.live(item_id, cms.world.fr) is not None


def test_site_publish_publishes_queued_and_keeps_drafts(cms: Cms) -> None:
    queued = cms.bulk("Queued", draft=False)
    draft = cms.bulk("Drafty", draft=True)
    edited = cms.bulk("Edited", draft=False)
    cms.publish(edited)
    cms.tick()
    cms.items.update_item(cms.cid, edited, cms_locale_id=cms.world.fr, field_data={"body": "v2"}, is_draft=True)
    cms.tick()
    r = cms.site_publish()
    assert r.status_code == 202
    assert r.json() == {"customDomains": [], "publishToWebflowSubdomain": True, "publishScope": "site"}
    for loc in cms.locs:
        q = cms.live(queued, loc)
        assert q is not None and q["lastPublished"] == "2026-01-01T00:00:20.000Z"
        assert cms.live(draft, loc) is None
    fr = cms.live(edited, cms.world.fr)
    assert fr is not None and "body" not in fr["fieldData"]  # a draft keeps its old live copy
    assert cms.status(queued) == {cms.world.en: "Published", cms.world.fr: "Published"}
    assert cms.status(edited)[cms.world.fr] == "Changes in draft"
    site = cms.world.sdk().sites.get(cms.world.site_id)
    assert site.last_published is not None


def test_site_publish_once_a_minute_on_the_frozen_clock(cms: Cms) -> None:
    w = cms.world
    c = cms.c
    dom = w.sdk().sites.get_custom_domain(w.site_id).custom_domains or []
    # Neither target: 400, and the failed attempt does not use the slot.
    err(c.post(f"/sites/{w.site_id}/publish", json={}), 400, "no_domains")
    err(c.post(f"/sites/{w.site_id}/publish", json={"customDomains": ["0" * 24]}), 400, "invalid_domain")
    res = w.sdk().sites.publish(w.site_id, custom_domains=[dom[0].id or ""])
    assert [d.url for d in res.custom_domains or []] == ["www.test-site.test"]
    published = (w.sdk().sites.get_custom_domain(w.site_id).custom_domains or [])[0].last_published
    assert published is not None and published.isoformat() == "2026-01-01T00:00:00+00:00"
    cms.tick(30)
    r = cms.site_publish()
    err(r, 429, "too_many_requests")
    assert int(r.headers["retry-after"]) in (30, 31)
    cms.tick(31)
    assert cms.site_publish().status_code == 202


def test_live_lists_filter_and_page_like_staged(cms: Cms) -> None:
    ids = [cms.bulk(f"L{i}", draft=False) for i in range(5)]
    cms.site_publish()
    page = cms.c.get(
        f"/collections/{cms.cid}/items/live",
        params={"cmsLocaleId": cms.world.fr, "limit": 2, "offset": 2, "sortBy": "slug"},
    ).json()
    assert page["pagination"] == {"limit": 2, "offset": 2, "total": 5}
    assert [i["fieldData"]["slug"] for i in page["items"]] == ["l2", "l3"]
    assert [
        i["id"] for i in cms.c.get(f"/collections/{cms.cid}/items/live", params={"slug": "l4"}).json()["items"]
    ] == [ids[4]]


def test_kept_counts_match_counting(cms: Cms) -> None:
    """Unfiltered totals come from kept counts; a filter that matches everything counts the rows."""
    ids = [cms.bulk(f"C{i}", draft=i % 2 == 0) for i in range(6)]
    cms.publish(ids[0])
    cms.items.delete_item(cms.cid, ids[1], cms_locale_id=cms.world.fr)
    cms.items.delete_item_live(cms.cid, ids[0], cms_locale_id=cms.world.en)
    cms.items.update_item(cms.cid, ids[3], cms_locale_id=cms.world.en, is_archived=True)
    cms.site_publish()
    cms.items.delete_items(cms.cid, items=[{"id": ids[5], "cmsLocaleIds": cms.locs}])
    for stage in ("items", "items/live"):
        for loc in [*cms.locs, f"{cms.world.en},{cms.world.fr}"]:
            url = f"/collections/{cms.cid}/{stage}"
            kept = cms.c.get(url, params={"cmsLocaleId": loc}).json()["pagination"]["total"]
            counted = cms.c.get(url, params={"cmsLocaleId": loc, "createdOn[gte]": "1970-01-01T00:00:00Z"}).json()
            assert kept == counted["pagination"]["total"] == len(counted["items"])
