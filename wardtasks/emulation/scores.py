"""Emulation scores (thi đua) of a period, from the status history.

Each :class:`Criterion` counts, per branch (and per organisation's own level), what the
period holds — done on time, done late, overdue, blocked, targets met; the secretariat
gives each a weight (:mod:`.weights`); a branch's score is the sum of its counts times
their weights, an organisation's the sum over its branches and its own level. Every
count is read from the history at the period's end (``month_end_status``), so a past
period's ranking is the same after any later update; a closed period keeps its ranking
and the weights it was computed with (:mod:`.closing`).

The criteria are a list; the monthly reports submitted on time (issue 18) are counted
from the cycle's board (:mod:`wardtasks.cycle.board`): each of the period's months whose
report a branch, or an organisation for its own, sent by the deadline, as the board
judges it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from ..cycle.board import build_board
from ..dates import month_end_as_of, month_end_utc, month_start_utc, today_in_vietnam
from ..extensions import db
from ..models import Branch, Organisation, Plan
from ..reports.month_end import MonthEndState, month_end_status
from ..reports.settings import report_settings
from ..status import is_overdue
from ..targets.actuals import plan_targets, standing

# A unit scored: (organisation id, branch id or None for the organisation's own level).
Unit = tuple[int, int | None]

PERIOD_KEYS = ("year", "q1", "q2", "q3", "q4", *(f"m{m:02d}" for m in range(1, 13)))
# A period's words without its year (the audit trail).
PERIOD_LABELS: dict[str, Any] = {
    "year": _l("Whole year"),
    **{f"q{q}": _l("Quarter %(q)d", q=q) for q in range(1, 5)},
    **{f"m{m:02d}": _l("Month %(m)d", m=m) for m in range(1, 13)},
}


@dataclass(frozen=True)
class Period:
    """A month, a quarter or the whole year of a plan."""

    year: int
    key: str

    @property
    def months(self) -> tuple[int, int]:
        """The first and the last month."""
        if self.key == "year":
            return 1, 12
        if self.key.startswith("q"):
            q = int(self.key[1])
            return 3 * q - 2, 3 * q
        m = int(self.key[1:])
        return m, m

    @property
    def start(self) -> datetime:
        return month_start_utc(self.year, self.months[0])

    @property
    def end(self) -> datetime:
        return month_end_utc(self.year, self.months[1])

    @property
    def first_day(self) -> date:
        return date(self.year, self.months[0], 1)

    @property
    def as_of(self) -> date:
        """The day the period's open items are judged on (the day after its last)."""
        return month_end_as_of(self.year, self.months[1])

    @property
    def label(self) -> str:
        if self.key == "year":
            return str(_l("Year %(year)d", year=self.year))
        if self.key.startswith("q"):
            return str(_l("Quarter %(q)s/%(year)d", q=self.key[1], year=self.year))
        return str(_l("Month %(month)d/%(year)d", month=self.months[0], year=self.year))


def parse_period(year: int, key: str | None) -> Period | None:
    """The period ``key`` of ``year`` (None for an unknown key)."""
    return Period(year, key) if key in PERIOD_KEYS else None


@dataclass
class Facts:
    """What the criteria read: every assignment as it stood at the period's end, which
    of those with a target met it then, and how many of the period's monthly reports each
    unit sent on time."""

    period: Period
    states: list[MonthEndState]
    met: dict[int, bool]
    as_of: date
    reports_on_time: Counter[Unit] = field(default_factory=Counter)


def _unit(s: MonthEndState) -> Unit:
    return (s.organisation_id, s.branch_id)


def per_assignment(test: Callable[[MonthEndState, Facts], bool]) -> Callable[[Facts], Counter]:
    """A criterion's count: the assignments of each unit for which ``test`` holds."""

    def count(facts: Facts) -> Counter[Unit]:
        return Counter(_unit(s) for s in facts.states if test(s, facts))

    return count


def _done_in_period(s: MonthEndState, facts: Facts) -> bool:
    return s.done_on is not None and s.done_on >= facts.period.first_day


def _on_time(s: MonthEndState, facts: Facts) -> bool:
    return _done_in_period(s, facts) and (s.due_date is None or s.done_on <= s.due_date)  # type: ignore[operator]


def _late(s: MonthEndState, facts: Facts) -> bool:
    return _done_in_period(s, facts) and s.due_date is not None and s.done_on > s.due_date  # type: ignore[operator]


@dataclass(frozen=True)
class Criterion:
    """One thing scored: its key (settings, exports), its label, the weight it has until
    the secretariat sets one, and how it counts per unit."""

    key: str
    label: Any
    default_weight: int
    count: Callable[[Facts], Counter[Unit]]


