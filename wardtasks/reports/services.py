"""Month-end figures from the status history, closing months, and the report settings.

A report is built in two steps. :func:`build_snapshot` reads the database with a
fixed number of set-based queries (whatever the number of assignments) and
returns a plain, JSON-ready dict: every assignment in scope with its state at
the month's end, the notes of the month, the previous month's statuses and the
completion counts per month for the chart. Closing a month stores that dict for
the whole ward; a closed month's report is read back from it, so later updates
cannot change it. :func:`build_report` then turns a snapshot (live or frozen)
into what the page and the exports show, for one scope.

The whole ward is a summary (tallies per organisation and task, no branch
detail). Live, :func:`ward_summary` counts it in SQL with two queries instead
of building a snapshot row per assignment; a closed month's summary is counted
from the stored rows (:func:`summary_from_snapshot`), and both give the same
figures (tests/test_reports.py checks it on generated wards).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    String,
    Text,
    and_,
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
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..database import write_transaction
from ..extensions import db
from ..i18n import VIETNAM_OFFSET
from ..models import (
    ASSIGNMENT_STATUSES,
    Assignment,
    Branch,
    MonthClose,
    Organisation,
    Plan,
    StatusUpdate,
    Task,
    User,
    WardSetting,
)
from ..models.base import utcnow
from ..refusals import Refused
from ..scope import Scope
from ..status import (
    CLOSED_STATUSES,
    GOVERNMENT_CATEGORIES,
    government_category,
    is_overdue,
    month_end_as_of,
    month_end_utc,
    month_start_utc,
)

SNAPSHOT_VERSION = 1
SCOPE_KINDS = ("ward", "org", "branch", "block")


class ReportError(Refused):
    """A request the report services refuse; the message is for the user."""


# --------------------------------------------------------------------------- scope


def row_in_scope(scope: Scope, row: dict[str, Any]) -> bool:
    """Whether a snapshot row falls in ``scope`` (the Python form of ``scope.clause()``)."""
    if scope.kind == "org":
        return bool(row["org_id"] == scope.id)
    if scope.kind == "branch":
        return bool(row["branch_id"] == scope.id)
    if scope.kind == "block":
        return bool(row["block_id"] == scope.id)
    return True


# --------------------------------------------------------------------------- months


def previous_month(year: int, month: int) -> tuple[int, int]:
    """The month before ``year``/``month``."""
    return (year - 1, 12) if month == 1 else (year, month - 1)


def next_month(year: int, month: int) -> tuple[int, int]:
    """The month after ``year``/``month``."""
    return (year + 1, 1) if month == 12 else (year, month + 1)


def parse_month(value: str | None) -> tuple[int, int] | None:
    """``YYYY-MM`` to (year, month); None when malformed."""
    value = (value or "").strip()
    if len(value) != 7 or value[4] != "-" or not (value[:4] + value[5:]).isdigit():
        return None
    year, month = int(value[:4]), int(value[5:])
    if not 2000 <= year <= 2100 or not 1 <= month <= 12:
        return None
    return year, month


def default_month(plan: Plan, today: date) -> tuple[int, int]:
    """The month a report opens on: this month within the plan's year, else its nearest end."""
    if today.year == plan.year:
        return plan.year, today.month
    return (plan.year, 12) if today.year > plan.year else (plan.year, 1)


def month_has_ended(year: int, month: int, now: datetime | None = None) -> bool:
    """True once the Vietnam-local month is over."""
    return month_end_utc(year, month) <= (now or utcnow())


# --------------------------------------------------------------------------- queries


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


def _scoped_ids(plan_id: int, scope_where: ColumnElement[bool]) -> Any:
    """Sub-select of the ids of the plan's active assignments in scope."""
    return (
        select(Assignment.id)
        .join(Task, Task.id == Assignment.task_id)
        .outerjoin(Branch, Branch.id == Assignment.branch_id)
        .where(Task.plan_id == plan_id, Assignment.active.is_(True), scope_where)
    )


