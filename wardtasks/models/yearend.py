"""The year boundary: a plan's closing, and work carried from a closed plan into a later one.

Kept in tables of their own (not columns of plan, task and assignment): SQLite adds a
column with a named foreign key only by copying the table, which its cascades make
unsafe for the plan table, and these rows are written once per plan and per carried
item, read on few pages.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import in_list, utcnow
from .user import User

CLOSE_OUTCOMES = ("carry", "not_done")


class PlanClosure(db.Model):  # type: ignore[name-defined]
    """A plan closed by the secretariat (its state is then "closed"): when, by whom, and
    what became of its open work (``carry``: into ``into_plan_id``; ``not_done``)."""

    __tablename__ = "plan_closure"

    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plan.id", ondelete="RESTRICT"), primary_key=True
    )
    closed_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    outcome: Mapped[str] = mapped_column(String(10))
    into_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="RESTRICT"))
    # How many open assignments the plan had when it closed.
    open_items: Mapped[int] = mapped_column(Integer, default=0)

    closed_by: Mapped[User] = relationship()

    __table_args__ = (CheckConstraint(in_list("outcome", CLOSE_OUTCOMES), name="outcome_known"),)


class CarriedTask(db.Model):  # type: ignore[name-defined]
    """A task of a later plan carrying on the open work of an earlier plan's task."""

    __tablename__ = "carried_task"

    task_id: Mapped[int] = mapped_column(
        ForeignKey("task.id", ondelete="RESTRICT"), primary_key=True
    )
    carried_from_id: Mapped[int] = mapped_column(
        ForeignKey("task.id", ondelete="RESTRICT"), unique=True
    )


class CarriedAssignment(db.Model):  # type: ignore[name-defined]
    """An assignment carrying on an earlier plan's open assignment (each carried once)."""

    __tablename__ = "carried_assignment"

    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignment.id", ondelete="RESTRICT"), primary_key=True
    )
    carried_from_id: Mapped[int] = mapped_column(
        ForeignKey("assignment.id", ondelete="RESTRICT"), unique=True
    )
