"""Monthly reports: month-end status from history, the page, closing and reopening a month."""

from __future__ import annotations

import random
import re
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select

from wardtasks.dates import local_day, month_end_as_of, month_end_utc
from wardtasks.devtools.scale import seed_scale
from wardtasks.extensions import cache, db
from wardtasks.models import (
    Assignment,
    Block,
    Branch,
    MonthClose,
    Organisation,
    Plan,
    StatusUpdate,
    Task,
    User,
)
from wardtasks.reports.completion import completion_by_month
from wardtasks.reports.month_end import month_end_status
from wardtasks.reports.report import Report, Tally, build_report, load_report, own_level
from wardtasks.reports.snapshot import build_snapshot
from wardtasks.scope import Scope
from wardtasks.tasks.assigning import assign_task
from wardtasks.tasks.services import record_status_update

from .factories import Ward, make_user, password_hash
from .test_reports_support import (
    csv_both_ways,
    dated_ward,  # noqa: F401  (the "ward" fixture, dated 2023)
    login,
    page_figures,
    record,
)


def _task_id(app, assignment_id: int) -> int:
    with app.app_context():
        return db.session.scalars(
            select(Assignment.task_id).where(Assignment.id == assignment_id)
        ).one()


def _live_ward(plan: Plan, year: int, month: int) -> Report:
    """The whole ward's live report, as the page gets it."""
    return load_report(plan, year, month, Scope("ward"), "own level")[0]


def _states(app, plan_id: int, year: int, month: int) -> dict[int, tuple[str, int, date | None]]:
    with app.app_context():
        return {
            s.assignment_id: (s.status, s.progress, s.due_date)
            for s in month_end_status(plan_id, month_end_utc(year, month))
        }


# --------------------------------------------------------------------------- month end


def test_month_end_is_vietnam_local_midnight() -> None:
    assert month_end_utc(2023, 3) == datetime(2023, 3, 31, 17, 0)
    assert month_end_utc(2023, 12) == datetime(2023, 12, 31, 17, 0)
    assert month_end_as_of(2023, 12) == date(2024, 1, 1)


def test_updates_after_the_month_end_do_not_change_that_month(app, ward: Ward) -> None:
    head = ward.users["branch_head"]
    with app.app_context():
        record(
            ward.assignment_a1, datetime(2023, 3, 10, 2), "in_progress", 30, "Đã họp", None, head
        )
        # 23:59 on 31/03 in Vietnam: still March.
        record(ward.assignment_a1, datetime(2023, 3, 31, 16, 59), "in_progress", 40, "", None, head)
        # 00:30 on 01/04 in Vietnam: April.
        record(ward.assignment_a1, datetime(2023, 3, 31, 17, 30), "done", 100, "Xong", None, head)
        record(
            ward.assignment_b1, datetime(2023, 5, 2), "blocked", 10, "Thiếu kinh phí", None, head
        )
    march = _states(app, ward.plan, 2023, 3)
    assert march[ward.assignment_a1][:2] == ("in_progress", 40)
    assert march[ward.assignment_b1][:2] == ("not_started", 0)
    april = _states(app, ward.plan, 2023, 4)
    assert april[ward.assignment_a1][:2] == ("done", 100)
    # Today's state is different again; March still reads from history.
    assert _states(app, ward.plan, 2023, 5)[ward.assignment_b1][:2] == ("blocked", 10)


def test_an_assignment_created_after_the_month_is_absent(app, ward: Ward) -> None:
    with app.app_context():
        db.session.execute(
            db.update(Assignment)
            .where(Assignment.id != ward.assignment_b1)
            .values(created_at=datetime(2023, 1, 5))
        )
        db.session.execute(
            db.update(Assignment)
            .where(Assignment.id == ward.assignment_b1)
            .values(created_at=datetime(2023, 5, 10))
        )
        db.session.commit()
    assert ward.assignment_b1 not in _states(app, ward.plan, 2023, 4)
    assert ward.assignment_a1 in _states(app, ward.plan, 2023, 4)
    assert ward.assignment_b1 in _states(app, ward.plan, 2023, 5)


def test_taking_back_today_keeps_what_was_given_out_in_past_months(app, ward: Ward) -> None:
    """Assignments taken back (through the task page) after a month keep counting in it,
    done or not, in its figures, last month's and the chart; from the month they were
    taken back in, they are gone, and giving one back brings it back."""
    with app.app_context():
        head = ward.users["branch_head"]
        record(ward.assignment_a1, datetime(2023, 3, 10, 2), "done", 100, "Xong", None, head)
        record(ward.assignment_a2, datetime(2023, 3, 11, 2), "in_progress", 50, "", None, head)
        plan = db.session.get(Plan, ward.plan)
        assert plan is not None
        secretariat = db.session.get(User, ward.users["secretariat"])
        task_id = db.session.get(Assignment, ward.assignment_a1).task_id  # type: ignore[union-attr]
        before = {m: _summary_figures(_live_ward(plan, 2023, m)) for m in (3, 4)}
        assign_task(
            task_id,
            secretariat,
            action="withdraw",
            branch_ids=[ward.branch_a1, ward.branch_a2],
            now=datetime(2023, 5, 2, 2),
        )
        assign_task(
            task_id,
            secretariat,
            action="assign",
            branch_ids=[ward.branch_a2],
            now=datetime(2023, 6, 2, 2),
        )
        after = {m: _summary_figures(_live_ward(plan, 2023, m)) for m in (3, 4)}
        may = _states(app, ward.plan, 2023, 5)
        june = _states(app, ward.plan, 2023, 6)
        june_report = _live_ward(plan, 2023, 6)
    assert after == before
    assert ward.assignment_a1 in _states(app, ward.plan, 2023, 4)
    assert ward.assignment_a1 not in may and ward.assignment_a2 not in may
    assert ward.assignment_a1 not in june and june[ward.assignment_a2][:2] == ("in_progress", 50)
    # June against May: the one given back has no May status to compare with.
    assert june_report.summary.previous_total == len(may)


