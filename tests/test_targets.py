"""Targets (chỉ tiêu, issue 19): values reported with status updates, actual against target
at any past month from the history (both directions, per branch and for the organisation),
and the importer's suggestions."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from wardtasks.dates import month_end_utc
from wardtasks.demo import SAMPLE_PATH as SAMPLE  # the published sample, as kept in the package
from wardtasks.extensions import db
from wardtasks.importer.targets import suggest_target
from wardtasks.models import Assignment, StatusUpdate, Target, User
from wardtasks.targets.actuals import combine, standing, target_of
from wardtasks.targets.services import TargetValues, remove_target, save_target
from wardtasks.tasks.services import record_status_update

from .test_reports_support import dated_ward  # noqa: F401  (the "ward" fixture, dated 2023)


def _secretariat(ward) -> User:
    user = db.session.get(User, ward.users["secretariat"])
    assert user is not None
    return user


def report_value(
    ward, assignment_id: int, when: datetime, value: int | None, note: str = ""
) -> None:
    """A status update at ``when`` (naive UTC) reporting the measure's ``value``."""
    a = db.session.get(Assignment, assignment_id)
    assert a is not None
    db.session.refresh(a)
    record_status_update(
        assignment_id,
        _secretariat(ward),
        status="in_progress",
        progress=a.progress,
        note=note,
        expected_version=a.version,
        measured=value,
        now=when,
    )


def _set(ward, **kw) -> Target:
    values = {
        "measure": "hộ nghèo",
        "unit": "hộ",
        "direction": "at_most",
        "branch_value": 0,
        "organisation_value": 0,
        "baseline": 5,
        **kw,
    }
    save_target(ward.task_a, TargetValues(**values), _secretariat(ward))
    target = target_of(ward.task_a)
    assert target is not None
    return target


def _at(ward, target: Target, year: int, month: int):
    return standing(target, ward.plan, month_end_utc(year, month))


def test_keep_at_most_read_at_every_past_month_from_the_history(app, ward) -> None:
    """Poor households to keep at most 0: each month's actual is the latest value reported
    before that month ended, per branch and summed for the organisation, and a past
    month reads the same after later updates."""
    with app.app_context():
        target = _set(ward)
        report_value(ward, ward.assignment_a1, datetime(2023, 2, 10, 3), 3)
        report_value(ward, ward.assignment_a2, datetime(2023, 2, 20, 3), 1)
        report_value(ward, ward.assignment_a1, datetime(2023, 4, 2, 3), 0)
        report_value(ward, ward.assignment_a2, datetime(2023, 5, 2, 3), 0)

        jan = _at(ward, target, 2023, 1)
        assert [b.actual for b in jan.branches] == [None, None]
        assert jan.on_track == 0 and jan.organisation_actual is None and jan.met is False

        feb = _at(ward, target, 2023, 2)
        assert [(b.actual, b.on_track) for b in feb.branches] == [(3, False), (1, False)]
        assert feb.organisation_actual == 4 and feb.organisation_met is False

        apr = _at(ward, target, 2023, 4)
        assert [(b.actual, b.on_track) for b in apr.branches] == [(0, True), (1, False)]
        assert apr.share_on_track == 50 and apr.organisation_actual == 1

        may = _at(ward, target, 2023, 5)
        assert may.share_on_track == 100 and may.organisation_actual == 0 and may.met is True

        # A later update (June, a relapse) leaves the past months as they were.
        report_value(ward, ward.assignment_a1, datetime(2023, 6, 5, 3), 2)
        assert _at(ward, target, 2023, 4).organisation_actual == 1
        assert _at(ward, target, 2023, 5).met is True
        assert _at(ward, target, 2023, 6).organisation_actual == 2


