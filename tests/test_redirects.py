"""No open redirect anywhere: every route of the URL map, sent the classic ``next`` bypasses.

Each route is requested by a user of a role that may use it (from the permission
matrix), with ``next`` in the query string and, for POST routes, in the form too,
with and without ``HX-Request``. Whatever the route answers, every address it sends
the browser to (``Location``, ``HX-Redirect``, ``HX-Location``) must stay on the site.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

import pytest
from flask import Flask
from werkzeug.routing import Rule

from wardtasks.extensions import db
from wardtasks.models import Assignment

from .factories import PASSWORD, USERNAMES, Ward
from .route_catalogue import ARGUMENTS
from .test_permissions import MATRIX, SETUP

# Decoded values of ``next``: the query string and the form encode them again.
BYPASSES = (
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "/\t/evil.example",  # ?next=/%09/evil.example: browsers drop the tab
    "\t//evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    " //evil.example",
    "\x00//evil.example",
    "https:evil.example",
    "http://evil.example",
    "javascript:alert(1)",
    "/x\r\nLocation: http://evil.example",
    "evil.example",
)


def _status_update(app: Flask, ward: Ward, n: int) -> dict[str, str]:
    """A valid status update of assignment a1 (a new note each time, so there is news)."""
    with app.app_context():
        version = db.session.get(Assignment, ward.assignment_a1).version
    return {"status": "in_progress", "progress": "10", "note": f"#{n}", "version": str(version)}


# Routes that follow ``next`` only after a valid form: endpoint -> form maker.
VALID_FORMS: dict[str, Callable[[Flask, Ward, int], dict[str, str]]] = {
    "tasks.update_status": _status_update,
}


# Who asks: a role the matrix allows, the secretariat first (it may use the most).
PREFERENCE = ("secretariat", "leader", "branch_head", "viewer")


def _roles(endpoint: str) -> list[str]:
    """A role that may use the route, and anonymous too where anonymous visitors may."""
    _method, _url, allowed, anonymous_ok = MATRIX[endpoint]
    roles = [next(r for r in (*PREFERENCE, *sorted(allowed)) if r in allowed)]
    return [*roles, "anonymous"] if anonymous_ok else roles


def assert_local(address: str, where: str = "") -> None:
    """``address`` leads to this site, as a browser would read it."""
    # Browsers drop tabs and newlines anywhere, leading/trailing controls and spaces, and
    # read a backslash as a slash.
    seen = "".join(c for c in address if c not in "\t\r\n").strip("\x00- ").replace("\\", "/")
    parts = urlsplit(seen)
    assert not parts.scheme and not parts.netloc, f"{address!r} after {where}"
    assert seen.startswith("/") and not seen.startswith("//"), f"{address!r} after {where}"


def _targets(response) -> list[str]:
    found = []
    if 300 <= response.status_code < 400 or "Location" in response.headers:
        found.append(response.headers.get("Location", ""))
    if "HX-Redirect" in response.headers:
        found.append(response.headers["HX-Redirect"])
    if "HX-Location" in response.headers:
        value = response.headers["HX-Location"]
        found.append(json.loads(value)["path"] if value.startswith("{") else value)
    return found


def _client(app: Flask, role: str):
    client = app.test_client()
    if role != "anonymous":
        data = {"username": USERNAMES[role], "password": PASSWORD}
        assert client.post("/login", data=data).status_code == 302, "login failed"
    return client


def _rules(app: Flask) -> list[tuple[str, str, Rule]]:
    """(endpoint, method, path) for every route but static files."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, rule))
    return found


def test_the_test_covers_every_route(app) -> None:
    missing = {a for rule in app.url_map.iter_rules() for a in rule.arguments} - set(ARGUMENTS)
    assert missing <= {"filename"}, f"URL arguments without a ward value: {sorted(missing)}"


# The matrix has an entry for every route of the URL map (test_permissions checks it).
@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_next_never_leaves_the_site(app, ward, endpoint: str) -> None:
    if endpoint in SETUP:
        SETUP[endpoint](app, ward)
    rules = [(m, r) for e, m, r in _rules(app) if e == endpoint]
    assert rules, f"{endpoint} is no longer a route"
    for role in _roles(endpoint):
        client = None
        sent: list[str] = []
        for method, rule in rules:
            _domain, path = rule.build({a: ARGUMENTS[a](ward) for a in rule.arguments})
            for bypass in BYPASSES:
                for htmx in (False, True):
                    # Logging out ends every session of the user: log in again each time.
                    if client is None or endpoint == "auth.logout":
                        client = _client(app, role)
                    headers = {"HX-Request": "true"} if htmx else {}
                    url = f"{path}{'&' if '?' in path else '?'}{urlencode({'next': bypass})}"
                    data = None
                    if method == "POST":
                        data = {"next": bypass}
                        if endpoint in VALID_FORMS:
                            data.update(VALID_FORMS[endpoint](app, ward, len(sent)))
                    sent.append(url)
                    response = client.open(url, method=method, data=data, headers=headers)
                    response.get_data()
                    response.close()
                    where = f"{method} {url} as {role}, htmx={htmx}"
                    assert response.status_code < 500, where
                    for target in _targets(response):
                        assert_local(target, where)


@pytest.mark.parametrize("bypass", BYPASSES)
def test_login_never_sends_the_user_off_the_site(app, ward, bypass: str) -> None:
    """The login form's ``next`` (a hidden field) is followed after a good password."""
    for htmx in (False, True):
        client = app.test_client()
        headers = {"HX-Request": "true"} if htmx else {}
        data = {"username": USERNAMES["secretariat"], "password": PASSWORD, "next": bypass}
        response = client.post(f"/login?{urlencode({'next': bypass})}", data=data, headers=headers)
        assert response.status_code == 302
        assert_local(response.headers["Location"])


@pytest.mark.parametrize("good", ["/ward", "/tasks/1?scope=org-1&page=2", "/reports?month=2023-03"])
def test_a_local_next_is_followed(app, ward, good: str) -> None:
    """The check keeps working paths: the user comes back where they were."""
    client = app.test_client()
    data = {"username": USERNAMES["secretariat"], "password": PASSWORD, "next": good}
    assert client.post("/login", data=data).headers["Location"] == good
    response = client.get(f"/assignments/{ward.assignment_a1}/row?{urlencode({'next': good})}")
    assert response.headers["Location"] == good
