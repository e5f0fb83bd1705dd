"""Per-process caches of what almost never changes between requests: the caller behind a token, and the
sites and collections a request works on (with their locales and fields).

They stay correct across processes through one value kept in the database, the *generation*: every
transaction that writes one of the tables behind these caches replaces it (webflow_local.db.session), and
every request reads it in its first statement. When it differs from the one the caches were filled under,
the caches are emptied before anything is read from them. So N processes on one PostgreSQL see a revoked
token, a removed scope, a new field or a disabled locale on their next request."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

# Tables whose writes replace the generation (the caches read nothing else).
CACHED_TABLES = frozenset({"workspaces", "sites", "locales", "custom_domains", "collections", "fields", "tokens"})
# Large worlds must not grow a process without bound; past this many entries a cache starts again.
MAX_ENTRIES = 10_000


class Caches:
    def __init__(self) -> None:
        self._generation: object = None
        self._lock = threading.Lock()
        self._entries: dict[Hashable, Any] = {}

    def validate(self, generation: object) -> None:
        """Called with the generation the request just read: a different one empties every cache."""
        if generation != self._generation:
            with self._lock:
                if generation != self._generation:
                    self._entries = {}
                    self._generation = generation

    def get(self, key: Hashable, load: Callable[[], T]) -> T:
        """The cached value for key, loading it (on the request's own connection) when absent. A loaded
        value is kept only if no newer generation was seen meanwhile."""
        entries = self._entries
        try:
            value: T = entries[key]
            return value
        except KeyError:
            pass
        value = load()
        if entries is self._entries:
            if len(entries) >= MAX_ENTRIES:
                entries.clear()
            entries[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries = {}
            self._generation = None
