"""A site's `customCode` seed key: registered scripts keep their ids, locations and hashes (an inline script's
are made when left out), and are applied to the site and to pages (by slug or id) as the site's own scripts,
which every site and workspace token reads; the export gives the key back, an inline script's code
included. A bad entry writes nothing."""

from __future__ import annotations

from typing import Any

import httpx

from tests.custom_code.test_custom_code import HOSTED, SRI384, sri384
from tests.export.cli import in_process
from tests.support.wire import err
from tests.support.world import World
from webflow_local.transfer.world import export_world

TOKEN, WS_TOKEN = "6" * 64, "5" * 64
LOCATION = "https://uploads-ssl.webflow.com/000000000000000000000001/x/alert-0.0.1.js"
CODE = {
    "registeredScripts": [
        {"id": "slider", "displayName": "CMS Slider", "version": "1.0.0", "canCopy": True,
         "hostedLocation": HOSTED["hostedLocation"], "integrityHash": SRI384},
        {"displayName": "Alert", "version": "0.0.1", "sourceCode": "alert(1);", "hostedLocation": LOCATION,
         "integrityHash": SRI384},
        {"displayName": "Alert", "version": "0.0.2", "sourceCode": "alert(2);"},
    ],
    "site": [{"id": "slider", "version": "1.0.0", "location": "header", "attributes": {"defer": "true"}}],
    "pages": [{"page": "about", "scripts": [{"id": "alert", "version": "0.0.2", "location": "footer"}]}],
}


def seed(world: World, code: dict[str, Any]) -> httpx.Response:
    return world.admin().post("/seed", json={"workspaces": [{
        "displayName": "Code", "tokens": [{"value": WS_TOKEN, "scopes": "all"}],
        "sites": [{"displayName": "Code", "tokens": [{"value": TOKEN, "scopes": "all"}],
                   "pages": [{"title": "Home"}, {"title": "About"}], "customCode": code}]}]})


def test_seeded_custom_code_keeps_its_ids_and_exports_back(world: World, database_url: str) -> None:
    r = seed(world, CODE)
    assert r.status_code == 201, r.text
    site_id = r.json()["sites"][0]["id"]
    about = r.json()["pages"][1]["id"]
    c = httpx.Client(base_url=f"{world.base}/v2", headers={"Authorization": f"Bearer {TOKEN}"})
    scripts = c.get(f"/sites/{site_id}/registered_scripts").json()["registeredScripts"]
    assert [(s["id"], s["version"], s["integrityHash"]) for s in scripts] == [
        ("slider", "1.0.0", SRI384), ("alert", "0.0.1", SRI384), ("alert", "0.0.2", sri384("alert(2);"))]
    assert scripts[1]["hostedLocation"] == LOCATION and scripts[0]["canCopy"] is True
    assert scripts[2]["hostedLocation"].startswith(f"https://uploads-ssl.webflow.com/{site_id}/")
    site_code = c.get(f"/sites/{site_id}/custom_code").json()["scripts"]
    assert site_code == [{"id": "slider", "location": "header", "version": "1.0.0", "attributes": {"defer": "true"}}]
    assert [s["id"] for s in c.get(f"/pages/{about}/custom_code").json()["scripts"]] == ["alert"]
    # The site's own scripts: a workspace token reads the same.
    ws = httpx.Client(base_url=f"{world.base}/v2", headers={"Authorization": f"Bearer {WS_TOKEN}"})
    assert ws.get(f"/sites/{site_id}/custom_code/blocks").json() == c.get(
        f"/sites/{site_id}/custom_code/blocks").json()
    c.close()
    ws.close()

    exported = in_process(database_url, lambda ctx: export_world(ctx, site_id))
    code = exported["workspaces"][0]["sites"][0]["customCode"]
    assert [s.get("sourceCode") for s in code["registeredScripts"]] == [None, "alert(1);", "alert(2);"]
    assert code["registeredScripts"][1] == {**CODE["registeredScripts"][1], "id": "alert", "canCopy": False}
    assert code["site"] == CODE["site"]
    assert code["pages"] == [{"page": about, "scripts": CODE["pages"][0]["scripts"]}]


def test_bad_custom_code_seeds_write_nothing(world: World, database_url: str) -> None:
    from tests.test_foundation import row_counts

    before = row_counts(database_url)
    hosted = CODE["registeredScripts"][0]
    for code, status in [
        ({"registeredScripts": [hosted, {**hosted, "hostedLocation": "https://cdn.example.com/other.js"}]}, 409),
        ({"registeredScripts": [{k: v for k, v in hosted.items() if k != "hostedLocation"}]}, 400),
        ({"registeredScripts": [{**hosted, "integrityHash": "md5-x"}]}, 400),
        ({"registeredScripts": [{**hosted, "id": "Not An Id"}]}, 400),
        ({"registeredScripts": [hosted], "site": [{"id": "slider", "version": "9.9.9", "location": "header"}]}, 404),
        ({"registeredScripts": [hosted], "pages": [{"page": "nowhere", "scripts": CODE["site"]}]}, 400),
    ]:
        r = seed(world, code)
        assert r.status_code == status, r.text
    err(seed(world, {"registeredScripts": [{**hosted, "sourceCode": ""}]}), 400, "validation_error")
    assert row_counts(database_url) == before
