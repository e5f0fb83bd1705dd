"""What one app instance owns: settings, engine, id generator and the route table.

Created by create_app(), kept on app.state: no import-time globals."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from webflow_local.config import Settings
from webflow_local.control.faults import FaultCache
from webflow_local.kit.ids import IdGenerator


@dataclass(frozen=True)
class RouteOp:
    prefix: str
    operation_id: str
    scopes: tuple[str, ...]
    status: int


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    ids: IdGenerator = field(default_factory=IdGenerator)
    route_ops: dict[tuple[str, str], RouteOp] = field(default_factory=dict)
    faults: FaultCache = field(default_factory=FaultCache)