def _local_day(value: Any) -> Any:
    """SQL: the Vietnam-local calendar day of a naive-UTC datetime column (SQLite or PostgreSQL)."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.date(value, f"+{int(VIETNAM_OFFSET.total_seconds())} seconds")
    return func.date(value + VIETNAM_OFFSET)


def _month_end_cte(
    plan_id: int,
    end: datetime,
    scope_where: ColumnElement[bool],
    notes: Literal["all", "blocked"] = "all",
) -> Any:
    """A CTE of every active assignment in scope created before ``end``, as it stood at ``end``.

    Columns: aid, org_id, task_id, branch_id, due, status, progress, done_at and lid,
    the id of the latest update (join it for the note: carrying every note through
    the CTE would copy them all). With ``notes="blocked"``, lid is only sure to be
    set on the rows blocked at ``end`` (all the ward's summary shows notes of).

    Two parts. An assignment not changed since ``end`` (``updated_at`` moves with
    every update, and status, progress and due date change only with one) stood
    as it stands today: its own columns, and the history is read only for what
    it alone holds, the latest update's id when its note is wanted and, when
    done, the time it was marked done (the latest move into done). The others
    are read from the history: one index seek on (assignment_id, created_at)
    finds each one's latest update before ``end``, joined back by id (status,
    progress, note); the due date is its own unless an update at or after
    ``end`` set one. Materialised, so the correlated subqueries run once per
    assignment however often the result is read.
    """
    in_scope = (
        Task.plan_id == plan_id,
        Assignment.active.is_(True),
        Assignment.created_at < end,
        scope_where,
    )
    keys = (
        Assignment.id.label("aid"),
        Assignment.organisation_id.label("org_id"),
        Assignment.task_id.label("task_id"),
        Assignment.branch_id.label("branch_id"),
    )
    lid = _latest_update_id(end)
    own = (
        select(
            *keys,
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
    later = _updates()
    due_set_later = exists().where(
        later.c.assignment_id == Assignment.id,
        later.c.created_at >= end,
        later.c.due_date.is_not(None),
    )
    hist = _updates()
    due_then = (
        select(hist.c.due_date)
        .where(
            hist.c.assignment_id == Assignment.id,
            hist.c.created_at < end,
            hist.c.due_date.is_not(None),
        )
        .order_by(hist.c.created_at.desc(), hist.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    changed = (
        select(
            *keys,
            _latest_update_id(end).label("lid"),
            # Every due change is recorded, so only a later one makes today's date wrong.
            case(
                (due_set_later, func.coalesce(due_then, Assignment.due_date)),
                else_=Assignment.due_date,
            ).label("due"),
        )
        .join(Task, Task.id == Assignment.task_id)
        .where(*in_scope, Assignment.updated_at >= end)
        .cte("month_changed")
    )
    last = _updates()
    into_done = or_(last.c.from_status.is_(None), last.c.from_status != "done")
    done_at = case(
        (
            last.c.status == "done",
            case((into_done, last.c.created_at), else_=_marked_done(changed.c.aid, end)),
        ),
        else_=null(),
    )
    from_history = (
        select(
            changed.c.aid,
            changed.c.org_id,
            changed.c.task_id,
            changed.c.branch_id,
            changed.c.due,
            func.coalesce(last.c.status, "not_started"),
            func.coalesce(last.c.progress, 0),
            done_at,
            changed.c.lid,
        )
        .select_from(changed)
        .outerjoin(last, last.c.id == changed.c.lid)
    )
    return union_all(own, from_history).cte("month_end").prefix_with("MATERIALIZED")


def _updates() -> Any:
    """An alias of the status history (plain table: cheaper to build than an ORM alias)."""
    return StatusUpdate.__table__.alias()


def _latest_update_id(end: datetime) -> Any:
    """SQL: the id of the assignment's latest update before ``end`` (correlated)."""
    su = _updates()
    return (
        select(su.c.id)
        .where(su.c.assignment_id == Assignment.id, su.c.created_at < end)
        .order_by(su.c.created_at.desc(), su.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _marked_done(assignment_id: Any, end: datetime) -> Any:
    """SQL: when the assignment last moved into done before ``end`` (correlated)."""
    x = _updates()
    return (
        select(func.max(x.c.created_at))
        .where(
            x.c.assignment_id == assignment_id,
            _done_move(x),
            x.c.created_at < end,
            x.c.status == "done",
            or_(x.c.from_status.is_(None), x.c.from_status != "done"),
        )
        .scalar_subquery()
    )


def month_end_status(
    plan_id: int, end: datetime, scope_where: ColumnElement[bool] | None = None
) -> list[MonthEndState]:
    """Every active assignment of the plan created before ``end`` as it stood at ``end``.

    One query (see :func:`_month_end_cte`). An assignment without any update before
    ``end`` is not started at 0 %.
    """
    st = _month_end_cte(plan_id, end, true() if scope_where is None else scope_where)
    latest = _updates()
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
        )
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
        )
    )
    states = []
    for r in db.session.execute(stmt):
        done_at = _as_datetime(r[16])
        states.append(
            MonthEndState(
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
                due_date=_as_date(r[15]),
                done_on=(done_at + VIETNAM_OFFSET).date()
                if r[12] == "done" and done_at is not None
                else None,
                last_note=r[14],
            )
        )
    return states


