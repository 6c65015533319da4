"""Assignments counted per task, organisation, status and due date, kept by the database.

The ward's and an organisation's counters add up these rows (about 900 on a ward of
9,600 assignments) instead of grouping the plan's assignments on every visit. Triggers
on ``assignment`` keep them: every insert, delete and change of task, organisation,
status, due date or active, whichever code or tool writes it. Only active assignments
are counted; an assignment without a due date counts under 9999-12-31, a day no
comparison with a real day finds overdue or due soon.

SQLite drops a table's triggers with the table: a migration that rebuilds
``assignment`` (Alembic's batch mode) must call :func:`create_triggers` again.
``tests/test_counts.py`` checks the counts against the assignments after every kind
of write, and after the migrations; ``flask --app wardtasks recount`` compares and
rebuilds them (after a TRUNCATE, say, which fires no row trigger).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, String, event, text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class AssignmentCount(db.Model):  # type: ignore[name-defined]
    """How many active assignments of a task and organisation have a status and due date."""

    __tablename__ = "assignment_count"

    task_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    due_date: Mapped[date] = mapped_column(Date, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


_SQLITE = (
    """
CREATE TRIGGER IF NOT EXISTS assignment_count_insert AFTER INSERT ON assignment
WHEN NEW.active BEGIN
  INSERT INTO assignment_count (task_id, organisation_id, status, due_date, n)
  VALUES (NEW.task_id, NEW.organisation_id, NEW.status, COALESCE(NEW.due_date, '9999-12-31'), 1)
  ON CONFLICT (task_id, organisation_id, status, due_date) DO UPDATE SET n = n + 1;
END""",
    """
CREATE TRIGGER IF NOT EXISTS assignment_count_delete AFTER DELETE ON assignment
WHEN OLD.active BEGIN
  UPDATE assignment_count SET n = n - 1
  WHERE task_id = OLD.task_id AND organisation_id = OLD.organisation_id
    AND status = OLD.status AND due_date = COALESCE(OLD.due_date, '9999-12-31');
END""",
    """
CREATE TRIGGER IF NOT EXISTS assignment_count_update
AFTER UPDATE OF task_id, organisation_id, status, due_date, active ON assignment
WHEN OLD.task_id IS NOT NEW.task_id OR OLD.organisation_id IS NOT NEW.organisation_id
  OR OLD.status IS NOT NEW.status OR OLD.due_date IS NOT NEW.due_date
  OR OLD.active IS NOT NEW.active
BEGIN
  UPDATE assignment_count SET n = n - 1
  WHERE OLD.active AND task_id = OLD.task_id AND organisation_id = OLD.organisation_id
    AND status = OLD.status AND due_date = COALESCE(OLD.due_date, '9999-12-31');
  INSERT INTO assignment_count (task_id, organisation_id, status, due_date, n)
  SELECT NEW.task_id, NEW.organisation_id, NEW.status, COALESCE(NEW.due_date, '9999-12-31'), 1
  WHERE NEW.active
  ON CONFLICT (task_id, organisation_id, status, due_date) DO UPDATE SET n = n + 1;
END""",
)

# One function adds to a count; the trigger function moves an assignment between counts.
# A change takes its two counts in key order, so two saves never wait on each other
# crosswise (which PostgreSQL would end by failing one of them).
_POSTGRESQL = (
    """
CREATE OR REPLACE FUNCTION assignment_count_add(
  t integer, o integer, s varchar, d date, delta integer
) RETURNS void LANGUAGE sql AS $$
  INSERT INTO assignment_count (task_id, organisation_id, status, due_date, n)
  VALUES (t, o, s, COALESCE(d, DATE '9999-12-31'), delta)
  ON CONFLICT (task_id, organisation_id, status, due_date)
  DO UPDATE SET n = assignment_count.n + EXCLUDED.n
$$""",
    """
