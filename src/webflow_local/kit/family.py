"""The family kit: what one API family declares, and the request a handler receives.

A family is one package under webflow_local/api/ whose `family` module defines FAMILY. It names its operations
by the spec's operationId (method and path come from the generated spec table), and may add control-plane
routes, background starters and hooks (e.g. what a site publish does to it). create_app() finds the families
by listing that package: adding one edits no central file."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from starlette.datastructures import QueryParams

if TYPE_CHECKING:
    from fastapi import APIRouter
    from sqlalchemy import Table

    from webflow_local.context import Ctx
    from webflow_local.kit.reading import ApiRead

# No body / a JSON value the handler checks itself (Webflow's single-or-many item bodies) / a pydantic model.
NO_BODY = None
RAW_JSON = "json"


@dataclass(frozen=True)
class Call:
    """One API request as a handler sees it: path parameters by the spec's names, the query, the body."""

    path: Mapping[str, str]
    query: QueryParams
    body: Any = None


Handler = Callable[["Ctx", Call], Any]


@dataclass(frozen=True)
class Op:
    """One operation of the spec, served by `handler`. `body` is a request model validated after the caller
    is authenticated (401/403 win over 400, as on Webflow), RAW_JSON, or None."""

    operation_id: str
    handler: Handler
    body: type[BaseModel] | str | None = NO_BODY


@dataclass(frozen=True)
class SeedSection:
    """A key of each site in seed files and `POST /_admin/seed` (e.g. "pages"): a list whose entries `model`
    validates; `load(ctx, site, entries)` creates them (the site as the control plane renders it) and answers
    what the seed's answer lists under the same key."""

    key: str
    model: type[BaseModel]
    load: Callable[[Ctx, dict[str, Any], list[Any]], list[Any]]
    # Keys of other sections this one needs loaded first (e.g. forms and comment threads name pages by slug),
    # whatever the families' order.
    after: tuple[str, ...] = ()
    # The key takes one object (e.g. a site's `ecommerce` settings), handed to `load` as a list of one.
    single: bool = False
    # The section's entries of one site (`site` as get-site answers it) made from Data API reads, ids
    # included, so that `load` of them gives the same reads: `webflow-local export` reads this server,
    # `pull` another. An empty list (None when single) leaves the key out.
    export: Callable[[ApiRead, dict[str, Any]], Any] | None = None


@dataclass(frozen=True)
class Family:
    name: str
    operations: tuple[Op, ...] = ()
    # Its tables (defined on webflow_local.db.schema.metadata): migrations and the "nothing changed" checks
    # cover them.
    tables: tuple[Table, ...] = ()
    # Owner lookups by path parameter name (e.g. "site_id"): run for every operation with that parameter
    # after the caller's scopes and before its body is read, so 404/403 never depend on the body.
    owners: Mapping[str, Callable[[Ctx, str], object]] = field(default_factory=dict)
    # The webhook triggers it emits (events.emit refuses any trigger no family declares).
    triggers: tuple[str, ...] = ()
    # Its keys in a site's seed.
    seed: tuple[SeedSection, ...] = ()
    # Control-plane routes, mounted under /_admin.
    admin: APIRouter | None = None
    # Public routes outside /v2, /beta and /_admin (no guard, no token), e.g. the assets' upload target.
    public: APIRouter | None = None
    # Body limits above WEBFLOW_LOCAL_MAX_BODY_BYTES for paths under a prefix (e.g. an upload target).
    body_caps: Mapping[str, int] = field(default_factory=dict)
    # Named hooks other families call through the kit (e.g. "site_publish"), never by importing this family.
    hooks: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
