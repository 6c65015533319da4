"""Engine tuning and write transactions.

SQLite: every connection gets foreign keys, WAL and a busy timeout. A read
transaction that later writes can fail with "database is locked" however long
the busy timeout is (its snapshot is stale), so services that write open their
transaction with ``BEGIN IMMEDIATE`` through :func:`write_transaction`.
PostgreSQL needs nothing special for writes: optimistic version checks guard the
rows, and a check that must see every committed write before writing (a unique name)
takes :func:`one_writer_at_a_time` first. Its JIT compiler is turned off for the app's
connections (see :func:`_postgresql_settings`).
"""

from __future__ import annotations

import math
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from hashlib import blake2b
from typing import Any

from flask import Flask
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine

from .extensions import db

_immediate: ContextVar[bool] = ContextVar("wardtasks_sqlite_immediate", default=False)
# Set while a connection of its own is used inside a request that may hold another
# (write_connection): its return to the pool is no time to wait for readers.
_inside_request: ContextVar[bool] = ContextVar("wardtasks_inside_request", default=False)


def configure_engine(app: Flask) -> None:
    """Attach the connection settings to the app's engine: SQLite's pragmas and its
    BEGIN; PostgreSQL's JIT compiler off."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _postgresql_settings)
    if engine.dialect.name != "sqlite":
        return
    busy_ms = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])
    wal_limit = int(app.config["SQLITE_WAL_LIMIT_BYTES"])
    on_disk = engine.url.database not in (None, "", ":memory:")
    if on_disk:
        event.listen(engine, "checkin", WalBound(f"{engine.url.database}-wal", wal_limit))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        if not isinstance(dbapi_connection, sqlite3.Connection):  # pragma: no cover
            return
        # We issue BEGIN ourselves (below), so the driver must not.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        if on_disk:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            # A WAL that grew under load is cut back to this size when it restarts.
            cursor.execute(f"PRAGMA journal_size_limit={wal_limit}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _immediate.get() else "BEGIN")


class WalBound:
    """Keep SQLite's ``-wal`` file near ``limit`` bytes: when a connection goes back to the
    pool (a request is over) and the file is larger, checkpoint it whole and truncate it.

    SQLite's own checkpoint runs after a commit once the WAL holds 1,000 pages, and never
    waits: it copies into the database only the frames no open read transaction still
    needs, and the WAL restarts from its beginning only once a checkpoint got them all.
    No request holds a read transaction past its end (a connection goes back to the
    pool rolled back, ``tests/test_sqlite_wal.py``), but under steady load some request
    is always reading, so those checkpoints kept falling short and the file kept
    growing (54 MB beside a 6 MB database in the bench). ``wal_checkpoint(TRUNCATE)``
    waits for the readers of older snapshots (each a request: milliseconds) instead.
    It waits at most ``WAIT_MS``; one that could not finish is tried again by the next
    request after ``RETRY_SECONDS``, so a long reader (a backup) costs one short wait a
    second, not one per request. A connection :func:`write_connection` used inside a
    request does not checkpoint on its way back: that request may still be reading on its
    own session's connection, and the wait would be for itself."""

    WAIT_MS = 100
    RETRY_SECONDS = 1.0

    def __init__(self, path: str, limit: int) -> None:
        self.path = path
        self.limit = limit
        self._failed_at = -math.inf  # when a checkpoint last gave up

    def __call__(self, dbapi_connection: Any, _record: Any) -> None:
        if not isinstance(dbapi_connection, sqlite3.Connection) or _inside_request.get():
            return  # invalidated, not SQLite's driver, or the request holds another
        try:
            if os.stat(self.path).st_size <= self.limit:
                return
        except OSError:
            return
        now = time.monotonic()
        if now < self._failed_at + self.RETRY_SECONDS:
            return
        try:
            busy_ms = dbapi_connection.execute("PRAGMA busy_timeout").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA busy_timeout={self.WAIT_MS}")
            try:
                busy = dbapi_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            finally:
                dbapi_connection.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        except sqlite3.Error:
            busy = 1
        self._failed_at = now if busy else -math.inf


def _postgresql_settings(dbapi_connection: Any, _record: Any) -> None:
    """JIT off. The month report's correlated subqueries push the planner's cost estimate
    past ``jit_above_cost``, and compiling then took about 75 of its 300 ms on the scale
    ward while saving nothing measurable; no query here runs long enough to gain from it.
    Committed, because a SET inside a transaction later rolled back would be undone."""
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    dbapi_connection.commit()


@contextmanager
def write_transaction(*, expire: bool = True) -> Iterator[None]:
    """Run the block in one write transaction; commit on success, roll back on error.

    Any read transaction the request already holds is ended first so that, on
    SQLite, the write transaction takes the lock up front and waits for it
    (busy timeout) instead of failing halfway.

    ``expire=False`` keeps the ORM objects already loaded (the logged-in user) as they
    are through both commits, instead of reading them again on next use: for writers
    that change rows only with Core statements, so nothing loaded went stale.
    """
    session = db.session()
    keep = session.expire_on_commit
    session.expire_on_commit = expire
    try:
        if session.in_transaction():
            session.commit()
        token = _immediate.set(True)
        try:
            session.connection()  # begins now, with the write lock on SQLite
        finally:
            _immediate.reset(token)
        try:
            yield
            session.commit()
        except BaseException:
            session.rollback()
            raise
    finally:
        session.expire_on_commit = keep


@contextmanager
def write_connection(*names: str) -> Iterator[Connection]:
    """A connection of its own in one write transaction, committed when the block ends:
    for a write every process must see at once, whatever the request's own session holds
    (the login lock's counts, ``auth/throttle.py``). No ORM session, so no data version.

    SQLite: ``BEGIN IMMEDIATE``, writers one at a time. PostgreSQL: the transaction holds
    the advisory lock of each of ``names`` (taken in sorted order, so two transactions
    never wait for each other in a circle) until it ends."""
    _end_clean_read()
    inside = _inside_request.set(True)
    try:
        with db.engine.connect() as connection:
            token = _immediate.set(True)
            try:
                transaction = connection.begin()
            finally:
                _immediate.reset(token)
            with transaction:
                if connection.dialect.name == "postgresql":
                    for name in sorted(set(names)):
                        connection.execute(_ADVISORY_LOCK, {"key": _advisory_key(name)})
                yield connection
    finally:
        _inside_request.reset(inside)


def _end_clean_read() -> None:
    """End the request session's read transaction, if it holds no change, before another
    connection writes: on SQLite a transaction that read before another's commit can no
    longer write ("database is locked" at once, whatever the busy timeout), so the
    session's next write (a login's password rehash and audit entry) must begin after.
    Loaded objects are kept as they are (nothing was written through the session)."""
    session = db.session()
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return
    keep = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep


_ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(:key)")


def _advisory_key(name: str) -> int:
    return int.from_bytes(blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


def one_writer_at_a_time(name: str) -> None:
    """Until the current write transaction ends, let no other hold ``name``: for a check
    that must see every committed write before this one writes (is this code taken? is
    another secretariat left?).

    SQLite's BEGIN IMMEDIATE already runs one writer at a time. PostgreSQL takes a
    transaction-level advisory lock on the name; the statements after it see what the
    previous holder committed (read committed), so two identical forms sent at once
    get one row and one message, not a unique violation (a 500) or two "last" changes.
    """
    if is_sqlite():
        return
    db.session.execute(_ADVISORY_LOCK, {"key": _advisory_key(name)})


def is_sqlite(engine: Engine | None = None) -> bool:
    """True when the app's database is SQLite."""
    return (engine or db.engine).dialect.name == "sqlite"
