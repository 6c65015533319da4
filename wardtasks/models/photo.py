"""Evidence photos attached to a status update (files under instance/photos/)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow
from .plan import Assignment, StatusUpdate, Task
from .user import User


class EvidencePhoto(db.Model):  # type: ignore[name-defined]
    """One re-encoded photo (and its thumbnail) of a status update."""

    __tablename__ = "evidence_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    status_update_id: Mapped[int] = mapped_column(
        ForeignKey("status_update.id", ondelete="RESTRICT"), index=True
    )
    # Denormalised from the status update: permission checks need only this row.
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignment.id", ondelete="RESTRICT"), index=True
    )
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Generated names (random hex + .jpg), relative to the photo folder; never the upload's.
    file_name: Mapped[str] = mapped_column(String(80), unique=True)
    thumb_name: Mapped[str] = mapped_column(String(80), unique=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(Integer)

    status_update: Mapped[StatusUpdate] = relationship()
    assignment: Mapped[Assignment] = relationship()
    uploaded_by: Mapped[User] = relationship()

    __table_args__ = (CheckConstraint("width > 0 AND height > 0", name="dimensions_positive"),)


class TaskNotePhoto(db.Model):  # type: ignore[name-defined]
    """One re-encoded photo (and its thumbnail) of a supporting organisation's note."""

    __tablename__ = "task_note_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_note_id: Mapped[int] = mapped_column(
        ForeignKey("task_note.id", ondelete="RESTRICT"), index=True
    )
    # Denormalised from the note: permission checks need only this row.
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="RESTRICT"), index=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    file_name: Mapped[str] = mapped_column(String(80), unique=True)
    thumb_name: Mapped[str] = mapped_column(String(80), unique=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(Integer)

    task: Mapped[Task] = relationship()

    __table_args__ = (CheckConstraint("width > 0 AND height > 0", name="dimensions_positive"),)
