"""Statements built once: a Core statement compiled once per dialect and run on the transaction's own DBAPI
cursor, with the column types' result processors applied by hand.

SQLAlchemy's execute() builds a cache key, looks up the compiled form and sets up a result object on every
call: 60-150 us per statement on this interpreter, against 5-10 us for the primary-key select itself. The
hottest reads (a request's first statement, an item by key, a page of items) go through here; everything
else stays plain Core. Same SQL, same transaction, same types: only the per-call machinery is skipped."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Select
from sqlalchemy.engine import Dialect


class Record(dict[str, Any]):
    """A result row: by key (`r["slug"]`, `r._mapping["slug"]`) and by attribute (`r.slug`)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def _mapping(self) -> Record:
        return self


Processor = Callable[[Any], Any] | None


class _Compiled:
    def __init__(self, stmt: Select[Any], dialect: Dialect) -> None:
        compiled = stmt.compile(dialect=dialect)
        self.sql = str(compiled)
        self.positional = bool(compiled.positional)
        self.order: list[str] = list(compiled.positiontup or [])
        self.names: list[str] = [str(c.key) for c in stmt.selected_columns]
        self.processors: list[Processor] = [c.type._cached_result_processor(dialect, None)
                                            for c in stmt.selected_columns]
        # Plain names only (no tuple binds): each maps to one processor.
        self.bind_processors: Mapping[str, Callable[[Any], Any]] = compiled._bind_processors  # type: ignore[assignment]
        self.expanding = any(b.expanding for b in compiled.binds.values())

    def params(self, given: Mapping[str, Any]) -> Sequence[Any] | Mapping[str, Any]:
        procs = self.bind_processors
        if self.positional:
            return [procs[k](given[k]) if k in procs else given[k] for k in self.order]
        return {k: (procs[k](v) if k in procs else v) for k, v in given.items()}


class Prepared:
    """A read statement with named bind parameters (no expanding IN), compiled once per dialect."""

    def __init__(self, stmt: Select[Any]) -> None:
        self.stmt = stmt
        self._by_dialect: dict[str, _Compiled] = {}

    def _compiled(self, conn: Connection) -> _Compiled:
        name = conn.dialect.name
        found = self._by_dialect.get(name)
        if found is None:
            found = _Compiled(self.stmt, conn.dialect)
            if found.expanding:
                raise ValueError("Prepared statements take no expanding parameters")
            self._by_dialect[name] = found
        return found

    def all(self, conn: Connection, **params: Any) -> list[Record]:
        c = self._compiled(conn)
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        bound = c.params(params)
        listeners = conn.dispatch.before_cursor_execute
        if listeners:
            # Listeners (statement counters in tests, tracing) see these statements like any other.
            listeners(conn, cursor, c.sql, bound, None, False)
        try:
            cursor.execute(c.sql, bound)
            rows = cursor.fetchall()
        except conn.dialect.loaded_dbapi.Error as e:
            # SQLAlchemy's own handling: the wrapped error, and a lost connection invalidated (not pooled again).
            conn._handle_dbapi_exception(e, c.sql, bound, cursor, None)
            raise  # pragma: no cover - the line above always raises
        finally:
            cursor.close()
        names, procs = c.names, c.processors
        out = []
        for row in rows:
            rec = Record()
            for name, proc, value in zip(names, procs, row, strict=True):
                rec[name] = proc(value) if proc is not None and value is not None else value
            out.append(rec)
        return out

    def first(self, conn: Connection, **params: Any) -> Record | None:
        rows = self.all(conn, **params)
        return rows[0] if rows else None
