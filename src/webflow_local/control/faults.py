"""Faults on purpose: answer the next N matching requests with an error status and/or added latency,
so clients' retry and backoff code gets exercised. Kept in the database (control_state 'faults');
each process re-reads them at most every CACHE_SECONDS, and at once after a change made through it."""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection

from webflow_local.control.repository import ControlRepository
from webflow_local.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    InternalError,
    NotAuthorized,
    NotFound,
    ServiceUnavailable,
    TooManyRequests,
    WebflowError,
)

FAULTS_KEY = "faults"
CACHE_SECONDS = 0.5


@dataclass(frozen=True)
class Fault:
    id: str
    status: int | None  # None: latency only
    remaining: int | None  # None: every matching request until cleared
    latency_ms: int = 0
    path: str | None = None  # a regular expression searched in the request path
    method: str | None = None

    def matches(self, method: str, path: str) -> bool:
        if self.method and self.method.upper() != method:
            return False
        return not (self.path and not re.search(self.path, path))

    def error(self) -> WebflowError | None:
        if self.status is None:
            return None
        by_status: dict[int, WebflowError] = {
            400: BadRequest(), 401: NotAuthorized(), 403: Forbidden(), 404: NotFound(), 409: Conflict(),
            429: TooManyRequests(retry_after=60), 503: ServiceUnavailable(),
        }
        err = by_status.get(self.status) or InternalError()
        err.status = self.status
        return err


def load(raw: Any) -> list[Fault]:
    return [Fault(**f) for f in raw or []]


def dump(faults: list[Fault]) -> list[dict[str, Any]]:
    return [asdict(f) for f in faults]


def wire(faults: list[Fault]) -> list[dict[str, Any]]:
    """The control plane's answer: camelCase, as the request (`latencyMs`); `dump` is the stored form."""
    return [{"latencyMs" if k == "latency_ms" else k: v for k, v in asdict(f).items()} for f in faults]


class FaultCache:
    """Per-process view of the faults, refreshed at most every CACHE_SECONDS."""

    def __init__(self) -> None:
        self._at = 0.0
        self._faults: list[Fault] = []

    def invalidate(self) -> None:
        self._at = 0.0

    def cached(self) -> bool:
        """Whether the last read found faults, or it is time to read again (either may sleep or write)."""
        return bool(self._faults) or time.monotonic() - self._at > CACHE_SECONDS

    def current(self, conn_factory: Any) -> list[Fault]:
        now = time.monotonic()
        if now - self._at > CACHE_SECONDS:
            with conn_factory() as conn:
                self._faults = load(ControlRepository(conn).get(FAULTS_KEY))
            self._at = now
        return self._faults


def consume(conn: Connection, fault_id: str) -> bool:
    """Uses one of a counted fault's requests; False when another process used the last one."""
    repo = ControlRepository(conn)
    faults = load(repo.get_for_update(FAULTS_KEY))
    out: list[Fault] = []
    hit = False
    for f in faults:
        if f.id == fault_id and f.remaining is not None:
            if f.remaining <= 0:
                continue
            hit = True
            if f.remaining > 1:
                out.append(Fault(**{**asdict(f), "remaining": f.remaining - 1}))
            continue
        if f.id == fault_id:
            hit = True
        out.append(f)
    repo.put(FAULTS_KEY, dump(out))
    return hit