def _month_notes(
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
            StatusUpdate.assignment_id.in_(_scoped_ids(plan_id, scope_where)),
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


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _as_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _done_move(su: Any) -> ColumnElement[bool]:
    """The condition of the partial index ix_status_update_done_moves, on ``su``.

    Inline literals: a planner proves a query may use a partial index only from
    values it sees (PostgreSQL's generic plans do not see bound ones).
    """
    done = literal_column("'done'", String)
    return or_(su.c.status == done, su.c.from_status == done)


def counts_at(
    plan_id: int, ends: list[datetime], scope_where: ColumnElement[bool], by_branch: bool = True
) -> dict[tuple[int, int | None], tuple[list[int], list[int]]]:
    """(assignments, done) at each of ``ends``, per (organisation, branch), in one query.

    With ``by_branch`` False, per organisation only (the branch in the key is None).

    Assignments are counted by their creation time; "done" by the transitions of
    the history: an update into done (from another status) adds one, an update
    out of it takes one away. The history is a chain (each update's ``from_status``
    is the status before it, which the status update service guarantees under the
    assignment's version), so the sum over the updates before an end is the number
    of assignments whose latest update before that end is done. Each row is put in
    the bucket of the first end it falls before; the buckets are summed up here.
    """
    if not ends:
        return {}
    order = sorted(set(ends))
    in_scope = (Task.plan_id == plan_id, Assignment.active.is_(True), scope_where)

    def bucket(column: Any) -> Any:
        return case(*[(column < end, n) for n, end in enumerate(order)], else_=len(order))

    branch = Assignment.branch_id if by_branch else cast(null(), Integer)
    made = (
        select(
            Assignment.organisation_id.label("org_id"),
            branch.label("branch_id"),
            bucket(Assignment.created_at).label("bucket"),
            bucket(Assignment.created_at).label("made"),
            literal(1, Integer).label("delta"),
        )
        .join(Task, Task.id == Assignment.task_id)
        .where(*in_scope, Assignment.created_at < order[-1])
        .subquery("made")
    )
    su = _updates()
    into_done = and_(
        su.c.status == "done", or_(su.c.from_status.is_(None), su.c.from_status != "done")
    )
    out_of_done = and_(su.c.from_status == "done", su.c.status != "done")
    moved = (
        select(
            Assignment.organisation_id.label("org_id"),
            branch.label("branch_id"),
            bucket(su.c.created_at).label("bucket"),
            # Counted from when both the update and its assignment exist (the later bucket).
            bucket(Assignment.created_at).label("made"),
            case((su.c.status == "done", 1), else_=-1).label("delta"),
        )
        .select_from(su)
        .join(Assignment, Assignment.id == su.c.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(
            *in_scope,
            su.c.created_at < order[-1],
            # Implied by the next term, but the planners need it spelled out (with the
            # value inline) to read the moves from ix_status_update_done_moves.
            _done_move(su),
            or_(into_done, out_of_done),
        )
        .subquery("moved")
    )
    parts = [
        select(
            literal(kind, Integer).label("kind"),
            q.c.org_id,
            q.c.branch_id,
            q.c.bucket,
            q.c.made,
            func.sum(q.c.delta).label("n"),
        ).group_by(q.c.org_id, q.c.branch_id, q.c.bucket, q.c.made)
        for kind, q in ((0, made), (1, moved))
    ]
    steps: dict[tuple[int, int | None], tuple[list[int], list[int]]] = {}
    for kind, org_id, branch_id, at, made_at, n in db.session.execute(union_all(*parts)):
        acc = steps.setdefault((org_id, branch_id), ([0] * len(order), [0] * len(order)))
        at = max(int(at), int(made_at))
        if at < len(order):  # else the assignment was made after the last end
            acc[kind][at] += int(n or 0)
    position = [order.index(end) for end in ends]
    out: dict[tuple[int, int | None], tuple[list[int], list[int]]] = {}
    for key, (made_in, done_in) in steps.items():
        made_by, done_by = list(accumulate(made_in)), list(accumulate(done_in))
        out[key] = ([made_by[p] for p in position], [done_by[p] for p in position])
    return out


def completion_by_month(
    plan_id: int, year: int, last_month: int, scope_where: ColumnElement[bool]
) -> list[list[int | None]]:
    """[month, organisation id, branch id, assignments, done] at the end of months 1..last."""
    ends = [month_end_utc(year, m) for m in range(1, last_month + 1)]
    return _chart_rows(counts_at(plan_id, ends, scope_where), range(1, last_month + 1))


def _chart_rows(
    counts: dict[tuple[int, int | None], tuple[list[int], list[int]]], months: Any
) -> list[list[int | None]]:
    """The snapshot's chart rows from :func:`counts_at` (its first ends being ``months``)."""
    rows: list[list[int | None]] = []
    for n, month in enumerate(months):
        for (org_id, branch_id), (made, done) in counts.items():
            if made[n]:
                rows.append([month, org_id, branch_id, made[n], done[n]])
    rows.sort(key=lambda r: (r[0], r[1], -1 if r[2] is None else r[2]))
    return rows


def build_snapshot(plan: Plan, year: int, month: int, scope: Scope) -> dict[str, Any]:
    """The report's data for ``scope`` at the end of ``year``/``month`` (five queries)."""
    where = scope.clause()
    end = month_end_utc(year, month)
    as_of = month_end_as_of(year, month)
    states = month_end_status(plan.id, end, where)
    previous = month_end_status(plan.id, month_end_utc(*previous_month(year, month)), where)
    notes = _month_notes(plan.id, month_start_utc(year, month), end, where)
    chart_months = _chart_months(plan, year, month)
    chart = completion_by_month(plan.id, plan.year, chart_months, where) if chart_months else []
    rows = []
    for s in states:
        rows.append(
            {
                "aid": s.assignment_id,
                "task_id": s.task_id,
                "task": s.task_title,
                "task_order": s.task_order,
                "org_id": s.organisation_id,
                "org": s.organisation_name,
                "org_short": s.organisation_short,
                "org_order": s.organisation_order,
                "branch_id": s.branch_id,
                "branch": s.branch_name,
                "block_id": s.block_id,
                "status": s.status,
                "progress": s.progress,
                "due": s.due_date.isoformat() if s.due_date else None,
                "done_on": s.done_on.isoformat() if s.done_on else None,
                "category": government_category(s.status, s.due_date, s.done_on, as_of),
                "overdue": is_overdue(s.status, s.due_date, as_of),
                "last_note": s.last_note,
                "notes": notes.get(s.assignment_id, []),
            }
        )
    return {
        "version": SNAPSHOT_VERSION,
        "plan": {"id": plan.id, "title": plan.title, "year": plan.year},
        "year": year,
        "month": month,
        "rows": rows,
        "previous": {str(s.assignment_id): s.status for s in previous},
        "chart": chart,
    }


# --------------------------------------------------------------------------- the report


@dataclass
class Tally:
    """Counts for a group of assignments at month end, with the previous month's."""

    total: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ASSIGNMENT_STATUSES, 0))
    by_category: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(GOVERNMENT_CATEGORIES, 0)
    )
    overdue: int = 0
    previous_total: int = 0
    previous_done: int = 0

    @property
    def done(self) -> int:
        return self.by_status["done"]

    @property
    def blocked(self) -> int:
        return self.by_status["blocked"]

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def previous_percent_done(self) -> int:
        return round(100 * self.previous_done / self.previous_total) if self.previous_total else 0

    @property
    def change(self) -> int:
        """Change of the share done against the previous month, in percentage points."""
        return self.percent_done - self.previous_percent_done

    def count(self, status: str, category: str | None, overdue: bool, n: int = 1) -> None:
        """Add ``n`` assignments of one status, category and overdue flag."""
        self.total += n
        self.by_status[status] += n
        if category:
            self.by_category[category] += n
        self.overdue += n if overdue else 0

    def add(self, row: dict[str, Any], previous_status: str | None) -> None:
        self.count(row["status"], row["category"], row["overdue"])
        if previous_status is not None:
            self.previous_total += 1
            self.previous_done += 1 if previous_status == "done" else 0


