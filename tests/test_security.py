"""Account security: login throttling, session ends, cookie flags, headers, error pages."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from flask import Flask, abort
from sqlalchemy import func, select

from wardtasks.extensions import db
from wardtasks.models import User

from .conftest import make_test_app, skip_or_fail
from .factories import PASSWORD
from .test_permissions import MATRIX

REDIS_URL = "redis://127.0.0.1:6379/0"
LOCK_TEXT = "Đăng nhập sai quá nhiều lần"


def _login(client, username: str = "head.a1", password: str = PASSWORD):
    return client.post("/login", data={"username": username, "password": password})


def _logged_in(client) -> bool:
    response = client.get("/")
    return response.status_code in (200, 302) and not response.headers.get(
        "Location", ""
    ).startswith("/login")


# Throttling --------------------------------------------------------------------------


def test_sixth_attempt_is_refused_even_with_the_right_password(client, ward) -> None:
    for n in range(1, 6):
        response = _login(client, password=f"wrong-{n}")
        if n < 5:
            assert response.status_code == 200
            assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    # the 5th failure already says so
    assert response.status_code == 429 and LOCK_TEXT in response.get_data(as_text=True)
    response = _login(client)  # right password, 6th attempt
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert LOCK_TEXT in page and "phút" in page
    assert int(response.headers["Retry-After"]) > 0
    assert not _logged_in(client)
    # the lock is per account: a colleague at the same computer still logs in
    other = client.application.test_client()
    assert _login(other, "vanphong").status_code == 302


def test_usernames_differing_in_case_share_one_counter(client, ward) -> None:
    for n in range(5):
        _login(client, "HEAD.A1" if n % 2 else "head.a1", password=f"wrong-{n}")
    assert _login(client, "Head.A1").status_code == 429


def test_a_success_resets_the_account_counter(client, ward) -> None:
    for n in range(4):
        _login(client, password=f"wrong-{n}")
    assert _login(client).status_code == 302
    client.post("/logout")
    for n in range(4):
        assert _login(client, password=f"again-{n}").status_code == 200
    assert _login(client).status_code == 302


def test_the_address_is_limited_too(app, ward) -> None:
    app.config["LOGIN_FAILURES_PER_ADDRESS"] = 8
    from wardtasks.auth.throttle import init_throttle

    init_throttle(app)
    client = app.test_client()
    for n in range(8):  # 8 different (unknown) accounts from one address
        _login(client, f"nobody{n}", "whatever-password")
    response = _login(client, "vanphong")
    assert response.status_code == 429 and LOCK_TEXT in response.get_data(as_text=True)
    # another address is not affected
    elsewhere = app.test_client()
    response = elsewhere.post(
        "/login",
        data={"username": "vanphong", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )
    assert response.status_code == 302


def _dispose(*apps: Flask) -> None:
    for a in apps:
        with a.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def short_window_app(database_url: str, app: Flask) -> Iterator[Flask]:
    """The test app with a 2-second lock window (same database as ``app``)."""
    other = make_test_app(database_url, LOGIN_LOCK_SECONDS=2)
    yield other
    _dispose(other)


def test_the_lock_ends_after_the_window(short_window_app: Flask, ward) -> None:
    client = short_window_app.test_client()
    for n in range(5):
        _login(client, password=f"wrong-{n}")
    assert _login(client).status_code == 429
    time.sleep(2.2)
    assert _login(client).status_code == 302


def _redis_or_skip() -> None:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception as exc:  # noqa: BLE001
        skip_or_fail(f"Redis at {REDIS_URL} is not reachable: {exc}")


@pytest.mark.parametrize("storage", ["database", "redis"])
def test_the_limit_holds_across_two_app_processes_sharing_their_counts(
    database_url: str, app: Flask, ward, storage: str
) -> None:
    """The database (the default) or Redis: what one app counted, the other sees."""
    if storage == "redis":
        _redis_or_skip()
    uri = REDIS_URL if storage == "redis" else "database://"
    prefix = f"wardtasks-test-{uuid.uuid4().hex}"
    first = make_test_app(database_url, RATELIMIT_STORAGE_URL=uri, RATELIMIT_KEY_PREFIX=prefix)
    second = make_test_app(database_url, RATELIMIT_STORAGE_URL=uri, RATELIMIT_KEY_PREFIX=prefix)
    assert first.config["RATELIMIT_STORAGE_URI"] == uri
    one, two = first.test_client(), second.test_client()
    for n in range(5):  # failures alternate between the two processes
        _login(one if n % 2 else two, password=f"wrong-{n}")
    response = _login(one)
    assert response.status_code == 429, "the 6th attempt went through on the first app"
    response = _login(two)
    assert response.status_code == 429 and LOCK_TEXT in response.get_data(as_text=True)
    _dispose(first, second)


def test_memory_storage_is_per_process(database_url: str, app: Flask, ward) -> None:
    """The control for the test above: without a shared store the counts are separate."""
    first = make_test_app(database_url, RATELIMIT_STORAGE_URL="memory://")
    second = make_test_app(database_url, RATELIMIT_STORAGE_URL="memory://")
    one, two = first.test_client(), second.test_client()
    for n in range(4):
        _login(one, password=f"wrong-{n}")
        _login(two, password=f"wrong-{n}")
    assert _login(two).status_code == 302
    _dispose(first, second)


@pytest.mark.own_app  # adds a route
def test_too_many_requests_answer_429_in_vietnamese(app) -> None:
    def limited() -> str:
        abort(429)

    app.add_url_rule("/test-limited", "test_limited", limited)
    response = app.test_client().get("/test-limited")
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Quá nhiều lần thử" in page and "<html" in page and "Traceback" not in page


# Password rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short-9ch", "Ít nhất 10 ký tự."),
        ("Password123", "Mật khẩu này quá phổ biến"),
        ("QWERTYUIOP", "Mật khẩu này quá phổ biến"),
        ("matkhau123", "Mật khẩu này quá phổ biến"),
        ("aaaaaaaaaaaa", "Mật khẩu này quá phổ biến"),
    ],
)
def test_weak_passwords_are_refused(client, ward, new: str, message: str) -> None:
    _login(client)
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": new, "confirm": new},
    )
    assert message in response.get_data(as_text=True)


def test_a_long_lower_case_sentence_is_fine(client, ward) -> None:
    """No composition rules: length is what counts."""
    _login(client)
    new = "con mèo trèo cây cau"
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": new, "confirm": new},
    )
    assert response.status_code == 302


# Sessions ----------------------------------------------------------------------------


def _stolen_cookie(client) -> str:
    return client.get_cookie("session").value


def _replay(app: Flask, cookie: str):
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get("/ward")


def test_cookie_replayed_after_logout_opens_nothing(app, client, ward) -> None:
    _login(client, "vanphong")
    cookie = _stolen_cookie(client)
    assert _replay(app, cookie).status_code == 200
    client.post("/logout")
    assert _replay(app, cookie).headers["Location"].startswith("/login")


def test_cookie_replayed_after_deactivation_opens_nothing(app, ward) -> None:
    victim = app.test_client()
    _login(victim, "lanhdao")
    cookie = _stolen_cookie(victim)
    assert _replay(app, cookie).status_code == 200
    admin = app.test_client()
    _login(admin, "vanphong")
    admin.post(
        f"/admin/users/{ward.users['viewer']}/active", data={"active": "0", "confirmed": "1"}
    )
    assert _replay(app, cookie).headers["Location"].startswith("/login")
    # reactivation does not bring the old session back
    admin.post(f"/admin/users/{ward.users['viewer']}/active", data={"active": "1"})
    assert _replay(app, cookie).headers["Location"].startswith("/login")


def test_cookie_replayed_after_password_change_opens_nothing(app, client, ward) -> None:
    _login(client, "lanhdao")
    cookie = _stolen_cookie(client)
    new = "mot cau mat khau moi"
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": new, "confirm": new},
    )
    assert response.status_code == 302
    assert client.get("/ward").status_code == 200  # this browser goes on
    assert _replay(app, cookie).headers["Location"].startswith("/login")


def test_cookie_replayed_after_admin_password_reset_opens_nothing(app, ward) -> None:
    victim = app.test_client()
    _login(victim, "lanhdao")
    cookie = _stolen_cookie(victim)
    admin = app.test_client()
    _login(admin, "vanphong")
    admin.post(f"/admin/users/{ward.users['viewer']}/password")
    assert _replay(app, cookie).headers["Location"].startswith("/login")
    assert _login(app.test_client(), "lanhdao").status_code == 200  # old password refused


@pytest.mark.parametrize(("key", "age_seconds"), [("seen_at", 61 * 60), ("login_at", 13 * 3600)])
def test_idle_and_absolute_expiry(client, ward, key: str, age_seconds: int) -> None:
    _login(client, "vanphong")
    assert client.get("/ward").status_code == 200
    with client.session_transaction() as session:
        session[key] = session[key] - age_seconds
        if key == "login_at":
            session["seen_at"] = int(time.time())
    response = client.get("/ward")
    assert response.headers["Location"].startswith("/login")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại." in page
    assert client.get("/ward").status_code == 302


def test_expired_session_under_htmx_gets_hx_redirect(client, ward) -> None:
    _login(client, "vanphong")
    with client.session_transaction() as session:
        session["seen_at"] -= 2 * 3600
    response = client.get("/ward", headers={"HX-Request": "true"})
    assert response.status_code == 401 and response.headers["HX-Redirect"].startswith("/login")


def test_activity_keeps_the_session_alive(client, ward) -> None:
    _login(client, "vanphong")
    with client.session_transaction() as session:
        session["seen_at"] -= 50 * 60  # idle 50 of 60 minutes
    assert client.get("/ward").status_code == 200
    with client.session_transaction() as session:
        assert time.time() - session["seen_at"] < 5


def test_session_cookie_flags(client, ward) -> None:
    response = _login(client, "vanphong")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # off by default: the intranet may have no HTTPS


@pytest.fixture
def secure_app(database_url: str, app: Flask) -> Iterator[Flask]:
    other = make_test_app(database_url, SESSION_COOKIE_SECURE=True)
    yield other
    _dispose(other)


def test_secure_cookie_setting(secure_app: Flask, ward) -> None:
    response = _login(secure_app.test_client(), "vanphong")
    assert "Secure" in response.headers["Set-Cookie"]


def test_no_default_account_on_a_fresh_install(app) -> None:
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0
    client = app.test_client()
    for username, password in [("admin", "admin"), ("admin", "admin12345"), ("root", "root")]:
        assert _login(client, username, password).status_code == 200


# Headers and error pages ---------------------------------------------------------------


def _assert_security_headers(response) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    for part in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert part in csp, (response.request.path, csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("role", ["anonymous", "vanphong", "head.a1"])
def test_headers_on_every_route(app, ward, role: str) -> None:
    client = app.test_client()
    if role != "anonymous":
        _login(client, role)
    for endpoint, (method, url_for_ward, _allowed, _anon) in sorted(MATRIX.items()):
        if endpoint == "auth.logout":
            continue
        with client.open(url_for_ward(ward), method=method) as response:
            assert response.status_code < 500, endpoint
            _assert_security_headers(response)


@pytest.mark.own_app  # adds a route
def test_headers_on_static_404_405_and_500(app) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def boom() -> str:
        raise RuntimeError("secret detail")

    app.add_url_rule("/test-boom", "test_boom", boom)
    client = app.test_client()
    static = client.get("/static/css/app.css")
    assert static.status_code == 200
    _assert_security_headers(static)
    static.close()
    for path, code in [("/no-such-page", 404), ("/test-boom", 500)]:
        response = client.get(path)
        assert response.status_code == code
        _assert_security_headers(response)
        page = response.get_data(as_text=True)
        assert "<html" in page and "Traceback" not in page and "secret detail" not in page
    page = client.get("/test-boom").get_data(as_text=True)
    assert "Hệ thống gặp sự cố" in page
    response = client.put("/login")
    assert response.status_code == 405
    _assert_security_headers(response)


@pytest.mark.parametrize(
    ("code", "path", "text"),
    [
        (404, "/no-such-page", "Không tìm thấy"),
        (403, "/admin/", "Không được phép"),
    ],
)
def test_error_pages_in_vietnamese_and_as_htmx_fragments(client, ward, code, path, text) -> None:
    _login(client, "lanhdao")
    response = client.get(path)
    assert response.status_code == code
    page = response.get_data(as_text=True)
    assert text in page and "<html" in page
    response = client.get(path, headers={"HX-Request": "true"})
    assert response.status_code == code
    fragment = response.get_data(as_text=True)
    assert text in fragment and "<html" not in fragment


def test_request_too_large_is_413_with_a_message(client, ward) -> None:
    response = client.post("/login", data={"username": "x", "password": "y" * (9 * 1024 * 1024)})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "Tệp hoặc biểu mẫu quá lớn." in page and "<html" in page
    _assert_security_headers(response)


def test_bad_request_is_400_in_vietnamese(database_url: str, app: Flask) -> None:
    strict = make_test_app(database_url, WTF_CSRF_ENABLED=True)
    response = strict.test_client().post("/login", data={"username": "a", "password": "b"})
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.get_data(as_text=True)
    _dispose(strict)


def test_htmx_config_needs_no_eval(client) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert '<meta name="htmx-config"' in page
    assert "<script>" not in page and " on" not in page.split("<body")[1].split(">")[0]
    assert "hx-on" not in page
