"""Every mutating route refuses a request without a CSRF token; htmx sends it in a header."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .factories import PASSWORD


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"WTF_CSRF_ENABLED": True}


def _mutating_rules(app) -> list[str]:
    return sorted(
        {
            rule.rule
            for rule in app.url_map.iter_rules()
            if rule.methods and rule.methods & {"POST", "PUT", "PATCH", "DELETE"}
        }
    )


def _login(client) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/login", data={"username": "vanphong", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_every_mutating_route_rejects_a_missing_token(app, client, ward) -> None:
    _login(client)
    rules = _mutating_rules(app)
    assert rules, "no mutating route found"
    ids = {
        "org_id": ward.org_a,
        "branch_id": ward.branch_a1,
        "task_id": ward.task_a,
        "plan_id": ward.plan,
        "assignment_id": ward.assignment_a1,
    }
    for rule in rules:
        url = re.sub(r"<(?:int:)?(\w+)>", lambda m: str(ids.get(m.group(1), 1)), rule)
        response = client.post(url, data={"x": "1"})
        assert response.status_code == 400, rule
        assert "hết hạn" in response.get_data(as_text=True), rule


def test_login_itself_needs_the_token(client, ward) -> None:
    response = client.post("/login", data={"username": "vanphong", "password": PASSWORD})
    assert response.status_code == 400


def test_token_in_the_htmx_header_is_accepted(client, ward) -> None:
    _login(client)
    page = client.get("/ward").get_data(as_text=True)
    token = page.split('"X-CSRFToken": "')[1].split('"')[0]
    response = client.post(
        "/language", data={"lang": "en"}, headers={"X-CSRFToken": token, "HX-Request": "true"}
    )
    assert response.status_code == 302
