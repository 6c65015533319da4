"""The year boundary: last year's open work on this year's pages, and closing a plan.

Once next year's plan is active, an earlier plan still active keeps its open work
(not started, in progress, blocked) on the branch, organisation and ward pages, under
"Việc năm trước chưa xong", updatable as before, until the secretariat closes that plan.
Closing asks what becomes of that work: carried into the later plan (a task and an
assignment there per open one, linked to it by ``carried_task`` / ``carried_assignment``,
starting from its status and progress) or marked not done (its status becomes
"cancelled", shown as "Không thực hiện", with a note saying why). Every assignment
changed gets its history row and audit entry through :func:`wardtasks.tasks.services.change`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, literal, select

from .. import policy
from ..audit import record
from ..database import write_transaction
from ..extensions import db
from ..models import (
    CLOSE_OUTCOMES,
    Assignment,
    CarriedAssignment,
    CarriedTask,
    Plan,
    PlanClosure,
    Task,
    TaskSupporter,
    User,
)
from ..models.base import utcnow
from ..refusals import Invalid, NotAllowed
from ..scope import Scope
from ..tasks.assigning import Held, create, lock, record_text
from ..tasks.queries.rows import ROWS, Row
from ..tasks.queries.scopes import base
from ..tasks.services import change
from .current import CURRENT_PLAN

OPEN_STATUSES = ("not_started", "in_progress", "blocked")
SHOWN = 30

NO_LATER_PLAN = _l(
    "There is no later active plan to carry the open work into: import next year's plan "
    "first, or mark the open work not done."
)
ALREADY_CLOSED = _l("This plan is already closed.")
BAD_OUTCOME = _l("Choose what to do with the open work.")
# Notes written into the history (in Vietnamese, the ward's record language).
CARRIED_OUT = _l("Not finished in %(year)d: carried into the plan of %(into)d.")
CARRIED_IN = _l("Carried on from the plan of %(year)d.")
NOT_DONE = _l("Not finished when the plan of %(year)d was closed.")


# Every plan (a ward has one a year), in the order current_plan() picks from.
_PAGE_PLANS = CURRENT_PLAN.limit(None)


def page_plans() -> tuple[Plan | None, list[Plan]]:
    """The plan the pages show (:func:`~.current.current_plan`) and the earlier plans
    still active, newest first, in one query: their open work is last year's unfinished
    work until the secretariat closes them."""
    plans = list(db.session.scalars(_PAGE_PLANS))
    if not plans:
        return None, []
    current = plans[0]
    earlier = [p for p in plans[1:] if p.state == "active" and p.year <= current.year]
    earlier.sort(key=lambda p: (-p.year, -p.id))
    return current, earlier


def later_plan(plan: Plan) -> Plan | None:
    """The plan a closed plan's open work is carried into: the newest active later one."""
    return db.session.scalar(
        select(Plan)
        .where(Plan.state == "active", Plan.id != plan.id, Plan.year > plan.year)
        .order_by(Plan.year.desc(), Plan.id.desc())
        .limit(1)
    )


def _open(plan_id: int) -> list[Any]:
    return [
        Task.plan_id == plan_id,
        Assignment.active.is_(True),
        Assignment.status.in_(OPEN_STATUSES),
    ]


@dataclass
class Unfinished:
    """An earlier plan's open work in a page's scope: the first rows and how many."""

    plan: Plan
    rows: list[Row]
    total: int


def unfinished_work(scope: Scope, earlier: list[Plan], limit: int = SHOWN) -> list[Unfinished]:
    """The open work of each of the ``earlier`` plans that the user may see in ``scope``,
    overdue and earliest due first: one query per plan (none in a year with no earlier
    plan still active)."""
    found: list[Unfinished] = []
    width = len(Row._fields)
    for plan in earlier:
        where = [*base(plan.id, scope).clauses(), Assignment.status.in_(OPEN_STATUSES)]
        stmt = (
            ROWS.add_columns(func.count().over())
            .where(*where)
            .order_by(
                Assignment.due_date.is_(None),
                Assignment.due_date,
                Task.sort_order,
                Assignment.id,
            )
            .limit(limit)
        )
        result = db.session.execute(stmt).all()
        if result:
            rows = [Row._make(columns[:width]) for columns in result]
            found.append(Unfinished(plan, rows, int(result[0][width])))
    return found


