"""The counts the ward's and an organisation's counters read stay equal to the assignments.

The database keeps them with triggers (wardtasks.models.counts); whatever writes an
assignment — a status update, assigning and taking back, a due date, a bulk statement,
a deletion, the migrations — the counters must show what the assignments hold.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from sqlalchemy import select, text, update

from wardtasks.extensions import db
from wardtasks.models import Assignment, User
from wardtasks.models.counts import differences
from wardtasks.tasks.services import assign_task, record_status_update

from .conftest import create_pg_database, drop_pg_database, make_test_app


def assert_counts_match() -> None:
    connection = db.session.connection()
    assert differences(connection) == set()
    assert connection.execute(text("SELECT sum(n) FROM assignment_count")).scalar(), (
        "the ward has active assignments to count"
    )


def _user(ward, key: str) -> User:
    user = db.session.get(User, ward.users[key])
    assert user is not None
    return user


def test_counts_follow_status_updates_assigning_and_due_dates(app, ward) -> None:
    with app.app_context():
        assert_counts_match()
        head = _user(ward, "branch_head")
        record_status_update(
            ward.assignment_a1,
            head,
            status="in_progress",
            progress=30,
            note="Đã triển khai.",
            expected_version=1,
        )
        assert_counts_match()
        record_status_update(
            ward.assignment_a1,
            head,
            status="done",
            progress=100,
            note="Xong.",
            expected_version=2,
        )
        leader = _user(ward, "leader")
        # A new due date, then the task taken back from one branch and given again.
        assign_task(
            ward.task_a,
            leader,
            action="set",
            branch_ids=[ward.branch_a1, ward.branch_a2],
            due_date=date(2023, 9, 30),
        )
        assert_counts_match()
        assign_task(ward.task_a, leader, action="withdraw", branch_ids=[ward.branch_a2])
        assert_counts_match()
        assign_task(ward.task_a, leader, action="assign", branch_ids=[ward.branch_a2])
        assert_counts_match()


def test_counts_follow_bulk_statements_and_deletions(app, ward) -> None:
    """Writes outside the app's services (a script, a console) are counted too."""
    with app.app_context():
        db.session.execute(update(Assignment).values(status="blocked", due_date=None))
        db.session.commit()
        assert_counts_match()
        db.session.execute(
            update(Assignment).where(Assignment.id == ward.assignment_b1).values(active=False)
        )
        db.session.commit()
        assert_counts_match()
        db.session.execute(
            text("DELETE FROM assignment WHERE id = :id"), {"id": ward.assignment_a2}
        )
        db.session.commit()
        assert_counts_match()
        # Nothing left to count for the withdrawn and the deleted assignment's keys.
        ids = set(db.session.scalars(select(Assignment.id).where(Assignment.active)))
        assert ward.assignment_b1 not in ids and ward.assignment_a2 not in ids


def _counter(page: str, key: str) -> int:
    match = re.search(rf'id="count-{key}">(\d+)<', page)
    assert match, f"no {key} counter on the page"
    return int(match.group(1))


def test_the_ward_and_organisation_counters_move_with_a_save(app, ward, client, auth) -> None:
    """The counters read the kept counts: a save moves one assignment from not started
    to blocked on the ward's page and on its organisation's page."""
    auth.login("vanphong")
    pages = ("/ward", f"/orgs/{ward.org_a}")
    before = [client.get(p).get_data(as_text=True) for p in pages]
    with app.app_context():
        record_status_update(
            ward.assignment_a1,
            _user(ward, "branch_head"),
            status="blocked",
            progress=10,
            note="Thiếu kinh phí.",
            expected_version=1,
        )
    after = [client.get(p).get_data(as_text=True) for p in pages]
    for old, new in zip(before, after, strict=True):
        assert _counter(new, "blocked") == _counter(old, "blocked") + 1
        assert _counter(new, "total") == _counter(old, "total")


def test_the_migration_counts_the_assignments_already_there(backend, tmp_path: Path, request):
    """Upgrading a database that holds assignments fills the counts, and the triggers it
    installs keep them after."""
    if backend == "sqlite":
        url, admin = f"sqlite:///{tmp_path / 'counts.sqlite'}", None
    else:
        admin = request.getfixturevalue("postgres_admin_url")
        url = create_pg_database(admin, "wardtasks_counts")
    try:
        app = make_test_app(url)
        runner = app.test_cli_runner()
        result = runner.invoke(args=["db", "upgrade", "5d0c7e1a9b42"])
        assert result.exit_code == 0, result.output
        with app.app_context():
            from .factories import build_ward

            ward = build_ward()
            db.session.remove()
            db.engine.dispose()
        result = runner.invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        with app.app_context():
            assert_counts_match()
            db.session.execute(
                update(Assignment)
                .where(Assignment.id == ward.assignment_a1)
                .values(status="done", progress=100)
            )
            db.session.commit()
            assert_counts_match()
            db.session.remove()
            db.engine.dispose()
    finally:
        if admin is not None:
            drop_pg_database(admin, url)


def test_recount_finds_and_rebuilds_counts_a_truncate_left_behind(app, ward) -> None:
    """A TRUNCATE fires no row trigger: the operator's recount command repairs the counts."""
    runner = app.test_cli_runner()
    with app.app_context():
        db.session.execute(text("DELETE FROM assignment_count"))
        db.session.commit()
    result = runner.invoke(args=["recount", "--check"])
    assert result.exit_code == 1 and "differ" in result.output
    result = runner.invoke(args=["recount"])
    assert result.exit_code == 0 and "Rebuilt" in result.output, result.output
    with app.app_context():
        assert_counts_match()
    assert "match" in runner.invoke(args=["recount", "--check"]).output
