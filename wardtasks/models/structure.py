"""Organisations, residential blocks and branches."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow


class Organisation(db.Model):  # type: ignore[name-defined]
    """A mass organisation of the ward (Ủy ban MTTQ, Đoàn Thanh niên, Hội CCB …)."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(60))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    branches: Mapped[list[Branch]] = relationship(
        back_populates="organisation", order_by="Branch.sort_order"
    )

    __table_args__ = (CheckConstraint("code <> ''", name="code_not_empty"),)


class Block(db.Model):  # type: ignore[name-defined]
    """A residential block (khối / tổ dân phố) of the ward."""

    __tablename__ = "block"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (CheckConstraint("number > 0", name="number_positive"),)


class Branch(db.Model):  # type: ignore[name-defined]
    """One organisation's branch, usually in one block (chi hội, chi đoàn, ban CTMT)."""

    __tablename__ = "branch"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    block_id: Mapped[int | None] = mapped_column(
        ForeignKey("block.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # When it was added from the admin screens; NULL: there from the ward's start (the
    # monthly cycle counts it only in the months it existed at the deadline of).
    created_at: Mapped[datetime | None] = mapped_column()

    organisation: Mapped[Organisation] = relationship(back_populates="branches")
    block: Mapped[Block | None] = relationship()

    __table_args__ = (UniqueConstraint("organisation_id", "name"),)