def open_counts(plan_id: int) -> dict[str, int]:
    """The plan's open assignments by status (the close form shows them)."""
    rows = db.session.execute(
        select(Assignment.status, func.count(Assignment.id))
        .join(Task, Task.id == Assignment.task_id)
        .where(*_open(plan_id))
        .group_by(Assignment.status)
    )
    return {status: n for status, n in rows}


@dataclass(frozen=True)
class OpenTask:
    """A task with open work (the close form lets each be marked not done instead)."""

    id: int
    title: str
    open: int


def open_tasks(plan_id: int) -> list[OpenTask]:
    """The plan's tasks with open work, in the plan's order, with how much."""
    rows = db.session.execute(
        select(Task.id, Task.title, func.count(Assignment.id))
        .join(Assignment, Assignment.task_id == Task.id)
        .where(*_open(plan_id))
        .group_by(Task.id, Task.title, Task.sort_order)
        .order_by(Task.sort_order, Task.id)
    )
    return [OpenTask(*row) for row in rows]


def closure(plan_id: int) -> PlanClosure | None:
    return db.session.get(PlanClosure, plan_id)


@dataclass(frozen=True)
class Closed:
    """What closing a plan did."""

    outcome: str
    changed: int
    into: Plan | None
    not_done: int = 0


def close_plan(
    plan_id: int, user: User, outcome: str, not_done_tasks: Collection[int] = ()
) -> Closed:
    """Close the plan: its open work carried into the later plan (``carry``; but the
    work of ``not_done_tasks`` marked not done) or all marked not done (``not_done``),
    each assignment with its history row and audit entry, the closing itself recorded
    (``plan_closure``, audit ``plan.close``). One transaction: refused (:class:`Invalid`,
    nothing written) when there is no later plan to carry into, the plan is already
    closed or the outcome is unknown."""
    if outcome not in CLOSE_OUTCOMES:
        raise Invalid(BAD_OUTCOME)
    when = utcnow()
    with write_transaction():
        # The plan locked first: two closings wait for each other, the second refused.
        plan = db.session.get(Plan, plan_id, with_for_update=True, populate_existing=True)
        if plan is None:
            raise LookupError(plan_id)
        if plan.state == "closed":
            raise Invalid(ALREADY_CLOSED)
        if not policy.can_close_plan(plan, user):
            raise NotAllowed
        into = later_plan(plan) if outcome == "carry" else None
        if outcome == "carry" and into is None:
            raise Invalid(NO_LATER_PLAN)
        held = lock(
            Assignment.task_id.in_(select(Task.id).where(Task.plan_id == plan.id)),
            Assignment.active.is_(True),
            Assignment.status.in_(OPEN_STATUSES),
        )
        dropped = [a for a in held if into is None or a.task_id in not_done_tasks]
        if into is not None:
            _carry(plan, into, [a for a in held if a.task_id not in not_done_tasks], user.id, when)
        note = record_text(NOT_DONE) % {"year": plan.year}
        for a in dropped:
            change(a, user.id, when, "assignment.not_done", note, status="cancelled")
        plan.state = "closed"
        db.session.add(
            PlanClosure(
                plan_id=plan.id,
                closed_at=when,
                closed_by_id=user.id,
                outcome=outcome,
                into_plan_id=into.id if into else None,
                open_items=len(held),
            )
        )
        after: dict[str, Any] = {"state": "closed", "outcome": outcome, "open_items": len(held)}
        if into is not None:
            after["into_plan_id"] = into.id
            if dropped:
                after["not_done_items"] = len(dropped)
        record(user.id, "plan.close", "plan", plan.id, {"state": "active"}, after)
    return Closed(outcome, len(held), into, len(dropped))


