"""The migrations build the whole schema on an empty database and match the models."""

from __future__ import annotations

from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text

from wardtasks.dates import month_end_utc
from wardtasks.devtools.scale import seed_scale
from wardtasks.extensions import db
from wardtasks.models import AssignmentMonth, StatusUpdate
from wardtasks.reports.month_end import month_end_status
from wardtasks.search.index import not_a_search_table

from .conftest import make_test_app


def _ward_rows(t: str) -> list[str]:
    """One organisation, the secretariat's account and a plan, created at ``t`` (SQL),
    as the schema of the revisions these tests start from holds them."""
    return [
        f"INSERT INTO organisation (id, code, name, short_name, sort_order, active, created_at)"
        f" VALUES (1, 'CCB', 'Hội CCB', 'CCB', 1, TRUE, {t})",
        "INSERT INTO user_account (id, username, password_hash, full_name, role,"
        " must_change_password, active, session_token, created_at)"
        f" VALUES (1, 'vanphong', 'x', 'Văn phòng', 'secretariat', FALSE, TRUE, 'x', {t})",
        "INSERT INTO plan (id, year, title, source_text, state, created_at)"
        f" VALUES (1, 2023, 'Kế hoạch', '', 'active', {t})",
    ]


def test_upgrade_creates_the_schema_of_the_models(empty_database_url: str) -> None:
    app = make_test_app(empty_database_url)
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
        assert {t.name for t in db.metadata.sorted_tables} <= tables
        with db.engine.connect() as conn:
            opts = {"compare_type": True, "include_name": not_a_search_table}
            context = MigrationContext.configure(conn, opts=opts)
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


def test_upgrade_fills_in_the_due_date_before_and_after_every_update(
    empty_database_url: str,
) -> None:
    """History written before the due date was kept on every row (revision 9a4e6c1d2b73):
    the upgrade fills it in, exactly where the audit trail has the status update, and a
    past month then shows the due date of that month, a cleared one included."""
    app = make_test_app(empty_database_url)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade", "9a4e6c1d2b73"])
    assert result.exit_code == 0, result.output
    t = "'2023-01-05 02:00:00'"
    audit = (
        "INSERT INTO audit_entry (id, created_at, actor_id, action, target_type, target_id,"
        " before, after) VALUES ({id}, {t}, 1, 'assignment.status_update', 'assignment', {aid},"
        " '{before}', '{after}')"
    )
    rows = [
        *_ward_rows(t),
        *(
            "INSERT INTO task (id, plan_id, organisation_id, title, text, sort_order, due_date,"
            f" source_lines, created_at) VALUES ({n}, 1, 1, 'Việc', '', 1, '2023-06-30', '', {t})"
            for n in (1, 2, 3)
        ),
        # 1: moved on the task page (no audit), then cleared by a status update (audited).
        # 2: never moved. 3: moved by a status update (audited) from a date not the task's.
        *(
            "INSERT INTO assignment (id, task_id, organisation_id, status, progress, due_date,"
            f" responsible, active, version, created_at, updated_at) VALUES ({aid}, {aid}, 1,"
            f" 'in_progress', {progress}, {due}, '', TRUE, {version}, {t}, '2023-04-01 02:00:00')"
            for aid, progress, due, version in (
                (1, 30, "NULL", 4),
                (2, 10, "'2023-05-31'", 2),
                (3, 20, "'2023-08-31'", 2),
            )
        ),
        *(
            "INSERT INTO status_update (id, assignment_id, author_id, created_at, from_status,"
            f" status, from_progress, progress, note, due_date, version) VALUES ({sid}, {aid}, 1,"
            f" '{when}', 'not_started', 'in_progress', 0, {progress}, '', {due}, {version})"
            for sid, aid, when, progress, due, version in (
                (1, 1, "2023-02-01 02:00:00", 10, "NULL", 2),
                (2, 1, "2023-03-01 02:00:00", 10, "'2023-09-30'", 3),
                (3, 1, "2023-04-01 02:00:00", 30, "NULL", 4),
                (4, 2, "2023-02-01 02:00:00", 10, "NULL", 2),
                (5, 3, "2023-02-01 02:00:00", 20, "'2023-08-31'", 2),
            )
        ),
        audit.format(
            id=1,
            t=t,
            aid=1,
            before='{"due_date": "2023-09-30", "version": 3}',
            after='{"due_date": null, "version": 4, "status_update_id": 3}',
        ),
        audit.format(
            id=2,
            t=t,
            aid=3,
            before='{"due_date": "2023-03-31", "version": 1}',
            after='{"due_date": "2023-08-31", "version": 2, "status_update_id": 5}',
        ),
    ]
    with app.app_context():
        with db.engine.begin() as conn:
            for row in rows:
                conn.execute(text(row))
        db.engine.dispose()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        filled = db.session.execute(
            select(StatusUpdate.id, StatusUpdate.from_due_date, StatusUpdate.due_date).order_by(
                StatusUpdate.id
            )
        ).all()
        months = {
            month: {
                s.assignment_id: s.due_date for s in month_end_status(1, month_end_utc(2023, month))
            }
            for month in (1, 2, 3, 4)
        }
        db.session.remove()
        db.engine.dispose()
    d = date
    assert [tuple(row) for row in filled] == [
        (1, d(2023, 6, 30), d(2023, 6, 30)),  # the task's date, carried
        (2, d(2023, 6, 30), d(2023, 9, 30)),
        (3, d(2023, 9, 30), None),  # cleared (the audit says so)
        (4, d(2023, 5, 31), d(2023, 5, 31)),
        (5, d(2023, 3, 31), d(2023, 8, 31)),  # from the audit, not the task
    ]
    assert months == {
        1: {1: d(2023, 6, 30), 2: d(2023, 5, 31), 3: d(2023, 3, 31)},
        2: {1: d(2023, 6, 30), 2: d(2023, 5, 31), 3: d(2023, 8, 31)},
        3: {1: d(2023, 9, 30), 2: d(2023, 5, 31), 3: d(2023, 8, 31)},
        4: {1: None, 2: d(2023, 5, 31), 3: d(2023, 8, 31)},
    }


