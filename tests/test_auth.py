"""Logging in and out, first-login password change, redirects."""

from __future__ import annotations

import pytest

from wardtasks.extensions import db
from wardtasks.models import User
from wardtasks.models.audit import AuditEntry

from .factories import PASSWORD


def test_login_success_lands_on_the_role_page(client, auth, ward) -> None:
    response = auth.login("head.a1")
    assert response.status_code == 302
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Chi hội CCB khối 1" in page
    assert "Trần Văn Bình" in page  # the user's name in the header
    assert "Chi hội trưởng" in page or "Trưởng chi hội" in page  # the role, in Vietnamese


def test_username_is_case_insensitive(client, auth, ward) -> None:
    assert auth.login("HEAD.A1").headers["Location"] == "/"


@pytest.mark.parametrize(
    ("username", "password"), [("head.a1", "wrong-password"), ("nobody", PASSWORD)]
)
def test_wrong_login_gives_one_vietnamese_message(client, auth, ward, username, password) -> None:
    response = auth.login(username, password)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in page
    # no hint which part was wrong
    assert "không tồn tại" not in page
    assert client.get("/ward").status_code == 302


def test_deactivated_user_cannot_log_in(app, client, auth, ward) -> None:
    with app.app_context():
        user = db.session.get(User, ward.users["branch_head"])
        user.active = False
        db.session.commit()
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in auth.login("head.a1").get_data(as_text=True)


def test_logout_ends_the_session_even_for_a_replayed_cookie(app, client, auth, ward) -> None:
    auth.login("vanphong")
    assert client.get("/ward").status_code == 200
    stolen = client.get_cookie("session").value
    response = auth.logout()
    assert response.headers["Location"] == "/login"
    assert client.get("/ward").status_code == 302
    # the cookie copied before logout no longer opens anything
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    response = replay.get("/ward")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
    ],
)
def test_next_cannot_leave_the_site(client, ward, target: str) -> None:
    response = client.post(
        "/login", data={"username": "vanphong", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_keeps_a_local_page(client, ward) -> None:
    response = client.get("/ward")
    assert response.headers["Location"] == "/login?next=/ward"
    response = client.post(
        "/login", data={"username": "vanphong", "password": PASSWORD, "next": "/ward"}
    )
    assert response.headers["Location"] == "/ward"


def test_unauthenticated_htmx_request_gets_hx_redirect(client, ward) -> None:
    response = client.get("/ward", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")
    assert b"<form" not in response.data  # no login form swapped into a fragment


def test_created_user_must_change_password_first(app, client, runner, ward) -> None:
    result = runner.invoke(
        args=["create-user", "thuky", "--role", "secretariat", "--name", "Lê Thư Ký"]
    )
    assert result.exit_code == 0, result.output
    one_time = result.output.split("One-time password: ")[1].split()[0]
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "user.create"))
        assert entry is not None and entry.after["username"] == "thuky"  # audited
    client.post("/login", data={"username": "thuky", "password": one_time})
    response = client.get("/ward")
    assert response.headers["Location"] == "/account/password"
    response = client.post(
        "/account/password",
        data={"current_password": one_time, "new_password": "short", "confirm": "short"},
    )
    assert "Ít nhất 10 ký tự." in response.get_data(as_text=True)
    new = "mot-mat-khau-rieng-2023"
    response = client.post(
        "/account/password",
        data={"current_password": one_time, "new_password": new, "confirm": new},
    )
    assert response.headers["Location"] == "/"
    assert client.get("/ward").status_code == 200
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.username == "thuky"))
        assert not user.must_change_password and user.check_password(new)


def test_create_user_refuses_a_leader_without_organisation(runner, ward) -> None:
    result = runner.invoke(args=["create-user", "x", "--role", "leader", "--name", "X"])
    assert result.exit_code != 0
    assert "organisation" in result.output


def test_language_switch_is_remembered_for_the_user(app, client, auth, ward) -> None:
    auth.login("head.a1")
    assert "Đăng xuất" in client.get("/", follow_redirects=True).get_data(as_text=True)
    client.post("/language", data={"lang": "en", "next": "/"})
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Log out" in page and "Đăng xuất" not in page
    with app.app_context():
        assert db.session.get(User, ward.users["branch_head"]).locale == "en"


def test_dates_are_written_dd_mm_yyyy(client, auth, ward) -> None:
    auth.login("head.a1")
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "11/07/2023" in page


def test_production_hashes_passwords_with_scrypt(tmp_path, monkeypatch) -> None:
    """The suite hashes cheaply (its config); a real install hashes with scrypt."""
    from wardtasks import create_app
    from wardtasks.models.user import hash_password

    monkeypatch.setenv("WARDTASKS_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("WARDTASKS_PASSWORD_HASH_METHOD", raising=False)
    production = create_app()
    assert production.config["PASSWORD_HASH_METHOD"] == "scrypt"
    with production.app_context():
        user = User(username="x", full_name="X", role="viewer", password_hash="")
        user.set_password(PASSWORD)
        assert user.password_hash.startswith("scrypt:")
        assert hash_password(PASSWORD).startswith("scrypt:")
        assert user.check_password(PASSWORD) and not user.check_password(PASSWORD + "x")


def test_a_scrypt_hash_still_logs_in(app, client, auth, ward) -> None:
    """Accounts hashed by a real install log in whatever method the app hashes new ones with."""
    from werkzeug.security import generate_password_hash

    with app.app_context():
        user = db.session.get(User, ward.users["branch_head"])
        user.password_hash = generate_password_hash(PASSWORD, method="scrypt")
        db.session.commit()
    assert auth.login("head.a1", "wrong-password").status_code == 200
    assert auth.login("head.a1").headers["Location"] == "/"
