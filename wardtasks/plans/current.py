"""Which plan the pages show: the current plan, the plan of a year, the years reported on.

Apart from :mod:`.services` (which writes plans and imports the admin services, the
import draft and its preview), so that every page that asks for its plan loads only
these look-ups: a worker serving the task pages never loads the plan writers
(bench/results/2026-12-08-memory2.md).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import defer

from ..extensions import db
from ..models import Plan
from ..models.plan import ACTIVE_FIRST, CURRENT_FIRST

# Built once (a statement of fixed shape, as tasks/queries/rows.py explains): every page asks.
CURRENT_PLAN = (
    select(Plan)
    .options(defer(Plan.source_text))  # the published text, which is long
    .order_by(*CURRENT_FIRST)
    .limit(1)
)


def current_plan() -> Plan | None:
    """The plan the pages show by default: the newest active plan, else the newest one."""
    return db.session.scalar(CURRENT_PLAN)


def plan_of_year(year: int) -> Plan | None:
    """The plan of ``year`` a month of that year is reported on (the active one if several)."""
    return db.session.scalar(
        select(Plan)
        .where(Plan.year == year, Plan.state != "draft")
        .order_by(ACTIVE_FIRST, Plan.id.desc())
        .limit(1)
    )


def plan_years() -> list[int]:
    """Years that have a plan to report on, newest first."""
    return list(
        db.session.scalars(
            select(Plan.year).where(Plan.state != "draft").distinct().order_by(Plan.year.desc())
        )
    )