def test_due_date_comes_from_history(app, ward: Ward) -> None:
    head = ward.users["branch_head"]
    with app.app_context():
        record(
            ward.assignment_a1,
            datetime(2023, 2, 10),
            "in_progress",
            20,
            "",
            date(2023, 3, 15),
            head,
        )
        record(
            ward.assignment_a1, datetime(2023, 5, 10), "in_progress", 50, "", date(2023, 9, 1), head
        )
    # Before any update changed it, the date it was given with (the first update's "before").
    assert _states(app, ward.plan, 2023, 1)[ward.assignment_a1][2] == date(2023, 7, 11)
    assert _states(app, ward.plan, 2023, 3)[ward.assignment_a1][2] == date(2023, 3, 15)
    assert _states(app, ward.plan, 2023, 6)[ward.assignment_a1][2] == date(2023, 9, 1)
    org = Scope("org", ward.org_a)
    with app.app_context():
        plan = db.session.get(Plan, ward.plan)
        report = build_report(build_snapshot(plan, 2023, 3, org), org, "own level")
        summary = _live_ward(plan, 2023, 3)
    item = next(i for i in report.items if i.assignment_id == ward.assignment_a1)
    assert item.overdue and item.category == "overdue"
    # The ward's summary counts it from the same history (the due date of March).
    assert summary.summary.overdue == summary.summary.by_category["overdue"] == 1


def _save(aid: int, when: datetime, status: str, progress: int, note: str, **due) -> None:
    """A status update through the app's own service (which moves ``updated_at``)."""
    version = db.session.scalar(select(Assignment.version).where(Assignment.id == aid))
    author = db.session.scalars(select(User).where(User.username == "vanphong")).one()
    record_status_update(
        aid,
        author,
        status=status,
        progress=progress,
        note=note,
        expected_version=int(version or 1),
        now=when,
        **due,
    )


def test_a_past_month_shows_each_assignment_as_it_stood_then(app, ward: Ward) -> None:
    """One assignment changed after March, two left alone since: March reads the same."""
    with app.app_context():
        a1, a2, b1 = ward.assignment_a1, ward.assignment_a2, ward.assignment_b1
        _save(
            a1, datetime(2023, 3, 5, 2), "blocked", 30, "Thiếu kinh phí", due_date=date(2023, 3, 20)
        )
        _save(a1, datetime(2023, 3, 20, 3), "done", 100, "Đã tổ chức hội thi")
        _save(
            a1,
            datetime(2023, 4, 10, 2),
            "in_progress",
            60,
            "Làm lại hồ sơ",
            due_date=date(2023, 6, 30),
        )
        _save(a2, datetime(2023, 3, 8, 2), "blocked", 40, "Chưa có địa điểm sinh hoạt")
        _save(b1, datetime(2023, 3, 2, 2), "done", 100, "Xong sớm")
        _save(b1, datetime(2023, 3, 15, 2), "done", 100, "Bổ sung ảnh")  # a note, still done
        end = month_end_utc(2023, 3)
        updated = dict(db.session.execute(select(Assignment.id, Assignment.updated_at)).all())
        assert updated[a1] >= end and updated[a2] < end and updated[b1] < end
        march = {s.assignment_id: s for s in month_end_status(ward.plan, end)}
        plan = db.session.get(Plan, ward.plan)
        summary = _live_ward(plan, 2023, 3)
        april = {s.assignment_id: s for s in month_end_status(ward.plan, month_end_utc(2023, 4))}
    state = {
        aid: (s.status, s.progress, s.last_note, s.done_on, s.due_date) for aid, s in march.items()
    }
    assert state[a1] == ("done", 100, "Đã tổ chức hội thi", date(2023, 3, 20), date(2023, 3, 20))
    assert state[a2] == ("blocked", 40, "Chưa có địa điểm sinh hoạt", None, date(2023, 7, 11))
    # Done on 2 March: the later note does not move the day it was done.
    assert state[b1] == ("done", 100, "Bổ sung ảnh", date(2023, 3, 2), None)
    assert [(i.assignment_id, i.last_note) for i in summary.difficulties] == [
        (a2, "Chưa có địa điểm sinh hoạt")
    ]
    assert summary.summary.by_category["done_on_time"] == 2
    assert summary.summary.by_status["blocked"] == 1
    a1_april = april[a1]
    assert (a1_april.status, a1_april.progress, a1_april.last_note, a1_april.due_date) == (
        "in_progress",
        60,
        "Làm lại hồ sơ",
        date(2023, 6, 30),
    )


# assignment, time, id, status, due, given out, progress, status before
Planned = tuple[int, datetime, int, str, date | None, bool, int, str | None]


