"""People who log in, and their role."""

from __future__ import annotations

import secrets
from datetime import datetime
from functools import cache

from flask import current_app
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .base import in_list, utcnow
from .structure import Branch, Organisation

ROLES = ("secretariat", "leader", "branch_head", "viewer")
# What the audit trail records of a user at each change (the admin screens, `flask create-user`).
USER_FIELDS = (
    "username",
    "full_name",
    "role",
    "organisation_id",
    "branch_id",
    "active",
    "must_change_password",
)


def _new_session_token() -> str:
    return secrets.token_urlsafe(16)


def hash_password(password: str) -> str:
    """A hash of ``password`` by the app's ``PASSWORD_HASH_METHOD`` (scrypt by default).

    Werkzeug records the method in the hash, so :meth:`User.check_password` verifies a hash
    of any method; only the tests choose a cheap one, for speed.
    """
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@cache
def _stand_in_hash(method: str) -> str:
    """A hash of a random password by ``method``, checked when no user has the name typed."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def verify_login(user: User | None, password: str) -> bool:
    """True when ``user`` exists, is active and ``password`` is theirs.

    Exactly one hash is checked whatever the case: an unknown name is checked against a
    stand-in hash of the configured method, a deactivated user against their own. So a
    wrong password costs the same time for any name, and the answer's time does not tell
    which accounts exist (an unknown name answered in 9 ms, a known one in 131 ms).
    """
    method = current_app.config["PASSWORD_HASH_METHOD"]
    pwhash = user.password_hash if user is not None else _stand_in_hash(method)
    right = check_password_hash(pwhash, password)
    return right and user is not None and user.active


class User(db.Model):  # type: ignore[name-defined]
    """A login. Leaders are bound to an organisation, branch heads to a branch."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    branch_id: Mapped[int | None] = mapped_column(
        ForeignKey("branch.id", ondelete="RESTRICT"), index=True
    )
    locale: Mapped[str | None] = mapped_column(String(5))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of the login cookie: replacing it ends every session of this user.
    session_token: Mapped[str] = mapped_column(String(32), default=_new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The daily digest of notices (wardtasks.notices.digest): sent only when opted in.
    email: Mapped[str | None] = mapped_column(String(254))
    email_digest: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    organisation: Mapped[Organisation | None] = relationship()
    branch: Mapped[Branch | None] = relationship()

    __table_args__ = (
        CheckConstraint(in_list("role", ROLES), name="role_known"),
        CheckConstraint(
            "role <> 'leader' OR organisation_id IS NOT NULL", name="leader_has_organisation"
        ),
        CheckConstraint("role <> 'branch_head' OR branch_id IS NOT NULL", name="head_has_branch"),
    )

    # Flask-Login protocol
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        """Store a hash of ``password`` (:func:`hash_password`)."""
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        """True when ``password`` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def end_all_sessions(self) -> None:
        """Invalidate every login cookie issued to this user."""
        self.session_token = _new_session_token()
