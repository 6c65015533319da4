"""The submission board: for each unit a user may see (organisations and branches), the
state of its report for each of the last twelve months, its deadline and how late it is;
and the submission rates per organisation and month.

Two queries whatever the number of units and months: the units, and every report of the
months with its first and last submission times.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from ..dates import local_day, previous_month
from ..extensions import db
from ..models import Branch, Organisation, PeriodicReport, Plan, ReportSubmission
from .deadline import deadline_day, outstanding, report_late_days
from .services import Unit

MONTHS_SHOWN = 12


@dataclass
class Cell:
    """One unit's report of one month."""

    unit: Unit
    year: int
    month: int
    state: str  # "none" (not started), "draft", "submitted", "returned", "accepted"
    deadline: date
    first_submitted_at: datetime | None
    last_submitted_at: datetime | None
    late_days: int  # 0: on time, or not due yet
    # Whether the month is reported at all: a month of a year without a plan is not.
    applies: bool = True

    @property
    def submitted(self) -> bool:
        """Sent at least once (returned ones included: they were sent)."""
        return self.first_submitted_at is not None

    @property
    def outstanding(self) -> bool:
        """Still to be sent: never sent, or returned and not sent again."""
        return outstanding(self.state, self.first_submitted_at)

    @property
    def overdue(self) -> bool:
        """Still to be sent (a returned one too), and its deadline has passed: the ones a
        reminder is for."""
        return self.outstanding and self.late_days > 0

    @property
    def on_time(self) -> bool:
        """Sent, not sent back, its first submission by the deadline."""
        return not self.outstanding and self.late_days == 0


@dataclass
class Rate:
    """How many of an organisation's branches sent a month's report (on time)."""

    total: int = 0
    submitted: int = 0
    on_time: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.total) if self.total else 0

    @property
    def counted(self) -> bool:
        """Whether the month had reports to send (a month with a plan, branches in use)."""
        return self.total > 0


@dataclass
class Board:
    """What the board shows for the month chosen and the twelve months up to it."""

    year: int
    month: int
    months: list[tuple[int, int]]  # oldest first, the chosen month last
    organisations: list[Unit]  # organisations' own reports the user sees
    branches: list[Unit]
    cells: dict[tuple[str, int, int], Cell] = field(default_factory=dict)
    rates: dict[tuple[int, int, int], Rate] = field(default_factory=dict)  # (org, y, m)

    def cell(self, unit: Unit, year: int, month: int) -> Cell:
        return self.cells[(unit.key, year, month)]

    def now(self, unit: Unit) -> Cell:
        """The unit's report of the chosen month."""
        return self.cell(unit, self.year, self.month)

    @property
    def units(self) -> list[Unit]:
        return self.organisations + self.branches

    @property
    def late(self) -> list[Cell]:
        """This month's reports not sent past their deadline."""
        return [c for u in self.units if (c := self.now(u)).overdue]

    def rate(self, org_id: int, year: int, month: int) -> Rate:
        return self.rates.get((org_id, year, month), Rate())

    def branches_of(self, org_id: int) -> list[Unit]:
        return [u for u in self.branches if u.organisation_id == org_id]

    @property
    def rate_organisations(self) -> list[tuple[int, str]]:
        """The organisations whose branches the rates count (id, short name), in order."""
        seen: dict[int, str] = {}
        for u in self.branches:
            seen.setdefault(u.organisation_id, u.organisation_short)
        return list(seen.items())


def timeliness(cell: Cell) -> str:
    """A report's timeliness in words: on time, sent N days late, N days late and not
    sent (or returned and not sent again), or (not sent, not due yet) a dash."""
    if not cell.outstanding:
        if cell.late_days:
            return ngettext("%(num)d day late", "%(num)d days late", cell.late_days)
        return _("on time")
    if cell.late_days:
        return ngettext(
            "not submitted, %(num)d day late", "not submitted, %(num)d days late", cell.late_days
        )
    return "—"


def last_months(year: int, month: int, count: int = MONTHS_SHOWN) -> list[tuple[int, int]]:
    """``count`` months ending with ``year``/``month``, oldest first."""
    months = [(year, month)]
    while len(months) < count:
        months.append(previous_month(*months[-1]))
    return months[::-1]


