"""`/` and `/_admin` say what this server is; Webflow's OpenAPI files are served at /openapi/{v2,beta}.yml."""

from __future__ import annotations

import httpx
import yaml

from tests.support import spec_check
from tests.support.server import RunningServer


def test_the_root_and_the_control_plane_have_an_index(server: RunningServer) -> None:
    for path in ("/", "/_admin"):
        r = httpx.get(server.url + path)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["name"] == "webflow-local"
        assert body["apis"] == {"v2": f"{server.url}/v2", "beta": f"{server.url}/beta"}
        assert body["openapi"]["v2"] == f"{server.url}/openapi/v2.yml"
        page = httpx.get(server.url + path, headers={"Accept": "text/html"})
        assert page.headers["content-type"].startswith("text/html")
        assert f'<a href="{server.url}/v2">' in page.text


def test_the_openapi_files_are_served(server: RunningServer) -> None:
    for prefix, title in (("v2", "Data API"), ("beta", "Data API (beta)")):
        r = httpx.get(f"{server.url}/openapi/{prefix}.yml")
        if not spec_check.available():
            assert r.status_code == 404 and "WEBFLOW_LOCAL_SPEC_DIR" in r.json()["message"]
            continue
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/yaml")
        doc = yaml.load(r.content, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        assert doc["info"]["title"] == title and doc == spec_check.document(prefix)
    r = httpx.get(f"{server.url}/openapi/v1.yml")
    assert r.status_code == 404 and r.json()["code"] == "resource_not_found"
