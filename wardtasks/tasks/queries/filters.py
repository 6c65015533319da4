"""The list filters read from the query string, the search, and the filter form's choices."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, true

from ... import policy
from ...dates import month_bounds
from ...extensions import db
from ...inputs import whole_number
from ...models import (
    ASSIGNMENT_STATUSES,
    Assignment,
    Block,
    Branch,
    Organisation,
    StatusUpdate,
    Task,
)
from ...scope import Scope
from ...search.query import Terms, branch_matches, note_matches, task_matches
from ...status import overdue_clause


def _int(value: str | None) -> int | None:
    return whole_number(value)


# The query parameters read as ids or a page number.
_NUMBERED = ("org", "branch", "block", "page")


@dataclass
class Filters:
    """The list filters, read from the query string (anything malformed is ignored, and
    :attr:`ignored` says so: the list shows that part of the address was left out)."""

    org: int | None = None
    branch: int | None = None
    block: int | None = None
    status: str | None = None
    overdue: bool = False
    month: bool = False
    q: str = ""
    page: int = 1
    ignored: bool = False

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
            ignored=any(args.get(k) and _int(args.get(k)) is None for k in _NUMBERED),
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


def search_clause(q: str, plan_id: int) -> ColumnElement[bool]:
    """Assignments of the plan whose task (title or text), branch name or one of whose
    notes holds the words of ``q`` as whole words, ignoring case and diacritics ("ho
    tro" finds "hỗ trợ", not "hoạt động trong"): side by side when any assignment the
    user may see has them so, else anywhere (:mod:`wardtasks.search`)."""
    terms = Terms.read(q)
    if not terms:
        return true()

    def matching(phrase: bool) -> ColumnElement[bool]:
        return or_(
            Assignment.task_id.in_(
                select(Task.id).where(Task.plan_id == plan_id, task_matches(terms, phrase))
            ),
            Assignment.branch_id.in_(select(Branch.id).where(branch_matches(terms, phrase))),
            Assignment.id.in_(
                select(StatusUpdate.assignment_id).where(note_matches(terms, phrase))
            ),
        )

    if len(terms.words) > 1:
        phrase = matching(True)
        seen = select(Assignment.id).where(
            phrase, Assignment.active.is_(True), policy.visible_assignments()
        )
        if db.session.scalar(seen.limit(1)) is not None:
            return phrase
    return matching(False)


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


@dataclass
class FilterOptions:
    """The choices of the filter form; branches and blocks as (id, name): the ward has
    hundreds of branches, and the form needs no more of them."""

    organisations: list[Organisation]
    branches: Sequence[tuple[int, str]]
    blocks: Sequence[tuple[int, str]]


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
    # Read at once through Core: the ward's list holds every branch (hundreds at scale),
    # which the ORM's per-row handling would cost more than the query.
    read = db.session.connection().execute
    branches = (
        read(
            select(Branch.id, Branch.name)
            .join(Organisation, Organisation.id == Branch.organisation_id)
            .where(*branch_where, policy.visible_organisations())
            .order_by(Organisation.sort_order, Branch.sort_order, Branch.id)
        )
        .tuples()
        .all()
    )
    return FilterOptions(organisations, branches, read(_BLOCKS).tuples().all())


# The same for every page (built once: no value of the request in it).
_BLOCKS = select(Block.id, Block.name).where(Block.active.is_(True)).order_by(Block.number)
