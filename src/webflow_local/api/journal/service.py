"""Recording and reading the request journal.

The gateway hands every answered /v2 and /beta request to `record` (its "answered" hook). Recording only
appends a tuple to this process's buffer (a bounded deque: no I/O, no JSON, no lock on the request path);
a background task of the server writes the buffer to the `request_journal` table every
`journal_flush_interval` seconds, in one transaction, then trims the table to `journal_max_entries`.

The database, not the buffer, is what a listing reads, so every process on one database answers the same
journal. A listing first writes its own process's buffer, then waits one flush interval, so a request another
process answered before the listing began is in it too."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
import weakref
from collections import deque
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Connection, Engine
from starlette.types import Scope

from webflow_local.api.journal.repository import JournalRepository
from webflow_local.config import Settings
from webflow_local.context import Ctx
from webflow_local.db.engine import make_engine, make_oneshot_engine
from webflow_local.db.session import transaction
from webflow_local.errors import ValidationFailed
from webflow_local.kit.timefmt import iso, parse_iso
from webflow_local.runtime import Runtime

MAX_LIMIT = 10_000
DEFAULT_LIMIT = 100

# (at, method, path, query, operation id, status, token id, seconds, request body, its full length,
#  answer body, its full length): bodies already cut to journal_body_bytes.
Entry = tuple[float, str, str, bytes, str | None, int, str | None, float, bytes, int, bytes, int]


class Journal:
    """One per engine in a process: the buffer of entries not yet written, and the writer."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self._writer: Engine | None = None
        self._sqlite_synchronous = settings.sqlite_synchronous
        self.keep = settings.journal_max_entries
        self.cap = settings.journal_body_bytes
        self.interval = settings.journal_flush_interval
        # Bounded like the table: a stalled database cannot grow the process.
        self.buffer: deque[Entry] = deque(maxlen=max(1, self.keep))
        self.write_lock = threading.Lock()  # one writer at a time keeps this process's entries in order
        # When this process last cleared the journal (a reset, DELETE /_admin/requests): entries answered
        # before it are not written, even when a write had taken them from the buffer already.
        self.cleared_at = 0.0

    def record(self, scope: Scope, body: bytes, status: int, answer: bytes | None, started: float) -> None:
        state = scope.get("state") or {}
        op = state.get("operation_id")
        cap = self.cap
        answer = answer or b""
        self.buffer.append((time.time(), scope["method"], scope["path"], scope.get("query_string", b""),
                            op.partition(":")[2] if op else None, status, state.get("token_id"),
                            time.perf_counter() - started, body[:cap], len(body), answer[:cap], len(answer)))

    def flush(self) -> None:
        with self.write_lock:
            entries: list[Entry] = []
            while self.buffer:
                try:
                    entries.append(self.buffer.popleft())
                except IndexError:
                    break
            if not entries:
                return
            with transaction(self.writer()) as conn:
                repo = JournalRepository(conn)
                # Locked first, then checked: a clearing either waits for this write (and deletes its rows) or
                # came first (and its mark drops the entries it predates).
                repo.lock(clearing=False)
                rows = [_row(e) for e in entries if e[0] >= self.cleared_at]
                if rows:
                    repo.insert(rows)
                    repo.trim(self.keep)

    def drop_buffer(self) -> None:
        self.buffer.clear()

    def clear(self, conn: Connection) -> int:
        """Empties the journal in the caller's transaction, this process's buffer with it."""
        self.cleared_at = time.time()
        self.buffer.clear()
        repo = JournalRepository(conn)
        repo.lock(clearing=True)
        return repo.clear()

    def writer(self) -> Engine:
        """An engine of the journal's own: its writes never take one of the request path's pooled connections,
        and never show among the statements of a request (tests count those on the server's engine)."""
        if self._writer is None:
            url = self.engine.url.render_as_string(hide_password=False)
            # SQLite: a connection per write (opening one costs microseconds); PostgreSQL: one kept open.
            self._writer = (make_oneshot_engine(url, self._sqlite_synchronous) if self.engine.dialect.name == "sqlite"
                            else make_engine(url, pool_size=1))
        return self._writer

    def close(self) -> None:
        if self._writer is not None:
            self._writer.dispose()


def _text(raw: bytes) -> str | None:
    return raw.decode("utf-8", "replace") if raw else None