def _generated_ward(app, ward: Ward, seed: int) -> tuple[list[Planned], dict[int, date | None]]:
    """More tasks and branches, random history with moved due dates and assignments taken
    back and given back; returns its rows (assignment, time, id, status, due date after,
    given out after) and each assignment's first due date."""
    rng = random.Random(seed)
    with app.app_context():
        branches = [ward.branch_a1, ward.branch_a2, ward.branch_b1]
        org_of = {
            ward.branch_a1: ward.org_a,
            ward.branch_a2: ward.org_a,
            ward.branch_b1: ward.org_b,
        }
        for n in range(4):
            task = Task(plan_id=ward.plan, organisation_id=ward.org_a, title=f"Việc {n}", text="…")
            db.session.add(task)
            db.session.flush()
            for br in branches:
                db.session.add(
                    Assignment(
                        task_id=task.id,
                        organisation_id=org_of[br],
                        branch_id=br,
                        due_date=date(2023, rng.randint(1, 12), 10),
                        created_at=datetime(2023, rng.randint(1, 8), rng.randint(1, 28)),
                    )
                )
        db.session.commit()
        first_due = dict(db.session.execute(select(Assignment.id, Assignment.due_date)).all())
        statuses = ("not_started", "in_progress", "done", "blocked", "cancelled")
        planned = []
        for aid in first_due:
            for _ in range(rng.randint(0, 6)):
                when = datetime(2023, 1, 1) + timedelta(minutes=rng.randint(0, 365 * 24 * 60))
                due = date(2023, rng.randint(1, 12), 15) if rng.random() < 0.2 else None
                # Now and then taken back, or given back (an update that says so).
                active = rng.choice((False, True)) if rng.random() < 0.25 else None
                planned.append((when, aid, rng.choice(statuses), rng.randint(0, 100), due, active))
        # Written in time order, as the app writes them (each from the state before it).
        for when, aid, status, progress, due, active in sorted(planned, key=lambda p: p[:2]):
            record(aid, when, status, progress, f"ghi chú {aid}", due, 1, active)
        updates = db.session.execute(
            select(
                StatusUpdate.assignment_id,
                StatusUpdate.created_at,
                StatusUpdate.id,
                StatusUpdate.status,
                StatusUpdate.due_date,
                StatusUpdate.active,
                StatusUpdate.progress,
                StatusUpdate.from_status,
            )
        ).all()
        return [tuple(u) for u in updates], first_due


def _month_ends(app, plan_id: int) -> dict[int, list[tuple[object, ...]]]:
    """Every month's end state of every assignment, and its ward summary, as plain values."""
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        return {
            month: [
                (s.assignment_id, s.status, s.progress, s.due_date, s.done_on)
                for s in month_end_status(plan_id, month_end_utc(2023, month))
            ]
            + [_summary_figures(_live_ward(plan, 2023, month))]
            for month in range(1, 13)
        }


def _move_due_dates_today(app, ward: Ward, seed: int) -> None:
    """Due dates moved now, by both writers that move them: the task page's "set" and a
    status update of the secretariat (the issue: 30/06/2027 for three branches)."""
    rng = random.Random(seed)
    with app.app_context():
        secretariat = db.session.get(User, ward.users["secretariat"])
        tasks = db.session.scalars(select(Task.id).where(Task.organisation_id == ward.org_a))
        for task_id in tasks:
            assign_task(
                task_id,
                secretariat,
                action="set",
                branch_ids=rng.sample([ward.branch_a1, ward.branch_a2], rng.randint(1, 2)),
                due_date=date(2027, 6, 30),
            )
        others = db.session.scalars(
            select(Assignment.id).where(
                Assignment.branch_id == ward.branch_b1, Assignment.active.is_(True)
            )
        ).all()
        for aid in others:
            _save(aid, datetime.utcnow(), "in_progress", 10, "Dời hạn", due_date=None)  # noqa: DTZ003


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_scenario_equals_a_plain_computation(app, ward: Ward, seed: int) -> None:
    """Each month's end state (status, due date, progress, the day it was done), read from
    the reports' read model, and the reports built from it equal a plain reading of the
    history; due dates moved today change no past month."""
    updates, first_due = _generated_ward(app, ward, seed)
    with app.app_context():
        created = dict(db.session.execute(select(Assignment.id, Assignment.created_at)).all())
        org = dict(db.session.execute(select(Assignment.id, Assignment.organisation_id)).all())
        plan = db.session.get(Plan, ward.plan)
        assert plan is not None
        last_month: dict[int, tuple[Any, Any]] = {}  # December 2022: nothing given out
        for month in range(1, 13):
            end = datetime(2023, month + 1, 1) if month < 12 else datetime(2024, 1, 1)
            end -= timedelta(hours=7)
            # The plain way: every assignment that existed, its latest update before the
            # end, if that left it given out (taken back later or not).
            expected = {}
            for aid, made in created.items():
                if made >= end:
                    continue
                before = [u for u in updates if u[0] == aid and u[1] < end]
                latest = max(before, key=lambda u: (u[1], u[2])) if before else None
                if latest is not None and not latest[5]:
                    continue
                expected[aid] = (
                    (latest[3], latest[4]) if latest else ("not_started", first_due[aid])
                )
            states = month_end_status(plan.id, end)
            got = {s.assignment_id: (s.status, s.due_date) for s in states}
            assert got == expected, f"month {month}"
            # Progress, and the day a done one was done: its latest move into done.
            for s in states:
                before = [u for u in updates if u[0] == s.assignment_id and u[1] < end]
                latest = max(before, key=lambda u: (u[1], u[2])) if before else None
                assert s.progress == (latest[6] if latest else 0), f"month {month}"
                into = [u for u in before if u[3] == "done" and u[7] != "done"]
                done_on = max(into, key=lambda u: (u[1], u[2]))[1] if into else None
                expected_day = local_day(done_on) if done_on and s.status == "done" else None
                assert s.done_on == expected_day, f"month {month}"
            report = build_report(
                build_snapshot(plan, 2023, month, Scope("ward")), Scope("ward"), "own level"
            )
            assert report.summary.total == len(expected)
            # Against last month (read in the same statement): the ones given out then.
            then = [last_month[a][0] for a in expected if a in last_month]
            assert report.summary.previous_total == len(then), f"month {month}"
            assert report.summary.previous_done == then.count("done"), f"month {month}"
            previous_month, last_month = last_month, expected
            for status in ("not_started", "in_progress", "done", "blocked", "cancelled"):
                assert report.summary.by_status[status] == sum(
                    1 for s, _due in expected.values() if s == status
                )
            today = month_end_as_of(2023, month)
            overdue = sum(
                1
                for s, due in expected.values()
                if due is not None and due < today and s not in ("done", "cancelled")
            )
            assert report.summary.overdue == overdue, f"month {month}"
            # The chart's point for this month is the share done per organisation.
            for series in report.chart:
                org_id = next(o.id for o in report.organisations if o.short_name == series.name)
                mine = [a for a in expected if org[a] == org_id]
                done = sum(1 for a in mine if expected[a][0] == "done")
                assert dict(series.points)[month] == round(100 * done / len(mine))
            # The live summary the page shows (the same counting, a lighter snapshot).
            assert _summary_figures(_live_ward(plan, 2023, month)) == (_summary_figures(report)), (
                f"month {month}"
            )
            # Each organisation's report as the app serves it, kept in the cache: first
            # for a file (no chart), then for the page (the chart added), then again
            # from the cache, equals the one built from a fresh snapshot.
            for org_id in (ward.org_a, ward.org_b):
                scope = Scope("org", org_id)
                built = build_report(build_snapshot(plan, 2023, month, scope), scope, "own level")
                _assert_plain_tallies(built, previous_month, f"month {month}, {scope.key}")
                fresh = asdict(built)
                served = [
                    asdict(load_report(plan, 2023, month, scope, "own level", chart)[0])
                    for chart in (False, True, True, False)
                ]
                assert served[0] == {**fresh, "chart": []}, f"month {month}"
                assert served[1:] == [fresh] * 3, f"month {month}"
                # First for the page, which leaves the month's updates unread until a
                # task is opened, then for an opened task or a file: the same report.
                cache.clear()
                served = [
                    asdict(load_report(plan, 2023, month, scope, "own level", True, updates)[0])
                    for updates in (False, True, False)
                ]
                assert served[0] == _without_updates(fresh), f"month {month}"
                assert served[1:] == [fresh] * 2, f"month {month}"
            # The CSV a live month is downloaded as, written from its rows, is the one
            # written from its report, for the ward and each organisation.
            with app.test_request_context():
                for scope in (Scope("ward"), Scope("org", ward.org_a), Scope("org", ward.org_b)):
                    new, old = csv_both_ways(plan, 2023, month, scope)
                    assert new == old, f"month {month}, {scope.key}"
    before = _month_ends(app, ward.plan)
    _move_due_dates_today(app, ward, seed)
    assert _month_ends(app, ward.plan) == before


