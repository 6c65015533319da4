"""status update: whether the assignment was given out before and after each update

Issue 16, item 1. Reports filtered the history with the assignment's current ``active``
flag, so taking an assignment back today removed it from every past month. Now every
history row holds whether the assignment was given out (``active``) before and after
it, as it holds the status, progress and due date, and a past month counts what was
given out at its end.

Existing rows are filled in per assignment, oldest first, starting given out (an
assignment is created active). A row changes the flag where its audit entry says so
(taking back, giving back and distributing the plan again record ``active`` with the
history row's id); rows without such an entry carry the flag of the row before, except
the rows whose note is the one those writers record ("Thu hồi khỏi chi hội." /
"Giao lại cho chi hội."). Only the rows not given out are written.

Revision ID: e7b3d5a1c920
Revises: c4a8e2f19d07
Create Date: 2026-12-07 14:30:00.000000

"""
import json
from itertools import groupby

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e7b3d5a1c920'
down_revision = 'e7b1d0c93a5f'
branch_labels = None
depends_on = None

_update = sa.table(
    'status_update',
    sa.column('id', sa.Integer),
    sa.column('assignment_id', sa.Integer),
    sa.column('version', sa.Integer),
    sa.column('note', sa.Text),
    sa.column('active', sa.Boolean),
    sa.column('from_active', sa.Boolean),
)
_audit = sa.table(
    'audit_entry',
    sa.column('action', sa.String),
    sa.column('after', sa.JSON),
)
_ACTIONS = ('assignment.take_back', 'assignment.give_back', 'assignment.redistribute')
# What those writers note in the history (tasks/changes.py: TAKEN_BACK, GIVEN_BACK).
_NOTES = {'Thu hồi khỏi chi hội.': False, 'Giao lại cho chi hội.': True}
_MOVE = 'active <> from_active'
_BATCH = 5000


def _json(value):
    return json.loads(value) if isinstance(value, str) else (value or {})


def _audited(connection):
    """Status update id -> whether the assignment was given out after it."""
    found = {}
    rows = connection.execute(sa.select(_audit.c.after).where(_audit.c.action.in_(_ACTIONS)))
    for (after,) in rows:
        after = _json(after)
        if 'status_update_id' in after and 'active' in after:
            found[int(after['status_update_id'])] = bool(after['active'])
    return found


def upgrade():
    # Plain ALTER TABLE ADD COLUMN, not a batch: on SQLite a batch copies the table, and the
    # copy would lose the triggers that keep the search index of notes in step.
    op.add_column(
        'status_update',
        sa.Column('from_active', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    )
    op.add_column(
        'status_update',
        sa.Column('active', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    )
    op.create_index(
        'ix_status_update_active_moves',
        'status_update',
        ['assignment_id', 'created_at', 'active', 'from_active'],
        unique=False,
        sqlite_where=sa.text(_MOVE),
        postgresql_where=sa.text(_MOVE),
    )
    connection = op.get_bind()
    audited = _audited(connection)
    history = connection.execute(
        sa.select(_update.c.assignment_id, _update.c.id, _update.c.note).order_by(
            _update.c.assignment_id, _update.c.version, _update.c.id
        )
    ).all()
    statement = (
        sa.update(_update)
        .where(_update.c.id == sa.bindparam('row_id'))
        .values(from_active=sa.bindparam('before'), active=sa.bindparam('after'))
    )
    pending = []
    for _aid, group in groupby(history, key=lambda row: row[0]):
        active = True
        for _a, row_id, note in group:
            before = active
            if row_id in audited:
                active = audited[row_id]
            elif note in _NOTES:
                active = _NOTES[note]
            if not (before and active):
                pending.append({'row_id': row_id, 'before': before, 'after': active})
        if len(pending) >= _BATCH:
            connection.execute(statement, pending)
            pending = []
    if pending:
        connection.execute(statement, pending)


def downgrade():
    op.drop_index('ix_status_update_active_moves', table_name='status_update')
    op.drop_column('status_update', 'active')
    op.drop_column('status_update', 'from_active')
