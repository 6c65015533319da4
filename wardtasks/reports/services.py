"""Month-end figures from the status history, closing months, and the report settings.

A report is built in two steps. :func:`build_snapshot` reads the database with a
fixed number of set-based queries (whatever the number of assignments) and
returns a plain, JSON-ready dict: every assignment in scope with its state at
the month's end, the notes of the month, the previous month's statuses and the
completion counts per month for the chart. Closing a month stores that dict for
the whole ward; a closed month's report is read back from it, so later updates
cannot change it. :func:`build_report` then turns a snapshot (live or frozen)
into what the page and the exports show, for one scope.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Integer,
    case,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload

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


class ReportError(Exception):
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


def month_end_status(
    plan_id: int, end: datetime, scope_where: ColumnElement[bool] | None = None
) -> list[MonthEndState]:
    """Every active assignment of the plan created before ``end`` as it stood at ``end``.

    One query: the latest update before ``end`` per assignment (ordered by time
    then id), the latest due date an update set, and the last time it was
    marked done, as correlated subqueries. An assignment without any update before
    ``end`` is not started at 0 %; without a due date from history it has its own.
    """
    where = true() if scope_where is None else scope_where
    # Correlated subqueries: each is an index seek on (assignment_id, created_at), which
    # SQLite and PostgreSQL both do well; joined window-function subqueries made SQLite
    # scan the history once per assignment (minutes on a five-year ward).
    su = aliased(StatusUpdate)
    before_end = (su.assignment_id == Assignment.id, su.created_at < end)

    def latest(column: Any, *extra: ColumnElement[bool]) -> Any:
        return (
            select(column)
            .where(*before_end, *extra)
            .order_by(su.created_at.desc(), su.id.desc())
            .limit(1)
            .correlate(Assignment)
            .scalar_subquery()
        )

    marked_done = (
        select(func.max(su.created_at))
        .where(
            *before_end,
            su.status == "done",
            or_(su.from_status.is_(None), su.from_status != "done"),
        )
        .correlate(Assignment)
        .scalar_subquery()
    )
    stmt = (
        select(
            Assignment.id,
            Assignment.task_id,
            Task.title,
            Task.sort_order,
            Assignment.organisation_id,
            Organisation.name,
            Organisation.short_name,
            Organisation.sort_order,
            Assignment.branch_id,
            Branch.name,
            Branch.sort_order,
            Branch.block_id,
            Assignment.due_date,
            latest(su.status),
            latest(su.progress),
            latest(su.note),
            latest(su.due_date, su.due_date.is_not(None)),
            marked_done,
        )
        .join(Task, Task.id == Assignment.task_id)
        .join(Organisation, Organisation.id == Assignment.organisation_id)
        .outerjoin(Branch, Branch.id == Assignment.branch_id)
        .where(
            Task.plan_id == plan_id,
            Assignment.active.is_(True),
            Assignment.created_at < end,
            where,
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
        )
    )
    states = []
    for r in db.session.execute(stmt):
        status = r[13] or "not_started"
        done_at: datetime | None = r[17]
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
                status=status,
                progress=r[14] if r[14] is not None else 0,
                due_date=r[16] or r[12],
                done_on=(done_at + VIETNAM_OFFSET).date()
                if status == "done" and done_at is not None
                else None,
                last_note=r[15] or "",
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


def completion_by_month(
    plan_id: int, year: int, last_month: int, scope_where: ColumnElement[bool]
) -> list[list[int | None]]:
    """[month, organisation id, branch id, assignments, done] at the end of months 1..last.

    One query: a table of month ends joined to the assignments, the status at
    each month's end by a correlated subquery, then counted per branch.
    """
    parts = [
        select(
            literal(m, Integer).label("idx"),
            literal(month_end_utc(year, m), DateTime).label("end_at"),
        )
        for m in range(1, last_month + 1)
    ]
    months = (union_all(*parts) if len(parts) > 1 else parts[0]).cte("month_ends")
    su = aliased(StatusUpdate)
    # The status at each month's end, as an index seek per (month, assignment).
    status_then = (
        select(su.status)
        .where(su.assignment_id == Assignment.id, su.created_at < months.c.end_at)
        .order_by(su.created_at.desc(), su.id.desc())
        .limit(1)
        .correlate(Assignment, months)
        .scalar_subquery()
    )
    states = (
        select(
            months.c.idx.label("idx"),
            Assignment.organisation_id.label("org_id"),
            Assignment.branch_id.label("branch_id"),
            status_then.label("status"),
        )
        .select_from(months)
        .join(Assignment, Assignment.created_at < months.c.end_at)
        .join(Task, Task.id == Assignment.task_id)
        .outerjoin(Branch, Branch.id == Assignment.branch_id)
        .where(Task.plan_id == plan_id, Assignment.active.is_(True), scope_where)
        .subquery("month_states")
    )
    done = func.sum(case((states.c.status == "done", 1), else_=0))
    keys = (states.c.idx, states.c.org_id, states.c.branch_id)
    stmt = select(*keys, func.count(), done).group_by(*keys).order_by(*keys)
    return [[int(i), o, b, int(n), int(d or 0)] for i, o, b, n, d in db.session.execute(stmt)]


def build_snapshot(plan: Plan, year: int, month: int, scope: Scope) -> dict[str, Any]:
    """The report's data for ``scope`` at the end of ``year``/``month`` (five queries)."""
    where = scope.clause()
    end = month_end_utc(year, month)
    as_of = month_end_as_of(year, month)
    states = month_end_status(plan.id, end, where)
    previous = month_end_status(plan.id, month_end_utc(*previous_month(year, month)), where)
    notes = _month_notes(plan.id, month_start_utc(year, month), end, where)
    chart_months = month if year == plan.year else (12 if year > plan.year else 0)
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

    def add(self, row: dict[str, Any], previous_status: str | None) -> None:
        self.total += 1
        self.by_status[row["status"]] += 1
        if row["category"]:
            self.by_category[row["category"]] += 1
        self.overdue += 1 if row["overdue"] else 0
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


