"""targets and emulation closes

Issue 19: ``task_target`` (a task's target: measure, unit, direction, the value per branch
and/or for the organisation, baseline); ``status_update.measured`` (the measure's value
reported with an update: past months' actuals come from the history); ``emulation_close``
(an emulation period's ranking frozen, like ``month_close``). The column is added with a
plain ALTER TABLE: a batch copy of ``status_update`` would drop its search triggers.

Revision ID: f3a0b1c2d3e4
Revises: f4a0b1c2d3e4
Create Date: 2026-12-07 16:45:58.834283

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "f3a0b1c2d3e4"
down_revision = "f4a0b1c2d3e4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "emulation_close",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=False),
        sa.Column("closed_by_id", sa.Integer(), nullable=False),
        sa.Column("reopened_at", sa.DateTime(), nullable=True),
        sa.Column("reopened_by_id", sa.Integer(), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(reopened_at IS NULL AND reopened_by_id IS NULL AND reopen_reason IS NULL) OR (reopened_at IS NOT NULL AND reopened_by_id IS NOT NULL AND reopen_reason <> '')",
            name=op.f("ck_emulation_close_reopen_complete"),
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_id"],
            ["user_account.id"],
            name=op.f("fk_emulation_close_closed_by_id_user_account"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan.id"],
            name=op.f("fk_emulation_close_plan_id_plan"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reopened_by_id"],
            ["user_account.id"],
            name=op.f("fk_emulation_close_reopened_by_id_user_account"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emulation_close")),
    )
    with op.batch_alter_table("emulation_close", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_emulation_close_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(
            "uq_emulation_close_in_force",
            ["plan_id", "period"],
            unique=True,
            sqlite_where=sa.text("reopened_at IS NULL"),
            postgresql_where=sa.text("reopened_at IS NULL"),
        )

    op.create_table(
        "task_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("branch_value", sa.Integer(), nullable=True),
        sa.Column("organisation_value", sa.Integer(), nullable=True),
        sa.Column("baseline", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "direction IN ('at_least', 'at_most')", name=op.f("ck_task_target_direction_known")
        ),
        sa.CheckConstraint("measure <> ''", name=op.f("ck_task_target_measure_not_empty")),
        sa.CheckConstraint(
            "branch_value IS NOT NULL OR organisation_value IS NOT NULL",
            name=op.f("ck_task_target_has_a_value"),
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_task_target_task_id_task"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user_account.id"],
            name=op.f("fk_task_target_updated_by_id_user_account"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_target")),
    )
    with op.batch_alter_table("task_target", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_target_task_id"), ["task_id"], unique=True)

    op.add_column("status_update", sa.Column("measured", sa.Integer(), nullable=True))


def downgrade():
    op.drop_column("status_update", "measured")

    with op.batch_alter_table("task_target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_target_task_id"))

    op.drop_table("task_target")
    with op.batch_alter_table("emulation_close", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_emulation_close_in_force",
            sqlite_where=sa.text("reopened_at IS NULL"),
            postgresql_where=sa.text("reopened_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_emulation_close_plan_id"))

    op.drop_table("emulation_close")
