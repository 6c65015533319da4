"""The overdue counter of a page and the list its "overdue" filter shows follow the one
rule of :mod:`wardtasks.status` (issue 13: each status rule written once, its SQL form
beside it): a closed assignment past its due date is not overdue, whichever page counts."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from wardtasks.dates import today_in_vietnam
from wardtasks.extensions import db
from wardtasks.models import Assignment
from wardtasks.status import is_overdue

HX = {"HX-Request": "true"}


def _set(assignment_id: int, status: str, days_from_today: int) -> None:
    a = db.session.get(Assignment, assignment_id)
    assert a is not None
    a.status = status
    a.due_date = today_in_vietnam() + timedelta(days=days_from_today)


def test_the_overdue_counter_counts_what_the_overdue_filter_lists(app, client, auth, ward):
    with app.app_context():
        _set(ward.assignment_a1, "done", -3)  # done late: closed, not overdue
        _set(ward.assignment_a2, "in_progress", -1)  # overdue since yesterday
        _set(ward.assignment_b1, "cancelled", -40)  # cancelled: never overdue
        _set(ward.assignment_org_a, "blocked", 0)  # due today: not yet overdue
        db.session.commit()
        today = today_in_vietnam()
        expected = sum(
            is_overdue(a.status, a.due_date, today)
            for a in db.session.scalars(select(Assignment).where(Assignment.active.is_(True)))
        )
    assert expected == 1
    auth.login("vanphong")
    page = client.get("/ward").get_data(as_text=True)
    counter = re.search(r'id="count-overdue">(\d+)</span>', page)
    assert counter is not None and int(counter.group(1)) == expected
    listed = client.get("/ward?overdue=1", headers=HX).get_data(as_text=True)
    assert f">{expected} phân công" in listed
    organisation = client.get(f"/orgs/{ward.org_a}").get_data(as_text=True)
    counter = re.search(r'id="count-overdue">(\d+)</span>', organisation)
    assert counter is not None and int(counter.group(1)) == expected
