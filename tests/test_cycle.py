"""The monthly reporting cycle (issue 18): a branch's report written, submitted, returned,
resubmitted and accepted; the organisation's report to the secretariat; the deadline and
lateness in Vietnam days; reminders to exactly the late ones; the board's XLSX and the
branches' texts in the monthly DOCX."""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import func, select

from wardtasks.cycle.board import build_board
from wardtasks.cycle.deadline import days_late, deadline_day
from wardtasks.dates import today_in_vietnam
from wardtasks.extensions import db
from wardtasks.models import (
    Assignment,
    AuditEntry,
    Branch,
    Notice,
    PeriodicReport,
    Plan,
    ReportSubmission,
    User,
)
from wardtasks.tasks.services import record_status_update

from .factories import PASSWORD, Ward

MARCH = "2023-03"


def _login(client, username: str) -> None:
    client.post("/logout")
    assert (
        client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    )


def _version(app, ward: Ward, branch_id: int | None = None, org_id: int | None = None) -> str:
    with app.app_context():
        query = select(PeriodicReport.version).where(
            PeriodicReport.year == 2023, PeriodicReport.month == 3
        )
        if branch_id is not None:
            query = query.where(PeriodicReport.branch_id == branch_id)
        else:
            query = query.where(
                PeriodicReport.organisation_id == org_id, PeriodicReport.branch_id.is_(None)
            )
        return str(db.session.scalar(query) or 0)


def _texts(results: str, **more: str) -> dict[str, str]:
    return {"results": results, "difficulties": "", "proposals": "", "direction": "", **more}


def _branch_url(ward: Ward, month: str = MARCH) -> str:
    return f"/cycle/branches/{ward.branch_a1}/{month}"


def _submit(client, app, ward: Ward, results: str, action: str = "submit"):
    return client.post(
        _branch_url(ward),
        data={**_texts(results), "version": _version(app, ward, ward.branch_a1), "action": action},
    )


def _review(client, url: str, action: str, comment: str = "", number: int = 1):
    return client.post(
        f"{url}/review", data={"action": action, "comment": comment, "number": str(number)}
    )


def _notices(app, username: str) -> list[Notice]:
    with app.app_context():
        uid = db.session.scalar(select(User.id).where(User.username == username))
        return list(
            db.session.scalars(select(Notice).where(Notice.user_id == uid).order_by(Notice.id))
        )


def _audit_actions(app) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.action.startswith("report."))
                .order_by(AuditEntry.id)
            )
        )


def test_the_whole_cycle_of_a_branch_report(app, client, ward) -> None:
    """Draft, submit, return with a comment, resubmit, accept: each role sees and does its
    part; both versions stay; every transition is in the history, the audit trail and the
    authors' or reviewers' notices."""
    _login(client, "head.a1")
    page = client.get(_branch_url(ward)).get_data(as_text=True)
    assert "Chưa lập báo cáo" in page and "Nộp báo cáo" in page
    assert _submit(client, app, ward, "Họp chi hội", action="save").status_code == 302
    page = client.get(_branch_url(ward)).get_data(as_text=True)
    assert "Bản nháp" in page and "Họp chi hội" in page
    # The leader reads the draft's existence, not its text, and cannot review it.
    _login(client, "leader.a")
    page = client.get(_branch_url(ward)).get_data(as_text=True)
    assert "Họp chi hội" not in page and "Tiếp nhận" not in page

    _login(client, "head.a1")
    assert _submit(client, app, ward, "Đã họp chi hội, thăm 3 hội viên ốm").status_code == 302
    page = client.get(_branch_url(ward)).get_data(as_text=True)
    assert "Đã nộp, chờ xem xét" in page and 'name="results"' not in page
    assert [n.kind for n in _notices(app, "leader.a")] == ["report_submitted"]

    _login(client, "leader.a")
    refused = _review(client, _branch_url(ward), "returned", comment="")
    assert refused.status_code == 200 and "cần có ý kiến" in refused.get_data(as_text=True)
    assert (
        _review(client, _branch_url(ward), "returned", "Bổ sung số hội viên được thăm").status_code
        == 302
    )

    _login(client, "head.a1")
    page = client.get(_branch_url(ward)).get_data(as_text=True)
    assert (
        "Bị trả lại" in page
        and "Bổ sung số hội viên được thăm" in page
        and 'name="results"' in page
    )
    returned = _notices(app, "head.a1")
    assert [n.kind for n in returned] == ["report_returned"]
    assert json.loads(returned[0].params)["comment"] == "Bổ sung số hội viên được thăm"
    assert _submit(client, app, ward, "Đã họp chi hội, thăm 5 hội viên ốm").status_code == 302

    _login(client, "leader.a")
    assert _review(client, _branch_url(ward), "accepted", number=2).status_code == 302
    page = client.get(_branch_url(ward)).get_data(as_text=True)
    assert "Đã tiếp nhận" in page
    # Both versions are kept and shown, with the reviewer's comment.
    assert "thăm 3 hội viên" in page and "thăm 5 hội viên" in page
    assert "Lần nộp 1" in page and "Lần nộp 2" in page
    with app.app_context():
        subs = db.session.scalars(select(ReportSubmission).order_by(ReportSubmission.number)).all()
        assert [(s.number, s.outcome) for s in subs] == [(1, "returned"), (2, "accepted")]
        assert subs[0].results.endswith("thăm 3 hội viên ốm")
    assert [n.kind for n in _notices(app, "head.a1")] == ["report_returned", "report_accepted"]
    assert _audit_actions(app) == [
        "report.save",
        "report.submit",
        "report.return",
        "report.submit",
        "report.accept",
    ]
    # An accepted report is no longer written.
    _login(client, "head.a1")
    assert _submit(client, app, ward, "Sửa lại").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReportSubmission)) == 2


