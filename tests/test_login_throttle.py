"""The login lock: simultaneous guesses cannot beat it, right passwords give back
their places, and every password check is behind it.

The race: 25 guesses at one account are fired at the app at once, spread over two app
processes that share the counts in their database (the default: every gunicorn worker
sees them) or in Redis, and at one process with the in-memory store. Every
password check is held at a gate until the last guess has been sent, so all of them
are in flight together: the widest race there can be. The lock is at 5 failures: the
first 5 guesses are wrong and the right password is every guess from the 6th on, so
no k > 5 may log in, and no more than 5 passwords may even be checked.
"""

from __future__ import annotations

import http.client
import logging
import multiprocessing
import queue
import threading
import urllib.parse
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest
import redis
from sqlalchemy import select
from werkzeug.serving import BaseWSGIServer, make_server

import wardtasks.auth.throttle as throttle_module
import wardtasks.models.user as user_module
from wardtasks.auth.throttle import DatabaseStore, init_throttle
from wardtasks.extensions import db
from wardtasks.models import LoginPlace

from .conftest import make_test_app
from .factories import PASSWORD
from .test_security import LOCK_TEXT, REDIS_URL, _login, _redis_or_skip

GUESSES = 25
LIMIT = 5  # LOGIN_FAILURES_PER_ACCOUNT
USERNAME = "head.a1"


def _gated(entered: Any, gate: Any, real_check: Callable[[str, str], bool]) -> Any:
    """A password check that says which password it checks, then waits at the gate."""

    def gated_check(pwhash: str, password: str) -> bool:
        entered.put(("checked", password))
        gate.wait(timeout=120)
        return real_check(pwhash, password)

    return gated_check


def _app_server(database_url: str, storage: str, prefix: str) -> BaseWSGIServer:
    """An app on the test ward's database with the login counts in ``storage``."""
    app = make_test_app(
        database_url,
        RATELIMIT_STORAGE_URL=storage,
        RATELIMIT_KEY_PREFIX=prefix,
        LOGIN_FAILURES_PER_ACCOUNT=LIMIT,
        # A connection for every guess, should all of them be checked at once.
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "pool_size": GUESSES},
    )
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    return make_server("127.0.0.1", 0, app, threaded=True)


def _serve(
    database_url: str, storage: str, prefix: str, entered: Any, gate: Any, ports: Any
) -> None:
    """One app process (spawned), its password checks gated."""
    user_module.check_password_hash = _gated(entered, gate, user_module.check_password_hash)
    server = _app_server(database_url, storage, prefix)
    ports.put(server.server_port)
    server.serve_forever()