def test_upgrade_fills_in_whether_each_update_left_the_assignment_given_out(
    empty_database_url: str,
) -> None:
    """History written before it recorded whether the assignment was given out (revision
    c4a8e2f19d07): the upgrade reads it from the audit trail of taking back and giving
    back (else from the note those writers leave), so a past month counts an assignment
    taken back later, and the month it was taken back in does not."""
    app = make_test_app(empty_database_url)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade", "c4a8e2f19d07"])
    assert result.exit_code == 0, result.output
    t = "'2023-01-05 02:00:00'"
    rows = [
        *_ward_rows(t),
        *(
            "INSERT INTO task (id, plan_id, organisation_id, title, text, sort_order, due_date,"
            f" source_lines, created_at) VALUES ({n}, 1, 1, 'Việc', '', 1, NULL, '', {t})"
            for n in (1, 2, 3)
        ),
        # 1: done in February, taken back in April (audited). 2: taken back in March (no
        # audit entry, the note), given back in April (audited). 3: never taken back.
        *(
            "INSERT INTO assignment (id, task_id, organisation_id, status, progress,"
            f" responsible, active, version, created_at, updated_at) VALUES ({aid}, {aid}, 1,"
            f" '{status}', 0, '', {active}, {version}, {t}, '2023-04-02 02:00:00')"
            for aid, status, active, version in (
                (1, "done", "FALSE", 3),
                (2, "not_started", "TRUE", 3),
                (3, "not_started", "TRUE", 1),
            )
        ),
        *(
            "INSERT INTO status_update (id, assignment_id, author_id, created_at, from_status,"
            " status, from_progress, progress, note, from_due_date, due_date, version) VALUES"
            f" ({sid}, {aid}, 1, '{when}', '{before}', '{after}', 0, 0, '{note}', NULL, NULL,"
            f" {version})"
            for sid, aid, when, before, after, note, version in (
                (1, 1, "2023-02-01 02:00:00", "not_started", "done", "", 2),
                (2, 1, "2023-04-02 02:00:00", "done", "done", "", 3),
                (
                    3,
                    2,
                    "2023-03-02 02:00:00",
                    "not_started",
                    "not_started",
                    "Thu hồi khỏi chi hội.",
                    2,
                ),
                (4, 2, "2023-04-02 02:00:00", "not_started", "not_started", "", 3),
            )
        ),  # fmt: skip
        "INSERT INTO audit_entry (id, created_at, actor_id, action, target_type, target_id,"
        f" before, after) VALUES (1, {t}, 1, 'assignment.take_back', 'assignment', 1,"
        """ '{"active": true}', '{"active": false, "status_update_id": 2}')""",
        "INSERT INTO audit_entry (id, created_at, actor_id, action, target_type, target_id,"
        f" before, after) VALUES (2, {t}, 1, 'assignment.give_back', 'assignment', 2,"
        """ '{"active": false}', '{"active": true, "status_update_id": 4}')""",
    ]
    with app.app_context():
        with db.engine.begin() as conn:
            for row in rows:
                conn.execute(text(row))
        db.engine.dispose()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        filled = db.session.execute(
            select(StatusUpdate.id, StatusUpdate.from_active, StatusUpdate.active).order_by(
                StatusUpdate.id
            )
        ).all()
        months = {
            month: {
                s.assignment_id: s.status for s in month_end_status(1, month_end_utc(2023, month))
            }
            for month in (2, 3, 4)
        }
        db.session.remove()
        db.engine.dispose()
    assert [tuple(row) for row in filled] == [
        (1, True, True),
        (2, True, False),
        (3, True, False),
        (4, False, True),
    ]
    assert months == {
        2: {1: "done", 2: "not_started", 3: "not_started"},
        3: {1: "done", 3: "not_started"},
        4: {2: "not_started", 3: "not_started"},
    }


