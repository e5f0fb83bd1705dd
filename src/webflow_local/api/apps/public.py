"""The OAuth 2.0 authorization-code flow at Webflow's own paths (Family.public: no token, no guard).

    GET  /oauth/authorize?client_id&response_type=code&scope&state&redirect_uri
         -> the consent page (or, with auto_approve=1 or an app registered with autoApprove, straight to
            redirect_uri?code=...&state=...)
    POST /oauth/authorize/decision          the consent page's form (approve or deny)
    POST /oauth/access_token  (and /oauth/token, the spec's tokenUrl)
    POST /oauth/revoke_authorization

The decision changes state from a browser, so it is protected: the page sets a CSRF token in a SameSite=Strict,
HttpOnly cookie and in its form, and the decision needs both, equal, and equal to the one stored for that page
(one use). A cross-site form post carries no such cookie; a foreign Origin or Sec-Fetch-Site is refused too;
the page may not be framed."""

from __future__ import annotations

import html
import json
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from webflow_local.api.apps import service
from webflow_local.api.apps.service import OAuthError
from webflow_local.context import Ctx
from webflow_local.db.session import transaction
from webflow_local.kit.wire import json_response
from webflow_local.runtime import Runtime, runtime_of

router = APIRouter(tags=["OAuth"], include_in_schema=False)

COOKIE = "wfl_oauth_csrf"
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _error_page(e: OAuthError) -> Response:
    body = f"<!doctype html><title>Authorization error</title><h1>{html.escape(e.error)}</h1>" \
           f"<p>{html.escape(e.description)}</p>"
    return HTMLResponse(body, status_code=e.status, headers=PAGE_HEADERS)


def _in_tx(rt: Runtime, work: Any) -> Any:
    with transaction(rt.engine) as conn:
        return work(Ctx(conn, rt))


def _truthy(value: str | None) -> bool:
    return (value or "").lower() in {"1", "true", "yes"}


# -- authorize ----------------------------------------------------------------------------------------
def _authorize(ctx: Ctx, q: dict[str, str]) -> tuple[str, Any]:
    """("redirect", url) or ("page", (consent id, csrf, app, scopes, targets))."""
    app = service.client_app(ctx, q.get("client_id"), q.get("redirect_uri"))
    redirect_uri = q.get("redirect_uri") or app.redirect_uri
    state = q.get("state")
    try:
        if q.get("response_type") != "code":
            raise OAuthError("unsupported_response_type", "response_type must be code")
        scopes = service.requested_scopes(app, q.get("scope"))
        if _truthy(q.get("auto_approve")) or app.auto_approve:
            target, user_id = service.default_target(ctx, q)
            code = service.issue_code(ctx, app, scopes, q.get("redirect_uri"), target, user_id)
            return "redirect", service.redirect_to(redirect_uri, {"code": code, "state": state})
    except OAuthError as e:
        # Once the client and its redirect URI are known, errors go back to the client, as RFC 6749 says.
        return "redirect", service.redirect_to(redirect_uri, {"error": e.error, "error_description": e.description,
                                                              "state": state})
    consent_id, csrf = service.start_consent(ctx, app, scopes, state, q.get("redirect_uri") or "")
    return "page", (consent_id, csrf, app, scopes, service.grant_targets(ctx))


