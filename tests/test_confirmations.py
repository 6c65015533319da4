"""Actions that cannot simply be undone ask first (issue 17): taking a task back from
branches and deactivating a user. Without JavaScript the server answers with a question
page whose "yes" posts the same form confirmed; with JavaScript the button asks
(``data-confirm``) and sends the confirmation itself. Nothing changes before the "yes"."""

from __future__ import annotations

import html
import re

from werkzeug.datastructures import MultiDict

from wardtasks.extensions import db
from wardtasks.models import Assignment, User


def _hidden_fields(page: str) -> list[tuple[str, str]]:
    return [
        (name, html.unescape(value))
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)
        if name != "csrf_token"
    ]


def _active(app, model, id_: int) -> bool:
    with app.app_context():
        return bool(db.session.get(model, id_).active)


def test_taking_back_asks_first_and_the_yes_takes_back(app, client, auth, ward) -> None:
    auth.login("leader.a")
    url = f"/tasks/{ward.task_a}/assign"
    asked = client.post(url, data={"action": "withdraw", "branch": [ward.branch_a1]})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "Thu hồi “Phong trào Cựu chiến binh gương mẫu” khỏi 1 chi hội?" in page
    assert "<li>Chi hội CCB khối 1</li>" in page and "Chi hội CCB khối 2" not in page
    assert f'href="/tasks/{ward.task_a}">Hủy</a>' in page  # "no" goes back to the task
    assert _active(app, Assignment, ward.assignment_a1)  # nothing changed yet
    fields = _hidden_fields(page)
    assert ("action", "withdraw") in fields and ("branch", str(ward.branch_a1)) in fields
    assert ("confirmed", "1") in fields
    done = client.post(url, data=MultiDict(fields))
    assert done.status_code == 303
    assert not _active(app, Assignment, ward.assignment_a1)


def test_giving_and_setting_do_not_ask(app, client, auth, ward) -> None:
    auth.login("leader.a")
    url = f"/tasks/{ward.task_a}/assign"
    for data in (
        {"action": "set", "branch": [ward.branch_a1], "responsible": "Ông Hùng"},
        {"action": "assign", "branch": [ward.branch_a2]},
    ):
        assert client.post(url, data=data).status_code == 303


def test_deactivating_a_user_asks_first_reactivating_does_not(app, client, auth, ward) -> None:
    auth.login("vanphong")
    viewer = ward.users["viewer"]
    url = f"/admin/users/{viewer}/active"
    asked = client.post(url, data={"active": "0"})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "Cho tài khoản của Lanhdao (lanhdao) ngừng hoạt động?" in page
    assert _active(app, User, viewer)
    assert client.post(url, data=MultiDict(_hidden_fields(page))).status_code == 302
    assert not _active(app, User, viewer)
    assert client.post(url, data={"active": "1"}).status_code == 302  # no question
    assert _active(app, User, viewer)


def test_the_question_escapes_what_it_repeats(app, client, auth, ward) -> None:
    auth.login("leader.a")
    page = client.post(
        f"/tasks/{ward.task_a}/assign",
        data={"action": "withdraw", "branch": [ward.branch_a1], "responsible": '"><b>x'},
    ).get_data(as_text=True)
    assert "<b>x" not in page and 'value="&#34;&gt;&lt;b&gt;x"' in page


def test_with_javascript_the_buttons_ask_themselves(client, auth, ward) -> None:
    auth.login("vanphong")
    users = client.get("/admin/users").get_data(as_text=True)
    assert 'data-confirm="Cho tài khoản của Lanhdao (lanhdao) ngừng hoạt động?"' in users
    task = client.get(f"/tasks/{ward.task_a}").get_data(as_text=True)
    assert re.search(r'value="withdraw" class="danger" data-confirm="Thu hồi nhiệm vụ', task)