def _assert_plain_tallies(report: Report, previous: dict[int, tuple[Any, Any]], where: str) -> None:
    """An organisation's report's tallies (the whole, each branch line, each task) equal
    a plain count of its items one by one, with last month's status from ``previous``
    (the plain reading of the history: assignment -> (status, due))."""

    def plain(items: list[Any]) -> Tally:
        tally = Tally()
        for i in items:
            tally.count(i.status, i.category, i.overdue)
            if i.assignment_id in previous:
                tally.previous_total += 1
                tally.previous_done += previous[i.assignment_id][0] == "done"
        return tally

    assert report.items, where
    assert report.summary == plain(report.items), where
    for org in report.organisations:
        mine = [i for t in org.tasks for i in t.items]
        assert org.tally == plain(mine), where
        for task in org.tasks:
            assert task.tally == plain(task.items), where
        for line in org.branches:
            on = [
                i
                for i in mine
                if own_level(i.branch, i.organisation_short, "own level") == line.label
            ]
            assert on and line.tally == plain(on), where


def _without_updates(report: dict[str, Any]) -> dict[str, Any]:
    """A report (as :func:`asdict` gives it) with no item's updates of the month."""

    def bare(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**item, "notes": []} for item in items]

    return {
        **report,
        "organisations": [
            {**org, "tasks": [{**t, "items": bare(t["items"])} for t in org["tasks"]]}
            for org in report["organisations"]
        ],
        "difficulties": bare(report["difficulties"]),
        "next_month": bare(report["next_month"]),
    }


def _summary_figures(report: Report) -> dict[str, object]:
    """Everything a ward summary shows, as plain values."""

    def tally(t: Tally) -> tuple[object, ...]:
        return (
            t.total,
            dict(t.by_status),
            dict(t.by_category),
            t.overdue,
            t.previous_total,
            t.previous_done,
        )

    return {
        "summary": tally(report.summary),
        "orgs": [(o.id, tally(o.tally)) for o in report.organisations],
        "tasks": [(o.id, t.task_id, tally(t.tally)) for o in report.organisations for t in o.tasks],
        "blocked": [(i.assignment_id, i.branch, i.last_note) for i in report.difficulties],
        "next": [(u.task, u.due, u.count) for u in report.next_month_counts],
        "chart": [(s.name, s.points) for s in report.chart],
    }


# --------------------------------------------------------------------------- the page


def test_report_page_shows_month_end_figures_and_change(app, client, ward: Ward) -> None:
    head = ward.users["branch_head"]
    with app.app_context():
        record(ward.assignment_a1, datetime(2023, 2, 10), "done", 100, "Hoàn thành", None, head)
        record(
            ward.assignment_a2, datetime(2023, 3, 10), "blocked", 20, "Thiếu kinh phí", None, head
        )
        record(ward.assignment_a2, datetime(2023, 4, 10), "done", 100, "", None, head)
    login(client, "vanphong")
    html = client.get("/reports?month=2023-03&scope=ward").get_data(as_text=True)
    figures = page_figures(html)
    assert figures["total"] == 5 and figures["done"] == 1 and figures["blocked"] == 1
    assert figures["percent"] == 20 and figures["change"] == 0  # February: 1 of 5 done too
    assert "Thiếu kinh phí" in html  # the note of the month, and the difficulty
    assert "Khó khăn, vướng mắc" in html or "Difficulties" in html
    april = page_figures(client.get("/reports?month=2023-04&scope=ward").get_data(as_text=True))
    assert april["done"] == 2 and april["change"] == 20


