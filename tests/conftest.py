"""Fixtures: a shared app with a fresh database per test, on SQLite or PostgreSQL.

``pytest`` runs the SQLite leg; ``pytest --db=postgresql`` runs the same suite
on PostgreSQL at ``WARDTASKS_TEST_POSTGRES_URL``. Without that URL (or without
/usr/bin/chromium for browser tests) those tests are skipped with the reason,
unless ``WARDTASKS_TEST_REQUIRE_ALL=1`` (set by .ci/run) turns skips into failures.
The PostgreSQL leg deselects the tests that use no database (see
:func:`pytest_collection_modifyitems`): the SQLite leg runs them.

Tests share apps (see :class:`AppPool`): one per distinct ``app_config``, each test on a
fresh database, with the app's configuration and login counters put back after it. A test
that changes the app itself (adds a route or a request hook, which Flask refuses once an
app has served a request) is marked ``@pytest.mark.own_app`` and gets an app of its own.
Users' passwords are hashed with a cheap method (factories.PASSWORD_HASH_METHOD).
"""

from __future__ import annotations

import copy
import os
import shutil
import sqlite3
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import (
    column,
    create_engine,
    event,
    exists,
    func,
    or_,
    select,
    text,
)
from sqlalchemy import table as table_clause
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.sql.elements import ColumnElement

from wardtasks import create_app
from wardtasks.auth.throttle import init_throttle
from wardtasks.extensions import db

from .factories import PASSWORD_HASH_METHOD, Ward, build_ward

REQUIRE_ALL = os.environ.get("WARDTASKS_TEST_REQUIRE_ALL") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip with ``reason``, or fail when the CI requires every leg."""
    if REQUIRE_ALL:
        pytest.fail(f"required by WARDTASKS_TEST_REQUIRE_ALL=1: {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="database the suite runs on",
    )


def pytest_report_header(config: pytest.Config) -> str:
    return f"wardtasks database leg: {config.getoption('--db')}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The PostgreSQL leg runs only the tests that reach a database through ``backend``.

    Every database fixture (``app``, ``database_url``, ``pg_url``, ...) depends on
    ``backend``, and nothing else reads ``--db``: a test without it in its fixture closure
    (the importer, dates, the Makefile, the layout walk) does exactly the same on both legs,
    so the SQLite leg (the default, the whole suite) runs it once. The PostgreSQL leg is the
    longer of the two that ``make test`` runs side by side; this takes its 367 database-free
    tests (the importer corpus evaluation among them) off it.
    """
    if config.getoption("--db") != "postgresql":
        return
    kept, free = [], []
    for item in items:
        (kept if "backend" in getattr(item, "fixturenames", ()) else free).append(item)
    if free:
        config.hook.pytest_deselected(items=free)
        items[:] = kept


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.config.getoption("--db"))


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    """URL of the PostgreSQL server used to create throw-away databases."""
    url = os.environ.get("WARDTASKS_TEST_POSTGRES_URL", "")
    if not url:
        skip_or_fail("PostgreSQL leg: WARDTASKS_TEST_POSTGRES_URL is not set")
    return url


def create_pg_database(admin_url: str, prefix: str = "wardtasks_test") -> str:
    """Create an empty database on the server of ``admin_url``; returns its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(admin_url: str, url: str) -> None:
    """Drop a database made by :func:`create_pg_database`, in the background.

    DROP DATABASE waits for a checkpoint of the whole server (1 to 20 s each here, with
    other suites writing to it), which need not hold up the tests that follow; the
    session waits for every drop at its end (:func:`pytest_sessionfinish`).
    """
    thread = threading.Thread(target=_drop_pg_database, args=(admin_url, url))
    thread.start()
    _PENDING_DROPS.append(thread)


_PENDING_DROPS: list[threading.Thread] = []


def _drop_pg_database(admin_url: str, url: str) -> None:
    name = make_url(url).database
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    for thread in _PENDING_DROPS:
        thread.join()


@pytest.fixture
def empty_database_url(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A database with no tables at all, for tests that run the migrations themselves."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    admin = request.getfixturevalue("postgres_admin_url")
    url = create_pg_database(admin, "wardtasks_empty")
    yield url
    drop_pg_database(admin, url)


@pytest.fixture(scope="session")
def pg_url(backend: str, request: pytest.FixtureRequest) -> Iterator[str | None]:
    """One PostgreSQL database for the session's tests (emptied before each test)."""
    if backend != "postgresql":
        yield None
        return
    admin = request.getfixturevalue("postgres_admin_url")
    url = create_pg_database(admin)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": url})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    yield url
    drop_pg_database(admin, url)


