"""Numbers in addresses and forms: every route of the URL map, sent numbers nobody types.

``str.isdigit()`` accepts "²" (``int()`` then raises) and "٣" (``int()`` reads 3), and a
twenty-digit id overflows PostgreSQL's integer column: each was a 500 waiting for one
address. Every query parameter and form field the app reads as a number is sent each of
them, on every route, by a role that may use it; no answer may be a server error.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from werkzeug.routing import IntegerConverter
from wtforms import IntegerField, SelectField

from wardtasks.extensions import db
from wardtasks.inputs import whole_number
from wardtasks.models import Assignment

from .test_permissions import MATRIX, SETUP
from .test_redirects import ARGUMENTS, _client, _roles, _rules
from .test_text_inputs import _form_classes

ODD_NUMBERS = ("²", "٣", "１２", "99999999999999999999", "-1", "1.5", " 7", "0x10")
# Every name the app reads a number or a number-bearing key from, in a query or a form.
NUMBER_FIELDS = ("page", "branch", "org", "block", "task", "user", "actor", "year", "progress")
KEYED_FIELDS = {
    "scope": ("branch-{}", "org-{}", "task-{}", "block-{}"),
    "action": ("drop:{}",),
    "month": ("{}023-01", "2023-{}"),  # a report's month: month=²023-01
}


def test_a_whole_number_is_ascii_digits_that_fit_a_column() -> None:
    assert [whole_number(t) for t in ("0", "42", "999999999")] == [0, 42, 999999999]
    for odd in (*ODD_NUMBERS, "", "1000000000", None):
        assert whole_number(odd) is None, odd


def _fields(odd: str) -> dict[str, str]:
    fields = {name: odd for name in NUMBER_FIELDS}
    for name, shapes in KEYED_FIELDS.items():
        fields[name] = shapes[len(odd) % len(shapes)].format(odd)
    return fields


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_odd_numbers_never_give_a_server_error(app, ward, endpoint: str) -> None:
    if endpoint in SETUP:
        SETUP[endpoint](app, ward)
    rules = [(m, r) for e, m, r in _rules(app) if e == endpoint]
    for role in _roles(endpoint)[:1]:
        for method, rule in rules:
            _domain, path = rule.build({a: ARGUMENTS[a](ward) for a in rule.arguments})
            for odd in ODD_NUMBERS:
                client = _client(app, role)  # logging out ends the session: a new one each
                fields = _fields(odd)
                url = f"{path}{'&' if '?' in path else '?'}{urlencode(fields)}"
                data = None
                if method == "POST":
                    with app.app_context():
                        version = db.session.get(Assignment, ward.assignment_a1).version
                    data = {**fields, "status": "in_progress", "note": "x", "version": odd}
                    data["branch"] = odd
                    if endpoint == "tasks.update_status" and odd == "²":
                        data["version"] = str(version)  # the progress alone is odd
                for headers in ({}, {"HX-Request": "true"}):
                    response = client.open(url, method=method, data=data, headers=headers)
                    response.close()
                    assert response.status_code < 500, f"{method} {url} as {role}: {odd!r}"


# Ids in addresses: an id no column can hold, or digits of another script, is not found.
BEYOND = ("2147483648", "9223372036854775808", "99999999999999999999", "٣", "²", "１")


def test_ids_beyond_any_column_are_not_found(app, ward) -> None:
    """Every integer argument of every route of the URL map: beyond PostgreSQL's integer
    (``/assignments/2147483648``), SQLite's (``9223372036854775808``), or not ASCII digits
    ("٣" was read as 3): 404, for every method."""
    client = _client(app, "secretariat")
    tried = 0
    for endpoint, method, rule in _rules(app):
        numbered = [a for a in rule.arguments if isinstance(rule._converters[a], IntegerConverter)]
        for argument in numbered:
            for odd in BEYOND:
                values = {a: str(ARGUMENTS[a](ward)) for a in rule.arguments}
                values[argument] = quote(odd)
                path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m, v=values: v[m[1]], rule.rule)
                response = client.open(path, method=method)
                response.close()
                tried += 1
                assert response.status_code == 404, f"{method} {path} ({endpoint})"
    assert tried > 100


LIST_PAGES = {
    "orgs.ward": lambda w: "/ward",
    "orgs.organisation": lambda w: f"/orgs/{w.org_a}",
    "orgs.branch": lambda w: f"/branches/{w.branch_a1}",
    "tasks.task": lambda w: f"/tasks/{w.task_a}",
}
LEFT_OUT = "không đọc được nên đã được bỏ qua"


@pytest.mark.parametrize("endpoint", sorted(LIST_PAGES))
def test_an_unreadable_filter_is_left_out_and_the_page_says_so(app, ward, endpoint: str) -> None:
    """``/ward?org=99999999999999999999``: the list without that filter, and a message."""
    client = _client(app, "secretariat")
    url = LIST_PAGES[endpoint](ward)
    for name in ("org", "branch", "block", "page"):
        for odd in ("99999999999999999999", "²", "٣", "-1", "x"):
            for headers in ({}, {"HX-Request": "true"}):
                page = client.get(url, query_string={name: odd}, headers=headers)
                assert page.status_code == 200
                assert LEFT_OUT in page.get_data(as_text=True), (name, odd)
        good = client.get(url, query_string={name: "1"}).get_data(as_text=True)
        assert LEFT_OUT not in good


def _number_fields() -> list[tuple[type, str]]:
    """(form class, field) of every field of every form that reads a number: whole-number
    fields, selects of ids, the progress."""
    from wardtasks.tasks.forms import PercentField

    found = []
    for cls in _form_classes():
        for klass in cls.__mro__:
            for name, unbound in vars(klass).items():
                kind = getattr(unbound, "field_class", None)
                if kind is None:
                    continue
                coerce = unbound.kwargs.get("coerce")
                if issubclass(kind, IntegerField | PercentField) or (
                    issubclass(kind, SelectField) and coerce is not str and kind is not SelectField
                ):
                    found.append((cls, name))
    return sorted(set(found), key=lambda f: (f[0].__name__, f[1]))


NUMBER_FORM_FIELDS = _number_fields()


@pytest.mark.parametrize(
    ("cls", "name"), NUMBER_FORM_FIELDS, ids=[f"{c.__name__}.{n}" for c, n in NUMBER_FORM_FIELDS]
)
def test_every_number_field_of_every_form_takes_ascii_digits_only(app, cls, name: str) -> None:
    """``int()`` reads "٢" as 2 and "1_0" as 10: a form took them as the number."""
    assert len(NUMBER_FORM_FIELDS) >= 8
    for odd in ("٢", "²", "1_0", "+1", "２", "99999999999999999999"):
        with app.test_request_context(method="POST", data={name: odd}):
            form = cls()
            form.validate()
            field = form[name]
            assert field.data in (None, "") or field.errors, (odd, field.data)
            assert field.data not in (1, 2, 10), (odd, field.data)
