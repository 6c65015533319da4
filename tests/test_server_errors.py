"""A server error tells the truth about what was saved, and never follows a saved change.

A CR LF in ``next`` once failed the status update *after* its history row was written:
the user got "Something went wrong … Nothing you saved has been lost" while the update
was saved, and sent it again. Whatever fails after a request's write has committed, the
answer is the page the user came from with a message that the change was saved (a 303,
or ``HX-Redirect`` for htmx), not a 500; a 500 to a form that saved nothing says so.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, update
from werkzeug.exceptions import default_exceptions

from wardtasks.extensions import db
from wardtasks.models import Block, DataVersion

from .factories import Ward
from .route_catalogue import ROUTES
from .test_permissions import SETUP
from .test_redirects import _client, _roles

SAVED = "Thay đổi của bạn đã được lưu, nhưng sau đó hệ thống gặp sự cố."
SAVED_EN = "Your change has been saved, but something went wrong on our side afterwards."
NOT_SAVED = "thay đổi này chưa được lưu"
NOTHING_LOST = "Những gì bạn đã lưu không bị mất."
BAD_REQUEST = "Yêu cầu không hợp lệ. Vui lòng tải lại trang và thử lại."
SERVER_ERROR = "Lỗi hệ thống"


@pytest.fixture
def app_config() -> dict[str, Any]:
    # Errors answered by the app's handler, as in production (tests propagate them).
    return {"PROPAGATE_EXCEPTIONS": False}


def _token(app: Flask) -> str | None:
    """The data version, read on a connection of its own (what is committed)."""
    with app.app_context(), db.engine.connect() as conn:
        return conn.scalar(select(DataVersion.token))


@pytest.fixture
def failing_after(app: Flask) -> Iterator[Callable[[str], None]]:
    """Makes a view fail once it has done all its work (its writes committed), as building
    its answer would; the app's views are put back after the test."""
    saved = dict(app.view_functions)

    def fail_after(endpoint: str) -> None:
        view = saved[endpoint]

        @wraps(view)
        def failing(*args: Any, **kwargs: Any) -> Any:
            view(*args, **kwargs)
            raise RuntimeError("failure after the view's work")

        app.view_functions[endpoint] = failing

    yield fail_after
    app.view_functions.clear()
    app.view_functions.update(saved)


WRITERS = [r for r in ROUTES if r.writes is not None]


@pytest.mark.parametrize("route", WRITERS, ids=[r.endpoint for r in WRITERS])
@pytest.mark.parametrize("htmx", [False, True])
def test_no_server_error_follows_a_committed_write(
    app: Flask, ward: Ward, failing_after: Callable[[str], None], route: Any, htmx: bool
) -> None:
    """Every route that writes, with a form that writes, failing just after its commit: the
    change is kept, and the user is sent back to the page they came from, told it was saved."""
    path = route.path(app, ward)
    client = _client(app, _roles(route.endpoint)[0])
    form = route.writes(app, ward)
    headers = {"Referer": "http://localhost/ward?status=done"}
    if htmx:
        headers["HX-Request"] = "true"
    before = _token(app)
    failing_after(route.endpoint)
    response = client.post(path, data=form, headers=headers)
    assert _token(app) != before, "the form wrote nothing: fix the catalogue's writer"
    assert response.status_code != 500
    if htmx:
        assert response.status_code == 200
        assert response.headers["HX-Redirect"] == "/ward?status=done"
    else:
        assert response.status_code == 303
        assert response.headers["Location"] == "/ward?status=done"
    if route.endpoint == "auth.change_password":
        return  # (a new password ends the session: no page to follow)
    page = client.get("/ward?status=done", follow_redirects=True).get_data(as_text=True)
    assert SAVED in page or SAVED_EN in page  # (the language may be what was saved)


def test_the_way_back_stays_on_the_site(
    app: Flask, ward: Ward, failing_after: Callable[[str], None]
) -> None:
    client = _client(app, "branch_head")
    route = next(r for r in WRITERS if r.endpoint == "tasks.update_status")
    failing_after(route.endpoint)
    for referrer in ("https://evil.example/ward", "http://localhost//evil.example", ""):
        response = client.post(
            f"/assignments/{ward.assignment_a1}/status",
            data=route.writes(app, ward),
            headers={"Referer": referrer},
        )
        assert response.status_code == 303 and response.headers["Location"] == "/", referrer


