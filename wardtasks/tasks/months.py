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
assignment are serialised (:func:`wardtasks.tasks.services.change`), but each takes its
time before it waits, so times may cross where versions do not: the versions are the
order.

- :func:`wardtasks.tasks.services.record_month`, in the transaction of every change (the
  write rule of every writer of assignments): one upsert of the month's row that also
  ends the row before the change's month at it;
- :func:`rebuild`, here, from the history (seeds that write history in bulk, and tests
  that write it directly; the migration that made the table holds a frozen copy).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from sqlalchemy import Table, delete, select

from ..dates import month_of
from ..extensions import db
from ..models import AssignmentMonth, StatusUpdate
from ..models.plan import STILL_HOLDS

_m: Table = AssignmentMonth.__table__
_su: Table = StatusUpdate.__table__


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
