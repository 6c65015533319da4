"""Several OS processes save status updates to the same and to different assignments at
once: afterwards the history holds exactly the accepted updates and every assignment's
current state is its last accepted update; and every writer of an assignment at once
keeps its history true. Runs on SQLite (a file) and PostgreSQL."""

from __future__ import annotations

import multiprocessing
import random
from datetime import date
from typing import Any

from sqlalchemy import select

from wardtasks.extensions import db
from wardtasks.models import (
    ASSIGNMENT_STATUSES,
    Assignment,
    AssignmentMonth,
    StatusUpdate,
    User,
)
from wardtasks.tasks import months
from wardtasks.tasks.services import NotAllowed, StaleVersion, record_status_update

from .test_writers import WRITERS, Target, new_branch, target_of

PROCESSES = 4
UPDATES_PER_PROCESS = 30

Accepted = tuple[int, int, str, int, str]  # assignment, version, status, progress, note


def _worker(
    database_url: str, user_id: int, assignment_ids: list[int], seed: int
) -> tuple[list[Accepted], int]:
    """One process: many read-version-then-save cycles; conflicts are counted, not retried."""
    from .conftest import make_test_app

    app = make_test_app(database_url)
    rng = random.Random(seed)  # noqa: S311
    accepted: list[Accepted] = []
    refused = 0
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        for i in range(UPDATES_PER_PROCESS):
            aid = rng.choice(assignment_ids)
            db.session.rollback()  # a fresh snapshot for the version the "form" carries
            version = db.session.scalar(select(Assignment.version).where(Assignment.id == aid))
            status = rng.choice(ASSIGNMENT_STATUSES)
            progress = 100 if status == "done" else rng.randrange(0, 100, 5)
            note = f"process {seed} update {i}"
            try:
                entry = record_status_update(
                    aid,
                    user,
                    status=status,
                    progress=progress,
                    note=note,
                    expected_version=int(version or 0),
                )
            except StaleVersion:
                refused += 1
                continue
            accepted.append((aid, entry.version, status, progress, note))
        db.session.remove()
        db.engine.dispose()
    return accepted, refused


def test_concurrent_updates_lose_nothing(app, ward, database_url) -> None:
    hot = ward.assignment_a1  # every process writes to it
    own = [ward.assignment_a2, ward.assignment_b1, ward.assignment_org_a, ward.assignment_a1]
    jobs = [
        (database_url, ward.users["secretariat"], [hot, own[n % len(own)]], n)
        for n in range(PROCESSES)
    ]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(PROCESSES) as pool:
        results = pool.starmap(_worker, jobs)
    accepted = [row for rows, _refused in results for row in rows]
    refused = sum(r for _rows, r in results)
    assert len(accepted) + refused == PROCESSES * UPDATES_PER_PROCESS
    assert len(accepted) > PROCESSES  # the test really wrote
    print(f"accepted {len(accepted)}, refused as stale {refused}")

    with app.app_context():
        history = {
            (u.assignment_id, u.version, u.status, u.progress, u.note)
            for u in db.session.scalars(select(StatusUpdate))
        }
        assert history == set(accepted)  # every accepted update, nothing else
        assert len(history) == len(accepted)
        for aid in {row[0] for row in accepted}:
            mine = sorted((r for r in accepted if r[0] == aid), key=lambda r: r[1])
            # versions form an unbroken chain: no two saves were built on the same state
            assert [r[1] for r in mine] == list(range(2, len(mine) + 2))
            a = db.session.get(Assignment, aid)
            assert a is not None
            last = mine[-1]
            assert (a.version, a.status, a.progress) == (last[1], last[2], last[3])
        # each history row starts from the state the previous one left
        chain = db.session.scalars(
            select(StatusUpdate)
            .where(StatusUpdate.assignment_id == hot)
            .order_by(StatusUpdate.version)
        ).all()
        for before, after in zip(chain, chain[1:], strict=False):
            assert (after.from_status, after.from_progress) == (before.status, before.progress)


# Every writer of an assignment at once (issue 14, item 1) ------------------------------------

WRITER_PROCESSES = 4
WRITES_PER_PROCESS = 30


def _writers_process(
    database_url: str, target: Target, seed: int, start: Any, results: Any
) -> None:
    """One process: random writers of :data:`tests.test_writers.WRITERS` on the target's
    assignments; refusals (someone saved since the form was read, a row taken back) are
    counted, anything else is an error."""
    from .conftest import make_test_app

    app = make_test_app(database_url)
    rng = random.Random(seed)  # noqa: S311
    calls = sorted({w.write for w in WRITERS.values()}, key=lambda f: f.__name__)
    refused, errors = 0, []
    with app.app_context():
        start.wait()  # every process ready: their writes overlap
        for _ in range(WRITES_PER_PROCESS):
            write = rng.choice(calls)
            db.session.rollback()
            try:
                write(target, rng)
            except (StaleVersion, NotAllowed):
                refused += 1
            except Exception as exc:  # noqa: BLE001 - reported by the test
                db.session.rollback()
                errors.append(f"{write.__name__}: {exc!r}"[:300])
        db.session.remove()
        db.engine.dispose()
    results.put((refused, errors))


def test_every_writer_at_once_keeps_the_history_true(app, ward, database_url) -> None:
    """Status updates, setting the responsible person and the due date, taking back,
    giving back and redistributing, in four processes on the same assignments (one of
    them given for the first time meanwhile): no error, and each assignment's history is
    a chain of its versions, each row starting from the state (status, progress, due
    date) the previous one left and the last one its current state; the reports' month
    rows they wrote are those the history makes."""
    with app.app_context():
        target = target_of(ward, [ward.branch_a1, ward.branch_a2, new_branch(ward)])
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(WRITER_PROCESSES), ctx.Queue()
    processes = [
        ctx.Process(target=_writers_process, args=(database_url, target, n, start, results))
        for n in range(WRITER_PROCESSES)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=300) for _ in processes]
    for process in processes:
        process.join()
    assert [e for _refused, errors in outcomes for e in errors] == []
    with app.app_context():
        assignments = db.session.scalars(
            select(Assignment).where(Assignment.task_id == ward.task_a)
        ).all()
        assert sorted(a.branch_id for a in assignments) == sorted(target.branches)
        for a in assignments:
            rows = db.session.scalars(
                select(StatusUpdate)
                .where(StatusUpdate.assignment_id == a.id)
                .order_by(StatusUpdate.version)
            ).all()
            assert [r.version for r in rows] == list(range(2, a.version + 1)), a.id
            # As each was given: the task's date, given out.
            held = ("not_started", 0, date(2023, 7, 11), True)
            for row in rows:
                started = (row.from_status, row.from_progress, row.from_due_date, row.from_active)
                assert started == held, (a.id, row.version)
                held = (row.status, row.progress, row.due_date, row.active)
            assert (a.status, a.progress, a.due_date, a.active) == held, a.id
        # The reports' read model the writers kept, row by row, is the one the history
        # makes (tasks/months.py: written with each change, made again here).
        written = _month_rows()
        months.rebuild()
        assert _month_rows() == written
        db.session.rollback()


def _month_rows() -> list[tuple[object, ...]]:
    """Every row of the month-end read model, in key order."""
    table = AssignmentMonth.__table__
    return [
        tuple(r)
        for r in db.session.execute(select(table).order_by(table.c.assignment_id, table.c.month))
    ]
