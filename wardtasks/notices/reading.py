"""Reading and marking a user's notices: the bell's count, the list, marking read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update

from ..database import write_transaction
from ..extensions import db
from ..models import Notice
from ..models.base import utcnow
from .kinds import notice_text, read_params

PER_PAGE = 30

_n = Notice.__table__.c


def unread_of(user_id: Any) -> Any:
    """How many notices ``user_id`` (a bound value or a correlated column) has not read,
    as a scalar subquery: the user's load carries the bell's count (auth.load_user)."""
    return (
        select(func.count())
        .select_from(Notice.__table__)
        .where(_n.user_id == user_id, _n.read_at.is_(None))
        .scalar_subquery()
    )


# Built once: every full page asks it for the bell (the index on user and read time).
_UNREAD = select(unread_of(bindparam("uid")))


def unread_count(user_id: int) -> int:
    """How many notices ``user_id`` has not read."""
    return int(db.session.connection().scalar(_UNREAD, {"uid": user_id}) or 0)


@dataclass(frozen=True)
class Shown:
    """A notice as the list shows it: its words in the reader's language."""

    id: int
    text: str
    link: str
    created_at: datetime
    read: bool


def shown(notice: Notice) -> Shown:
    return Shown(
        notice.id,
        notice_text(notice.kind, read_params(notice.params)),
        notice.link,
        notice.created_at,
        notice.read_at is not None,
    )


@dataclass(frozen=True)
class NoticePage:
    items: list[Shown]
    page: int
    has_older: bool


def notice_page(user_id: int, page: int) -> NoticePage:
    """Page ``page`` (from 1) of the user's notices, newest first."""
    query = (
        select(Notice)
        .where(Notice.user_id == user_id)
        .order_by(Notice.created_at.desc(), Notice.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE + 1)
    )
    rows = list(db.session.scalars(query))
    return NoticePage([shown(n) for n in rows[:PER_PAGE]], page, len(rows) > PER_PAGE)


def mark_read(user_id: int, notice_id: int | None = None) -> int:
    """Mark one notice of ``user_id`` read (``notice_id``), or all of them; returns how many
    changed. The user is in the condition: nobody marks another's notices."""
    where = [Notice.user_id == user_id, Notice.read_at.is_(None)]
    if notice_id is not None:
        where.append(Notice.id == notice_id)
    with write_transaction(expire=False):
        result = db.session.execute(update(Notice).where(*where).values(read_at=utcnow()))
    return int(result.rowcount)  # type: ignore[attr-defined]