def _units(
    visibility: tuple[str, int | None],
) -> tuple[list[Unit], list[Unit], dict[int, datetime]]:
    """The active organisations' own reports and the active branches' the user sees, and
    when the branches added later were added."""
    kind, value = visibility
    org_query = select(Organisation).where(Organisation.active.is_(True))
    branch_query = (
        select(
            Branch.id,
            Branch.name,
            Organisation.id,
            Organisation.name,
            Organisation.short_name,
            Branch.created_at,
        )
        .join(Organisation, Organisation.id == Branch.organisation_id)
        .where(Branch.active.is_(True), Organisation.active.is_(True))
        .order_by(Organisation.sort_order, Organisation.id, Branch.sort_order, Branch.id)
    )
    if kind == "org":
        org_query = org_query.where(Organisation.id == value)
        branch_query = branch_query.where(Organisation.id == value)
    elif kind == "branch":
        branch_query = branch_query.where(Branch.id == value)
    elif kind != "all":
        return [], [], {}
    orgs = (
        []
        if kind == "branch"
        else [
            Unit(o.id, None, o.name, o.name, o.short_name)
            for o in db.session.scalars(
                org_query.order_by(Organisation.sort_order, Organisation.id)
            )
        ]
    )
    rows = db.session.execute(branch_query).all()
    branches = [
        Unit(org_id, bid, name, org_name, org_short)
        for bid, name, org_id, org_name, org_short, _ in rows
    ]
    added = {row[0]: row[5] for row in rows if row[5] is not None}
    return orgs, branches, added


def _existed(unit: Unit, added: dict[int, datetime], deadline: date) -> bool:
    """Whether the unit had to report a month of ``deadline``: a branch added later only
    from the months it existed at the deadline of."""
    when = added.get(unit.branch_id) if unit.branch_id is not None else None
    return when is None or local_day(when) <= deadline


def build_board(
    year: int,
    month: int,
    visibility: tuple[str, int | None],
    settings: Mapping[str, str],
    now: datetime | None = None,
) -> Board:
    """The board of ``year``/``month`` for a user seeing ``visibility``
    (:func:`wardtasks.policy.cycle_visibility`); ``now`` (naive UTC) for tests."""
    months = last_months(year, month)
    orgs, branches, added = _units(visibility)
    board = Board(year, month, months, orgs, branches)
    first_key = months[0][0] * 12 + months[0][1]
    last_key = year * 12 + month
    rows = db.session.execute(
        select(
            PeriodicReport.organisation_id,
            PeriodicReport.branch_id,
            PeriodicReport.year,
            PeriodicReport.month,
            PeriodicReport.state,
            func.min(ReportSubmission.submitted_at),
            func.max(ReportSubmission.submitted_at),
        )
        .outerjoin(ReportSubmission, ReportSubmission.report_id == PeriodicReport.id)
        .where(
            PeriodicReport.year * 12 + PeriodicReport.month >= first_key,
            PeriodicReport.year * 12 + PeriodicReport.month <= last_key,
        )
        .group_by(PeriodicReport.id)
    )
    reported_years = set(
        db.session.scalars(select(Plan.year).where(Plan.state != "draft").distinct())
    )
    found = {
        (f"branch-{b}" if b is not None else f"org-{o}", y, m): (state, first, last)
        for o, b, y, m, state, first, last in rows
    }
    for y, m in months:
        deadlines = {
            False: deadline_day(y, m, settings, organisation=False),
            True: deadline_day(y, m, settings, organisation=True),
        }
        for unit in board.units:
            state, first, last = found.get((unit.key, y, m), ("none", None, None))
            deadline = deadlines[unit.branch_id is None]
            applies = first is not None or (y in reported_years and _existed(unit, added, deadline))
            late = report_late_days(deadline, state, first, now) if applies else 0
            cell = Cell(unit, y, m, state, deadline, first, last, late, applies)
            board.cells[(unit.key, y, m)] = cell
            if unit.branch_id is not None and applies:
                rate = board.rates.setdefault((unit.organisation_id, y, m), Rate())
                rate.total += 1
                rate.submitted += cell.submitted
                rate.on_time += cell.on_time
    return board