def test_the_organisation_report_goes_to_the_secretariat(app, client, ward) -> None:
    """The leader's own report is prefilled from the accepted branch reports; the
    secretariat returns it with a comment and then accepts the resubmission."""
    _login(client, "head.a1")
    _submit(client, app, ward, "Chi hội khối 1 đã họp")
    _login(client, "leader.a")
    _review(client, _branch_url(ward), "accepted")
    org_url = f"/cycle/orgs/{ward.org_a}/{MARCH}"
    page = client.get(org_url).get_data(as_text=True)
    assert "Chi hội CCB khối 1:\nChi hội khối 1 đã họp" in page  # prefilled
    assert "Chi hội CCB khối 2" in page  # the branches' table
    data = {**_texts("Hội CCB: 1/2 chi hội đã nộp"), "version": "0", "action": "submit"}
    assert client.post(org_url, data=data).status_code == 302
    assert {n.kind for n in _notices(app, "vanphong")} == {"report_submitted"}
    # The leader cannot review their own organisation's report.
    assert _review(client, org_url, "accepted").status_code == 403
    _login(client, "vanphong")
    assert _review(client, org_url, "returned", "Thiếu số liệu khối 2").status_code == 302
    assert [n.kind for n in _notices(app, "leader.a")][-1] == "report_returned"
    _login(client, "leader.a")
    data = {
        **_texts("Hội CCB: đã bổ sung"),
        "version": _version(app, ward, org_id=ward.org_a),
        "action": "submit",
    }
    assert client.post(org_url, data=data).status_code == 302
    _login(client, "vanphong")
    assert _review(client, org_url, "accepted", number=2).status_code == 302
    assert "Đã tiếp nhận" in client.get(org_url).get_data(as_text=True)


def test_a_stale_form_overwrites_nothing(app, client, ward) -> None:
    _login(client, "head.a1")
    _submit(client, app, ward, "Bản đầu", action="save")
    stale = client.post(
        _branch_url(ward), data={**_texts("Bản cũ"), "version": "0", "action": "save"}
    )
    assert stale.status_code == 302
    page = client.get(_branch_url(ward)).get_data(as_text=True)
    assert "thay đổi trong lúc" in page and "Bản đầu" in page and "Bản cũ" not in page


def _this_months_plan(app, ward: Ward) -> tuple[int, int]:
    """Move the test plan to this year (in Vietnam), so that this month is still open."""
    today = today_in_vietnam()
    with app.app_context():
        db.session.get(Plan, ward.plan).year = today.year
        db.session.commit()
    return today.year, today.month


