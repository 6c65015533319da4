"""Notices: notify() writes in the caller's transaction; each kind has its words."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import func, select

from wardtasks.extensions import db
from wardtasks.models import Notice
from wardtasks.notices import kinds, notify
from wardtasks.notices.kinds import notice_text

from .factories import Ward

REPORT_PARAMS = {"scope": "Chi hội CCB khối 1", "month": "06/2023"}
SAMPLE_PARAMS: dict[str, dict[str, str | int]] = {
    kinds.REPORT_SUBMITTED: REPORT_PARAMS,
    kinds.REPORT_RETURNED: {**REPORT_PARAMS, "comment": "Thiếu số liệu"},
    kinds.REPORT_ACCEPTED: REPORT_PARAMS,
    kinds.REPORT_REMINDER: REPORT_PARAMS,
    kinds.ASSIGNMENT_GIVEN: {"scope": "Chi hội CCB khối 1", "task": "Tuyên truyền"},
    kinds.ASSIGNMENT_TAKEN_BACK: {"scope": "Chi hội CCB khối 1", "task": "Tuyên truyền"},
    kinds.DUE_SOON: {"task": "Tuyên truyền", "due": "11/07/2023", "days": 3},
    kinds.DUE_PASSED: {"task": "Tuyên truyền", "due": "11/07/2023"},
}


def make_matrix_notice(app: Flask, ward: Ward) -> None:
    """For the permission matrix: notice 1, the branch head's, about assignment a1."""
    with app.app_context():
        notify(
            [ward.users["branch_head"]],
            kinds.ASSIGNMENT_GIVEN,
            link=f"/assignments/{ward.assignment_a1}",
            scope="Chi hội CCB khối 1",
            task="Phong trào Cựu chiến binh gương mẫu",
        )
        db.session.commit()


def unread_notices(app: Flask, ward: Ward) -> dict[str, str]:
    """For the catalogue's writers: notice 1 is the branch head's and unread, and every
    user of the ward has an unread notice (so marking read writes whoever posts)."""
    with app.app_context():
        missing = db.session.get(Notice, 1) is None
        db.session.rollback()
    if missing:
        make_matrix_notice(app, ward)
    with app.app_context():
        db.session.get(Notice, 1).read_at = None  # type: ignore[union-attr]
        users = [u for key, u in ward.users.items() if key != "branch_head"]
        notify(users, kinds.DUE_PASSED, link="/ward", task="Tuyên truyền", due="11/07/2023")
        db.session.commit()
    return {}


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Notice)) or 0


def test_notify_adds_one_row_per_user_in_the_callers_transaction(app: Flask, ward: Ward) -> None:
    """The notices are saved with the caller's change, or not at all."""
    users = ward.users
    with app.app_context():
        notify(
            [users["branch_head"], users["leader"], users["branch_head"]],
            kinds.REPORT_RETURNED,
            link="/reports",
            comment="Bổ sung số liệu",
            **REPORT_PARAMS,
        )
        db.session.rollback()
        assert _count() == 0
        notify(
            [users["branch_head"], users["leader"]],
            kinds.REPORT_ACCEPTED,
            link="/r",
            **REPORT_PARAMS,
        )
        db.session.commit()
        rows = db.session.scalars(select(Notice).order_by(Notice.user_id)).all()
        assert sorted(r.user_id for r in rows) == sorted([users["branch_head"], users["leader"]])
        assert json.loads(rows[0].params) == REPORT_PARAMS
        assert rows[0].read_at is None and rows[0].mailed_at is None


@pytest.mark.parametrize(
    ("kind", "link", "params"),
    [
        ("no_such_kind", "/r", REPORT_PARAMS),
        (kinds.REPORT_ACCEPTED, "https://evil.example/", REPORT_PARAMS),
        (kinds.REPORT_ACCEPTED, "//evil.example/", REPORT_PARAMS),
        (kinds.REPORT_ACCEPTED, "/" + "x" * 300, REPORT_PARAMS),
        (kinds.REPORT_ACCEPTED, "/r", {"scope": "X"}),
        (kinds.REPORT_ACCEPTED, "/r", {**REPORT_PARAMS, "comment": 1.5}),
    ],
)
def test_notify_refuses_what_could_not_be_shown(
    app: Flask, ward: Ward, kind: str, link: str, params: dict
) -> None:
    """A foreign link, an unknown kind or missing words never reach a user's list."""
    with app.app_context(), pytest.raises(ValueError):
        notify([ward.users["branch_head"]], kind, link=link, **params)


@pytest.mark.parametrize("kind", sorted(kinds.KINDS))
def test_every_kind_has_vietnamese_and_english_words(app: Flask, kind: str) -> None:
    params = SAMPLE_PARAMS[kind]
    with app.test_request_context():
        with force_locale("vi"):
            vi = notice_text(kind, params)
        with force_locale("en"):
            en = notice_text(kind, params)
    assert vi != en
    for value in params.values():
        assert str(value) in vi


def test_a_notice_of_an_unknown_kind_still_reads(app: Flask) -> None:
    with app.test_request_context(), force_locale("vi"):
        assert notice_text("gone_kind", {}) == notice_text(kinds.REPORT_ACCEPTED, {})
