"""What one process owns: settings, engine, id generator, the families, the route table and the caches.

Built by Runtime.create() for the server and the CLI alike (so a write made from the CLI emits the same
events); kept on app.state by create_app(): no import-time globals."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, Table
from starlette.requests import Request

from webflow_local.config import Settings
from webflow_local.control.faults import FaultCache
from webflow_local.kit.cache import Caches
from webflow_local.kit.family import Family, SeedSection
from webflow_local.kit.ids import IdGenerator
from webflow_local.kit.routing import Route, RouteTable

FAMILIES_PACKAGE = "webflow_local.api"


def discover_families(package: str = FAMILIES_PACKAGE) -> list[Family]:
    """Every subpackage of webflow_local.api with a `family` module defining FAMILY, in name order."""
    pkg = importlib.import_module(package)
    found: list[Family] = []
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"{package}.{info.name}.family")
        except ModuleNotFoundError as e:
            if e.name == f"{package}.{info.name}.family":
                continue
            raise
        fam = getattr(module, "FAMILY", None)
        if not isinstance(fam, Family):
            raise TypeError(f"{module.__name__}.FAMILY is not a Family")
        found.append(fam)
    return found


def all_tables(families: list[Family] | None = None) -> list[Table]:
    """Every table: the platform's and each family's, in dependency order (the families found when not given)."""
    from webflow_local.db.schema import metadata

    fams = discover_families() if families is None else families
    declared = {t.name for f in fams for t in f.tables}
    return [t for t in metadata.sorted_tables if t.name in declared or t.name in PLATFORM_TABLES]


PLATFORM_TABLES = frozenset({"workspaces", "sites", "locales", "custom_domains", "users", "tokens",
                             "control_state", "rate_counters"})


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    families: list[Family] = field(default_factory=list)
    table: RouteTable | None = None
    ids: IdGenerator = field(default_factory=IdGenerator)
    caches: Caches = field(default_factory=Caches)
    faults: FaultCache = field(default_factory=FaultCache)

    @classmethod
    def create(cls, settings: Settings, engine: Engine, families: list[Family] | None = None) -> Runtime:
        from webflow_local.docs_ops import EXTRA_OPERATIONS
        from webflow_local.spec_ops import OPERATIONS

        fams = discover_families() if families is None else families
        return cls(settings=settings, engine=engine, families=fams,
                   table=RouteTable(OPERATIONS, fams, EXTRA_OPERATIONS))

    def hooks(self, name: str) -> Iterator[Callable[..., Any]]:
        """The callables the families declare under `name` (e.g. "site_publish", "event")."""
        for fam in self.families:
            hook = fam.hooks.get(name)
            if hook is not None:
                yield hook

    def triggers(self) -> frozenset[str]:
        """Every webhook trigger some family emits."""
        return frozenset(t for fam in self.families for t in fam.triggers)

    def seed_sections(self) -> dict[str, SeedSection]:
        """A site's seed keys the families declare, in family order (one family per key) except that a
        section comes after the keys it names in `after`."""
        declared: dict[str, SeedSection] = {}
        for fam in self.families:
            for sec in fam.seed:
                if sec.key in declared:
                    raise ValueError(f"two families declare the seed key {sec.key!r}")
                declared[sec.key] = sec
        out: dict[str, SeedSection] = {}
        pending = list(declared.values())
        while pending:
            # The first section (in family order) whose `after` keys are all placed.
            ready = next((sec for sec in pending if all(k in out or k not in declared for k in sec.after)), None)
            if ready is None:
                raise ValueError(f"seed sections wait for each other: {[sec.key for sec in pending]}")
            out[ready.key] = ready
            pending.remove(ready)
        return out

    def owner_lookups(self) -> dict[str, Callable[..., Any]]:
        """Path parameter name -> the owner lookup a family declares for it (one per name)."""
        out: dict[str, Callable[..., Any]] = {}
        for fam in self.families:
            for name, lookup in fam.owners.items():
                if name in out:
                    raise ValueError(f"two families declare the owner lookup of {{{name}}}")
                out[name] = lookup
        return out

    @property
    def route_ops(self) -> dict[tuple[str, str], Route]:
        """Served operations by (METHOD, /prefix/template)."""
        assert self.table is not None
        return {(r.method, r.full_template): r for r in self.table.served()}


def runtime_of(request: Request) -> Runtime:
    """The runtime of the app serving a control-plane request."""
    rt: Runtime = request.app.state.runtime
    return rt