@dataclass
class Line:
    """A row of a summary table: an organisation or a branch and its tally."""

    id: int | None
    label: str
    organisation: str
    tally: Tally = field(default_factory=Tally)


@dataclass
class Item:
    """One assignment in the report."""

    assignment_id: int
    task: str
    organisation: str
    organisation_short: str
    branch: str | None
    status: str
    progress: int
    due: date | None
    done_on: date | None
    category: str | None
    overdue: bool
    last_note: str
    notes: list[dict[str, Any]]
    organisation_id: int | None = None


@dataclass
class TaskGroup:
    """A task of an organisation: its tally and (except in a summary) each branch's state."""

    task_id: int
    title: str
    items: list[Item] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)

    @property
    def done(self) -> int:
        return self.tally.done

    @property
    def total(self) -> int:
        return self.tally.total


@dataclass
class OrgSection:
    """An organisation's results: its tally, branches and tasks."""

    id: int
    name: str
    short_name: str
    tally: Tally
    branches: list[Line]
    tasks: list[TaskGroup]


@dataclass
class ChartSeries:
    """Completion of one organisation at the end of each month."""

    name: str
    index: int
    points: list[tuple[int, int]]  # (month, percent done)


@dataclass
class Report:
    """Everything the page and the exports show for one month and scope.

    ``detailed`` is False for the whole ward: tallies per organisation and task
    (no branch lines, no per-branch items); the organisation's report has those.
    """

    plan_title: str
    plan_year: int
    year: int
    month: int
    scope: Scope
    summary: Tally
    organisations: list[OrgSection]
    difficulties: list[Item]
    next_month: list[Item]
    chart: list[ChartSeries]
    detailed: bool = True
    next_month_counts: list[Upcoming] = field(default_factory=list)

    @property
    def period(self) -> str:
        return f"{self.month:02d}/{self.year}"

    @property
    def next_period(self) -> str:
        y, m = next_month(self.year, self.month)
        return f"{m:02d}/{y}"

    @property
    def next_month_by_task(self) -> list[tuple[str, date | None, list[Item]]]:
        """What falls due next month, one entry per task and due date (in due order)."""
        groups: dict[tuple[str, date | None], list[Item]] = {}
        for item in self.next_month:
            groups.setdefault((item.task, item.due), []).append(item)
        return [(task, due, items) for (task, due), items in groups.items()]

    @property
    def difficulties_by_task(self) -> list[tuple[str, list[Item]]]:
        """The blocked assignments, one entry per task (in report order)."""
        return [
            (task, items) for _id, _short, task, items in self.difficulties_by_organisation_task
        ]

    @property
    def difficulties_by_organisation_task(self) -> list[tuple[int | None, str, str, list[Item]]]:
        """The blocked assignments per organisation and task: (organisation id, its short
        name, task, items), in report order."""
        groups: dict[tuple[int | None, str], list[Item]] = {}
        for item in self.difficulties:
            groups.setdefault((item.organisation_id, item.task), []).append(item)
        return [
            (org_id, items[0].organisation_short, task, items)
            for (org_id, task), items in groups.items()
        ]

    @property
    def items(self) -> list[Item]:
        return [i for org in self.organisations for t in org.tasks for i in t.items]


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _is_due_next_month(status: str, due: date | None, year: int, month: int) -> bool:
    return (
        status not in CLOSED_STATUSES and due is not None and (due.year, due.month) == (year, month)
    )


