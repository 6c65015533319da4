"""notices, the digest's runs and the user's e-mail

Issue 18 item 4: notices under the bell (``notice``), the due-date notices already
produced (``notice_due``), each run of ``flask send-digests`` (``digest_run``) and the
user's address and opt-in for the daily digest.

Revision ID: f1a0a1b2c3d4
Revises: e7b3c5a9d104
Create Date: 2026-12-07 17:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f1a0a1b2c3d4'
down_revision = 'e7b3c5a9d104'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'notice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('params', sa.Text(), nullable=False),
        sa.Column('link', sa.String(length=300), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('read_at', sa.DateTime(), nullable=True),
        sa.Column('mailed_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ['user_id'],
            ['user_account.id'],
            name=op.f('fk_notice_user_id_user_account'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notice')),
    )
    op.create_index('ix_notice_user_id_read_at', 'notice', ['user_id', 'read_at'], unique=False)
    op.create_table(
        'notice_due',
        sa.Column('assignment_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('due_date', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ['assignment_id'],
            ['assignment.id'],
            name=op.f('fk_notice_due_assignment_id_assignment'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('assignment_id', 'kind', 'due_date', name=op.f('pk_notice_due')),
    )
    op.create_table(
        'digest_run',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('sent', sa.Integer(), nullable=False),
        sa.Column('failed', sa.Integer(), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_digest_run')),
    )
    # Plain ADD COLUMN on both databases: a batch rebuild of user_account on SQLite
    # would drop the triggers other tables hold on it.
    op.add_column('user_account', sa.Column('email', sa.String(length=254), nullable=True))
    op.add_column(
        'user_account',
        sa.Column('email_digest', sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade():
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+), no rebuild of user_account.
    op.drop_column('user_account', 'email_digest')
    op.drop_column('user_account', 'email')
    op.drop_table('digest_run')
    op.drop_table('notice_due')
    op.drop_index('ix_notice_user_id_read_at', table_name='notice')
    op.drop_table('notice')
