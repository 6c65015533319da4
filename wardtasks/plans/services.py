"""Plan look-ups shared by the pages."""

from __future__ import annotations

from sqlalchemy import case, select

from ..extensions import db
from ..models import Plan


def current_plan() -> Plan | None:
    """The plan the pages show by default: the newest active plan, else the newest one."""
    return db.session.scalar(
        select(Plan)
        .order_by(case((Plan.state == "active", 0), else_=1), Plan.year.desc(), Plan.id.desc())
        .limit(1)
    )
