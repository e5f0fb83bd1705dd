"""Requests and wire shapes of site configuration (redirects, Google tags, robots.txt, well-known files,
llms.txt) and site management (create, update)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints, field_validator
from sqlalchemy import Row

from webflow_local.kit.ids import OBJECT_ID
from webflow_local.kit.models import NotNull, RequestModel

URL_MAX = 2048  # the columns of site_redirects
# A redirect's fromUrl is a path, its toUrl a path or an http(s) URL; neither has spaces or control characters.
# (The same patterns are in the corrected spec: scripts/normalise_spec.py, R16.)
REDIRECT_FROM = re.compile(r"^/[^\x00-\x20\x7f]*$")
REDIRECT_TO = re.compile(r"^(/|https?://)[^\x00-\x20\x7f]*$")
NAME_MAX = 200
MAX_GOOGLE_TAGS = 25
# The spec's pattern: G-, GT-, AW-, DC-... ids; Universal Analytics (UA-) ids are refused.
GOOGLE_TAG_ID = re.compile(r"^(?![Uu][Aa]-)[a-zA-Z]{1,3}-[a-zA-Z0-9]{3,}$")
TAG_ID_MAX = 64
ROBOTS_MAX_RULES = 500
ROBOTS_MAX_PATHS = 1000
ROBOTS_VALUE_MAX = 2048
WELL_KNOWN_NAME_MAX = 255
LLMS_MAX_BYTES = 1024 * 1024

Path = Annotated[str, Field(max_length=ROBOTS_VALUE_MAX)]
ObjectIdStr = Annotated[str, StringConstraints(pattern=OBJECT_ID.pattern)]


# -- redirects ---------------------------------------------------------------------------------------
class RedirectIn(RequestModel):
    from_url: str = Field(alias="fromUrl", min_length=1, max_length=URL_MAX)
    to_url: str = Field(alias="toUrl", min_length=1, max_length=URL_MAX)
    id: Annotated[str | None, NotNull] = None  # read-only in the spec; the SDK may send it: ignored


class RedirectPatch(RequestModel):
    from_url: Annotated[str | None, NotNull] = Field(default=None, alias="fromUrl", min_length=1, max_length=URL_MAX)
    to_url: Annotated[str | None, NotNull] = Field(default=None, alias="toUrl", min_length=1, max_length=URL_MAX)
    id: Annotated[str | None, NotNull] = None


class RedirectSeed(RedirectIn):
    """An entry of a site's `redirects` seed key: its id is kept when given."""

    id: Annotated[ObjectIdStr | None, NotNull] = None


def redirect_wire(row: Row[Any]) -> dict[str, Any]:
    return {"id": row.id, "fromUrl": row.from_url, "toUrl": row.to_url}


# -- Google tags -------------------------------------------------------------------------------------
def check_tag_id(value: str) -> str:
    if not GOOGLE_TAG_ID.fullmatch(value):
        raise ValueError("tagId must look like G-XXXXXXXXXX (GT-, AW-, DC- also; UA- ids are not supported)")
    return value


def _integral(value: Any) -> Any:
    """JSON has one number type: 2.0 is the integer 2 (JSON Schema agrees); 2.5 stays a float and is refused."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


class GoogleTagIn(RequestModel):
    tag_id: str = Field(alias="tagId", max_length=TAG_ID_MAX)
    display_name: str = Field(alias="displayName", min_length=1, max_length=NAME_MAX)
    order: Annotated[int | None, NotNull, BeforeValidator(_integral)] = Field(default=None, ge=0)

    @field_validator("tag_id")
    @classmethod
    def _tag_id(cls, value: str) -> str:
        return check_tag_id(value)


class GoogleTagsIn(RequestModel):
    google_tag_ids: list[GoogleTagIn] = Field(alias="googleTagIds", max_length=MAX_GOOGLE_TAGS)


class GoogleTagSeed(RequestModel):
    """An entry of a site's `googleTags` seed key; the list's order is the tags' order."""

    tag_id: str = Field(alias="tagId", max_length=TAG_ID_MAX)
    display_name: str = Field(alias="displayName", min_length=1, max_length=NAME_MAX)

    @field_validator("tag_id")
    @classmethod
    def _tag_id(cls, value: str) -> str:
        return check_tag_id(value)


def google_tag_wire(row: Row[Any]) -> dict[str, Any]:
    return {"tagId": row.tag_id, "displayName": row.display_name, "order": row.position}


# -- robots.txt --------------------------------------------------------------------------------------
class RobotsRuleIn(RequestModel):
    user_agent: str = Field(alias="userAgent", min_length=1, max_length=ROBOTS_VALUE_MAX)
    allows: Annotated[list[Path] | None, NotNull] = Field(default=None, max_length=ROBOTS_MAX_PATHS)
    disallows: Annotated[list[Path] | None, NotNull] = Field(default=None, max_length=ROBOTS_MAX_PATHS)


class RobotsIn(RequestModel):
    rules: Annotated[list[RobotsRuleIn] | None, NotNull] = Field(default=None, max_length=ROBOTS_MAX_RULES)
    sitemap: Annotated[str | None, NotNull] = Field(default=None, max_length=ROBOTS_VALUE_MAX)


def robots_wire(rules: list[dict[str, Any]], sitemap: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"rules": rules}
    if sitemap is not None:  # the spec's sitemap is a non-nullable string: left out when there is none
        out["sitemap"] = sitemap
    return out


# -- well-known files --------------------------------------------------------------------------------
class WellKnownIn(RequestModel):
    file_name: str = Field(alias="fileName", min_length=1, max_length=WELL_KNOWN_NAME_MAX)
    file_data: str = Field(alias="fileData")
    content_type: Literal["application/json", "text/plain"] = Field(default="application/json",
                                                                     alias="contentType")


class WellKnownDelete(RequestModel):
    file_names: list[Annotated[str, Field(min_length=1, max_length=WELL_KNOWN_NAME_MAX)]] = Field(
        alias="fileNames", min_length=1, max_length=100)


# -- llms.txt ----------------------------------------------------------------------------------------
class LlmsIn(RequestModel):
    file_data: str = Field(alias="fileData")


class LlmsSeed(RequestModel):
    """A site's `llmsTxt` seed key: the file as get-llms-txt answers it."""

    content: str


# -- sites -------------------------------------------------------------------------------------------
class SiteCreate(RequestModel):
    name: str = Field(min_length=1, max_length=NAME_MAX)
    template_name: Annotated[str | None, NotNull] = Field(default=None, alias="templateName", max_length=NAME_MAX)
    parent_folder_id: str | None = Field(default=None, alias="parentFolderId")


class SiteUpdate(RequestModel):
    name: Annotated[str | None, NotNull] = Field(default=None, min_length=1, max_length=NAME_MAX)
    parent_folder_id: str | None = Field(default=None, alias="parentFolderId")  # null: out of its folder
