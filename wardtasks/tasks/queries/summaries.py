"""The counters of a page: its assignments by status, and the overdue ones."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Date, bindparam, case, func, select

from ... import policy
from ...extensions import cache, db
from ...models import Assignment, Organisation, Task
from ...scope import Scope
from ...statements import built_once
from ...status import overdue_clause
from ...version import current_version
from .scopes import Base, base, bound_clauses

T = TypeVar("T")


def percent(done: int, total: int) -> int:
    """``done`` of ``total`` in whole per cent (0 of nothing)."""
    return round(100 * done / total) if total else 0


@dataclass
class Summary:
    """Assignments of a scope by status, with the overdue ones; ``rows``:
    which assignments were counted (a list over the same rows takes its total)."""

    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
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
        return percent(self.done, self.total)


def kept(name: str, key: str, compute: Callable[[], T]) -> T:
    """What ``compute`` counts, kept in the app's cache (Flask-Caching) under the data
    version it was counted at, read first (what is read after it is as new or newer,
    never older), and under ``name`` and ``key`` (what was counted, the day): every
    user's next page, until a write, reads it back. Counted afresh inside a transaction
    that has written (no version: see :func:`~wardtasks.version.current_version`)."""
    version = current_version()
    if version is None:
        return compute()
    full_key = f"{name}:{version}:{key}"
    result: T | None = cache.get(full_key)
    if result is None:
        result = compute()
        cache.set(full_key, result)
    return result


def summaries(b: Base, today: date, by_organisation: bool = False) -> dict[Any, Summary]:
    """Summaries per organisation (``by_organisation``), or one under the key None.

    :func:`kept` under the rows counted and the day. Measured in process on
    ``seed-scale --orgs 8 --blocks 40`` (9,616 assignments), median of 40: the ward page
    29.1 ms counted, 20.6 ms from the cache; an organisation's page 36.3 / 28.2 ms; the
    counters' poll 12.0 / 5.6 ms.
    """
    return kept(
        "summaries",
        f"{b!r}:{today.isoformat()}:{by_organisation}",
        lambda: _count(b, today, by_organisation),
    )


# The counting statement of fixed shape, built once (as tasks/queries/rows.py explains):
# a page adds the WHERE of its rows, and runs it with ``today``. Overdue is the rule of
# :mod:`wardtasks.status`, in its SQL form.
_COUNT = (
    select(
        Assignment.organisation_id,
        Assignment.status,
        func.count(),
        func.count(case((overdue_clause(bindparam("today", type_=Date)), 1))),
    )
    .join(Task, Task.id == Assignment.task_id)
    .group_by(Task.id, Assignment.organisation_id, Assignment.status)
)


@built_once
def _counting_statement(kind: str, visibility: str | None) -> Any:
    """:data:`_COUNT` for a kind of scope and of visibility, built once
    (:func:`~.scopes.bound_clauses`): a status update counts again on every save."""
    return _COUNT.where(*bound_clauses(kind, visibility))


def _count(b: Base, today: date, by_organisation: bool) -> dict[Any, Summary]:
    """:func:`summaries` counted.

    One query grouping the assignments per task, organisation and status, the order in
    which they come from the covering index ``ix_assignment_task_state`` (no sort, no
    table read), its groups added up here; overdue by its rule's SQL form
    (:func:`~wardtasks.status.overdue_clause`)."""
    result: dict[Any, Summary] = {}
    if b.plan_id is None:
        stmt = _COUNT.where(*b.clauses())
    else:
        stmt = _counting_statement(b.scope.kind, b.visibility)
    for org_id, status, n, overdue in db.session.execute(stmt, {"today": today} | b.values()):
        key = org_id if by_organisation else None
        s = result.setdefault(key, Summary(rows=None if by_organisation else b))
        s.by_status[status] = s.by_status.get(status, 0) + int(n)
        s.overdue += int(overdue)
    return result


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
    return ward, [(org, per_org.get(org.id, Summary())) for org in organisations]
