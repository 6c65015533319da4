"""Derived status of assignments, computed in one place for pages, reports and exports."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_

from .i18n import VIETNAM_OFFSET
from .models import Assignment

CLOSED_STATUSES = ("done", "cancelled")


def today_in_vietnam(now: datetime | None = None) -> date:
    """Today's date in the ward (UTC+7)."""
    from .models.base import utcnow

    return ((now or utcnow()) + VIETNAM_OFFSET).date()


def is_overdue(status: str, due: date | None, today: date) -> bool:
    """Past its due date and neither done nor cancelled (quá hạn)."""
    return due is not None and due < today and status not in CLOSED_STATUSES


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


def month_bounds(day: date) -> tuple[date, date]:
    """First and last day of ``day``'s month (the "due this month" filter)."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


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
    report :func:`month_end_as_of` (the day after its last day).
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


def month_start_utc(year: int, month: int) -> datetime:
    """The instant a Vietnam-local month begins (local midnight of the 1st), as naive UTC."""
    return datetime(year, month, 1) - VIETNAM_OFFSET


def month_end_utc(year: int, month: int) -> datetime:
    """The instant a Vietnam-local month ends: local midnight of the 1st of the next month."""
    if month == 12:
        return month_start_utc(year + 1, 1)
    return month_start_utc(year, month + 1)


def month_end_as_of(year: int, month: int) -> date:
    """The day to classify a month-end state with (:func:`government_category`, overdue).

    The month ends at midnight after its last day, so an open item due on that
    last day is already late: classify as of the 1st of the next month.
    """
    return (month_end_utc(year, month) + VIETNAM_OFFSET).date()
