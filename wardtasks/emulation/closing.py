"""Closing an emulation period (its ranking frozen) and reopening it, like a month."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..database import write_transaction
from ..extensions import db
from ..models import EmulationClose, Plan, User
from ..models.base import utcnow
from ..refusals import Invalid
from .scores import Period, Ranking, rank
from .weights import weights


class PeriodRefused(Invalid):
    """A close or reopening the services refuse; the message is for the user."""


def period_in_force(plan_id: int, key: str) -> EmulationClose | None:
    """The close in force for the period, if it is closed."""
    return db.session.scalar(
        select(EmulationClose).where(
            EmulationClose.plan_id == plan_id,
            EmulationClose.period == key,
            EmulationClose.reopened_at.is_(None),
        )
    )


def ranking_of(
    plan: Plan, period: Period, now: datetime | None = None
) -> tuple[Ranking, EmulationClose | None]:
    """The period's ranking: frozen when the period is closed, else computed now with the
    current weights."""
    closed = period_in_force(plan.id, period.key)
    if closed is not None:
        return Ranking.from_json(json.loads(closed.figures)), closed
    return rank(plan, period, weights(), now), None


def close_period(
    plan: Plan, period: Period, user: User, messages: dict[str, str], now: datetime | None = None
) -> EmulationClose:
    """Freeze the period's ranking with the weights in force (``messages``: ``not_ended``,
    ``already_closed``)."""
    if period.end > (now or utcnow()):
        raise PeriodRefused(messages["not_ended"])
    user_id = user.id
    try:
        with write_transaction():
            if period_in_force(plan.id, period.key) is not None:
                raise PeriodRefused(messages["already_closed"])
            ranking = rank(plan, period, weights(), now)
            closed = EmulationClose(
                plan_id=plan.id,
                period=period.key,
                figures=json.dumps(ranking.as_json(), ensure_ascii=False, sort_keys=True),
                closed_at=utcnow().replace(microsecond=0),
                closed_by_id=user_id,
            )
            db.session.add(closed)
            db.session.flush()
            what = {"plan_id": plan.id, "period": period.key}
            record(user_id, "emulation.close", "emulation_close", closed.id, None, what)
    except IntegrityError as exc:  # closed by someone else at the same moment
        raise PeriodRefused(messages["already_closed"]) from exc
    return closed


def reopen_period(
    plan: Plan, period: Period, user: User, reason: str, messages: dict[str, str]
) -> None:
    """Reopen a closed period, recording who, when and why (``messages``:
    ``reason_required``, ``not_closed``)."""
    reason = reason.strip()
    if not reason:
        raise PeriodRefused(messages["reason_required"], field="reason")
    user_id, plan_id = user.id, plan.id
    with write_transaction():
        closed = period_in_force(plan_id, period.key)
        if closed is None:
            raise PeriodRefused(messages["not_closed"])
        closed.reopened_at, closed.reopened_by_id, closed.reopen_reason = (
            utcnow().replace(microsecond=0),
            user_id,
            reason,
        )
        what = {"plan_id": plan_id, "period": period.key, "reason": reason}
        record(user_id, "emulation.reopen", "emulation_close", closed.id, None, what)
