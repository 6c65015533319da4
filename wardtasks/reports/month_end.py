"""Month-end state from the status history: each assignment as it stood when a month
ended, last month's statuses and the notes written during the month (completion per
month is in :mod:`.completion`).

Every function here reads the database with a fixed number of set-based queries,
whatever the number of assignments. Month-end states are read from the read model
``assignment_month`` (:mod:`..tasks.months`): per assignment, the one row whose months
hold the month (``month`` ≤ M < ``until_month``), a range of one index, instead of a
search of the history; last month's status comes in the same statement, likewise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    true,
    union_all,
)

from ..dates import local_day, month_end_utc, month_key, month_of, previous_month
from ..extensions import db
from ..models import (
    Assignment,
    AssignmentMonth,
    Branch,
    Organisation,
    StatusUpdate,
    Task,
    User,
)
from ..scope import Scope
from ..statements import built_once


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


def scoped_ids(plan_id: Any, scope_where: ColumnElement[bool]) -> Any:
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


def done_move(su: Any) -> ColumnElement[bool]:
    """The condition of the partial index ix_status_update_done_moves, on ``su``.

    Inline literals: a planner proves a query may use a partial index only from
    values it sees (PostgreSQL's generic plans do not see bound ones).
    """
    done = literal_column("'done'", String)
    return or_(su.c.status == done, su.c.from_status == done)


Notes = Literal["all", "blocked"]
_END = bindparam("end", type_=DateTime())
# Last month's end and key (the previous month's status, beside each row).
_PREVIOUS_END = bindparam("previous_end", type_=DateTime())


def _as_it_stood(name: str, end: Any = _END, month: str = "month") -> tuple[Any, dict[str, Any]]:
    """The assignment as it stood at a month's end (``end``, its key bound as ``month``),
    from its row of the read model (``assignment_month``) that holds the month
    (``month`` ≤ M < ``until_month``): ((the row's alias, the join's condition), SQL of
    each column: status, progress, due, active, done_at; and ``counted``, whether it was
    created before the end and given out then).

    An assignment not changed since the end stood as it stands today (``updated_at``
    moves with every change, each of which writes its month's row, tasks/services.py).
    One changed since with no row by then stood as it was given out: not started, the
    due date its first row started from (with no row at all, its own: it never changed).
    """
    row = AssignmentMonth.__table__.alias(name)
    first = AssignmentMonth.__table__.alias("first_row")
    first_due = (
        select(first.c.from_due_date)
        .where(first.c.assignment_id == Assignment.id)
        .order_by(first.c.month)
        .limit(1)
        .scalar_subquery()
    )
    any_row = exists().where(first.c.assignment_id == Assignment.id)
    changed = Assignment.updated_at >= end
    seen = row.c.assignment_id.is_not(None)
    own_due = Assignment.due_date
    status = case((changed, func.coalesce(row.c.status, "not_started")), else_=Assignment.status)
    columns: dict[str, Any] = {
        "status": status,
        "progress": case((changed, func.coalesce(row.c.progress, 0)), else_=Assignment.progress),
        "due": case(
            (changed, case((seen, row.c.due_date), (any_row, first_due), else_=own_due)),
            else_=own_due,
        ),
        "active": case((changed, func.coalesce(row.c.active, true())), else_=Assignment.active),
        "done_at": case((status == "done", row.c.done_at), else_=null()),
    }
    # Counted at the end (last month's statuses, targets' actuals): created before it and
    # given out then.
    columns["counted"] = and_(Assignment.created_at < end, columns["active"].is_(True))
    key: Any = bindparam(month)
    on = and_(row.c.assignment_id == Assignment.id, row.c.until_month > key, row.c.month <= key)
    return (row, on), columns


def _month_end_statement(kind: str, notes: Notes) -> Any:
    """The statement of :func:`month_end_rows` for a scope of ``kind`` (built once per
    kind: a month's values are bound)."""
    (row, on), col = _as_it_stood("month_row")
    (before, before_on), before_col = _as_it_stood("previous_row", _PREVIOUS_END, "previous")
    # Last month's status where it was counted then (as statuses_at reads it).
    previous = case((before_col["counted"], before_col["status"]))
    latest = history()
    lid = row.c.update_id if notes == "all" else case((col["status"] == "blocked", row.c.update_id))
    return (
        select(
            Assignment.id,
            Assignment.task_id,
            Assignment.organisation_id,
            Assignment.branch_id,
            col["status"],
            col["progress"],
            func.coalesce(latest.c.note, ""),
            col["due"],
            col["done_at"],
            previous,
        )  # fmt: skip
        .select_from(Assignment)
        .join(Task, Task.id == Assignment.task_id)
        .join(Organisation, Organisation.id == Assignment.organisation_id)
        .outerjoin(Branch, Branch.id == Assignment.branch_id)
        .outerjoin(row, on)
        .outerjoin(before, before_on)
        .outerjoin(latest, latest.c.id == lid)
        .where(
            Task.plan_id == bindparam("plan_id"),
            Scope(kind).clause(bindparam("scope_id")),
            col["counted"],
        )
        .order_by(
            Organisation.sort_order,
            Organisation.id,
            Task.sort_order,
            Task.id,
            Assignment.branch_id.is_not(None),
            Branch.sort_order,
            Branch.id,
            Assignment.id,
        )  # fmt: skip
    )


def _statuses_statement(kind: str) -> Any:
    """The statement of :func:`statuses_at` for a scope of ``kind``."""
    (row, on), col = _as_it_stood("status_row")
    return (
        select(Assignment.id, col["status"])
        .join(Task, Task.id == Assignment.task_id)
        .outerjoin(row, on)
        .where(
            Task.plan_id == bindparam("plan_id"),
            Scope(kind).clause(bindparam("scope_id")),
            col["counted"],
        )
    )


@built_once
def _statement(what: str, kind: str) -> Any:
    """The statement ``what`` ("all" or "blocked" month-end rows, "statuses", "notes") for
    a scope of ``kind``."""
    if what == "statuses":
        return _statuses_statement(kind)
    if what == "notes":
        return _notes_statement(kind)
    return _month_end_statement(kind, what)  # type: ignore[arg-type]


def _values(plan_id: int, end: datetime, scope: Scope) -> dict[str, Any]:
    """The bound values of a month's statements (``end``: a Vietnam-local month's end),
    its previous month's too."""
    key = month_of(end - timedelta(microseconds=1))
    if month_end_utc(key // 100, key % 100) != end:
        raise ValueError(f"{end} is not the end of a month")
    year, month = previous_month(key // 100, key % 100)
    return {
        "plan_id": plan_id,
        "end": end,
        "month": key,
        "previous_end": month_end_utc(year, month),
        "previous": month_key(year, month),
        "scope_id": scope.id,
    }


def month_end_status(
    plan_id: int, end: datetime, scope: Scope | None = None, notes: Notes = "all"
) -> list[MonthEndState]:
    """Every active assignment of the plan created before ``end`` (a month's end) as it
    stood at ``end``, in report order (organisation, task, own level, then branches).

    One query (see :func:`month_end_rows`). An assignment without any update before
    ``end`` is not started at 0 %. With ``notes="blocked"`` only the blocked ones
    carry their last note.
    """
    return [_state(r) for r in month_end_rows(plan_id, end, scope, notes)]


def month_end_rows(
    plan_id: int, end: datetime, scope: Scope | None = None, notes: Notes = "all"
) -> Sequence[tuple[Any, ...]]:
    """The rows :func:`month_end_status` reads, as plain tuples (see :func:`_state` for
    the columns), the due date and done time as the database gives them (see
    :func:`as_date`, :func:`done_day`), and last: the status at the previous month's end
    (None where it was not given out then; :func:`statuses_at`'s rule). A ward has
    thousands: the snapshot reads them without building an object each. One index range
    of the read model per assignment and month (see :func:`_as_it_stood`).

    The statement gives each assignment's ids and state; the names and orders of its
    task, organisation and branch, the same on many rows, are read once per request
    (:func:`_names`) and set in here: a value the database hands over costs about a
    thousand instructions, and the sort carries each row's values (whole ward, peer-sized
    ward: see bench/results/2026-12-08-monthread.md)."""
    scope = scope or Scope("ward")
    conn = db.session.connection()
    stmt = _statement(notes, scope.kind)
    # Core rows (the connection, not the ORM session), fetched at once.
    rows = conn.execute(stmt, _values(plan_id, end, scope)).all()
    tasks, orgs, branches = _names(plan_id)
    return [
        (aid, tid, *tasks[tid], oid, *orgs[oid], bid, *branches[bid], *state)
        for aid, tid, oid, bid, *state in rows
    ]


# One read: (0 task, 1 organisation, 2 branch), id, name, short name, order, block.
# (NULLs typed: PostgreSQL matches a union's column types.)
_NO_TEXT, _NO_NUMBER = cast(null(), String), cast(null(), Integer)
_NAMES: Any = union_all(
    select(literal(0), Task.id, Task.title, _NO_TEXT, Task.sort_order, _NO_NUMBER).where(
        Task.plan_id == bindparam("plan_id")
    ),
    select(
        literal(1),
        Organisation.id,
        Organisation.name,
        Organisation.short_name,
        Organisation.sort_order,
        _NO_NUMBER,
    ),
    select(literal(2), Branch.id, Branch.name, _NO_TEXT, Branch.sort_order, Branch.block_id),
)


def _names(plan_id: int) -> tuple[dict[Any, tuple[Any, ...]], ...]:
    """The plan's tasks (title, order), the organisations (name, short name, order) and
    the branches (name, order, block; None: an organisation's own level), by id."""
    tasks: dict[Any, tuple[Any, ...]] = {}
    orgs: dict[Any, tuple[Any, ...]] = {}
    branches: dict[Any, tuple[Any, ...]] = {None: (None, None, None)}
    rows = db.session.connection().execute(_NAMES, {"plan_id": plan_id})
    for kind, key, name, short, order, block in rows:
        if kind == 0:
            tasks[key] = (name, order)
        elif kind == 1:
            orgs[key] = (name, short, order)
        else:
            branches[key] = (name, order, block)
    return tasks, orgs, branches


def statuses_at(plan_id: int, end: datetime, scope: Scope | None = None) -> dict[int, str]:
    """The status of every assignment in scope given out at ``end`` and created before
    it, at ``end`` (what :func:`month_end_status` says, reading only the status; a month's
    report reads last month's in its own statement, :func:`month_end_rows`)."""
    scope = scope or Scope("ward")
    rows = db.session.connection().execute(
        _statement("statuses", scope.kind), _values(plan_id, end, scope)
    )
    # Fetched at once (a row at a time costs a call of the driver each: thousands).
    return {aid: st for aid, st in rows.all()}


def done_day(status: str, done_at: Any) -> date | None:
    """The Vietnamese day a done assignment was marked done (None unless done)."""
    when = _as_datetime(done_at)
    return local_day(when) if status == "done" and when is not None else None


def _state(r: tuple[Any, ...]) -> MonthEndState:
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


def _notes_statement(kind: str) -> Any:
    """The statement of :func:`month_notes` for a scope of ``kind``."""
    in_scope = scoped_ids(bindparam("plan_id"), Scope(kind).clause(bindparam("scope_id")))
    return (
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
            StatusUpdate.created_at >= bindparam("start", type_=DateTime()),
            StatusUpdate.created_at < _END,
            StatusUpdate.assignment_id.in_(in_scope),
        )
        .order_by(StatusUpdate.created_at, StatusUpdate.id)
    )


def month_notes(
    plan_id: int, start: datetime, end: datetime, scope: Scope
) -> dict[int, list[dict[str, Any]]]:
    """The updates written during [start, end) on the plan's assignments in ``scope``, per
    assignment, oldest first."""
    values = {"plan_id": plan_id, "start": start, "end": end, "scope_id": scope.id}
    rows = db.session.connection().execute(_statement("notes", scope.kind), values)
    notes: dict[int, list[dict[str, Any]]] = {}
    for aid, at, status, progress, note, author in rows:
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
