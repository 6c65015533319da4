"""Dates in the ward: its time zone, today, month bounds, dd/mm/yyyy and the one date field.

Timestamps are stored as naive UTC; days (due dates, "done on") are Vietnam calendar
days. Every conversion between the two goes through :data:`VIETNAM` (the zone the app
configures as ``BABEL_DEFAULT_TIMEZONE``), never through a hand-written offset.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import StringField

from .models.base import utcnow

VIETNAM_ZONE = "Asia/Ho_Chi_Minh"
VIETNAM = ZoneInfo(VIETNAM_ZONE)


def to_local(value: datetime) -> datetime:
    """A stored (naive UTC) timestamp as an aware Vietnam-local datetime.

    Through the zone's own ``fromutc`` (what ``astimezone`` calls after converting to
    UTC, which the value already is): a list page converts every row's time and every
    history entry's, about a fifth cheaper this way."""
    return VIETNAM.fromutc(value.replace(tzinfo=VIETNAM))


def local_day(value: datetime) -> date:
    """The Vietnam calendar day of a stored (naive UTC) timestamp."""
    return to_local(value).date()


def local_midnight_utc(day: date) -> datetime:
    """The instant a Vietnam calendar day begins, as naive UTC (for comparing timestamps)."""
    return datetime.combine(day, time(), VIETNAM).astimezone(UTC).replace(tzinfo=None)


def today_in_vietnam(now: datetime | None = None) -> date:
    """Today's date in the ward; ``now`` is naive UTC (the current time if omitted)."""
    return local_day(now or utcnow())


# --------------------------------------------------------------------------- months


def month_bounds(day: date) -> tuple[date, date]:
    """First and last day of ``day``'s month (the "due this month" filter)."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def previous_month(year: int, month: int) -> tuple[int, int]:
    """The month before ``year``/``month``."""
    return (year - 1, 12) if month == 1 else (year, month - 1)


def next_month(year: int, month: int) -> tuple[int, int]:
    """The month after ``year``/``month``."""
    return (year + 1, 1) if month == 12 else (year, month + 1)


def month_key(year: int, month: int) -> int:
    """A month as the month rows key it (``assignment_month.month``): 202503 for March 2025."""
    return year * 100 + month


def month_of(when: datetime) -> int:
    """The key of the Vietnam-local month a stored (naive UTC) timestamp falls in."""
    day = local_day(when)
    return month_key(day.year, day.month)


def month_start_utc(year: int, month: int) -> datetime:
    """The instant a Vietnam-local month begins (local midnight of the 1st), as naive UTC."""
    return local_midnight_utc(date(year, month, 1))


def month_end_utc(year: int, month: int) -> datetime:
    """The instant a Vietnam-local month ends: local midnight of the 1st of the next month."""
    return month_start_utc(*next_month(year, month))


def month_end_as_of(year: int, month: int) -> date:
    """The day to classify a month-end state with (government category, overdue).

    The month ends at midnight after its last day, so an open item due on that
    last day is already late: classify as of the 1st of the next month.
    """
    return date(*next_month(year, month), 1)


def month_has_ended(year: int, month: int, now: datetime | None = None) -> bool:
    """True once the Vietnam-local month is over."""
    return month_end_utc(year, month) <= (now or utcnow())


def last_working_day(year: int, month: int) -> date:
    """The month's last Monday-to-Friday (public holidays are not known to the app)."""
    day = month_bounds(date(year, month, 1))[1]
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def parse_month(value: str | None) -> tuple[int, int] | None:
    """A month as the report's URL carries it, ``YYYY-MM``, to (year, month); None when
    malformed or outside 2000–2100."""
    match = _MONTH.fullmatch((value or "").strip())
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    if not 2000 <= year <= 2100 or not 1 <= month <= 12:
        return None
    return year, month


# --------------------------------------------------------------------------- formatting


def format_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy, the way Vietnamese offices write dates, in either language.

    A datetime is taken as it is (callers pass a local one, see :func:`to_local`).
    Written out with ``%`` rather than by strftime or an f-string with format specs,
    which take about twice as long (list pages write a date or two per row and per
    history entry). With :func:`to_local`'s ``fromutc``, the task page (30 rows with their
    latest updates) 71.8 -> 70.4 M instructions, the branch head's page 35.9 -> 35.5 M
    (one-year scale ward, in process).
    """
    if value is None:
        return ""
    return "%02d/%02d/%04d" % (value.day, value.month, value.year)  # noqa: UP031 - see above


def format_local_date(value: datetime | None) -> str:
    """dd/mm/yyyy of the Vietnam day of a stored (naive UTC) timestamp (a plan's creation)."""
    return "" if value is None else format_date(local_day(value))


def format_datetime(value: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in Vietnam time, from a stored (naive UTC) timestamp (written
    out with ``%``, as :func:`format_date` explains)."""
    if value is None:
        return ""
    v = to_local(value)
    return "%02d/%02d/%04d %02d:%02d" % (v.day, v.month, v.year, v.hour, v.minute)  # noqa: UP031


def iso_utc(value: datetime) -> str:
    """A naive UTC timestamp as ISO 8601 with its zone (a <time datetime> attribute)."""
    return value.isoformat() + "Z"


# --------------------------------------------------------------------------- parsing

# ASCII digits only: \d also matches "٣" and "²", which int() then refuses.
_DAY = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# Eight digits without separators, as a phone's number pad types them: ddmmyyyy.
_COMPACT_DAY = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{4})")


def parse_day(text: str) -> date:
    """dd/mm/yyyy (also d/m/yyyy, with - or ., or ddmmyyyy without separators) or the
    ISO yyyy-mm-dd a date picker sends; raises ValueError for anything else, a year
    outside 1900–2999 included."""
    text = text.strip()
    match = _DAY.fullmatch(text) or _COMPACT_DAY.fullmatch(text)
    if match:
        d, m, y = (int(g) for g in match.groups())
    else:
        iso = _ISO_DAY.fullmatch(text)
        if iso is None:
            raise ValueError(text)
        y, m, d = (int(g) for g in iso.groups())
    if not 1900 <= y <= 2999:
        raise ValueError(text)
    return date(y, m, d)


class DayField(StringField):
    """The date input of every form: typed as dd/mm/yyyy (or sent as yyyy-mm-dd by a
    date picker), shown back as typed, or as dd/mm/yyyy; an empty field is None."""

    data: Any

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse the submitted text, keeping it for redisplay when it is wrong."""
        raw = (valuelist[0] if valuelist else "") or ""
        if not raw.strip():
            self.data = None
            return
        try:
            self.data = parse_day(raw)
        except ValueError:
            self.data = None
            raise ValueError(_l("Write the date as dd/mm/yyyy, e.g. 30/06/2023.")) from None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return format_date(self.data) if isinstance(self.data, date) else ""
