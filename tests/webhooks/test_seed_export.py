"""Webhooks in seed files (`webhooks`) and in `webflow-local export`: ids kept, the seed's order kept, the
registration rules of create-webhook, a taken id refused with nothing written, and a seeded webhook's
deliveries signed with the seed's secretKey."""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

import httpx

from tests.export.cli import in_process
from tests.site_config.test_site_config import counts
from tests.support.world import World
from webflow_local.api.webhooks.export import export_webhooks
from webflow_local.transfer.world import export_world

TOKEN = "8" * 64
LATE, EARLY = "ffffffffffffffffffffff03", "000000000000000000000b04"
SECRET = "s" * 64
HOOKS = [
    {"id": LATE, "triggerType": "form_submission", "url": "https://example.com/contact",
     "filter": {"name": "Contact"}},
    {"id": EARLY, "triggerType": "page_created", "url": "https://example.com/pages",
     "lastTriggered": "2024-05-01T10:00:00.000Z"},
]


def _seed(world: World, hooks: list[dict[str, Any]], slug: str = "seeded-hooks") -> httpx.Response:
    tokens = [{"value": TOKEN, "scopes": "all"}] if slug == "seeded-hooks" else []
    return world.admin().post("/seed", json={"workspaces": [{
        "displayName": "Hooks", "slug": slug, "sites": [{"displayName": "Hooked", "tokens": tokens,
                                                         "webhooks": hooks}]}]})


def _site_id(r: httpx.Response) -> str:
    assert r.status_code == 201, r.text
    return str(r.json()["sites"][0]["id"])


def test_seeded_webhooks_keep_ids_order_and_fields(world: World) -> None:
    r = _seed(world, [*HOOKS, {"triggerType": "site_publish", "url": "https://example.com/publish"}])
    site_id = _site_id(r)
    listed = world.http(TOKEN).get(f"/sites/{site_id}/webhooks").json()["webhooks"]
    assert [w["id"] for w in listed][:2] == [LATE, EARLY]
    assert [w["triggerType"] for w in listed] == ["form_submission", "page_created", "site_publish"]
    assert listed[2]["id"] not in {LATE, EARLY}
    assert listed[0]["filter"] == {"name": "Contact"} and listed[1]["filter"] is None
    assert listed[0]["lastTriggered"] is None and listed[1]["lastTriggered"] == "2024-05-01T10:00:00.000Z"
    assert {w["siteId"] for w in listed} == {site_id}
    assert world.http(TOKEN).get(f"/webhooks/{EARLY}").json() == listed[1]
    # The seed answers each webhook with its signing key, as create-webhook does (a new one when none given).
    answered = r.json()["webhooks"]
    assert [w["id"] for w in answered][:2] == [LATE, EARLY]
    assert all(len(w["secretKey"]) == 64 for w in answered)


def test_a_taken_webhook_id_is_refused_and_nothing_is_written(world: World, database_url: str) -> None:
    before = counts(database_url)
    twice = _seed(world, [HOOKS[0], {**HOOKS[1], "id": LATE}])
    assert twice.status_code == 409, twice.text
    assert twice.json()["details"][0]["param"] == "webhooks.1.id"
    assert counts(database_url) == before

    _site_id(_seed(world, HOOKS[:1]))
    before = counts(database_url)
    again = _seed(world, HOOKS[:1], slug="other-hooks")
    assert again.status_code == 409, again.text
    assert counts(database_url) == before


def test_seeded_webhooks_follow_the_registration_rules(world: World, database_url: str) -> None:
    before = counts(database_url)
    for bad, code in (({"triggerType": "nope", "url": "https://example.com"}, "unsupported_webhook_trigger_type"),
                      ({"triggerType": "page_created", "url": "https://example.com", "filter": {"name": "x"}},
                       "incompatible_webhook_filter"),
                      ({"triggerType": "page_created", "url": "ftp://example.com"}, "validation_error"),
                      ({"triggerType": "page_created", "url": "https://example.com", "lastTriggered": "soon"},
                       "validation_error"),
                      ({"id": "nope", "triggerType": "page_created", "url": "https://example.com"},
                       "validation_error")):
        r = _seed(world, [bad])
        assert r.status_code == 400, r.text
        assert r.json()["code"] == code, r.text
    assert counts(database_url) == before


def test_a_seeded_webhook_signs_with_the_seeds_secret(world: World) -> None:
    """A form submission to a seeded form_submission webhook pointing at the built-in receiver."""
    sink = f"{world.base}/_admin/sinks/seeded-secret"
    admin = world.admin()
    site_id = _site_id(_seed(world, [{"triggerType": "form_submission", "url": sink, "secretKey": SECRET}]))
    form = admin.post(f"/sites/{site_id}/forms", json={"displayName": "Contact", "page": "contact",
                                                       "fields": [{"displayName": "Email"}]})
    assert form.status_code == 201, form.text
    sent = admin.post(f"/sites/{site_id}/forms/{form.json()['id']}/submissions", json={"data": {"Email": "a@b.c"}})
    assert sent.status_code == 201, sent.text
    deadline = time.monotonic() + 30
    while not (got := admin.get("/sinks/seeded-secret").json()["requests"]):
        assert time.monotonic() < deadline, "no delivery"
        time.sleep(0.1)
    h = got[0]["headers"]
    expected = hmac.new(SECRET.encode(), f"{h['x-webflow-timestamp']}:{got[0]['body']}".encode(),
                        hashlib.sha256).hexdigest()
    assert h["x-webflow-signature"] == expected


def test_export_gives_back_the_seeded_webhooks(world: World, database_url: str) -> None:
    site_id = _site_id(_seed(world, [*HOOKS, {"triggerType": "comment_created", "url": "https://example.com/c"}]))
    site = in_process(database_url, lambda ctx: export_world(ctx, site_id))["workspaces"][0]["sites"][0]
    assert site["webhooks"][:2] == HOOKS  # no secretKey: the API never shows it again
    assert set(site["webhooks"][2]) == {"id", "triggerType", "url"}


def test_export_without_the_scope_exports_no_webhooks() -> None:
    from webflow_local.kit.reading import ReadRefused

    class Refusing:
        def get(self, path: str, **query: str) -> Any:
            raise ReadRefused(403, "missing_scopes", "needs sites:read")

        def download(self, url: str) -> bytes:
            raise AssertionError(url)

    assert export_webhooks(Refusing(), {"id": "1" * 24}) == []
