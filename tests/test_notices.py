"""Notices: notify() writes in the caller's transaction; each kind has its words."""

from __future__ import annotations

import json
import re

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import func, select

from wardtasks.extensions import db
from wardtasks.models import Notice, User
from wardtasks.notices import kinds, notify
from wardtasks.notices.kinds import notice_text
from wardtasks.web import POLL_EVERY

from .factories import USERNAMES, Ward

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


# --- the bell, the list and marking read, per role ---------------------------------------

HX = {"HX-Request": "true"}
BELL_COUNT = re.compile(
    r'<a id="bell"[^>]*>.*?(?:<span class="bell-count">(\d+)</span>)?</a>', re.S
)


def _bell(html: str) -> int:
    """The unread count the header's bell shows (0: no badge)."""
    found = BELL_COUNT.search(html)
    assert found is not None, "no bell"
    return int(found[1] or 0)


def _give(app: Flask, user_id: int, count: int, task: str = "Tuyên truyền") -> list[int]:
    with app.app_context():
        for n in range(count):
            notify(
                [user_id], kinds.ASSIGNMENT_GIVEN, link="/ward", scope="Khối 1", task=f"{task} {n}"
            )
        db.session.commit()
        query = select(Notice.id).where(Notice.user_id == user_id).order_by(Notice.id)
        return list(db.session.scalars(query))


def _unread(app: Flask, user_id: int) -> int:
    with app.app_context():
        query = select(func.count()).where(Notice.user_id == user_id, Notice.read_at.is_(None))
        return int(db.session.scalar(query) or 0)


@pytest.mark.parametrize("role", sorted(USERNAMES))
def test_each_user_sees_counts_and_marks_only_their_own_notices(
    app: Flask, client, auth, ward: Ward, role: str
) -> None:
    """The bell counts the user's unread notices; they mark one (htmx: the row and the bell
    change), then all; another user's notice can be neither opened nor marked, and stays
    unread."""
    me = ward.users[role]
    other = ward.users["other_org_branch_head" if role != "other_org_branch_head" else "leader"]
    mine = _give(app, me, 3)
    theirs = _give(app, other, 1, task="Việc của người khác")
    auth.login(USERNAMES[role])
    home = client.get("/", follow_redirects=True)
    assert _bell(home.get_data(as_text=True)) == 3

    page = client.get("/notices").get_data(as_text=True)
    assert page.count('class="notice-item unread"') == 3
    assert "Việc của người khác" not in page
    # newest first
    assert (
        page.index("Tuyên truyền 2") < page.index("Tuyên truyền 1") < page.index("Tuyên truyền 0")
    )

    answer = client.post(f"/notices/{mine[0]}/read", headers=HX)
    assert answer.status_code == 200
    body = answer.get_data(as_text=True)
    assert f'id="notice-{mine[0]}"' in body and "unread" not in body.split('id="bell"')[0]
    assert 'hx-swap-oob="true"' in body and _bell(body) == 2
    assert _unread(app, me) == 2

    for action in ("read", "open"):
        refused = client.post(f"/notices/{theirs[0]}/{action}")
        assert refused.status_code == 403
        assert "Không được phép" in refused.get_data(as_text=True)
    assert client.post("/notices/99999/read").status_code == 404
    assert _unread(app, other) == 1

    done = client.post("/notices/read-all", data={"next": "/notices"})
    assert done.status_code == 302 and done.headers["Location"] == "/notices"
    assert _unread(app, me) == 0 and _unread(app, other) == 1
    assert _bell(client.get("/notices").get_data(as_text=True)) == 0


def test_opening_a_notice_marks_it_read_and_goes_to_what_it_is_about(
    app: Flask, client, auth, ward: Ward
) -> None:
    (notice_id,) = _give(app, ward.users["branch_head"], 1)
    with app.app_context():
        db.session.get(Notice, notice_id).link = f"/assignments/{ward.assignment_a1}"  # type: ignore[union-attr]
        db.session.commit()
    auth.login("head.a1")
    response = client.post(f"/notices/{notice_id}/open")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/assignments/{ward.assignment_a1}"
    assert _unread(app, ward.users["branch_head"]) == 0