def test_the_ward_report_follows_every_write(app, client, ward: Ward) -> None:
    """The whole ward's report is kept between requests (one computation for the page and
    its downloads), and every later save into the month shows at once in both."""
    head = ward.users["branch_head"]
    with app.app_context():
        record(ward.assignment_a1, datetime(2023, 3, 5), "in_progress", 40, "", None, head)
    login(client, "vanphong")
    url = "/reports?month=2023-03&scope=ward"
    assert page_figures(client.get(url).get_data(as_text=True))["done"] == 0
    assert page_figures(client.get(url).get_data(as_text=True))["done"] == 0  # kept
    with app.app_context():
        record(ward.assignment_a2, datetime(2023, 3, 20), "done", 100, "Xong", None, head)
    assert page_figures(client.get(url).get_data(as_text=True))["done"] == 1
    csv = client.get("/reports/export/csv?month=2023-03&scope=ward").get_data(as_text=True)
    with app.app_context():
        record(ward.assignment_a1, datetime(2023, 3, 25), "done", 100, "Muộn", None, head)
    assert page_figures(client.get(url).get_data(as_text=True))["done"] == 2
    assert client.get("/reports/export/csv?month=2023-03&scope=ward").get_data(as_text=True) != csv


def test_the_ward_is_summarised_per_task_and_links_to_each_organisation(
    app, client, ward: Ward
) -> None:
    head = ward.users["branch_head"]
    with app.app_context():
        record(ward.assignment_a1, datetime(2023, 3, 2), "done", 100, "Xong", None, head)
        record(
            ward.assignment_a2, datetime(2023, 3, 9), "blocked", 20, "Thiếu kinh phí", None, head
        )
    login(client, "vanphong")
    html = client.get("/reports?month=2023-03&scope=ward").get_data(as_text=True)
    block = html[html.index(f'data-org-tasks="{ward.org_a}"') :]
    block = block[: block.index("</table>")]
    row = block[block.index("Phong trào Cựu chiến binh gương mẫu") :]
    row = row[: row.index("</tr>")]
    # Assignments, then not started, in progress, done, blocked, cancelled, overdue, share.
    cells = re.findall(r'<td class="num[^"]*">(\d+)%?</td>', row)
    assert cells == ["2", "0", "0", "1", "1", "0", "0", "50"]
    assert f"/reports?month=2023-03&amp;scope=org-{ward.org_a}" in block
    # No branch is listed with its notes at ward level, except the blocked one (difficulties).
    assert "Xong" not in html and "Thiếu kinh phí" in html
    assert 'id="by-branch"' not in html
    # The organisation's report lists each branch, and each task's branches with the notes
    # of the month when opened (or all of them at once).
    org_url = f"/reports?month=2023-03&scope=org-{ward.org_a}"
    org = client.get(org_url).get_data(as_text=True)
    assert "Thiếu kinh phí" in org and 'id="by-branch"' in org
    task = _task_id(app, ward.assignment_a1)
    opened = client.get(f"{org_url}&task={task}", headers={"HX-Request": "true"})
    assert "Xong" in opened.get_data(as_text=True)
    assert "Xong" in client.get(f"{org_url}&detail=all").get_data(as_text=True)


def test_the_ward_lists_three_difficulties_a_task_and_links_to_the_rest(
    app, client, ward: Ward
) -> None:
    head = ward.users["branch_head"]
    with app.app_context():
        blocked = [ward.assignment_a1, ward.assignment_a2]
        for n in range(3, 6):
            branch = Branch(
                organisation_id=ward.org_a,
                block_id=ward.block_1,
                name=f"Chi hội CCB khối {n}",
                sort_order=n,
            )
            db.session.add(branch)
            db.session.flush()
            extra = Assignment(
                task_id=ward.task_a,
                organisation_id=ward.org_a,
                branch_id=branch.id,
                created_at=datetime(2023, 1, 5, 2),
            )
            db.session.add(extra)
            db.session.flush()
            blocked.append(extra.id)
        db.session.commit()
        for n, aid in enumerate(blocked, start=1):
            record(aid, datetime(2023, 3, n, 2), "blocked", 10, f"Khó khăn số {n}", None, head)
    login(client, "vanphong")

    def difficulties(html: str) -> list[str]:
        section = html[html.index('class="difficulties"') : html.index('class="next-month"')]
        return re.findall(r"Khó khăn số (\d)", section)

    html = client.get("/reports?month=2023-03&scope=ward").get_data(as_text=True)
    assert difficulties(html) == ["1", "2", "3"]
    section = html[html.index('class="difficulties"') : html.index('class="next-month"')]
    assert f'class="more" href="/reports?month=2023-03&amp;scope=org-{ward.org_a}"' in section
    assert page_figures(html)["blocked"] == 5  # the figures still count every one
    # The organisation's report and the ward's exports keep them all.
    org = client.get(f"/reports?month=2023-03&scope=org-{ward.org_a}").get_data(as_text=True)
    assert difficulties(org) == ["1", "2", "3", "4", "5"]
    assert 'class="more"' not in org
    exported = client.get("/reports/export/csv?month=2023-03&scope=ward").get_data(as_text=True)
    assert re.findall(r"Khó khăn số (\d)", exported) == ["1", "2", "3", "4", "5"]


def test_scope_narrows_the_report(app, client, ward: Ward) -> None:
    login(client, "vanphong")
    org = page_figures(client.get(f"/reports?month=2023-03&scope=org-{ward.org_a}").get_data(True))
    branch = page_figures(
        client.get(f"/reports?month=2023-03&scope=branch-{ward.branch_a1}").get_data(True)
    )
    block = page_figures(
        client.get(f"/reports?month=2023-03&scope=block-{ward.block_1}").get_data(True)
    )
    assert (org["total"], branch["total"], block["total"]) == (3, 1, 2)


