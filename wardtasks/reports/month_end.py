"""Month-end state from the status history: each assignment as it stood when a month
ended, last month's statuses and the notes written during the month (completion per
month is in :mod:`.completion`).

Every function here reads the database with a fixed number of set-based queries,
whatever the number of assignments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Row,
    String,
    and_,
    case,
    exists,
    func,
    literal_column,
    null,
    or_,
    select,
    true,
    union_all,
)

from ..dates import local_day
from ..extensions import db
from ..models import Assignment, Branch, Organisation, StatusUpdate, Task, User


@dataclass
class MonthEndState:
    """One assignment as it stood at a month's end (from the status history)."""

    assignment_id: int
    task_id: int
    task_title: str
    task_order: int
    organisation_id: int
    organisation_name: str
    organisation_short: str
    organisation_order: int
    branch_id: int | None
    branch_name: str | None
    branch_order: int | None
    block_id: int | None
    status: str
    progress: int
    due_date: date | None
    done_on: date | None
    last_note: str


def scoped_ids(plan_id: int, scope_where: ColumnElement[bool]) -> Any:
    """Sub-select of the ids of the plan's assignments in scope, given out now or not (a
    past month shows what was given out then)."""
    return (
        select(Assignment.id)
        .join(Task, Task.id == Assignment.task_id)
        .outerjoin(Branch, Branch.id == Assignment.branch_id)
        .where(Task.plan_id == plan_id, scope_where)
    )


def history() -> Any:
    """An alias of the status history (plain table: cheaper to build than an ORM alias)."""
    return StatusUpdate.__table__.alias()


