"""Assignments as list rows: the paginated lists of the pages, one row, short noted lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import ColumnElement, Date, Select, bindparam, case, func, select

from ...extensions import db
from ...i18n import N_, STATUS_MSGIDS, Labels
from ...models import (
    Assignment,
    Branch,
    EvidencePhoto,
    Organisation,
    Plan,
    StatusUpdate,
    Task,
    User,
)
from ...models.plan import CURRENT_FIRST
from ...scope import Scope
from ...statements import built_once
from ...status import DUE_SOON_DAYS, due_soon_clause, overdue_clause
from .filters import Filters, filter_clauses
from .history import History, latest_history
from .scopes import base, bound_clauses

if TYPE_CHECKING:
    from .summaries import Summary

PER_PAGE = 30
STATUS_ORDER = {"blocked": 0, "in_progress": 1, "not_started": 2, "done": 3, "cancelled": 4}
GROUP_LABELS = Labels({"overdue": N_("Overdue"), "due_soon": N_("Due soon"), **STATUS_MSGIDS})


class Row(NamedTuple):
    """One assignment as a list row shows it: plain columns, no ORM objects (a page of
    rows is read and rendered on every visit; the policy checks read the same
    attributes as on an :class:`Assignment`)."""

    id: int
    task_id: int
    task_title: str
    plan_id: int
    # "closed": the plan's work takes no update any more (policy.can_update_assignment).
    plan_state: str
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
    photos: int  # evidence photos of all its updates


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


def photo_count_column() -> Any:
    """Correlated subquery: how many evidence photos the assignment's updates have."""
    return (
        select(func.count(EvidencePhoto.id))
        .where(EvidencePhoto.assignment_id == Assignment.id)
        .correlate(Assignment)
        .scalar_subquery()
    )


# Statements of a fixed shape are built once, here: what changes between requests
# is a bound value (``today`` below) or the WHERE a page adds. Built on every request, the
# grouped list's statement cost about 5 M instructions, an eighth of the branch head's page
# (one-year scale ward, in process); its columns and order, built once, take 3 M of that
# off (the WHERE and the page are still added, and the whole keyed, per request).
ROWS = (
    select(
        Assignment.id,
        Assignment.task_id,
        Task.title,
        Task.plan_id,
        Plan.state,
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
        photo_count_column(),
    )
    .join(Task, Task.id == Assignment.task_id)
    .join(Plan, Plan.id == Task.plan_id)
    .join(Organisation, Organisation.id == Assignment.organisation_id)
    .outerjoin(Branch, Branch.id == Assignment.branch_id)
    .outerjoin(User, User.id == Assignment.updated_by_id)
)
"""The columns of :class:`Row` and the tables they come from; add the WHERE."""

# The grouped list (the branch page): overdue first, due soon next, then by status; run
# with ``today`` and ``soon_until`` (:func:`grouping_days`).
_TODAY = bindparam("today", type_=Date)
_OVERDUE = overdue_clause(_TODAY)
_DUE_SOON = due_soon_clause(_TODAY, until=bindparam("soon_until", type_=Date))
GROUP_KEY = case((_OVERDUE, "overdue"), (_DUE_SOON, "due_soon"), else_=Assignment.status)
GROUPED_ORDER = (
    case((_OVERDUE, 0), (_DUE_SOON, 1), else_=2),
    case(STATUS_ORDER, value=Assignment.status, else_=9),
    Assignment.due_date.is_(None),
    Assignment.due_date,
    Task.sort_order,
    Assignment.id,
)


def grouping_days(today: date) -> dict[str, date]:
    """The values :data:`GROUP_KEY` and :data:`GROUPED_ORDER` are run with."""
    return {"today": today, "soon_until": today + timedelta(days=DUE_SOON_DAYS)}