def _guess(port: int, password: str) -> int:
    """POST one login; the answer's status (302: logged in, 200: refused, 429: locked)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    body = urllib.parse.urlencode({"username": USERNAME, "password": password})
    connection.request(
        "POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    status = connection.getresponse().status
    connection.close()
    return status


def _checked_or_answered(answer: Future[int], events: Any, password: str) -> bool:
    """Wait until this guess is being checked (True) or was answered without a check."""
    answer.add_done_callback(lambda _answer: events.put(("answered", password)))
    while True:
        event, guess = events.get(timeout=120)
        if guess == password:
            return bool(event == "checked")


def _fire(ports: list[int], entered: Any, gate: Any) -> None:
    """Send the guesses, alternating between the ``ports``, each once the one before is
    being checked or was answered; let the checks finish once all are in flight."""
    guesses = [f"wrong-{k}" if k <= LIMIT else PASSWORD for k in range(1, GUESSES + 1)]
    checked: list[int] = []
    with ThreadPoolExecutor(GUESSES) as pool:
        answers = []
        for k, password in enumerate(guesses, start=1):
            answer = pool.submit(_guess, ports[k % len(ports)], password)
            answers.append(answer)
            if _checked_or_answered(answer, entered, password):
                checked.append(k)
        gate.set()
        statuses = [a.result(timeout=120) for a in answers]
    logged_in = [k for k, status in enumerate(statuses, start=1) if status == 302]
    assert logged_in == [], f"the right password as guess {logged_in} logged in"
    assert checked == list(range(1, LIMIT + 1)), "only the first 5 guesses were checked"
    assert set(statuses[:LIMIT]) <= {200, 429}  # wrong; the 5th failure says locked
    assert set(statuses[LIMIT:]) == {429}
    # and the account stays locked for the right password afterwards
    assert _guess(ports[0], PASSWORD) == 429


@pytest.mark.parametrize("storage", ["database", "redis"])
def test_simultaneous_guesses_never_get_past_the_lock_across_processes(
    database_url: str, ward, storage: str
) -> None:
    """Two app processes sharing the counts: in their database (as gunicorn's workers do
    by default), or in Redis. (With memory:// here, guesses 6 to 10 log in.)"""
    if storage == "redis":
        _redis_or_skip()
    prefix = f"wardtasks-test-race-{uuid.uuid4().hex}"
    ctx = multiprocessing.get_context("spawn")
    entered, ports, gate = ctx.Queue(), ctx.Queue(), ctx.Event()
    uri = REDIS_URL if storage == "redis" else "database://"
    args = (database_url, uri, prefix, entered, gate, ports)
    servers = [ctx.Process(target=_serve, args=args, daemon=True) for _ in range(2)]
    for server in servers:
        server.start()
    try:
        _fire([ports.get(timeout=120) for _ in servers], entered, gate)
    finally:
        gate.set()
        for server in servers:
            server.terminate()
            server.join(timeout=30)
        if storage == "redis":
            client = redis.Redis.from_url(REDIS_URL)
            keys = list(client.scan_iter(f"*{prefix}*"))
            if keys:
                client.delete(*keys)


def test_simultaneous_guesses_never_get_past_the_lock_in_memory(
    database_url: str, ward, monkeypatch
) -> None:
    """One app process (threads) with the in-memory store: served from this one."""
    entered: queue.Queue[tuple[str, str]] = queue.Queue()
    gate = threading.Event()
    gated = _gated(entered, gate, user_module.check_password_hash)
    monkeypatch.setattr(user_module, "check_password_hash", gated)
    server = _app_server(database_url, "memory://", "wardtasks")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        _fire([server.server_port], entered, gate)
    finally:
        gate.set()
        server.shutdown()
        with server.app.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("storage", ["database", "redis", "memory"])
def test_right_passwords_give_the_address_its_places_back(app, ward, storage: str) -> None:
    """A place is taken before each check: a right password must give it back, or an
    office behind one address would be locked out by its own morning logins."""
    if storage == "redis":
        _redis_or_skip()
    prefix = f"wardtasks-test-refund-{uuid.uuid4().hex}"
    app.config.update(
        RATELIMIT_STORAGE_URI={"redis": REDIS_URL}.get(storage, f"{storage}://"),
        RATELIMIT_KEY_PREFIX=prefix,
        LOGIN_FAILURES_PER_ADDRESS=3,
    )
    init_throttle(app)
    client = app.test_client()
    for _ in range(2):
        for username in ("vanphong", "head.a1", "leader.a", "lanhdao"):
            assert _login(client, username).status_code == 302
            client.post("/logout")
    assert _login(client, "head.a1", "wrong-1").status_code == 200
    assert _login(client, "head.a1", "wrong-2").status_code == 200
    assert _login(client, "head.a1", "wrong-3").status_code == 429  # failures still count


def test_the_current_password_form_is_throttled_like_a_login(client, ward) -> None:
    """Changing the password checks the current one: a guess like any other."""
    assert _login(client, USERNAME).status_code == 302
    for n in range(LIMIT):
        response = client.post(
            "/account/password",
            data={
                "current_password": f"wrong-{n}",
                "new_password": "a new long password",
                "confirm": "a new long password",
            },
        )
    assert response.status_code == 429
    assert LOCK_TEXT in response.get_data(as_text=True)
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a new long password",
            "confirm": "a new long password",
        },
    )
    assert response.status_code == 429  # even the right one, now
    client.post("/logout")
    assert _login(client, USERNAME).status_code == 429  # and the login is locked too


def test_the_database_keeps_no_place_past_its_window(app, ward, monkeypatch) -> None:
    """Every address that ever mistyped a password would otherwise leave its rows in the
    table for good: an attempt deletes the places whose window has passed."""
    clock = [1_000_000.0]
    monkeypatch.setattr(throttle_module.time, "time", lambda: clock[0])
    store = DatabaseStore(seconds=60)
    long_address = "x" * 400  # longer than the column: stored by a hash, still counted
    with app.app_context():
        for n in range(30):
            store.take([(f"t/login/address/10.0.0.{n}", 20)], 60, f"token{n}")
        assert store.take([(long_address, 1)], 60, "long") == 0
        assert store.take([(long_address, 1)], 60, "again") > 0  # its one place is taken
        clock[0] += 61
        store.take([("t/login/address/10.9.9.9", 20)], 60, "last")
        left = db.session.scalars(select(LoginPlace.window_key)).all()
    assert left == ["t/login/address/10.9.9.9"]