CRITERIA: tuple[Criterion, ...] = (
    Criterion("done_on_time", _l("Done on time"), 3, per_assignment(_on_time)),
    Criterion("done_late", _l("Done late"), 1, per_assignment(_late)),
    Criterion(
        "overdue",
        _l("Overdue"),
        -2,
        per_assignment(lambda s, f: is_overdue(s.status, s.due_date, f.as_of)),
    ),
    Criterion("blocked", _l("Blocked"), -1, per_assignment(lambda s, f: s.status == "blocked")),
    Criterion(
        "targets_met",
        _l("Targets met"),
        2,
        per_assignment(lambda s, f: f.met.get(s.assignment_id, False)),
    ),
    Criterion("reports_on_time", _l("Reports submitted on time"), 2, lambda f: f.reports_on_time),
)
CRITERION_KEYS = tuple(c.key for c in CRITERIA)


@dataclass
class ScoreLine:
    """One branch or organisation in the ranking, with its breakdown."""

    name: str
    organisation: str
    organisation_id: int
    branch_id: int | None
    counts: dict[str, int]
    points: dict[str, int]
    total: int
    rank: int = 0


@dataclass
class Ranking:
    """A period's ranking of branches and of organisations, with the weights used."""

    plan_id: int
    year: int
    period: str
    weights: dict[str, int]
    branches: list[ScoreLine] = field(default_factory=list)
    organisations: list[ScoreLine] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Ranking:
        """A stored ranking; one closed before a criterion existed shows it as 0 × 0."""
        lines = {
            k: [
                ScoreLine(
                    **{
                        **line,
                        "counts": {c: line["counts"].get(c, 0) for c in CRITERION_KEYS},
                        "points": {c: line["points"].get(c, 0) for c in CRITERION_KEYS},
                    }
                )
                for line in data[k]
            ]
            for k in ("branches", "organisations")
        }
        return cls(
            plan_id=data["plan_id"],
            year=data["year"],
            period=data["period"],
            weights={c: data["weights"].get(c, 0) for c in CRITERION_KEYS},
            **lines,
        )


def facts_of(plan: Plan, period: Period, now: datetime | None = None) -> Facts:
    """The period's facts from the history; a period not over yet: as things stand,
    overdue judged as of today."""
    end = period.end
    states = month_end_status(plan.id, end, notes="blocked")
    met: dict[int, bool] = {}
    for target in plan_targets(plan.id):
        met.update(standing(target, plan.id, end).met_by_assignment())
    return Facts(
        period, states, met, min(period.as_of, today_in_vietnam(now)), reports_on_time(period, now)
    )


def reports_on_time(period: Period, now: datetime | None = None) -> Counter[Unit]:
    """How many of the period's monthly reports each unit sent on time (the board of the
    period's last month holds its months: twelve at most)."""
    first, last = period.months
    board = build_board(period.year, last, ("all", None), report_settings(), now)
    return Counter(
        (u.organisation_id, u.branch_id)
        for m in range(first, last + 1)
        for u in board.units
        if board.cell(u, period.year, m).on_time
    )


def _line(
    name: str, org: Organisation, branch_id: int | None, counts: dict[str, int], w: dict[str, int]
) -> ScoreLine:
    points = {k: counts[k] * w[k] for k in CRITERION_KEYS}
    return ScoreLine(name, org.short_name, org.id, branch_id, counts, points, sum(points.values()))


def _ranked(lines: list[ScoreLine]) -> list[ScoreLine]:
    """Highest score first; equal scores share a rank (1, 2, 2, 4)."""
    lines.sort(key=lambda s: (-s.total, s.organisation, s.name))
    for n, line in enumerate(lines):
        tied = n and lines[n - 1].total == line.total
        line.rank = lines[n - 1].rank if tied else n + 1
    return lines


def rank(
    plan: Plan, period: Period, weights: dict[str, int], now: datetime | None = None
) -> Ranking:
    """The period's ranking computed from the history with ``weights``."""
    facts = facts_of(plan, period, now)
    by_criterion = {c.key: c.count(facts) for c in CRITERIA}
    units = {_unit(s) for s in facts.states} | set(facts.reports_on_time)
    orgs = {o.id: o for o in db.session.scalars(db.select(Organisation))}
    branches = {b.id: b for b in db.session.scalars(db.select(Branch))}
    ranking = Ranking(plan.id, plan.year, period.key, dict(weights))
    org_counts: dict[int, Counter[str]] = {}
    for org_id, branch_id in units:
        counts = {k: by_criterion[k].get((org_id, branch_id), 0) for k in CRITERION_KEYS}
        org_counts.setdefault(org_id, Counter()).update(counts)
        if branch_id is not None:
            b = branches[branch_id]
            ranking.branches.append(_line(b.name, orgs[org_id], branch_id, counts, weights))
    for org_id, counter in org_counts.items():
        org = orgs[org_id]
        counts = {k: counter.get(k, 0) for k in CRITERION_KEYS}
        ranking.organisations.append(_line(org.name, org, None, counts, weights))
    _ranked(ranking.branches)
    _ranked(ranking.organisations)
    return ranking
