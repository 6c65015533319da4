"""the monthly reporting cycle: branches' and organisations' reports and their submissions

Issue 18 items 1-3: a report per branch (or organisation) and month (``periodic_report``,
draft -> submitted -> accepted or returned -> submitted again) and every sending of it with
its texts and figures frozen (``report_submission``).

Revision ID: f1b0c1d2e3f4
Revises: f1a0a1b2c3d4
Create Date: 2026-12-07 17:05:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f1b0c1d2e3f4'
down_revision = 'f1a0a1b2c3d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'periodic_report',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('branch_id', sa.Integer(), nullable=True),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('results', sa.Text(), nullable=False),
        sa.Column('difficulties', sa.Text(), nullable=False),
        sa.Column('proposals', sa.Text(), nullable=False),
        sa.Column('direction', sa.Text(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_periodic_report_month_range')),
        sa.CheckConstraint(
            "state IN ('draft', 'submitted', 'returned', 'accepted')",
            name=op.f('ck_periodic_report_state_known'),
        ),
        sa.ForeignKeyConstraint(
            ['branch_id'], ['branch.id'],
            name=op.f('fk_periodic_report_branch_id_branch'), ondelete='RESTRICT',
        ),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisation.id'],
            name=op.f('fk_periodic_report_organisation_id_organisation'), ondelete='RESTRICT',
        ),
        sa.ForeignKeyConstraint(
            ['updated_by_id'], ['user_account.id'],
            name=op.f('fk_periodic_report_updated_by_id_user_account'), ondelete='RESTRICT',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_periodic_report')),
    )
    with op.batch_alter_table('periodic_report', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_periodic_report_organisation_id'), ['organisation_id'], unique=False
        )
        batch_op.create_index('ix_periodic_report_month', ['year', 'month'], unique=False)
        batch_op.create_index(
            'uq_periodic_report_branch_month', ['branch_id', 'year', 'month'], unique=True,
            sqlite_where=sa.text('branch_id IS NOT NULL'),
            postgresql_where=sa.text('branch_id IS NOT NULL'),
        )
        batch_op.create_index(
            'uq_periodic_report_organisation_month', ['organisation_id', 'year', 'month'],
            unique=True,
            sqlite_where=sa.text('branch_id IS NULL'),
            postgresql_where=sa.text('branch_id IS NULL'),
        )

    op.create_table(
        'report_submission',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('report_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('submitted_at', sa.DateTime(), nullable=False),
        sa.Column('submitted_by_id', sa.Integer(), nullable=False),
        sa.Column('results', sa.Text(), nullable=False),
        sa.Column('difficulties', sa.Text(), nullable=False),
        sa.Column('proposals', sa.Text(), nullable=False),
        sa.Column('direction', sa.Text(), nullable=False),
        sa.Column('figures', sa.Text(), nullable=False),
        sa.Column('outcome', sa.String(length=20), nullable=True),
        sa.Column('reviewed_at', sa.DateTime(), nullable=True),
        sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('accepted', 'returned')",
            name=op.f('ck_report_submission_outcome_known'),
        ),
        sa.CheckConstraint(
            "(outcome IS NULL AND reviewed_at IS NULL AND reviewed_by_id IS NULL) OR "
            "(outcome IS NOT NULL AND reviewed_at IS NOT NULL AND reviewed_by_id IS NOT NULL)",
            name=op.f('ck_report_submission_review_complete'),
        ),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome <> 'returned' OR comment <> ''",
            name=op.f('ck_report_submission_why_returned'),
        ),
        sa.ForeignKeyConstraint(
            ['report_id'], ['periodic_report.id'],
            name=op.f('fk_report_submission_report_id_periodic_report'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['reviewed_by_id'], ['user_account.id'],
            name=op.f('fk_report_submission_reviewed_by_id_user_account'), ondelete='RESTRICT',
        ),
        sa.ForeignKeyConstraint(
            ['submitted_by_id'], ['user_account.id'],
            name=op.f('fk_report_submission_submitted_by_id_user_account'), ondelete='RESTRICT',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_submission')),
    )
    with op.batch_alter_table('report_submission', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_report_submission_report_id'), ['report_id'], unique=False
        )
        batch_op.create_index(
            'uq_report_submission_number', ['report_id', 'number'], unique=True
        )


def downgrade():
    with op.batch_alter_table('report_submission', schema=None) as batch_op:
        batch_op.drop_index('uq_report_submission_number')
        batch_op.drop_index(batch_op.f('ix_report_submission_report_id'))
    op.drop_table('report_submission')
    with op.batch_alter_table('periodic_report', schema=None) as batch_op:
        batch_op.drop_index('uq_periodic_report_organisation_month')
        batch_op.drop_index('uq_periodic_report_branch_month')
        batch_op.drop_index('ix_periodic_report_month')
        batch_op.drop_index(batch_op.f('ix_periodic_report_organisation_id'))
    op.drop_table('periodic_report')
