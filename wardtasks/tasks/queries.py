"""Read side of the workflow: scopes, filters, paginated lists, counters, the matrix.

Every function issues a fixed number of queries whatever the size of the ward
(grouped counts, eager loading, pagination), so pages stay at a constant
number of SQL statements.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from flask import abort
from markupsafe import Markup
from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    false,
    func,
    or_,
    select,
    true,
)

from .. import policy
from ..database import get_by_id, prepared
from ..extensions import db
from ..i18n import N_, STATUS_MSGIDS, Labels
from ..importer import normalize
from ..models import (
    ASSIGNMENT_STATUSES,
    Assignment,
    AssignmentCount,
    Block,
    Branch,
    Organisation,
    StatusUpdate,
    Task,
    User,
)
from ..scope import Scope
from ..status import (
    CLOSED_STATUSES,
    DUE_SOON_DAYS,
    due_soon_clause,
    month_bounds,
    overdue_clause,
)

PER_PAGE = 30
HISTORY_ROWS = 3  # updates shown per row of the task page; the assignment page shows all
SCOPE_KINDS = ("ward", "org", "branch", "task")


def scope_visible(scope: Scope) -> bool:
    """Whether the current user may see the scope's page (404 for a missing object)."""
    if scope.kind == "ward":
        return policy.can_view_ward()
    model: Any = {"org": Organisation, "branch": Branch, "task": Task}.get(scope.kind)
    if model is None or scope.id is None:
        return False
    obj = get_by_id(model, scope.id)  # asked by every row request (open, close, save)
    if obj is None:
        abort(404)
    if scope.kind == "org":
        return policy.can_view_organisation(obj)
    if scope.kind == "branch":
        return policy.can_view_branch(obj)
    return policy.can_view_task(obj)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@dataclass
class Filters:
    """The list filters, read from the query string (anything malformed is ignored)."""

    org: int | None = None
    branch: int | None = None
    block: int | None = None
    status: str | None = None
    overdue: bool = False
    month: bool = False
    q: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Filters:
        status = args.get("status") or None
        return cls(
            org=_int(args.get("org")),
            branch=_int(args.get("branch")),
            block=_int(args.get("block")),
            status=status if status in ASSIGNMENT_STATUSES else None,
            overdue=args.get("overdue") == "1",
            month=args.get("month") == "1",
            q=" ".join((args.get("q") or "").split())[:100],
            page=max(1, min(_int(args.get("page")) or 1, 10_000)),
        )

    @property
    def active(self) -> bool:
        """Whether any filter narrows the list."""
        return bool(
            self.org or self.branch or self.block or self.status or self.overdue or self.month
        ) or bool(self.q)

    def args(self, **changes: Any) -> dict[str, Any]:
        """Query-string arguments of these filters (for pagination links)."""
        values: dict[str, Any] = {
            "org": self.org,
            "branch": self.branch,
            "block": self.block,
            "status": self.status,
            "overdue": 1 if self.overdue else None,
            "month": 1 if self.month else None,
            "q": self.q or None,
            "page": self.page if self.page > 1 else None,
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "", 0)}


@lru_cache(maxsize=8192)
def _folded(text: str) -> str:
    return normalize(text)


def search_clause(q: str, plan_id: int) -> ColumnElement[bool]:
    """Assignments whose task or branch matches every word of ``q``, ignoring case and
    diacritics ("ho tro" finds "hỗ trợ"). The plan's tasks and the branches are a bounded
    list, folded in Python: two queries, whatever the number of assignments."""
    words = _folded(q).split()
    if not words:
        return true()
    task_ids = [
        tid
        for tid, title, text in db.session.execute(
            select(Task.id, Task.title, Task.text).where(Task.plan_id == plan_id)
        )
        if all(w in _folded(f"{title} {text}") for w in words)
    ]
    branch_ids = [
        bid
        for bid, name in db.session.execute(select(Branch.id, Branch.name))
        if all(w in _folded(name) for w in words)
    ]
    return or_(Assignment.task_id.in_(task_ids), Assignment.branch_id.in_(branch_ids))


