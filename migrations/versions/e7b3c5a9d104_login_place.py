"""login lock counts in the database

Issue 16: the login lock's windows live in the database, so that every gunicorn worker
sees the same counts without Redis (wardtasks.auth.throttle.DatabaseStore).

Revision ID: e7b3c5a9d104
Revises: e7b3d5a1c920
Create Date: 2026-12-07 14:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e7b3c5a9d104'
down_revision = 'e7b3d5a1c920'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'login_place',
        sa.Column('window_key', sa.String(length=255), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.Column('at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('window_key', 'token', name=op.f('pk_login_place')),
    )
    op.create_index('ix_login_place_at', 'login_place', ['at'], unique=False)


def downgrade():
    op.drop_index('ix_login_place_at', table_name='login_place')
    op.drop_table('login_place')