@dataclass
class TaskGroup:
    """A task of an organisation with each branch's month-end state."""

    task_id: int
    title: str
    items: list[Item] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.status == "done")


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
    """Everything the page and the exports show for one month and scope."""

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
    def items(self) -> list[Item]:
        return [i for org in self.organisations for t in org.tasks for i in t.items]


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def build_report(snapshot: dict[str, Any], scope: Scope, org_level_label: str) -> Report:
    """What the page shows for ``scope``, from a snapshot (live or frozen).

    ``org_level_label`` names the organisation's own level where an assignment
    has no branch (translated by the caller).
    """
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
        )
        group.items.append(item)
        if item.status == "blocked":
            difficulties.append(item)
        if (
            item.status not in CLOSED_STATUSES
            and item.due is not None
            and (item.due.year, item.due.month) == (ny, nm)
        ):
            upcoming.append(item)
    # Branch lines inside an organisation: its own level first, then branch order as read.
    for org in orgs.values():
        org.branches.sort(key=lambda b: b.id is not None)
    upcoming.sort(key=lambda i: (i.due or date.max))
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
        chart=_chart(snapshot, scope, orgs),
    )


def _chart(
    snapshot: dict[str, Any], scope: Scope, orgs: dict[int, OrgSection]
) -> list[ChartSeries]:
    """Percent done per organisation per month, from the snapshot's counts."""
    block_of = {r["branch_id"]: r["block_id"] for r in snapshot["rows"] if r["branch_id"]}
    totals: dict[tuple[int, int], list[int]] = {}
    for idx, org_id, branch_id, total, done in snapshot["chart"]:
        row = {"org_id": org_id, "branch_id": branch_id, "block_id": block_of.get(branch_id)}
        if not row_in_scope(scope, row):
            continue
        acc = totals.setdefault((org_id, idx), [0, 0])
        acc[0] += total
        acc[1] += done
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


def load_snapshot(
    plan: Plan, year: int, month: int, scope: Scope
) -> tuple[dict[str, Any], MonthClose | None]:
    """The frozen figures of a closed month, else the live ones for ``scope``."""
    closed = month_in_force(plan.id, year, month)
    if closed is not None:
        return json.loads(closed.figures), closed
    return build_snapshot(plan, year, month, scope), None


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
