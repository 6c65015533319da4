"""Due dates a task's text suggests: dates in figures, and periods in words."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .text import normalize

_DATE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|đến|den|tới|toi)\s*", re.IGNORECASE)


def suggest_due_date(text: str, year: int | None) -> date | None:
    """The due date a task's text suggests for a plan of ``year``, or None.

    The end of a range ("18/11/1930-18/11/2023") in ``year`` wins over a plain
    date in ``year``; among several, the last one. Range starts never count, nor
    does the date of a meeting ("Sáng ngày 15/01/2024, …"). Without a date in
    figures, a period in words gives its last day: "trong quý 1 năm 2023" → 31/03,
    "6 tháng đầu năm" → 30/06, "cuối tháng 3" → 31/03, "trước ngày 20/10" → 20/10.
    """
    if year is None:
        return None
    found: list[tuple[int, int, date | None]] = []
    for match in _DATE.finditer(text):
        if _MEETING_DATE.search(normalize(text[max(0, match.start() - 14) : match.start()])):
            continue
        day, month, yyyy = (int(g) for g in match.groups())
        try:
            found.append((match.start(), match.end(), date(yyyy, month, day)))
        except ValueError:
            found.append((match.start(), match.end(), None))
    range_ends: list[date] = []
    plain: list[date] = []
    for index, (start, end, when) in enumerate(found):
        joined_before = index > 0 and _RANGE_JOIN.fullmatch(text[found[index - 1][1] : start])
        joined_after = index + 1 < len(found) and _RANGE_JOIN.fullmatch(
            text[end : found[index + 1][0]]
        )
        if when is None or when.year != year:
            continue
        if joined_before:
            range_ends.append(when)
        elif not joined_after:
            plain.append(when)
    if range_ends:
        return range_ends[-1]
    if plain:
        return plain[-1]
    return _due_in_words(normalize(text), year)


_MEETING_DATE = re.compile(r"(?:sang|chieu|toi|trua|vao|hom)(?: ngay)?\s*$")
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_IN_WORDS = re.compile(
    r"\bquy (?P<quarter>iv|i{1,3}|[1-4])\b(?:\s*(?:/|nam)\s*(?P<qyear>\d{4}))?"
    r"|\b6 thang (?P<half>dau|cuoi) nam\b(?:\s+(?P<hyear>\d{4}))?"
    r"|\b(?:cuoi|trong|het) thang (?P<month>\d{1,2})\b(?:\s*(?:/|nam)\s*(?P<myear>\d{4}))?"
    r"|\btruoc ngay (?P<day>\d{1,2})/(?P<dmonth>\d{1,2})\b(?!/)"
    r"|\bcuoi nam\b(?:\s+(?P<eyear>\d{4}))?"
)


def _due_in_words(folded: str, year: int) -> date | None:
    """The last day of the last period named in words that falls in ``year``."""
    due: date | None = None
    for match in _IN_WORDS.finditer(folded):
        named = next(
            (int(match.group(g)) for g in ("qyear", "hyear", "myear", "eyear") if match.group(g)),
            year,
        )
        if named != year:
            continue
        try:
            if match.group("quarter"):
                month = 3 * _QUARTERS[match.group("quarter")]
                due = _month_end(year, month)
            elif match.group("half"):
                due = date(year, 6, 30) if match.group("half") == "dau" else date(year, 12, 31)
            elif match.group("month"):
                due = _month_end(year, int(match.group("month")))
            elif match.group("day"):
                due = date(year, int(match.group("dmonth")), int(match.group("day")))
            else:
                due = date(year, 12, 31)
        except ValueError:
            continue
    return due


def _month_end(year: int, month: int) -> date:
    """The last day of ``month`` in ``year`` (ValueError for a month that does not exist)."""
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)
