"""A known world for each test: reset, then a localized site, a second site, and tokens."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import httpx
from webflow import Webflow
from webflow.environment import WebflowEnvironment

from tests.support import spec_check

FULL = "a" * 64
NO_SCOPES = "b" * 64
OTHER_SITE = "c" * 64
READ_ONLY = "d" * 64
WORKSPACE = "e" * 64


class SpecViolation(AssertionError):
    pass


# Which spec operations each client drove in this test session: kind -> {"prefix METHOD template 2xx"}.
# tests/conftest.py writes them to WEBFLOW_LOCAL_RECORD_DIR at the end of the session when that is set;
# scripts/gen_compat.py turns the committed files into the columns of docs/compatibility.md.
RECORDS: dict[str, set[str]] = {}


def record(kind: str, method: str, url_path: str, status: int) -> None:
    m = re.match(r"^/(v2|beta)(/.*)$", url_path)
    if not m or not spec_check.available():
        return
    template = spec_check.match(m.group(1), method, m.group(2))
    if template is not None:
        RECORDS.setdefault(kind, set()).add(f"{m.group(1)} {method.upper()} {template} {str(status)[0]}xx")


@dataclass
class World:
    base: str
    site_id: str
    other_site_id: str
    workspace_id: str
    locales: dict[str, str]  # tag -> cmsLocaleId
    site: dict[str, Any]
    collections: dict[str, dict[str, Any]] = field(default_factory=dict)
    checked: list[str] = field(default_factory=list)
    _clients: list[httpx.Client] = field(default_factory=list)

    @property
    def en(self) -> str:
        return self.locales["en"]

    @property
    def fr(self) -> str:
        return self.locales["fr-FR"]

    @property
    def de(self) -> str:
        return self.locales["de-DE"]

    def http(self, token: str | None = FULL, prefix: str = "v2", validate: bool = True) -> httpx.Client:
        """Raw httpx for wire details; every response is checked against the spec."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        hooks = {"response": [self._validate]} if validate else {}
        c = httpx.Client(base_url=f"{self.base}/{prefix}", headers=headers, event_hooks=hooks, timeout=60)
        self._clients.append(c)
        return c

    def admin(self) -> httpx.Client:
        c = httpx.Client(base_url=f"{self.base}/_admin", timeout=60)
        self._clients.append(c)
        return c

    def sdk(self, token: str = FULL) -> Webflow:
        """The official Python SDK, pointed here by its environment; responses spec-checked too."""
        env = WebflowEnvironment(base=f"{self.base}/v2", data_api=f"{self.base}/v2",
                                 content_delivery_api=f"{self.base}/v2")
        client = httpx.Client(event_hooks={"response": [self._validate, _record_sdk]}, timeout=60)
        self._clients.append(client)
        return Webflow(access_token=token, environment=env, httpx_client=client)

    def _validate(self, response: httpx.Response) -> None:
        response.read()
        body = None
        if response.content:
            try:
                body = json.loads(response.content)
            except ValueError:
                raise SpecViolation(f"non-JSON body from {response.request.url}: {response.content[:200]!r}") from None
        if not spec_check.available():
            return
        problems = spec_check.check(response.request.method, response.request.url.path, response.status_code, body)
        self.checked.append(f"{response.request.method} {response.request.url.path} {response.status_code}")
        if problems:
            raise SpecViolation("\n".join(problems))

    def close(self) -> None:
        for c in self._clients:
            c.close()

    def create_collection(self, body: dict[str, Any]) -> dict[str, Any]:
        r = self.http().post(f"/sites/{self.site_id}/collections", json=body)
        assert r.status_code == 200, r.text
        return r.json()  # type: ignore[no-any-return]


def _record_sdk(response: httpx.Response) -> None:
    record("python_sdk", response.request.method, response.request.url.path, response.status_code)


def build(base: str) -> World:
    admin = httpx.Client(base_url=f"{base}/_admin", timeout=60)
    try:
        r = admin.post("/reset", json={})
        assert r.status_code == 200, r.text
        seed = {
            "workspaces": [{
                "displayName": "Test Workspace", "slug": "test-ws",
                "tokens": [{"value": WORKSPACE, "scopes": "all", "label": "workspace"}],
                "sites": [
                    {
                        "displayName": "Test Site", "shortName": "test-site",
                        "locales": {"primary": {"displayName": "English", "tag": "en"},
                                    "secondary": [{"displayName": "French", "tag": "fr-FR", "subdirectory": "fr"},
                                                  {"displayName": "German", "tag": "de-DE", "subdirectory": "de"}]},
                        "customDomains": ["www.test-site.test"],
                        "tokens": [{"value": FULL, "scopes": "all"}, {"value": NO_SCOPES, "scopes": []},
                                   {"value": READ_ONLY, "scopes": "sites:read,cms:read"}],
                    },
                    {"displayName": "Other Site", "tokens": [{"value": OTHER_SITE, "scopes": "all"}]},
                ],
            }]
        }
        r = admin.post("/seed", json=seed)
        assert r.status_code == 201, r.text
        out = r.json()
    finally:
        admin.close()
    site, other = out["sites"]
    locs = [site["locales"]["primary"], *site["locales"]["secondary"]]
    return World(base=base, site_id=site["id"], other_site_id=other["id"], workspace_id=out["workspaces"][0]["id"],
                 locales={loc["tag"]: loc["cmsLocaleId"] for loc in locs}, site=site)
