"""What a browser or curl finds at `/` and `/_admin` (what this server is, its base URLs, where the docs are),
and Webflow's OpenAPI files for /v2 and /beta at /openapi/v2.yml and /openapi/beta.yml, read from the
directory WEBFLOW_LOCAL_SPEC_DIR names (they are Webflow's, not part of this project)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import FileResponse, HTMLResponse, Response

from webflow_local.config import Settings
from webflow_local.errors import NotFound
from webflow_local.kit.wire import json_response

router = APIRouter(include_in_schema=False)
# The guides live in the source tree (README.md, docs/*.md); the control plane documents itself.
DOCS = "README.md and docs/ in the webflow-local source tree"
SPEC_FILES = {"v2": "webflow-v2.yml", "beta": "webflow-v2-beta.yml"}


def spec_dir(settings: Settings) -> Path:
    """WEBFLOW_LOCAL_SPEC_DIR, else ../shared/spec beside the clone this package runs from."""
    if settings.spec_dir:
        return Path(settings.spec_dir)
    return Path(__file__).resolve().parents[3] / "shared" / "spec"


def _index(request: Request, *, admin: bool) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/")
    out: dict[str, Any] = {
        "name": "webflow-local",
        "about": "A local, stateful server for the Webflow Data API v2 (not Webflow).",
        "apis": {"v2": f"{base}/v2", "beta": f"{base}/beta"},
        "openapi": {p: f"{base}/openapi/{p}.yml" for p in SPEC_FILES},
        "controlPlane": f"{base}/_admin",
        "controlPlaneOpenapi": f"{base}/_admin/openapi.json",
        "controlPlaneDocs": f"{base}/_admin/docs",
        "health": f"{base}/_health",
        "docs": DOCS,
    }
    if admin:
        out["about"] = "The control plane of webflow-local: workspaces, sites, locales, tokens, seeds, the clock."
    return out


def _answer(request: Request, data: dict[str, Any]) -> Response:
    if "text/html" not in request.headers.get("accept", ""):
        return json_response(data, 200)

    def cell(v: Any) -> str:
        if isinstance(v, dict):
            return "<br>".join(f"{html.escape(k)}: {cell(x)}" for k, x in v.items())
        text = html.escape(str(v))
        return f'<a href="{text}">{text}</a>' if str(v).startswith("http") else text

    rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{cell(v)}</td></tr>" for k, v in data.items())
    return HTMLResponse(f"<!doctype html><title>webflow-local</title><h1>webflow-local</h1><table>{rows}</table>")


@router.get("/")
def root(request: Request) -> Response:
    return _answer(request, _index(request, admin=False))


@router.get("/_admin")
def admin_root(request: Request) -> Response:
    return _answer(request, _index(request, admin=True))


@router.get("/openapi/{name}.yml")
def openapi(name: str, request: Request) -> Response:
    file = SPEC_FILES.get(name)
    settings: Settings = request.app.state.runtime.settings
    path = spec_dir(settings) / file if file else None
    if path is None or not path.is_file():
        raise NotFound(f"No OpenAPI file for {name!r}: set WEBFLOW_LOCAL_SPEC_DIR to the directory holding "
                       f"Webflow's {', '.join(SPEC_FILES.values())}")
    return FileResponse(path, media_type="application/yaml")