def _row(e: Entry) -> dict[str, Any]:
    at, method, path, query, op, status, token_id, seconds, req, req_len, res, res_len = e
    return {"at": datetime.fromtimestamp(at, UTC), "method": method, "path": path,
            "query": query.decode("latin-1"), "operation_id": op, "status": status, "token_id": token_id,
            "duration_ms": round(seconds * 1000, 3), "request_body": _text(req),
            "request_truncated": req_len > len(req), "response_body": _text(res),
            "response_truncated": res_len > len(res)}


_JOURNALS: weakref.WeakKeyDictionary[Engine, Journal] = weakref.WeakKeyDictionary()
_JOURNALS_LOCK = threading.Lock()


def journal_of(engine: Engine, settings: Settings) -> Journal:
    """This process's journal writer for the database behind `engine`."""
    found = _JOURNALS.get(engine)
    if found is None:
        with _JOURNALS_LOCK:
            found = _JOURNALS.get(engine)
            if found is None:
                found = _JOURNALS[engine] = Journal(engine, settings)
    return found


# -- hooks --------------------------------------------------------------------------------------------

def answered(runtime: Runtime) -> Any:
    """The gateway's per-request hook, bound once to this runtime's journal (None when the journal is off)."""
    if runtime.settings.journal_max_entries <= 0:
        return None
    return journal_of(runtime.engine, runtime.settings).record


async def start_flusher(runtime: Runtime) -> list[asyncio.Task[None]]:
    if runtime.settings.journal_max_entries <= 0:
        return []
    journal = journal_of(runtime.engine, runtime.settings)

    async def loop() -> None:
        try:
            while True:
                await asyncio.sleep(journal.interval)
                if journal.buffer:
                    try:
                        await asyncio.to_thread(journal.flush)
                    except Exception:  # a busy or restarting database: the entries wait for the next turn
                        continue
        finally:
            # Written at shutdown too, so nothing answered before the server stopped is lost.
            with contextlib.suppress(Exception):
                journal.flush()
            journal.close()

    return [asyncio.create_task(loop(), name="webflow-local journal")]


def on_reset(ctx: Ctx) -> None:
    """A reset wipes the table; entries answered before it must not be written after it."""
    if ctx.runtime.settings.journal_max_entries > 0:
        journal_of(ctx.conn.engine, ctx.settings).clear(ctx.conn)


# -- the control plane --------------------------------------------------------------------------------

def _body(text: str | None, truncated: bool) -> Any:
    """A complete JSON body as its value, so a test can read `requestBody["fieldData"]`; anything else (cut
    short, not JSON) as the text."""
    if text is None or truncated:
        return text
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return text


def wire(row: Any) -> dict[str, Any]:
    return {"id": row.id, "time": iso(row.at), "method": row.method, "path": row.path, "query": row.query,
            "operationId": row.operation_id, "status": row.status, "tokenId": row.token_id,
            "durationMs": row.duration_ms,
            "requestBody": _body(row.request_body, row.request_truncated),
            "requestBodyTruncated": row.request_truncated,
            "responseBody": _body(row.response_body, row.response_truncated),
            "responseBodyTruncated": row.response_truncated}


def settle(runtime: Runtime) -> None:
    """Before a listing: this process's buffer written, then one flush interval for the other processes'."""
    journal = journal_of(runtime.engine, runtime.settings)
    started = time.monotonic()
    journal.flush()
    rest = journal.interval - (time.monotonic() - started)
    if rest > 0:
        time.sleep(rest)


def list_requests(ctx: Ctx, *, operation_id: str | None, method: str | None, status: str | None,
                  since: str | None, limit: str | None) -> dict[str, Any]:
    status_n = _int(status, "status", 100, 599)
    limit_n = _int(limit, "limit", 1, MAX_LIMIT)
    since_at = None
    if since is not None:
        try:
            since_at = parse_iso(since)
        except ValueError:
            raise ValidationFailed.param("since", "must be an ISO-8601 timestamp") from None
    rows = JournalRepository(ctx.conn).find(operation_id=operation_id or None, method=method or None,
                                            status=status_n, since=since_at,
                                            limit=limit_n if limit_n is not None else DEFAULT_LIMIT)
    out = [wire(r) for r in rows]
    return {"requests": out, "count": len(out)}


def clear(ctx: Ctx) -> dict[str, Any]:
    return {"deleted": journal_of(ctx.conn.engine, ctx.settings).clear(ctx.conn)}


def _int(raw: str | None, name: str, low: int, high: int) -> int | None:
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ValidationFailed.param(name, "must be an integer") from None
    if not low <= value <= high:
        raise ValidationFailed.param(name, f"must be between {low} and {high}")
    return value
