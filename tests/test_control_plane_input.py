"""Control-plane input the database cannot hold, or that collides with what it holds, is a 4xx in Webflow's
envelope and changes nothing (it once answered 500, on PostgreSQL or on both); the CLI refuses bad input
in one line with exit code 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from tests.support.world import World

ENVELOPE = ["message", "code", "externalReference", "details"]
LONG = "a" * 201  # one past the 200 of display names, slugs and labels
TAG_LONG = "t" * 65  # one past the 64 of locale tags, subdirectories and time zones
TAG_64 = "en-x-" + "-".join(["abcdefgh"] * 6 + ["abcde"])  # a BCP 47 tag of exactly 64 characters


def err(r: httpx.Response, status: int = 400, code: str = "validation_error") -> dict[str, Any]:
    assert r.status_code == status, (r.request.method, r.request.url, r.status_code, r.text)
    body: dict[str, Any] = r.json()
    assert list(body) == ENVELOPE and body["code"] == code, body
    return body


def _state(world: World) -> dict[str, Any]:
    a = world.admin()
    return {p: a.get(p).json() for p in ("/workspaces", "/sites", "/tokens", "/sinks", "/faults")}


def test_values_longer_than_their_columns_are_400(world: World) -> None:
    a = world.admin()
    site = f"/sites/{world.site_id}"
    before = _state(world)
    cases: list[tuple[str, str, dict[str, Any], str]] = [
        ("PUT", "/sinks/bounded", {"failTimes": 4294967296}, "failTimes"),
        ("PUT", "/sinks/bounded", {"failTimes": 2**31}, "failTimes"),
        ("POST", f"{site}/custom_domains", {"url": "d" * 252 + ".test"}, "url"),
        ("POST", f"{site}/locales", {"displayName": LONG, "tag": "es"}, "displayName"),
        ("POST", f"{site}/locales", {"displayName": "Spanish", "tag": TAG_LONG}, "tag"),
        ("POST", f"{site}/locales", {"displayName": "Spanish", "tag": "es", "subdirectory": TAG_LONG}, "subdirectory"),
        ("PATCH", f"{site}/locales/{world.fr}", {"displayName": LONG}, "displayName"),
        ("PATCH", f"{site}/locales/{world.fr}", {"displayName": ""}, "displayName"),
        ("POST", "/workspaces", {"displayName": LONG}, "displayName"),
        ("POST", "/workspaces", {"displayName": "W", "slug": LONG}, "slug"),
        ("POST", "/sites", {"displayName": LONG}, "displayName"),
        ("POST", "/sites", {"displayName": "S", "shortName": LONG}, "shortName"),
        ("POST", "/sites", {"displayName": "S", "timeZone": TAG_LONG}, "timeZone"),
        ("POST", "/sites", {"displayName": "S", "customDomains": ["d" * 256]}, "customDomains"),
        ("POST", "/sites", {"displayName": "S", "locales": {"primary": {"displayName": "E", "tag": TAG_LONG}}},
         "locales"),
        ("POST", "/tokens", {"siteId": world.site_id, "label": LONG}, "label"),
        ("POST", "/faults", {"status": 500, "count": 2**70, "path": "^/never$"}, "count"),
        ("POST", "/seed", {"workspaces": [{"displayName": "W", "sites": [{"displayName": "S", "collections": [
            {"displayName": "C", "singularName": "C", "slug": LONG}]}]}]}, "workspaces"),
        ("POST", "/seed", {"workspaces": [{"displayName": "W", "sites": [{"displayName": "S", "collections": [
            {"displayName": "C", "singularName": "C", "fields": [{"type": "PlainText", "displayName": "F",
                                                                  "slug": LONG}]}]}]}]}, "workspaces"),
        ("POST", "/seed", {"workspaces": [{"displayName": "W", "sites": [{"displayName": "S",
                                                                          "tokens": [{"label": LONG}]}]}]},
         "workspaces"),
    ]
    for method, path, body, param in cases:
        b = err(a.request(method, path, json=body))
        assert b["details"] and b["details"][0]["param"].startswith(param), (method, path, b)
    assert _state(world) == before


def test_values_at_their_columns_size_are_kept(world: World) -> None:
    a = world.admin()
    site = f"/sites/{world.site_id}"
    r = a.put("/sinks/bounded", json={"failTimes": 2**31 - 1})
    assert r.status_code == 200 and r.json()["failTimes"] == 2**31 - 1, r.text
    r = a.post(f"{site}/custom_domains", json={"url": "d" * 250 + ".test"})
    assert r.status_code == 201 and "d" * 250 + ".test" in [d["url"] for d in r.json()["customDomains"]], r.text
    r = a.post(f"{site}/locales", json={"displayName": "N" * 200, "tag": TAG_64, "subdirectory": "s" * 64})
    assert r.status_code == 201, r.text
    made = r.json()["locales"]["secondary"][-1]
    assert (made["displayName"], made["tag"], made["subdirectory"]) == ("N" * 200, TAG_64, "s" * 64)
    r = a.post("/workspaces", json={"displayName": "W" * 200, "slug": "w" * 200})
    assert r.status_code == 201 and r.json()["slug"] == "w" * 200, r.text


def test_collection_and_field_slugs_longer_than_their_column_are_400(world: World) -> None:
    c = world.http()
    path = f"/sites/{world.site_id}/collections"
    before = c.get(path).json()
    err(c.post(path, json={"displayName": "C", "singularName": "C", "slug": "c" * 201}))
    err(c.post(path, json={"displayName": "C", "singularName": "C",
                           "fields": [{"type": "PlainText", "displayName": "F", "slug": "f" * 201}]}))
    assert c.get(path).json() == before
    coll = world.create_collection({"displayName": "C", "singularName": "C", "slug": "c" * 200})
    assert coll["slug"] == "c" * 200
    err(c.post(f"/collections/{coll['id']}/fields", json={"type": "PlainText", "displayName": "F",
                                                          "slug": "f" * 201}))
    assert [f["slug"] for f in c.get(f"/collections/{coll['id']}").json()["fields"]] == ["name", "slug"]


def test_fixed_locale_ids_in_use_are_409(world: World) -> None:
    a = world.admin()
    site = world.site
    primary = site["locales"]["primary"]
    before = _state(world)
    for body in [{"id": primary["id"]}, {"cmsLocaleId": world.fr}, {"id": world.fr},
                 {"cmsLocaleId": primary["id"]}]:
        b = err(a.post(f"/sites/{world.site_id}/locales", json={"displayName": "Spanish", "tag": "es", **body}),
                409, "conflict")
        assert b["details"][0]["param"] == "locales." + next(iter(body)), b
    # A new site, made or seeded, may not take them either, nor give one id to two of its locales.
    fresh = "1" * 24
    taken = {"primary": {"displayName": "E", "tag": "en", "cmsLocaleId": world.de}}
    twice = {"primary": {"displayName": "E", "tag": "en", "id": fresh},
             "secondary": [{"displayName": "F", "tag": "fr", "cmsLocaleId": fresh}]}
    for locales, status, code in [(taken, 409, "conflict"), (twice, 400, "validation_error")]:
        err(a.post("/sites", json={"displayName": "S", "locales": locales}), status, code)
        seed = {"workspaces": [{"displayName": "W", "sites": [{"displayName": "S", "locales": locales}]}]}
        err(a.post("/seed", json=seed), status, code)
    # Two equal custom domains in one site.
    err(a.post("/sites", json={"displayName": "S", "customDomains": ["a.test", "a.test"]}))
    assert _state(world) == before
    # Fresh fixed ids are still taken as given.
    r = a.post(f"/sites/{world.site_id}/locales", json={"displayName": "Spanish", "tag": "es", "id": fresh,
                                                         "cmsLocaleId": "2" * 24})
    assert r.status_code == 201, r.text
    es = r.json()["locales"]["secondary"][-1]
    assert (es["id"], es["cmsLocaleId"]) == (fresh, "2" * 24)


def test_setting_a_seed_again_never_reuses_ids(world: World) -> None:
    a = world.admin()

    def workspace(name: str) -> str:
        r = a.post("/workspaces", json={"displayName": name})
        assert r.status_code == 201, r.text
        return str(r.json()["id"])

    assert a.put("/ids", json={"seed": "x"}).json() == {"seed": "x"}
    made = [workspace("A")]
    a.put("/ids", json={"seed": "x"})
    made.append(workspace("B"))
    a.put("/ids", json={"seed": "y"})
    made.append(workspace("C"))
    a.put("/ids", json={"seed": None})
    made.append(workspace("D"))
    a.put("/ids", json={"seed": "x"})
    made.append(workspace("E"))
    a.put("/ids", json={"seed": "y"})
    made.append(workspace("F"))
    assert len(set(made)) == len(made), made
    # A reset starts every seed over: the same seed repeats the run id for id.
    a.post("/reset", json={})
    a.put("/ids", json={"seed": "x"})
    assert [workspace("A"), workspace("B"), workspace("E")] == [made[0], made[1], made[4]]
    a.put("/ids", json={"seed": "y"})
    assert [workspace("C"), workspace("F")] == [made[2], made[5]]


def test_delivery_ids_beyond_their_column_are_404(world: World) -> None:
    a = world.admin()
    for ref in ["0", "-1", str(2**31), "9999999999", "99999999999999999999"]:
        err(a.get(f"/deliveries/{ref}"), 404, "resource_not_found")
        err(a.post(f"/deliveries/{ref}/resend", json={}), 404, "resource_not_found")


def test_sinks_do_not_store_the_delivery_proof(world: World) -> None:
    a = world.admin()
    r = a.post("/sinks/proof", json={"hello": 1}, headers={"x-webflow-local-delivery": "1",
                                                            "x-webflow-local-delivery-proof": "ab" * 32,
                                                            "x-admin-token": "nope", "x-kept": "yes"})
    assert r.status_code == 200, r.text
    [req] = a.get("/sinks/proof").json()["requests"]
    assert req["json"] == {"hello": 1}
    assert req["headers"]["x-kept"] == "yes" and req["headers"]["x-webflow-local-delivery"] == "1"
    assert not {"x-webflow-local-delivery-proof", "x-admin-token", "authorization"} & set(req["headers"])


# -- the CLI ---------------------------------------------------------------------------------------------
def _cli(database_url: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "webflow_local", *args, "--database-url", database_url],
                          capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})


def _refused(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == "", proc.stdout
    for w in words:
        assert w in lines[0], (w, lines[0])


def test_cli_refuses_bad_input_in_one_line(database_url: str, world: World, tmp_path: Path) -> None:
    a = world.admin()
    assert a.post("/clock", json={"at": "2030-01-01T00:00:00Z", "freeze": True}).status_code == 200
    before = {**_state(world), "clock": a.get("/clock").json()}
    _refused(_cli(database_url, "clock", "--advance", "1e12"), "--advance")
    _refused(_cli(database_url, "clock", "--advance", "nan"), "--advance")
    _refused(_cli(database_url, "clock", "--at", "3000-01-01T00:00:00Z"), "--at", "2106")
    _refused(_cli(database_url, "clock", "--at", "yesterday"), "--at")
    _refused(_cli(database_url, "locales", world.site_id, "--add", "t" * 65 + "=Long"), "--add")
    _refused(_cli(database_url, "locales", world.site_id, "--add", "es=Spanish", "--subdirectory", "s" * 65),
             "--subdirectory")
    _refused(_cli(database_url, "tokens", "--create", "--site", world.site_id, "--value", "short"), "--value")
    _refused(_cli(database_url, "workspaces", "--create", LONG), "--create")
    _refused(_cli(database_url, "sites", "--create", "S", "--locale", "t" * 65 + "=Long"), "--locale")
    bad_model = tmp_path / "bad.json"
    bad_model.write_text(json.dumps({"workspaces": [{"displayName": ""}]}))
    _refused(_cli(database_url, "seed", str(bad_model)), "workspaces.0.displayName")
    not_yaml = tmp_path / "bad.yaml"
    not_yaml.write_text("a: [\n")
    _refused(_cli(database_url, "seed", str(not_yaml)), "bad.yaml")
    # A service refusing what it was given (a WebflowError) is one line too.
    _refused(_cli(database_url, "locales", world.site_id, "--add", "fr-FR=Again"), "Conflict")
    # Settings from the environment are checked before anything is touched: no reset happens here.
    _refused(_cli(database_url, "reset", env={"WEBFLOW_LOCAL_POOL_SIZE": "many"}), "WEBFLOW_LOCAL_POOL_SIZE")
    assert {**_state(world), "clock": a.get("/clock").json()} == before