def build_report(snapshot: dict[str, Any], scope: Scope, org_level_label: str) -> Report:
    """What the page shows for ``scope``, from a snapshot (live or frozen).

    The whole ward is summarised (see :func:`summary_from_snapshot`).
    ``org_level_label`` names the organisation's own level where an assignment
    has no branch (translated by the caller).
    """
    if scope.kind == "ward":
        return summary_from_snapshot(snapshot, org_level_label)
    year, month = int(snapshot["year"]), int(snapshot["month"])
    rows = [r for r in snapshot["rows"] if row_in_scope(scope, r)]
    previous: dict[str, str] = snapshot["previous"]
    summary = Tally()
    orgs: dict[int, OrgSection] = {}
    branch_lines: dict[tuple[int, int | None], Line] = {}
    task_groups: dict[tuple[int, int], TaskGroup] = {}
    difficulties: list[Item] = []
    upcoming: list[Item] = []
    ny, nm = next_month(year, month)
    for r in rows:
        prev = previous.get(str(r["aid"]))
        summary.add(r, prev)
        org = orgs.get(r["org_id"])
        if org is None:
            org = orgs[r["org_id"]] = OrgSection(
                r["org_id"], r["org"], r["org_short"], Tally(), [], []
            )
        org.tally.add(r, prev)
        bkey = (r["org_id"], r["branch_id"])
        line = branch_lines.get(bkey)
        if line is None:
            label = r["branch"] or f"{r['org_short']} ({org_level_label})"
            line = branch_lines[bkey] = Line(r["branch_id"], label, r["org_short"])
            org.branches.append(line)
        line.tally.add(r, prev)
        tkey = (r["org_id"], r["task_id"])
        group = task_groups.get(tkey)
        if group is None:
            group = task_groups[tkey] = TaskGroup(r["task_id"], r["task"])
            org.tasks.append(group)
        group.tally.add(r, prev)
        item = Item(
            assignment_id=r["aid"],
            task=r["task"],
            organisation=r["org"],
            organisation_short=r["org_short"],
            branch=r["branch"],
            status=r["status"],
            progress=r["progress"],
            due=_date(r["due"]),
            done_on=_date(r["done_on"]),
            category=r["category"],
            overdue=r["overdue"],
            last_note=r["last_note"],
            notes=[{**n, "at": datetime.fromisoformat(n["at"])} for n in r["notes"]],
            organisation_id=r["org_id"],
        )
        group.items.append(item)
        if item.status == "blocked":
            difficulties.append(item)
        if _is_due_next_month(item.status, item.due, ny, nm):
            upcoming.append(item)
    # Branch lines inside an organisation: its own level first, then branch order as read.
    for org in orgs.values():
        org.branches.sort(key=lambda b: b.id is not None)
    upcoming.sort(key=lambda i: (i.due or date.max))
    block_of = {r["branch_id"]: r["block_id"] for r in snapshot["rows"] if r["branch_id"]}
    return Report(
        plan_title=snapshot["plan"]["title"],
        plan_year=int(snapshot["plan"]["year"]),
        year=year,
        month=month,
        scope=scope,
        summary=summary,
        organisations=list(orgs.values()),
        difficulties=difficulties,
        next_month=upcoming,
        chart=_chart(snapshot["chart"], scope, orgs, block_of),
    )


@dataclass
class _Group:
    """Assignments of one organisation and task with one status, category and overdue flag."""

    org_id: int
    org: str
    org_short: str
    org_order: int
    task_id: int
    task: str
    task_order: int
    status: str
    category: str | None
    overdue: bool
    n: int


@dataclass
class Upcoming:
    """Open assignments of a task falling due on one day of next month (ward summary)."""

    organisation_id: int
    organisation_short: str
    task: str
    due: date
    count: int
    order: tuple[Any, ...] = ()


def _summary_report(
    head: dict[str, Any],
    groups: list[_Group],
    blocked: list[tuple[tuple[Any, ...], Item]],
    upcoming: list[Upcoming],
    previous_by_org: dict[int, tuple[int, int]],
    chart: list[list[int | None]],
) -> Report:
    """The ward's summary from counted groups (live from SQL, or from a frozen snapshot)."""
    summary = Tally()
    orgs: dict[int, OrgSection] = {}
    task_groups: dict[tuple[int, int], TaskGroup] = {}
    for g in sorted(groups, key=lambda g: (g.org_order, g.org_id, g.task_order, g.task_id)):
        org = orgs.get(g.org_id)
        if org is None:
            org = orgs[g.org_id] = OrgSection(g.org_id, g.org, g.org_short, Tally(), [], [])
        group = task_groups.get((g.org_id, g.task_id))
        if group is None:
            group = task_groups[(g.org_id, g.task_id)] = TaskGroup(g.task_id, g.task)
            org.tasks.append(group)
        for tally in (summary, org.tally, group.tally):
            tally.count(g.status, g.category, g.overdue, g.n)
    for org in orgs.values():
        org.tally.previous_total, org.tally.previous_done = previous_by_org.get(org.id, (0, 0))
        summary.previous_total += org.tally.previous_total
        summary.previous_done += org.tally.previous_done
    return Report(
        plan_title=head["plan"]["title"],
        plan_year=int(head["plan"]["year"]),
        year=int(head["year"]),
        month=int(head["month"]),
        scope=Scope("ward"),
        summary=summary,
        organisations=list(orgs.values()),
        difficulties=[item for _order, item in sorted(blocked, key=lambda b: b[0])],
        next_month=[],
        chart=_chart(chart, Scope("ward"), orgs, {}),
        detailed=False,
        next_month_counts=sorted(upcoming, key=lambda u: (u.due, u.order)),
    )


