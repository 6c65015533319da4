"""each assignment's state at the end of every month it changed in

Issue 16: the month reports read an assignment's state at a month's end from its latest
row of ``assignment_month`` with ``month`` <= the month (an index seek) instead of
searching the history. The rows are filled here from the history; from now on
tasks/changes.py writes the month of every change in its transaction.

The rule is frozen here (a copy of wardtasks.tasks.months.fold as it stood): per
assignment and Vietnam-local month, the state the month's last update left, in the
order the assignment's updates were written (their ids: its versions); "done at" is when
it last moved into done (None unless done); from_due_date is the due date before the
month's first update.

Revision ID: f2a0b1c2d3e4
Revises: f3a0b1c2d3e4
Create Date: 2026-12-07 17:20:00.000000

"""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f2a0b1c2d3e4'
down_revision = 'f3a0b1c2d3e4'
branch_labels = None
depends_on = None

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
STATUSES = ("not_started", "in_progress", "done", "blocked", "cancelled")

month_table = sa.table(
    "assignment_month",
    sa.column("assignment_id", sa.Integer),
    sa.column("month", sa.Integer),
    sa.column("status", sa.String),
    sa.column("progress", sa.Integer),
    sa.column("due_date", sa.Date),
    sa.column("active", sa.Boolean),
    sa.column("done_at", sa.DateTime),
    sa.column("update_id", sa.Integer),
    sa.column("from_due_date", sa.Date),
)
history = sa.table(
    "status_update",
    sa.column("id", sa.Integer),
    sa.column("assignment_id", sa.Integer),
    sa.column("created_at", sa.DateTime),
    sa.column("from_status", sa.String),
    sa.column("status", sa.String),
    sa.column("progress", sa.Integer),
    sa.column("from_due_date", sa.Date),
    sa.column("due_date", sa.Date),
    sa.column("active", sa.Boolean),
)


def _month(at: datetime) -> int:
    local = at.replace(tzinfo=timezone.utc).astimezone(VIETNAM)
    return local.year * 100 + local.month


def _fold(updates):
    rows = {}
    current = None
    done_at = None
    for aid, uid, at, from_status, status, progress, from_due, due, active in updates:
        if aid != current:
            yield from rows.values()
            rows, current, done_at = {}, aid, None
        month = _month(at)
        if status != "done":
            done_at = None
        elif from_status != "done":
            done_at = at
        held = rows.get(month)
        rows[month] = {
            "assignment_id": aid,
            "month": month,
            "status": status,
            "progress": progress,
            "due_date": due,
            "active": active,
            "done_at": done_at,
            "update_id": uid,
            # The due date before the month's first update.
            "from_due_date": from_due if held is None else held["from_due_date"],
        }
    yield from rows.values()


def upgrade():
    statuses = ", ".join(f"'{s}'" for s in STATUSES)
    op.create_table(
        'assignment_month',
        sa.Column('assignment_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('progress', sa.Integer(), nullable=False),
        sa.Column('due_date', sa.Date(), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('done_at', sa.DateTime(), nullable=True),
        sa.Column('update_id', sa.Integer(), nullable=False),
        sa.Column('from_due_date', sa.Date(), nullable=True),
        sa.CheckConstraint(
            f"status IN ({statuses})", name=op.f('ck_assignment_month_status_known')
        ),
        sa.ForeignKeyConstraint(
            ['assignment_id'],
            ['assignment.id'],
            name=op.f('fk_assignment_month_assignment_id_assignment'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['update_id'],
            ['status_update.id'],
            name=op.f('fk_assignment_month_update_id_status_update'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('assignment_id', 'month', name=op.f('pk_assignment_month')),
    )
    conn = op.get_bind()
    updates = conn.execute(
        sa.select(
            history.c.assignment_id,
            history.c.id,
            history.c.created_at,
            history.c.from_status,
            history.c.status,
            history.c.progress,
            history.c.from_due_date,
            history.c.due_date,
            history.c.active,
        ).order_by(history.c.assignment_id, history.c.id)
    )
    batch = []
    for row in _fold(iter(updates)):
        batch.append(row)
        if len(batch) >= 5000:
            conn.execute(month_table.insert(), batch)
            batch = []
    if batch:
        conn.execute(month_table.insert(), batch)


def downgrade():
    op.drop_table('assignment_month')