def test_a_submitted_report_keeps_its_figures(app, client, ward) -> None:
    """Figures frozen at submission: a later status update changes the month's live
    report, not the submitted one (nor its resubmission's predecessor)."""
    year, month = _this_months_plan(app, ward)
    url = f"/cycle/branches/{ward.branch_a1}/{year:04d}-{month:02d}"
    _login(client, "head.a1")
    before = client.get(url).get_data(as_text=True)
    assert "0/1 phân công hoàn thành (0%)" in before
    client.post(url, data={**_texts("Kết quả"), "version": "0", "action": "submit"})
    with app.app_context():
        head = db.session.get(User, ward.users["branch_head"])
        record_status_update(
            ward.assignment_a1, head, status="done", progress=100, note="Xong", expected_version=1
        )
    live = client.get(
        f"/reports?month={year:04d}-{month:02d}&scope=branch-{ward.branch_a1}&detail=all"
    )
    assert "Xong" in live.get_data(as_text=True)
    page = client.get(url).get_data(as_text=True)
    assert "0/1 phân công hoàn thành (0%)" in page
    assert "1/1 phân công hoàn thành (100%)" not in page


# --------------------------------------------------------------------------- deadlines


def test_deadline_settings() -> None:
    assert deadline_day(2023, 3, {"report_deadline": "25"}, False) == date(2023, 3, 25)
    assert deadline_day(2023, 2, {"report_deadline": "31"}, False) == date(2023, 2, 28)
    # 30/09/2023 is a Saturday: the last working day is Friday the 29th.
    rule = {"report_deadline": "last_working_day", "organisation_deadline_days": "3"}
    assert deadline_day(2023, 9, rule, False) == date(2023, 9, 29)
    assert deadline_day(2023, 9, rule, True) == date(2023, 10, 2)


@pytest.mark.parametrize(
    ("submitted", "late"),
    [
        # 25/03 23:59 in Vietnam is 16:59 UTC: on time.
        (datetime(2023, 3, 25, 16, 59), 0),
        # 26/03 00:01 in Vietnam is 25/03 17:01 UTC: one day late.
        (datetime(2023, 3, 25, 17, 1), 1),
        # 01/04 06:00 in Vietnam (31/03 23:00 UTC): seven days late, across the month's end.
        (datetime(2023, 3, 31, 23, 0), 7),
    ],
)
def test_lateness_counts_vietnam_days(submitted: datetime, late: int) -> None:
    assert days_late(date(2023, 3, 25), submitted) == late


def test_missing_reports_are_late_from_the_day_after_the_deadline(app, ward) -> None:
    """Not submitted: not late until the deadline day has ended in Vietnam, then one day
    late more each Vietnam day, across the end of the month."""
    settings = {"report_deadline": "31", "organisation_deadline_days": "0"}
    with app.app_context():
        # 31/03 23:30 in Vietnam: still on the deadline day.
        board = build_board(2023, 3, ("all", None), settings, now=datetime(2023, 3, 31, 16, 30))
        assert board.late == []
        # 01/04 00:30 in Vietnam (31/03 17:30 UTC): a day late, in the next month.
        board = build_board(2023, 3, ("all", None), settings, now=datetime(2023, 3, 31, 17, 30))
        assert {c.unit.key for c in board.late} == {
            f"branch-{ward.branch_a1}",
            f"branch-{ward.branch_a2}",
            f"branch-{ward.branch_b1}",
            f"org-{ward.org_a}",
            f"org-{ward.org_b}",
        }
        assert {c.late_days for c in board.late} == {1}


# --------------------------------------------------------------------------- reminders


def test_the_reminder_reaches_exactly_the_late_ones(app, client, ward) -> None:
    """Branch a1 submitted; a2 and b1 did not (March 2023 is long past): "remind all"
    reaches the heads of a2 and b1 and the organisations' leaders, nobody else."""
    _login(client, "head.a1")
    _submit(client, app, ward, "Đã nộp")
    _login(client, "vanphong")
    board = client.get(f"/cycle?month={MARCH}").get_data(as_text=True)
    assert "Chi hội CCB khối 2" in board and "chưa nộp" in board
    response = client.post("/cycle/remind", data={"month": MARCH, "target": "late"})
    assert response.status_code == 302
    with app.app_context():
        reminded = set(
            db.session.scalars(
                select(User.username)
                .join(Notice, Notice.user_id == User.id)
                .where(Notice.kind == "report_reminder")
            )
        )
    assert reminded == {"head.a2", "head.b1", "leader.a", "leader.b"}