def summary_from_snapshot(snapshot: dict[str, Any], org_level_label: str) -> Report:
    """The ward's summary from a snapshot's rows (a closed month's frozen figures)."""
    year, month = int(snapshot["year"]), int(snapshot["month"])
    ny, nm = next_month(year, month)
    previous: dict[str, str] = snapshot["previous"]
    counted: dict[tuple[Any, ...], _Group] = {}
    blocked: list[tuple[tuple[Any, ...], Item]] = []
    upcoming: dict[tuple[int, int, date], Upcoming] = {}
    previous_by_org: dict[int, tuple[int, int]] = {}
    # Rows are stored in report order (organisation, task, own level, then branches).
    for n, r in enumerate(snapshot["rows"]):
        key = (r["org_id"], r["task_id"], r["status"], r["category"], r["overdue"])
        g = counted.get(key)
        if g is None:
            g = counted[key] = _Group(
                r["org_id"], r["org"], r["org_short"], r.get("org_order", 0), r["task_id"],
                r["task"], r.get("task_order", 0), r["status"], r["category"], r["overdue"], 0,
            )  # fmt: skip
        g.n += 1
        prev = previous.get(str(r["aid"]))
        if prev is not None:
            total, done = previous_by_org.get(r["org_id"], (0, 0))
            previous_by_org[r["org_id"]] = (total + 1, done + (prev == "done"))
        due = _date(r["due"])
        if r["status"] == "blocked":
            item = Item(
                assignment_id=r["aid"],
                task=r["task"],
                organisation=r["org"],
                organisation_short=r["org_short"],
                branch=r["branch"] or f"{r['org_short']} ({org_level_label})",
                status=r["status"],
                progress=r["progress"],
                due=due,
                done_on=None,
                category=r["category"],
                overdue=r["overdue"],
                last_note=r["last_note"],
                notes=[],
                organisation_id=r["org_id"],
            )
            blocked.append(((n,), item))
        if due is not None and _is_due_next_month(r["status"], due, ny, nm):
            ukey = (r["org_id"], r["task_id"], due)
            if ukey not in upcoming:
                upcoming[ukey] = Upcoming(r["org_id"], r["org_short"], r["task"], due, 0, (n,))
            upcoming[ukey].count += 1
    return _summary_report(
        snapshot,
        list(counted.values()),
        blocked,
        list(upcoming.values()),
        previous_by_org,
        snapshot["chart"],
    )


def _chart(
    chart: list[list[int | None]],
    scope: Scope,
    orgs: dict[int, OrgSection],
    block_of: dict[int, int | None],
) -> list[ChartSeries]:
    """Percent done per organisation per month, from the snapshot's counts."""
    totals: dict[tuple[int, int], list[int]] = {}
    for idx, org_id, branch_id, total, done in chart:
        if scope.kind != "ward":
            block = block_of.get(branch_id) if branch_id is not None else None
            row = {"org_id": org_id, "branch_id": branch_id, "block_id": block}
            if not row_in_scope(scope, row):
                continue
        acc = totals.setdefault((int(org_id or 0), int(idx or 0)), [0, 0])
        acc[0] += int(total or 0)
        acc[1] += int(done or 0)
    series = []
    for n, (org_id, org) in enumerate(orgs.items()):
        points = sorted(
            (idx, round(100 * d / t) if t else 0)
            for (o, idx), (t, d) in totals.items()
            if o == org_id
        )
        if points:
            series.append(ChartSeries(org.short_name, n % 6, points))
    return series


def _category_sql(st: Any, as_of: date) -> Any:
    """SQL form of :func:`government_category` on the month-end CTE's columns."""
    done_late = and_(
        st.c.due.is_not(None), st.c.done_at.is_not(None), _local_day(st.c.done_at) > st.c.due
    )
    return case(
        (st.c.status == "cancelled", null()),
        (st.c.status == "done", case((done_late, "done_late"), else_="done_on_time")),
        (and_(st.c.due.is_not(None), st.c.due < as_of), "overdue"),
        (st.c.status == "not_started", "not_yet_due"),
        else_="in_progress_on_time",
    )


def _overdue_sql(st: Any, as_of: date) -> Any:
    """SQL form of :func:`is_overdue`, as 1 or 0."""
    late = and_(st.c.due.is_not(None), st.c.due < as_of, st.c.status.not_in(CLOSED_STATUSES))
    return case((late, 1), else_=0)