def _latest_update_id(end: datetime) -> Any:
    """SQL: the id of the assignment's latest update before ``end`` (correlated)."""
    su = history()
    return (
        select(su.c.id)
        .where(su.c.assignment_id == Assignment.id, su.c.created_at < end)
        .order_by(su.c.created_at.desc(), su.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def done_move(su: Any) -> ColumnElement[bool]:
    """The condition of the partial index ix_status_update_done_moves, on ``su``.

    Inline literals: a planner proves a query may use a partial index only from
    values it sees (PostgreSQL's generic plans do not see bound ones).
    """
    done = literal_column("'done'", String)
    return or_(su.c.status == done, su.c.from_status == done)


def _marked_done(assignment_id: Any, end: datetime) -> Any:
    """SQL: when the assignment last moved into done before ``end`` (correlated)."""
    x = history()
    return (
        select(func.max(x.c.created_at))
        .where(
            x.c.assignment_id == assignment_id,
            done_move(x),
            x.c.created_at < end,
            x.c.status == "done",
            or_(x.c.from_status.is_(None), x.c.from_status != "done"),
        )
        .scalar_subquery()
    )


_KEYS = (
    Assignment.id.label("aid"),
    Assignment.organisation_id.label("org_id"),
    Assignment.task_id.label("task_id"),
    Assignment.branch_id.label("branch_id"),
)


def _unchanged_since(
    end: datetime, in_scope: tuple[Any, ...], notes: Literal["all", "blocked"]
) -> Any:
    """The assignments not changed since ``end``: they stood as they stand today.

    ``updated_at`` moves with every change, each of which writes the history row the
    assignment's state equals (tasks/changes.py), so only what the history alone holds
    is read from it: the latest update's id (for the note) and, when done, the time it
    was marked done.
    """
    lid = _latest_update_id(end)
    return (
        select(
            *_KEYS,
            Assignment.due_date.label("due"),
            Assignment.status.label("status"),
            Assignment.progress.label("progress"),
            case(
                (Assignment.status == "done", _marked_done(Assignment.id, end)), else_=null()
            ).label("done_at"),
            (lid if notes == "all" else case((Assignment.status == "blocked", lid))).label("lid"),
        )
        .join(Task, Task.id == Assignment.task_id)
        .where(*in_scope, Assignment.updated_at < end)
    )


def _first_due(assignment_id: Any, own_due: Any) -> Any:
    """SQL: the due date the assignment was given with (correlated): the one its first
    update started from; with no update at all, its own (it never changed)."""
    first = history()
    any_update = history()
    started_from = (
        select(first.c.from_due_date)
        .where(first.c.assignment_id == assignment_id)
        .order_by(first.c.created_at, first.c.id)
        .limit(1)
        .scalar_subquery()
    )
    return case(
        (exists().where(any_update.c.assignment_id == assignment_id), started_from),
        else_=own_due,
    )


def _changed_since(end: datetime, in_scope: tuple[Any, ...]) -> Any:
    """The assignments changed since ``end``, read from the history: one index seek on
    (assignment_id, created_at) finds each one's latest update before ``end``, joined
    back by id for its status, progress and due date; with none before ``end``, it stood
    as it was given (not started, the due date of :func:`_first_due`)."""
    changed = (
        select(*_KEYS, _latest_update_id(end).label("lid"), Assignment.due_date.label("own"))
        .join(Task, Task.id == Assignment.task_id)
        .where(*in_scope, Assignment.updated_at >= end)
        .cte("month_changed")
    )
    last = history()
    due = case(
        (changed.c.lid.is_not(None), last.c.due_date),
        else_=_first_due(changed.c.aid, changed.c.own),
    )
    into_done = or_(last.c.from_status.is_(None), last.c.from_status != "done")
    done_at = case(
        (
            last.c.status == "done",
            case((into_done, last.c.created_at), else_=_marked_done(changed.c.aid, end)),
        ),
        else_=null(),
    )
    return (
        select(
            changed.c.aid,
            changed.c.org_id,
            changed.c.task_id,
            changed.c.branch_id,
            due,
            func.coalesce(last.c.status, "not_started"),
            func.coalesce(last.c.progress, 0),
            done_at,
            changed.c.lid,
        )
        .select_from(changed)
        .outerjoin(last, last.c.id == changed.c.lid)
        .where(or_(last.c.active.is_(None), last.c.active.is_(True)))
    )


def month_end_cte(
    plan_id: int,
    end: datetime,
    scope_where: ColumnElement[bool],
    notes: Literal["all", "blocked"] = "all",
) -> Any:
    """A CTE of every assignment in scope given out at ``end`` and created before it, as
    it stood at ``end``.

    Columns: aid, org_id, task_id, branch_id, due, status, progress, done_at and lid,
    the id of the latest update (join it for the note: carrying every note through
    the CTE would copy them all). With ``notes="blocked"``, lid is only sure to be
    set on the rows blocked at ``end`` (all the ward's summary shows notes of).
    Materialised, so the correlated subqueries run once per assignment however often
    the result is read.
    Given out at ``end``: for the assignments unchanged since, their flag today; for the
    others, the flag their latest update before ``end`` left (given out when created).
    """
    in_scope = (Task.plan_id == plan_id, Assignment.created_at < end, scope_where)
    unchanged = _unchanged_since(end, (*in_scope, Assignment.active.is_(True)), notes)
    parts = (unchanged, _changed_since(end, in_scope))
    return union_all(*parts).cte("month_end").prefix_with("MATERIALIZED")


def month_end_status(
    plan_id: int,
    end: datetime,
    scope_where: ColumnElement[bool] | None = None,
    notes: Literal["all", "blocked"] = "all",
) -> list[MonthEndState]:
    """Every active assignment of the plan created before ``end`` as it stood at ``end``,
    in report order (organisation, task, own level, then branches).

    One query (see :func:`month_end_cte`). An assignment without any update before
    ``end`` is not started at 0 %. With ``notes="blocked"`` only the blocked ones
    carry their last note.
    """
    return [_state(r) for r in month_end_rows(plan_id, end, scope_where, notes)]


def month_end_rows(
    plan_id: int,
    end: datetime,
    scope_where: ColumnElement[bool] | None = None,
    notes: Literal["all", "blocked"] = "all",
) -> Sequence[Row[Any]]:
    """The rows :func:`month_end_status` reads, as plain tuples (see :func:`_state` for
    the columns), the due date and done time as the database gives them (see
    :func:`as_date`, :func:`done_day`). A ward has thousands: the snapshot reads them
    without building an object each."""
    st = month_end_cte(plan_id, end, true() if scope_where is None else scope_where, notes)
    latest = history()
    stmt = (
        select(
            st.c.aid,
            st.c.task_id,
            Task.title,
            Task.sort_order,
            st.c.org_id,
            Organisation.name,
            Organisation.short_name,
            Organisation.sort_order,
            st.c.branch_id,
            Branch.name,
            Branch.sort_order,
            Branch.block_id,
            st.c.status,
            st.c.progress,
            func.coalesce(latest.c.note, ""),
            st.c.due,
            st.c.done_at,
        )  # fmt: skip
        .select_from(st)
        .outerjoin(latest, latest.c.id == st.c.lid)
        .join(Task, Task.id == st.c.task_id)
        .join(Organisation, Organisation.id == st.c.org_id)
        .outerjoin(Branch, Branch.id == st.c.branch_id)
        .order_by(
            Organisation.sort_order,
            Organisation.id,
            Task.sort_order,
            Task.id,
            st.c.branch_id.is_not(None),
            Branch.sort_order,
            Branch.id,
            st.c.aid,
        )  # fmt: skip
    )
    # Core rows (the connection, not the ORM session), fetched at once.
    return db.session.connection().execute(stmt).all()


def statuses_at(plan_id: int, end: datetime, scope_where: ColumnElement[bool]) -> dict[int, str]:
    """The status of every assignment in scope given out at ``end`` and created before
    it, at ``end`` (what :func:`month_end_status` says, reading only the status: last
    month's figures)."""
    latest = history()
    lid = _latest_update_id(end)
    changed = Assignment.updated_at >= end
    stmt = (
        select(
            Assignment.id,
            case((changed, func.coalesce(latest.c.status, "not_started")), else_=Assignment.status),
        )
        .join(Task, Task.id == Assignment.task_id)
        # Read only for the assignments changed since ``end``.
        .outerjoin(latest, and_(changed, latest.c.id == lid))
        .where(
            Task.plan_id == plan_id,
            Assignment.created_at < end,
            scope_where,
            case((changed, func.coalesce(latest.c.active, true())), else_=Assignment.active).is_(
                True
            ),
        )
    )
    return {aid: st for aid, st in db.session.connection().execute(stmt)}


def done_day(status: str, done_at: Any) -> date | None:
    """The Vietnamese day a done assignment was marked done (None unless done)."""
    when = _as_datetime(done_at)
    return local_day(when) if status == "done" and when is not None else None


def _state(r: Row[Any]) -> MonthEndState:
    """A row of :func:`month_end_rows` as a :class:`MonthEndState`."""
    return MonthEndState(
        assignment_id=r[0],
        task_id=r[1],
        task_title=r[2],
        task_order=r[3],
        organisation_id=r[4],
        organisation_name=r[5],
        organisation_short=r[6],
        organisation_order=r[7],
        branch_id=r[8],
        branch_name=r[9],
        branch_order=r[10],
        block_id=r[11],
        status=r[12],
        progress=r[13],
        due_date=as_date(r[15]),
        done_on=done_day(r[12], r[16]),
        last_note=r[14],
    )


def month_notes(
    plan_id: int, start: datetime, end: datetime, scope_where: ColumnElement[bool]
) -> dict[int, list[dict[str, Any]]]:
    """The updates written during [start, end), per assignment, oldest first."""
    stmt = (
        select(
            StatusUpdate.assignment_id,
            StatusUpdate.created_at,
            StatusUpdate.status,
            StatusUpdate.progress,
            StatusUpdate.note,
            User.full_name,
        )
        .join(User, User.id == StatusUpdate.author_id)
        .where(
            StatusUpdate.created_at >= start,
            StatusUpdate.created_at < end,
            StatusUpdate.assignment_id.in_(scoped_ids(plan_id, scope_where)),
        )
        .order_by(StatusUpdate.created_at, StatusUpdate.id)
    )
    notes: dict[int, list[dict[str, Any]]] = {}
    for aid, at, status, progress, note, author in db.session.execute(stmt):
        notes.setdefault(aid, []).append(
            {
                "at": at.isoformat(timespec="seconds"),
                "author": author,
                "status": status,
                "progress": progress,
                "note": note or "",
            }
        )
    return notes


def as_date(value: Any) -> date | None:
    """A date column as read from either database (SQLite gives text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _as_datetime(value: Any) -> datetime | None:
    """A timestamp as read from either database (SQLite gives text in expressions)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
