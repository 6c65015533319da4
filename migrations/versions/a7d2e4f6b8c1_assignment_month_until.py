"""the month until which each month row of an assignment holds

Issue 16: a month's report read each assignment's latest ``assignment_month`` row with
``month`` <= the month through a correlated seek per assignment. Each row now carries
``until_month``, the month of the assignment's next row (999999 for its latest), so the
row of month M is the one with ``month`` <= M < ``until_month``: a range of the index
``ix_assignment_month_until`` (assignment_id, until_month, month and the state, so the
range is read from the index alone). Filled here with SQL
from the rows themselves; from now on tasks/changes.py ends the row before when a month
gets its first row.

Revision ID: a7d2e4f6b8c1
Revises: f6c1d2e3a4b5
Create Date: 2026-12-07 23:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7d2e4f6b8c1"
down_revision = "f6c1d2e3a4b5"
branch_labels = None
depends_on = None

STILL_HOLDS = 999999


def upgrade():
    # A plain ADD COLUMN with a default (both databases): a batch copy of the table would
    # trip the foreign keys of the rows that point at it.
    op.add_column(
        "assignment_month",
        sa.Column(
            "until_month", sa.Integer(), nullable=False, server_default=str(STILL_HOLDS)
        ),
    )
    op.execute(
        "UPDATE assignment_month SET until_month = COALESCE((SELECT MIN(n.month)"
        " FROM assignment_month AS n WHERE n.assignment_id = assignment_month.assignment_id"
        f" AND n.month > assignment_month.month), {STILL_HOLDS})"
    )
    op.create_index(
        "ix_assignment_month_until",
        "assignment_month",
        [
            "assignment_id",
            "until_month",
            "month",
            "status",
            "progress",
            "due_date",
            "active",
            "done_at",
            "update_id",
        ],
    )
    # The planner's figures for the new index (a ward seeded for scale has them for the
    # primary key only, and would read its month range instead).
    op.execute("ANALYZE assignment_month")


def downgrade():
    op.drop_index("ix_assignment_month_until", table_name="assignment_month")
    op.drop_column("assignment_month", "until_month")