def ward_summary(plan: Plan, year: int, month: int, org_level_label: str) -> Report:
    """The live report of the whole ward: tallies per organisation and task (two queries).

    The first query counts the month-end states per organisation, task, status,
    category and overdue (GROUP BY), the open assignments due next month per task
    and day, and lists only the blocked assignments (the difficulties, with their
    note); the second counts completion per month from the history's transitions
    (the chart, and last month's figures for the change).
    """
    end = month_end_utc(year, month)
    as_of = month_end_as_of(year, month)
    ny, nm = next_month(year, month)
    first_next = date(ny, nm, 1)
    last_next = date(*next_month(ny, nm), 1) - timedelta(days=1)
    st = _month_end_cte(plan.id, end, true(), notes="blocked")
    classified = select(
        st,
        _category_sql(st, as_of).label("category"),
        _overdue_sql(st, as_of).label("overdue"),
    ).subquery("classified")
    c = classified.c
    latest = _updates()
    names = (
        c.org_id,
        Organisation.name,
        Organisation.short_name,
        Organisation.sort_order,
        c.task_id,
        Task.title,
        Task.sort_order.label("task_order"),
    )
    none_int = cast(null(), Integer)

    def named(source: Any, *columns: Any) -> Any:
        return (
            select(*columns)
            .select_from(source)
            .join(Task, Task.id == source.c.task_id)
            .join(Organisation, Organisation.id == source.c.org_id)
        )

    # Counted on the ids first, named after: a join per group, not per assignment.
    counted = (
        select(c.org_id, c.task_id, c.status, c.category, c.overdue, func.count().label("n"))
        .group_by(c.org_id, c.task_id, c.status, c.category, c.overdue)
        .subquery("counted")
    )
    k = counted.c
    grouped = named(
        counted,
        literal(0, Integer).label("kind"),
        k.org_id,
        *names[1:4],
        k.task_id,
        *names[5:],
        k.status,
        k.category,
        k.overdue,
        k.n,
        cast(null(), Date).label("due"),
        none_int.label("aid"),
        cast(null(), Text).label("branch"),
        none_int.label("branch_order"),
        none_int.label("branch_id"),
        none_int.label("progress"),
        cast(null(), Text).label("note"),
    )
    falling_due = (
        select(c.org_id, c.task_id, c.due, func.count().label("n"))
        .where(c.status.not_in(CLOSED_STATUSES), c.due >= first_next, c.due <= last_next)
        .group_by(c.org_id, c.task_id, c.due)
        .subquery("falling_due")
    )
    f = falling_due.c
    due_next = named(
        falling_due,
        literal(1, Integer).label("kind"),
        f.org_id,
        *names[1:4],
        f.task_id,
        *names[5:],
        cast(null(), String).label("status"),
        cast(null(), String).label("category"),
        none_int.label("overdue"),
        f.n,
        f.due,
        none_int,
        cast(null(), Text),
        none_int,
        none_int,
        none_int,
        cast(null(), Text),
    )
    blocked_rows = (
        named(
            classified,
            literal(2, Integer).label("kind"),
            *names,
            c.status,
            c.category,
            c.overdue,
            literal(1, Integer).label("n"),
            c.due,
            c.aid,
            Branch.name,
            Branch.sort_order,
            c.branch_id,
            c.progress,
            latest.c.note,
        )
        .outerjoin(Branch, Branch.id == c.branch_id)
        .outerjoin(latest, latest.c.id == c.lid)
        .where(c.status == "blocked")
    )
    groups: list[_Group] = []
    upcoming: list[Upcoming] = []
    blocked: list[tuple[tuple[Any, ...], Item]] = []
    for r in db.session.execute(union_all(grouped, due_next, blocked_rows)):
        (kind, org_id, org, short, org_order, task_id, task, task_order, status, category,
         overdue, n, due, aid, branch, branch_order, branch_id, progress, note) = r  # fmt: skip
        if kind == 0:
            groups.append(
                _Group(
                    org_id,
                    org,
                    short,
                    org_order,
                    task_id,
                    task,
                    task_order,
                    status,
                    category,
                    bool(overdue),
                    int(n),
                )
            )
        elif kind == 1:
            day = _as_date(due)
            assert day is not None  # noqa: S101 - filtered on
            upcoming.append(
                Upcoming(org_id, short, task, day, int(n), (org_order, org_id, task_order, task_id))
            )
        else:
            item = Item(
                assignment_id=aid,
                task=task,
                organisation=org,
                organisation_short=short,
                branch=branch or f"{short} ({org_level_label})",
                status=status,
                progress=int(progress),
                due=_as_date(due),
                done_on=None,  # blocked: not done
                category=category,
                overdue=bool(overdue),
                last_note=note or "",
                notes=[],
                organisation_id=org_id,
            )
            place = (org_order, org_id, task_order, task_id, branch_id is not None,
                     branch_order or 0, branch_id or 0, aid)  # fmt: skip
            blocked.append((place, item))
    chart_months = _chart_months(plan, year, month)
    ends = [month_end_utc(plan.year, m) for m in range(1, chart_months + 1)]
    ends.append(month_end_utc(*previous_month(year, month)))
    counts = counts_at(plan.id, ends, true(), by_branch=False)
    previous_by_org: dict[int, tuple[int, int]] = {}
    for (org_id, _branch), (made, done) in counts.items():
        total, finished = previous_by_org.get(org_id, (0, 0))
        previous_by_org[org_id] = (total + made[-1], finished + done[-1])
    head = {"year": year, "month": month, "plan": {"title": plan.title, "year": plan.year}}
    chart = _chart_rows(counts, range(1, chart_months + 1))
    return _summary_report(head, groups, blocked, upcoming, previous_by_org, chart)


