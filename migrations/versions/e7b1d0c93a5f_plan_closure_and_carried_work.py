"""plan closure and carried work

Issue 17, item 1 (the year boundary). ``plan_closure``: when and by whom the
secretariat closed a plan, and what became of its open work (carried into a later
plan, or marked not done). ``carried_task`` and ``carried_assignment`` link a task and
an assignment of the later plan to the ones they carry on, so the history of the work
stays linked across the years. New tables, not columns: SQLite adds a column with a
named foreign key only by copying the table, which the plan table's cascades make unsafe.

Revision ID: e7b1d0c93a5f
Revises: c4a8e2f19d07
Create Date: 2026-12-07 14:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e7b1d0c93a5f'
down_revision = 'e7b1c5a3d920'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'plan_closure',
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('closed_at', sa.DateTime(), nullable=False),
        sa.Column('closed_by_id', sa.Integer(), nullable=False),
        sa.Column('outcome', sa.String(length=10), nullable=False),
        sa.Column('into_plan_id', sa.Integer(), nullable=True),
        sa.Column('open_items', sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('carry', 'not_done')", name=op.f('ck_plan_closure_outcome_known')
        ),
        sa.ForeignKeyConstraint(
            ['closed_by_id'],
            ['user_account.id'],
            name=op.f('fk_plan_closure_closed_by_id_user_account'),
            ondelete='RESTRICT',
        ),
        sa.ForeignKeyConstraint(
            ['into_plan_id'],
            ['plan.id'],
            name=op.f('fk_plan_closure_into_plan_id_plan'),
            ondelete='RESTRICT',
        ),
        sa.ForeignKeyConstraint(
            ['plan_id'], ['plan.id'], name=op.f('fk_plan_closure_plan_id_plan'), ondelete='RESTRICT'
        ),
        sa.PrimaryKeyConstraint('plan_id', name=op.f('pk_plan_closure')),
    )
    for table, target in (('carried_task', 'task'), ('carried_assignment', 'assignment')):
        own = f'{target}_id'
        op.create_table(
            table,
            sa.Column(own, sa.Integer(), nullable=False),
            sa.Column('carried_from_id', sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(
                ['carried_from_id'],
                [f'{target}.id'],
                name=op.f(f'fk_{table}_carried_from_id_{target}'),
                ondelete='RESTRICT',
            ),
            sa.ForeignKeyConstraint(
                [own], [f'{target}.id'], name=op.f(f'fk_{table}_{own}_{target}'), ondelete='RESTRICT'
            ),
            sa.PrimaryKeyConstraint(own, name=op.f(f'pk_{table}')),
            sa.UniqueConstraint('carried_from_id', name=op.f(f'uq_{table}_carried_from_id')),
        )


def downgrade():
    op.drop_table('carried_assignment')
    op.drop_table('carried_task')
    op.drop_table('plan_closure')
