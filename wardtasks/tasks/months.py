"""Each assignment's state at the end of every month it changed in (the table
``assignment_month``, :class:`~wardtasks.models.AssignmentMonth`): the read model of the
month reports (issue 16).

A month's report reads, for every assignment, its latest row with ``month`` ≤ the month
(one index seek on the primary key) instead of searching the history for the latest
update before the month's end. The history stays the record; the rows are what it says
at each month's end, so a past month's row never changes after the month (a change is
written in the month it is made in).

Written two ways, both from the same rule (a row is the state the month's latest update
left; "done at" is when the assignment last moved into done):

- :func:`record_change`, in the transaction of every change (``tasks/changes.py``, the
  one writer of assignments): one upsert of the change's month;
- :func:`rebuild`, from the history (seeds that write history in bulk, and tests that
  write it directly; the migration that made the table holds a frozen copy).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from ..dates import local_day
from ..extensions import db
from ..models import AssignmentMonth, StatusUpdate

_m: Table = AssignmentMonth.__table__
_su: Table = StatusUpdate.__table__


def month_key(year: int, month: int) -> int:
    """A month as the table keys it: 202503 for March 2025."""
    return year * 100 + month


def month_of(when: datetime) -> int:
    """The key of the Vietnam-local month a stored (naive UTC) timestamp falls in."""
    day = local_day(when)
    return month_key(day.year, day.month)


def _upserts(dialect: str) -> tuple[Any, Any]:
    """The upsert of a change's month for ``dialect``: with "done at" given, and with
    "done at" kept from the row before (a done assignment that stays done)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    before = _m.alias("before")
    kept = (
        select(before.c.done_at)
        .where(
            before.c.assignment_id == bindparam("assignment_id"),
            before.c.month <= bindparam("month"),
        )
        .order_by(before.c.month.desc())
        .limit(1)
        .scalar_subquery()
    )
    made = []
    done_at: Any
    for done_at in (bindparam("done_at"), kept):
        stmt = insert(_m).values(
            assignment_id=bindparam("assignment_id"),
            month=bindparam("month"),
            status=bindparam("status"),
            progress=bindparam("progress"),
            due_date=bindparam("due_date"),
            active=bindparam("active"),
            done_at=done_at,
            update_id=bindparam("update_id"),
            from_due_date=bindparam("from_due_date"),
        )
        # The month's first update set from_due_date; a later one keeps it.
        made.append(
            stmt.on_conflict_do_update(
                index_elements=[_m.c.assignment_id, _m.c.month],
                set_={
                    c: stmt.excluded[c]
                    for c in ("status", "progress", "due_date", "active", "done_at", "update_id")
                },
            )
        )
    return made[0], made[1]


_UPSERTS: dict[str, tuple[Any, Any]] = {}


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
    dialect = db.session.get_bind().dialect.name
    if dialect not in _UPSERTS:
        _UPSERTS[dialect] = _upserts(dialect)
    given, keep_done = _UPSERTS[dialect]
    done, was_done = after["status"] == "done", before["status"] == "done"
    values = {
        "assignment_id": assignment_id,
        "month": month_of(when),
        "status": after["status"],
        "progress": after["progress"],
        "due_date": after["due_date"],
        "active": after["active"],
        "update_id": update_id,
        "from_due_date": before["due_date"],
    }
    if done and was_done:
        db.session.execute(keep_done, values)
    else:
        db.session.execute(given, {**values, "done_at": when if done else None})


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
).order_by(_su.c.assignment_id, _su.c.created_at, _su.c.id)


def fold(updates: Iterator[Any]) -> Iterator[dict[str, Any]]:
    """The rows of the updates of assignments (in assignment, time, id order): per
    assignment and month, the state its latest update of the month left."""
    row: dict[str, Any] | None = None
    done_at: datetime | None = None
    for aid, uid, at, from_status, status, progress, from_due, due, active in updates:
        month = month_of(at)
        if row is not None and (row["assignment_id"], row["month"]) != (aid, month):
            yield row
            if row["assignment_id"] != aid:
                done_at = None
            row = None
        if status != "done":
            done_at = None
        elif from_status != "done":
            done_at = at
        first_due: date | None = from_due if row is None else row["from_due_date"]
        row = {
            "assignment_id": aid,
            "month": month,
            "status": status,
            "progress": progress,
            "due_date": due,
            "active": active,
            "done_at": done_at,
            "update_id": uid,
            "from_due_date": first_due,
        }
    if row is not None:
        yield row


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
