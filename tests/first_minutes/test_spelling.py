"""One spelling across the control plane: camelCase keys in requests and answers (`latencyMs`, never
`latency_ms`), and locale tags that are BCP 47 wherever they enter."""

from __future__ import annotations

from typing import Any

from tests.support.world import World
from webflow_local.demo import demo_seed

# Maps whose keys are data, not names of ours: field slugs, form field names, tags, SKU properties.
DATA_MAPS = {"fieldData", "data", "fields", "translations", "locales", "sku-values", "formResponse", "metadata"}


def snake_keys(node: Any, where: str = "") -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for k, v in node.items():
            if "_" in k.strip("_"):
                found.append(f"{where}.{k}")
            if k not in DATA_MAPS:
                found += snake_keys(v, f"{where}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += snake_keys(v, f"{where}[{i}]")
    return found


def test_faults_answer_latency_ms_as_they_take_it(world: World) -> None:
    a = world.admin()
    made = a.post("/faults", json={"latencyMs": 5, "count": 1, "path": "^/nothing$"})
    assert made.status_code in (200, 201), made.text
    assert made.json()["latencyMs"] == 5 and "latency_ms" not in made.json()
    listed = a.get("/faults").json()["faults"]
    assert [f["latencyMs"] for f in listed] == [5]
    a.request("DELETE", "/faults", json={})


def test_control_plane_answers_are_camel_case(world: World) -> None:
    a = world.admin()
    seeded = a.post("/seed", json=demo_seed())
    assert seeded.status_code == 201, seeded.text
    site = seeded.json()["sites"][0]["id"]
    a.post("/faults", json={"status": 503, "count": 1, "path": "^/nothing$"})
    answers = {"seed": seeded.json()}
    for path in ("/workspaces", "/sites", f"/sites/{site}", "/tokens", "/clock", "/users", "/faults",
                 f"/sites/{site}/config", f"/sites/{site}/ecommerce", "/apps"):
        r = a.get(path)
        assert r.status_code == 200, (path, r.text)
        answers[path] = r.json()
    assert snake_keys(answers) == []
    a.request("DELETE", "/faults", json={})


def test_locale_tags_are_bcp47_everywhere_they_enter(world: World) -> None:
    a = world.admin()
    for tag in ("xx", "english", "en_US", "fr-", "x-klingon", "e1"):
        r = a.post(f"/sites/{world.site_id}/locales", json={"displayName": "X", "tag": tag})
        assert r.status_code == 400 and r.json()["details"][0]["param"] == "tag", (tag, r.text)
        r = a.post("/sites", json={"displayName": "S", "workspaceId": world.workspace_id,
                                   "locales": {"primary": {"displayName": "X", "tag": tag}}})
        assert r.status_code == 400, (tag, r.text)
        bad_seed = {"workspaces": [{"displayName": "W", "sites": [
            {"displayName": "S", "locales": {"primary": {"displayName": "E", "tag": "en"},
                                             "secondary": [{"displayName": "X", "tag": tag}]}}]}]}
        assert a.post("/seed", json=bad_seed).status_code == 400
    sites_before = len(a.get("/sites").json()["sites"])
    for tag in ("es", "pt-BR", "zh-Hant-TW", "es-419", "fil-PH", "de-CH-1996"):
        r = a.post(f"/sites/{world.site_id}/locales", json={"displayName": tag, "tag": tag})
        assert r.status_code == 201, (tag, r.text)
    assert len(a.get("/sites").json()["sites"]) == sites_before


def test_the_cli_refuses_a_locale_tag_that_is_not_bcp47(world: World, database_url: str) -> None:
    from tests.first_minutes.test_cli import cli, refused

    refused(cli("locales", world.site_id, "--add", "xx=Nowhere", "--database-url", database_url), "--add", "'xx'")
    refused(cli("sites", "--create", "S", "--locale", "english=English", "--database-url", database_url),
            "--locale", "BCP 47")
    assert [loc["tag"] for loc in world.admin().get(f"/sites/{world.site_id}").json()["locales"]["secondary"]] == [
        "fr-FR", "de-DE"]