# Bound parameters of the statements built once (database.prepared): the day a page is
# read for (overdue, due soon), and the page of a list.
TODAY = bindparam("today", type_=Date)
SOON_UNTIL = bindparam("soon_until", type_=Date)
LIMIT = bindparam("limit", type_=Integer)
OFFSET = bindparam("offset", type_=Integer)


def day_values(today: date) -> dict[str, date]:
    """Values of :data:`TODAY` and :data:`SOON_UNTIL`."""
    return {"today": today, "soon_until": today + timedelta(days=DUE_SOON_DAYS)}


@dataclass(frozen=True)
class Base:
    """The assignments a page reads (see :func:`base`), as a shape and its values: the
    statements made from :meth:`clauses` are the same for every plan, scope and user of
    one shape, so they are built once (:func:`~wardtasks.database.prepared`) and
    executed with :attr:`values`."""

    key: tuple[Any, ...]
    values: dict[str, Any]

    def clauses(self) -> list[ColumnElement[bool]]:
        """WHERE clauses with bound parameters ``plan_id``, ``scope_id``, ``visible_id``."""
        has_plan, kind, visibility = self.key
        if not has_plan:
            return [false()]
        clauses = [
            Task.plan_id == bindparam("plan_id"),
            Assignment.active.is_(True),
            Scope(kind).clause(bindparam("scope_id")),
        ]
        if visibility is not None:
            clauses.append(policy.visibility_clause(visibility, bindparam("visible_id")))
        return clauses


def base(plan_id: int | None, scope: Scope, *, visible_only: bool = True) -> Base:
    """Active assignments of the plan in the scope; only those the current user may see
    unless ``visible_only`` is off (aggregate figures of a page the user may already see:
    a branch head reads their organisation's progress, not its other branches' rows)."""
    visibility, visible_id = policy.assignment_visibility() if visible_only else (None, None)
    return Base(
        (plan_id is not None, scope.kind, visibility),
        {"plan_id": plan_id, "scope_id": scope.id, "visible_id": visible_id},
    )


def filter_clauses(filters: Filters, plan_id: int | None, today: date) -> list[ColumnElement[bool]]:
    """WHERE clauses for the chosen filters."""
    clauses: list[ColumnElement[bool]] = []
    if filters.org:
        clauses.append(Assignment.organisation_id == filters.org)
    if filters.branch:
        clauses.append(Assignment.branch_id == filters.branch)
    if filters.block:
        clauses.append(
            Assignment.branch_id.in_(select(Branch.id).where(Branch.block_id == filters.block))
        )
    if filters.status:
        clauses.append(Assignment.status == filters.status)
    if filters.overdue:
        clauses.append(overdue_clause(today))
    if filters.month:
        first, last = month_bounds(today)
        clauses.append(and_(Assignment.due_date >= first, Assignment.due_date <= last))
    if filters.q and plan_id is not None:
        clauses.append(search_clause(filters.q, plan_id))
    return clauses


def last_note_column() -> Any:
    """Correlated subquery: the assignment's latest non-empty note."""
    return (
        select(StatusUpdate.note)
        .where(StatusUpdate.assignment_id == Assignment.id, StatusUpdate.note != "")
        .order_by(StatusUpdate.id.desc())
        .limit(1)
        .correlate(Assignment)
        .scalar_subquery()
    )


class Row(NamedTuple):
    """One assignment as a list row shows it: plain columns, no ORM objects (a page of
    rows is read and rendered on every visit; the policy checks read the same
    attributes as on an :class:`Assignment`)."""

    id: int
    task_id: int
    task_title: str
    plan_id: int
    organisation_id: int
    organisation_short: str
    branch_id: int | None
    branch_name: str | None
    status: str
    progress: int
    due_date: date | None
    responsible: str
    active: bool
    version: int
    updated_at: datetime
    updated_by_name: str | None
    note: str | None


