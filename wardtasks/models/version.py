"""The data version: one row whose token changes in the same transaction as every write.

Pages answer conditional requests from it (:mod:`wardtasks.version`): a page whose
ETag names the current token shows data that has not changed since.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import Integer, String, event, insert
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


def new_token() -> str:
    """A fresh random token: random rather than counted, so that a database restored from
    a backup, or created anew, never reuses a token an earlier state had."""
    return secrets.token_hex(8)


class DataVersion(db.Model):  # type: ignore[name-defined]
    """The single row (``id`` 1) holding the token of the data's current state."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(32))


@event.listens_for(DataVersion.__table__, "after_create")
def _first_row(table: Any, connection: Any, **_kw: Any) -> None:
    # create_all (tests, the demo): the row the writers change. Migrations insert their own.
    connection.execute(insert(table).values(id=1, token=new_token()))
