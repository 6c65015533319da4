"""Yearly plans, their tasks, the assignments of tasks to branches, and status history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    case,
    event,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import in_list, partial_index, utcnow
from .structure import Branch, Organisation
from .user import User

PLAN_STATES = ("draft", "active", "closed")
ASSIGNMENT_STATUSES = ("not_started", "in_progress", "done", "blocked", "cancelled")
# The rows of ix_status_update_done_moves; queries repeat it word for word (see the index).
DONE_MOVE = "status = 'done' OR from_status = 'done'"
# The rows of ix_status_update_active_moves (taking back, giving back), likewise.
ACTIVE_MOVE = "active <> from_active"


class Plan(db.Model):  # type: ignore[name-defined]
    """A year's key-task list (kế hoạch năm)."""

    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(300))
    source_text: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(10), default="draft")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )

    tasks: Mapped[list[Task]] = relationship(back_populates="plan", order_by="Task.sort_order")

    __table_args__ = (
        CheckConstraint(in_list("state", PLAN_STATES), name="state_known"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
    )


# An active plan before a closed or draft one.
ACTIVE_FIRST = case((Plan.state == "active", 0), else_=1)
# The order the pages take their plan in (the first): the newest active plan, else the
# newest one.
CURRENT_FIRST = (ACTIVE_FIRST, Plan.year.desc(), Plan.id.desc())


class Task(db.Model):  # type: ignore[name-defined]
    """One key task of a plan; ``organisation_id`` is its lead organisation (chủ trì), NULL
    for tasks shared by all; supporting organisations in ``task_supporter``."""

    __tablename__ = "task"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    due_date: Mapped[date | None] = mapped_column(Date)
    source_lines: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    plan: Mapped[Plan] = relationship(back_populates="tasks")
    organisation: Mapped[Organisation | None] = relationship()
    assignments: Mapped[list[Assignment]] = relationship(back_populates="task")
    # Supporting organisations (phối hợp), in the ward's order; written by
    # wardtasks.tasks.support only.
    supporters: Mapped[list[Organisation]] = relationship(
        secondary="task_supporter",
        order_by="(Organisation.sort_order, Organisation.id)",
        viewonly=True,
    )

    __table_args__ = (
        CheckConstraint("title <> ''", name="title_not_empty"),
        # Issue 7: a plan's tasks in page order, so lists join task -> assignment in order.
        Index("ix_task_plan_order", "plan_id", "sort_order"),
    )


class Assignment(db.Model):  # type: ignore[name-defined]
    """A task given to one branch, or kept at its organisation's level (``branch_id`` NULL)."""

    __tablename__ = "assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="RESTRICT"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    branch_id: Mapped[int | None] = mapped_column(
        ForeignKey("branch.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    progress: Mapped[int] = mapped_column(Integer, default=0)
    due_date: Mapped[date | None] = mapped_column(Date)
    responsible: Mapped[str] = mapped_column(String(120), default="")
    # Taken back from the branch: hidden from lists, history kept.
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped by every saved change; forms carry it to refuse stale saves.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )

    task: Mapped[Task] = relationship(back_populates="assignments")
    organisation: Mapped[Organisation] = relationship()
    branch: Mapped[Branch | None] = relationship()
    updated_by: Mapped[User | None] = relationship()
    updates: Mapped[list[StatusUpdate]] = relationship(
        back_populates="assignment", order_by="StatusUpdate.id"
    )

    __table_args__ = (
        CheckConstraint(in_list("status", ASSIGNMENT_STATUSES), name="status_known"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        CheckConstraint("version >= 1", name="version_positive"),
        # One assignment per task and branch, and one organisation-level one per task
        # and organisation (NULLs are distinct in a plain unique constraint).
        partial_index(
            "uq_assignment_task_branch",
            "task_id",
            "branch_id",
            where="branch_id IS NOT NULL",
            unique=True,
        ),
        partial_index(
            "uq_assignment_task_org_level",
            "task_id",
            "organisation_id",
            where="branch_id IS NULL",
            unique=True,
        ),
        # Issue 7 (bench/explain.py): without a full index on task_id, SQLite scans every
        # year's assignments to find one plan's; (task_id, organisation_id) also yields
        # list rows in page order. updated_at serves "recently updated" lists.
        Index("ix_assignment_task_org", "task_id", "organisation_id"),
        # Covers the counters: read in task order, grouped without sorting.
        Index(
            "ix_assignment_task_state", "task_id", "active", "organisation_id", "status", "due_date"
        ),
        Index("ix_assignment_updated_at", "updated_at"),
    )


class StatusUpdate(db.Model):  # type: ignore[name-defined]
    """One change of an assignment (append-only history, cập nhật tiến độ): its status,
    progress and due date before (``from_…``) and after the change, and its version
    after it. The state at any moment is the "after" of the latest row before it, or the
    "before" of the first row after it (the reports read months so)."""

    __tablename__ = "status_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed by (assignment_id, created_at) below.
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="RESTRICT"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    from_progress: Mapped[int | None] = mapped_column(Integer)
    progress: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    from_due_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    # Whether the assignment was given out (not taken back) before and after it: a past
    # month counts what was given out then (issue 16).
    from_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    # The assignment's version after this update.
    version: Mapped[int] = mapped_column(Integer)
    # The value of the task's target measure reported with this update (issue 19), if any:
    # a past month's actual is the latest value reported before its end.
    measured: Mapped[int | None] = mapped_column(Integer)

    assignment: Mapped[Assignment] = relationship(back_populates="updates")
    author: Mapped[User] = relationship()

    __table_args__ = (
        CheckConstraint(in_list("status", ASSIGNMENT_STATUSES), name="status_known"),
        CheckConstraint(
            f"from_status IS NULL OR {in_list('from_status', ASSIGNMENT_STATUSES)}",
            name="from_status_known",
        ),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        Index("ix_status_update_assignment_created", "assignment_id", "created_at"),
        # Issue 7: an assignment's latest update by id (latest note) without a sort.
        Index("ix_status_update_assignment_id", "assignment_id", "id"),
        # Issue 7: the moves into and out of done (the report's completion counts and
        # done dates), covered. A query uses it only when its WHERE repeats the condition.
        partial_index(
            "ix_status_update_done_moves",
            "assignment_id",
            "created_at",
            "status",
            "from_status",
            where=DONE_MOVE,
        ),
        # Issue 16: the moves out of and back into the plan (the chart's counts), covered.
        partial_index(
            "ix_status_update_active_moves",
            "assignment_id",
            "created_at",
            "active",
            "from_active",
            where=ACTIVE_MOVE,
        ),
    )


# The ``until_month`` of an assignment's latest month row: it holds from its month on.
STILL_HOLDS = 999999


class AssignmentMonth(db.Model):  # type: ignore[name-defined]
    """An assignment as it stood at the end of a month it changed in (the read model of
    the month reports, issue 16): the state its latest update of that Vietnam-local month
    left. Its state at the end of any month M is the row with ``month`` ≤ M <
    ``until_month`` (none: as it was given out), a range of one index
    (``ix_assignment_month_until``). Written with every history row
    (:mod:`..tasks.months`)."""

    __tablename__ = "assignment_month"

    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignment.id", ondelete="CASCADE"), primary_key=True
    )
    # Year * 100 + month, Vietnam-local (202503: March 2025).
    month: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(20))
    progress: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean)
    # When it last moved into done (None unless done).
    done_at: Mapped[datetime | None] = mapped_column()
    # The month's latest update (its note is the month's last note).
    update_id: Mapped[int] = mapped_column(ForeignKey("status_update.id", ondelete="CASCADE"))
    # The due date before the month's first update (the first row's is the due date the
    # assignment was given with).
    from_due_date: Mapped[date | None] = mapped_column(Date)
    # The month of the assignment's next row (STILL_HOLDS for its latest): this row is its
    # state at the end of every month from ``month`` to the one before ``until_month``.
    until_month: Mapped[int] = mapped_column(
        Integer, default=STILL_HOLDS, server_default=text(str(STILL_HOLDS))
    )

    __table_args__ = (
        CheckConstraint(in_list("status", ASSIGNMENT_STATUSES), name="status_known"),
        # A month's state of each assignment: the first entry of its with until_month > M
        # (the rows of one assignment do not overlap), read from the index alone (month
        # ≤ M and the state; SQLite then prefers it to the primary key's month range,
        # given figures for both or for neither: the migration analyses the table).
        Index(
            "ix_assignment_month_until",
            "assignment_id",
            "until_month",
            "month",
            "status",
            "progress",
            "due_date",
            "active",
            "done_at",
            "update_id",
        ),
    )


