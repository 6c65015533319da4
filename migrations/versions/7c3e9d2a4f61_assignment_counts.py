"""assignment counts kept by triggers

Issue 7: the ward's and an organisation's counters add up assignments counted per
task, organisation, status and due date instead of grouping the plan's assignments
on every visit. Triggers on assignment keep the counts; this revision fills them from
the assignments already there. Issue 13 removed the device (revision 9a4e6c1d2b73);
its DDL is frozen here, as this revision ran it.

Revision ID: 7c3e9d2a4f61
Revises: 5d0c7e1a9b42
Create Date: 2026-11-26 19:30:00.000000

"""
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy import text

# revision identifiers, used by Alembic.
revision = '7c3e9d2a4f61'
down_revision = '5d0c7e1a9b42'
branch_labels = None
depends_on = None


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
    statements = _SQLITE if connection.dialect.name == "sqlite" else _POSTGRESQL
    for statement in statements:
        connection.execute(text(statement))


def drop_triggers(connection: Any) -> None:
    for statement in _DROP[connection.dialect.name]:
        connection.execute(text(statement))


# The counts as the assignments give them (what the triggers keep, computed afresh).
_COUNTED = (
    "SELECT task_id, organisation_id, status, COALESCE(due_date, '9999-12-31'), count(*) "
    "FROM assignment WHERE active "
    "GROUP BY task_id, organisation_id, status, COALESCE(due_date, '9999-12-31')"
)


def recount(connection: Any) -> None:
    connection.execute(text("DELETE FROM assignment_count"))
    columns = "task_id, organisation_id, status, due_date, n"
    connection.execute(text(f"INSERT INTO assignment_count ({columns}) {_COUNTED}"))


def upgrade():
    op.create_table(
        'assignment_count',
        sa.Column('task_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('due_date', sa.Date(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            'task_id', 'organisation_id', 'status', 'due_date', name=op.f('pk_assignment_count')
        ),
    )
    connection = op.get_bind()
    recount(connection)
    create_triggers(connection)


def downgrade():
    drop_triggers(op.get_bind())
    op.drop_table('assignment_count')
