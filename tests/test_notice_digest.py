"""Due-date notices (once, in Vietnam's day) and the daily e-mail digest, sent through a
real SMTP server started by the test (aiosmtpd on 127.0.0.1) and read back."""

from __future__ import annotations

import email
import email.policy
import json
import socket
from collections.abc import Iterator
from datetime import date, datetime
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import func, select, update

from wardtasks.dates import today_in_vietnam
from wardtasks.extensions import db
from wardtasks.models import Assignment, DigestRun, Notice, NoticeDue, User
from wardtasks.notices import kinds, notify
from wardtasks.notices.digest import send_digests
from wardtasks.notices.due import produce_due_notices

from .factories import Ward

# --- due dates ----------------------------------------------------------------------------

DUE = date(2023, 7, 11)  # assignments a1 and a2 of the test ward


def _due_notices(app: Flask) -> list[tuple[int, str, dict[str, Any]]]:
    with app.app_context():
        rows = db.session.scalars(
            select(Notice).where(Notice.kind.in_((kinds.DUE_SOON, kinds.DUE_PASSED)))
        )
        return sorted((n.user_id, n.kind, json.loads(n.params)) for n in rows)


def _produce(app: Flask, utc: datetime) -> int:
    with app.app_context():
        return produce_due_notices(today_in_vietnam(utc))


def test_due_soon_starts_at_midnight_in_vietnam_and_is_produced_once(
    app: Flask, ward: Ward
) -> None:
    """Seven days before the due date begins at 00:00 in Vietnam (17:00 UTC the day
    before): an hour earlier nothing is due soon; from then on, once per assignment."""
    heads = {ward.users["branch_head"], ward.users["other_branch_head"]}
    assert _produce(app, datetime(2023, 7, 3, 16, 30)) == 0  # 23:30 on 3 July in Vietnam
    assert _produce(app, datetime(2023, 7, 3, 17, 30)) == 2  # 00:30 on 4 July: 7 days
    soon = _due_notices(app)
    assert {user for user, _k, _p in soon} == heads
    assert {(k, p["days"], p["due"]) for _u, k, p in soon} == {(kinds.DUE_SOON, 7, "11/07/2023")}
    # Again the same day, and the days after: nothing new until the date has passed.
    assert _produce(app, datetime(2023, 7, 4, 1, 0)) == 0
    assert _produce(app, datetime(2023, 7, 11, 16, 59)) == 0  # 23:59 on the due date
    assert _due_notices(app) == soon


def test_past_due_is_told_once_from_the_next_day_in_vietnam(app: Flask, ward: Ward) -> None:
    assert _produce(app, datetime(2023, 7, 11, 16, 59)) == 2  # due today: "due soon", 0 days
    assert {p["days"] for _u, _k, p in _due_notices(app)} == {0}
    assert _produce(app, datetime(2023, 7, 11, 17, 0)) == 2  # 00:00 on 12 July in Vietnam
    assert _produce(app, datetime(2023, 9, 1, 3, 0)) == 0
    passed = [(u, p) for u, k, p in _due_notices(app) if k == kinds.DUE_PASSED]
    assert len(passed) == 2
    assert all(
        p
        == {"task": "Phong trào Cựu chiến binh gương mẫu", "scope": p["scope"], "due": "11/07/2023"}
        for _u, p in passed
    )


def test_finished_taken_back_or_moved_work(app: Flask, ward: Ward) -> None:
    """Done or taken-back work is not due; a moved due date is told again."""
    with app.app_context():
        db.session.execute(
            update(Assignment).where(Assignment.id == ward.assignment_a2).values(status="done")
        )
        db.session.execute(
            update(Assignment).where(Assignment.id == ward.assignment_a1).values(active=False)
        )
        db.session.commit()
    assert _produce(app, datetime(2023, 7, 12, 3, 0)) == 0
    with app.app_context():
        db.session.execute(
            update(Assignment)
            .where(Assignment.id == ward.assignment_a1)
            .values(active=True, due_date=date(2023, 7, 15))
        )
        db.session.commit()
    assert _produce(app, datetime(2023, 7, 12, 3, 0)) == 1
    assert _produce(app, datetime(2023, 7, 16, 3, 0)) == 1  # passed now
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(NoticeDue))
    assert count == 2


