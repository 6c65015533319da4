"""The fuzz pass: every route of the URL map, as every role, sent hostile values in every
address argument, query parameter, form field and file; no answer may be a server error.

Run by ``make fuzz`` (SQLite, then PostgreSQL), not by ``make test``: it sends about six
thousand requests per database. What each route reads comes from the route catalogue
(``tests/route_catalogue.py``, complete by ``test_route_catalogue.py``); each value is one
of the route's good values, a hostile one (:data:`HOSTILE`), any text, or a good value with
hostile text around it; the request may carry hostile headers too (:data:`HEADERS`).
A route with a form starts from a form that writes, so that the
writes are fuzzed too, not only their refusals. ``WARDTASKS_FUZZ_EXAMPLES`` sets the
examples per route (default 100). The figures are printed at the end of each run.

A server error is an exception in the test client (the tests' app propagates them), or a
5xx answer; Hypothesis then shrinks the request to the smallest that still fails.
"""

from __future__ import annotations

import io
import json
import os
import re
import time
from collections.abc import Iterator
from functools import cache
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from .factories import PASSWORD, USERNAMES, Ward
from .route_catalogue import (
    ARGUMENTS,
    BAD_JSON,
    BY_KEY,
    DEEP_JSON,
    MORE_ARGUMENTS,
    Route,
    json_paths,
    json_replaced,
)
from .test_permissions import MATRIX, SETUP
from .test_photo_files import grey_png
from .test_text_inputs import poison_stored_text

EXAMPLES = int(os.environ.get("WARDTASKS_FUZZ_EXAMPLES", "100"))

HOSTILE = [
    "",
    " ",
    "\x00",
    "\x01\x02\x1f\x7f",
    "\r\n",
    "\x0b\x0c",
    "\t",
    "²",
    "٣",
    "１２",
    "-1",
    "0",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999",
    "1e999",
    "NaN",
    "1.5",
    "null",
    "[]",
    "{}",
    '{"year": 1e999}',
    "[" * 5000 + "]" * 5000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    "//evil.example",
    "/x\r\nLocation: http://evil.example",
    "a" * 5000,
    "🙂",
    "\u202e",
    "\ufeff",
    "\uffff",
    "e\u0301",
    # Text that changes length under lower(), upper(), casefold() or NFC: "İ" lowercases to
    # two characters (the importer's folding once recursed on it), "ß" and "ﬃ" grow under
    # upper() and casefold(), "ΐ" under upper(), "क़" and "שּׁ" under NFC.
    "İstanbul İ",
    "ß ẞ ﬃ ΐ",
    "\u0958\ufb2c",
    "\u0345\u0307" * 3,
    "31/02/2025",
    "00/00/0000",
    "9999-13",
    "2023-13",
    "²023-01",
    "org-²",
    "branch-99999999999999999999",
    "task-٣",
    "drop:²",
    "drop:-1",
    "split:99999999999999999999",
    "create:new:99",
    "map:",
    "org:99999999999999999999",
    "new:²",
]
# Headers a browser would not send: ranges a file cannot satisfy (once a 500 rather than
# a 416), dates and tags no one wrote, languages with odd weights.
HEADERS: list[dict[str, str]] = [
    {},
    {},
    {},
    {"Range": "bytes=5-2"},
    {"Range": "bytes=99999999999999999999-"},
    {"Range": "bytes=0-0,1-1,2-2"},
    {"If-Modified-Since": "Mon, 01 Jan 10000 00:00:00 GMT"},
    {"If-None-Match": 'W/"İ", *'},
    {"If-Range": '"x"', "Range": "bytes=0-1"},
    {"Accept-Language": "vi;q=NaN, en;q=1e999, *;q=-1"},
]
ROLES = [*USERNAMES, "anonymous"]
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
hostile = st.sampled_from(HOSTILE)


def _value(good: list[str]) -> st.SearchStrategy[str]:
    """A value for a parameter whose good values are ``good``."""
    choices = [hostile, any_text]
    if good:
        near = st.tuples(st.sampled_from(good), hostile).map(lambda p: p[0] + p[1])
        choices = [st.sampled_from(good), st.sampled_from(good), near, *choices]
    return st.one_of(*choices)


def _draft(good: list[str]) -> st.SearchStrategy[str]:
    """A preview's draft: good, with one field replaced by a value of another kind, nested
    too deep, or anything."""
    mutated = st.sampled_from(good).flatmap(
        lambda raw: st.tuples(
            st.sampled_from(list(json_paths(json.loads(raw)))),
            st.sampled_from([*BAD_JSON, DEEP_JSON]),
        ).map(lambda p: json_replaced(raw, p[0], p[1]))
    )
    return st.one_of(st.sampled_from(good), mutated, mutated, _value([]))


@cache
def _files() -> dict[str, bytes]:
    jpeg = io.BytesIO()
    image = Image.new("RGB", (64, 48), "green")
    image.save(jpeg, format="JPEG", comment=b"<script>alert(1)</script>")
    return {
        "jpeg": jpeg.getvalue(),
        "png bomb": grey_png(7740, 7740),
        "truncated": jpeg.getvalue()[:100],
        "gif": b"GIF89a" + b"\x00" * 64,
        "html": b"<!doctype html><script>alert(1)</script>",
        "empty": b"",
        "docx?": b"PK\x03\x04" + b"\x00" * 64,
        "text": "Nhiệm vụ trọng tâm năm 2024\n\x0bHội Cựu chiến binh\n- Thăm hỏi\x01".encode(),
    }


