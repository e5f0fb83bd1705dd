"""Control-plane requests (ours, not Webflow's); camelCase like the API they sit beside."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, field_validator

from webflow_local.api.collections.schemas import FieldCreate
from webflow_local.control import clock
from webflow_local.kit import langtags
from webflow_local.kit.models import RequestModel

# The sizes of the columns these values are stored in (db/schema.py): PostgreSQL refuses longer ones.
NAME_MAX = 200  # display names, slugs, short names, labels
TAG_MAX = 64  # locale tags and subdirectories, time zones
DOMAIN_MAX = 255
INT32_MAX = 2**31 - 1  # an Integer column
PLANS = ("starter", "core", "growth", "agency", "freelancer", "enterprise")
Plan = Literal["starter", "core", "growth", "agency", "freelancer", "enterprise"]


class WorkspaceIn(RequestModel):
    display_name: str = Field(alias="displayName", min_length=1, max_length=NAME_MAX)
    slug: str | None = Field(default=None, max_length=NAME_MAX)
    id: str | None = None
    plan: Plan = "enterprise"


class LocaleIn(RequestModel):
    display_name: str = Field(alias="displayName", min_length=1, max_length=NAME_MAX)
    tag: str = Field(min_length=1, max_length=TAG_MAX)
    subdirectory: str | None = Field(default=None, max_length=TAG_MAX)
    enabled: bool = True
    redirect: bool | None = None
    id: str | None = None
    cms_locale_id: str | None = Field(default=None, alias="cmsLocaleId")

    @field_validator("tag")
    @classmethod
    def _bcp47(cls, value: str) -> str:
        wrong = langtags.problem(value)
        if wrong:
            raise ValueError(wrong)
        return value


class LocalesIn(RequestModel):
    primary: LocaleIn
    secondary: list[LocaleIn] = Field(default_factory=list)


class LocalePatch(RequestModel):
    enabled: bool | None = None
    display_name: str | None = Field(default=None, alias="displayName", min_length=1, max_length=NAME_MAX)


EMAIL_MAX = 254


class UserSeed(RequestModel):
    email: str = Field(min_length=3, max_length=EMAIL_MAX, pattern=r"^[^@\s]+@[^@\s]+$")
    first_name: str = Field(alias="firstName", min_length=1, max_length=NAME_MAX)
    last_name: str = Field(alias="lastName", min_length=1, max_length=NAME_MAX)
    role: str = Field(default="member", min_length=1, max_length=32)
    id: str | None = None


class UserIn(UserSeed):
    workspace_id: str | None = Field(default=None, alias="workspaceId")


class TokenIn(RequestModel):
    site_id: str | None = Field(default=None, alias="siteId")
    workspace_id: str | None = Field(default=None, alias="workspaceId")
    scopes: str | list[str] = "all"
    label: str | None = Field(default=None, max_length=NAME_MAX)
    # A fixed value, so test suites can use a token they know (64 hex recommended).
    value: str | None = Field(default=None, min_length=16)
    user: dict[str, str] | None = None
    # The workspace user the token acts for (authorized_by answers that user); by id, or by email in seeds.
    user_id: str | None = Field(default=None, alias="userId")
    user_email: str | None = Field(default=None, alias="userEmail", max_length=EMAIL_MAX)


class SiteTokenIn(RequestModel):
    scopes: str | list[str] = "all"
    label: str | None = Field(default=None, max_length=NAME_MAX)
    value: str | None = Field(default=None, min_length=16)
    user: dict[str, str] | None = None
    user_id: str | None = Field(default=None, alias="userId")
    user_email: str | None = Field(default=None, alias="userEmail", max_length=EMAIL_MAX)


class ItemSeed(RequestModel):
    id: str | None = None  # a fixed id (an exported world keeps its ids)
    field_data: dict[str, Any] = Field(alias="fieldData")
    cms_locale_ids: list[str] | None = Field(default=None, alias="cmsLocaleIds")
    locales: list[str] | None = None  # locale tags, an easier way to say cmsLocaleIds in a seed file
    is_draft: bool = Field(default=False, alias="isDraft")
    is_archived: bool = Field(default=False, alias="isArchived")
    translations: dict[str, dict[str, Any]] = Field(default_factory=dict)  # tag -> fieldData overrides
    # tag -> how the live content differs from that locale's staged content (null clears a field), for
    # an item published and edited since (an exported world)
    live: dict[str, dict[str, Any]] = Field(default_factory=dict)
    # Published after the seed creates it (by default unless it is a draft), or only in these locale tags.
    published: bool | list[str] | None = None


class CollectionSeed(RequestModel):
    id: str | None = None
    display_name: str = Field(alias="displayName", min_length=1, max_length=NAME_MAX)
    singular_name: str = Field(alias="singularName", min_length=1, max_length=NAME_MAX)
    slug: str | None = Field(default=None, max_length=NAME_MAX)
    fields: list[FieldCreate] = Field(default_factory=list)
    # Fixed field ids by slug, name and slug included (an exported world keeps its ids).
    field_ids: dict[str, str] | None = Field(default=None, alias="fieldIds")
    items: list[ItemSeed] = Field(default_factory=list)


class DomainSeed(RequestModel):
    url: str = Field(min_length=1, max_length=DOMAIN_MAX)
    id: str | None = None
    published: bool = False  # published to at the seed's time (an exported world's lastPublished)


class SiteIn(RequestModel):
    workspace_id: str | None = Field(default=None, alias="workspaceId")
    id: str | None = None
    display_name: str = Field(alias="displayName", min_length=1, max_length=NAME_MAX)
    short_name: str | None = Field(default=None, alias="shortName", max_length=NAME_MAX)
    time_zone: str = Field(default="UTC", alias="timeZone", max_length=TAG_MAX)
    locales: LocalesIn | None = None
    # A URL, or {url, id} to keep a domain's id (an exported world).
    custom_domains: list[Annotated[str, Field(min_length=1, max_length=DOMAIN_MAX)] | DomainSeed] = Field(
        default_factory=list, alias="customDomains")
    collections: list[CollectionSeed] = Field(default_factory=list)
    tokens: list[SiteTokenIn] = Field(default_factory=list)


class SiteSeed(SiteIn):
    """A site in a seed: SiteIn plus the keys the families' seed sections declare (checked by the service,
    which knows the families)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, strict=True)

    published: bool = False  # published at the seed's time (an exported world's lastPublished)


