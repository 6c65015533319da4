"""The organisation matrix: its tasks × branches, a cell per assignment of a branch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Date, bindparam, select

from ...extensions import db
from ...models import Assignment, Block, Branch, Task
from ...scope import Scope
from ...status import overdue_grade_column, overdue_grade_limits
from .scopes import active_in
from .summaries import kept, percent


class MatrixTask(NamedTuple):
    """A task as the matrix names it."""

    id: int
    title: str


class MatrixBranch(NamedTuple):
    """A branch as the matrix heads its column: by its block's number."""

    id: int
    name: str
    block_number: int | None


MatrixCell = Sequence[Any]
"""A branch's assignment of a task as its cell shows it: status (colour), progress
(number), how late (0 on time, 1–3: :func:`~wardtasks.status.overdue_grade`) and the
assignment's id (the cell's link), then its task and branch; the row as the database
gave it (:data:`_CELLS`), as a tuple, which the template unpacks. The status is empty
where the task is not given to the branch.

``_matrix.html`` writes cells unescaped: the status is one of STATUSES (the
``status_known`` constraint) or empty, the progress and the rest ints; nothing typed by
a user."""

NOT_ASSIGNED: MatrixCell = ("", 0, 0, 0, 0, 0)


@dataclass
class MatrixRow:
    """A task's line of the organisation matrix, a cell per branch, and its completion
    in per cent."""

    task: MatrixTask
    cells: list[MatrixCell]
    percent_done: int
    overdue: int = 0  # its overdue branch-level assignments (the phone's per-task view)
    worst: int = 0  # the worst overdue grade among them


@dataclass
class Matrix:
    """An organisation's tasks × branches, with completion per task and per branch."""

    tasks: list[MatrixTask]
    branches: list[MatrixBranch]
    rows: list[MatrixRow]
    branch_percent_done: list[int]


# The matrix's three statements, built once (a statement of fixed shape, as
# tasks/queries/rows.py explains); run with :func:`_values`.
_TASKS = (
    select(Task.id, Task.title)
    .where(Task.plan_id == bindparam("plan_id"), Task.organisation_id == bindparam("org_id"))
    .order_by(Task.sort_order, Task.id)
)
_BRANCHES = (
    select(Branch.id, Branch.name, Block.number)
    .outerjoin(Block, Block.id == Branch.block_id)
    .where(Branch.organisation_id == bindparam("org_id"), Branch.active.is_(True))
    .order_by(Branch.sort_order, Branch.id)
)
_LATE_BEFORE = (bindparam("late3_before", type_=Date), bindparam("late2_before", type_=Date))
_CELLS = (
    select(
        Assignment.status,
        Assignment.progress,
        overdue_grade_column(bindparam("today", type_=Date), _LATE_BEFORE),
        Assignment.id,
        Assignment.task_id,
        Assignment.branch_id,
    )
    .join(Task, Task.id == Assignment.task_id)
    .where(
        *active_in(bindparam("plan_id"), Scope("org"), bindparam("org_id")),
        Task.organisation_id == bindparam("org_id"),
        Assignment.branch_id.is_not(None),
    )
)
"""The organisation's branch-level assignments of the plan, each a cell as it is shown
(:data:`MatrixCell`) followed by its task and branch; the grade in SQL
(:func:`~wardtasks.status.overdue_grade_column`: a thousand due dates are otherwise
parsed and graded in Python); fetched at once, through Core (a thousand rows and more at
scale: the ORM's per-row handling cost as much as the query)."""


def _values(org_id: int, plan_id: int, today: date) -> dict[str, Any]:
    late3, late2 = overdue_grade_limits(today)
    return {
        "org_id": org_id,
        "plan_id": plan_id,
        "today": today,
        "late3_before": late3,
        "late2_before": late2,
    }


def organisation_matrix(org_id: int, plan_id: int | None, today: date) -> Matrix:
    """The organisation's matrix of the plan on ``today`` (overdue grades count days),
    kept as the page's counters are (:func:`~.summaries.kept`): it is the same for
    everyone who may open the page, and counting its thousand cells and more again on
    every visit was a fifth of the organisation page's work (the leader's page, one-year
    scale ward, in process: 92.3 -> 72.2 M instructions,
    bench/results/2026-12-07-instructions-instr.md)."""
    if plan_id is None:
        return Matrix([], [], [], [])
    return kept(
        "matrix",
        f"{org_id}:{plan_id}:{today.isoformat()}",
        lambda: _count_matrix(org_id, plan_id, today),
    )


def _count_matrix(org_id: int, plan_id: int, today: date) -> Matrix:
    """Three queries: the tasks, the branches and the branch-level assignments of them.

    Plain columns, no ORM objects, and the cells put in their place in one pass: at
    scale 30 tasks, 40 branches and a thousand cells. Branch and task are named by the
    table's headers, the colours by its legend (``templates/tasks/_matrix.html``)."""
    values = _values(org_id, plan_id, today)
    connection = db.session.connection()
    tasks = [MatrixTask(*t) for t in connection.execute(_TASKS, values).all()]
    branches = [MatrixBranch(*b) for b in connection.execute(_BRANCHES, values).all()]
    # One pass over the cells fills each task's line and counts completion. A task's
    # completion counts every branch-level assignment, a closed branch's too; a branch's is
    # shown for the branches with a column. Plain dicts, lists and the rows as they come:
    # at scale this loop runs a thousand times and more, and with Counters and a
    # NamedTuple per cell it cost three times as much (the leader's matrix, one-year
    # scale ward, in process: 102.5 -> 98.4 M instructions per request).
    column = {b.id: i for i, b in enumerate(branches)}
    cells: dict[int, list[MatrixCell]] = {t.id: [NOT_ASSIGNED] * len(branches) for t in tasks}
    done, total = dict.fromkeys(cells, 0), dict.fromkeys(cells, 0)
    late, worst = dict.fromkeys(cells, 0), dict.fromkeys(cells, 0)
    branch_done, branch_total = [0] * len(branches), [0] * len(branches)
    for cell in connection.execute(_CELLS, values).all():
        status, _, grade, _, task_id, branch_id = cell
        total[task_id] += 1
        if status == "done":
            done[task_id] += 1
        i = column.get(branch_id)
        if i is not None:
            branch_total[i] += 1
            if status == "done":
                branch_done[i] += 1
            cells[task_id][i] = tuple(cell)  # kept: a plain tuple pickles lightly
            if grade:
                late[task_id] += 1
                if grade > worst[task_id]:
                    worst[task_id] = grade
    rows = [
        MatrixRow(t, cells[t.id], percent(done[t.id], total[t.id]), late[t.id], worst[t.id])
        for t in tasks
    ]
    percents = [percent(n, of) for n, of in zip(branch_done, branch_total, strict=True)]
    return Matrix(tasks, branches, rows, percents)
