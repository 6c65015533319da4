"""Fixtures: an app with a fresh database per test, on SQLite or PostgreSQL.

``pytest`` runs the SQLite leg; ``pytest --db=postgresql`` runs the same suite
on PostgreSQL at ``WARDTASKS_TEST_POSTGRES_URL``. Without that URL (or without
/usr/bin/chromium for browser tests) those tests are skipped with the reason,
unless ``WARDTASKS_TEST_REQUIRE_ALL=1`` (set by .ci/run) turns skips into failures.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from wardtasks import create_app
from wardtasks.extensions import db

from .factories import Ward, build_ward

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
    """Drop a database made by :func:`create_pg_database`."""
    name = make_url(url).database
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(scope="session")
def pg_url(backend: str, request: pytest.FixtureRequest) -> Iterator[str | None]:
    """One PostgreSQL database for the session's tests (emptied between tests)."""
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
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": None,
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture
def database_url(backend: str, pg_url: str | None, tmp_path: Path) -> str:
    if backend == "postgresql":
        assert pg_url is not None
        return pg_url
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Overrides for the app of one test (a test module can redefine this fixture)."""
    return {}


@pytest.fixture
def app(backend: str, database_url: str, app_config: dict[str, Any]) -> Iterator[Flask]:
    """The app on a fresh, empty schema."""
    app = make_test_app(database_url, **app_config)
    with app.app_context():
        if backend == "postgresql":
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            with db.engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        else:
            db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def ward(app: Flask) -> Ward:
    """A small ward with a user of every role (and of another organisation and branch)."""
    with app.app_context():
        return build_ward()


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
