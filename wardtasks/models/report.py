"""Monthly reports: closed months (chốt số liệu) and the report settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import partial_index, utcnow
from .plan import Plan
from .user import User


class MonthClose(db.Model):  # type: ignore[name-defined]
    """One closing of a month of a plan, with the figures frozen at that moment.

    Reopening fills the ``reopened_*`` columns of the row; closing again adds a
    new row, so the table is the month's whole close/reopen history. At most one
    row per plan and month is open (``reopened_at`` NULL): that one is in force.
    """

    __tablename__ = "month_close"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    # The report's data for the whole ward as JSON (see reports.snapshot.build_snapshot).
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
    reopened_by: Mapped[User | None] = relationship(foreign_keys=[reopened_by_id])

    __table_args__ = (
        CheckConstraint("month BETWEEN 1 AND 12", name="month_range"),
        CheckConstraint(
            "(reopened_at IS NULL AND reopened_by_id IS NULL AND reopen_reason IS NULL) OR "
            "(reopened_at IS NOT NULL AND reopened_by_id IS NOT NULL AND reopen_reason <> '')",
            name="reopen_complete",
        ),
        partial_index(
            "uq_month_close_in_force",
            "plan_id",
            "year",
            "month",
            where="reopened_at IS NULL",
            unique=True,
        ),
    )


class WardSetting(db.Model):  # type: ignore[name-defined]
    """A setting the secretariat edits in the app (ward name, signer …), by key."""

    __tablename__ = "ward_setting"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )
