"""Derived status of assignments, computed in one place for pages, reports and exports."""

from __future__ import annotations

from datetime import date, datetime, timedelta

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


def overdue_clause(today: date) -> ColumnElement[bool]:
    """SQL form of :func:`is_overdue` for Assignment rows."""
    return and_(
        Assignment.due_date.is_not(None),
        Assignment.due_date < today,
        Assignment.status.not_in(CLOSED_STATUSES),
    )


def due_soon(status: str, due: date | None, today: date, days: int = 14) -> bool:
    """Open and due within ``days`` days."""
    return (
        due is not None
        and status not in CLOSED_STATUSES
        and today <= due <= today + timedelta(days=days)
    )