def test_htmx_gets_the_report_block_and_history_restore_the_page(app, client, ward) -> None:
    login(client, "vanphong")
    url = f"/reports?month=2023-03&scope=org-{ward.org_a}"
    partial = client.get(url, headers={"HX-Request": "true"})
    body = partial.get_data(as_text=True)
    assert '<div id="report"' in body and "<html" not in body
    assert "Hội Cựu chiến binh phường" in body
    assert "HX-Request" in partial.headers["Vary"]
    restore = client.get(
        url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    ).get_data(as_text=True)
    assert "<html" in restore and 'id="report-filter"' in restore


def test_bad_month_and_scope_answer_with_a_message(app, client, ward) -> None:
    login(client, "vanphong")
    response = client.get("/reports?month=2099-13&scope=nothing")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "không phải là một tháng của kế hoạch" in html
    assert client.get("/reports?month=2023-03&scope=org-99999").status_code == 404
    assert client.get("/reports/export/pdf?month=2023-03").status_code == 404


def test_each_role_gets_its_own_scope(app, client, ward: Ward) -> None:
    login(client, "head.a1")
    html = client.get("/reports?month=2023-03").get_data(as_text=True)
    assert "Chi hội CCB khối 1" in html and page_figures(html)["total"] == 1
    assert client.get(f"/reports?scope=org-{ward.org_a}").status_code == 403
    assert client.get(f"/reports?scope=branch-{ward.branch_a2}").status_code == 403
    assert client.get(f"/reports/export/csv?scope=branch-{ward.branch_a2}").status_code == 403
    client.post("/logout")
    login(client, "leader.a")
    assert client.get(f"/reports?scope=branch-{ward.branch_a2}").status_code == 200
    assert client.get(f"/reports?scope=org-{ward.org_b}").status_code == 403
    assert client.get(f"/reports/export/xlsx?scope=org-{ward.org_b}").status_code == 403
    assert client.get(f"/reports?scope=block-{ward.block_1}").status_code == 403
    assert client.get("/reports?scope=ward").status_code == 403
    html = client.get("/reports").get_data(as_text=True)
    assert "Hội Cựu chiến binh phường" in html and "Hội Liên hiệp phụ nữ phường" not in html


# --------------------------------------------------------------------------- closing


def _export(client, fmt: str, month: str = "2023-03", scope: str = "ward") -> bytes:
    response = client.get(f"/reports/export/{fmt}?month={month}&scope={scope}")
    assert response.status_code == 200
    return response.data


def _report_html(client, month: str = "2023-03", scope: str = "ward") -> str:
    html = client.get(f"/reports?month={month}&scope={scope}").get_data(as_text=True)
    return html[html.index('<div id="report"') :]


def test_a_closed_month_stays_identical_after_later_updates(app, client, ward: Ward) -> None:
    head = ward.users["branch_head"]
    with app.app_context():
        record(ward.assignment_a1, datetime(2023, 3, 5), "in_progress", 50, "Đang làm", None, head)
    login(client, "vanphong")
    response = client.post("/reports/close", data={"month": "2023-03", "scope": "ward"})
    assert response.status_code == 302
    before = _report_html(client)
    assert "Đã chốt" in before
    files = {fmt: _export(client, fmt) for fmt in ("xlsx", "csv", "docx")}
    with app.app_context():
        # A later update, one back-dated into March and due dates moved today: none may
        # move March's report.
        record(ward.assignment_a1, datetime(2023, 4, 5), "done", 100, "Xong", None, head)
        record(ward.assignment_a2, datetime(2023, 3, 20), "blocked", 5, "Ghi lùi", None, head)
        leader = db.session.get(User, ward.users["leader"])
        branches = [ward.branch_a1, ward.branch_a2]
        assign_task(
            ward.task_a, leader, action="set", branch_ids=branches, due_date=date(2027, 6, 30)
        )
    assert _report_html(client) == before
    for fmt, data in files.items():
        assert _export(client, fmt) == data, fmt
    # Closing again is refused with a message; the live April report does move.
    client.post("/reports/close", data={"month": "2023-03", "scope": "ward"})
    assert "Tháng này đã được chốt" in client.get("/reports?month=2023-03").get_data(True)
    assert page_figures(_report_html(client, "2023-04"))["done"] == 1


def test_reopening_records_who_when_and_why(app, client, ward: Ward) -> None:
    login(client, "vanphong")
    client.post("/reports/close", data={"month": "2023-03", "scope": "ward"})
    response = client.post("/reports/reopen", data={"month": "2023-03", "scope": "ward"})
    assert response.status_code == 200
    assert "Vui lòng nêu lý do mở lại" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(MonthClose)).reopened_at is None
    response = client.post(
        "/reports/reopen",
        data={"month": "2023-03", "scope": "ward", "reason": "Khối 3 báo cáo bổ sung"},
    )
    assert response.status_code == 302
    with app.app_context():
        row = db.session.scalar(select(MonthClose))
        assert row.reopened_by_id == ward.users["secretariat"]
        assert row.reopen_reason == "Khối 3 báo cáo bổ sung"
        assert abs(row.reopened_at - datetime.utcnow()) < timedelta(minutes=1)  # noqa: DTZ003
    html = client.get("/reports?month=2023-03").get_data(as_text=True)
    assert "Khối 3 báo cáo bổ sung" in html and "Phan Thị Thu" in html
    assert "Số liệu tạm tính" in html
    # It can be closed again: the history keeps both, and the page is the new close's.
    client.post("/reports/close", data={"month": "2023-03", "scope": "ward"})
    with app.app_context():
        assert len(db.session.scalars(select(MonthClose)).all()) == 2
    html = client.get("/reports?month=2023-03").get_data(as_text=True)
    assert "Đã chốt" in html and "Số liệu tạm tính" not in html
    assert "Khối 3 báo cáo bổ sung" in html


