"""Notices: what the app tells a user (a report returned, work given, a due date near).

A notice is written by the same transaction as the change it tells of
(:func:`wardtasks.notices.notify`), shown under the bell until its user marks it read,
and sent once in a daily e-mail digest to users who asked for one (``mailed_at``).
Its text is not stored: ``kind`` and ``params`` are, and the words are made when it is
shown, in the reader's language (:func:`wardtasks.notices.kinds.notice_text`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow


class Notice(db.Model):  # type: ignore[name-defined]
    """One notice to one user."""

    __tablename__ = "notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    # JSON object of str / int values: the words the kind's text needs (a month, a name).
    params: Mapped[str] = mapped_column(Text, default="{}")
    # A same-site path (``/assignments/12``), never a full URL.
    link: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column()
    mailed_at: Mapped[datetime | None] = mapped_column()

    __table_args__ = (
        # The bell's count and the list: a user's notices, unread first, newest first.
        Index("ix_notice_user_id_read_at", "user_id", "read_at"),
    )


class NoticeDue(db.Model):  # type: ignore[name-defined]
    """A due-date notice already produced for an assignment: one per assignment, kind and
    due date, so the daily step is idempotent and a moved due date warns again."""

    __tablename__ = "notice_due"

    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignment.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    due_date: Mapped[date] = mapped_column(Date, primary_key=True)


class DigestRun(db.Model):  # type: ignore[name-defined]
    """One run of ``flask send-digests``: what it sent and, when the mail server failed,
    the error — shown to the secretariat under Quản trị."""

    __tablename__ = "digest_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
