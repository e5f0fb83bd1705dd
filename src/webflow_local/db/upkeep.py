"""Connection upkeep kept off the request path.

SQLite: a commit that grows the WAL past its limit runs the checkpoint itself (copying the WAL into the
database and syncing it), inside that request. The server's connections turn that off and a background
thread checkpoints instead, after commits, at most every CHECKPOINT_INTERVAL seconds.

PostgreSQL: instead of a pre-ping (a round trip per request), a connection is tested at checkout by looking
at its socket without a round trip: an idle connection has nothing to read unless the server closed it
(restart, idle timeout, pg_terminate_backend). A dead one is replaced before the request uses it."""

from __future__ import annotations

import logging
import select
import sqlite3
import threading
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError

log = logging.getLogger(__name__)

CHECKPOINT_INTERVAL = 1.0  # seconds between background checkpoints while there are commits


class _Checkpointer:
    def __init__(self, path: str) -> None:
        self.path = path
        self.dirty = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def ensure_running(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
                self._thread.start()

    def stop(self) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._stop.set()
            thread.join(timeout=10)

    def _run(self) -> None:
        # Its own connection, outside the pool: it takes no request's slot and no pool events.
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            while not self._stop.wait(CHECKPOINT_INTERVAL):
                if self.dirty.is_set():
                    self.dirty.clear()
                    self.checkpoint(conn)
            self.checkpoint(conn)  # leave a short WAL behind
        finally:
            conn.close()

    @staticmethod
    def checkpoint(conn: sqlite3.Connection) -> None:
        try:
            # PASSIVE: copies what it can without waiting for, or blocking, readers and the writer.
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as e:  # the next round tries again; a failed checkpoint loses nothing
            log.warning("background WAL checkpoint failed: %s", e)


def checkpoint_in_background(engine: Engine) -> None:
    """For a server's SQLite engine: its connections never checkpoint; a thread does, from the first
    connection until the engine is disposed."""
    path = engine.url.database
    if not path or path == ":memory:" or path.startswith("file:"):
        return  # no file of our own to checkpoint: leave SQLite's default
    worker = _Checkpointer(path)

    @event.listens_for(engine, "connect")
    def _no_checkpoint_on_commit(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA wal_autocheckpoint=0")
        worker.ensure_running()

    @event.listens_for(engine, "commit")
    def _mark_dirty(_conn: Any) -> None:
        worker.dirty.set()

    @event.listens_for(engine, "engine_disposed")
    def _stop(_engine: Any) -> None:
        worker.stop()


def _socket_has_news(dbapi_conn: Any) -> bool:
    """True when the server has closed this idle connection (or sent anything at all: an idle connection
    expects nothing, so it is not trusted either)."""
    try:
        fd = dbapi_conn.pgconn.socket
    except Exception:  # closed, broken, or not a psycopg connection: not usable
        return True
    if dbapi_conn.closed or dbapi_conn.broken:
        return True
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLERR | select.POLLHUP)
        return bool(poller.poll(0))
    readable, _, _ = select.select([fd], [], [], 0)
    return bool(readable)


def replace_dead_connections(engine: Engine) -> None:
    """For a PostgreSQL pool: a checked-out connection the server closed is discarded and a new one opened
    (SQLAlchemy retries the checkout when a checkout listener raises DisconnectionError)."""

    @event.listens_for(engine, "checkout")
    def _check(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        if _socket_has_news(dbapi_conn):
            raise DisconnectionError("the server closed this pooled connection")

