"""Custom code requests (script registration, applying scripts) and their wire shapes."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field
from sqlalchemy import Row

from webflow_local.kit.models import NotNull, RequestModel
from webflow_local.kit.timefmt import iso

MAX_INLINE_CHARS = 2000
MAX_DISPLAY_NAME = 50
MAX_VERSION = 128
MAX_LOCATION = 2048

# The rules, as patterns (`\Z`: no trailing newline). scripts/normalise_spec.py puts the same patterns in
# the request schemas the contract tests generate from, so "valid" means the same there and here.
# Letters, digits and spaces (Webflow's example "CMS Slider" has one); at least one letter or digit.
DISPLAY_NAME_PATTERN = r"^ *[A-Za-z0-9][A-Za-z0-9 ]*\Z"
# semver.org's expression, ASCII digits only.
SEMVER_PATTERN = (
    r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
    r"(-((0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(\+([0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*))?\Z"
)
# Subresource Integrity: one hash, the base64 digest of the named algorithm.
SRI_PATTERN = r"^(sha256-[A-Za-z0-9+/]{43}=|sha384-[A-Za-z0-9+/]{64}|sha512-[A-Za-z0-9+/]{86}==)\Z"
# An absolute http(s) URL: a host name, an optional port (1-65535), a path of visible ASCII characters.
HOSTED_URL_PATTERN = (
    r"^https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*"
    r"(:(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}))?"
    r"(/[!-~]*)?\Z"
)
# An HTML attribute name: no whitespace, quotes, '>', '/', '=' or control characters.
ATTRIBUTE_NAME_PATTERN = r"""^[^\s"'>/=\x00-\x1f\x7f]+\Z"""
# A registered script's id: the slug of its display name.
SCRIPT_ID_PATTERN = r"^[a-z0-9_]+\Z"


class HostedScriptIn(RequestModel):
    display_name: str = Field(alias="displayName")
    version: str = Field(max_length=MAX_VERSION)
    hosted_location: str = Field(alias="hostedLocation", max_length=MAX_LOCATION)
    integrity_hash: str = Field(alias="integrityHash", max_length=200)
    can_copy: Annotated[bool | None, NotNull] = Field(default=None, alias="canCopy")


class InlineScriptIn(RequestModel):
    display_name: str = Field(alias="displayName")
    version: str = Field(max_length=MAX_VERSION)
    source_code: str = Field(alias="sourceCode")
    # Only meaningful for hosted scripts (the spec's own example sends null here): accepted, and the
    # answer carries the hash of the code as hosted.
    integrity_hash: str | None = Field(default=None, alias="integrityHash", max_length=200)
    can_copy: Annotated[bool | None, NotNull] = Field(default=None, alias="canCopy")


class ScriptApplyIn(RequestModel):
    id: str = Field(max_length=64)
    version: str = Field(max_length=MAX_VERSION)
    location: Literal["header", "footer"]
    # The SDK sends null for "no attributes".
    attributes: dict[str, str] | None = None


class ScriptsApplyIn(RequestModel):
    # A PUT replaces the caller's whole list; leaving `scripts` out (or []) removes them all.
    scripts: Annotated[list[ScriptApplyIn] | None, NotNull] = None
    # Read-only in the spec; the SDK's upsert takes them: accepted and ignored.
    last_updated: str | None = Field(default=None, alias="lastUpdated")
    created_on: str | None = Field(default=None, alias="createdOn")


# -- seed files ---------------------------------------------------------------------------------------
class RegisteredScriptSeed(RequestModel):
    """A registered script of a seed: inline when it has `sourceCode` (its location and hash are made when
    left out), else hosted (its location given)."""

    id: Annotated[str | None, NotNull] = Field(default=None, max_length=64)  # default: the name's slug
    display_name: str = Field(alias="displayName")
    version: str = Field(max_length=MAX_VERSION)
    hosted_location: Annotated[str | None, NotNull] = Field(default=None, alias="hostedLocation",
                                                            max_length=MAX_LOCATION)
    integrity_hash: Annotated[str | None, NotNull] = Field(default=None, alias="integrityHash", max_length=200)
    source_code: Annotated[str | None, NotNull] = Field(default=None, alias="sourceCode")
    can_copy: bool = Field(default=False, alias="canCopy")


class PageScriptsSeed(RequestModel):
    page: str = Field(min_length=1)  # the page's id, or its slug in the primary locale
    scripts: list[ScriptApplyIn] = Field(min_length=1)


class CustomCodeSeed(RequestModel):
    """A site's `customCode` key: scripts registered, then those applied to the site and to pages, in the
    order the API lists them. They belong to the site's own callers (site and workspace tokens)."""

    registered_scripts: list[RegisteredScriptSeed] = Field(default_factory=list, alias="registeredScripts")
    site: list[ScriptApplyIn] = Field(default_factory=list)
    pages: list[PageScriptsSeed] = Field(default_factory=list)


def registered_wire(row: Row[Any]) -> dict[str, Any]:
    return {
        "id": row.script_id,
        "canCopy": row.can_copy,
        "displayName": row.display_name,
        "hostedLocation": row.hosted_location,
        "integrityHash": row.integrity_hash,
        "createdOn": iso(row.created_on),
        "lastUpdated": iso(row.last_updated),
        "version": row.version,
    }


def applied_wire(entry: dict[str, Any]) -> dict[str, Any]:
    return {"id": entry["id"], "location": entry["location"], "version": entry["version"],
            "attributes": dict(entry.get("attributes") or {})}


def block_code_wire(row: Row[Any] | None) -> dict[str, Any]:
    """get/put custom code: the caller's block for a site or page. Without one there are no scripts and no
    timestamps (the spec's timestamps are strings, so they are left out rather than null)."""
    if row is None:
        return {"scripts": []}
    return {"scripts": [applied_wire(e) for e in row.scripts], "lastUpdated": iso(row.last_updated),
            "createdOn": iso(row.created_on)}


def block_wire(row: Row[Any]) -> dict[str, Any]:
    return {
        "siteId": row.site_id,
        "pageId": row.page_id,
        "type": "site" if row.page_id is None else "page",
        "scripts": [applied_wire(e) for e in row.scripts],
        "createdOn": iso(row.created_on),
        "lastUpdated": iso(row.last_updated),
    }