def _rows_select(where: list[ColumnElement[bool]]) -> Select[Any]:
    return (
        select(
            Assignment.id,
            Assignment.task_id,
            Task.title,
            Task.plan_id,
            Assignment.organisation_id,
            Organisation.short_name,
            Assignment.branch_id,
            Branch.name,
            Assignment.status,
            Assignment.progress,
            Assignment.due_date,
            Assignment.responsible,
            Assignment.active,
            Assignment.version,
            Assignment.updated_at,
            User.full_name,
            last_note_column(),
        )
        .join(Task, Task.id == Assignment.task_id)
        .join(Organisation, Organisation.id == Assignment.organisation_id)
        .outerjoin(Branch, Branch.id == Assignment.branch_id)
        .outerjoin(User, User.id == Assignment.updated_by_id)
        .where(*where)
    )


STATUS_ORDER = {"blocked": 0, "in_progress": 1, "not_started": 2, "done": 3, "cancelled": 4}
GROUP_LABELS = Labels({"overdue": N_("Overdue"), "due_soon": N_("Due soon"), **STATUS_MSGIDS})


@dataclass
class Group:
    """Consecutive rows of a list under one heading (the branch page groups by status)."""

    key: str
    rows: list[Row] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(GROUP_LABELS.get(self.key, ""))


class Entry(NamedTuple):
    """One status update as the history shows it (its author by name)."""

    id: int
    author_name: str
    created_at: datetime
    from_status: str | None
    status: str
    from_progress: int | None
    progress: int
    due_date: date | None
    note: str


ENTRY_COLUMNS = (
    StatusUpdate.id,
    User.full_name,
    StatusUpdate.created_at,
    StatusUpdate.from_status,
    StatusUpdate.status,
    StatusUpdate.from_progress,
    StatusUpdate.progress,
    StatusUpdate.due_date,
    StatusUpdate.note,
)


@dataclass
class History:
    """Status updates of an assignment, newest first: all of them, or the latest few."""

    entries: list[Entry]
    total: int

    @property
    def complete(self) -> bool:
        """Whether every update is in :attr:`entries`."""
        return len(self.entries) >= self.total


def _history_select(limited: bool) -> Select[Any]:
    """:func:`latest_history`'s statement: bound ``ids`` (expanded into IN at run time)
    and, when ``limited``, ``limit``."""
    ranked = (
        select(
            StatusUpdate.id.label("id"),
            func.row_number()
            .over(partition_by=StatusUpdate.assignment_id, order_by=StatusUpdate.id.desc())
            .label("rank"),
            func.count().over(partition_by=StatusUpdate.assignment_id).label("total"),
        )
        .where(StatusUpdate.assignment_id.in_(bindparam("ids", expanding=True)))
        .subquery()
    )
    stmt = (
        select(StatusUpdate.assignment_id, ranked.c.total, *ENTRY_COLUMNS)
        .join(ranked, ranked.c.id == StatusUpdate.id)
        .join(User, User.id == StatusUpdate.author_id)
        .order_by(StatusUpdate.assignment_id, StatusUpdate.id.desc())
    )
    if limited:
        stmt = stmt.where(ranked.c.rank <= bindparam("limit", type_=Integer))
    return stmt


def latest_history(
    assignment_ids: Collection[int], limit: int | None = HISTORY_ROWS
) -> dict[int, History]:
    """The ``limit`` latest updates of each assignment (all of them for None) and how many
    it has, in one query whatever the length of the histories: ROW_NUMBER() and COUNT()
    over each assignment's updates (SQLite and PostgreSQL alike); plain columns, no ORM
    objects."""
    ids = list(assignment_ids)
    result = {aid: History([], 0) for aid in ids}
    if not ids:
        return result
    stmt = prepared(("history", limit is not None), lambda: _history_select(limit is not None))
    values: dict[str, Any] = {"ids": ids, "limit": limit}
    for assignment_id, total, *entry in db.session.execute(stmt, values):
        history = result[assignment_id]
        history.entries.append(Entry(*entry))
        history.total = int(total)
    return result


