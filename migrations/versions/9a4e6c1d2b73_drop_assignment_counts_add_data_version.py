"""drop the trigger-kept assignment counts; add the data version

Issue 13: the counters group the assignments themselves (the covering index
ix_assignment_task_state), so the counts kept by triggers go: their triggers, their
PostgreSQL functions and their table. Pages answer conditional requests from the data
version, one row changed in the same transaction as every write (wardtasks.version).

Revision ID: 9a4e6c1d2b73
Revises: 7c3e9d2a4f61
Create Date: 2026-12-03 11:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '9a4e6c1d2b73'
down_revision = '7c3e9d2a4f61'
branch_labels = None
depends_on = None

# Frozen here: what revision 7c3e9d2a4f61 installed.
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


def upgrade():
    connection = op.get_bind()
    for statement in _DROP[connection.dialect.name]:
        op.execute(statement)
    op.drop_table('assignment_count')
    data_version = op.create_table(
        'data_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version')),
    )
    op.bulk_insert(data_version, [{'id': 1, 'token': 'initial'}])


def downgrade():
    op.drop_table('data_version')
    # The counts come back as revision 7c3e9d2a4f61 made them (its own frozen DDL).
    script = op.get_context().script
    assert script is not None
    script.get_revision('7c3e9d2a4f61').module.upgrade()