@event.listens_for(StatusUpdate.__table__, "after_create")
def _create_search_index(_table: Table, connection: Connection, **_kw: Any) -> None:
    """The full-text index of tasks, branches and notes, once their tables are there
    (``db.create_all()``: the status updates' table comes after the others; the
    migration creates it itself)."""
    from ..search.index import create_search_index

    create_search_index(connection)


class TaskSupporter(db.Model):  # type: ignore[name-defined]
    """A supporting organisation (phối hợp) of a task; its lead (chủ trì) is the task's
    ``organisation_id``. Supporters read the task and add notes to it; only the lead's
    assignments carry its status."""

    __tablename__ = "task_supporter"

    task_id: Mapped[int] = mapped_column(
        ForeignKey("task.id", ondelete="RESTRICT"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class TaskNote(db.Model):  # type: ignore[name-defined]
    """A supporting organisation's note on a task (what it did to help), with optional
    evidence photos: part of no assignment's history, so it moves no status."""

    __tablename__ = "task_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="RESTRICT"))
    # The supporting organisation the note speaks for, and its branch when a branch head
    # wrote it.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation] = relationship()
    branch: Mapped[Branch | None] = relationship()
    author: Mapped[User] = relationship()

    __table_args__ = (Index("ix_task_note_task_id", "task_id", "id"),)
