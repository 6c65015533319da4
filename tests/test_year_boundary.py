"""The year boundary (issue 17, item 1): once next year's plan is imported, last year's
unfinished work stays on the branch, organisation and ward pages and can be updated until
the secretariat closes that plan; closing carries it into the new plan (history linked)
or marks it not done; plan and report pages link to tasks and assignments, and every
plan's months stay in the report's month list."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from wardtasks.extensions import db
from wardtasks.models import (
    Assignment,
    AuditEntry,
    CarriedAssignment,
    CarriedTask,
    Plan,
    PlanClosure,
    StatusUpdate,
    Task,
    User,
)
from wardtasks.reports.report import load_report
from wardtasks.scope import Scope
from wardtasks.tasks import months
from wardtasks.tasks.services import record_status_update

from .factories import PASSWORD, USERNAMES, Ward

HX = {"HX-Request": "true"}
SECTION = "Việc năm trước chưa xong"

PLAN_2024 = """NHIỆM VỤ TRỌNG TÂM NĂM 2024

Hội Cựu chiến binh phường
1. Xây dựng tổ chức Hội trong sạch, vững mạnh.
2. Tham gia giữ gìn an ninh trật tự ở khu dân cư.

Hội Liên hiệp phụ nữ phường
1. Vận động hội viên tham gia phong trào xây dựng gia đình hạnh phúc.
"""


def _login(client: FlaskClient, role: str) -> None:
    client.post("/logout")
    response = client.post("/login", data={"username": USERNAMES[role], "password": PASSWORD})
    assert response.status_code in (302, 303)


def _import_2024(app: Flask, tmp_path: Path) -> int:
    """Next year's plan, through the operator's import command, given to the branches."""
    path = tmp_path / "2024.txt"
    path.write_text(PLAN_2024, encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=["import-plan", str(path), "--year", "2024", "--distribute"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        plan_id = db.session.scalar(select(Plan.id).where(Plan.year == 2024))
        assert plan_id is not None
        return plan_id


def _work_on_2023(app: Flask, ward: Ward) -> None:
    """Branch a1 half way in June 2023 (with a note), branch a2 done: a1, b1 and the
    organisation-level assignments stay open."""
    with app.app_context():
        head = db.session.get(User, ward.users["branch_head"])
        other = db.session.get(User, ward.users["other_branch_head"])
        record_status_update(
            ward.assignment_a1,
            head,
            status="in_progress",
            progress=60,
            note="Đã họp chi hội, còn 3 hộ chưa thăm.",
            expected_version=1,
        )
        record_status_update(
            ward.assignment_a2, other, status="done", progress=100, note="", expected_version=1
        )
        # As if given in January 2023 and updated in June and May of that year.
        db.session.execute(update(Assignment).values(created_at=datetime(2023, 1, 2, 3)))
        for aid, day in ((ward.assignment_a1, 15), (ward.assignment_a2, 10)):
            db.session.execute(
                update(StatusUpdate)
                .where(StatusUpdate.assignment_id == aid)
                .values(created_at=datetime(2023, 6, day, 3))
            )
        # History moved past tasks/services.py: the reports' month rows made from it again.
        months.rebuild()
        db.session.commit()


def _section(page: str) -> str:
    """The "unfinished work of last year" section of a page ('' when absent)."""
    found = re.search(r'<section class="unfinished".*?</section>', page, re.S)
    return found.group(0) if found else ""


def _state(app: Flask, assignment_id: int) -> tuple[str, int, int]:
    with app.app_context():
        a = db.session.get(Assignment, assignment_id)
        assert a is not None
        return a.status, a.progress, a.version


def test_last_years_open_work_stays_visible_and_updatable_until_the_plan_closes(
    app: Flask, client: FlaskClient, ward: Ward, tmp_path: Path
) -> None:
    _work_on_2023(app, ward)
    _import_2024(app, tmp_path)
    a1 = f'id="assignment-{ward.assignment_a1}"'
    a2 = f'id="assignment-{ward.assignment_a2}"'
    b1 = f'id="assignment-{ward.assignment_b1}"'
    # Each page in which last year's open work lies shows it, and only what its reader may see.
    pages = {
        "branch_head": (f"/branches/{ward.branch_a1}", {a1}, {a2, b1}),
        "leader": (f"/orgs/{ward.org_a}", {a1}, {a2, b1}),
        "secretariat": ("/ward", {a1, b1}, {a2}),
        "viewer": ("/ward", {a1, b1}, {a2}),
        "other_branch_head": (f"/branches/{ward.branch_a2}", set(), {a1, a2, b1}),
    }
    for role, (url, shown, hidden) in pages.items():
        _login(client, role)
        page = client.get(url).get_data(as_text=True)
        section = _section(page)
        assert all(row in section for row in shown), (role, url)
        assert not any(row in section for row in hidden), (role, url)
        assert (SECTION in page) == bool(shown), (role, url)
    # The branch head updates December's work in January, in place, as any row.
    _login(client, "branch_head")
    page = client.get(f"/branches/{ward.branch_a1}").get_data(as_text=True)
    assert f"/assignments/{ward.assignment_a1}/edit" in _section(page)
    response = client.post(
        f"/assignments/{ward.assignment_a1}/status",
        data={
            "status": "done",
            "progress": "100",
            "note": "Đã thăm đủ các hộ.",
            "version": "2",
            "scope": f"branch-{ward.branch_a1}",
            "next": f"/branches/{ward.branch_a1}",
        },
        headers=HX,
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    # The row comes back done; this year's counters are not replaced by last year's.
    assert a1 in body and "hx-swap-oob" not in body
    assert _state(app, ward.assignment_a1)[:2] == ("done", 100)
    page = client.get(f"/branches/{ward.branch_a1}").get_data(as_text=True)
    assert SECTION not in page  # nothing of last year left open at this branch


def _close(client: FlaskClient, plan_id: int, outcome: str) -> str:
    _login(client, "secretariat")
    response = client.post(f"/plans/{plan_id}/close", data={"outcome": outcome, "confirm": "1"})
    assert response.status_code == 302
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_closing_carries_open_work_into_the_new_plan_with_its_history_linked(
    app: Flask, client: FlaskClient, ward: Ward, tmp_path: Path
) -> None:
    _work_on_2023(app, ward)
    plan_2024 = _import_2024(app, tmp_path)
    with app.app_context():
        before_a1 = db.session.scalars(
            select(StatusUpdate).where(StatusUpdate.assignment_id == ward.assignment_a1)
        ).all()
        kept = [(u.id, u.status, u.progress, u.note) for u in before_a1]
        # Open: every assignment of the plan but a2's (done); two at organisation level.
        open_ids = set(
            db.session.scalars(
                select(Assignment.id)
                .join(Task, Task.id == Assignment.task_id)
                .where(Task.plan_id == ward.plan, Assignment.status != "done")
            )
        )
        assert len(open_ids) == 4 and ward.assignment_a2 not in open_ids
    done_a2 = _state(app, ward.assignment_a2)

    page = _close(client, ward.plan, "carry")
    assert "4 việc chưa xong đã được chuyển sang kế hoạch năm 2024" in page
    with app.app_context():
        plan = db.session.get(Plan, ward.plan)
        closure = db.session.get(PlanClosure, ward.plan)
        assert plan is not None and plan.state == "closed"
        assert closure is not None
        assert (closure.outcome, closure.into_plan_id, closure.open_items) == (
            "carry",
            plan_2024,
            4,
        )
        assert closure.closed_by_id == ward.users["secretariat"]
        # Each open assignment has its successor in 2024, linked, starting where it stood.
        links = dict(
            db.session.execute(
                select(CarriedAssignment.carried_from_id, CarriedAssignment.assignment_id)
            ).all()
        )
        assert set(links) == open_ids
        new_a1 = db.session.get(Assignment, links[ward.assignment_a1])
        assert new_a1 is not None
        assert (new_a1.status, new_a1.progress, new_a1.branch_id) == (
            "in_progress",
            60,
            ward.branch_a1,
        )
        new_task = db.session.get(Task, new_a1.task_id)
        assert new_task is not None and new_task.plan_id == plan_2024
        assert new_task.title == "Phong trào Cựu chiến binh gương mẫu"
        carried_task = db.session.get(CarriedTask, new_task.id)
        assert carried_task is not None and carried_task.carried_from_id == ward.task_a
        # The old history is kept as it was, with one row saying where the work went.
        after_a1 = db.session.scalars(
            select(StatusUpdate)
            .where(StatusUpdate.assignment_id == ward.assignment_a1)
            .order_by(StatusUpdate.id)
        ).all()
        assert [(u.id, u.status, u.progress, u.note) for u in after_a1[: len(kept)]] == kept
        last = after_a1[-1]
        assert (last.from_status, last.status, last.progress) == ("in_progress", "in_progress", 60)
        assert "2024" in last.note
        first_new = db.session.scalars(
            select(StatusUpdate).where(StatusUpdate.assignment_id == new_a1.id)
        ).all()
        assert [(u.from_status, u.status) for u in first_new] == [("not_started", "in_progress")]
        assert "2023" in first_new[0].note
        # Every assignment changed has its audit entry; the plan's closing too.
        actions = {
            (e.action, e.target_id)
            for e in db.session.scalars(select(AuditEntry).where(AuditEntry.action != ""))
        }
        for old, new in links.items():
            assert ("assignment.carry_out", old) in actions
            assert ("assignment.carry_in", new) in actions
        assert ("plan.close", ward.plan) in actions
    assert _state(app, ward.assignment_a2) == done_a2  # finished work untouched
    # The new plan's page names where each carried task comes from; the audit trail
    # says in words what the closing did.
    page = client.get(f"/plans/{plan_2024}").get_data(as_text=True)
    assert f'<a href="/tasks/{ward.task_a}">Chuyển từ kế hoạch năm 2023</a>' in page
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert "Đóng kế hoạch" in audit and "Chuyển sang kế hoạch năm sau" in audit
    assert "Nhiệm vụ trọng tâm năm 2024" in audit  # the plan carried into, by name
    assert "Chuyển việc chưa xong sang kế hoạch năm sau" in audit

    # The pages: last year's section is gone, the carried work is this year's.
    _login(client, "branch_head")
    page = client.get(f"/branches/{ward.branch_a1}").get_data(as_text=True)
    assert SECTION not in page
    assert f'id="assignment-{links[ward.assignment_a1]}"' in page
    # The closed plan's assignment can no longer be updated; the carried one can.
    response = client.post(
        f"/assignments/{ward.assignment_a1}/status",
        data={"status": "done", "progress": "100", "note": "x", "version": "3"},
    )
    assert response.status_code == 403
    old_page = client.get(f"/assignments/{ward.assignment_a1}").get_data(as_text=True)
    assert f"/assignments/{links[ward.assignment_a1]}" in old_page
    assert f"/assignments/{ward.assignment_a1}/edit" not in old_page
    new_page = client.get(f"/assignments/{links[ward.assignment_a1]}").get_data(as_text=True)
    assert f'href="/assignments/{ward.assignment_a1}"' in new_page
    response = client.post(
        f"/assignments/{links[ward.assignment_a1]}/status",
        data={"status": "done", "progress": "100", "note": "Xong.", "version": "2"},
    )
    assert response.status_code == 303
    # Closing again is refused with a message; nothing changes.
    page = _close(client, ward.plan, "not_done")
    assert "Kế hoạch này đã được đóng." in page
    with app.app_context():
        assert db.session.get(Assignment, ward.assignment_b1).status == "not_started"


def test_closing_marks_open_work_not_done_and_refuses_to_carry_without_a_later_plan(
    app: Flask, client: FlaskClient, ward: Ward
) -> None:
    _work_on_2023(app, ward)
    # Not confirmed: refused with a message, nothing written.
    _login(client, "secretariat")
    response = client.post(f"/plans/{ward.plan}/close", data={"outcome": "not_done"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "không thể hoàn tác" in page
    with app.app_context():
        assert db.session.get(Plan, ward.plan).state == "active"
    page = _close(client, ward.plan, "carry")  # no 2024 plan yet
    assert "Chưa có kế hoạch" in page
    with app.app_context():
        assert db.session.get(Plan, ward.plan).state == "active"
        assert db.session.get(PlanClosure, ward.plan) is None
    version_a1 = _state(app, ward.assignment_a1)[2]
    page = _close(client, ward.plan, "not_done")
    assert "Đã chốt" in page
    with app.app_context():
        for aid in (ward.assignment_a1, ward.assignment_b1, ward.assignment_org_a):
            a = db.session.get(Assignment, aid)
            assert a is not None and a.status == "cancelled"
            last = db.session.scalars(
                select(StatusUpdate)
                .where(StatusUpdate.assignment_id == aid)
                .order_by(StatusUpdate.id.desc())
            ).first()
            assert last is not None and last.status == "cancelled" and "2023" in last.note
            entry = db.session.scalars(
                select(AuditEntry).where(
                    AuditEntry.action == "assignment.not_done", AuditEntry.target_id == aid
                )
            ).one()
            assert entry.after["status"] == "cancelled"
        assert db.session.get(Assignment, ward.assignment_a1).progress == 60
        assert db.session.get(Assignment, ward.assignment_a1).version == version_a1 + 1
        assert db.session.get(Assignment, ward.assignment_a2).status == "done"
    # Closed: nobody gives its tasks to branches any more.
    _login(client, "secretariat")
    response = client.post(f"/plans/{ward.plan}/distribute", data={"mode": "branches"})
    assert response.status_code == 302
    page = client.get(f"/plans/{ward.plan}").get_data(as_text=True)
    assert "Kế hoạch đã đóng" in page or "đã đóng" in page
    assert f"/plans/{ward.plan}/distribute" not in page
    assert f"/plans/{ward.plan}/close" not in page


@pytest.mark.parametrize("outcome", ["carry", "not_done"])
def test_closing_leaves_the_old_plans_past_months_as_they_were(
    app: Flask, client: FlaskClient, ward: Ward, tmp_path: Path, outcome: str
) -> None:
    _work_on_2023(app, ward)
    _import_2024(app, tmp_path)

    def months() -> list[tuple[object, ...]]:
        with app.app_context():
            plan = db.session.get(Plan, ward.plan)
            assert plan is not None
            figures = []
            for month in range(1, 13):
                ward_report, _closed = load_report(plan, 2023, month, Scope("ward"), "own")
                items = []
                for org_id in (ward.org_a, ward.org_b):
                    report, _closed = load_report(plan, 2023, month, Scope("org", org_id), "own")
                    items += [
                        (i.assignment_id, i.status, i.progress, i.due)
                        for org in report.organisations
                        for t in org.tasks
                        for i in t.items
                    ]
                figures.append((month, dict(ward_report.summary.by_status), sorted(items)))
            db.session.remove()
            return figures

    before = months()
    # June holds a1 in progress and a2 done: the months compared are not empty.
    june = before[5][2]
    assert (ward.assignment_a1, "in_progress", 60) in [i[:3] for i in june]
    assert (ward.assignment_a2, "done", 100) in [i[:3] for i in june]
    _close(client, ward.plan, outcome)
    assert months() == before


def test_plan_and_report_pages_link_their_tasks_and_list_every_plans_months(
    app: Flask, client: FlaskClient, ward: Ward, tmp_path: Path
) -> None:
    _work_on_2023(app, ward)
    _import_2024(app, tmp_path)
    _login(client, "secretariat")
    page = client.get(f"/plans/{ward.plan}").get_data(as_text=True)
    for task_id in (ward.task_a, ward.task_b, ward.task_shared):
        assert f'href="/tasks/{task_id}"' in page
    # A leader's plan page links the tasks they may open: their own and the shared ones.
    _login(client, "leader")
    page = client.get(f"/plans/{ward.plan}").get_data(as_text=True)
    for task_id in (ward.task_a, ward.task_shared):
        assert f'href="/tasks/{task_id}"' in page
        assert client.get(f"/tasks/{task_id}").status_code == 200
    assert f'href="/tasks/{ward.task_b}"' not in page
    assert client.get(f"/tasks/{ward.task_b}").status_code == 403
    _login(client, "secretariat")
    # The report of the branch in December 2023 links each row's assignment and task (its
    # tasks' rows as opened, here all at once).
    report = client.get(f"/reports?month=2023-12&scope=branch-{ward.branch_a1}&detail=all")
    body = report.get_data(as_text=True)
    assert f'href="/assignments/{ward.assignment_a1}"' in body
    assert f'href="/tasks/{ward.task_a}"' in body
    # Every month of both plans is one choice away, whichever is shown.
    for url in ("/reports", "/reports?month=2023-06"):
        body = client.get(url).get_data(as_text=True)
        select_html = re.search(r'<select id="f-month".*?</select>', body, re.S)
        assert select_html is not None
        values = re.findall(r'<option value="([0-9-]+)"', select_html.group(0))
        wanted = {f"{y}-{m:02d}" for y in (2023, 2024) for m in range(1, 13)}
        assert wanted <= set(values), url
    body = client.get("/reports?month=2023-06").get_data(as_text=True)
    assert re.search(r'<option value="2023-06" selected', body)


def test_closing_carries_some_tasks_and_marks_the_others_not_done(
    app: Flask, client: FlaskClient, ward: Ward, tmp_path: Path
) -> None:
    _work_on_2023(app, ward)
    plan_2024 = _import_2024(app, tmp_path)
    _login(client, "secretariat")
    page = client.get(f"/plans/{ward.plan}").get_data(as_text=True)
    # The form offers each task with open work; task A's done branch a2 is not counted.
    assert f'name="not_done_task" value="{ward.task_b}"' in page
    assert f'name="not_done_task" value="{ward.task_a}"' in page
    response = client.post(
        f"/plans/{ward.plan}/close",
        data={
            "outcome": "carry",
            "not_done_task": [str(ward.task_b), "x", "999999"],
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "3 việc chưa xong đã được chuyển sang kế hoạch năm 2024. 1 việc được đánh dấu" in page
    with app.app_context():
        carried = set(db.session.scalars(select(CarriedAssignment.carried_from_id)))
        assert ward.assignment_b1 not in carried
        assert {ward.assignment_a1, ward.assignment_org_a} <= carried and len(carried) == 3
        assert db.session.get(Assignment, ward.assignment_b1).status == "cancelled"
        carried_tasks = set(db.session.scalars(select(CarriedTask.carried_from_id)))
        assert carried_tasks == {ward.task_a, ward.task_shared}
        closure = db.session.get(PlanClosure, ward.plan)
        assert closure is not None and (closure.outcome, closure.into_plan_id) == (
            "carry",
            plan_2024,
        )
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "plan.close")
        ).one()
        assert (entry.after["open_items"], entry.after["not_done_items"]) == (4, 1)
