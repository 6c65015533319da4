"""Recording the audit trail (append-only; see :mod:`wardtasks.models.audit`).

Call :func:`record` inside the caller's ``write_transaction()`` so the entry is
committed (or rolled back) together with the change it describes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .extensions import db
from .models import AuditEntry


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


def record(
    actor_id: int | None,
    action: str,
    target_type: str,
    target_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one audit entry to the current transaction and return it."""
    entry = AuditEntry(
        actor_id=actor_id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
    )
    db.session.add(entry)
    return entry
