"""assignment counts kept by triggers

Issue 7: the ward's and an organisation's counters add up assignments counted per
task, organisation, status and due date (wardtasks.models.counts) instead of grouping
the plan's assignments on every visit. Triggers on assignment keep the counts; this
revision fills them from the assignments already there.

Revision ID: 7c3e9d2a4f61
Revises: 5d0c7e1a9b42
Create Date: 2026-11-26 19:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

from wardtasks.models.counts import create_triggers, drop_triggers, recount

# revision identifiers, used by Alembic.
revision = '7c3e9d2a4f61'
down_revision = '5d0c7e1a9b42'
branch_labels = None
depends_on = None


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