def test_the_bell_answers_304_until_a_notice_arrives(app: Flask, client, auth, ward: Ward) -> None:
    """Polled every 30 s by every open page: unchanged, it costs a 304 without a body."""
    auth.login("head.a1")
    first = client.get("/notices/bell", headers=HX)
    assert first.status_code == 200 and _bell(first.get_data(as_text=True)) == 0
    tag = first.headers["ETag"]
    again = client.get("/notices/bell", headers={**HX, "If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    _give(app, ward.users["branch_head"], 2)
    fresh = client.get("/notices/bell", headers={**HX, "If-None-Match": tag})
    assert fresh.status_code == 200 and _bell(fresh.get_data(as_text=True)) == 2
    # Without htmx the bell's address is the list.
    assert client.get("/notices/bell").headers["Location"] == "/notices"
    # Polled as the page's counters are.
    page = client.get(f"/branches/{ward.branch_a1}").get_data(as_text=True)
    triggers = re.findall(r'id="(summary|bell)"[^>]*hx-trigger="([^"]+)"', page)
    assert sorted(triggers) == [("bell", POLL_EVERY), ("summary", POLL_EVERY)]


def test_the_notices_page_in_english_and_vietnamese(app: Flask, client, auth, ward: Ward) -> None:
    _give(app, ward.users["branch_head"], 1)
    auth.login("head.a1")
    vi = client.get("/notices").get_data(as_text=True)
    assert "Nhiệm vụ mới giao cho Khối 1: Tuyên truyền 0" in vi
    assert "Đánh dấu đã đọc" in vi
    client.post("/language", data={"lang": "en"})
    en = client.get("/notices").get_data(as_text=True)
    assert "New task for Khối 1: Tuyên truyền 0" in en


# --- assignments given and taken back ----------------------------------------------------


def _notices_of(app: Flask, user_id: int) -> list[tuple[str, dict[str, str | int], str]]:
    with app.app_context():
        rows = db.session.scalars(
            select(Notice).where(Notice.user_id == user_id).order_by(Notice.id)
        )
        return [(n.kind, json.loads(n.params), n.link) for n in rows]


def test_taking_back_and_giving_back_tell_the_branch_head(
    app: Flask, client, auth, ward: Ward
) -> None:
    """The leader takes task a back from branch a1 and gives it again: its head is told
    each time, with the task and a link to the assignment; the leader, who did it, is not."""
    auth.login("leader.a")
    url = f"/tasks/{ward.task_a}/assign"
    taken = client.post(
        url, data={"action": "withdraw", "branch": [ward.branch_a1], "confirmed": "1"}
    )
    assert taken.status_code in (200, 302, 303)
    client.post(url, data={"action": "assign", "branch": [ward.branch_a1]})
    got = _notices_of(app, ward.users["branch_head"])
    link = f"/assignments/{ward.assignment_a1}"
    task = {"scope": "Chi hội CCB khối 1", "task": "Phong trào Cựu chiến binh gương mẫu"}
    assert got == [(kinds.ASSIGNMENT_TAKEN_BACK, task, link), (kinds.ASSIGNMENT_GIVEN, task, link)]
    assert _notices_of(app, ward.users["leader"]) == []
    assert _notices_of(app, ward.users["other_branch_head"]) == []


def test_distributing_a_task_tells_every_branch_head_once(
    app: Flask, client, auth, ward: Ward
) -> None:
    """The shared task given to every branch: each head gets one notice of it, in the
    transaction that created the assignments."""
    auth.login("vanphong")
    response = client.post(
        f"/plans/{ward.plan}/tasks/{ward.task_shared}/distribute", data={"mode": "branches"}
    )
    assert response.status_code in (200, 302, 303)
    for head in ("branch_head", "other_branch_head", "other_org_branch_head"):
        got = _notices_of(app, ward.users[head])
        assert [(k, p["task"]) for k, p, _link in got] == [
            (kinds.ASSIGNMENT_GIVEN, "Tuyên truyền chủ trương")
        ]


def test_a_failed_assigning_leaves_no_notice(app: Flask, ward: Ward, monkeypatch) -> None:
    """The notice is written in the writer's transaction: when it fails, neither stays."""
    from wardtasks.models import User
    from wardtasks.tasks import assigning, services

    told = services.tell_assignment_by_id

    def failing_after_the_notice(*args, **kwargs):
        told(*args, **kwargs)
        raise RuntimeError("failed after the notice")

    with app.test_request_context():
        leader = db.session.get(User, ward.users["leader"])
        monkeypatch.setattr(services, "tell_assignment_by_id", failing_after_the_notice)
        with pytest.raises(RuntimeError):
            assigning.assign_task(
                ward.task_a, leader, action="withdraw", branch_ids=[ward.branch_a1]
            )
    assert _notices_of(app, ward.users["branch_head"]) == []


# --- the e-mail settings -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"email": "binh.tv@", "email_digest": "y"}, "Hãy nhập một địa chỉ thư điện tử"),
        ({"email": "a b@quynhthien.gov.vn"}, "Hãy nhập một địa chỉ thư điện tử"),
        ({"email": "x" * 250 + "@q.vn"}, "Tối đa 254 ký tự"),
        ({"email": "", "email_digest": "y"}, "Hãy nhập địa chỉ thư điện tử để nhận thư hằng ngày"),
        ({"email": "binh\x0b@quynhthien.gov.vn"}, "Hãy nhập một địa chỉ thư điện tử"),
        ({"email": "binh\x01@quynhthien.gov.vn"}, "ký tự điều khiển"),
    ],
)
def test_a_wrong_address_is_refused_next_to_its_field(
    app: Flask, client, auth, ward: Ward, form: dict[str, str], message: str
) -> None:
    auth.login("head.a1")
    response = client.post("/account/email", data=form)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.get(User, ward.users["branch_head"])
        assert user is not None and (user.email, user.email_digest) == (None, False)


