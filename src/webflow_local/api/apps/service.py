"""Apps: OAuth apps and their subscriptions (control plane), the authorization-code flow (oauth.py serves
its pages), app tokens, ID tokens and their resolution.

An app token is an ordinary token row with `app_id` set, granted to one site or to a whole workspace and
acting for the user who approved it: every operation treats it like a site or workspace token of those
scopes; introspection shows its application, /app_subscriptions its app's subscriptions."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from sqlalchemy import Row

from webflow_local.api.apps.repository import AppRepository
from webflow_local.api.apps.schemas import (
    AppIn,
    IdTokenIn,
    ResolveIn,
    SubscriptionIn,
    app_admin_wire,
    application_wire,
    subscription_wire,
)
from webflow_local.auth import scopes as scope_mod
from webflow_local.auth import service as auth
from webflow_local.auth import users
from webflow_local.auth.repository import TokenRepository
from webflow_local.context import Ctx
from webflow_local.errors import Conflict, NotAuthorized, NotFound, ValidationFailed
from webflow_local.kit.ids import is_object_id, token_value
from webflow_local.kit.timefmt import parse_iso

CODE_TTL = timedelta(minutes=15)  # Webflow's authorization codes last 15 minutes
CONSENT_TTL = timedelta(minutes=30)


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _repo(ctx: Ctx) -> AppRepository:
    return AppRepository(ctx.conn)


# -- control plane ------------------------------------------------------------------------------------
def create_app(ctx: Ctx, body: AppIn) -> dict[str, Any]:
    try:
        scopes = scope_mod.parse(body.scopes)
    except ValueError as e:
        raise ValidationFailed.param("scopes", str(e)) from None
    if body.id is not None and not is_object_id(body.id):
        raise ValidationFailed.param("id", "must be 24 lowercase hex digits")
    repo = _repo(ctx)
    client_id = body.client_id or secrets.token_hex(32)
    if repo.app_by_client(client_id) is not None or (body.id and repo.app(body.id) is not None):
        raise Conflict("Conflict: Resource already exists")
    app_id = body.id or ctx.new_id()
    repo.insert_app({"id": app_id, "client_id": client_id, "client_secret": body.client_secret or token_value(),
                     "name": body.name, "description": body.description or body.name, "homepage": body.homepage,
                     "scopes": ",".join(scopes), "redirect_uri": body.redirect_uri, "auto_approve": body.auto_approve,
                     "created_on": ctx.now()})
    return app_admin_wire(get_app(ctx, app_id), secret=True)


def get_app(ctx: Ctx, app_id: str) -> Row[Any]:
    row = _repo(ctx).app(app_id)
    if row is None:
        raise NotFound.of("The app cannot be found")
    return row


def list_apps(ctx: Ctx) -> dict[str, Any]:
    return {"apps": [app_admin_wire(r) for r in _repo(ctx).all_apps()]}


def _instant(value: str, param: str) -> Any:
    try:
        return parse_iso(value)
    except ValueError:
        raise ValidationFailed.param(param, f"{param} must be an ISO-8601 date-time") from None


def add_subscription(ctx: Ctx, app_id: str, body: SubscriptionIn) -> dict[str, Any]:
    app = get_app(ctx, app_id)
    repo = _repo(ctx)
    ws = repo.workspace(body.workspace_id)
    if ws is None:
        raise NotFound.of("The workspace cannot be found")
    grant_type, grant_id = "Workspace", ws.id
    if body.site_id is not None:
        site = repo.site(body.site_id)
        if site is None or site.workspace_id != ws.id:
            raise ValidationFailed.param("siteId", "no such site in the workspace")
        grant_type, grant_id = "Site", site.id
    starts, ends = _instant(body.starts_at, "startsAt"), _instant(body.ends_at, "endsAt")
    if ends < starts:
        raise ValidationFailed.param("endsAt", "endsAt must not be before startsAt")
    sub_id = ctx.new_id()
    repo.insert_subscription({
        "id": sub_id, "app_id": app.id, "workspace_id": ws.id, "grant_type": grant_type, "grant_id": grant_id,
        "price_value": body.price.value, "price_unit": body.price.unit, "price_interval": body.price.interval,
        "status": body.status, "starts_at": starts, "ends_at": ends, "created_on": ctx.now()})
    row = next(r for r in repo.subscriptions(app.id, ws.id) if r.id == sub_id)
    return {"id": sub_id, "workspaceId": ws.id, **subscription_wire(row)}


def mint_id_token(ctx: Ctx, body: IdTokenIn) -> dict[str, Any]:
    """An ID token of a user on a site, as the Designer API gives a Designer Extension."""
    user = users.find(ctx, body.user_id)
    if user is None:
        raise ValidationFailed.param("userId", "no such user")
    site = _repo(ctx).site(body.site_id)
    if site is None:
        raise ValidationFailed.param("siteId", "no such site")
    if site.workspace_id != user.workspace_id:
        raise ValidationFailed.param("siteId", "the site is not in the user's workspace")
    value = token_value()
    now = ctx.now()
    expires = now + timedelta(seconds=body.ttl_seconds)
    _repo(ctx).insert_id_token({"token_hash": _hash(value), "user_id": user.id, "site_id": site.id,
                                "created_on": now, "expires_on": expires})
    return {"idToken": value, "userId": user.id, "siteId": site.id, "expiresOn": expires.isoformat()}


# -- API ----------------------------------------------------------------------------------------------
def app_subscriptions(ctx: Ctx) -> dict[str, Any]:
    """The calling app's subscriptions in the token's workspace; a token of no app has none."""
    p = ctx.principal
    if p.app_id is None:
        return {"appSubscriptions": []}
    rows = _repo(ctx).subscriptions(p.app_id, p.workspace_id)
    if p.kind == "site":
        rows = [r for r in rows if r.grant_type == "Workspace" or r.grant_id == p.site_id]
    return {"appSubscriptions": [subscription_wire(r) for r in rows]}


def resolve(ctx: Ctx, body: ResolveIn) -> dict[str, Any]:
    """An ID token -> its user and site. Unknown, expired, or for a site the caller may not use: 401."""
    row = _repo(ctx).id_token(_hash(body.id_token))
    if row is None or row.expires_on <= ctx.now():
        raise NotAuthorized()
    site = _repo(ctx).site(row.site_id)
    user = users.find(ctx, row.user_id)
    if site is None or user is None or not ctx.principal.can_see_site(site.id, site.workspace_id):
        raise NotAuthorized()
    return {**users.user_wire(user), "siteId": site.id}


def application(ctx: Ctx, app_id: str) -> dict[str, Any] | None:
    """The "application" hook: an app as token introspection shows it."""
    row = _repo(ctx).app(app_id)
    return application_wire(row) if row is not None else None


# -- the OAuth flow -----------------------------------------------------------------------------------
class OAuthError(Exception):
    """An OAuth 2.0 error (RFC 6749 section 5.2): `{"error", "error_description"}`."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error, self.description, self.status = error, description, status

    def body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.description}