def test_reach_at_least_per_branch_and_for_the_organisation(app, ward) -> None:
    """Members insured, at least 90 % in each branch and 95 % for the organisation: a
    share's organisation figure is the branches' mean; the organisation's own report,
    when there is one, is its figure."""
    with app.app_context():
        target = _set(
            ward,
            measure="hội viên tham gia BHYT",
            unit="%",
            direction="at_least",
            branch_value=90,
            organisation_value=95,
            baseline=80,
        )
        report_value(ward, ward.assignment_a1, datetime(2023, 3, 1, 3), 92)
        report_value(ward, ward.assignment_a2, datetime(2023, 3, 2, 3), 96)
        mar = _at(ward, target, 2023, 3)
        assert [b.on_track for b in mar.branches] == [True, True]
        assert mar.organisation_actual == 94  # mean of 92 and 96
        assert mar.organisation_met is False and mar.met is False  # 94 < 95
        report_value(ward, ward.assignment_a1, datetime(2023, 4, 1, 3), 98)
        apr = _at(ward, target, 2023, 4)
        assert apr.organisation_actual == 97 and apr.met is True
        assert apr.met_by_assignment() == {ward.assignment_a1: True, ward.assignment_a2: True}


def test_combine_counts_sum_and_shares_average() -> None:
    assert combine("hộ", [3, 1, 0]) == 4
    assert combine("%", [90, 96]) == 93
    assert combine("%", []) is None


def test_the_value_goes_through_the_one_writer_into_the_history(app, ward) -> None:
    """A value alone is an update worth saving; it is recorded in the history row and the
    audit entry; a task without a target keeps no value."""
    with app.app_context():
        _set(ward)
        report_value(ward, ward.assignment_a1, datetime(2023, 2, 1, 3), 2)
        row = db.session.scalars(
            select(StatusUpdate).where(StatusUpdate.assignment_id == ward.assignment_a1)
        ).one()
        assert row.measured == 2
        report_value(ward, ward.assignment_b1, datetime(2023, 2, 1, 3), 7, note="Đã họp")
        other = db.session.scalars(
            select(StatusUpdate).where(StatusUpdate.assignment_id == ward.assignment_b1)
        ).one()
        assert other.measured is None
        remove_target(ward.task_a, _secretariat(ward))
        assert target_of(ward.task_a) is None
        # The values reported stay in the history.
        assert db.session.get(StatusUpdate, row.id).measured == 2


# --------------------------------------------------------------------------- importer


def _sample_lines() -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").splitlines()


def test_the_samples_target_sentences_are_suggested() -> None:
    """The sample's two targets: no poor or near-poor households (keep at most 0, for the
    organisation) and at least 3 households per group (for each branch)."""
    found = [s for s in map(suggest_target, _sample_lines()) if s is not None]
    assert [(s.measure, s.unit, s.direction, s.value, s.per_branch) for s in found] == [
        ("hộ nghèo và cận nghèo", "hộ", "at_most", 0, False),
        ("hộ", "hộ", "at_least", 3, True),
    ]
    assert found[0].phrase == "không có Hộ nghèo và cận nghèo"
    assert found[1].phrase == "mỗi tổ từ 3 hộ trở lên"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "100% hội viên tham gia bảo hiểm y tế.",
            ("hội viên tham gia bảo hiểm y tế", "%", "at_least", 100, False),
        ),
        (
            "Phấn đấu trên 90% đoàn viên tham gia hiến máu tình nguyện",
            ("đoàn viên tham gia hiến máu tình nguyện", "%", "at_least", 90, False),
        ),
        (
            "Phấn đấu không còn hộ nghèo trong hội viên",
            ("hộ nghèo trong hội viên", "hộ", "at_most", 0, False),
        ),
        ("Mỗi chi hội xây dựng ít nhất 2 mô hình", ("mô hình", "mô hình", "at_least", 2, True)),
        (
            "Xây dựng ít nhất 3 công trình thanh niên",
            ("công trình thanh niên", "công trình", "at_least", 3, False),
        ),
        ("Tỷ lệ hộ nghèo giảm còn dưới 2%", ("Tỷ lệ hộ nghèo", "%", "at_most", 2, False)),
        ("Phấn đấu tỷ lệ thu quỹ đạt 100% kế hoạch", ("kế hoạch", "%", "at_least", 100, False)),
    ],
)
def test_targets_in_other_wordings_are_suggested(text: str, expected: tuple) -> None:
    s = suggest_target(text)
    assert s is not None
    assert (s.measure, s.unit, s.direction, s.value, s.per_branch) == expected


