"""task lead and supporting organisations, supporters' notes and their photos

Issue 19, item 2. A task's lead organisation (chủ trì) stays ``task.organisation_id``;
``task_supporter`` lists its supporting organisations (phối hợp); ``task_note`` holds a
supporter's note on the task (no assignment's history: it moves no status) and
``task_note_photo`` its evidence photos, stored as the status updates' photos are. New
tables only: no existing table changes.

Revision ID: f4a0b1c2d3e4
Revises: f1b0c1d2e3f4
Create Date: 2026-12-07 17:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f4a0b1c2d3e4'
down_revision = 'f1b0c1d2e3f4'
branch_labels = None
depends_on = None


def _fk(table, column, target):
    return sa.ForeignKeyConstraint(
        [column], [f'{target}.id'], name=op.f(f'fk_{table}_{column}_{target}'), ondelete='RESTRICT'
    )


def upgrade():
    op.create_table(
        'task_supporter',
        sa.Column('task_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        _fk('task_supporter', 'organisation_id', 'organisation'),
        _fk('task_supporter', 'task_id', 'task'),
        sa.PrimaryKeyConstraint('task_id', 'organisation_id', name=op.f('pk_task_supporter')),
    )
    op.create_index(
        op.f('ix_task_supporter_organisation_id'), 'task_supporter', ['organisation_id']
    )
    op.create_table(
        'task_note',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('task_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('branch_id', sa.Integer(), nullable=True),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        _fk('task_note', 'author_id', 'user_account'),
        _fk('task_note', 'branch_id', 'branch'),
        _fk('task_note', 'organisation_id', 'organisation'),
        _fk('task_note', 'task_id', 'task'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_task_note')),
    )
    op.create_index('ix_task_note_task_id', 'task_note', ['task_id', 'id'])
    op.create_table(
        'task_note_photo',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('task_note_id', sa.Integer(), nullable=False),
        sa.Column('task_id', sa.Integer(), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('file_name', sa.String(length=80), nullable=False),
        sa.Column('thumb_name', sa.String(length=80), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('size_bytes', sa.Integer(), nullable=False),
        sa.CheckConstraint(
            'width > 0 AND height > 0', name=op.f('ck_task_note_photo_dimensions_positive')
        ),
        _fk('task_note_photo', 'task_id', 'task'),
        _fk('task_note_photo', 'task_note_id', 'task_note'),
        _fk('task_note_photo', 'uploaded_by_id', 'user_account'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_task_note_photo')),
        sa.UniqueConstraint('file_name', name=op.f('uq_task_note_photo_file_name')),
        sa.UniqueConstraint('thumb_name', name=op.f('uq_task_note_photo_thumb_name')),
    )
    op.create_index(op.f('ix_task_note_photo_task_id'), 'task_note_photo', ['task_id'])
    op.create_index(op.f('ix_task_note_photo_task_note_id'), 'task_note_photo', ['task_note_id'])


def downgrade():
    op.drop_table('task_note_photo')
    op.drop_table('task_note')
    op.drop_table('task_supporter')
