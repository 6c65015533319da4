"""Helpers shared by the model modules."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Index
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateIndex


def utcnow() -> datetime:
    """Naive UTC now: timestamps are stored as UTC without a zone on both databases."""
    return datetime.now(UTC).replace(tzinfo=None)


def in_list(column: str, values: tuple[str, ...]) -> str:
    """SQL text for a CHECK constraint restricting ``column`` to ``values``."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


def partial_index(name: str, *columns: str, where: str, unique: bool = False) -> Index:
    """An index of the rows where ``where`` (SQL text) holds, on SQLite and PostgreSQL.

    The condition is kept in the index's ``info`` and written after ``CREATE INDEX`` by
    :func:`_create_partial_index`, for either database, instead of SQLAlchemy's
    ``sqlite_where`` / ``postgresql_where`` arguments: naming a dialect's argument loads
    that dialect when the model is defined, and the PostgreSQL dialect with its five
    drivers' modules is 2.2 MB of an app running on SQLite (tracemalloc, in each gunicorn
    process's shared pages). The migrations keep their own frozen ``*_where`` DDL, and
    Alembic compares no index condition, so autogenerate sees no difference; a new
    migration that creates such an index writes both ``*_where`` arguments itself.
    """
    return Index(name, *columns, unique=unique, info={"where": where})


@compiles(CreateIndex)
def _create_partial_index(create: CreateIndex, compiler: Any, **kw: Any) -> str:
    sql: str = compiler.visit_create_index(create, **kw)
    where = create.element.info.get("where")
    return f"{sql} WHERE {where}" if where else sql
