"""The organisation matrix (issue 17): overdue graded by how late, so the worst stand out
rather than a wall of red; every cell opens its assignment; a phone gets the tasks as a
list (completion and overdue branches per task) instead of a sideways table."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from wardtasks.dates import today_in_vietnam
from wardtasks.extensions import db
from wardtasks.models import Assignment
from wardtasks.status import OVERDUE_GRADE_DAYS, overdue_grade, overdue_grade_column

TODAY = date(2024, 6, 30)


@pytest.mark.parametrize(
    ("status", "late_days", "grade"),
    [
        ("in_progress", -5, 0),  # not yet due
        ("in_progress", 0, 0),  # due today
        ("done", 400, 0),  # closed items are never late
        ("cancelled", 400, 0),
        ("not_started", 1, 1),
        ("blocked", OVERDUE_GRADE_DAYS[0], 1),
        ("in_progress", OVERDUE_GRADE_DAYS[0] + 1, 2),
        ("in_progress", OVERDUE_GRADE_DAYS[1], 2),
        ("not_started", OVERDUE_GRADE_DAYS[1] + 1, 3),
        ("not_started", 1000, 3),
    ],
)
def test_overdue_is_graded_by_how_late(status: str, late_days: int, grade: int) -> None:
    assert overdue_grade(status, TODAY - timedelta(days=late_days), TODAY) == grade


def test_no_due_date_is_never_late() -> None:
    assert overdue_grade("not_started", None, TODAY) == 0


def test_the_databases_grade_as_the_rule_does(app, ward) -> None:
    """The matrix reads the grade from the database (status.overdue_grade_column): for
    every status and every distance from the grade's limits, and without a due date, it
    gives what overdue_grade gives."""
    cases = [
        (s, d)
        for s in ("not_started", "in_progress", "blocked", "done", "cancelled")
        for d in (-5, 0, 1, *OVERDUE_GRADE_DAYS, *(n + 1 for n in OVERDUE_GRADE_DAYS))
    ]
    cases.append(("not_started", None))
    with app.app_context():
        a = db.session.get(Assignment, ward.assignment_a1)
        for status, late_days in cases:
            due = None if late_days is None else TODAY - timedelta(days=late_days)
            a.status, a.due_date = status, due
            db.session.flush()
            graded = db.session.scalar(
                select(overdue_grade_column(TODAY)).where(Assignment.id == a.id)
            )
            assert graded == overdue_grade(status, due, TODAY), (status, late_days)
        db.session.rollback()


def _set_due(app, **due_by_assignment: date) -> None:
    with app.app_context():
        for key, due in due_by_assignment.items():
            db.session.get(Assignment, int(key.removeprefix("a"))).due_date = due
        db.session.commit()


def test_the_worst_overdue_cell_stands_out_and_each_opens_its_assignment(
    app, client, auth, ward
) -> None:
    today = today_in_vietnam()
    a1, a2 = ward.assignment_a1, ward.assignment_a2
    _set_due(app, **{f"a{a1}": today - timedelta(days=3), f"a{a2}": today - timedelta(days=200)})
    auth.login("leader.a")
    page = client.get(f"/orgs/{ward.org_a}").get_data(as_text=True)
    table = page[page.index('<table class="matrix">') : page.index("</table>")]
    assert f'<td class="st-not_started mx-late1"><a href="/assignments/{a1}">0</a></td>' in table
    assert f'<td class="st-not_started mx-late3"><a href="/assignments/{a2}">0</a></td>' in table
    # every cell given to a branch is a link to that branch's assignment, which opens
    for href in re.findall(r'<td class="st-[^"]*"><a href="([^"]+)">', table):
        assert client.get(href).status_code == 200
    # the phone's list of tasks: the worst grade on the task, its overdue branches counted
    tasks = page[page.index('<ol class="matrix-tasks">') :]
    tasks = tasks[: tasks.index("</ol>")]
    item = re.search(rf'<li class="mx-late3"><a href="/tasks/{ward.task_a}">.*?</li>', tasks, re.S)
    assert item is not None and "2 chi hội quá hạn" in item.group(0)
    assert "hoàn thành 0%" in item.group(0)


def test_nothing_overdue_marks_nothing(app, client, auth, ward) -> None:
    later = today_in_vietnam() + timedelta(days=10)
    _set_due(app, **{f"a{ward.assignment_a1}": later, f"a{ward.assignment_a2}": later})
    auth.login("leader.a")
    page = client.get(f"/orgs/{ward.org_a}").get_data(as_text=True)
    body = page[page.index('<table class="matrix">') : page.index("</table>")]
    lists = page[page.index('<ol class="matrix-tasks">') :]
    lists = lists[: lists.index("</ol>")]
    assert "mx-late" not in body and "mx-late" not in lists and "quá hạn" not in lists


def test_a_save_shows_in_the_matrix_others_have_open(app, ward) -> None:
    """The matrix is kept between visits (as the counters are) until the data changes:
    the leader's next visit after a branch head's save shows the new progress."""
    leader, head = app.test_client(), app.test_client()
    for client, username in ((leader, "leader.a"), (head, "head.a1")):
        client.post("/login", data={"username": username, "password": "correct-horse-42"})
    a1 = ward.assignment_a1
    cell = re.compile(rf'<td class="st-[^"]*"><a href="/assignments/{a1}">(\d+)</a></td>')
    before = cell.search(leader.get(f"/orgs/{ward.org_a}").get_data(as_text=True))
    assert before is not None and before.group(1) == "0"
    form = {
        "status": "in_progress",
        "progress": "40",
        "note": "Đã triển khai đến các tổ.",
        "version": "1",
        "scope": f"branch-{ward.branch_a1}",
        "next": f"/branches/{ward.branch_a1}",
    }
    assert head.post(f"/assignments/{a1}/status", data=form).status_code == 303
    after = cell.search(leader.get(f"/orgs/{ward.org_a}").get_data(as_text=True))
    assert after is not None and after.group(1) == "40"
