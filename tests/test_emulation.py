"""Emulation scores (thi đua, issue 19): a small ward's ranking computed by hand, with the
weights changed, per period, and a closed period's ranking after later updates."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from wardtasks.emulation.closing import (
    PeriodRefused,
    close_period,
    ranking_of,
    reopen_period,
)
from wardtasks.emulation.scores import CRITERION_KEYS, Period, Ranking, rank
from wardtasks.emulation.weights import save_weights, weights
from wardtasks.extensions import db
from wardtasks.models import Assignment, PeriodicReport, Plan, ReportSubmission, User
from wardtasks.tasks.services import record_status_update

from .test_cycle import _login
from .test_reports_support import dated_ward  # noqa: F401  (the "ward" fixture, dated 2023)
from .test_targets import _secretariat, _set

MESSAGES = {
    "not_ended": "not ended",
    "already_closed": "already closed",
    "reason_required": "reason",
    "not_closed": "not closed",
}


def update(ward, aid: int, when: datetime, status: str, value: int | None = None) -> None:
    a = db.session.get(Assignment, aid)
    assert a is not None
    db.session.refresh(a)
    record_status_update(
        aid,
        _secretariat(ward),
        status=status,
        progress=100 if status == "done" else 40,
        note="",
        expected_version=a.version,
        measured=value,
        now=when,
    )


def small_ward_year(ward) -> None:
    """Branch a1 done on time and its target (at least 3) met; a2 done late; b1 blocked
    past its due date (31/03/2023)."""
    b1 = db.session.get(Assignment, ward.assignment_b1)
    b1.due_date = date(2023, 3, 31)
    db.session.commit()
    _set(
        ward, measure="hộ", unit="hộ", direction="at_least", branch_value=3, organisation_value=None
    )
    update(ward, ward.assignment_a1, datetime(2023, 6, 1, 3), "done", value=4)
    update(ward, ward.assignment_a2, datetime(2023, 5, 1, 3), "in_progress", value=1)
    update(ward, ward.assignment_a2, datetime(2023, 8, 1, 3), "done")
    update(ward, ward.assignment_b1, datetime(2023, 5, 1, 3), "blocked")


def _table(ranking: Ranking) -> list[tuple[str, int, int]]:
    return [(line.name, line.total, line.rank) for line in ranking.branches]


def _plan(ward) -> Plan:
    plan = db.session.get(Plan, ward.plan)
    assert plan is not None
    return plan


DEFAULTS = {
    "done_on_time": 3,
    "done_late": 1,
    "overdue": -2,
    "blocked": -1,
    "targets_met": 2,
    "reports_on_time": 2,
}


def test_the_year_ranked_by_hand_with_the_default_weights(app, ward) -> None:
    with app.app_context():
        small_ward_year(ward)
        assert weights() == DEFAULTS
        ranking = rank(_plan(ward), Period(2023, "year"), weights())
        assert _table(ranking) == [
            ("Chi hội CCB khối 1", 3 + 2, 1),  # on time, target met
            ("Chi hội CCB khối 2", 1, 2),  # late
            ("Chi hội phụ nữ khối 1", -2 - 1, 3),  # overdue and blocked
        ]
        a1 = ranking.branches[0]
        assert a1.counts == {
            "done_on_time": 1,
            "done_late": 0,
            "overdue": 0,
            "blocked": 0,
            "targets_met": 1,
            "reports_on_time": 0,
        }
        assert a1.points == {
            **dict.fromkeys(CRITERION_KEYS, 0),
            "done_on_time": 3,
            "targets_met": 2,
        }
        orgs = [(line.name, line.total, line.rank) for line in ranking.organisations]
        assert orgs == [("Hội Cựu chiến binh phường", 6, 1), ("Hội Liên hiệp phụ nữ phường", -3, 2)]


def test_changed_weights_move_the_ranking(app, ward) -> None:
    with app.app_context():
        small_ward_year(ward)
        save_weights(
            {"done_on_time": 1, "done_late": 5, "overdue": 0, "blocked": 0, "targets_met": 0}
            | {"reports_on_time": 0},
            _secretariat(ward),
        )
        ranking = rank(_plan(ward), Period(2023, "year"), weights())
        assert _table(ranking) == [
            ("Chi hội CCB khối 2", 5, 1),
            ("Chi hội CCB khối 1", 1, 2),
            ("Chi hội phụ nữ khối 1", 0, 3),
        ]
        # Equal scores share a rank.
        save_weights({"done_late": 1}, _secretariat(ward))
        assert _table(rank(_plan(ward), Period(2023, "year"), weights())) == [
            ("Chi hội CCB khối 1", 1, 1),
            ("Chi hội CCB khối 2", 1, 1),
            ("Chi hội phụ nữ khối 1", 0, 3),
        ]


def test_a_quarter_counts_what_its_end_held(app, ward) -> None:
    """Q2: a1 done on time with its target met; a2 not done yet and not late; b1 blocked and
    overdue. Q3: only a2's late completion falls in it."""
    with app.app_context():
        small_ward_year(ward)
        q2 = rank(_plan(ward), Period(2023, "q2"), weights())
        assert _table(q2) == [
            ("Chi hội CCB khối 1", 5, 1),
            ("Chi hội CCB khối 2", 0, 2),
            ("Chi hội phụ nữ khối 1", -3, 3),
        ]
        q3 = rank(_plan(ward), Period(2023, "q3"), weights())
        by_name = {line.name: line.counts for line in q3.branches}
        assert by_name["Chi hội CCB khối 1"]["done_on_time"] == 0  # done in Q2
        assert by_name["Chi hội CCB khối 1"]["targets_met"] == 1  # still met at Q3's end
        assert by_name["Chi hội CCB khối 2"]["done_late"] == 1


