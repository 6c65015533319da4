"""Constraints live in the schema, not only in forms: the database refuses bad rows."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from wardtasks.extensions import db
from wardtasks.models import Assignment, Branch, Organisation, User


def _refused(stmt: str, **params: object) -> None:
    with pytest.raises(IntegrityError):
        db.session.execute(text(stmt), params)
        db.session.flush()
    db.session.rollback()


def test_progress_and_status_are_checked(app, ward) -> None:
    with app.app_context():
        _refused("UPDATE assignment SET progress = 101 WHERE id = :i", i=ward.assignment_a1)
        _refused("UPDATE assignment SET progress = -1 WHERE id = :i", i=ward.assignment_a1)
        _refused("UPDATE assignment SET status = 'finished' WHERE id = :i", i=ward.assignment_a1)
        a = db.session.get(Assignment, ward.assignment_a1)
        assert a is not None and a.progress == 0 and a.status == "not_started"


def test_organisation_codes_are_unique(app, ward) -> None:
    with app.app_context():
        db.session.add(Organisation(code="CCB", name="Hội khác", short_name="Khác"))
        with pytest.raises(IntegrityError):
            db.session.flush()


def test_foreign_keys_are_enforced(app, ward) -> None:
    with app.app_context():
        db.session.add(Branch(organisation_id=9999, name="Chi hội ma"))
        with pytest.raises(IntegrityError):
            db.session.flush()


def test_roles_are_bound_to_their_scope(app, ward) -> None:
    with app.app_context():
        db.session.add(User(username="x", full_name="X", role="leader", password_hash="x"))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
        db.session.add(User(username="y", full_name="Y", role="admin", password_hash="x"))
        with pytest.raises(IntegrityError):
            db.session.flush()


def test_a_task_is_given_to_a_branch_only_once(app, ward) -> None:
    with app.app_context():
        db.session.add(
            Assignment(task_id=ward.task_a, organisation_id=ward.org_a, branch_id=ward.branch_a1)
        )
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
        # and only once at an organisation's own level
        db.session.add(Assignment(task_id=ward.task_shared, organisation_id=ward.org_a))
        with pytest.raises(IntegrityError):
            db.session.flush()


def test_partial_indexes_keep_their_condition(app) -> None:
    """models/base.py's partial_index writes its WHERE for either database (not through a
    dialect's argument): the schema the tests build has each index's condition (without
    it, the organisation-level unique index would refuse a task's second branch)."""
    with app.app_context():
        partial = {
            index.name: index.info["where"]
            for table in db.metadata.tables.values()
            for index in table.indexes
            if "where" in index.info
        }
        assert len(partial) >= 7
        # Every partial index goes through partial_index: a dialect's own argument
        # (sqlite_where / postgresql_where) would load that dialect in every worker.
        dialect_where = [
            index.name
            for table in db.metadata.tables.values()
            for index in table.indexes
            if any(
                index.dialect_options[d]._non_defaults.get("where") is not None
                for d in ("sqlite", "postgresql")
            )
        ]
        assert dialect_where == []
        if db.engine.dialect.name == "sqlite":
            query = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :n"
        else:
            query = "SELECT indexdef FROM pg_indexes WHERE indexname = :n"
        for name, where in partial.items():
            ddl = db.session.execute(text(query), {"n": name}).scalar_one()
            assert "WHERE" in ddl.upper(), (name, ddl)
            words = ["branch_id", "reopened_at", "done", "from_active"]
            assert any(w in ddl and w in where for w in words), (name, ddl)