def test_only_the_secretariat_closes_and_reopens(app, client, ward: Ward) -> None:
    login(client, "lanhdao")
    assert client.post("/reports/close", data={"month": "2023-03"}).status_code == 403
    assert (
        client.post("/reports/reopen", data={"month": "2023-03", "reason": "x"}).status_code == 403
    )
    assert "Chốt số liệu" not in client.get("/reports?month=2023-03").get_data(as_text=True)


# --------------------------------------------------------------------------- bounded queries


def _grow(app, ward: Ward) -> None:
    """Add organisations, branches, tasks, assignments and updates: a bigger ward."""
    rng = random.Random(7)
    with app.app_context():
        blocks = [Block(number=10 + n, name=f"Khối {10 + n}") for n in range(6)]
        db.session.add_all(blocks)
        for n in range(3):
            org = Organisation(code=f"O{n}", name=f"Hội số {n}", short_name=f"Hội {n}")
            db.session.add(org)
            db.session.flush()
            branches = [
                Branch(organisation_id=org.id, block=b, name=f"Chi hội {n}-{b.number}")
                for b in blocks
            ]
            db.session.add_all(branches)
            make_user(f"lead{n}", "leader", organisation_id=org.id)
            db.session.flush()
            for t in range(5):
                task = Task(
                    plan_id=ward.plan, organisation_id=org.id, title=f"Việc {n}.{t}", text="."
                )
                db.session.add(task)
                db.session.flush()
                for br in branches:
                    a = Assignment(
                        task_id=task.id,
                        organisation_id=org.id,
                        branch_id=br.id,
                        created_at=datetime(2023, 1, 2),
                    )
                    db.session.add(a)
                    db.session.flush()
                    for _ in range(3):
                        month = rng.randint(1, 12)
                        record(
                            a.id, datetime(2023, month, 5), "in_progress", 10, "Ghi chú", None, 1
                        )
        db.session.commit()


def _count_queries(app, client, url: str) -> int:
    """The statements of ``url`` computed afresh (nothing from the app's cache)."""
    with app.app_context():
        engine = db.engine
        cache.clear()
    statements: list[str] = []

    def _count(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", _count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", _count)
    return len(statements)


def test_the_report_uses_a_bounded_number_of_queries(app, client, ward: Ward) -> None:
    login(client, "vanphong")
    url = "/reports?month=2023-06&scope=ward"
    client.get(url)  # warm up (first-request work)
    small = _count_queries(app, client, url)
    _grow(app, ward)
    big = _count_queries(app, client, url)
    assert big == small
    # A ceiling, not a goal: the month's targets and the tasks' supporters (issue 19) are
    # one read each.
    assert small <= 17, small
    export_small = _count_queries(app, client, "/reports/export/xlsx?month=2023-06&scope=ward")
    assert export_small <= 12


def test_last_years_months_stay_reachable_under_a_new_plan(app, client, ward: Ward) -> None:
    with app.app_context():
        old = db.session.get(Plan, ward.plan)
        old.state = "closed"
        db.session.add(Plan(year=2024, title="Nhiệm vụ trọng tâm năm 2024", state="active"))
        db.session.commit()
    login(client, "vanphong")
    html = client.get("/reports?month=2024-02&scope=ward").get_data(as_text=True)
    assert "Nhiệm vụ trọng tâm năm 2024" in html and page_figures(html)["total"] == 0
    assert 'value="2023-12"' in html  # last year's December is one choice away
    html = client.get("/reports?month=2023-12&scope=ward").get_data(as_text=True)
    assert "Nhiệm vụ trọng tâm năm 2023" in html and page_figures(html)["total"] == 5
    assert 'value="2024-01"' in html


def test_chart_from_transitions_equals_the_month_by_month_state(app) -> None:
    """On a generated ward, counting transitions into and out of done gives, for every
    month, what the latest update before each month's end says (the former method)."""
    with app.app_context():
        seed_scale(
            password_hash=password_hash(),
            orgs=2, blocks=3, years=2, tasks_per_org=4, shared_tasks=1,
            updates_per_assignment=6, users=10, seed=11,
        )  # fmt: skip
        plan = db.session.scalar(select(Plan).where(Plan.state == "active"))
        assert plan is not None
        rows = db.session.execute(
            select(
                Assignment.id,
                Assignment.organisation_id,
                Assignment.branch_id,
                Assignment.created_at,
            )
            .join(Task, Task.id == Assignment.task_id)
            .where(Task.plan_id == plan.id, Assignment.active.is_(True))
        ).all()
        history: dict[int, list[tuple[datetime, int, str]]] = {}
        for aid, at, uid, status in db.session.execute(
            select(
                StatusUpdate.assignment_id,
                StatusUpdate.created_at,
                StatusUpdate.id,
                StatusUpdate.status,
            )
        ):
            history.setdefault(aid, []).append((at, uid, status))
        expected: dict[tuple[int, int, int | None], list[int]] = {}
        for month in range(1, 13):
            end = month_end_utc(plan.year, month)
            for aid, org, branch, made in rows:
                if made >= end:
                    continue
                before = [u for u in history.get(aid, []) if u[0] < end]
                done = bool(before) and max(before)[2] == "done"
                acc = expected.setdefault((month, org, branch), [0, 0])
                acc[0] += 1
                acc[1] += int(done)
        got = completion_by_month(plan.id, plan.year, 12, Scope("ward"))
        assert sum(d for *_k, d in got) > 0  # some are done: the test can fail
        assert {(m, o, b): [n, d] for m, o, b, n, d in got} == expected
        # The ward summary's "last month" figures are the plain month-by-month state too.
        for month in (1, 6, 11):
            summary = _live_ward(plan, plan.year, month).summary
            if month == 1:
                assert (summary.previous_total, summary.previous_done) == (0, 0)
                continue
            assert summary.previous_total > 0
            prev_total = sum(v[0] for (m, _o, _b), v in expected.items() if m == month - 1)
            prev_done = sum(v[1] for (m, _o, _b), v in expected.items() if m == month - 1)
            assert (summary.previous_total, summary.previous_done) == (prev_total, prev_done)


