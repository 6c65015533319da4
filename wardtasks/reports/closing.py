"""Closing a month (chốt số liệu) freezes its figures; reopening records who, when and why."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..audit import record
from ..database import write_transaction
from ..dates import month_has_ended
from ..extensions import db
from ..models import MonthClose, Plan, User
from ..models.base import utcnow
from ..refusals import Refused
from ..scope import Scope
from .snapshot import build_snapshot


class ReportError(Refused):
    """A request the report services refuse; the message is for the user."""


def month_in_force(plan_id: int, year: int, month: int) -> MonthClose | None:
    """The close in force for the month, if the month is closed."""
    return in_force(month_history(plan_id, year, month))


def month_history(plan_id: int, year: int, month: int) -> list[MonthClose]:
    """Every close (and reopening) of the month, newest first."""
    return list(
        db.session.scalars(
            select(MonthClose)
            .options(joinedload(MonthClose.closed_by), joinedload(MonthClose.reopened_by))
            .where(
                MonthClose.plan_id == plan_id,
                MonthClose.year == year,
                MonthClose.month == month,
            )
            .order_by(MonthClose.id.desc())
        )
    )


def in_force(history: list[MonthClose]) -> MonthClose | None:
    """The close in force among a month's closes (:func:`month_history`), if any: the
    one not reopened (a month has at most one)."""
    return next((closed for closed in history if closed.reopened_at is None), None)


def close_month(plan: Plan, year: int, month: int, user: User, message: Any) -> MonthClose:
    """Freeze the month's figures for the whole ward (chốt số liệu).

    ``message`` maps an error key to its translated text (the services stay free
    of request state): ``not_ended``, ``outside_plan``, ``already_closed``.
    """
    user_id = user.id
    if year != plan.year:
        raise ReportError(message["outside_plan"])
    if not month_has_ended(year, month):
        raise ReportError(message["not_ended"])
    try:
        with write_transaction():
            if month_in_force(plan.id, year, month) is not None:
                raise ReportError(message["already_closed"])
            snapshot = build_snapshot(plan, year, month, Scope("ward"))
            closed = MonthClose(
                plan_id=plan.id,
                year=year,
                month=month,
                figures=json.dumps(snapshot, ensure_ascii=False, sort_keys=True),
                closed_at=utcnow().replace(microsecond=0),
                closed_by_id=user_id,
            )
            db.session.add(closed)
            db.session.flush()
            record(
                user_id, "month.close", "month_close", closed.id, None, _month(plan.id, year, month)
            )
    except IntegrityError as exc:  # closed by someone else at the same moment
        raise ReportError(message["already_closed"]) from exc
    return closed


def reopen_month(
    plan: Plan, year: int, month: int, user: User, reason: str, message: Any
) -> MonthClose:
    """Reopen a closed month, recording who, when and why."""
    reason = reason.strip()
    if not reason:
        raise ReportError(message["reason_required"])
    user_id, plan_id = user.id, plan.id
    with write_transaction():
        closed = month_in_force(plan_id, year, month)
        if closed is None:
            raise ReportError(message["not_closed"])
        # All three at once: the row's CHECK wants a reopening complete.
        closed.reopened_at, closed.reopened_by_id, closed.reopen_reason = (
            utcnow().replace(microsecond=0),
            user_id,
            reason,
        )
        after = {**_month(plan_id, year, month), "reason": reason}
        record(user_id, "month.reopen", "month_close", closed.id, None, after)
    return closed


def _month(plan_id: int, year: int, month: int) -> dict[str, Any]:
    """What an audit entry says of a month: its plan and the month as yyyy-mm."""
    return {"plan_id": plan_id, "month": f"{year:04d}-{month:02d}"}
