"""Every route × every role, generated from the URL map: a new route without an entry fails.

Roles include a leader of another organisation and heads of another branch of
the same organisation and of another organisation's branch.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .factories import USERNAMES, Ward

ROLES = tuple(USERNAMES)
EVERYONE = frozenset(ROLES)
READ_ALL = frozenset({"secretariat", "viewer"})

# endpoint -> (method, url for the test ward, roles allowed, whether anonymous is allowed)
Route = tuple[str, Callable[[Ward], str], frozenset[str], bool]
MATRIX: dict[str, Route] = {
    "auth.login": ("GET", lambda w: "/login", EVERYONE, True),
    "auth.logout": ("POST", lambda w: "/logout", EVERYONE, True),
    "auth.set_language": ("POST", lambda w: "/language", EVERYONE, True),
    "auth.change_password": ("GET", lambda w: "/account/password", EVERYONE, False),
    "orgs.home": ("GET", lambda w: "/", EVERYONE, False),
    "orgs.ward": ("GET", lambda w: "/ward", READ_ALL, False),
    "orgs.organisation": (
        "GET",
        lambda w: f"/orgs/{w.org_a}",
        READ_ALL | {"leader", "branch_head", "other_branch_head"},
        False,
    ),
    "orgs.branch": (
        "GET",
        lambda w: f"/branches/{w.branch_a1}",
        READ_ALL | {"leader", "branch_head"},
        False,
    ),
}


def test_every_route_has_an_entry(app) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    missing = endpoints - set(MATRIX)
    assert not missing, f"routes without a permission entry: {sorted(missing)}"
    assert not set(MATRIX) - endpoints, "entries for routes that no longer exist"


def _request(client, method: str, url: str):
    return client.open(url, method=method)


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
@pytest.mark.parametrize("role", ("anonymous", *ROLES))
def test_permission_matrix(app, ward, endpoint: str, role: str) -> None:
    method, url_for_ward, allowed, anonymous_ok = MATRIX[endpoint]
    client = app.test_client()
    if role != "anonymous":
        response = client.post(
            "/login", data={"username": USERNAMES[role], "password": "correct-horse-42"}
        )
        assert response.status_code == 302, "login failed"
    response = _request(client, method, url_for_ward(ward))
    if role == "anonymous":
        if anonymous_ok:
            assert response.status_code in (200, 302)
        else:
            assert response.status_code == 302
            assert response.headers["Location"].startswith("/login")
        return
    if role in allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302 and endpoint != "auth.logout":
            assert not response.headers["Location"].startswith("/login")
    else:
        assert response.status_code == 403
        assert "Không được phép" in response.get_data(as_text=True)


def test_branch_page_lists_only_that_branch(app, client, auth, ward) -> None:
    """Lists are filtered by the policy too, not only the pages."""
    auth.login("leader.a")
    page = client.get(f"/branches/{ward.branch_a1}").get_data(as_text=True)
    assert "Phong trào Cựu chiến binh gương mẫu" in page
    assert "Hỗ trợ phụ nữ vay vốn" not in page


def test_ward_overview_counts(app, client, auth, ward) -> None:
    auth.login("lanhdao")
    page = client.get("/ward").get_data(as_text=True)
    assert "Hội Cựu chiến binh phường" in page and "Hội Liên hiệp phụ nữ phường" in page
