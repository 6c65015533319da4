"""full-text search: task titles and texts, branch names, notes

Issue 17, item 2. SQLite: FTS5 tables (unicode61, diacritics removed, đ folded to d)
kept by triggers; PostgreSQL: the unaccent extension, the text-search configuration
``wardtasks_words`` and GIN indexes on the documents. The rows already there are
indexed. The DDL is that of wardtasks/search/index.py (idempotent, shared with the
models' after_create listener): a later change of it comes with its own revision.

Revision ID: e7b1c5a3d920
Revises: c4a8e2f19d07
Create Date: 2026-12-07 14:30:00.000000

"""
from alembic import op

from wardtasks.search.index import create_search_index, drop_search_index, fill_search_index

# revision identifiers, used by Alembic.
revision = 'e7b1c5a3d920'
down_revision = 'c4a8e2f19d07'
branch_labels = None
depends_on = None


def upgrade():
    connection = op.get_bind()
    create_search_index(connection)
    fill_search_index(connection)


def downgrade():
    drop_search_index(op.get_bind())