def test_the_address_and_opt_in_are_saved_for_the_user_alone(
    app: Flask, client, auth, ward: Ward
) -> None:
    auth.login("head.a1")
    form = {"email": "  binh.tv@quynhthien.gov.vn ", "email_digest": "y"}
    response = client.post("/account/email", data=form)
    assert response.status_code == 302
    page = client.get("/account/email").get_data(as_text=True)
    assert 'value="binh.tv@quynhthien.gov.vn"' in page and "checked" in page
    with app.app_context():
        users = db.session.scalars(select(User).where(User.email.is_not(None))).all()
        assert [(u.username, u.email, u.email_digest) for u in users] == [
            ("head.a1", "binh.tv@quynhthien.gov.vn", True)
        ]
    # Opting out keeps the address; clearing it stops the digest too.
    client.post("/account/email", data={"email": "binh.tv@quynhthien.gov.vn"})
    with app.app_context():
        user = db.session.get(User, ward.users["branch_head"])
        assert user is not None and (user.email, user.email_digest) == (
            "binh.tv@quynhthien.gov.vn",
            False,
        )


@pytest.mark.parametrize("stored", ["{", "[]", '{"scope": true, "month": "06/2023"}', "null"])
def test_a_notice_whose_params_cannot_be_read_still_shows(
    app: Flask, client, auth, ward: Ward, stored: str
) -> None:
    """Params written by another version, or damaged, read as none: the list shows the
    neutral sentence, never an error."""
    (notice_id,) = _give(app, ward.users["branch_head"], 1)
    with app.app_context():
        notice = db.session.get(Notice, notice_id)
        assert notice is not None
        notice.kind, notice.params = kinds.REPORT_ACCEPTED, stored
        db.session.commit()
    auth.login("head.a1")
    page = client.get("/notices")
    assert page.status_code == 200
    assert "Bạn có thông báo mới." in page.get_data(as_text=True)
