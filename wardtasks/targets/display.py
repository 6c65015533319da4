"""What the pages and files show of a plan's targets: a target's standing now or at a
month's end, its months of the year, and the target in words (the views of tasks,
organisations and reports use these; ``views`` holds the target's own form)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from ..dates import month_end_utc, today_in_vietnam
from ..models import Plan, Target, Task
from ..models.base import utcnow
from ..reports.chart import Chart, ChartSeries, plot
from .actuals import Standing, latest_value, plan_targets, standings, target_of
from .forms import DIRECTION_LABELS


def shown_months(plan: Plan, today: Any = None) -> int:
    """The months of the plan's year to show: all of a past year, up to this month."""
    today = today or today_in_vietnam()
    if plan.year < today.year:
        return 12
    return today.month if plan.year == today.year else 0


@dataclass
class RowTarget:
    """The target an update form asks a value for, with the latest value reported."""

    target: Target
    latest: int | None


def row_target(a: Any) -> RowTarget | None:
    """The target of row ``a``'s task, if any (the open update form only: one row)."""
    target = target_of(a.task_id)
    if target is None:
        return None
    return RowTarget(target, latest_value(a.id))


@dataclass
class TargetView:
    """What a page shows of one target: its standing now (or at a month's end), its year
    to date month by month, and the chart of branches on track."""

    target: Target
    task: Task
    now: Standing
    months: list[tuple[int, Standing]]
    chart: Chart | None


def target_view(target: Target, plan: Plan, end: datetime | None = None) -> TargetView:
    """``target`` at ``end`` (default: now) with its months of the year up to then."""
    last = shown_months(plan)
    if end is not None:
        last = min(last, next((m for m in range(1, 13) if month_end_utc(plan.year, m) >= end), 12))
    ends = [month_end_utc(plan.year, m) for m in range(1, last + 1)]
    *monthly, current = standings(target, plan.id, [*ends, end or utcnow()])
    months = list(zip(range(1, last + 1), monthly, strict=True))
    points = [(m, s.share_on_track) for m, s in months if s.share_on_track is not None]
    series = [ChartSeries(_("Branches on track"), 0, points)] if points else []
    return TargetView(target, target.task, current, months, plot(series, last))


def target_sentence(tv: TargetView) -> str:
    """One target in words, for a file: the task, what is aimed at, what stands."""
    t, now = tv.target, tv.now

    def amount(value: int | None) -> str:
        if value is None:
            return _("not reported")
        return f"{value}%" if t.unit == "%" else f"{value} {t.unit}".strip()

    aims = []
    if t.branch_value is not None:
        aims.append(f"{amount(t.branch_value)} {_('per branch')}")
    if t.organisation_value is not None:
        aims.append(f"{amount(t.organisation_value)} {_('for the organisation')}")
    met = now.met
    verdict = "" if met is None else f" ({_('On track') if met else _('Not yet')})"
    line = (
        f"{tv.task.title}: {t.measure}, {str(DIRECTION_LABELS[t.direction]).lower()} "
        f"{' · '.join(aims)}; {_('Organisation, actual')}: {amount(now.organisation_actual)}"
        f"{verdict}"
    )
    if now.judged:
        line += f"; {_('Branches on track')}: {now.on_track}/{len(now.judged)}"
    return line


def targets_of(
    plan: Plan, organisation_id: int | None = None, end: datetime | None = None
) -> list[TargetView]:
    """The views of a plan's targets (an organisation's), for the pages and the report."""
    return [target_view(t, plan, end) for t in plan_targets(plan.id, organisation_id)]
