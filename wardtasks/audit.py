"""Recording the audit trail (append-only; see :mod:`wardtasks.models.audit`).

Call :func:`record` inside the caller's ``write_transaction()`` so the entry is
committed (or rolled back) together with the change it describes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import insert

from .extensions import db
from .models import AuditEntry
from .models.base import utcnow


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """The values of ``fields`` of ``obj`` as a JSON-ready dict (for ``before``/``after``)."""
    return {f: _jsonable(getattr(obj, f)) for f in fields}


# Built once (SQLAlchemy's compiled-SQL cache is keyed on the statement).
_INSERT = insert(AuditEntry.__table__).returning(AuditEntry.__table__.c.id)


def record(
    actor_id: int | None,
    action: str,
    target_type: str,
    target_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> int:
    """Write one audit entry in the current transaction (one INSERT, no ORM object to
    flush) and return its id."""
    entry_id: int = db.session.execute(
        _INSERT,
        {
            "created_at": utcnow(),
            "actor_id": actor_id,
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "before": _jsonable(before) if before is not None else None,
            "after": _jsonable(after) if after is not None else None,
        },
    ).scalar_one()
    return entry_id