def test_a_closed_period_keeps_its_ranking_after_later_updates(app, ward) -> None:
    """Closed, the year's ranking stays as it was whatever happens later (updates, another
    weight); computed again from the history with the same weights it is the same too."""
    with app.app_context():
        small_ward_year(ward)
        plan, year = _plan(ward), Period(2023, "year")
        before = rank(plan, year, weights())
        close_period(plan, year, _secretariat(ward), MESSAGES)
        with pytest.raises(PeriodRefused):
            close_period(plan, year, _secretariat(ward), MESSAGES)
        # Later: a1 reopened and its value dropped, b1 done, the weights changed.
        update(ward, ward.assignment_a1, datetime(2024, 1, 10, 3), "in_progress", value=0)
        update(ward, ward.assignment_b1, datetime(2024, 1, 11, 3), "done")
        save_weights({"done_on_time": 10}, _secretariat(ward))

        frozen, closed = ranking_of(plan, year)
        assert closed is not None
        assert frozen.as_json() == before.as_json()
        assert rank(plan, year, DEFAULTS).as_json() == before.as_json()  # from the history

        reopen_period(plan, year, _secretariat(ward), "Sửa trọng số", MESSAGES)
        live, closed = ranking_of(plan, year)
        assert closed is None
        assert live.branches[0].name == "Chi hội CCB khối 1" and live.branches[0].total == 12


def test_a_period_not_over_cannot_be_closed(app, ward) -> None:
    with app.app_context():
        with pytest.raises(PeriodRefused):
            close_period(
                _plan(ward),
                Period(2023, "m03"),
                _secretariat(ward),
                MESSAGES,
                now=datetime(2023, 3, 20),
            )
        user = db.session.get(User, ward.users["secretariat"])
        with pytest.raises(PeriodRefused):
            reopen_period(_plan(ward), Period(2023, "m03"), user, " ", MESSAGES)


# --------------------------------------------------------------------------- reports on time


def _sent(ward, branch_id: int | None, org_id: int, month: int, *when: datetime, state: str):
    """A March-quarter report of 2023 sent at ``when`` (each a sending), now in ``state``."""
    user = _secretariat(ward)
    report = PeriodicReport(
        organisation_id=org_id, branch_id=branch_id, year=2023, month=month, state=state
    )
    db.session.add(report)
    db.session.flush()
    for n, at in enumerate(when, start=1):
        db.session.add(
            ReportSubmission(
                report_id=report.id,
                number=n,
                submitted_at=at,
                submitted_by_id=user.id,
                figures="{}",
            )
        )
    db.session.commit()


