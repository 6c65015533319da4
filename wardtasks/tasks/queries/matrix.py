"""The organisation matrix: its tasks × branches, a cell per assignment of a branch."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import case, select

from ...extensions import db
from ...models import Assignment, Block, Branch, Task
from ...scope import Scope
from ...status import overdue_clause
from .scopes import base
from .summaries import percent


class MatrixTask(NamedTuple):
    """A task as the matrix names it."""

    id: int
    title: str


class MatrixBranch(NamedTuple):
    """A branch as the matrix heads its column: by its block's number."""

    id: int
    name: str
    block_number: int | None


class MatrixCell(NamedTuple):
    """A branch's assignment of a task, as its cell shows it (colour and number).

    ``_matrix.html`` writes cells unescaped: ``status`` is one of STATUSES (the
    ``status_known`` constraint) and ``progress`` an int; nothing typed by a user."""

    status: str
    progress: int
    overdue: bool


@dataclass
class MatrixRow:
    """A task's line of the organisation matrix, a cell per branch (None: not
    assigned there), and its completion in per cent."""

    task: MatrixTask
    cells: list[MatrixCell | None]
    percent_done: int


@dataclass
class Matrix:
    """An organisation's tasks × branches, with completion per task and per branch."""

    tasks: list[MatrixTask]
    branches: list[MatrixBranch]
    rows: list[MatrixRow]
    branch_percent_done: list[int]


def organisation_matrix(org_id: int, plan_id: int | None, today: date) -> Matrix:
    """Three queries: the tasks, the branches and the branch-level assignments of them.

    Plain columns, no ORM objects: at scale 30 tasks, 40 branches and a thousand cells.
    Branch and task are named by the table's headers, the colours by its legend
    (``templates/tasks/_matrix.html``)."""
    if plan_id is None:
        return Matrix([], [], [], [])
    tasks = [
        MatrixTask(*t)
        for t in db.session.execute(
            select(Task.id, Task.title)
            .where(Task.plan_id == plan_id, Task.organisation_id == org_id)
            .order_by(Task.sort_order, Task.id)
        )
    ]
    branches = [
        MatrixBranch(*b)
        for b in db.session.execute(
            select(Branch.id, Branch.name, Block.number)
            .outerjoin(Block, Block.id == Branch.block_id)
            .where(Branch.organisation_id == org_id, Branch.active.is_(True))
            .order_by(Branch.sort_order, Branch.id)
        )
    ]
    cells = _cells(org_id, plan_id, today)
    # Completion counts every branch-level assignment, a closed branch's too.
    done: Counter[tuple[str, int]] = Counter()
    total: Counter[tuple[str, int]] = Counter()
    for (task_id, branch_id), cell in cells.items():
        for key in (("task", task_id), ("branch", branch_id)):
            total[key] += 1
            done[key] += cell.status == "done"
    branch_ids = [b.id for b in branches]
    rows = [
        MatrixRow(
            t,
            [cells.get((t.id, bid)) for bid in branch_ids],
            percent(done["task", t.id], total["task", t.id]),
        )
        for t in tasks
    ]
    percents = [percent(done["branch", bid], total["branch", bid]) for bid in branch_ids]
    return Matrix(tasks, branches, rows, percents)


def _cells(org_id: int, plan_id: int, today: date) -> dict[tuple[int, int], MatrixCell]:
    """The cells of the organisation's branch-level assignments, by task and branch."""
    b = base(plan_id, Scope("org", org_id), visible_only=False)
    stmt = (
        select(
            Assignment.task_id,
            Assignment.branch_id,
            Assignment.status,
            Assignment.progress,
            case((overdue_clause(today), 1), else_=0),
        )
        .join(Task, Task.id == Assignment.task_id)
        .where(*b.clauses(), Task.organisation_id == org_id, Assignment.branch_id.is_not(None))
    )
    return {
        (task_id, branch_id): MatrixCell(status, int(progress), bool(overdue))
        for task_id, branch_id, status, progress, overdue in db.session.execute(stmt)
    }
