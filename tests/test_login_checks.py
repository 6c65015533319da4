"""A failed login does the same password work whoever the username names, so its answer
time does not tell whether an account exists (or is deactivated).

Asserted on the work itself, not on timings: every login attempt checks exactly one
password hash, made by the configured method, whatever was typed.
"""

from __future__ import annotations

from typing import Any

import pytest

import wardtasks.models.user as user_module
from wardtasks.extensions import db
from wardtasks.models import User
from wardtasks.models.user import hash_password

from .factories import PASSWORD

# The tests' cheap method, and a cheap scrypt (production's method, with small costs).
METHODS = ["pbkdf2:sha256:1", "scrypt:1024:8:1"]


@pytest.fixture(params=METHODS)
def app_config(request: pytest.FixtureRequest) -> dict[str, Any]:
    return {"PASSWORD_HASH_METHOD": request.param}


def _method(pwhash: str) -> str:
    return pwhash.split("$", 1)[0]


# (username typed, password typed, deactivate the account first)
ATTEMPTS = {
    "unknown account": ("nobody.here", PASSWORD, False),
    "unknown account, odd case": ("NoBody.Else", "wrong-password", False),
    "wrong password": ("head.a1", "wrong-password", False),
    "wrong password, other case": ("HEAD.A1", "wrong-password", False),
    "deactivated, right password": ("head.a1", PASSWORD, True),
    "deactivated, wrong password": ("head.a1", "wrong-password", True),
    "right password": ("head.a1", PASSWORD, False),
}


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_every_login_checks_one_hash_of_the_configured_method(
    app, client, ward, monkeypatch, attempt: str
) -> None:
    username, password, deactivate = ATTEMPTS[attempt]
    with app.app_context():
        user = db.session.get(User, ward.users["branch_head"])
        user.password_hash = hash_password(PASSWORD)  # a real user's hash, today's method
        user.active = not deactivate
        db.session.commit()
        configured = _method(hash_password("anything"))
    checked: list[str] = []
    real_check = user_module.check_password_hash

    def spy(pwhash: str, typed: str) -> bool:
        checked.append(_method(pwhash))
        return real_check(pwhash, typed)

    monkeypatch.setattr(user_module, "check_password_hash", spy)
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == (302 if attempt == "right password" else 200)
    assert checked == [configured], f"{attempt}: hashes checked {checked}"
