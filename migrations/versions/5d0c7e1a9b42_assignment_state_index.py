"""assignment state index

Issue 7: a covering index of the columns the counters read (status, due date per
task and organisation), so a page's counters read the index in task order and
group without sorting.

Revision ID: 5d0c7e1a9b42
Revises: b25289607dc1
Create Date: 2026-11-26 16:50:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5d0c7e1a9b42'
down_revision = 'b25289607dc1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index(
            'ix_assignment_task_state',
            ['task_id', 'active', 'organisation_id', 'status', 'due_date'],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index('ix_assignment_task_state')
