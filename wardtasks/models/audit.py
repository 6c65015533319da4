"""The audit trail: an append-only record of administrative actions and status changes.

The database itself refuses UPDATE and DELETE on the table (a trigger on SQLite
and on PostgreSQL, 14 or later). The triggers are created by the migration and
by the ``after_create`` listener below (``db.create_all()`` in the tests, and
Alembic's ``op.create_table`` as a safety net). The DDL is idempotent.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Table, event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow
from .user import User

AUDIT_TABLE = "audit_entry"

# One statement per DDL: the SQLite driver runs a single statement at a time.
SQLITE_TRIGGERS = (
    f"CREATE TRIGGER IF NOT EXISTS {AUDIT_TABLE}_no_update BEFORE UPDATE ON {AUDIT_TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END",
    f"CREATE TRIGGER IF NOT EXISTS {AUDIT_TABLE}_no_delete BEFORE DELETE ON {AUDIT_TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END",
)
POSTGRESQL_TRIGGERS = (
    f"CREATE OR REPLACE FUNCTION {AUDIT_TABLE}_refuse_change() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "RAISE EXCEPTION 'audit trail is append-only'; END; $$",
    f"CREATE OR REPLACE TRIGGER {AUDIT_TABLE}_append_only "
    f"BEFORE UPDATE OR DELETE ON {AUDIT_TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {AUDIT_TABLE}_refuse_change()",
)


class AuditEntry(db.Model):  # type: ignore[name-defined]
    """Who did what to which object, when, with the values before and after."""

    __tablename__ = AUDIT_TABLE

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # NULL for actions of the system itself (CLI, restore).
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT"), index=True
    )
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship()

    __table_args__ = (Index("ix_audit_entry_target", "target_type", "target_id"),)


@event.listens_for(Table, "after_create")
def _create_append_only_triggers(table: Table, connection: Connection, **_kw: Any) -> None:
    """Create the triggers right after the audit table, however it is created.

    Listening on every Table (not only the model's) also catches the table that
    Alembic's ``op.create_table`` builds, so ``flask db upgrade`` makes the
    triggers even if the hand-appended DDL of the migration were lost.
    """
    if table.name != AUDIT_TABLE:
        return
    statements = {"sqlite": SQLITE_TRIGGERS, "postgresql": POSTGRESQL_TRIGGERS}
    for statement in statements.get(connection.dialect.name, ()):
        connection.exec_driver_sql(statement)