def test_upgrade_dates_branches_added_from_the_admin_screens(empty_database_url: str) -> None:
    """Branches added before the revision take the time of their ``branch.create`` audit
    entry; one with no such entry (seeded) stays undated: counted in every month."""
    app = make_test_app(empty_database_url)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade", "f2a0b1c2d3e4"])
    assert result.exit_code == 0, result.output
    t = "'2023-01-01 00:00:00'"
    rows = [
        *_ward_rows(t),
        "INSERT INTO branch (id, organisation_id, name, sort_order, active)"
        " VALUES (1, 1, 'Chi hội 1', 1, TRUE)",
        "INSERT INTO branch (id, organisation_id, name, sort_order, active)"
        " VALUES (2, 1, 'Chi hội 2', 2, TRUE)",
        "INSERT INTO audit_entry (id, created_at, actor_id, action, target_type, target_id)"
        " VALUES (1, '2023-04-10 02:00:00', 1, 'branch.create', 'branch', 2)",
    ]
    with app.app_context():
        with db.engine.begin() as conn:
            for row in rows:
                conn.execute(text(row))
        db.engine.dispose()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        with db.engine.begin() as conn:
            dated = dict(conn.execute(text("SELECT id, created_at FROM branch ORDER BY id")).all())
        db.engine.dispose()
    assert dated[1] is None
    assert str(dated[2]).startswith("2023-04-10 02:00:00")


def test_upgrade_makes_the_month_rows_the_app_makes_from_the_history(
    empty_database_url: str,
) -> None:
    """A ward's history before the reports' read model (revision e7b3c5a9d104): the
    upgrade fills ``assignment_month`` with the rows the app makes from the same history
    (tasks/months.py), for every assignment and month of a generated year."""
    app = make_test_app(empty_database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        seed_scale(orgs=2, blocks=3, years=1, tasks_per_org=6, users=12, password_hash="x", seed=7)
        made = _month_rows()
        db.session.remove()
        db.engine.dispose()
    assert len(made) > 100
    result = runner.invoke(args=["db", "downgrade", "e7b3c5a9d104"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert _month_rows() == made
        db.session.remove()
        db.engine.dispose()


def _month_rows() -> list[tuple[object, ...]]:
    table = AssignmentMonth.__table__
    query = select(table).order_by(table.c.assignment_id, table.c.month)
    return [tuple(r) for r in db.session.execute(query)]
