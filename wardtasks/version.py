"""The data version pages answer conditional requests from.

Every transaction of the app's session that writes (an ORM flush, or an INSERT, UPDATE
or DELETE run through the session) changes the token of :class:`DataVersion` just before
it commits, in the same transaction: a page read under one token shows the data of that
token. The token is ward-wide, not per plan: writes are few (a ward's staff saving a
status now and then) and one token has no rule to get wrong about which pages a write
touches. Writes that bypass the session (psql, a restore of another database file)
change no token; a restore brings the token of the state it restores.
"""

from __future__ import annotations

from typing import Any

from flask import g, has_app_context
from flask_sqlalchemy.session import Session
from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import ORMExecuteState

from .extensions import db
from .models import AuditEntry, DataVersion
from .models.version import new_token

_WROTE = "wardtasks_wrote"
_COMMITTING = "wardtasks_committing_write"
_SEEN = "wardtasks_data_version"
_SAVED = "wardtasks_saved"
_TABLE = DataVersion.__table__


def current_version() -> str | None:
    """The token of the data's current state (None if the row is missing), read once per
    transaction of the request (the page's ETag and its counters ask both).

    None inside a transaction that has written and not yet committed: what it reads
    is newer than any token, and must be neither cached nor validated under one."""
    if db.session.info.get(_WROTE):
        return None
    if not has_app_context():
        return _read()
    if _SEEN not in g:
        setattr(g, _SEEN, _read())
    return getattr(g, _SEEN)


def saved_in_request() -> bool:
    """Whether a transaction that wrote has committed during this request: after that, an
    error must not tell the user that nothing was saved (:mod:`wardtasks.errors`)."""
    return bool(g.get(_SAVED)) if has_app_context() else False


# Built once (a statement of fixed shape, as tasks/queries/rows.py explains): every page asks.
# Read through the session's connection (Core), in its transaction: a single value needs
# none of the ORM's result handling, 0.38 -> 0.20 M instructions a page (a 304 included).
_READ = select(_TABLE.c.token).where(_TABLE.c.id == 1)


def _read() -> str | None:
    return db.session.connection().scalar(_READ)


def _forget() -> None:
    # After a commit or rollback the next read may see another state: read it again.
    if has_app_context():
        g.pop(_SEEN, None)


# Writes no conditional page shows: the version itself, and the audit trail (its page is
# always sent whole), so a login, which writes only its audit entry, leaves every
# page and counter current.
_UNSEEN = (_TABLE, AuditEntry.__table__)


def _seen_by_pages(statement: Any) -> bool:
    table = getattr(statement, "table", None)
    return not any(table is unseen for unseen in _UNSEEN)


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    if (state.is_insert or state.is_update or state.is_delete) and _seen_by_pages(state.statement):
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_flush")
def _on_flush(session: Session, _context: Any) -> None:
    # A flush that ran changes nothing but the version itself never comes here: the
    # token is changed with a Core statement.
    session.info[_WROTE] = True


@event.listens_for(Session, "before_commit")
def _on_commit(session: Session) -> None:
    # The last flush runs after this hook: pending objects are writes too.
    if not (session.info.pop(_WROTE, False) or session.new or session.dirty or session.deleted):
        return
    token = new_token()
    changed = session.execute(update(_TABLE).where(_TABLE.c.id == 1).values(token=token))
    if not changed.rowcount:  # type: ignore[attr-defined]
        session.execute(insert(_TABLE).values(id=1, token=token))
    session.info.pop(_WROTE, None)
    session.info[_COMMITTING] = True


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    # The commit's last flush runs after _on_commit and sets _WROTE again (for ORM objects
    # still pending then): that write is committed, and the flag must not make the next
    # transaction, a read, write the token.
    session.info.pop(_WROTE, None)
    if session.info.pop(_COMMITTING, False) and has_app_context():
        setattr(g, _SAVED, True)
    _forget()


@event.listens_for(Session, "after_rollback")
def _on_rollback(session: Session) -> None:
    session.info.pop(_WROTE, None)
    session.info.pop(_COMMITTING, None)
    _forget()