def requested_scopes(app: Row[Any], raw: str | None) -> list[str]:
    """The scope parameter (space- or comma-separated); omitted: every scope the app registered. A scope
    the app did not register is refused (invalid_scope)."""
    allowed = [s for s in app.scopes.split(",") if s]
    if not raw or not raw.strip():
        return allowed
    try:
        wanted = scope_mod.parse(raw.replace(",", " ").split())
    except ValueError as e:
        raise OAuthError("invalid_scope", str(e)) from None
    extra = [s for s in wanted if s not in allowed]
    if extra:
        raise OAuthError("invalid_scope", f"the app is not registered for {', '.join(extra)}")
    return wanted


def client_app(ctx: Ctx, client_id: str | None, redirect_uri: str | None) -> Row[Any]:
    """The app of an authorize request; its redirect URI must be the registered one. Errors here are never
    redirected (the redirect target is not trusted yet)."""
    app = _repo(ctx).app_by_client(client_id or "")
    if app is None:
        raise OAuthError("invalid_client", "Unknown client_id")
    if redirect_uri and redirect_uri != app.redirect_uri:
        raise OAuthError("invalid_request", "redirect_uri does not match the app's registered redirect URI")
    return app


def redirect_to(uri: str, params: dict[str, str | None]) -> str:
    parts = urlsplit(uri)
    extra = urlencode({k: v for k, v in params.items() if v is not None})
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def start_consent(ctx: Ctx, app: Row[Any], scopes: list[str], state: str | None,
                  redirect_uri: str) -> tuple[str, str]:
    """A consent page about to be shown: its id and CSRF token."""
    consent_id, csrf = ctx.new_id(), secrets.token_urlsafe(32)
    _repo(ctx).insert_consent({"id": consent_id, "app_id": app.id, "csrf_hash": _hash(csrf),
                               "scopes": ",".join(scopes), "state": state, "redirect_uri": redirect_uri,
                               "expires_on": ctx.now() + CONSENT_TTL, "used_on": None})
    return consent_id, csrf


