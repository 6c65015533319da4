"""The full-text index of task titles and texts, branch names and the notes of status
updates: the databases' own, kept in step by the database itself.

SQLite: three FTS5 tables (``task_fts``, ``branch_fts``, ``note_fts``), each row's
``rowid`` the id of its source row, tokenized by ``unicode61 remove_diacritics 2``
(case and diacritics ignored). That tokenizer keeps đ/Đ as letters of their own, so the
index holds the text with đ → d and Đ → D (:data:`SQLITE_FOLD`, one character for one:
a match in the index is a match at the same place in the text), and a query is folded
the same way. Triggers on the source tables write the index in the transaction of every
INSERT, UPDATE and DELETE, whoever makes it (the app's services, the seeds, a bulk
insert, a psql session).

PostgreSQL: the ``unaccent`` extension and a text-search configuration
``wardtasks_words`` (``simple`` with ``unaccent`` in front: lower case, no diacritics,
đ → d, no stemming, no stop words), each row's document in a generated column
(:data:`DOC_COLUMN`, :func:`task_doc` …) with a GIN index, which PostgreSQL keeps itself.

The DDL is idempotent: the migration runs it, and so does the ``after_create`` listener
of the status-update table (``db.create_all()`` in the tests). A later migration that
rebuilds task, branch or status_update on SQLite (``batch_alter_table``) drops their
triggers with the old table: it must run :func:`create_search_index` again.
"""

# Every name in these statements is a constant of this module, none comes from input.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy.engine import Connection

CONFIG = "wardtasks_words"
# The configuration as a constant of the statement: the indexes' expressions name it so,
# and a query matches them only if it does too (a bound parameter would not).
CONFIG_SQL = f"'{CONFIG}'::regconfig"

FTS_TABLES = ("task_fts", "branch_fts", "note_fts")
# PostgreSQL: the column of task, branch and status_update holding the document.
DOC_COLUMN = "search_doc"
PG_INDEXES = ("ix_task_search", "ix_branch_search", "ix_status_update_search")
_TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"


def SQLITE_FOLD(expr: str) -> str:  # noqa: N802  (a template of SQL, like the constants)
    """``expr`` with đ → d and Đ → D, in SQLite."""
    return f"replace(replace({expr}, 'đ', 'd'), 'Đ', 'D')"


def _doc(parts: Sequence[tuple[str, str]], prefix: str) -> str:
    # Punctuation becomes a space first, so PostgreSQL's parser sees words and numbers
    # only, as SQLite's tokenizer does: no compound "minh-an" taking the place of "minh"
    # in "văn minh-an toàn", no "hiv/aids" or "15/5/2016" as one token.
    return " || ".join(
        f"setweight(to_tsvector({CONFIG_SQL}, "
        f"regexp_replace({prefix}{column}, '[[:punct:]]', ' ', 'g')), '{weight}')"
        for column, weight in parts
    )


def task_doc(prefix: str = "task.") -> str:
    """A task's document: its title (weight A) and text (weight B)."""
    return _doc((("title", "A"), ("text", "B")), prefix)


def branch_doc(prefix: str = "branch.") -> str:
    return _doc((("name", "A"),), prefix)


def note_doc(prefix: str = "status_update.") -> str:
    return _doc((("note", "B"),), prefix)


# Only notes that say something are indexed (most updates have none).
NOTE_WHERE = "note <> ''"


def _sqlite_source(table: str, fts: str, columns: Sequence[str], nonempty: str | None) -> list[str]:
    """The FTS5 table of ``table``'s ``columns`` and its triggers; with ``nonempty``,
    only rows where that column is not empty."""
    names = ", ".join(columns)
    values = ", ".join(SQLITE_FOLD(f"new.{c}") for c in columns)
    only = f" WHERE new.{nonempty} <> ''" if nonempty else ""
    insert = f"INSERT INTO {fts}(rowid, {names}) SELECT new.id, {values}{only};"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({names}, {_TOKENIZE})",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {names} ON {table} "
        f"BEGIN DELETE FROM {fts} WHERE rowid = old.id; {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} "
        f"BEGIN DELETE FROM {fts} WHERE rowid = old.id; END",
    ]


SQLITE_SOURCES = (
    ("task", "task_fts", ("title", "text"), None),
    ("branch", "branch_fts", ("name",), None),
    ("status_update", "note_fts", ("note",), "note"),
)

