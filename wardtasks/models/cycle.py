"""The monthly reporting cycle (báo cáo định kỳ): each branch's and each organisation's
report of a month, and every submission of it, frozen."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import in_list, partial_index, utcnow
from .structure import Branch, Organisation
from .user import User

# draft -> submitted -> accepted, or submitted -> returned -> submitted again
REPORT_STATES = ("draft", "submitted", "returned", "accepted")
SUBMISSION_OUTCOMES = ("accepted", "returned")
# The four texts a report's author writes (Kết quả, Khó khăn vướng mắc, Kiến nghị đề xuất,
# Phương hướng tháng tới), in the order they are shown and exported.
REPORT_TEXTS = ("results", "difficulties", "proposals", "direction")


class PeriodicReport(db.Model):  # type: ignore[name-defined]
    """A branch's (``branch_id`` set) or an organisation's (``branch_id`` NULL) report of
    one month: its state and the texts being written. What was sent is in its
    :class:`ReportSubmission` rows, never changed once written."""

    __tablename__ = "periodic_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), default="draft")
    results: Mapped[str] = mapped_column(Text, default="")
    difficulties: Mapped[str] = mapped_column(Text, default="")
    proposals: Mapped[str] = mapped_column(Text, default="")
    direction: Mapped[str] = mapped_column(Text, default="")
    # Two people saving the same draft at once: the second is told, not overwritten.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )

    organisation: Mapped[Organisation] = relationship()
    branch: Mapped[Branch | None] = relationship()
    # Deleted with the report (the foreign key cascades; the ORM leaves it to the database).
    submissions: Mapped[list[ReportSubmission]] = relationship(
        back_populates="report",
        order_by="ReportSubmission.number",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        CheckConstraint("month BETWEEN 1 AND 12", name="month_range"),
        CheckConstraint(in_list("state", REPORT_STATES), name="state_known"),
        partial_index(
            "uq_periodic_report_branch_month",
            "branch_id",
            "year",
            "month",
            where="branch_id IS NOT NULL",
            unique=True,
        ),
        partial_index(
            "uq_periodic_report_organisation_month",
            "organisation_id",
            "year",
            "month",
            where="branch_id IS NULL",
            unique=True,
        ),
        Index("ix_periodic_report_month", "year", "month"),
    )

    @property
    def latest(self) -> ReportSubmission | None:
        """The last submission, if any."""
        return self.submissions[-1] if self.submissions else None


class ReportSubmission(db.Model):  # type: ignore[name-defined]
    """One sending of a report: its texts and figures as they were then (append-only but
    for its review, written once: accepted or returned with a comment)."""

    __tablename__ = "report_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("periodic_report.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)  # 1 for the first sending, 2 …
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    results: Mapped[str] = mapped_column(Text, default="")
    difficulties: Mapped[str] = mapped_column(Text, default="")
    proposals: Mapped[str] = mapped_column(Text, default="")
    direction: Mapped[str] = mapped_column(Text, default="")
    # The report's snapshot for its scope at submission (reports.snapshot), as JSON.
    figures: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(20))
    reviewed_at: Mapped[datetime | None] = mapped_column()
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    comment: Mapped[str] = mapped_column(Text, default="")

    report: Mapped[PeriodicReport] = relationship(back_populates="submissions")
    submitted_by: Mapped[User] = relationship(foreign_keys=[submitted_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    __table_args__ = (
        CheckConstraint(
            "outcome IS NULL OR " + in_list("outcome", SUBMISSION_OUTCOMES), name="outcome_known"
        ),
        CheckConstraint(
            "(outcome IS NULL AND reviewed_at IS NULL AND reviewed_by_id IS NULL) OR "
            "(outcome IS NOT NULL AND reviewed_at IS NOT NULL AND reviewed_by_id IS NOT NULL)",
            name="review_complete",
        ),
        CheckConstraint(
            "outcome IS NULL OR outcome <> 'returned' OR comment <> ''", "why_returned"
        ),
        Index("uq_report_submission_number", "report_id", "number", unique=True),
    )
