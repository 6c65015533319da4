"""The reports' read model (``assignment_month``, issue 16): each row holds from its
month until the month of the assignment's next row, as the writer of every change keeps
it and as the history makes it again."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from sqlalchemy import select

from wardtasks.extensions import db
from wardtasks.models import Assignment, AssignmentMonth
from wardtasks.models.plan import STILL_HOLDS
from wardtasks.tasks import assigning, months, services

from .factories import Ward


def _rows(assignment_id: int) -> list[tuple[int, int, str]]:
    """The assignment's rows: (month, until_month, status), by month."""
    t = AssignmentMonth.__table__
    query = (
        select(t.c.month, t.c.until_month, t.c.status)
        .where(t.c.assignment_id == assignment_id)
        .order_by(t.c.month)
    )
    return [tuple(r) for r in db.session.execute(query)]  # type: ignore[misc]


def _change(assignment_id: int, author_id: int, when: datetime, status: str) -> None:
    (held,) = assigning.lock(Assignment.id == assignment_id)
    services.change(held, author_id, when, "assignment.status", status=status)
    db.session.commit()


def test_each_month_row_holds_until_the_next_and_the_history_makes_the_same(
    app: Flask, ward: Ward
) -> None:
    """Changes in March, twice in May, in August, then one whose time crossed back into
    June (written after August's, as two writers can): every row ends where the next
    begins, the latest holds on, and a rebuild from the history gives the same rows."""
    aid, author = ward.assignment_a1, ward.users["secretariat"]
    with app.app_context():
        for when, status in [
            (datetime(2023, 3, 10, 3), "in_progress"),
            (datetime(2023, 5, 2, 3), "blocked"),
            (datetime(2023, 5, 20, 3), "in_progress"),
            (datetime(2023, 8, 1, 3), "done"),
            (datetime(2023, 6, 15, 3), "in_progress"),
        ]:
            _change(aid, author, when, status)
        written = _rows(aid)
        assert written == [
            (202303, 202305, "in_progress"),
            (202305, 202306, "in_progress"),
            (202306, 202308, "in_progress"),
            (202308, STILL_HOLDS, "done"),
        ]
        whole = _whole_rows(aid)  # every column: done_at, update_id, from_due_date too
        months.rebuild([aid])
        assert _rows(aid) == written
        assert _whole_rows(aid) == whole
        db.session.rollback()


def _whole_rows(assignment_id: int) -> list[tuple[object, ...]]:
    """The assignment's rows with every column, by month."""
    t = AssignmentMonth.__table__
    query = select(t).where(t.c.assignment_id == assignment_id).order_by(t.c.month)
    return [tuple(r) for r in db.session.execute(query)]