def test_a_leader_reminds_only_their_late_branches(app, client, ward) -> None:
    _login(client, "leader.a")
    assert client.post("/cycle/remind", data={"month": MARCH, "target": "late"}).status_code == 302
    # One branch of another organisation: nothing is sent.
    client.post("/cycle/remind", data={"month": MARCH, "target": f"branch-{ward.branch_b1}"})
    with app.app_context():
        reminded = set(
            db.session.scalars(
                select(User.username)
                .join(Notice, Notice.user_id == User.id)
                .where(Notice.kind == "report_reminder")
            )
        )
    assert reminded == {"head.a1", "head.a2"}
    assert _audit_actions(app) == ["report.remind", "report.remind"]


def test_one_reminder_to_one_late_branch(app, client, ward) -> None:
    _login(client, "vanphong")
    client.post("/cycle/remind", data={"month": MARCH, "target": f"branch-{ward.branch_a2}"})
    with app.app_context():
        reminded = set(
            db.session.scalars(
                select(User.username)
                .join(Notice, Notice.user_id == User.id)
                .where(Notice.kind == "report_reminder")
            )
        )
    assert reminded == {"head.a2"}


# --------------------------------------------------------------------------- what each role sees


def test_the_board_lists_what_each_role_may_see(app, client, ward) -> None:
    _login(client, "leader.a")
    page = client.get(f"/cycle?month={MARCH}").get_data(as_text=True)
    assert "Chi hội CCB khối 2" in page and "Chi hội phụ nữ khối 1" not in page
    _login(client, "head.a1")
    page = client.get(f"/cycle?month={MARCH}").get_data(as_text=True)
    assert "Chi hội CCB khối 1" in page and "Chi hội CCB khối 2" not in page
    assert "Đôn đốc" not in page
    _login(client, "head.a2")
    assert client.get(_branch_url(ward)).status_code == 403
    bad = client.get(f"/cycle/branches/{ward.branch_a2}/2023-13")
    assert bad.status_code == 404


def test_a_bad_month_on_the_board_shows_this_month(app, client, ward) -> None:
    _login(client, "vanphong")
    page = client.get("/cycle?month=2023-99").get_data(as_text=True)
    # The plan's year (2023) is over: its last month.
    assert "Báo cáo định kỳ tháng 12/2023" in page and "không phải là một tháng" in page


# --------------------------------------------------------------------------- exports