def _page(consent_id: str, csrf: str, app: Any, scopes: list[str], targets: list[dict[str, Any]]) -> str:
    e = html.escape
    scope_items = "".join(f"<li><code>{e(s)}</code></li>" for s in scopes)
    options, people = [], []
    first = True
    for t in targets:
        ws = t["workspace"]
        checked = " checked" if first else ""
        first = False
        options.append(f'<li><label><input type="radio" name="target" value="workspace:{e(ws.id)}"{checked}> '
                       f'Workspace <b>{e(ws.display_name)}</b> (all its sites)</label><ul>')
        for s in t["sites"]:
            options.append(f'<li><label><input type="radio" name="target" value="site:{e(s.id)}"> '
                           f'Site <b>{e(s.display_name)}</b></label></li>')
        options.append("</ul></li>")
        for u in t["users"]:
            people.append(f'<option value="{e(u.id)}">{e(u.first_name)} {e(u.last_name)} &lt;{e(u.email)}&gt; '
                          f'({e(ws.display_name)})</option>')
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorize {e(app.name)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto}}ul{{list-style:none}}</style>
</head><body>
<h1>Authorize <span id="app-name">{e(app.name)}</span></h1>
<p>{e(app.description)}</p>
<p>The app asks for these scopes:</p><ul id="scopes">{scope_items}</ul>
<form method="post" action="/oauth/authorize/decision">
<input type="hidden" name="consent" value="{e(consent_id)}">
<input type="hidden" name="csrf" value="{e(csrf)}">
<p>Grant access to:</p><ul id="targets">{"".join(options)}</ul>
<p><label>Approve as <select name="user_id"><option value="">(no workspace user)</option>{"".join(people)}
</select></label></p>
<button type="submit" name="decision" value="approve">Authorize app</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form></body></html>"""


@router.get("/oauth/authorize")
async def authorize(request: Request) -> Response:
    q = dict(request.query_params)
    try:
        kind, out = await run_in_threadpool(_in_tx, runtime_of(request), lambda ctx: _authorize(ctx, q))
    except OAuthError as e:
        return _error_page(e)
    if kind == "redirect":
        return RedirectResponse(out, status_code=302, headers=NO_STORE)
    consent_id, csrf, app, scopes, targets = out
    resp = HTMLResponse(_page(consent_id, csrf, app, scopes, targets), headers=PAGE_HEADERS)
    resp.set_cookie(f"{COOKIE}_{consent_id}", csrf, max_age=int(service.CONSENT_TTL.total_seconds()),
                    path="/oauth", httponly=True, samesite="strict")
    return resp


def _same_origin(request: Request) -> bool:
    """A browser says where a form post comes from: only this server's own pages may decide."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in {"same-origin", "none"}:
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True
    host = request.headers.get("host", "")
    return origin in {f"http://{host}", f"https://{host}"}


def _decide(ctx: Ctx, form: dict[str, str], cookies: dict[str, str]) -> str:
    consent_id = form.get("consent", "")
    row = service.take_consent(ctx, consent_id, form.get("csrf", ""), cookies.get(f"{COOKIE}_{consent_id}"))
    app = service.get_app(ctx, row.app_id)
    redirect_uri = row.redirect_uri or app.redirect_uri
    if form.get("decision") != "approve":
        return service.redirect_to(redirect_uri, {"error": "access_denied",
                                                  "error_description": "The user denied the request",
                                                  "state": row.state})
    scopes = [s for s in row.scopes.split(",") if s]
    code = service.issue_code(ctx, app, scopes, row.redirect_uri or None, form.get("target", ""),
                              form.get("user_id") or None)
    return service.redirect_to(redirect_uri, {"code": code, "state": row.state})


@router.post("/oauth/authorize/decision")
async def decide(request: Request) -> Response:
    if not _same_origin(request):
        return _error_page(OAuthError("invalid_request", "Cross-site requests cannot approve an app", 403))
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return _error_page(OAuthError("invalid_request", "The consent form posts application/x-www-form-urlencoded",
                                      415))
    form = dict(parse_qsl((await request.body()).decode("utf-8", "replace"), keep_blank_values=True))
    cookies = dict(request.cookies)
    try:
        url = await run_in_threadpool(_in_tx, runtime_of(request), lambda ctx: _decide(ctx, form, cookies))
    except OAuthError as e:
        return _error_page(e)
    resp = RedirectResponse(url, status_code=302, headers=NO_STORE)
    resp.delete_cookie(f"{COOKIE}_{form.get('consent', '')}", path="/oauth")
    return resp


# -- token endpoints ----------------------------------------------------------------------------------
async def _params(request: Request) -> dict[str, str]:
    """Form or JSON bodies, as Webflow takes both (the SDKs send JSON)."""
    raw = await request.body()
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            data = json.loads(raw or b"{}")
        except ValueError:
            raise OAuthError("invalid_request", "The body is not valid JSON") from None
        if not isinstance(data, dict):
            raise OAuthError("invalid_request", "The body must be a JSON object")
        return {str(k): str(v) for k, v in data.items() if isinstance(v, str | int)}
    out = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
    # Query parameters too: Webflow's own examples post them in the URL.
    return {**dict(request.query_params), **out}


async def _token_endpoint(request: Request, work: Any) -> Response:
    try:
        params = await _params(request)
        out = await run_in_threadpool(_in_tx, runtime_of(request), lambda ctx: work(ctx, params))
    except OAuthError as e:
        return json_response(e.body(), e.status, headers=NO_STORE)
    return json_response(out, 200, headers=NO_STORE)


@router.post("/oauth/access_token")
async def access_token(request: Request) -> Response:
    return await _token_endpoint(request, service.exchange)


@router.post("/oauth/token")
async def token(request: Request) -> Response:
    """The spec's tokenUrl; the docs use /oauth/access_token."""
    return await _token_endpoint(request, service.exchange)


@router.post("/oauth/revoke_authorization")
async def revoke_authorization(request: Request) -> Response:
    return await _token_endpoint(request, service.revoke)
