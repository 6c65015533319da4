"""Notices (issue 18, item 4): the bell, the list, due-date warnings and the e-mail digest.

Writers call :func:`notify` in their own transaction: the notice is saved with the change
it tells of, or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import insert

from ..extensions import db
from ..models import Notice
from ..models.base import utcnow
from .kinds import KINDS, REQUIRED

__all__ = ["notify"]

LINK_MAX = 300
# Built once (SQLAlchemy's compiled-SQL cache is keyed on the statement), as audit.record's.
_INSERT = insert(Notice.__table__)


def notify(user_ids: Iterable[int], kind: str, *, link: str, **params: str | int) -> None:
    """Add a notice of ``kind`` for each of ``user_ids`` (each once) to the current session.

    It does not commit: the caller's transaction saves the notices with its change.
    ``link`` is a same-site path (``url_for(...)``), at most 300 characters; ``params``
    are the values the kind's words need (see :mod:`wardtasks.notices.kinds`). A wrong
    kind, link or param is a programming error and raises ``ValueError``.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown notice kind {kind!r}")
    if not link.startswith("/") or link.startswith("//") or len(link) > LINK_MAX:
        raise ValueError(f"a notice links to a same-site path, not {link!r}")
    missing = [name for name in REQUIRED[kind] if name not in params]
    if missing:
        raise ValueError(f"notice {kind!r} needs {missing}")
    for name, value in params.items():
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValueError(f"notice param {name!r} must be str or int")
    text = json.dumps(params, ensure_ascii=False, sort_keys=True)
    rows = [
        {"user_id": user_id, "kind": kind, "params": text, "link": link, "created_at": utcnow()}
        for user_id in dict.fromkeys(user_ids)
    ]
    if rows:
        # One INSERT, run now: no ORM object left pending for the caller's commit.
        db.session.execute(_INSERT, rows)