def take_consent(ctx: Ctx, consent_id: str, csrf_form: str, csrf_cookie: str | None) -> Row[Any]:
    """The consent a submitted form answers, used up. The form's CSRF token must match both the cookie
    set with the page (same browser) and the one stored for the page (same page)."""
    row = _repo(ctx).consent(consent_id) if is_object_id(consent_id) else None
    if row is None or not csrf_cookie or not hmac.compare_digest(csrf_form, csrf_cookie) \
            or not hmac.compare_digest(_hash(csrf_form), row.csrf_hash):
        raise OAuthError("invalid_request", "The consent form is not valid (CSRF check failed)", 403)
    if row.expires_on <= ctx.now() or not _repo(ctx).use_consent(row.id, ctx.now()):
        raise OAuthError("invalid_request", "The consent form has expired or was already used", 403)
    return row


def grant_targets(ctx: Ctx) -> list[dict[str, Any]]:
    """What a consent page offers: each workspace (all its sites) and each site, with the workspace's users."""
    repo = _repo(ctx)
    sites_by_ws: dict[str, list[Row[Any]]] = {}
    for s in repo.sites():
        sites_by_ws.setdefault(s.workspace_id, []).append(s)
    return [{"workspace": ws, "sites": sites_by_ws.get(ws.id, []), "users": users.of_workspace(ctx, ws.id)}
            for ws in repo.workspaces()]


def issue_code(ctx: Ctx, app: Row[Any], scopes: list[str], redirect_uri: str | None, target: str,
               user_id: str | None) -> str:
    """An authorization code for `target` ("workspace:<id>" or "site:<id>") approved by `user_id`."""
    kind, _, ref = target.partition(":")
    repo = _repo(ctx)
    if kind == "site":
        site = repo.site(ref)
        if site is None:
            raise OAuthError("invalid_request", "Unknown site")
        workspace_id, site_id = site.workspace_id, site.id
    elif kind == "workspace":
        ws = repo.workspace(ref)
        if ws is None:
            raise OAuthError("invalid_request", "Unknown workspace")
        workspace_id, site_id = ws.id, None
    else:
        raise OAuthError("invalid_request", "Choose a workspace or a site to authorize")
    if user_id:
        user = users.find(ctx, user_id)
        if user is None or user.workspace_id != workspace_id:
            raise OAuthError("invalid_request", "The approving user is not a member of that workspace")
    code = token_value()
    now = ctx.now()
    repo.insert_code({"code_hash": _hash(code), "app_id": app.id, "workspace_id": workspace_id, "site_id": site_id,
                      "user_id": user_id or None, "scopes": ",".join(scopes), "redirect_uri": redirect_uri,
                      "created_on": now, "expires_on": now + CODE_TTL, "used_on": None})
    return code


