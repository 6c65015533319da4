"""The migrations build the whole schema on an empty database and match the models."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from wardtasks.extensions import db

from .conftest import create_pg_database, drop_pg_database, make_test_app


@pytest.fixture
def empty_database_url(backend: str, tmp_path: Path, request) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    admin = request.getfixturevalue("postgres_admin_url")
    url = create_pg_database(admin, "wardtasks_migration")
    yield url
    drop_pg_database(admin, url)


def test_upgrade_creates_the_schema_of_the_models(empty_database_url: str) -> None:
    app = make_test_app(empty_database_url)
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
        assert {t.name for t in db.metadata.sorted_tables} <= tables
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        db.engine.dispose()


def test_downgrade_to_base_and_up_again(empty_database_url: str) -> None:
    app = make_test_app(empty_database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        db.engine.dispose()
    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert "assignment" not in inspect(db.engine).get_table_names()
        db.engine.dispose()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        db.engine.dispose()


def test_upgrade_from_the_counts_revision_drops_them_and_keeps_the_data(
    empty_database_url: str,
) -> None:
    """A database at the revision that kept counts by triggers (7c3e9d2a4f61), holding
    assignments, upgrades: the triggers, functions and table are gone, the assignments
    stay and can still be written, and the data version is there."""
    app = make_test_app(empty_database_url)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade", "7c3e9d2a4f61"])
    assert result.exit_code == 0, result.output
    now = "2026-01-01 00:00:00"
    rows = [
        "INSERT INTO organisation (id, code, name, short_name, sort_order, active, created_at)"
        f" VALUES (1, 'CCB', 'Hội CCB', 'CCB', 1, TRUE, '{now}')",
        "INSERT INTO plan (id, year, title, source_text, state, created_at)"
        f" VALUES (1, 2026, 'Kế hoạch', '', 'active', '{now}')",
        "INSERT INTO task (id, plan_id, title, text, sort_order, source_lines, created_at)"
        f" VALUES (1, 1, 'Việc', '', 1, '', '{now}')",
        "INSERT INTO assignment (id, task_id, organisation_id, status, progress, responsible,"
        " active, version, created_at, updated_at)"
        f" VALUES (1, 1, 1, 'not_started', 0, '', TRUE, 1, '{now}', '{now}')",
    ]
    with app.app_context():
        with db.engine.begin() as conn:
            for row in rows:
                conn.execute(text(row))
            assert conn.execute(text("SELECT n FROM assignment_count")).scalar() == 1
        db.engine.dispose()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert "assignment_count" not in inspect(db.engine).get_table_names()
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE assignment SET status = 'done' WHERE id = 1"))
            conn.execute(text("DELETE FROM assignment WHERE id = 1"))
            assert conn.execute(text("SELECT count(*) FROM data_version")).scalar() == 1
            if conn.dialect.name == "postgresql":
                functions = conn.execute(
                    text("SELECT count(*) FROM pg_proc WHERE proname LIKE 'assignment_count%'")
                ).scalar()
                assert functions == 0
        db.engine.dispose()
