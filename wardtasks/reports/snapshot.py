"""A report's data as a plain, JSON-ready dict: what a closed month stores and what
every report (live or closed) is built from.

:func:`build_snapshot` returns every assignment in scope with its state at the
month's end (category and overdue flag included), the notes of the month, the
previous month's statuses and the completion counts per month for the chart.
Closing a month stores it for the whole ward, so later updates cannot change a
closed month's report.
"""

from __future__ import annotations

from typing import Any

from ..dates import month_end_as_of, month_end_utc, month_start_utc, previous_month
from ..models import Plan
from ..scope import Scope
from ..status import government_category, is_overdue
from .month_end import MonthEndState, completion_by_month, month_end_status, month_notes

SNAPSHOT_VERSION = 1


def chart_months(plan: Plan, year: int, month: int) -> int:
    """How many months of the plan's year the chart shows for a report of ``year``/``month``."""
    return month if year == plan.year else (12 if year > plan.year else 0)


def build_snapshot(
    plan: Plan, year: int, month: int, scope: Scope, complete: bool = True
) -> dict[str, Any]:
    """The report's data for ``scope`` at the end of ``year``/``month`` (four queries).

    With ``complete`` False (the live whole-ward summary, which shows no notes but
    the difficulties'), the month's notes are left out and only blocked rows carry
    their last note; a closed month always stores the complete snapshot.
    """
    where = scope.clause()
    end = month_end_utc(year, month)
    states = month_end_status(plan.id, end, where, "all" if complete else "blocked")
    previous = month_end_status(
        plan.id, month_end_utc(*previous_month(year, month)), where, "blocked"
    )
    notes = month_notes(plan.id, month_start_utc(year, month), end, where) if complete else {}
    shown = chart_months(plan, year, month)
    chart = completion_by_month(plan.id, plan.year, shown, where) if shown else []
    as_of = month_end_as_of(year, month)
    return {
        "version": SNAPSHOT_VERSION,
        "plan": {"id": plan.id, "title": plan.title, "year": plan.year},
        "year": year,
        "month": month,
        "rows": [_row(s, as_of, notes.get(s.assignment_id, [])) for s in states],
        "previous": {str(s.assignment_id): s.status for s in previous},
        "chart": chart,
    }


def _row(s: MonthEndState, as_of: Any, notes: list[dict[str, Any]]) -> dict[str, Any]:
    """One assignment's month-end state as a snapshot row, classified as of ``as_of``."""
    return {
        "aid": s.assignment_id,
        "task_id": s.task_id,
        "task": s.task_title,
        "task_order": s.task_order,
        "org_id": s.organisation_id,
        "org": s.organisation_name,
        "org_short": s.organisation_short,
        "org_order": s.organisation_order,
        "branch_id": s.branch_id,
        "branch": s.branch_name,
        "block_id": s.block_id,
        "status": s.status,
        "progress": s.progress,
        "due": s.due_date.isoformat() if s.due_date else None,
        "done_on": s.done_on.isoformat() if s.done_on else None,
        "category": government_category(s.status, s.due_date, s.done_on, as_of),
        "overdue": is_overdue(s.status, s.due_date, as_of),
        "last_note": s.last_note,
        "notes": notes,
    }
