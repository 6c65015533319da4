"""Who a notice goes to: the active users responsible for a branch or organisation, or
the secretariat. One query each, read in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from ..extensions import db
from ..models import User


def branch_heads(branch_ids: Iterable[int]) -> list[int]:
    """Ids of the active branch heads of ``branch_ids``."""
    ids = list(branch_ids)
    if not ids:
        return []
    query = select(User.id).where(User.active, User.role == "branch_head", User.branch_id.in_(ids))
    return list(db.session.scalars(query.order_by(User.id)))


def organisation_leaders(organisation_ids: Iterable[int]) -> list[int]:
    """Ids of the active leaders of ``organisation_ids``."""
    ids = list(organisation_ids)
    if not ids:
        return []
    query = select(User.id).where(User.active, User.role == "leader", User.organisation_id.in_(ids))
    return list(db.session.scalars(query.order_by(User.id)))


def secretariat() -> list[int]:
    """Ids of the active secretariat users."""
    query = select(User.id).where(User.active, User.role == "secretariat")
    return list(db.session.scalars(query.order_by(User.id)))