def test_the_board_exports_to_xlsx(app, client, ward) -> None:
    _login(client, "head.a1")
    _submit(client, app, ward, "Đã nộp")
    _login(client, "vanphong")
    response = client.get(f"/cycle/export?month={MARCH}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    month, year = book.worksheets
    rows = {r[1]: r for r in month.iter_rows(min_row=3, values_only=True)}
    assert rows["Chi hội CCB khối 1"][2] == "Đã nộp, chờ xem xét"
    assert rows["Chi hội CCB khối 2"][6] > 1000  # days late since 25/03/2023
    header = next(year.iter_rows(max_row=1, values_only=True))
    assert header[-1] == "03/2023" and header[2] == "04/2022"
    rates = next(r for r in year.iter_rows(min_row=2, values_only=True) if r[0] == "Hội CCB")
    # 2022 has no plan: not counted; March 2023: one branch of two submitted.
    assert rates[2] in ("", None) and rates[-1] == 50


def test_the_organisation_docx_carries_the_branches_texts(app, client, ward) -> None:
    _login(client, "head.a1")
    _submit(client, app, ward, "Chi hội khối 1 đã thăm 5 hội viên", action="submit")
    _login(client, "vanphong")
    for scope in (f"org-{ward.org_a}", "ward"):
        response = client.get(f"/reports/export/docx?month={MARCH}&scope={scope}")
        text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
        assert "BÁO CÁO CỦA CÁC ĐƠN VỊ" in text, scope
        assert "Chi hội CCB khối 1" in text and "Chi hội khối 1 đã thăm 5 hội viên" in text


def test_reports_state_words_are_translated(app, client, ward) -> None:
    _login(client, "head.a1")
    client.post("/language", data={"lang": "en"})
    page = client.get(_branch_url(ward)).get_data(as_text=True)
    assert "Not written yet" in page and "Submit the report" in page
    assert not re.search(r"Nộp báo cáo", page)


def test_assignments_are_untouched_by_the_cycle(app, client, ward) -> None:
    """The cycle reads assignments and writes none."""
    _login(client, "head.a1")
    _submit(client, app, ward, "x")
    with app.app_context():
        assert db.session.get(Assignment, ward.assignment_a1).version == 1


# --------------------------------------------------------------------------- who writes


ROLES = ("vanphong", "lanhdao", "leader.a", "leader.b", "head.a1", "head.a2", "head.b1")


@pytest.mark.parametrize("username", ROLES)
def test_only_the_branchs_own_head_writes_its_report(app, client, ward, username: str) -> None:
    """Saving or submitting branch a1's report: its head alone; the others are refused
    (403) and nothing is written."""
    _login(client, username)
    for action in ("save", "submit"):
        response = client.post(
            _branch_url(ward), data={**_texts("Báo cáo"), "version": "0", "action": action}
        )
        if username == "head.a1":
            assert response.status_code == 302
            break
        assert response.status_code == 403
    with app.app_context():
        written = db.session.scalar(select(func.count()).select_from(PeriodicReport))
    assert written == (1 if username == "head.a1" else 0)


@pytest.mark.parametrize("username", ROLES)
def test_only_the_organisations_leader_writes_its_report(app, client, ward, username: str) -> None:
    _login(client, username)
    response = client.post(
        f"/cycle/orgs/{ward.org_a}/{MARCH}",
        data={**_texts("Báo cáo"), "version": "0", "action": "submit"},
    )
    expected = 302 if username == "leader.a" else 403
    assert response.status_code == expected


def test_a_head_of_a_deactivated_branch_reads_but_does_not_write(app, client, ward) -> None:
    from wardtasks.models import Branch

    with app.app_context():
        db.session.get(Branch, ward.branch_a1).active = False
        db.session.commit()
    _login(client, "head.a1")
    page = client.get(_branch_url(ward)).get_data(as_text=True)
    assert 'name="results"' not in page
    response = client.post(
        _branch_url(ward), data={**_texts("x"), "version": "0", "action": "save"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("username", ROLES)
def test_who_reviews_a_branch_report(app, client, ward, username: str) -> None:
    """A branch's submitted report: its organisation's leader and the secretariat review it;
    the review form shows exactly for them."""
    _login(client, "head.a1")
    _submit(client, app, ward, "Đã họp")
    _login(client, username)
    page = client.get(_branch_url(ward))
    may = username in ("vanphong", "leader.a")
    if page.status_code == 200:
        assert ("Tiếp nhận" in page.get_data(as_text=True)) == may
    response = _review(client, _branch_url(ward), "accepted")
    assert response.status_code == (302 if may else 403)


def test_a_month_without_a_plan_is_neither_late_nor_counted(app, ward) -> None:
    """The twelve months of January 2023 reach back into 2022, a year without a plan:
    nobody is late for those months and they count in no submission rate."""
    with app.app_context():
        board = build_board(2023, 1, ("all", None), {"report_deadline": "25"})
        december = [board.cell(u, 2022, 12) for u in board.units]
        assert not any(c.late_days or c.overdue or c.applies for c in december)
        assert not board.rate(ward.org_a, 2022, 12).counted
        assert board.rate(ward.org_a, 2023, 1).total == 2
        assert {c.unit.key for c in board.late} >= {f"branch-{ward.branch_a1}"}


def test_a_month_not_begun_is_saved_but_not_submitted(app, client, ward) -> None:
    today = today_in_vietnam()
    ahead = f"{today.year + 1:04d}-{today.month:02d}"
    _login(client, "head.a1")
    url = _branch_url(ward, ahead)
    client.post(url, data={**_texts("Kế hoạch"), "version": "0", "action": "submit"})
    page = client.get(url).get_data(as_text=True)
    assert "chưa bắt đầu" in page and "Chưa lập báo cáo" in page
    assert (
        client.post(url, data={**_texts("Kế hoạch"), "version": "0", "action": "save"}).status_code
        == 302
    )
    assert "Bản nháp" in client.get(url).get_data(as_text=True)


# --------------------------------------------------------------------------- returned, added


def _reminded(app) -> set[str]:
    with app.app_context():
        return set(
            db.session.scalars(
                select(User.username)
                .join(Notice, Notice.user_id == User.id)
                .where(Notice.kind == "report_reminder")
            )
        )


def test_a_returned_report_past_its_deadline_is_late_and_reminded(app, client, ward) -> None:
    """Branch a1 sent March on time (20/03); the leader returns it after the 25th: until
    it is sent again it is late by today like a missing one, on the board and for the
    reminder; sent again, its first sending counts and it is on time."""
    _login(client, "head.a1")
    _submit(client, app, ward, "Đã họp chi hội")
    with app.app_context():
        sub = db.session.scalar(select(ReportSubmission))
        sub.submitted_at = datetime(2023, 3, 20, 3)
        db.session.commit()
    a1 = f"branch-{ward.branch_a1}"
    settings = {"report_deadline": "25"}
    with app.app_context():
        board = build_board(2023, 3, ("all", None), settings)
        assert board.now(board.branches[0]).on_time
        assert a1 not in {c.unit.key for c in board.late}
    _login(client, "leader.a")
    _review(client, _branch_url(ward), "returned", "Bổ sung số liệu")
    with app.app_context():
        board = build_board(2023, 3, ("all", None), settings)
        cell = board.cell(board.branches[0], 2023, 3)
        assert cell.unit.key == a1 and cell.overdue and not cell.on_time
        assert cell.late_days == (today_in_vietnam() - date(2023, 3, 25)).days
        assert a1 in {c.unit.key for c in board.late}
    page = client.get(f"/cycle?month={MARCH}").get_data(as_text=True)
    assert "chưa nộp" in page.split("Chi hội CCB khối 1", 2)[2].split("</tr>")[0]
    assert client.post("/cycle/remind", data={"month": MARCH, "target": a1}).status_code == 302
    assert _reminded(app) == {"head.a1"}
    _login(client, "head.a1")
    page = client.get(_branch_url(ward)).get_data(as_text=True)
    late = (today_in_vietnam() - date(2023, 3, 25)).days
    assert f"Chậm {late} ngày." in page and "Nộp chậm" not in page
    _submit(client, app, ward, "Đã họp chi hội, bổ sung số liệu")
    with app.app_context():
        board = build_board(2023, 3, ("all", None), settings)
        assert board.now(board.branches[0]).on_time and a1 not in {c.unit.key for c in board.late}


def test_a_branch_added_after_a_month_is_not_counted_in_it(app, client, ward) -> None:
    """Branch a2 added on 10/04/2023 (after March's deadline, before April's): March's
    rate counts a1 alone and nobody reminds a2 of March; April counts both."""
    with app.app_context():
        branch = db.session.get(Branch, ward.branch_a2)
        branch.created_at = datetime(2023, 4, 10, 2)
        db.session.commit()
        board = build_board(2023, 4, ("all", None), {"report_deadline": "25"})
        assert board.rate(ward.org_a, 2023, 3).total == 1
        assert board.rate(ward.org_a, 2023, 4).total == 2
        march = board.cell(board.branches[1], 2023, 3)
        assert march.unit.branch_id == ward.branch_a2 and not march.applies
        assert not march.overdue and not march.late_days
    _login(client, "vanphong")
    client.post("/cycle/remind", data={"month": MARCH, "target": "late"})
    assert "head.a2" not in _reminded(app) and "head.a1" in _reminded(app)


def test_a_branch_added_from_the_admin_screens_knows_when(app, ward) -> None:
    from wardtasks.admin.services import create_branch

    with app.app_context():
        admin_id = db.session.scalar(select(User.id).where(User.username == "vanphong"))
        data = {"organisation_id": ward.org_a, "block_id": None, "name": "Chi hội mới"}
        branch = create_branch(admin_id, {**data, "sort_order": 9, "active": True})
        assert branch.created_at is not None
        board = build_board(2023, 3, ("all", None), {"report_deadline": "25"})
        assert board.rate(ward.org_a, 2023, 3).total == 2  # the new branch: not in 2023
