"""The per-request context handed to services: the transaction's connection, the caller, the clock, the id
generator and the process's caches. One per request; built by the gateway (and by the control plane and
the CLI for their own work)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection

from webflow_local.auth.principal import Principal
from webflow_local.config import Settings
from webflow_local.control.clock import CLOCK_KEY, ClockState
from webflow_local.control.faults import FaultCache
from webflow_local.control.repository import ControlRepository
from webflow_local.db.session import GENERATION_KEY
from webflow_local.kit.cache import Caches
from webflow_local.kit.ids import IdGenerator

ID_SEED_KEY = "id_seed"
ID_COUNTER_KEY = "id_counter"
_UNSET = object()
T = TypeVar("T")


class Process(Protocol):
    """What a request needs of its process (webflow_local.runtime.Runtime): named here so that the context
    depends on no module that depends on it."""

    settings: Settings
    caches: Caches
    ids: IdGenerator
    faults: FaultCache

    def hooks(self, name: str) -> Iterator[Callable[..., Any]]: ...

    def seed_sections(self) -> Mapping[str, Any]: ...

    def triggers(self) -> frozenset[str]: ...


class Ctx:
    def __init__(self, conn: Connection, runtime: Process, op: object | None = None) -> None:
        self.conn = conn
        self.runtime = runtime
        self.settings = runtime.settings
        self.op = op
        self._principal: Principal | None = None
        self._now: datetime | None = None
        self._seed: object = _UNSET
        self._validated = False
        # What the owner lookups of the request's path parameters found (e.g. "collection_id": its row).
        self.owned: dict[str, Any] = {}

    def begin(self) -> None:
        """The request's first statement: the cache generation and the clock, read together. Caches filled
        under another generation are dropped before anything is taken from them."""
        values = ControlRepository(self.conn).get_two(GENERATION_KEY, CLOCK_KEY)
        self.runtime.caches.validate(values.get(GENERATION_KEY))
        self._now = ClockState.load(values.get(CLOCK_KEY)).now()
        self._validated = True

    def cached(self, key: Hashable, load: Callable[[], T]) -> T:
        """A per-process cached value (see kit/cache.py); without begin() it is simply loaded."""
        if not self._validated:
            return load()
        return self.runtime.caches.get(key, load)

    @property
    def principal(self) -> Principal:
        assert self._principal is not None, "operation without an authenticated caller"
        return self._principal

    @principal.setter
    def principal(self, value: Principal) -> None:
        self._principal = value

    def now(self) -> datetime:
        """The request's time: read once, so every timestamp a request writes is the same."""
        if self._now is None:
            self._now = ClockState.load(ControlRepository(self.conn).get(CLOCK_KEY)).now()
        return self._now

    def new_ids(self, n: int) -> list[str]:
        if self._seed is _UNSET:
            self._seed = ControlRepository(self.conn).get(ID_SEED_KEY)
        if self._seed:
            start = ControlRepository(self.conn).bump_counter(ID_COUNTER_KEY, n)
            return [IdGenerator.seeded(str(self._seed), start + i) for i in range(n)]
        now = self.now()
        return [self.runtime.ids.object_id(now) for _ in range(n)]

    def new_id(self) -> str:
        return self.new_ids(1)[0]

    def hooks(self, name: str) -> list[Callable[..., Any]]:
        return list(self.runtime.hooks(name))