CREATE OR REPLACE FUNCTION assignment_count_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_first boolean;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.active THEN
      PERFORM assignment_count_add(NEW.task_id, NEW.organisation_id, NEW.status, NEW.due_date, 1);
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF OLD.active THEN
      PERFORM assignment_count_add(OLD.task_id, OLD.organisation_id, OLD.status, OLD.due_date, -1);
    END IF;
  ELSE
    -- UPDATE: the lower of the two counts first.
    old_first := (OLD.task_id, OLD.organisation_id, OLD.status,
                  COALESCE(OLD.due_date, DATE '9999-12-31'))
               < (NEW.task_id, NEW.organisation_id, NEW.status,
                  COALESCE(NEW.due_date, DATE '9999-12-31'));
    IF old_first AND OLD.active THEN
      PERFORM assignment_count_add(OLD.task_id, OLD.organisation_id, OLD.status, OLD.due_date, -1);
    END IF;
    IF NEW.active THEN
      PERFORM assignment_count_add(NEW.task_id, NEW.organisation_id, NEW.status, NEW.due_date, 1);
    END IF;
    IF NOT old_first AND OLD.active THEN
      PERFORM assignment_count_add(OLD.task_id, OLD.organisation_id, OLD.status, OLD.due_date, -1);
    END IF;
  END IF;
  RETURN NULL;
END
$$""",
    """
CREATE OR REPLACE TRIGGER assignment_count_insert_delete AFTER INSERT OR DELETE ON assignment
FOR EACH ROW EXECUTE FUNCTION assignment_count_trigger()""",
    """
CREATE OR REPLACE TRIGGER assignment_count_update
AFTER UPDATE OF task_id, organisation_id, status, due_date, active ON assignment
FOR EACH ROW WHEN (
  (OLD.task_id, OLD.organisation_id, OLD.status, OLD.due_date, OLD.active)
  IS DISTINCT FROM (NEW.task_id, NEW.organisation_id, NEW.status, NEW.due_date, NEW.active)
) EXECUTE FUNCTION assignment_count_trigger()""",
)

_DROP = {
    "sqlite": (
        "DROP TRIGGER IF EXISTS assignment_count_insert",
        "DROP TRIGGER IF EXISTS assignment_count_delete",
        "DROP TRIGGER IF EXISTS assignment_count_update",
    ),
    "postgresql": (
        "DROP TRIGGER IF EXISTS assignment_count_insert_delete ON assignment",
        "DROP TRIGGER IF EXISTS assignment_count_update ON assignment",
        "DROP FUNCTION IF EXISTS assignment_count_trigger()",
        "DROP FUNCTION IF EXISTS assignment_count_add(integer, integer, varchar, date, integer)",
    ),
}


def create_triggers(connection: Any) -> None:
    """Install the triggers that keep ``assignment_count`` (both tables must exist)."""
    statements = _SQLITE if connection.dialect.name == "sqlite" else _POSTGRESQL
    for statement in statements:
        connection.execute(text(statement))


def drop_triggers(connection: Any) -> None:
    """Remove the triggers (and PostgreSQL's functions)."""
    for statement in _DROP[connection.dialect.name]:
        connection.execute(text(statement))


# The counts as the assignments give them (what the triggers keep, computed afresh).
_COUNTED = (
    "SELECT task_id, organisation_id, status, COALESCE(due_date, '9999-12-31'), count(*) "
    "FROM assignment WHERE active "
    "GROUP BY task_id, organisation_id, status, COALESCE(due_date, '9999-12-31')"
)
_KEPT = "SELECT task_id, organisation_id, status, due_date, n FROM assignment_count WHERE n <> 0"


def recount(connection: Any) -> None:
    """Fill ``assignment_count`` from the assignments, replacing what it held."""
    connection.execute(text("DELETE FROM assignment_count"))
    columns = "task_id, organisation_id, status, due_date, n"
    connection.execute(text(f"INSERT INTO assignment_count ({columns}) {_COUNTED}"))


def differences(connection: Any) -> set[tuple[Any, ...]]:
    """The counts that differ from a recount of the assignments (task, organisation,
    status, due date, n; a count missing on one side shows with its n on the other)."""

    def rows(query: str) -> set[tuple[Any, ...]]:
        return {(t, o, s, str(d), int(n)) for t, o, s, d, n in connection.execute(text(query))}

    return rows(_KEPT) ^ rows(_COUNTED)


@event.listens_for(db.metadata, "after_create")
def _after_create(_metadata: Any, connection: Any, **_kw: Any) -> None:
    # create_all (tests, explain): after every table, as the triggers name both.
    create_triggers(connection)


@event.listens_for(db.metadata, "before_drop")
def _before_drop(_metadata: Any, connection: Any, **_kw: Any) -> None:
    drop_triggers(connection)
