"""The criteria's weights, set by the secretariat (stored as ward settings)."""

from __future__ import annotations

from sqlalchemy import select

from ..audit import record
from ..database import one_writer_at_a_time, write_transaction
from ..extensions import db
from ..models import User, WardSetting
from ..models.base import utcnow
from .scores import CRITERIA

PREFIX = "emulation_weight_"
WEIGHT_LIMIT = 100  # weights are whole numbers in [-100, 100]


def weights() -> dict[str, int]:
    """Each criterion's weight: the one saved, else its default."""
    keys = [PREFIX + c.key for c in CRITERIA]
    saved = {
        s.key: s.value
        for s in db.session.scalars(select(WardSetting).where(WardSetting.key.in_(keys)))
    }
    result = {}
    for c in CRITERIA:
        value = saved.get(PREFIX + c.key) or ""
        result[c.key] = int(value) if value else c.default_weight
    return result


def save_weights(values: dict[str, int], user: User) -> None:
    """Store the weights given (one transaction, with an audit entry of what changed)."""
    user_id = user.id
    with write_transaction():
        one_writer_at_a_time("ward_setting")
        current = weights()
        rows = {
            s.key: s
            for s in db.session.scalars(
                select(WardSetting).where(WardSetting.key.startswith(PREFIX))
            )
        }
        before: dict[str, int] = {}
        after: dict[str, int] = {}
        for c in CRITERIA:
            if c.key not in values or values[c.key] == current[c.key]:
                continue
            value = values[c.key]
            if not -WEIGHT_LIMIT <= value <= WEIGHT_LIMIT:
                raise ValueError(c.key)
            before[c.key], after[c.key] = current[c.key], value
            row = rows.get(PREFIX + c.key)
            if row is None:
                db.session.add(
                    WardSetting(key=PREFIX + c.key, value=str(value), updated_by_id=user_id)
                )
            else:
                row.value, row.updated_at, row.updated_by_id = str(value), utcnow(), user_id
        if after:
            record(user_id, "emulation.weights", "ward_setting", None, before, after)
