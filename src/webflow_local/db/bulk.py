"""Bulk INSERT straight to the driver's executemany, for the hottest writes (a bulk create's rows).

Core's executemany runs every cell through several layers per row; here the SQL text is built once per
dialect and each cell goes through its column type's own bind processor (so the stored values are exactly
what Core would store), a value shared by rows (the request's timestamp, an item's fieldData in each of
its locales) converted once. One executemany on both databases (psycopg pipelines it; a multi-row
VALUES measured slower there, its thousands of parameters adapted one by one)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Dialect, Table

Processor = Callable[[Any], Any] | None
_MISSING = object()


class BulkInsert:
    """INSERT of complete rows (every column given) into `table`; with skip_conflicts, a row that would
    break a unique constraint is left out (ON CONFLICT DO NOTHING) instead of failing the transaction."""

    def __init__(self, table: Table, *, skip_conflicts: bool = False) -> None:
        self.table = table
        self.skip_conflicts = skip_conflicts
        self._prepared: dict[str, tuple[str, list[tuple[str, Processor]]]] = {}

    def _prepare(self, dialect: Dialect) -> tuple[str, list[tuple[str, Processor]]]:
        """The SQL text and each column's bind processor, for this dialect."""
        found = self._prepared.get(dialect.name)
        if found is None:
            quote = dialect.identifier_preparer
            cols = list(self.table.columns)
            mark = "?" if dialect.paramstyle == "qmark" else "%s"
            sql = (
                f"INSERT INTO {quote.format_table(self.table)} ({', '.join(quote.format_column(c) for c in cols)}) "
                f"VALUES ({', '.join([mark] * len(cols))})"
            )
            if self.skip_conflicts:
                sql += " ON CONFLICT DO NOTHING"
            procs: list[tuple[str, Processor]] = [
                (c.name, c.type.dialect_impl(dialect).bind_processor(dialect)) for c in cols
            ]
            found = self._prepared[dialect.name] = (sql, procs)
        return found

    def __call__(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> int:
        """Inserts `rows` (one executemany); returns how many were written."""
        if not rows:
            return 0
        sql, procs = self._prepare(conn.dialect)
        # Column by column: one tight loop per column is much cheaper than a loop over every cell.
        columns = [
            [row[name] for row in rows] if proc is None else _converted([row[name] for row in rows], proc)
            for name, proc in procs
        ]
        params = list(zip(*columns, strict=True))
        return int(conn.exec_driver_sql(sql, params, execution_options={"preserve_rowcount": True}).rowcount)


def _converted(values: list[Any], proc: Callable[[Any], Any]) -> list[Any]:
    """proc(value) for each value, each distinct object converted once (rows are sorted by locale, so an
    item's fieldData comes back every len(items) rows, not in a run)."""
    done: dict[int, Any] = {}  # by id(): the values are alive in `values` throughout
    out: list[Any] = []
    for value in values:
        key = id(value)
        got = done.get(key, _MISSING)
        if got is _MISSING:
            got = done[key] = proc(value)
        out.append(got)
    return out