def _chart_months(plan: Plan, year: int, month: int) -> int:
    """How many months of the plan's year the chart shows for a report of ``year``/``month``."""
    return month if year == plan.year else (12 if year > plan.year else 0)


def load_report(
    plan: Plan, year: int, month: int, scope: Scope, org_level_label: str
) -> tuple[Report, MonthClose | None]:
    """The report of a month and scope: frozen when the month is closed, else live.

    The whole ward's live report is counted in SQL (:func:`ward_summary`); the
    other scopes and every closed month go through a snapshot.
    """
    closed = month_in_force(plan.id, year, month)
    if closed is not None:
        return build_report(json.loads(closed.figures), scope, org_level_label), closed
    if scope.kind == "ward":
        return ward_summary(plan, year, month, org_level_label), None
    return build_report(build_snapshot(plan, year, month, scope), scope, org_level_label), None


# --------------------------------------------------------------------------- closing


def month_in_force(plan_id: int, year: int, month: int) -> MonthClose | None:
    """The close in force for the month, if the month is closed."""
    return db.session.scalar(
        select(MonthClose)
        .options(joinedload(MonthClose.closed_by))
        .where(
            MonthClose.plan_id == plan_id,
            MonthClose.year == year,
            MonthClose.month == month,
            MonthClose.reopened_at.is_(None),
        )
    )


def month_history(plan_id: int, year: int, month: int) -> list[MonthClose]:
    """Every close (and reopening) of the month, newest first."""
    return list(
        db.session.scalars(
            select(MonthClose)
            .options(joinedload(MonthClose.closed_by), joinedload(MonthClose.reopened_by))
            .where(
                MonthClose.plan_id == plan_id,
                MonthClose.year == year,
                MonthClose.month == month,
            )
            .order_by(MonthClose.id.desc())
        )
    )


def close_month(plan: Plan, year: int, month: int, user: User, message: Any) -> MonthClose:
    """Freeze the month's figures for the whole ward (chốt số liệu).

    ``message`` maps an error key to its translated text (the services stay free
    of request state): ``not_ended``, ``outside_plan``, ``already_closed``.
    """
    user_id = user.id
    if year != plan.year:
        raise ReportError(message["outside_plan"])
    if not month_has_ended(year, month):
        raise ReportError(message["not_ended"])
    try:
        with write_transaction():
            if month_in_force(plan.id, year, month) is not None:
                raise ReportError(message["already_closed"])
            snapshot = build_snapshot(plan, year, month, Scope("ward"))
            closed = MonthClose(
                plan_id=plan.id,
                year=year,
                month=month,
                figures=json.dumps(snapshot, ensure_ascii=False, sort_keys=True),
                closed_at=utcnow().replace(microsecond=0),
                closed_by_id=user_id,
            )
            db.session.add(closed)
    except IntegrityError as exc:  # closed by someone else at the same moment
        raise ReportError(message["already_closed"]) from exc
    return closed


def reopen_month(
    plan: Plan, year: int, month: int, user: User, reason: str, message: Any
) -> MonthClose:
    """Reopen a closed month, recording who, when and why."""
    reason = reason.strip()
    if not reason:
        raise ReportError(message["reason_required"])
    user_id, plan_id = user.id, plan.id
    with write_transaction():
        closed = month_in_force(plan_id, year, month)
        if closed is None:
            raise ReportError(message["not_closed"])
        # All three at once: the row's CHECK wants a reopening complete.
        closed.reopened_at, closed.reopened_by_id, closed.reopen_reason = (
            utcnow().replace(microsecond=0),
            user_id,
            reason,
        )
    return closed


# --------------------------------------------------------------------------- settings

SETTING_KEYS = (
    "ward_name",
    "parent_body",
    "issuing_body",
    "number_prefix",
    "signer_role",
    "signer_title",
    "signer_name",
    "recipients",
)

SETTING_DEFAULTS = {
    "ward_name": "",
    "parent_body": "",
    "issuing_body": "",
    "number_prefix": "MTTQ",
    "signer_role": "TM. BAN THƯỜNG TRỰC",
    "signer_title": "CHỦ TỊCH",
    "signer_name": "",
    "recipients": "- Thường trực Đảng ủy phường;\n- Lưu VP.",
}


def report_settings() -> dict[str, str]:
    """The report settings, with defaults for those never saved."""
    saved = {s.key: s.value for s in db.session.scalars(select(WardSetting))}
    return {k: saved.get(k, SETTING_DEFAULTS[k]) for k in SETTING_KEYS}


def save_report_settings(values: dict[str, str], user: User) -> None:
    """Store the settings given (one transaction)."""
    with write_transaction():
        existing = {
            s.key: s
            for s in db.session.scalars(
                select(WardSetting).where(WardSetting.key.in_(SETTING_KEYS))
            )
        }
        for key in SETTING_KEYS:
            if key not in values:
                continue
            value = values[key].strip()
            row = existing.get(key)
            if row is None:
                db.session.add(WardSetting(key=key, value=value, updated_by_id=user.id))
            elif row.value != value:
                row.value = value
                row.updated_at = utcnow()
                row.updated_by_id = user.id
