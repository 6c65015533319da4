"""Targets (chỉ tiêu) of tasks and closed emulation periods (thi đua)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import in_list, partial_index, utcnow
from .plan import Plan, Task
from .user import User

# Reach at least the value (members insured) or keep at most the value (poor households).
TARGET_DIRECTIONS = ("at_least", "at_most")


class Target(db.Model):  # type: ignore[name-defined]
    """A task's numeric target: a measure, its unit, a direction, the value each branch is
    to reach (``branch_value``) and/or the organisation as a whole (``organisation_value``),
    and the value it started from (``baseline``). Branches report the measure's value with
    their status updates (``StatusUpdate.measured``)."""

    __tablename__ = "task_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("task.id", ondelete="CASCADE"), unique=True, index=True
    )
    measure: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40), default="")
    direction: Mapped[str] = mapped_column(String(10), default="at_least")
    branch_value: Mapped[int | None] = mapped_column(Integer)
    organisation_value: Mapped[int | None] = mapped_column(Integer)
    baseline: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )

    task: Mapped[Task] = relationship()

    __table_args__ = (
        CheckConstraint(in_list("direction", TARGET_DIRECTIONS), name="direction_known"),
        CheckConstraint("measure <> ''", name="measure_not_empty"),
        CheckConstraint(
            "branch_value IS NOT NULL OR organisation_value IS NOT NULL", name="has_a_value"
        ),
    )


class EmulationClose(db.Model):  # type: ignore[name-defined]
    """One closing of an emulation period of a plan (``period``: ``year``, ``q1``–``q4`` or
    ``m01``–``m12``) with its ranking and weights frozen, like :class:`MonthClose`:
    reopening fills ``reopened_*``; at most one row per plan and period is in force."""

    __tablename__ = "emulation_close"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(8))
    figures: Mapped[str] = mapped_column(Text)
    closed_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    reopened_at: Mapped[datetime | None] = mapped_column()
    reopened_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    reopen_reason: Mapped[str | None] = mapped_column(Text)

    plan: Mapped[Plan] = relationship()
    closed_by: Mapped[User] = relationship(foreign_keys=[closed_by_id])

    __table_args__ = (
        CheckConstraint(
            "(reopened_at IS NULL AND reopened_by_id IS NULL AND reopen_reason IS NULL) OR "
            "(reopened_at IS NOT NULL AND reopened_by_id IS NOT NULL AND reopen_reason <> '')",
            name="reopen_complete",
        ),
        partial_index(
            "uq_emulation_close_in_force",
            "plan_id",
            "period",
            where="reopened_at IS NULL",
            unique=True,
        ),
    )
