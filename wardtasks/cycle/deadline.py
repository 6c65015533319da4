"""When a month's report is due and how late it is, in Vietnam days.

The rule is a ward setting (``report_deadline`` of :mod:`wardtasks.reports.settings`): a
day of the month ("25"; past a short month's end, its last day) or the month's last working
day; an organisation's report is due ``organisation_deadline_days`` after its branches'.
A report is late when it was not submitted by the end of its deadline day (Vietnam time):
by as many days as its first submission came after that day, or, while it is still to be
sent (never sent, or returned and not sent again), as today is after it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from ..dates import last_working_day, local_day, month_bounds, today_in_vietnam
from ..inputs import whole_number

LAST_WORKING_DAY = "last_working_day"


def deadline_day(year: int, month: int, settings: Mapping[str, str], organisation: bool) -> date:
    """The day the report of ``year``/``month`` is due: a branch's, or (``organisation``)
    an organisation's."""
    rule = settings.get("report_deadline", "25")
    last = month_bounds(date(year, month, 1))[1]
    day = whole_number(rule)
    branch_day = (
        last_working_day(year, month)
        if day is None
        else last.replace(day=min(max(day, 1), last.day))
    )
    if not organisation:
        return branch_day
    offset = whole_number(settings.get("organisation_deadline_days", "0")) or 0
    return branch_day + timedelta(days=offset)


def days_late(deadline: date, submitted_at: datetime | None, now: datetime | None = None) -> int:
    """How many days after ``deadline`` the report came (``submitted_at``, naive UTC), or,
    not submitted, how many days after it today is; 0 when not late."""
    day = local_day(submitted_at) if submitted_at is not None else today_in_vietnam(now)
    return max(0, (day - deadline).days)


def outstanding(state: str, first_submitted_at: datetime | None) -> bool:
    """Whether a report is still to be sent: never sent, or returned and not sent again."""
    return first_submitted_at is None or state == "returned"


def report_late_days(
    deadline: date, state: str, first_submitted_at: datetime | None, now: datetime | None = None
) -> int:
    """How late a report in ``state`` is: by its first submission, or, while it is still to
    be sent (a returned one too), by today."""
    sent = None if outstanding(state, first_submitted_at) else first_submitted_at
    return days_late(deadline, sent, now)