# One statement per DDL: the SQLite driver runs a single statement at a time.
SQLITE_DDL = tuple(statement for source in SQLITE_SOURCES for statement in _sqlite_source(*source))

POSTGRESQL_DDL = (
    # A trusted extension (PostgreSQL 13+): the database's owner may create it.
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"""DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
    CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.simple);
    ALTER TEXT SEARCH CONFIGURATION {CONFIG}
      ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart
      WITH unaccent, simple;
  END IF;
END $$""",
    # Each document stored in a generated column: a phrase's positions and the rank are
    # read from it, not computed again from the text for every row that matches.
    f"ALTER TABLE task ADD COLUMN IF NOT EXISTS {DOC_COLUMN} tsvector"
    f" GENERATED ALWAYS AS ({task_doc('')}) STORED",
    f"ALTER TABLE branch ADD COLUMN IF NOT EXISTS {DOC_COLUMN} tsvector"
    f" GENERATED ALWAYS AS ({branch_doc('')}) STORED",
    f"ALTER TABLE status_update ADD COLUMN IF NOT EXISTS {DOC_COLUMN} tsvector"
    f" GENERATED ALWAYS AS ({note_doc('')}) STORED",
    f"CREATE INDEX IF NOT EXISTS ix_task_search ON task USING gin ({DOC_COLUMN})",
    f"CREATE INDEX IF NOT EXISTS ix_branch_search ON branch USING gin ({DOC_COLUMN})",
    "CREATE INDEX IF NOT EXISTS ix_status_update_search ON status_update"
    f" USING gin ({DOC_COLUMN}) WHERE {NOTE_WHERE}",
)


def create_search_index(connection: Connection) -> None:
    """Create the index (nothing where it exists), empty or not."""
    statements = {"sqlite": SQLITE_DDL, "postgresql": POSTGRESQL_DDL}
    for statement in statements.get(connection.dialect.name, ()):
        connection.exec_driver_sql(statement)


def fill_search_index(connection: Connection) -> None:
    """Index the rows already there (SQLite; PostgreSQL's indexes are built whole when
    created)."""
    if connection.dialect.name != "sqlite":
        return
    for table, fts, columns, nonempty in SQLITE_SOURCES:
        names = ", ".join(columns)
        values = ", ".join(SQLITE_FOLD(c) for c in columns)
        only = f" WHERE {nonempty} <> ''" if nonempty else ""
        connection.exec_driver_sql(f"DELETE FROM {fts}")
        connection.exec_driver_sql(
            f"INSERT INTO {fts}(rowid, {names}) SELECT id, {values} FROM {table}{only}"
        )


def _drop_sqlite_triggers(connection: Connection) -> None:
    for _table, fts, _columns, _nonempty in SQLITE_SOURCES:
        for trigger in ("insert", "update", "delete"):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {fts}_{trigger}")


@contextmanager
def bulk_load(connection: Connection) -> Iterator[None]:
    """For rows written in bulk inside (the scale ward's seed): SQLite indexes them once
    at the end instead of row by row; the triggers are back when it ends (in the same
    transaction: SQLite's DDL is transactional)."""
    if connection.dialect.name != "sqlite":
        yield
        return
    _drop_sqlite_triggers(connection)
    yield
    create_search_index(connection)
    fill_search_index(connection)


def drop_search_index(connection: Connection) -> None:
    """Remove the index (the migration's downgrade)."""
    if connection.dialect.name == "sqlite":
        _drop_sqlite_triggers(connection)
        for fts in FTS_TABLES:
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {fts}")
    elif connection.dialect.name == "postgresql":
        for index in PG_INDEXES:
            connection.exec_driver_sql(f"DROP INDEX IF EXISTS {index}")
        for table in ("task", "branch", "status_update"):
            connection.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {DOC_COLUMN}")
        connection.exec_driver_sql(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


def not_a_search_table(name: str | None, type_: str, _parents: Any = None) -> bool:
    """For Alembic's comparison of the models with the database: the FTS5 tables (and
    their shadow tables), PostgreSQL's document columns and their indexes are the search
    index's, not the models'."""
    if type_ == "table" and name is not None:
        return not any(name == fts or name.startswith(f"{fts}_") for fts in FTS_TABLES)
    if type_ == "column":
        return name != DOC_COLUMN
    return not (type_ == "index" and name in PG_INDEXES)