@pytest.mark.own_app  # adds routes
def test_a_server_error_says_whether_anything_was_saved(app: Flask, ward: Ward) -> None:
    def fail() -> str:
        raise RuntimeError("broken")

    def save_then_fail() -> str:
        db.session.execute(update(Block).where(Block.id == ward.block_1).values(name="Khối một"))
        db.session.commit()
        raise RuntimeError("broken after saving")

    app.add_url_rule("/test-fail", view_func=fail, methods=["GET", "POST"])
    app.add_url_rule("/test-save-then-fail", view_func=save_then_fail, methods=["POST"])
    client = _client(app, "secretariat")
    shown = client.get("/test-fail")
    assert shown.status_code == 500 and NOTHING_LOST in shown.get_data(as_text=True)
    sent = client.post("/test-fail")
    assert sent.status_code == 500
    assert NOT_SAVED in sent.get_data(as_text=True)
    assert NOTHING_LOST not in sent.get_data(as_text=True)
    saved = client.post("/test-save-then-fail", headers={"Referer": "http://localhost/admin/"})
    assert saved.status_code == 303 and saved.headers["Location"] == "/admin/"
    assert SAVED in client.get("/admin/").get_data(as_text=True)


# (A 405 whose address no method finds is a 404: see errors._exists_for_another_method.)
@pytest.mark.parametrize(
    "code", sorted(c for c in default_exceptions if 400 <= c < 500 and c != 405)
)
def test_every_client_error_keeps_its_status_and_says_so_in_vietnamese(
    app: Flask, code: int
) -> None:
    """An error the app has no message of its own for (a 416, a 412, a 415…) was answered
    as a server error, 500 "Lỗi hệ thống": a client error is a client error, told as a bad
    request when it has no words of its own, with the headers it carries."""
    error = default_exceptions[code]()
    with app.test_request_context("/ward"):
        response = app.make_response(app.handle_user_exception(error))
    assert response.status_code == code
    page = response.get_data(as_text=True)
    assert SERVER_ERROR not in page and NOTHING_LOST not in page
    if code not in (401, 403, 404, 413, 429):
        assert BAD_REQUEST in page


GETS = [r for r in ROUTES if r.method == "GET"]


def test_a_range_beyond_a_download_is_416_not_a_server_error(app: Flask, ward: Ward) -> None:
    """Every file the app answers (exports, photos: Werkzeug's ``send_file``) honours
    ranges: a range it cannot satisfy (past the end, reversed, beyond 64 bits) was a 500;
    it is a 416 naming the file's length, and a good range is still served."""
    for setup in SETUP.values():
        setup(app, ward)
    files = []
    for route in GETS:
        client = _client(app, _roles(route.endpoint)[0])
        path = route.path(app, ward)
        whole = client.get(path)
        if whole.status_code != 200 or whole.mimetype == "text/html":
            continue
        files.append(route.endpoint)
        length = len(whole.get_data())
        for bad in (f"bytes={length}-", "bytes=5-2", f"bytes={10**20}-", "bytes=-0"):
            response = client.get(path, headers={"Range": bad})
            where = f"{route.endpoint} Range: {bad}"
            if response.status_code == 200:  # (a range Werkzeug ignores: the whole file)
                assert response.get_data() == whole.get_data(), where
                continue
            assert response.status_code == 416, where
            named = re.fullmatch(r"bytes \*/(\d+)", response.headers["Content-Range"])
            assert named, where
            assert int(named[1]) == len(whole.get_data()), where
            assert BAD_REQUEST in response.get_data(as_text=True), where
        part = client.get(path, headers={"Range": "bytes=0-1"})
        assert part.status_code == 206 and part.get_data() == whole.get_data()[:2], route
    assert {"reports.export", "cycle.export", "photos.note_photo"} <= set(files), files


def test_every_download_of_unchanged_data_is_the_same_file(app: Flask, ward: Ward) -> None:
    """A file downloaded twice, with the clock past a second between, is the same bytes
    when nothing changed: a download resumed with a Range header (a phone on a bad line)
    gets the rest of the same file, never a file one byte longer (the board's XLSX was
    stamped with the moment openpyxl saved it)."""
    for setup in SETUP.values():
        setup(app, ward)
    first: dict[str, bytes] = {}
    for route in GETS:
        client = _client(app, _roles(route.endpoint)[0])
        whole = client.get(route.path(app, ward))
        if whole.status_code == 200 and whole.mimetype != "text/html":
            first[route.path(app, ward)] = whole.get_data()
    time.sleep(1.1)
    for route in GETS:
        path = route.path(app, ward)
        if path in first:
            client = _client(app, _roles(route.endpoint)[0])
            assert client.get(path).get_data() == first[path], route.endpoint
    assert any("/cycle/export" in path for path in first), sorted(first)
