"""Several OS processes write the same branch's monthly report at once, each from the
version it read: every save accepted is one step of the report's version, the others are
refused as stale (never an error, never a save built on another's), and of the submissions
each is numbered once. Runs on SQLite (a file) and PostgreSQL."""

from __future__ import annotations

import multiprocessing

from sqlalchemy import select

from wardtasks.extensions import db
from wardtasks.models import PeriodicReport, ReportSubmission

PROCESSES = 4
SAVES_PER_PROCESS = 15
MESSAGES = dict.fromkeys(("stale", "not_editable", "too_early"), "x")


def _worker(database_url: str, user_id: int, branch_id: int, seed: int) -> tuple[int, int]:
    """One process: read the version, save (the last time: submit); count refusals."""
    from wardtasks.cycle.services import (
        CycleRefusal,
        StaleReport,
        branch_unit,
        find_report,
        save_report,
    )
    from wardtasks.models import Branch, User

    from .conftest import make_test_app

    app = make_test_app(database_url)
    accepted = refused = 0
    with app.test_request_context():
        user = db.session.get(User, user_id)
        unit = branch_unit(db.session.get(Branch, branch_id))
        for i in range(SAVES_PER_PROCESS):
            db.session.rollback()  # a fresh snapshot for the version the "form" carries
            report = find_report(unit, 2023, 3)
            version = report.version if report is not None else 0
            try:
                save_report(
                    unit,
                    2023,
                    3,
                    {"results": f"process {seed} save {i}"},
                    version,
                    user,
                    submit=i == SAVES_PER_PROCESS - 1,
                    link="/cycle",
                    messages=MESSAGES,
                )
            except (StaleReport, CycleRefusal):
                refused += 1
                continue
            accepted += 1
        db.session.remove()
    return accepted, refused


def test_writers_of_one_report_at_once(app, ward, database_url) -> None:
    jobs = [(database_url, ward.users["branch_head"], ward.branch_a1, n) for n in range(PROCESSES)]
    with multiprocessing.get_context("spawn").Pool(PROCESSES) as pool:
        results = pool.starmap(_worker, jobs)
    accepted = sum(a for a, _r in results)
    assert accepted + sum(r for _a, r in results) == PROCESSES * SAVES_PER_PROCESS
    assert accepted > PROCESSES
    with app.app_context():
        reports = db.session.scalars(select(PeriodicReport)).all()
        assert len(reports) == 1  # created once, whoever came first
        # Every accepted save moved the version by one: none was built on a stale one.
        assert reports[0].version == accepted
        numbers = db.session.scalars(select(ReportSubmission.number)).all()
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
        assert len(numbers) <= 1  # once submitted, the later saves are refused