def _carry(plan: Plan, into: Plan, held: list[Held], author_id: int, when: Any) -> None:
    """A task in ``into`` per task of ``held`` (in the plan's order, after its own tasks)
    and an assignment there per held one, starting from its state; the held ones keep
    their state, with a history row saying where the work went."""
    task_ids = {a.task_id for a in held}
    tasks = list(
        db.session.scalars(
            select(Task).where(Task.id.in_(task_ids)).order_by(Task.sort_order, Task.id)
        )
    )
    order = db.session.scalar(select(func.max(Task.sort_order)).where(Task.plan_id == into.id))
    new_task: dict[int, int] = {}
    for n, old in enumerate(tasks, start=(order or 0) + 1):
        task = Task(
            plan_id=into.id,
            organisation_id=old.organisation_id,
            title=old.title,
            text=old.text,
            sort_order=n,
            due_date=old.due_date,
            source_lines="",
        )
        db.session.add(task)
        db.session.flush()
        db.session.add(CarriedTask(task_id=task.id, carried_from_id=old.id))
        # Its supporting organisations go with it (issue 19.2).
        db.session.execute(
            insert(TaskSupporter).from_select(
                ["task_id", "organisation_id"],
                select(literal(task.id), TaskSupporter.organisation_id).where(
                    TaskSupporter.task_id == old.id
                ),
            )
        )
        new_task[old.id] = task.id
    out_note = record_text(CARRIED_OUT) % {"year": plan.year, "into": into.year}
    in_note = record_text(CARRIED_IN) % {"year": plan.year}
    for a in held:
        new_id = create(
            author_id,
            when,
            task_id=new_task[a.task_id],
            organisation_id=a.organisation_id,
            branch_id=a.branch_id,
            due_date=a.due_date,
            responsible=a.responsible,
            tell=False,
        )
        db.session.add(CarriedAssignment(assignment_id=new_id, carried_from_id=a.id))
        fresh = Held(
            new_id,
            new_task[a.task_id],
            a.organisation_id,
            a.branch_id,
            "not_started",
            0,
            a.due_date,
            a.responsible,
            True,
            1,
        )
        change(
            fresh,
            author_id,
            when,
            "assignment.carry_in",
            in_note,
            status=a.status,
            progress=a.progress,
        )
        change(a, author_id, when, "assignment.carry_out", out_note)
    db.session.flush()


@dataclass(frozen=True)
class Link:
    """An assignment or task this one carries on, or is carried on by (its page links it)."""

    id: int
    year: int


def carried_links(assignment_id: int) -> dict[str, Link | None]:
    """The assignment this one carries on (``from``) and the one carrying it on (``to``),
    each with its plan's year."""

    def one(mine: Any, other: Any) -> Link | None:
        row = db.session.execute(
            select(other, Plan.year)
            .select_from(CarriedAssignment)
            .join(Assignment, Assignment.id == other)
            .join(Task, Task.id == Assignment.task_id)
            .join(Plan, Plan.id == Task.plan_id)
            .where(mine == assignment_id)
        ).first()
        return Link(row[0], row[1]) if row else None

    return {
        "from": one(CarriedAssignment.assignment_id, CarriedAssignment.carried_from_id),
        "to": one(CarriedAssignment.carried_from_id, CarriedAssignment.assignment_id),
    }


def carried_task_from(task_ids: list[int]) -> dict[int, Link]:
    """For tasks of a plan carried on from earlier ones: the earlier task, by task id."""
    if not task_ids:
        return {}
    rows = db.session.execute(
        select(CarriedTask.task_id, CarriedTask.carried_from_id, Plan.year)
        .join(Task, Task.id == CarriedTask.carried_from_id)
        .join(Plan, Plan.id == Task.plan_id)
        .where(CarriedTask.task_id.in_(task_ids))
    )
    return {tid: Link(from_id, year) for tid, from_id, year in rows}