@dataclass
class Group:
    """Consecutive rows of a list under one heading (the branch page groups by status)."""

    key: str
    rows: list[Row] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(GROUP_LABELS.get(self.key, ""))


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
    the :data:`~.history.HISTORY_ROWS` latest updates of each row). ``grouped``: overdue
    first, due soon next, then by status. ``counted``: the page's counters; when they
    counted the rows of the unfiltered list, their total is the list's (one query fewer)."""
    b = base(plan_id, scope)
    extra = filter_clauses(filters, plan_id, today)
    where = b.clauses() + extra
    if counted is not None and counted.rows == b and not extra:
        total = counted.total
    else:
        count = (
            select(func.count(Assignment.id))
            .join(Task, Task.id == Assignment.task_id)
            .where(*where)
        )
        total = db.session.scalar(count) or 0
    pages = max(1, -(-total // per_page))
    page = min(filters.page, pages)
    values: dict[str, Any] = grouping_days(today) if grouped else {}
    if extra or b.plan_id is None:
        stmt = _list_select(where, grouped).limit(per_page).offset((page - 1) * per_page)
    else:
        stmt = _unfiltered_list(b.scope.kind, b.visibility, grouped)
        values |= b.values() | {"limit": per_page, "offset": (page - 1) * per_page}
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
    """The rows in list order; ``grouped``: with their group's key, overdue first, due
    soon next, then by status (run it with :func:`grouping_days`)."""
    stmt = ROWS.where(*where)
    if not grouped:
        return stmt.order_by(Task.sort_order, Task.id, Assignment.organisation_id, Assignment.id)
    return stmt.add_columns(GROUP_KEY).order_by(*GROUPED_ORDER)


@built_once
def _unfiltered_list(kind: str, visibility: str | None, grouped: bool) -> Select[Any]:
    """A page of an unfiltered list (what a page shows first), for a kind of scope and of
    visibility (:class:`~.scopes.Base`): a statement of fixed shape each, built once
    (:func:`~.scopes.bound_clauses`), run with :meth:`~.scopes.Base.values`, ``limit``
    and ``offset``. A filtered list is built per request."""
    return (
        _list_select(bound_clauses(kind, visibility), grouped)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


_ONE_ROW = ROWS.where(Assignment.id == bindparam("assignment_id"))


def load_row(assignment_id: int) -> Row | None:
    """One assignment as a list row (with its latest note), fresh from the database."""
    values = db.session.execute(_ONE_ROW, {"assignment_id": assignment_id}).first()
    return Row._make(values) if values is not None else None


# The row and the id of the plan the pages show, in one statement (a status update's read:
# issue 13 holds it to eight statements).
_ROW_AND_PLAN = _ONE_ROW.add_columns(
    select(Plan.id).order_by(*CURRENT_FIRST).limit(1).scalar_subquery()
)


def load_row_and_current_plan(assignment_id: int) -> tuple[Row, int | None] | None:
    """:func:`load_row`, with the id of the plan the pages show
    (:func:`~wardtasks.plans.current.current_plan`; None when there is no plan)."""
    values = db.session.execute(_ROW_AND_PLAN, {"assignment_id": assignment_id}).first()
    if values is None:
        return None
    width = len(Row._fields)
    return Row._make(values[:width]), values[width]


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
    if b.plan_id is None:
        return []
    # The few rows are picked first, by their ids, and only they get the rows' correlated
    # subqueries (latest note, photo count): in one statement SQLite, not knowing the
    # bound values, read the whole scope with both subqueries for every row and sorted
    # it (the ward overview: 9,616 rows for 8, about half of its instructions). Two
    # statements, both built once (as :func:`_unfiltered_list` explains): with the ids as
    # a subquery the whole row statement was built and keyed anew on every page (the
    # organisation's blocked items, one-year scale ward: 7.5 -> 6.9 M instructions).
    values = b.values() | {"status": status, "limit": limit}
    ids = db.session.scalars(_picked(b.scope.kind, b.visibility, bool(status), recent), values)
    return [Row._make(columns) for columns in db.session.execute(_NOTED_ROWS, {"ids": ids.all()})]


@built_once
def _picked(kind: str, visibility: str | None, by_status: bool, recent: bool) -> Select[Any]:
    """The ids of a noted list, latest updated first: of a status (bound ``status``) or
    updated since created (``recent``), ``limit`` of them."""
    where = bound_clauses(kind, visibility)
    if by_status:
        where.append(Assignment.status == bindparam("status"))
    if recent:
        where.append(Assignment.version > 1)
    return (
        select(Assignment.id)
        .join(Task, Task.id == Assignment.task_id)  # what the scope's clauses ask
        .where(*where)
        .order_by(*_NOTED_ORDER)
        .limit(bindparam("limit"))
    )


# The noted lists' order (the latest updated first) and their rows by id, built once.
_NOTED_ORDER = (Assignment.updated_at.desc(), Assignment.id.desc())
_NOTED_ROWS = ROWS.where(Assignment.id.in_(bindparam("ids", expanding=True))).order_by(
    *_NOTED_ORDER
)
