"""Issue 10.3: every served operation requires a scope, except the documented scope-free ones."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.world import NO_SCOPES, READ_ONLY, World
from webflow_local.auth import scopes as scope_mod
from webflow_local.spec_ops import OAUTH_SCOPES, OPERATIONS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import spec

# Operations Webflow documents as needing no scope: token introspection ("no scope", webflow-behavior.md §2;
# docs/deviations.md). Every other served operation must require one.
SCOPE_FREE = frozenset({"introspect"})
# Scopes operations declare that the spec's OAuth scope list lacks (webflow-behavior.md §2): tokens and apps
# are granted them all the same.
UNLISTED_SCOPES = frozenset({"app_subscriptions:read", "workspace_activity:read"})


def _served() -> list[tuple[str, str, str, tuple[str, ...]]]:
    from tests.test_foundation import OPS

    return OPS


def test_every_served_operation_requires_a_scope() -> None:
    served = _served()
    listing = "\n".join(f"{m:6} {p:60} {op:32} {','.join(s) or '-'}" for m, p, op, s in served)
    without = [(m, p, op) for m, p, op, s in served if not s and op.split(":")[-1] not in SCOPE_FREE]
    assert not without, f"served operations without a scope:\n{listing}"
    # The allow-list names operations that are served and really scope-free, nothing stale.
    free = {op.split(":")[-1] for _, _, op, s in served if not s}
    assert free == SCOPE_FREE, listing


def test_served_scopes_are_oauth_scopes() -> None:
    """Scopes read from the spec (its security blocks or its prose) are ones a token can be granted."""
    known = {scope_mod.normalise(s) for s in OAUTH_SCOPES} | UNLISTED_SCOPES
    for _m, p, op, scopes in _served():
        for s in scopes:
            assert scope_mod.normalise(s) in known, (p, op, s)


def test_webhook_scopes_come_from_the_description() -> None:
    if spec.spec_dir() is None:
        pytest.skip("../shared/spec is not on this machine")
    want = {"list-webhooks": ("sites:read",), "get-webhook": ("sites:read",), "remove-webhook": ("sites:read",),
            "create-webhook": ("sites:write",)}
    for prefix in spec.PREFIXES:
        ops = {o["operationId"]: o for _, _, o in spec.operations(spec.load(prefix))}
        for op_id, scopes in want.items():
            assert not ops[op_id].get("security"), (prefix, op_id)  # the prose is the only source
            assert tuple(spec.op_scopes(ops[op_id])) == scopes
        found = {v[0]: v[1] for v in OPERATIONS[prefix].values()}
        for op_id, scopes in want.items():
            assert found[op_id] == scopes, (prefix, op_id)


def test_prose_scopes_parser() -> None:
    cases: list[tuple[dict[str, Any], list[str]]] = [
        ({"description": "List\n\nRequired scope | `sites:read`\n"}, ["sites:read"]),
        ({"description": "Get\n\nRequired scope: `sites:read`\n"}, ["sites:read"]),
        ({"description": "x\nRequired scopes: `a:read`, `b: write` and `c:write`"}, ["a:read", "b:write", "c:write"]),
        ({"description": "Information about the authorization token"}, []),
        ({"description": "Required scope | `x:read`", "security": [{"OAuth2": ["y:read"]}]}, ["y:read"]),
        ({}, []),
    ]
    for op, want in cases:
        assert spec.op_scopes(op) == want, op


def _err(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()
    assert list(body) == ["message", "code", "externalReference", "details"] and body["code"] == code, body
    return body


@pytest.mark.parametrize("prefix", ["v2", "beta"])
def test_webhooks_require_site_scopes(world: World, prefix: str) -> None:
    """A token without sites:read cannot see or remove webhooks; one without sites:write cannot create one;
    none of the refused calls changes anything."""
    full = world.http(prefix=prefix)
    site_path = f"/sites/{world.site_id}/webhooks"
    made = full.post(site_path, json={"triggerType": "site_publish", "url": "https://example.com/scopes"})
    assert made.status_code == 201, made.text
    hook_path = f"/webhooks/{made.json()['id']}"
    before = full.get(site_path).json()
    body = {"triggerType": "collection_item_created", "url": "https://example.com/other"}

    none = world.http(NO_SCOPES, prefix=prefix)
    for r, scope in [(none.get(site_path), "sites:read"), (none.get(hook_path), "sites:read"),
                     (none.delete(hook_path), "sites:read"), (none.post(site_path, json=body), "sites:write")]:
        b = _err(r, 403, "missing_scopes")
        assert b["message"] == f"OAuthForbidden: You are missing the following scopes - {scope}"

    # sites:read (and cms:read) reads webhooks but may not create one.
    ro = world.http(READ_ONLY, prefix=prefix)
    assert ro.get(site_path).json() == before
    assert ro.get(hook_path).status_code == 200
    b = _err(ro.post(site_path, json=body), 403, "missing_scopes")
    assert b["message"] == "OAuthForbidden: You are missing the following scopes - sites:write"
    assert full.get(site_path).json() == before
