"""The same administrative form sent 8 times at once (a double click, several people):
every answer is a page with a Vietnamese message, never a 500, and nothing is doubled.

The class: every form that creates or changes a row checked for uniqueness (or for
the last active secretariat) before it is written. Each of the 8 requests is held
as its write transaction begins until all 8 are there, so their checks race as
closely as they can; on both databases.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, func, select

from wardtasks import database
from wardtasks.extensions import db
from wardtasks.models import Block, Branch, MonthClose, Organisation, User, WardSetting
from wardtasks.reports.settings import SETTING_KEYS

from .factories import PASSWORD, Ward, make_user
from .test_audit_trail import SETTINGS
from .test_import_screens import SAMPLE, draft_of

AT_ONCE = 8

Request = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Race:
    """``AT_ONCE`` requests made by ``prepare`` (as the ``users`` it makes, else the
    secretariat); ``refused`` of them read ``refusal`` (all but one, unless said; None:
    the refusal is flashed, or none is); ``rows``: what ``count`` finds afterwards."""

    prepare: Callable[[Flask, Ward], list[Request]]
    refusal: str | None
    count: Callable[[], int]
    rows: int
    users: Callable[[Flask, Ward], list[str]] | None = None
    refused: int = AT_ONCE - 1


def _same(url: str, data: dict[str, Any]) -> Callable[[Flask, Ward], list[Request]]:
    return lambda app, w: [(url, data)] * AT_ONCE


def _count(*where: Any) -> Callable[[], int]:
    entity = where[0].left.table
    return lambda: int(db.session.scalar(select(func.count()).select_from(entity).where(*where)))


def _made(app: Flask, rows: Callable[[int], Any]) -> list[int]:
    with app.app_context():
        made = [rows(n) for n in range(AT_ONCE)]
        db.session.add_all(made)
        db.session.commit()
        return [m.id for m in made]


def _rename_organisations(app: Flask, w: Ward) -> list[Request]:
    ids = _made(app, lambda n: Organisation(code=f"T{n}", name=f"Tổ chức {n}", short_name=f"T{n}"))
    return [
        (
            f"/admin/organisations/{i}",
            {"code": f"T{n}", "name": "Hội Nông dân", "short_name": "HND"},
        )
        for n, i in enumerate(ids)
    ]


def _renumber_blocks(app: Flask, w: Ward) -> list[Request]:
    ids = _made(app, lambda n: Block(number=100 + n, name=f"Khối {100 + n}"))
    return [
        (f"/admin/blocks/{i}", {"number": "99", "name": f"Khối {100 + n}"})
        for n, i in enumerate(ids)
    ]


def _rename_branches(app: Flask, w: Ward) -> list[Request]:
    ids = _made(app, lambda n: Branch(organisation_id=w.org_a, name=f"Chi hội {n}"))
    return [
        (f"/admin/branches/{i}", {"block_id": "0", "name": "Chi hội trường", "sort_order": "0"})
        for i in ids
    ]


def _create_from_preview(app: Flask, w: Ward) -> list[Request]:
    client = app.test_client()
    client.post("/login", data={"username": "vanphong", "password": PASSWORD})
    draft = draft_of(client.post("/plans/import", data={"text": SAMPLE}).get_data(as_text=True))
    data = {
        "draft": draft,
        "new-code-new:0": "MTTQ",
        "new-name-new:0": "Ủy ban MTTQ phường",
        "action": "create:new:0",
    }
    return [("/plans/import/draft", data)] * AT_ONCE


def _secretariats(app: Flask, w: Ward) -> list[str]:
    """Eight secretariat users (the ward's one is not among them), each acting below on
    the next: demoting or deactivating them all at once would leave none."""
    with app.app_context():
        for n in range(AT_ONCE):
            make_user(f"thuongtruc.{n}", "secretariat")
        db.session.commit()
        db.session.execute(
            User.__table__.update()
            .where(User.username == "vanphong")
            .values(role="viewer")  # so that the eight are the ward's only secretariat
        )
        db.session.commit()
    return [f"thuongtruc.{n}" for n in range(AT_ONCE)]


def _user_ids(app: Flask) -> list[int]:
    with app.app_context():
        return [
            db.session.scalar(select(User.id).where(User.username == f"thuongtruc.{n}"))
            for n in range(AT_ONCE)
        ]


def _demote_the_next(app: Flask, w: Ward) -> list[Request]:
    ids = _user_ids(app)
    data = {
        "full_name": "Cựu thường trực",
        "role": "viewer",
        "organisation_id": "0",
        "branch_id": "0",
    }
    return [(f"/admin/users/{ids[(n + 1) % AT_ONCE]}", data) for n in range(AT_ONCE)]


def _deactivate_the_next(app: Flask, w: Ward) -> list[Request]:
    ids = _user_ids(app)
    return [
        (f"/admin/users/{ids[(n + 1) % AT_ONCE]}/active", {"active": "0", "confirmed": "1"})
        for n in range(AT_ONCE)
    ]


ACTIVE_SECRETARIATS = _count(User.role == "secretariat", User.active.is_(True))
LAST_SECRETARIAT = "Phường phải luôn có ít nhất một người dùng Thường trực đang hoạt động."

RACES = {
    "add organisation": Race(
        _same("/admin/organisations", {"code": "HND", "name": "Hội Nông dân", "short_name": "HND"}),
        "Đã có tổ chức khác dùng mã này.",
        _count(Organisation.code == "HND"),
        1,
    ),
    "rename organisations alike": Race(
        _rename_organisations,
        "Đã có tổ chức khác mang tên này.",
        _count(Organisation.name == "Hội Nông dân"),
        1,
    ),
    "add block": Race(
        _same("/admin/blocks", {"number": "9", "name": "Khối 9"}),
        "Đã có khối khác mang số này.",
        _count(Block.number == 9),
        1,
    ),
    "renumber blocks alike": Race(
        _renumber_blocks, "Đã có khối khác mang số này.", _count(Block.number == 99), 1
    ),
    "add branch": Race(
        lambda app, w: [
            (
                "/admin/branches",
                {"organisation_id": str(w.org_a), "block_id": "0", "name": "Chi hội trường"},
            )
        ]
        * AT_ONCE,
        "Tổ chức này đã có chi hội mang tên này.",
        _count(Branch.name == "Chi hội trường"),
        1,
    ),
    "rename branches alike": Race(
        _rename_branches,
        "Tổ chức này đã có chi hội mang tên này.",
        _count(Branch.name == "Chi hội trường"),
        1,
    ),
    "add user": Race(
        _same(
            "/admin/users",
            {
                "username": "moi.nguoi",
                "full_name": "Người Mới",
                "role": "viewer",
                "organisation_id": "0",
                "branch_id": "0",
            },
        ),
        "Tên đăng nhập này đã có người dùng.",
        _count(User.username == "moi.nguoi"),
        1,
    ),
    "demote every secretariat": Race(
        _demote_the_next, LAST_SECRETARIAT, ACTIVE_SECRETARIATS, 1, _secretariats, refused=1
    ),
    "deactivate every secretariat": Race(
        _deactivate_the_next, None, ACTIVE_SECRETARIATS, 1, _secretariats
    ),
    "organisation from the import preview": Race(
        _create_from_preview,
        "Đã có tổ chức với mã hoặc tên này",
        _count(Organisation.code == "MTTQ"),
        1,
    ),
    "report settings, first saved": Race(
        # One row per setting the form holds (the fields not sent keep their defaults).
        _same("/reports/settings", SETTINGS),
        None,
        _count(WardSetting.key != ""),
        len(SETTING_KEYS),
    ),
    "close a month": Race(
        _same("/reports/close", {"month": "2023-03", "scope": "ward"}),
        None,  # refused with a flashed message: the next page shows it
        _count(MonthClose.month == 3, MonthClose.reopened_at.is_(None)),
        1,
    ),
}


@contextmanager
def _all_at_once(app: Flask, parties: int) -> Iterator[None]:
    """Hold each request as its write transaction begins until ``parties`` are there:
    before SQLite's BEGIN IMMEDIATE, which would otherwise queue them one by one."""
    barrier = threading.Barrier(parties)

    def hold(_connection: Any) -> None:
        if database._immediate.get():  # a write transaction, not a request's reads
            barrier.wait(timeout=60)

    with app.app_context():
        engine = db.engine
    # First among the "begin" listeners (insert=True does not put it before those
    # already there): take them off, add the hold, put them back.
    others = list(engine.dispatch.begin)
    for listener in others:
        event.remove(engine, "begin", listener)
    event.listen(engine, "begin", hold)
    for listener in others:
        event.listen(engine, "begin", listener)
    try:
        yield
    finally:
        event.remove(engine, "begin", hold)


@pytest.mark.parametrize("race", RACES)
def test_the_same_form_sent_at_once_gets_messages_not_500s(app, ward, race: str) -> None:
    the_race = RACES[race]
    users = the_race.users(app, ward) if the_race.users else ["vanphong"] * AT_ONCE
    requests = the_race.prepare(app, ward)
    clients = []
    for username in users:
        client = app.test_client()
        client.post("/login", data={"username": username, "password": PASSWORD})
        clients.append(client)

    def send(n: int) -> tuple[int, str]:
        url, data = requests[n]
        response = clients[n].post(url, data=data)
        return response.status_code, response.get_data(as_text=True)

    with _all_at_once(app, AT_ONCE), ThreadPoolExecutor(AT_ONCE) as pool:
        answers = list(pool.map(send, range(AT_ONCE)))
    statuses = [status for status, _page in answers]
    assert all(status < 500 for status in statuses), statuses
    if the_race.refusal is not None:
        refused = [page for _status, page in answers if the_race.refusal in page]
        assert len(refused) == the_race.refused, statuses
    with app.app_context():
        assert the_race.count() == the_race.rows