ONLY_REPORTS = dict.fromkeys(CRITERION_KEYS, 0) | {"reports_on_time": 5}


def test_reports_sent_on_time_score_by_hand(app, client, ward) -> None:
    """Deadline the 25th. Q1 2023: a1 sent January on time, February late (01/03), March on
    time but returned and not sent again (late, as the board says); a2 sent January on
    time; organisation A sent its own January on time; b1 sent nothing. With only this
    criterion weighted 5: a1 5, a2 5, b1 0; A 15 (its branches and its own), B 0. Closed,
    Q1 keeps it after a1 sends March again (its first sending was on time: 10)."""
    with app.app_context():
        a = ward.org_a
        _sent(ward, ward.branch_a1, a, 1, datetime(2023, 1, 20, 3), state="accepted")
        _sent(ward, ward.branch_a1, a, 2, datetime(2023, 3, 1, 3), state="accepted")
        _sent(ward, ward.branch_a1, a, 3, datetime(2023, 3, 24, 3), state="returned")
        _sent(ward, ward.branch_a2, a, 1, datetime(2023, 1, 25, 16, 59), state="submitted")
        _sent(ward, None, a, 1, datetime(2023, 1, 24, 3), state="accepted")
        save_weights(ONLY_REPORTS, _secretariat(ward))
        plan, q1 = _plan(ward), Period(2023, "q1")
        ranking = rank(plan, q1, weights())
        assert _table(ranking) == [
            ("Chi hội CCB khối 1", 5, 1),
            ("Chi hội CCB khối 2", 5, 1),
            ("Chi hội phụ nữ khối 1", 0, 3),
        ]
        orgs = [
            (line.name, line.counts["reports_on_time"], line.total)
            for line in ranking.organisations
        ]
        assert orgs == [("Hội Cựu chiến binh phường", 3, 15), ("Hội Liên hiệp phụ nữ phường", 0, 0)]
        # February alone: a1 was late.
        feb = {
            line.name: line.total for line in rank(plan, Period(2023, "m02"), weights()).branches
        }
        assert feb["Chi hội CCB khối 1"] == 0

        close_period(plan, q1, _secretariat(ward), MESSAGES)
        march = db.session.scalar(
            select(PeriodicReport).where(
                PeriodicReport.branch_id == ward.branch_a1, PeriodicReport.month == 3
            )
        )
        march.state = "submitted"
        db.session.add(
            ReportSubmission(
                report_id=march.id,
                number=2,
                submitted_at=datetime(2024, 1, 5),
                submitted_by_id=_secretariat(ward).id,
                figures="{}",
            )
        )
        db.session.commit()
        assert _table(rank(plan, q1, weights()))[0] == ("Chi hội CCB khối 1", 10, 1)
        frozen, closed = ranking_of(plan, q1)
        assert closed is not None and _table(frozen) == _table(ranking)

    # What users see: the weight on the form, the breakdown on the ranking page.
    _login(client, "vanphong")
    form = client.get("/emulation/weights").get_data(as_text=True)
    assert "Nộp báo cáo đúng hạn" in form and 'name="reports_on_time"' in form
    page = client.get("/emulation?year=2023&period=q1").get_data(as_text=True)
    assert "Nộp báo cáo đúng hạn: 1 × 5 = <strong>5</strong>" in page


def test_a_ranking_closed_before_the_criterion_shows_it_as_nothing() -> None:
    line = {
        "name": "Chi hội",
        "organisation": "CCB",
        "organisation_id": 1,
        "branch_id": 1,
        "counts": {"done_on_time": 1},
        "points": {"done_on_time": 3},
        "total": 3,
        "rank": 1,
    }
    old = {"plan_id": 1, "year": 2023, "period": "year", "weights": {"done_on_time": 3}}
    ranking = Ranking.from_json({**old, "branches": [line], "organisations": []})
    assert ranking.weights["reports_on_time"] == 0
    assert ranking.branches[0].counts["reports_on_time"] == 0