def make_test_app(database_url: str, **overrides: Any) -> Flask:
    """A new app for tests on ``database_url`` (which must hold the schema already)."""
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": None,
        "PASSWORD_HASH_METHOD": PASSWORD_HASH_METHOD,
    }
    config.update(overrides)
    return create_app(config)


@dataclass
class _Slot:
    """One shared app and the database it is bound to."""

    url: str
    path: Path | None  # the SQLite file, None on PostgreSQL
    app: Flask | None = None


@dataclass
class _Snapshot:
    """What a builder of :meth:`AppPool.seeded` returned, and the rows it wrote: a SQLite
    file, or on PostgreSQL one script that inserts them (when the database is empty) and
    moves the sequences past them."""

    value: Any
    template: Path
    script: str = ""


class AppPool:
    """The session's apps, one per distinct ``app_config``, each test on a fresh database.

    An app and its compiled templates cost more than most tests, so tests share them. A
    fresh database is cheap: on SQLite the schema is built once into a template file that
    is copied over the app's file before each test; on PostgreSQL the session's one
    database is emptied before each test (DELETE with triggers off, used sequences
    restarted: about 10 ms, where TRUNCATE of every table took 40 to 300 ms here). The
    ``ward`` most tests ask for, and the demo ward of the search tests, are built once,
    then copied in (:meth:`seeded`).
    """

    # Apps kept alive; a module whose app_config differs per test (a tmp_path in it)
    # would otherwise pile them up.
    KEEP = 4

    def __init__(self, backend: str, folder: Path, pg_url: str | None) -> None:
        self._backend = backend
        self._folder = folder
        self._pg_url = pg_url
        self._slots: OrderedDict[str, _Slot] = OrderedDict()
        self._pg_engine: Engine | None = None
        self._template: Path | None = None
        self._pg_reset = ""
        self._pg_superuser = False
        # What each builder of seeded() wrote the first time, by the builder's name.
        self._snapshots: dict[str, _Snapshot] = {}
        if backend == "sqlite":
            self._template = folder / "template.sqlite"
            maker = make_test_app(f"sqlite:///{self._template}")
            with maker.app_context():
                db.create_all()
                db.engine.dispose()
        else:
            assert pg_url is not None
            # Each script below brackets its own transaction: one round trip each.
            self._pg_engine = create_engine(pg_url, isolation_level="AUTOCOMMIT")
            with self._pg_engine.connect() as conn:
                # Only a superuser may switch triggers off (the test server's role is one).
                self._pg_superuser = conn.scalar(text("SHOW is_superuser")) == "on"
                self._pg_reset = _pg_reset_script(conn, self._pg_superuser)

    def fresh_database(self, key: str) -> str:
        """The URL of the database of ``key``'s app, emptied down to the bare schema."""
        slot = self._slots.get(key)
        if slot is None:
            if self._backend == "sqlite":
                path = self._folder / f"app-{len(self._slots)}-{uuid.uuid4().hex[:6]}.sqlite"
                slot = _Slot(url=f"sqlite:///{path}", path=path)
            else:
                assert self._pg_url is not None
                slot = _Slot(url=self._pg_url, path=None)
            self._slots[key] = slot
        self._slots.move_to_end(key)
        if slot.path is not None:
            if slot.app is not None:
                # No connection may outlive the file it was opened on.
                with slot.app.app_context():
                    db.session.remove()
                    db.engine.dispose()
            self._copy_template(slot.path)
        else:
            self._empty_postgresql()
        return slot.url

    def app(self, key: str, app_config: dict[str, Any]) -> Flask:
        """The shared app of ``key`` (made with ``app_config`` the first time)."""
        slot = self._slots[key]
        if slot.app is None:
            slot.app = make_test_app(slot.url, **app_config)
            if slot.path is not None:
                with slot.app.app_context():
                    event.listen(db.engine, "connect", _sqlite_without_fsync)
        return slot.app

    def ward(self, key: str) -> Ward:
        """:func:`build_ward` into ``key``'s fresh database (see :meth:`seeded`; building
        it took 20 to 60 ms, putting it back takes 3 to 15)."""
        ward: Ward = self.seeded(key, build_ward)
        return ward

    def seeded(self, key: str, build: Callable[[], Any]) -> Any:
        """``build()`` run in ``key``'s fresh database, in the app's context; after the first
        time, its rows are put back from a snapshot instead when the database is still
        empty, and a copy of what it returned the first time is returned."""
        slot = self._slots[key]
        assert slot.app is not None
        name = f"{build.__module__}.{build.__qualname__}"
        snapshot = self._snapshots.get(name)
        if snapshot is not None and snapshot.script:
            # PostgreSQL: the script itself refuses a database that is not empty.
            try:
                self._run_script(snapshot.script)
            except Exception as error:  # the driver's: psycopg.errors.RaiseException
                if _NOT_EMPTY not in str(error):
                    raise
            else:
                return copy.deepcopy(snapshot.value)
        with slot.app.app_context():
            empty = self._is_empty()
            if snapshot is None or not empty or (slot.path is None and not self._pg_superuser):
                value = build()
                if empty and snapshot is None:
                    self._snapshots[name] = self._save(slot, copy.deepcopy(value))
                return value
            assert slot.path is not None
            db.session.remove()
            # Written through SQLite (not a file copy), so every app's connections to the
            # database, also ones opened before this fixture, see the rows.
            source = sqlite3.connect(snapshot.template)
            target = sqlite3.connect(slot.path)
            target.execute("PRAGMA synchronous=OFF")  # as _sqlite_without_fsync
            source.backup(target)
            source.close()
            target.close()
        return copy.deepcopy(snapshot.value)

    def _nothing(self) -> ColumnElement[bool]:
        """True when the database holds no rows (and, on PostgreSQL, no used sequence)."""
        # The data version's one row is there from the schema on (it is not data).
        tables = [t for t in db.metadata.sorted_tables if t.name != "data_version"]
        nothing = ~or_(*(exists().select_from(t) for t in tables))
        if self._pg_engine is not None:
            # Rows written and deleted again would have moved the ids build_ward() gets.
            seq = table_clause("pg_sequences", column("schemaname"), column("last_value"))
            used = (seq.c.schemaname == func.current_schema()) & seq.c.last_value.is_not(None)
            nothing &= ~exists().select_from(seq).where(used)
        return nothing

    def _is_empty(self) -> bool:
        empty = bool(db.session.scalar(select(self._nothing())))
        db.session.rollback()
        return empty

    def _save(self, slot: _Slot, value: Any) -> _Snapshot:
        db.session.remove()
        snapshot = _Snapshot(value, self._folder / f"seeded-{len(self._snapshots)}.sqlite")
        if slot.path is not None:
            db.engine.dispose()
            shutil.copyfile(slot.path, snapshot.template)
            return snapshot
        if not self._pg_superuser:
            return snapshot  # rebuilt each time: only a superuser may switch triggers off
        with db.engine.connect() as conn:
            quote = conn.dialect.identifier_preparer.quote
            nothing = select(self._nothing()).compile(
                dialect=conn.dialect, compile_kwargs={"literal_binds": True}
            )
            # Triggers off: the rows as they were, whatever triggers would add (they ran when
            # the rows were made).
            script = [
                f"DO $$BEGIN IF NOT ({nothing}) THEN RAISE EXCEPTION '{_NOT_EMPTY}'; END IF; END$$",
                "SET LOCAL session_replication_role = replica",
            ]
            setvals = []
            for table in db.metadata.sorted_tables:
                names = ", ".join(quote(c.name) for c in table.columns)
                # The rows as PostgreSQL writes them in JSON, read back by the columns' types.
                rows = conn.scalar(
                    text(
                        f"SELECT json_agg(t)::text FROM (SELECT {names} FROM {quote(table.name)}) t"
                    )
                )
                if rows is None:
                    continue
                literal = "'" + rows.replace("'", "''") + "'"
                script.append(
                    f"INSERT INTO {quote(table.name)} ({names}) SELECT {names}"
                    f" FROM json_populate_recordset(NULL::{quote(table.name)}, {literal})"
                )
                id_column = table.autoincrement_column
                if id_column is not None:
                    sequence = conn.scalar(
                        text("SELECT pg_get_serial_sequence(:t, :c)"),
                        {"t": table.name, "c": id_column.name},
                    )
                    last = conn.scalar(select(func.max(id_column)))
                    setvals.append(f"setval('{sequence}', {int(last)})")
            if setvals:
                script.append(f"SELECT {', '.join(setvals)}")
        snapshot.script = "; ".join(script)
        return snapshot

    def _run_script(self, script: str) -> None:
        """``script`` in a transaction of its own, in one round trip: round trips are what
        the PostgreSQL leg waits on under load. A test's fresh database and ward took 18
        (BEGIN, the emptiness check, an INSERT per table, COMMIT ...), now 2: 37 -> 26 ms
        a test here, 20 fresh databases with the ward in a row."""
        assert self._pg_engine is not None
        with self._pg_engine.connect() as conn:
            # The driver's own cursor: without parameters, a % in the rows is no placeholder.
            cursor = conn.connection.cursor()
            try:
                cursor.execute(f"BEGIN; {script}; COMMIT")
            except Exception:
                cursor.execute("ROLLBACK")
                raise
            finally:
                cursor.close()

    def release(self, key: str | None = None) -> None:
        """Forget ``key``'s app, or the least recently used ones beyond :attr:`KEEP`."""
        keys = [key] if key is not None else list(self._slots)[: -self.KEEP]
        for k in keys:
            slot = self._slots.pop(k)
            if slot.app is not None:
                with slot.app.app_context():
                    db.session.remove()
                    db.engine.dispose()
            if slot.path is not None:
                for path in _sqlite_files(slot.path):
                    path.unlink(missing_ok=True)

    def close(self) -> None:
        """Dispose of every app and engine (end of the session)."""
        for key in list(self._slots):
            self.release(key)
        if self._pg_engine is not None:
            self._pg_engine.dispose()

    def _copy_template(self, path: Path) -> None:
        template = self._template
        assert template is not None
        for stale in _sqlite_files(path)[1:]:  # a WAL left by a leaked connection
            stale.unlink(missing_ok=True)
        part = path.with_suffix(".part")
        shutil.copyfile(template, part)
        # A new file (inode), so a connection some test leaked keeps the old one.
        os.replace(part, path)

    def _empty_postgresql(self) -> None:
        self._run_script(self._pg_reset)