def test_a_character_that_lowercases_to_two_does_not_break_the_suggestion() -> None:
    """ "İ" lowercases to two characters: the folding that keeps places recursed without
    end on it, and a task page whose text held one answered 500."""
    s = suggest_target("Mỗi chi hội xây dựng ít nhất 2 mô hình (İ)")
    assert s is not None
    assert (s.measure, s.direction, s.value) == ("mô hình", "at_least", 2)


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2022 tỷ lệ hộ gia đình văn hóa đạt 95%.",  # a result
        "Hội đạt 100% chỉ tiêu được giao.",  # a result
        "Đã vận động 100% hội viên tham gia BHYT.",  # past
        "Kết quả: 98% hội viên được tuyên truyền.",  # a result
        "Quỹ hội tăng 15% so với năm trước.",  # a comparison
        "Năm qua, trên 90% đoàn viên tham gia hiến máu.",  # past
        "Tổ chức hội nghị từ 18/11 đến 20/11.",  # dates, no target
        "Tuyên truyền, vận động hội viên thực hiện tốt các chủ trương.",  # no number
    ],
)
def test_percentages_that_are_not_targets_are_not_suggested(text: str) -> None:
    assert suggest_target(text) is None


def test_no_sample_line_without_a_target_gets_one() -> None:
    """Only the two target sentences of the whole sample are suggested."""
    lines = [line for line in _sample_lines() if suggest_target(line) is not None]
    assert len(lines) == 2


def test_a_branch_counts_while_its_assignment_is_given_out(app, ward) -> None:
    """Taken back in May and given back in August: the branch is left out of the months in
    between, as the monthly report leaves it out (statuses_at, the same rule in SQL)."""
    from wardtasks.reports.month_end import statuses_at
    from wardtasks.tasks.assigning import assign_task

    with app.app_context():
        target = _set(ward)
        report_value(ward, ward.assignment_a2, datetime(2023, 3, 1, 3), 2)
        user = _secretariat(ward)
        assign_task(
            ward.task_a,
            user,
            action="withdraw",
            branch_ids=[ward.branch_a2],
            now=datetime(2023, 5, 10, 3),
        )
        assign_task(
            ward.task_a,
            user,
            action="assign",
            branch_ids=[ward.branch_a2],
            now=datetime(2023, 8, 10, 3),
        )
        of_task = set(
            db.session.scalars(select(Assignment.id).where(Assignment.task_id == ward.task_a))
        )
        for month in range(1, 13):
            end = month_end_utc(2023, month)
            shown = {b.assignment_id for b in standing(target, ward.plan, end).branches}
            given = set(statuses_at(ward.plan, end)) & of_task
            assert shown == given, month
        assert {b.branch_id for b in _at(ward, target, 2023, 6).branches} == {ward.branch_a1}
        august = _at(ward, target, 2023, 8)
        assert [(b.branch_id, b.actual) for b in august.branches] == [
            (ward.branch_a1, None),
            (ward.branch_a2, 2),
        ]


def test_a_shared_tasks_target_is_read_per_organisation(app, ward) -> None:
    """A task shared by all is kept at each organisation's own level: each is one line."""
    with app.app_context():
        save_target(
            ward.task_shared,
            TargetValues("buổi tuyên truyền", "buổi", "at_least", 2, None, None),
            _secretariat(ward),
        )
        target = target_of(ward.task_shared)
        assert target is not None
        report_value(ward, ward.assignment_org_a, datetime(2023, 3, 1, 3), 3)
        march = standing(target, ward.plan, month_end_utc(2023, 3))
        assert [(b.branch_name, b.actual, b.on_track) for b in march.branches] == [
            ("Hội CCB", 3, True),
            ("Hội LHPN", None, False),
        ]
        assert march.share_on_track == 50 and march.met is False
        assert march.met_by_assignment()[ward.assignment_org_a] is True
