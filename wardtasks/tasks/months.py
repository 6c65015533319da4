"""Each assignment's state at the end of every month it changed in (the table
``assignment_month``, :class:`~wardtasks.models.AssignmentMonth`): the read model of the
month reports (issue 16).

A month's report reads, for every assignment, its row with ``month`` ≤ the month <
``until_month`` (the month of its next row; a range of one index) instead of searching
the history for the latest update before the month's end. The history stays the
record; the rows are what it says at each month's end, so a past month's state never
changes after the month (a change is written in the month it is made in, and only ends
the row before it: its until_month).

Written two ways, both from the same rule (a row is the state the month's last update
left, in the order the assignment's updates were written — its versions, the history's
ids —; "done at" is when the assignment last moved into done). Two writers of one
assignment are serialised (tasks/changes.py), but each takes its time before it waits,
so times may cross where versions do not: the versions are the order.

- :func:`record_change`, in the transaction of every change (``tasks/changes.py``, the
  one writer of assignments): one upsert of the month's row that also ends the row
  before the change's month at it;
- :func:`rebuild`, from the history (seeds that write history in bulk, and tests that
  write it directly; the migration that made the table holds a frozen copy).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Table, bindparam, delete, select, text

from ..dates import local_day
from ..extensions import db
from ..models import AssignmentMonth, StatusUpdate
from ..models.plan import STILL_HOLDS

_m: Table = AssignmentMonth.__table__
_su: Table = StatusUpdate.__table__


def month_key(year: int, month: int) -> int:
    """A month as the table keys it: 202503 for March 2025."""
    return year * 100 + month


def month_of(when: datetime) -> int:
    """The key of the Vietnam-local month a stored (naive UTC) timestamp falls in."""
    day = local_day(when)
    return month_key(day.year, day.month)


# One statement for both databases (SQLite and PostgreSQL spell the upsert alike), as
# text: the ORM's statement and its cache key cost more than writing the row. It writes
# two rows in one: the month's own (the second SELECT), and, on the month's first change,
# the row that held until then (the first SELECT: none when the month has its row
# already), written again as it is but ending at the month — an UPDATE of its own was one
# statement more on every change (issue 13: a status update runs at most eight).
# The month's first update sets from_due_date and until_month (the next row's month: a
# change whose time crossed a later one's, see above), a later one keeps them; a done
# assignment that stays done keeps when it was done from its row before. On a conflict
# until_month takes the smaller of the two: the row before's moves back to the month,
# the month's own keeps its own (which is the next row's month already). The subqueries
# read the rows as they were before the statement on both databases (SQLite reads a
# SELECT from the table it inserts into whole first), so the row before's new end does
# not change what they find. "WHERE true": SQLite's parser needs a WHERE before an
# upsert's ON CONFLICT when the rows come from a SELECT.
_WRITE = text(
    "INSERT INTO assignment_month (assignment_id, month, status, progress, due_date,"
    " active, done_at, update_id, from_due_date, until_month)"
    " SELECT p.assignment_id, p.month, p.status, p.progress, p.due_date, p.active,"
    " p.done_at, p.update_id, p.from_due_date, :month FROM assignment_month AS p"
    " WHERE p.assignment_id = :assignment_id AND p.month < :month"
    " AND p.until_month > :month"
    " UNION ALL"
    " SELECT :assignment_id, :month, :status, :progress, :due_date, :active,"
    " CASE WHEN :keep_done THEN (SELECT b.done_at FROM assignment_month AS b"
    " WHERE b.assignment_id = :assignment_id AND b.month <= :month"
    " ORDER BY b.month DESC LIMIT 1) ELSE :done_at END, :update_id, :from_due_date,"
    " COALESCE((SELECT MIN(n.month) FROM assignment_month AS n"
    " WHERE n.assignment_id = :assignment_id AND n.month > :month), :still) WHERE true"
    " ON CONFLICT (assignment_id, month) DO UPDATE SET status = excluded.status,"
    " progress = excluded.progress, due_date = excluded.due_date,"
    " active = excluded.active, done_at = excluded.done_at,"
    " update_id = excluded.update_id, until_month = CASE"
    " WHEN excluded.until_month < assignment_month.until_month"
    " THEN excluded.until_month ELSE assignment_month.until_month END"
).bindparams(
    bindparam("due_date", type_=Date()),
    bindparam("from_due_date", type_=Date()),
    bindparam("done_at", type_=DateTime()),
    bindparam("active", type_=Boolean()),
    bindparam("keep_done", type_=Boolean()),
)


def record_change(
    assignment_id: int,
    when: datetime,
    update_id: int,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    """Write the month of a change just recorded in the history (same transaction):
    ``before`` and ``after`` hold the assignment's status, progress, due date and
    whether it is given out (``active``)."""
    done, was_done = after["status"] == "done", before["status"] == "done"
    conn, month = db.session.connection(), month_of(when)
    conn.execute(
        _WRITE,
        {
            "assignment_id": assignment_id,
            "month": month,
            "status": after["status"],
            "progress": after["progress"],
            "due_date": after["due_date"],
            "active": after["active"],
            "keep_done": done and was_done,
            "done_at": when if done and not was_done else None,
            "update_id": update_id,
            "from_due_date": before["due_date"],
            "still": STILL_HOLDS,
        },
    )


_HISTORY = select(
    _su.c.assignment_id,
    _su.c.id,
    _su.c.created_at,
    _su.c.from_status,
    _su.c.status,
    _su.c.progress,
    _su.c.from_due_date,
    _su.c.due_date,
    _su.c.active,
).order_by(_su.c.assignment_id, _su.c.id)


def fold(updates: Iterator[Any]) -> Iterator[dict[str, Any]]:
    """The rows of the updates of assignments (in assignment, then id order: an
    assignment's versions, the order its changes were written in): per assignment and
    month, the state its last update of the month left, until the month of its next
    row."""
    rows: dict[int, dict[str, Any]] = {}
    current = None
    done_at = None
    for aid, uid, at, from_status, status, progress, from_due, due, active in updates:
        if aid != current:
            yield from _chained(rows)
            rows, current, done_at = {}, aid, None
        month = month_of(at)
        if status != "done":
            done_at = None
        elif from_status != "done":
            done_at = at
        held = rows.get(month)
        rows[month] = {
            "assignment_id": aid,
            "month": month,
            "status": status,
            "progress": progress,
            "due_date": due,
            "active": active,
            "done_at": done_at,
            "update_id": uid,
            # The due date before the month's first update.
            "from_due_date": from_due if held is None else held["from_due_date"],
        }
    yield from _chained(rows)


def _chained(rows: dict[int, dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """One assignment's rows by month, each with the month of the next (until_month)."""
    months = sorted(rows)
    for month, until in zip(months, [*months[1:], STILL_HOLDS], strict=False):
        yield {**rows[month], "until_month": until}


def rebuild(assignment_ids: Collection[int] | None = None, chunk: int = 5000) -> None:
    """Write the rows of ``assignment_ids`` (every assignment if None) again from the
    history, in the caller's transaction."""
    conn = db.session.connection()
    clear, history = delete(_m), _HISTORY
    if assignment_ids is not None:
        clear = clear.where(_m.c.assignment_id.in_(assignment_ids))
        history = history.where(_su.c.assignment_id.in_(assignment_ids))
    conn.execute(clear)
    batch: list[dict[str, Any]] = []
    for row in fold(iter(conn.execute(history))):
        batch.append(row)
        if len(batch) >= chunk:
            conn.execute(_m.insert(), batch)
            batch = []
    if batch:
        conn.execute(_m.insert(), batch)