def _month_end_reads(app, client, urls: list[str]) -> list[int]:
    """How many times each of ``urls`` (fetched in turn) read the month-end state from
    the read model (the month-end rows, alias month_row; last month's statuses are another
    statement)."""
    with app.app_context():
        engine = db.engine
    reads: list[int] = []

    def _count(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        reads[-1] += "month_row" in statement

    event.listen(engine, "before_cursor_execute", _count)
    try:
        for url in urls:
            reads.append(0)
            assert client.get(url).status_code == 200, url
    finally:
        event.remove(engine, "before_cursor_execute", _count)
    return reads


@pytest.mark.parametrize("scope", ["ward", "org", "branch"])
def test_a_month_is_computed_once_for_its_page_and_files(
    app, client, ward: Ward, scope: str
) -> None:
    """A month's page, its three files and the page again read the history once when the
    page comes first; a live month's CSV asked before any page or other file reads the
    month's rows itself (cheaper than the report: it keeps none), then the report is read
    once for the rest; a write makes the next one read it again."""
    key = {"ward": "ward", "org": f"org-{ward.org_a}", "branch": f"branch-{ward.branch_a1}"}[scope]
    query = f"?month=2023-06&scope={key}"
    page = f"/reports{query}"
    files = [f"/reports/export/{fmt}{query}" for fmt in ("csv", "xlsx", "docx")]
    login(client, "vanphong")
    with app.app_context():
        cache.clear()
    assert _month_end_reads(app, client, [page, *files, page]) == [1, 0, 0, 0, 0]
    with app.app_context():
        cache.clear()
    assert _month_end_reads(app, client, [*files, page, page]) == [1, 1, 0, 0, 0]
    with app.app_context():
        cache.clear()
    assert _month_end_reads(app, client, [*files[1:], files[0], page]) == [1, 0, 0, 0]
    with app.app_context():
        record(ward.assignment_a1, datetime(2023, 6, 3, 2), "done", 100, "Xong", None, 1)
    assert _month_end_reads(app, client, [files[1], page, files[0]]) == [1, 0, 0]


def test_an_organisations_page_shows_each_write_and_the_same_to_every_reader(
    app, client, ward: Ward
) -> None:
    """The tasks' part of an organisation's report (kept whole with its month) shows a
    note written after it was first shown, and reads the same to another user."""
    url = f"/reports?month=2023-06&scope=org-{ward.org_a}&detail=all"
    login(client, "vanphong")
    assert "Đã tổ chức hội thi" not in client.get(url).get_data(as_text=True)
    with app.app_context():
        record(ward.assignment_a1, datetime(2023, 6, 3, 2), "done", 100, "Đã tổ chức hội thi")
    html = client.get(url).get_data(as_text=True)
    assert "Đã tổ chức hội thi" in html
    part = html[html.index('<section class="per-task">') :]
    other = app.test_client()
    login(other, "leader.a")
    other_html = other.get(url).get_data(as_text=True)
    assert other_html[other_html.index('<section class="per-task">') :] == part


def test_an_organisations_page_lists_its_tasks_and_opens_each_ones_branches(
    app, client, ward: Ward
) -> None:
    """The organisation's report shows every task with its figures (DESIGN.md: per task,
    each branch's status at month end and the month's notes) and gives each task's
    branches and notes when it is opened: htmx gets that task's part alone, a plain
    request the page with it open, ``detail=all`` every task's (to print), the same
    parts as when opened one by one."""
    head = ward.users["branch_head"]
    with app.app_context():
        record(ward.assignment_a1, datetime(2023, 3, 2), "done", 100, "Xong đợt 1", None, head)
        record(
            ward.assignment_a2, datetime(2023, 3, 9), "blocked", 20, "Thiếu kinh phí", None, head
        )
    login(client, "vanphong")
    url = f"/reports?month=2023-03&scope=org-{ward.org_a}"
    page = client.get(url).get_data(as_text=True)
    every = client.get(f"{url}&detail=all").get_data(as_text=True)
    with app.app_context():
        tasks = db.session.execute(
            select(Task.id, Task.title)
            .join(Assignment, Assignment.task_id == Task.id)
            .where(Assignment.organisation_id == ward.org_a, Assignment.active.is_(True))
            .distinct()
        ).all()
    assert tasks
    for task_id, title in tasks:
        assert f'id="task-{task_id}"' in page and title in page
        assert f"{url}&amp;task={task_id}".replace("&", "&amp;", 1) in page
        part = client.get(f"{url}&task={task_id}", headers={"HX-Request": "true"})
        assert part.status_code == 200 and "<html" not in part.get_data(as_text=True)
        assert part.get_data(as_text=True).strip() in every
    done_task = _task_id(app, ward.assignment_a1)
    part = client.get(f"{url}&task={done_task}", headers={"HX-Request": "true"})
    assert "Xong đợt 1" in part.get_data(as_text=True)
    # The notes come when asked: the page itself shows the blocked one (difficulties) only.
    assert "Xong đợt 1" not in page and "Xong đợt 1" in every
    # Without JavaScript, the task's link opens the page with its part in place.
    opened = client.get(f"{url}&task={done_task}").get_data(as_text=True)
    assert "<html" in opened and "Xong đợt 1" in opened
    # A task that is not in the report: a message, not an error.
    missing = client.get(f"{url}&task=999999", headers={"HX-Request": "true"})
    assert missing.status_code == 200
    assert "Nhiệm vụ này không có phần giao nào" in missing.get_data(as_text=True)