class WorkspaceSeed(WorkspaceIn):
    users: list[UserSeed] = Field(default_factory=list)
    sites: list[SiteSeed] = Field(default_factory=list)
    tokens: list[SiteTokenIn] = Field(default_factory=list)


class SeedIn(RequestModel):
    reset: bool = False
    workspaces: list[WorkspaceSeed] = Field(default_factory=list)


class DomainIn(RequestModel):
    url: str = Field(min_length=1, max_length=DOMAIN_MAX)


class ClockIn(RequestModel):
    freeze: bool | None = None
    at: str | None = None  # ISO-8601: freeze (or jump) to this instant
    # Bounded here so no arithmetic on it can overflow; control/clock.py checks where the move lands.
    advance_seconds: float | None = Field(default=None, alias="advanceSeconds", ge=-clock.SPAN_SECONDS,
                                          le=clock.SPAN_SECONDS, allow_inf_nan=False)

    @field_validator("at")
    @classmethod
    def _at_in_range(cls, value: str | None) -> str | None:
        if value is not None:
            clock.parse_instant(value)
        return value


class IdsIn(RequestModel):
    seed: str | None = None



class FaultIn(RequestModel):
    status: int | None = Field(default=None, ge=400, le=599)
    count: int | None = Field(default=None, ge=1, le=INT32_MAX)  # None: until cleared
    latency_ms: int = Field(default=0, alias="latencyMs", ge=0, le=60_000)
    path: str | None = None  # regular expression searched in the request path
    method: str | None = None