@dataclass
class Page:
    """One page of an assignment list (with the latest history of its rows if asked)."""

    groups: list[Group]
    total: int
    page: int
    per_page: int
    histories: dict[int, History] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def rows(self) -> list[Row]:
        return [row for g in self.groups for row in g.rows]


def list_assignments(
    scope: Scope,
    filters: Filters,
    plan_id: int | None,
    today: date,
    *,
    grouped: bool = False,
    with_history: bool = False,
    per_page: int = PER_PAGE,
    counted: Summary | None = None,
) -> Page:
    """A page of the scope's assignments with their latest note (two queries; three with
    the :data:`HISTORY_ROWS` latest updates of each row). ``grouped``: overdue first, due
    soon next, then by status. ``counted``: the page's counters; when they counted the
    rows of the unfiltered list, their total is the list's (one query fewer)."""
    b = base(plan_id, scope)
    # The filters' clauses carry their values: a filtered list is built for its request,
    # an unfiltered one (most visits) once per shape.
    extra = filter_clauses(filters, plan_id, today)

    def shaped(name: str, build: Any) -> Any:
        return build() if extra else prepared((name, b.key, grouped), build)

    values = {**b.values, **day_values(today)}
    if counted is not None and counted.rows == b and not extra:
        total = counted.total
    else:
        count = shaped(
            "list-count",
            lambda: select(func.count(Assignment.id))
            .join(Task, Task.id == Assignment.task_id)
            .where(*b.clauses(), *extra),
        )
        total = db.session.scalar(count, values) or 0
    pages = max(1, -(-total // per_page))
    page = min(filters.page, pages)
    values.update(limit=per_page, offset=(page - 1) * per_page)
    stmt = shaped("list-rows", lambda: _list_select(b.clauses() + extra, grouped))
    groups: list[Group] = []
    width = len(Row._fields)
    for columns in db.session.execute(stmt, values):
        key = str(columns[width]) if grouped else ""
        if not groups or groups[-1].key != key:
            groups.append(Group(key))
        groups[-1].rows.append(Row._make(columns[:width]))
    result = Page(groups=groups, total=total, page=page, per_page=per_page)
    if with_history:
        result.histories = latest_history([a.id for a in result.rows])
    return result


def _list_select(where: list[ColumnElement[bool]], grouped: bool) -> Select[Any]:
    """A page (:data:`LIMIT`, :data:`OFFSET`) of rows; ``grouped``: with their group's
    key, overdue first, due soon next, then by status (days from :func:`day_values`)."""
    stmt = _rows_select(where)
    if grouped:
        overdue = overdue_clause(TODAY)
        soon = due_soon_clause(TODAY, until=SOON_UNTIL)
        group_key = case((overdue, "overdue"), (soon, "due_soon"), else_=Assignment.status)
        status_rank = case(
            {s: n for s, n in STATUS_ORDER.items()}, value=Assignment.status, else_=9
        )
        stmt = stmt.add_columns(group_key).order_by(
            case((overdue, 0), (soon, 1), else_=2),
            status_rank,
            Assignment.due_date.is_(None),
            Assignment.due_date,
            Task.sort_order,
            Assignment.id,
        )
    else:
        stmt = stmt.order_by(Task.sort_order, Task.id, Assignment.organisation_id, Assignment.id)
    return stmt.limit(LIMIT).offset(OFFSET)


def load_row(assignment_id: int) -> Row | None:
    """One assignment as a list row (with its latest note), fresh from the database."""
    stmt = prepared("row", lambda: _rows_select([Assignment.id == bindparam("aid")]))
    values = db.session.execute(stmt, {"aid": assignment_id}).first()
    return Row._make(values) if values is not None else None


@dataclass
class Summary:
    """Assignments of a scope by status, with the overdue and due-soon ones; ``rows``:
    which assignments were counted (a list over the same rows takes its total)."""

    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    due_soon: int = 0
    rows: Base | None = None

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def done(self) -> int:
        return self.by_status.get("done", 0)

    def count(self, status: str) -> int:
        return self.by_status.get(status, 0)

    @property
    def percent_done(self) -> int:
        return _percent(self.done, self.total)


def summaries(b: Base, today: date, by_organisation: bool = False) -> dict[Any, Summary]:
    """Summaries per organisation (``by_organisation``), or one under the key None.

    One query, its groups added up here. A whole plan or organisation, as a ward-wide
    reader sees it, is read from the counts the database keeps (:func:`_counted_summary`);
    other scopes group their assignments per task, organisation and status, the order
    in which they come from the covering index ``ix_assignment_task_state``.
    Overdue and due soon are counted on the due date alone and kept for the open
    statuses only (a closed assignment is neither)."""
    has_plan, kind, visibility = b.key
    if has_plan and kind in ("ward", "org") and visibility in (None, "all"):
        stmt = prepared(("summary-counted", b.key), lambda: _counted_summary(kind))
    else:
        stmt = prepared(
            ("summary", b.key),
            lambda: select(
                Assignment.organisation_id,
                Assignment.status,
                func.count(),
                func.count(case((Assignment.due_date < TODAY, 1))),
                func.count(case((Assignment.due_date.between(TODAY, SOON_UNTIL), 1))),
            )
            .join(Task, Task.id == Assignment.task_id)
            .where(*b.clauses())
            .group_by(Task.id, Assignment.organisation_id, Assignment.status),
        )
    result: dict[Any, Summary] = {}
    for org_id, status, n, overdue, soon in db.session.execute(
        stmt, {**b.values, **day_values(today)}
    ):
        if not n:
            continue
        key = org_id if by_organisation else None
        s = result.setdefault(key, Summary(rows=None if by_organisation else b))
        s.by_status[status] = s.by_status.get(status, 0) + int(n)
        if status not in CLOSED_STATUSES:
            s.overdue += int(overdue)
            s.due_soon += int(soon)
    return result


def _counted_summary(kind: str) -> Select[Any]:
    """:func:`summaries` of a whole plan (``kind`` "ward") or organisation ("org"), from
    the counts the database keeps (:class:`~wardtasks.models.AssignmentCount`), about a
    tenth of the rows the assignments would be, grouped per organisation and status. An
    assignment without a due date counts under a day that is neither past nor soon."""
    c = AssignmentCount
    stmt = (
        select(
            c.organisation_id,
            c.status,
            func.sum(c.n),
            func.sum(case((c.due_date < TODAY, c.n), else_=0)),
            func.sum(case((c.due_date.between(TODAY, SOON_UNTIL), c.n), else_=0)),
        )
        .join(Task, Task.id == c.task_id)
        .where(Task.plan_id == bindparam("plan_id"))
        # A few dozen rows out: producing ~900 per-task groups cost more than summing.
        .group_by(c.organisation_id, c.status)
    )
    if kind == "org":
        stmt = stmt.where(c.organisation_id == bindparam("scope_id"))
    return stmt


def scope_summary(scope: Scope, plan_id: int | None, today: date) -> Summary:
    """The counters at the top of a scope's page: what the user may see of the scope,
    but an organisation's whole (its branch heads read their organisation's progress).
    Whoever may open a branch's page sees all of it, so there that is the branch."""
    b = base(plan_id, scope, visible_only=scope.kind != "org")
    return summaries(b, today).get(None, Summary(rows=b))


def ward_progress(
    plan_id: int | None, today: date
) -> tuple[Summary, list[tuple[Organisation, Summary]]]:
    """The ward's counters and the completion per visible organisation, from one grouped
    query (the ward's figures are the sum of every organisation's)."""
    organisations = db.session.scalars(
        select(Organisation)
        .where(Organisation.active.is_(True), policy.visible_organisations())
        .order_by(Organisation.sort_order, Organisation.id)
    ).all()
    # Only ward-wide readers open the ward: what they may see is every assignment.
    b = base(plan_id, Scope("ward"))
    per_org = summaries(b, today, True)
    ward = Summary(rows=b)
    for s in per_org.values():
        for status, n in s.by_status.items():
            ward.by_status[status] = ward.by_status.get(status, 0) + n
        ward.overdue += s.overdue
        ward.due_soon += s.due_soon
    return ward, [(org, per_org.get(org.id, Summary())) for org in organisations]


def noted_items(
    scope: Scope,
    plan_id: int | None,
    *,
    status: str | None = None,
    recent: bool = False,
    limit: int = 10,
) -> list[Row]:
    """A short list with notes: the blocked items, or the most recently updated ones."""
    b = base(plan_id, scope)

    def build() -> Select[Any]:
        where = b.clauses()
        if status:
            where.append(Assignment.status == bindparam("status"))
        if recent:
            where.append(Assignment.version > 1)
        stmt = _rows_select(where).order_by(Assignment.updated_at.desc(), Assignment.id.desc())
        return stmt.limit(LIMIT)

    stmt = prepared(("noted", b.key, bool(status), recent), build)
    values = {**b.values, "status": status, "limit": limit}
    return [Row._make(columns) for columns in db.session.execute(stmt, values)]


class MatrixTask(NamedTuple):
    """A task as the matrix names it."""

    id: int
    title: str


class MatrixBranch(NamedTuple):
    """A branch as the matrix heads its column: by its block's number."""

    id: int
    name: str
    block_number: int | None


@dataclass
class MatrixRow:
    """A task's line of the organisation matrix and its completion in per cent."""

    task: MatrixTask
    cells: Markup
    percent_done: int


@dataclass
class Matrix:
    """An organisation's tasks × branches, with completion per task and per branch."""

    tasks: list[MatrixTask]
    branches: list[MatrixBranch]
    rows: list[MatrixRow]
    branch_percent_done: list[int]


EMPTY_CELL = Markup('<td class="mx-none">·</td>')


@lru_cache(maxsize=1024)
def _cell(status: str, progress: int, overdue: bool) -> Markup:
    """One cell of the matrix (few distinct ones: statuses × progress values)."""
    css = f"st-{status} mx-overdue" if overdue else f"st-{status}"
    return Markup('<td class="{}">{}</td>').format(css, progress)


def _percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def organisation_matrix(org_id: int, plan_id: int | None, today: date) -> Matrix:
    """Three queries: the tasks, the branches and the branch-level assignments of them.

    The cells of a task come as ready HTML, one ``<td>`` per branch with a class (status,
    overdue) and the progress: at scale the matrix has thousands of cells, and writing
    them here costs a fraction of a template loop. Branch and task are named by the
    table's headers, the colours by its legend."""
    if plan_id is None:
        return Matrix([], [], [], [])
    b = base(plan_id, Scope("org", org_id), visible_only=False)
    values = {**b.values, "org_id": org_id, **day_values(today)}
    # Plain columns: at scale 30 tasks and 40 branches, whose ORM objects cost more
    # to load than the query.
    tasks = [
        MatrixTask(*t)
        for t in db.session.execute(
            prepared(
                "matrix-tasks",
                lambda: select(Task.id, Task.title)
                .where(
                    Task.plan_id == bindparam("plan_id"),
                    Task.organisation_id == bindparam("org_id"),
                )
                .order_by(Task.sort_order, Task.id),
            ),
            values,
        )
    ]
    branches = [
        MatrixBranch(*b)
        for b in db.session.execute(
            prepared(
                "matrix-branches",
                lambda: select(Branch.id, Branch.name, Block.number)
                .outerjoin(Block, Block.id == Branch.block_id)
                .where(Branch.organisation_id == bindparam("org_id"), Branch.active.is_(True))
                .order_by(Branch.sort_order, Branch.id),
            ),
            values,
        )
    ]
    stmt = prepared(
        ("matrix-cells", b.key),
        lambda: select(
            Assignment.task_id,
            Assignment.branch_id,
            Assignment.status,
            Assignment.progress,
            case((overdue_clause(TODAY), 1), else_=0),
        )
        .join(Task, Task.id == Assignment.task_id)
        .where(
            *b.clauses(),
            Task.organisation_id == bindparam("org_id"),
            Assignment.branch_id.is_not(None),
        ),
    )
    cells: dict[tuple[int, int], Markup] = {}
    task_done: Counter[int] = Counter()
    task_total: Counter[int] = Counter()
    branch_done: Counter[int] = Counter()
    branch_total: Counter[int] = Counter()
    # Plain columns, read through Core and fetched at once: a thousand rows and more at
    # scale (iterating the result fetches them one by one).
    for task_id, branch_id, status, progress, overdue in (
        db.session.connection().execute(stmt, values).all()
    ):
        cells[(task_id, branch_id)] = _cell(status, int(progress), bool(overdue))
        task_total[task_id] += 1
        branch_total[branch_id] += 1
        if status == "done":
            task_done[task_id] += 1
            branch_done[branch_id] += 1
    branch_ids = [b.id for b in branches]
    rows = []
    for t in tasks:
        line = "".join([cells.get((t.id, bid), EMPTY_CELL) for bid in branch_ids])
        # Every piece is a Markup made by _cell (its values escaped).
        percent = _percent(task_done[t.id], task_total[t.id])
        rows.append(MatrixRow(t, Markup(line), percent))  # noqa: S704
    percents = [_percent(branch_done[bid], branch_total[bid]) for bid in branch_ids]
    return Matrix(tasks, branches, rows, percents)


@dataclass
class FilterOptions:
    """The choices of the filter form; branches and blocks as (id, name): the ward has
    hundreds of branches, and the form needs no more of them."""

    organisations: list[Organisation]
    branches: list[tuple[int, str]]
    blocks: list[tuple[int, str]]


def filter_options(scope: Scope) -> FilterOptions:
    """Organisations, branches and blocks to filter by (only the ones the scope can use)."""
    if scope.kind == "branch":
        return FilterOptions([], [], [])
    task = db.session.get(Task, scope.id) if scope.kind == "task" else None
    shared_task = task is not None and task.organisation_id is None
    organisations: list[Organisation] = []
    if scope.kind == "ward" or shared_task:
        organisations = list(
            db.session.scalars(
                select(Organisation)
                .where(Organisation.active.is_(True), policy.visible_organisations())
                .order_by(Organisation.sort_order, Organisation.id)
            )
        )
    branch_where: list[ColumnElement[bool]] = [Branch.active.is_(True)]
    if scope.kind == "org":
        branch_where.append(Branch.organisation_id == scope.id)
    elif task is not None and task.organisation_id is not None:
        branch_where.append(Branch.organisation_id == task.organisation_id)
    branches = [
        (bid, name)
        for bid, name in db.session.execute(
            select(Branch.id, Branch.name)
            .join(Organisation, Organisation.id == Branch.organisation_id)
            .where(*branch_where, policy.visible_organisations())
            .order_by(Organisation.sort_order, Branch.sort_order, Branch.id)
        )
    ]
    blocks = [
        (bid, name)
        for bid, name in db.session.execute(
            select(Block.id, Block.name).where(Block.active.is_(True)).order_by(Block.number)
        )
    ]
    return FilterOptions(organisations, branches, blocks)
