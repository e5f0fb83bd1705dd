"""Requests (control plane and /token/resolve) and wire shapes of apps and their subscriptions."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field
from sqlalchemy import Row

from webflow_local.kit.models import RequestModel
from webflow_local.kit.timefmt import iso

NAME_MAX = 200
URL_MAX = 2048
SECRET_MAX = 200
INT32_MAX = 2**31 - 1
ID_TOKEN_TTL = 15 * 60  # what Webflow's Designer API hands out lasts 15 minutes
MAX_TTL = 366 * 24 * 3600


class AppIn(RequestModel):
    name: str = Field(min_length=1, max_length=NAME_MAX)
    scopes: list[str] = Field(min_length=1)
    redirect_uri: str = Field(alias="redirectUri", min_length=1, max_length=URL_MAX, pattern=r"^https?://\S+$")
    client_id: str | None = Field(default=None, alias="clientId", min_length=8, max_length=SECRET_MAX,
                                  pattern=r"^[A-Za-z0-9._~-]+$")
    client_secret: str | None = Field(default=None, alias="clientSecret", min_length=16, max_length=SECRET_MAX)
    description: str = Field(default="", max_length=10_000)
    homepage: str = Field(default="https://webflow-local.test", max_length=URL_MAX)
    auto_approve: bool = Field(default=False, alias="autoApprove")
    id: str | None = None


class PriceIn(RequestModel):
    value: int = Field(ge=0, le=INT32_MAX)
    unit: str = Field(default="USD", min_length=3, max_length=3, pattern=r"^[A-Z]{3}$")
    interval: Literal["MONTHLY", "YEARLY", "ONE_TIME"] = "MONTHLY"


class SubscriptionIn(RequestModel):
    workspace_id: str = Field(alias="workspaceId", min_length=1, max_length=NAME_MAX)
    # The subscription's access grant: a site of the workspace, else the workspace itself.
    site_id: str | None = Field(default=None, alias="siteId")
    price: PriceIn
    status: Literal["active", "cancelled", "past due"] = "active"
    starts_at: str = Field(alias="startsAt")
    ends_at: str = Field(alias="endsAt")


class IdTokenIn(RequestModel):
    user_id: str = Field(alias="userId")
    site_id: str = Field(alias="siteId")
    ttl_seconds: int = Field(default=ID_TOKEN_TTL, alias="ttlSeconds", ge=1, le=MAX_TTL)


class ResolveIn(RequestModel):
    id_token: str = Field(alias="idToken", min_length=1, max_length=512)


def application_wire(row: Row[Any]) -> dict[str, Any]:
    """The `application` of an app token's introspection."""
    return {"id": row.id, "description": row.description, "homepage": row.homepage, "displayName": row.name}


def app_admin_wire(row: Row[Any], secret: bool = False) -> dict[str, Any]:
    out = {**application_wire(row), "name": row.name, "clientId": row.client_id, "scopes": row.scopes.split(","),
           "redirectUri": row.redirect_uri, "autoApprove": row.auto_approve, "createdOn": iso(row.created_on)}
    if secret:
        out["clientSecret"] = row.client_secret
    return out


def subscription_wire(row: Row[Any]) -> dict[str, Any]:
    return {
        "appId": row.app_id,
        "price": {"value": row.price_value, "unit": row.price_unit, "interval": row.price_interval},
        "accessGrant": {"id": row.grant_id, "type": row.grant_type},
        "status": row.status,
        "startsAt": iso(row.starts_at),
        "endsAt": iso(row.ends_at),
    }