def test_the_daily_command_is_idempotent(app: Flask, runner, ward: Ward) -> None:
    """``flask notices-due`` run twice on the same day adds nothing the second time. Every
    assignment due today: each branch's head is told, and for work kept at an
    organisation's level its leader."""
    with app.app_context():
        db.session.execute(update(Assignment).values(due_date=today_in_vietnam()))
        db.session.commit()
    first = runner.invoke(args=["notices-due"])
    assert first.exit_code == 0, first.output
    assert "due-date notices: 5 assignment(s)" in first.output
    again = runner.invoke(args=["notices-due"])
    assert "due-date notices: 0 assignment(s)" in again.output
    told = {user for user, _kind, _params in _due_notices(app)}
    assert told == {
        ward.users[r]
        for r in (
            "branch_head",
            "other_branch_head",
            "other_org_branch_head",
            "leader",
            "other_leader",
        )
    }


# --- the digest through a real SMTP server --------------------------------------------------


class Inbox:
    """What the test's SMTP server received; ``refuse`` makes it answer 451 to every message."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.refuse:
            return "451 4.3.0 Mailbox temporarily unavailable"
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp(app: Flask) -> Iterator[Inbox]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=port,
        SMTP_TLS="none",
        SMTP_FROM="vanphong@quynhthien.gov.vn",
        SMTP_TIMEOUT=5,
        PUBLIC_URL="http://nhiemvu.quynhthien.local",
    )
    yield inbox
    controller.stop()


def _opt_in(app: Flask, ward: Ward, role: str, address: str, locale: str | None = None) -> int:
    with app.app_context():
        user = db.session.get(User, ward.users[role])
        assert user is not None
        user.email, user.email_digest, user.locale = address, True, locale
        db.session.commit()
        return user.id


def _returned(app: Flask, user_ids: list[int]) -> None:
    with app.app_context():
        notify(
            user_ids,
            kinds.REPORT_RETURNED,
            link="/reports?month=2023-06",
            scope="Chi hội CCB khối 1",
            month="06/2023",
            comment="Bổ sung số hộ được hỗ trợ",
        )
        db.session.commit()


def _mailed(app: Flask) -> list[bool]:
    with app.app_context():
        return [
            m is not None for m in db.session.scalars(select(Notice.mailed_at).order_by(Notice.id))
        ]


def _parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def test_the_digest_reaches_each_user_in_their_language(
    app: Flask, ward: Ward, smtp: Inbox
) -> None:
    head = _opt_in(app, ward, "branch_head", "binh.tv@quynhthien.gov.vn")
    leader = _opt_in(app, ward, "leader", "leader.a@quynhthien.gov.vn", locale="en")
    viewer = ward.users["viewer"]  # no address: gets nothing
    _returned(app, [head, leader, viewer])

    with app.app_context():
        result = send_digests()
    assert (result.sent, result.failed, result.error) == (2, 0, None)
    by_to = {m["To"].addresses[0].addr_spec: m for m in smtp.messages}
    assert set(by_to) == {"binh.tv@quynhthien.gov.vn", "leader.a@quynhthien.gov.vn"}
    vi = by_to["binh.tv@quynhthien.gov.vn"]
    assert vi["To"].addresses[0].display_name == "Trần Văn Bình"
    assert vi["Subject"] == "1 thông báo mới về nhiệm vụ của phường"
    assert "vanphong@quynhthien.gov.vn" in vi["From"]
    assert vi["Date"] and vi["Message-ID"].endswith("@quynhthien.gov.vn>")
    text, html = _parts(vi)
    sentence = "Báo cáo tháng 06/2023 của Chi hội CCB khối 1 bị trả lại: Bổ sung số hộ được hỗ trợ"
    assert sentence in text and sentence in html
    assert "http://nhiemvu.quynhthien.local/reports?month=2023-06" in text
    assert 'href="http://nhiemvu.quynhthien.local/reports?month=2023-06"' in html
    assert "http://nhiemvu.quynhthien.local/account/email" in text  # how to stop it
    en = by_to["leader.a@quynhthien.gov.vn"]
    assert en["Subject"] == "1 new notice from the ward's task list"
    assert "The report of Chi hội CCB khối 1 for 06/2023 was returned" in _parts(en)[0]
    # Mailed once: the next run has nothing to send; the viewer's notice was never mailed.
    assert _mailed(app) == [True, True, False]
    with app.app_context():
        assert send_digests().sent == 0
    assert len(smtp.messages) == 2


def test_read_notices_are_not_mailed(app: Flask, ward: Ward, smtp: Inbox) -> None:
    head = _opt_in(app, ward, "branch_head", "binh.tv@quynhthien.gov.vn")
    _returned(app, [head])
    with app.app_context():
        db.session.execute(update(Notice).values(read_at=datetime(2026, 1, 1)))
        db.session.commit()
        assert send_digests().sent == 0
    assert smtp.messages == []


def test_a_refusing_server_loses_nothing_and_the_secretariat_sees_it(
    app: Flask, client, auth, ward: Ward, smtp: Inbox
) -> None:
    """The server answers 451: the notice stays unmailed, the run and its error are shown
    under Quản trị, and the next run (server well again) sends it, once."""
    head = _opt_in(app, ward, "branch_head", "binh.tv@quynhthien.gov.vn")
    _returned(app, [head])
    smtp.refuse = True
    with app.app_context():
        failed = send_digests()
    assert (failed.sent, failed.failed) == (0, 1)
    assert failed.error is not None and "451" in failed.error
    assert _mailed(app) == [False]

    auth.login("vanphong")
    admin = client.get("/admin/").get_data(as_text=True)
    assert "không thành công" in admin and "451" in admin
    runs = client.get("/admin/digests").get_data(as_text=True)
    assert "Mailbox temporarily unavailable" in runs
    assert "1 thông báo đang chờ gửi thư điện tử." in runs

    smtp.refuse = False
    with app.app_context():
        again = send_digests()
    assert (again.sent, again.failed, again.error) == (1, 0, None)
    assert len(smtp.messages) == 1 and _mailed(app) == [True]
    assert "không thành công" not in client.get("/admin/").get_data(as_text=True)


def test_a_server_that_is_down_loses_nothing(app: Flask, runner, ward: Ward, smtp: Inbox) -> None:
    """Nothing listens on the port: the command exits with 1 and says why, the run is
    recorded, and every notice waits for the next run."""
    head = _opt_in(app, ward, "branch_head", "binh.tv@quynhthien.gov.vn")
    _returned(app, [head])
    port = app.config["SMTP_PORT"]
    app.config["SMTP_PORT"] = _free_port()
    result = runner.invoke(args=["send-digests"])
    assert result.exit_code == 1
    assert "mail server: ConnectionRefusedError" in result.output
    # The command also wrote today's due-date notices (the ward's 2023 work is past due).
    assert not any(_mailed(app))
    with app.app_context():
        run = db.session.scalars(select(DigestRun)).one()
        assert (run.sent, run.failed) == (0, 1) and "ConnectionRefusedError" in (run.error or "")

    app.config["SMTP_PORT"] = port
    result = runner.invoke(args=["send-digests"])
    assert result.exit_code == 0, result.output
    assert "digests sent: 1, failed: 0" in result.output
    (message,) = smtp.messages
    text, _html = _parts(message)
    assert "bị trả lại" in text and "Đã quá hạn (11/07/2023)" in text
    with app.app_context():
        waiting = select(func.count()).where(Notice.user_id == head, Notice.mailed_at.is_(None))
        assert db.session.scalar(waiting) == 0


def _due_process(database_url: str, start: Any, results: Any) -> None:
    """One process of the race below: the daily step for 12 July 2023."""
    from .conftest import make_test_app

    app = make_test_app(database_url)
    with app.app_context():
        start.wait()
        try:
            results.put(produce_due_notices(date(2023, 7, 12)))
        except Exception as exc:  # noqa: BLE001 - reported by the test
            results.put(repr(exc))
        db.session.remove()
        db.engine.dispose()


def test_two_runs_at_once_tell_each_assignment_once(app: Flask, ward: Ward, database_url) -> None:
    """Cron and an operator running the daily step together: no error, no notice twice."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(3), ctx.Queue()
    processes = [
        ctx.Process(target=_due_process, args=(database_url, start, results)) for _ in range(3)
    ]
    for process in processes:
        process.start()
    outcomes = sorted(str(results.get(timeout=300)) for _ in processes)
    for process in processes:
        process.join()
    assert outcomes == ["0", "0", "2"]
    assert len(_due_notices(app)) == 2


def test_a_name_that_cannot_be_a_header_fails_that_user_alone(
    app: Flask, ward: Ward, smtp: Inbox
) -> None:
    """A name stored with a line break (before forms refused it) cannot go in "To:": that
    user's digest waits, with the error recorded; the others are sent."""
    head = _opt_in(app, ward, "branch_head", "binh.tv@quynhthien.gov.vn")
    other = _opt_in(app, ward, "other_branch_head", "head.a2@quynhthien.gov.vn")
    with app.app_context():
        user = db.session.get(User, head)
        assert user is not None
        user.full_name = "Trần Văn\nBcc: ai@example.com"
        db.session.commit()
    _returned(app, [head, other])
    with app.app_context():
        result = send_digests()
    assert (result.sent, result.failed) == (1, 1)
    assert [m["To"].addresses[0].addr_spec for m in smtp.messages] == ["head.a2@quynhthien.gov.vn"]
    assert _mailed(app) == [False, True]