def _pg_reset_script(conn: Connection, superuser: bool) -> str:
    """The statements that empty the database and restart its sequences."""
    tables = conn.scalars(text(_PG_TABLES)).all()
    sequences = conn.scalars(
        text(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename)"
            " FROM pg_sequences WHERE schemaname = current_schema()"
        )
    ).all()
    script = ["SET LOCAL lock_timeout = '10s'"]  # a leaked transaction fails the test, loudly
    if not superuser:
        script.append(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    else:
        # Triggers off: the audit table refuses DELETE, and foreign keys need no order.
        script.append("SET LOCAL session_replication_role = replica")
        script += [f"DELETE FROM {table}" for table in tables]
        script += [f"ALTER SEQUENCE {sequence} RESTART" for sequence in sequences]
    return "; ".join(script)


_PG_TABLES = (
    "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables"
    " WHERE schemaname = current_schema()"
)


# What the ward's script raises on a database that holds rows already.
_NOT_EMPTY = "wardtasks tests: the database is not empty"


def _sqlite_without_fsync(dbapi_connection: Any, _record: Any) -> None:
    """After the app's own settings: a test database is thrown away, so it need not survive a
    power cut, and the fsync of the checkpoint as each test closes its connections cost
    about 15 ms a test under load."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.close()


def _sqlite_files(path: Path) -> list[Path]:
    return [path, Path(f"{path}-wal"), Path(f"{path}-shm")]


@pytest.fixture(scope="session")
def app_pool(
    backend: str, pg_url: str | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppPool]:
    pool = AppPool(backend, tmp_path_factory.mktemp("apps"), pg_url)
    yield pool
    pool.close()


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Overrides for the app of one test (a test module can redefine this fixture)."""
    return {}


@pytest.fixture
def app_key(
    request: pytest.FixtureRequest, app_pool: AppPool, app_config: dict[str, Any]
) -> Iterator[str]:
    """Which shared app this test gets: one per distinct ``app_config``; its own with
    ``@pytest.mark.own_app`` (for a test that adds routes or hooks to the app)."""
    own = request.node.get_closest_marker("own_app") is not None
    key = f"own:{request.node.nodeid}" if own else repr(sorted(app_config.items()))
    yield key
    app_pool.release(key if own else None)


@pytest.fixture
def database_url(app_pool: AppPool, app_key: str) -> str:
    """This test's database: the schema without rows, the one ``app`` is bound to."""
    return app_pool.fresh_database(app_key)


@pytest.fixture
def app(
    app_pool: AppPool, app_key: str, database_url: str, app_config: dict[str, Any]
) -> Iterator[Flask]:
    """The app on a fresh, empty schema (shared with other tests of the same ``app_config``;
    its configuration and login counters are put back after each test)."""
    app = app_pool.app(app_key, app_config)
    config = dict(app.config)
    _forget_earlier_tests(app)
    yield app
    with app.app_context():
        db.session.remove()
    app.config.clear()
    app.config.update(config)


def _forget_earlier_tests(app: Flask) -> None:
    """Reset what a shared app remembers between requests, beyond its database."""
    init_throttle(app)  # no failed logins counted by an earlier test
    # Flask-Caching keeps its backends here: entries keyed by row versions would otherwise
    # answer from an earlier test's database (every fresh database restarts the versions).
    for backend in app.extensions.get("cache", {}).values():
        backend.clear()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def ward(app_pool: AppPool, app_key: str, app: Flask) -> Ward:
    """A small ward with a user of every role (and of another organisation and branch)."""
    return app_pool.ward(app_key)


class AuthActions:
    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, username: str, password: str = "correct-horse-42") -> Any:
        return self._client.post(
            "/login", data={"username": username, "password": password}, follow_redirects=False
        )

    def logout(self) -> Any:
        return self._client.post("/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)
