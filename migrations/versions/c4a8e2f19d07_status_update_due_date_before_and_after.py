"""status update: the due date before and after each update

Issue 14, item 2. A history row recorded a due date only when it changed, so the month
end of an assignment whose date moved later fell back to its current date: moving a
date today changed past months. Now every row holds the due date before
(``from_due_date``, new) and after (``due_date``) the update, as it holds the status and
progress, and the due date at any moment is the "after" of the latest row before it, or
the "before" of the first row after it.

Existing rows are filled in per assignment, oldest first. Where a status update's audit
entry exists (every status update since the audit trail), its before and after values
are exact, cleared dates included. Otherwise the date carries forward from the row
before, changing where the row recorded a new one. Before the first change the date is
the assignment's own when nothing ever changed it; else the first change's audit
"before" value, else the task's due date (what an assignment starts with; earlier
rows setting a due date from the task page left no trace of the date they replaced).

Revision ID: c4a8e2f19d07
Revises: 9a4e6c1d2b73
Create Date: 2026-12-07 12:00:00.000000

"""
import json
from datetime import date
from itertools import groupby

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4a8e2f19d07'
down_revision = '9a4e6c1d2b73'
branch_labels = None
depends_on = None

# Frozen here: the columns this migration reads and writes, as they are at this revision.
_update = sa.table(
    'status_update',
    sa.column('id', sa.Integer),
    sa.column('assignment_id', sa.Integer),
    sa.column('version', sa.Integer),
    sa.column('due_date', sa.Date),
    sa.column('from_due_date', sa.Date),
)
_assignment = sa.table(
    'assignment',
    sa.column('id', sa.Integer),
    sa.column('task_id', sa.Integer),
    sa.column('due_date', sa.Date),
)
_task = sa.table('task', sa.column('id', sa.Integer), sa.column('due_date', sa.Date))
_audit = sa.table(
    'audit_entry',
    sa.column('action', sa.String),
    sa.column('before', sa.JSON),
    sa.column('after', sa.JSON),
)
_BATCH = 5000


def _day(value):
    """A date as the drivers give it (SQLite: text), or None."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _json(value):
    return json.loads(value) if isinstance(value, str) else (value or {})


def _audited(connection):
    """Status update id -> (due date before, due date after), from the audit trail."""
    found = {}
    rows = connection.execute(
        sa.select(_audit.c.before, _audit.c.after).where(
            _audit.c.action == 'assignment.status_update'
        )
    )
    for before, after in rows:
        before, after = _json(before), _json(after)
        if 'status_update_id' in after and 'due_date' in before and 'due_date' in after:
            found[int(after['status_update_id'])] = (
                _day(before['due_date']),
                _day(after['due_date']),
            )
    return found


def _moves(row_id, recorded, audited):
    """Whether the row changed the due date (by its audit entry, else by what it recorded)."""
    if row_id in audited:
        return audited[row_id][0] != audited[row_id][1]
    return recorded is not None


def _fill(rows, current, task_due, audited):
    """(id, due before, due after) of one assignment's rows (oldest first)."""
    first = next((row for row in rows if _moves(*row, audited)), None)
    if first is None:
        due = current
    elif first[0] in audited:
        due = audited[first[0]][0]
    else:
        due = task_due
    filled = []
    for row_id, recorded in rows:
        if row_id in audited:
            before, due = audited[row_id]
        else:
            before = due
            due = recorded if recorded is not None else due
        filled.append((row_id, before, due))
    return filled


def upgrade():
    with op.batch_alter_table('status_update', schema=None) as batch_op:
        batch_op.add_column(sa.Column('from_due_date', sa.Date(), nullable=True))
    connection = op.get_bind()
    audited = _audited(connection)
    dues = {
        aid: (_day(own), _day(task_due))
        for aid, own, task_due in connection.execute(
            sa.select(_assignment.c.id, _assignment.c.due_date, _task.c.due_date).join(
                _task, _task.c.id == _assignment.c.task_id
            )
        )
    }
    history = connection.execute(
        sa.select(_update.c.assignment_id, _update.c.id, _update.c.due_date).order_by(
            _update.c.assignment_id, _update.c.version, _update.c.id
        )
    ).all()
    statement = (
        sa.update(_update)
        .where(_update.c.id == sa.bindparam('row_id'))
        .values(from_due_date=sa.bindparam('before'), due_date=sa.bindparam('after'))
    )
    pending = []
    for aid, group in groupby(history, key=lambda row: row[0]):
        rows = [(row_id, _day(recorded)) for _aid, row_id, recorded in group]
        current, task_due = dues[aid]
        for row_id, before, after in _fill(rows, current, task_due, audited):
            pending.append({'row_id': row_id, 'before': before, 'after': after})
        if len(pending) >= _BATCH:
            connection.execute(statement, pending)
            pending = []
    if pending:
        connection.execute(statement, pending)


def downgrade():
    # Back to "the due date this update set, if it changed it".
    connection = op.get_bind()
    connection.execute(
        sa.update(_update)
        .where(
            sa.or_(
                _update.c.due_date == _update.c.from_due_date,
                sa.and_(_update.c.due_date.is_(None), _update.c.from_due_date.is_(None)),
            )
        )
        .values(due_date=None)
    )
    with op.batch_alter_table('status_update', schema=None) as batch_op:
        batch_op.drop_column('from_due_date')
