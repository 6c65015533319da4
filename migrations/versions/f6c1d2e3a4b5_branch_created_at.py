"""when a branch was added

Issue 18's cycle counts a branch in a month's submission rate only from the month it
existed at the deadline of. ``branch.created_at`` is set when a branch is added from the
admin screens; a branch there from the start (seeded, or created before this revision
without an audit entry) keeps NULL. Existing branches take the time of their
``branch.create`` audit entry, if any.

Revision ID: f6c1d2e3a4b5
Revises: f2a0b1c2d3e4
Create Date: 2026-12-07 18:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f6c1d2e3a4b5"
down_revision = "f2a0b1c2d3e4"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("branch", sa.Column("created_at", sa.DateTime(), nullable=True))
    op.execute(
        "UPDATE branch SET created_at = (SELECT MIN(audit_entry.created_at) FROM audit_entry"
        " WHERE audit_entry.action = 'branch.create' AND audit_entry.target_type = 'branch'"
        " AND audit_entry.target_id = branch.id)"
    )


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35+): a batch copy of ``branch`` would trip the
    # foreign keys of the rows that point at it.
    op.drop_column("branch", "created_at")