def default_target(ctx: Ctx, q: dict[str, str]) -> tuple[str, str | None]:
    """What an auto-approved authorization grants: `site_id` or `workspace_id` from the query, else the
    first workspace; approved by `user_id`, else that workspace's first user (or none)."""
    if q.get("site_id"):
        target = f"site:{q['site_id']}"
        site = _repo(ctx).site(q["site_id"])
        ws_id = site.workspace_id if site is not None else None
    else:
        ws_id = q.get("workspace_id") or next((w.id for w in _repo(ctx).workspaces()), None)
        if ws_id is None:
            raise OAuthError("invalid_request", "There is no workspace to authorize")
        target = f"workspace:{ws_id}"
    user_id = q.get("user_id")
    if not user_id and ws_id is not None:
        first = users.of_workspace(ctx, ws_id)
        user_id = first[0].id if first else None
    return target, user_id


def _client(ctx: Ctx, client_id: str, client_secret: str) -> Row[Any]:
    app = _repo(ctx).app_by_client(client_id)
    if app is None or not hmac.compare_digest(client_secret.encode(), app.client_secret.encode()):
        raise OAuthError("invalid_client", "Client authentication failed", 401)
    return app


def exchange(ctx: Ctx, form: dict[str, str]) -> dict[str, Any]:
    """POST /oauth/access_token: a code for an app token (once)."""
    if form.get("grant_type", "authorization_code") != "authorization_code":
        raise OAuthError("unsupported_grant_type", "Only the authorization_code grant is supported")
    missing = [k for k in ("client_id", "client_secret", "code") if not form.get(k)]
    if missing:
        raise OAuthError("invalid_request", f"Missing {', '.join(missing)}")
    app = _client(ctx, form["client_id"], form["client_secret"])
    repo = _repo(ctx)
    code_hash = _hash(form["code"])
    row = repo.code(code_hash)
    now = ctx.now()
    if row is None or row.app_id != app.id:
        raise OAuthError("invalid_grant", "Invalid authorization code")
    if row.used_on is not None or not repo.use_code(code_hash, now):
        raise OAuthError("invalid_grant", "The authorization code has already been used")
    if row.expires_on <= now:
        raise OAuthError("invalid_grant", "The authorization code has expired")
    if row.redirect_uri and form.get("redirect_uri", row.redirect_uri) != row.redirect_uri:
        raise OAuthError("invalid_grant", "redirect_uri does not match the authorization request")
    user = users.find(ctx, row.user_id) if row.user_id else None
    scopes = [s for s in row.scopes.split(",") if s]
    value, token = auth.issue(ctx, kind="site" if row.site_id else "workspace", workspace_id=row.workspace_id,
                              site_id=row.site_id, scopes=scopes, label=f"app: {app.name}",
                              user=users.user_wire(user) if user else None, user_id=user.id if user else None,
                              app_id=app.id)
    actor = {"id": user.id, "email": user.email} if user else None
    for record in ctx.hooks("audit"):
        record(ctx, row.workspace_id, "user_access", "login",
               {"method": "api", "tokenId": token["id"], "siteId": row.site_id, "appId": app.id}, actor)
    return {"access_token": value, "token_type": "bearer", "scope": " ".join(scopes)}


def revoke(ctx: Ctx, form: dict[str, str]) -> dict[str, Any]:
    """POST /oauth/revoke_authorization: revokes one of the app's tokens."""
    missing = [k for k in ("client_id", "client_secret", "access_token") if not form.get(k)]
    if missing:
        raise OAuthError("invalid_request", f"Missing {', '.join(missing)}")
    app = _client(ctx, form["client_id"], form["client_secret"])
    row = _repo(ctx).app_token(auth.hash_token(form["access_token"]), app.id)
    if row is None or row.revoked_on is not None:
        return {"did_revoke": False}
    TokenRepository(ctx.conn).revoke(row.id, ctx.now())
    for record in ctx.hooks("audit"):
        record(ctx, row.workspace_id, "user_access", "logout",
               {"method": "api", "tokenId": row.id, "siteId": row.site_id, "appId": app.id}, None)
    return {"did_revoke": True}
