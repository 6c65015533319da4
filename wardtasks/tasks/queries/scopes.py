"""Which assignments a page reads: a scope of the plan, as the current user may see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, bindparam, false

from ... import policy
from ...extensions import db
from ...models import Assignment, Branch, Organisation, Task
from ...scope import Scope

SCOPE_KINDS = ("ward", "org", "branch", "task")


def scope_visible(scope: Scope) -> bool:
    """Whether the current user may see the scope's page (404 for a missing object)."""
    if scope.kind == "ward":
        return policy.can_view_ward()
    model: Any = {"org": Organisation, "branch": Branch, "task": Task}.get(scope.kind)
    if model is None or scope.id is None:
        return False
    obj = db.get_or_404(model, scope.id)
    if scope.kind == "org":
        return policy.can_view_organisation(obj)
    if scope.kind == "branch":
        return policy.can_view_branch(obj)
    return policy.can_view_task(obj)


@dataclass(frozen=True)
class Base:
    """The assignments a page reads (see :func:`base`): equal values, equal rows, so a
    list over the rows its page's counters counted can take their total."""

    plan_id: int | None
    scope: Scope
    visibility: str | None
    visible_id: int | None

    def clauses(self) -> list[ColumnElement[bool]]:
        """WHERE clauses of these assignments (joined with their task)."""
        if self.plan_id is None:
            return [false()]
        clauses = active_in(self.plan_id, self.scope)
        if self.visibility is not None:
            clauses.append(policy.visibility_clause(self.visibility, self.visible_id))
        return clauses

    def values(self) -> dict[str, Any]:
        """The bound values of :func:`bound_clauses` for these assignments."""
        return {"plan_id": self.plan_id, "scope_id": self.scope.id, "visible_id": self.visible_id}


def bound_clauses(kind: str, visibility: str | None) -> list[ColumnElement[bool]]:
    """:meth:`Base.clauses` of a kind of scope and of visibility, the plan and the ids
    bound (``plan_id``, ``scope_id``, ``visible_id``: :meth:`Base.values`), for a
    statement of fixed shape built once: built and keyed for SQLAlchemy's compiled cache
    on every request, the branch head's list cost 2.7 M instructions more (34.9 -> 32.1
    M a page) and a status update's counters 1.2 M more (18.1 -> 16.9 M a save; one-year
    scale ward, in process: bench/results/2026-12-07-instructions-instr.md)."""
    clauses = active_in(bindparam("plan_id"), Scope(kind), bindparam("scope_id"))
    if visibility is not None:
        clauses.append(policy.visibility_clause(visibility, bindparam("visible_id")))
    return clauses


def active_in(plan_id: Any, scope: Scope, scope_id: Any = None) -> list[ColumnElement[bool]]:
    """WHERE clauses of the active assignments of a plan in a scope (joined with their
    task), whoever reads them. The plan and the scope's id may be bound parameters, for a
    statement built once (``scope_id`` as in :meth:`Scope.clause`)."""
    return [Task.plan_id == plan_id, Assignment.active.is_(True), scope.clause(scope_id)]


def base(plan_id: int | None, scope: Scope, *, visible_only: bool = True) -> Base:
    """Active assignments of the plan in the scope; only those the current user may see
    unless ``visible_only`` is off (aggregate figures of a page the user may already see:
    a branch head reads their organisation's progress, not its other branches' rows)."""
    visibility: str | None
    visible_id: int | None
    if not visible_only:
        visibility, visible_id = None, None
    elif scope.kind == "task" and scope.id is not None:
        visibility, visible_id = policy.task_assignment_visibility(scope.id)
    else:
        visibility, visible_id = policy.assignment_visibility()
    if visibility == "all" or (visibility == scope.kind and visible_id == scope.id):
        # What the user may see holds the whole scope (the ward's readers, a leader on
        # their organisation's page, a branch head on their branch's): no clause to add,
        # and the page's counters, which count the scope whole, counted the list's rows.
        visibility, visible_id = None, None
    return Base(plan_id, scope, visibility, visible_id)