def _file() -> st.SearchStrategy[tuple[bytes, str]]:
    names = st.one_of(
        st.sampled_from(["photo.jpg", "a.png", "x.webp", "plan.txt", "plan.docx", ""]), any_text
    )
    return st.tuples(st.sampled_from(sorted(_files())).map(lambda k: _files()[k]), names)


def _path(rule_text: str, values: dict[str, str]) -> str:
    """The rule's address with ``values`` (quoted) in place of its arguments, whatever
    their converter would accept."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: quote(values[m[1]], safe=""), rule_text)


class Figures:
    """What a run sent and got, printed at its end."""

    requests = 0
    server_errors = 0
    started = time.monotonic()


@pytest.fixture(scope="module", autouse=True)
def _print_figures(request: pytest.FixtureRequest, backend: str) -> Iterator[None]:
    Figures.started = time.monotonic()
    yield
    line = (
        f"fuzz pass on {backend}: {Figures.requests} requests, {Figures.server_errors} 5xx, "
        f"{time.monotonic() - Figures.started:.0f} s"
    )
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\n{line}")


@pytest.fixture
def app_config() -> dict[str, Any]:
    # Thousands of logins, a good share of them wrong: no throttling here (tested elsewhere).
    return {"LOGIN_FAILURES_PER_ACCOUNT": 10**9, "LOGIN_FAILURES_PER_ADDRESS": 10**9}


class Sessions:
    """A logged-in client per role, logged in again when a request ended its session; a
    password the fuzz changed is remembered."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.passwords = dict.fromkeys(USERNAMES, PASSWORD)

    def client(self, role: str) -> Any:
        client = self.app.test_client()
        if role != "anonymous":
            data = {"username": USERNAMES[role], "password": self.passwords[role]}
            response = client.post("/login", data=data)
            assert response.status_code < 500
        return client


def _send(client: Any, method: str, path: str, **kwargs: Any) -> Any:
    response = client.open(path, method=method, **kwargs)
    response.get_data()
    response.close()
    Figures.requests += 1
    if response.status_code >= 500:
        Figures.server_errors += 1
    return response


@pytest.mark.parametrize("key", sorted(BY_KEY), ids="{0[0]}-{0[1]}".format)
def test_fuzz_route(app: Flask, ward: Ward, backend: str, key: tuple[str, str]) -> None:
    endpoint, method = key
    route: Route = BY_KEY[key]
    if endpoint in SETUP:
        SETUP[endpoint](app, ward)
    # What pages and files show includes text stored before control characters were refused.
    poison_stored_text(app, ward, backend)
    # Mostly as a role that may use the route (the others get their 403 quickly).
    allowed = sorted(MATRIX[endpoint][2]) + (["anonymous"] if MATRIX[endpoint][3] else [])
    roles = st.one_of(st.sampled_from(allowed), st.sampled_from(allowed), st.sampled_from(ROLES))
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    sessions = Sessions(app)
    arguments = {
        a: _value([ARGUMENTS[a](ward), *MORE_ARGUMENTS.get(a, lambda w: [])(ward)])
        for a in rule.arguments
    }
    query = {
        name: _value(good(ward))
        for name, good in {"next": lambda w: ["/ward"], **route.query}.items()
    }
    form = {
        name: _draft(good(ward)) if name == "draft" else _value(good(ward))
        for name, good in route.form.items()
    }

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def request_once(data: st.DataObject) -> None:
        role = data.draw(roles, label="role")
        path = _path(rule.rule, {a: data.draw(s, label=a) for a, s in arguments.items()})
        sent_query = {
            n: data.draw(s, label=n) for n, s in query.items() if data.draw(st.booleans())
        }
        body: dict[str, Any] | None = None
        if method == "POST":
            base = route.writes(app, ward) if route.writes and data.draw(st.booleans()) else {}
            body = dict(base)
            for name, strategy in form.items():
                choice = data.draw(st.sampled_from(["keep", "drop", "fuzz"]), label=f"{name}?")
                if choice == "fuzz" or (choice == "keep" and name not in body):
                    body[name] = data.draw(strategy, label=name)
                elif choice == "drop":
                    body.pop(name, None)
            for name in route.files:
                files = data.draw(st.lists(_file(), max_size=5), label=name)
                body[name] = [(io.BytesIO(content), filename) for content, filename in files]
        headers = {"HX-Request": "true"} if data.draw(st.booleans(), label="htmx") else {}
        headers.update(data.draw(st.sampled_from(HEADERS), label="headers"))
        client = sessions.client(role)
        response = _send(
            client,
            method,
            path,
            query_string=sent_query,
            data=body,
            headers=headers,
            content_type="multipart/form-data" if route.files and body else None,
        )
        assert response.status_code < 500, f"{method} {path} as {role}"
        if endpoint == "auth.change_password" and response.status_code in (302, 303) and body:
            sessions.passwords[role] = str(body.get("new_password", ""))

    request_once()
