"""The report of a month and scope, as the page and the exports show it.

Every report is built from a snapshot (see :mod:`.snapshot`): live, read from the
history when asked; closed, the figures stored when the month was closed. The
whole ward is a summary (tallies per organisation and task, its difficulties and
what falls due next month, no branch detail), counted by :func:`ward_summary`
whichever the snapshot; an organisation, branch or block gets every assignment
(:func:`build_report`).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _

from ..dates import next_month
from ..extensions import cache
from ..models import ASSIGNMENT_STATUSES, MonthClose, Plan
from ..scope import Scope
from ..status import GOVERNMENT_CATEGORIES, is_due_in_month
from ..version import current_version
from .chart import ChartSeries
from .closing import in_force, month_in_force
from .snapshot import build_snapshot, chart_counts, month_updates

SCOPE_KINDS = ("ward", "org", "branch", "block")


@dataclass
class Tally:
    """Counts for a group of assignments at month end, with the previous month's."""

    total: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ASSIGNMENT_STATUSES, 0))
    by_category: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(GOVERNMENT_CATEGORIES, 0)
    )
    overdue: int = 0
    previous_total: int = 0
    previous_done: int = 0

    @property
    def done(self) -> int:
        return self.by_status["done"]

    @property
    def blocked(self) -> int:
        return self.by_status["blocked"]

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def previous_percent_done(self) -> int:
        return round(100 * self.previous_done / self.previous_total) if self.previous_total else 0

    @property
    def change(self) -> int:
        """Change of the share done against the previous month, in percentage points."""
        return self.percent_done - self.previous_percent_done

    def count(self, status: str, category: str | None, overdue: bool, n: int = 1) -> None:
        """Add ``n`` assignments of one status, category and overdue flag."""
        self.total += n
        self.by_status[status] += n
        if category:
            self.by_category[category] += n
        self.overdue += n if overdue else 0

    def add(self, row: dict[str, Any], previous_status: str | None) -> None:
        self.count(row["status"], row["category"], row["overdue"])
        if previous_status is not None:
            self.previous_total += 1
            self.previous_done += 1 if previous_status == "done" else 0


@dataclass
class Line:
    """A row of a summary table: an organisation or a branch and its tally."""

    id: int | None
    label: str
    organisation: str
    tally: Tally = field(default_factory=Tally)


@dataclass
class Item:
    """One assignment in the report."""

    assignment_id: int
    task: str
    organisation: str
    organisation_short: str
    branch: str | None
    status: str
    progress: int
    due: date | None
    done_on: date | None
    category: str | None
    overdue: bool
    last_note: str
    notes: list[dict[str, Any]]
    organisation_id: int | None = None
    task_id: int | None = None


@dataclass
class TaskGroup:
    """A task of an organisation: its tally and (except in a summary) each branch's state."""

    task_id: int
    title: str
    items: list[Item] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)

    @property
    def done(self) -> int:
        return self.tally.done

    @property
    def total(self) -> int:
        return self.tally.total


@dataclass
class OrgSection:
    """An organisation's results: its tally, branches and tasks."""

    id: int
    name: str
    short_name: str
    tally: Tally
    branches: list[Line]
    tasks: list[TaskGroup]


@dataclass
class SupportedTask:
    """A task the scope's organisation supports (phối hợp): its lead, all its supporters
    and the notes the scope wrote on it during the month."""

    task_id: int
    title: str
    lead: str
    supporters: list[str]
    notes: list[dict[str, Any]]


def notes_read_back(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored notes with their times read back."""
    return [{**n, "at": datetime.fromisoformat(n["at"])} for n in raw]


@dataclass
class Report:
    """Everything the page and the exports show for one month and scope.

    ``detailed`` is False for the whole ward: tallies per organisation and task
    (no branch lines, no per-branch items); the organisation's report has those.
    """

    plan_title: str
    plan_year: int
    year: int
    month: int
    scope: Scope
    summary: Tally
    organisations: list[OrgSection]
    difficulties: list[Item]
    next_month: list[Item]
    chart: list[ChartSeries]
    detailed: bool = True
    next_month_counts: list[Upcoming] = field(default_factory=list)
    # Titles shortened at import (ending with "…") written out in full (see
    # :func:`.snapshot.full_titles`; empty for months closed before it was kept, and in
    # a live month's report until its DOCX asks for them).
    full_titles: dict[str, str] = field(default_factory=dict)
    # Tasks with supporting organisations: task id -> [lead, [supporters]] (see
    # :func:`.snapshot.task_support`; empty for months closed before it was kept).
    support: dict[str, list[Any]] = field(default_factory=dict)
    # The tasks the scope's organisation supports, with the scope's notes of the month.
    supported: list[SupportedTask] = field(default_factory=list)
    # The supporting organisations' notes of the month per task id (as text).
    support_notes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def notes_of_supporters(self, task_id: int | None) -> list[dict[str, Any]]:
        """The supporting organisations' notes of the month on a task (its notes of the
        month with its branches')."""
        return self.support_notes.get(str(task_id), [])

    def full_title(self, title: str) -> str:
        """``title`` as official text writes it: in full where it was shortened."""
        return self.full_titles.get(title, title)

    def with_support(self, task_id: int | None, title: str) -> str:
        """A task's line: ``title``, then its lead and supporting organisations where it
        has supporters (the page and every export write it so)."""
        return with_support(self.support, task_id, title)

    @property
    def period(self) -> str:
        return period_text(self.year, self.month)

    @property
    def next_period(self) -> str:
        return period_text(*next_month(self.year, self.month))

    @property
    def next_month_by_task(self) -> list[tuple[str, date | None, list[Item]]]:
        """What falls due next month, one entry per task and due date (in due order)."""
        groups: dict[tuple[str, date | None], list[Item]] = {}
        for item in self.next_month:
            groups.setdefault((item.task, item.due), []).append(item)
        return [(task, due, items) for (task, due), items in groups.items()]

    @property
    def difficulties_by_task(self) -> list[tuple[str, list[Item]]]:
        """The blocked assignments, one entry per task (in report order)."""
        return [
            (task, items) for _id, _short, task, items in self.difficulties_by_organisation_task
        ]

    @property
    def difficulties_by_organisation_task(self) -> list[tuple[int | None, str, str, list[Item]]]:
        """The blocked assignments per organisation and task: (organisation id, its short
        name, task, items), in report order."""
        groups: dict[tuple[int | None, str], list[Item]] = {}
        for item in self.difficulties:
            groups.setdefault((item.organisation_id, item.task), []).append(item)
        return [
            (org_id, items[0].organisation_short, task, items)
            for (org_id, task), items in groups.items()
        ]

    @property
    def items(self) -> list[Item]:
        return [i for org in self.organisations for t in org.tasks for i in t.items]


def with_support(support: dict[str, list[Any]], task_id: int | None, title: str) -> str:
    """A task's line: ``title``, then its lead and supporting organisations where it has
    supporters (``support``: a report's, see :attr:`Report.support`)."""
    found = support.get(str(task_id))
    if not found:
        return title
    lead, supporters = found
    words = _("Lead: %(lead)s; supporting: %(orgs)s", lead=lead, orgs=", ".join(supporters))
    return f"{title} ({words})"


def period_text(year: int, month: int) -> str:
    """A month as reports write it: 03/2025."""
    return f"{month:02d}/{year}"


@dataclass
class Upcoming:
    """Open assignments of a task falling due on one day of next month (ward summary)."""

    organisation_id: int
    organisation_short: str
    task: str
    due: date
    count: int
    order: tuple[Any, ...] = ()


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _item(r: dict[str, Any], branch: str | None, notes: list[dict[str, Any]]) -> Item:
    """A snapshot row as a report item."""
    return Item(
        assignment_id=r["aid"],
        task=r["task"],
        organisation=r["org"],
        organisation_short=r["org_short"],
        branch=branch,
        status=r["status"],
        progress=r["progress"],
        due=_date(r["due"]),
        done_on=_date(r["done_on"]),
        category=r["category"],
        overdue=r["overdue"],
        last_note=r["last_note"],
        notes=notes,
        organisation_id=r["org_id"],
        task_id=r["task_id"],
    )


def _own_level(r: dict[str, Any], org_level_label: str) -> str:
    """The branch's name, or the organisation's own level where there is no branch."""
    return own_level(r["branch"], r["org_short"], org_level_label)


def own_level(branch: str | None, org_short: str, org_level_label: str) -> str:
    """The branch's name, or the organisation's own level where there is no branch
    (``org_level_label``: "own level", translated)."""
    return branch or f"{org_short} ({org_level_label})"


def build_report(snapshot: dict[str, Any], scope: Scope, org_level_label: str) -> Report:
    """What the page shows for ``scope``, from a snapshot (live or frozen).

    The whole ward is summarised (see :func:`ward_summary`). ``org_level_label``
    names the organisation's own level where an assignment has no branch
    (translated by the caller).
    """
    if scope.kind == "ward":
        return ward_summary(snapshot, org_level_label)
    year, month = int(snapshot["year"]), int(snapshot["month"])
    rows = [
        r for r in snapshot["rows"] if scope.contains(r["org_id"], r["branch_id"], r["block_id"])
    ]
    report = Report(
        plan_title=snapshot["plan"]["title"],
        plan_year=int(snapshot["plan"]["year"]),
        year=year,
        month=month,
        scope=scope,
        summary=Tally(),
        organisations=[],
        difficulties=[],
        next_month=[],
        chart=[],
        full_titles=dict(snapshot.get("full_titles", {})),
        support=dict(snapshot.get("support", {})),
    )
    orgs = _add_rows(report, rows, snapshot["previous"], org_level_label)
    _add_support(report, snapshot, scope)
    block_of = {r["branch_id"]: r["block_id"] for r in snapshot["rows"] if r["branch_id"]}
    report.chart = _chart(snapshot["chart"], scope, orgs, block_of)
    return report


def _add_support(report: Report, snapshot: dict[str, Any], scope: Scope) -> None:
    """The supporters' notes of the month, and the tasks the scope's organisation
    supports with the scope's own notes (an organisation's or a branch's report)."""
    notes = {k: notes_read_back(v) for k, v in snapshot.get("support_notes", {}).items()}
    report.support_notes = notes
    org_id = scope.id if scope.kind == "org" else None
    if scope.kind == "branch":
        org_id = next((r["org_id"] for r in snapshot["rows"] if r["branch_id"] == scope.id), None)
    if org_id is None:
        return
    report.supported = [
        SupportedTask(
            t["task_id"],
            t["task"],
            t["lead"],
            t["supporters"],
            [
                n
                for n in notes.get(str(t["task_id"]), [])
                if n["org_id"] == org_id and scope.contains(n["org_id"], n["branch_id"], None)
            ],
        )
        for t in snapshot.get("supported", [])
        if org_id in t["supporter_ids"]
    ]


def _add_rows(
    report: Report, rows: list[dict[str, Any]], previous: dict[str, str], org_level_label: str
) -> dict[int, OrgSection]:
    """Count ``rows`` into ``report``'s tallies, organisations, branch lines and tasks."""
    orgs: dict[int, OrgSection] = {}
    branch_lines: dict[tuple[int, int | None], Line] = {}
    task_groups: dict[tuple[int, int], TaskGroup] = {}
    ny, nm = next_month(report.year, report.month)
    for r in rows:
        prev = previous.get(str(r["aid"]))
        org = orgs.get(r["org_id"])
        if org is None:
            org = orgs[r["org_id"]] = OrgSection(
                r["org_id"], r["org"], r["org_short"], Tally(), [], []
            )
        line = branch_lines.get((r["org_id"], r["branch_id"]))
        if line is None:
            line = Line(r["branch_id"], _own_level(r, org_level_label), r["org_short"])
            branch_lines[(r["org_id"], r["branch_id"])] = line
            org.branches.append(line)
        group = task_groups.get((r["org_id"], r["task_id"]))
        if group is None:
            group = task_groups[(r["org_id"], r["task_id"])] = TaskGroup(r["task_id"], r["task"])
            org.tasks.append(group)
        for tally in (report.summary, org.tally, line.tally, group.tally):
            tally.add(r, prev)
        item = _item(r, r["branch"], notes_read_back(r["notes"]))
        group.items.append(item)
        if item.status == "blocked":
            report.difficulties.append(item)
        if is_due_in_month(item.status, item.due, ny, nm):
            report.next_month.append(item)
    # Branch lines inside an organisation: its own level first, then branch order as read.
    for org in orgs.values():
        org.branches.sort(key=lambda b: b.id is not None)
    report.next_month.sort(key=lambda i: (i.due or date.max))
    report.organisations = list(orgs.values())
    return orgs


def ward_summary(snapshot: dict[str, Any], org_level_label: str) -> Report:
    """The whole ward's summary from a snapshot's rows, live or a closed month's.

    Tallies per organisation and task; the blocked assignments (the difficulties,
    with their last note); the open ones due next month counted per task and day.
    Rows come in report order (organisation, task, own level, then branches).
    """
    year, month = int(snapshot["year"]), int(snapshot["month"])
    previous: dict[str, str] = snapshot["previous"]
    report = Report(
        plan_title=snapshot["plan"]["title"],
        plan_year=int(snapshot["plan"]["year"]),
        year=year,
        month=month,
        scope=Scope("ward"),
        summary=Tally(),
        organisations=[],
        difficulties=[],
        next_month=[],
        chart=[],
        detailed=False,
        full_titles=dict(snapshot.get("full_titles", {})),
        support=dict(snapshot.get("support", {})),
    )
    # Stored in this order already; sorted (stably) so that groups follow it regardless.
    ordered = sorted(
        snapshot["rows"],
        key=lambda r: (r.get("org_order", 0), r["org_id"], r.get("task_order", 0), r["task_id"]),
    )
    orgs = _summarise_rows(report, ordered, previous, org_level_label)
    report.chart = _chart(snapshot["chart"], Scope("ward"), orgs, {})
    return report


def _summarise_rows(
    report: Report, rows: list[dict[str, Any]], previous: dict[str, str], org_level_label: str
) -> dict[int, OrgSection]:
    """Count the ward's ``rows`` into ``report``: tallies per organisation and task
    (last month's figures per organisation), difficulties, next month's counts."""
    ny, nm = next_month(report.year, report.month)
    orgs: dict[int, OrgSection] = {}
    task_groups: dict[tuple[int, int], TaskGroup] = {}
    # Counted per (organisation, task, status, category, overdue), then tallied: a
    # ward has thousands of rows and a few hundred such groups.
    counted: Counter[tuple[int, int, str, str | None, bool]] = Counter()
    upcoming: dict[tuple[int, int, date], Upcoming] = {}
    for n, r in enumerate(rows):
        if (r["org_id"], r["task_id"]) not in task_groups:
            org = orgs.get(r["org_id"])
            if org is None:
                org = orgs[r["org_id"]] = OrgSection(
                    r["org_id"], r["org"], r["org_short"], Tally(), [], []
                )
            group = task_groups[(r["org_id"], r["task_id"])] = TaskGroup(r["task_id"], r["task"])
            org.tasks.append(group)
        counted[(r["org_id"], r["task_id"], r["status"], r["category"], r["overdue"])] += 1
        prev = previous.get(str(r["aid"]))
        if prev is not None:
            org_tally = orgs[r["org_id"]].tally
            org_tally.previous_total += 1
            org_tally.previous_done += prev == "done"
        if r["status"] == "blocked":
            report.difficulties.append(_item(r, _own_level(r, org_level_label), []))
        due = _date(r["due"])
        if due is not None and is_due_in_month(r["status"], due, ny, nm):
            ukey = (r["org_id"], r["task_id"], due)
            if ukey not in upcoming:
                upcoming[ukey] = Upcoming(r["org_id"], r["org_short"], r["task"], due, 0, (n,))
            upcoming[ukey].count += 1
    for (org_id, task_id, status, category, overdue), count in counted.items():
        for tally in (report.summary, orgs[org_id].tally, task_groups[(org_id, task_id)].tally):
            tally.count(status, category, overdue, count)
    for org in orgs.values():
        report.summary.previous_total += org.tally.previous_total
        report.summary.previous_done += org.tally.previous_done
    report.organisations = list(orgs.values())
    report.next_month_counts = sorted(upcoming.values(), key=lambda u: (u.due, u.order))
    return orgs


def _chart(
    chart: list[list[int | None]],
    scope: Scope,
    orgs: dict[int, OrgSection],
    block_of: dict[int, int | None],
) -> list[ChartSeries]:
    """Percent done per organisation per month, from the snapshot's counts."""
    totals: dict[tuple[int, int], list[int]] = {}
    for idx, org_id, branch_id, total, done in chart:
        if scope.kind != "ward":
            block = block_of.get(branch_id) if branch_id is not None else None
            if not scope.contains(org_id, branch_id, block):
                continue
        acc = totals.setdefault((int(org_id or 0), int(idx or 0)), [0, 0])
        acc[0] += int(total or 0)
        acc[1] += int(done or 0)
    series = []
    for n, (org_id, org) in enumerate(orgs.items()):
        points = sorted(
            (idx, round(100 * d / t) if t else 0)
            for (o, idx), (t, d) in totals.items()
            if o == org_id
        )
        if points:
            series.append(ChartSeries(org.short_name, n % 6, points))
    return series


def default_month(plan: Plan, today: date) -> tuple[int, int]:
    """The month a report opens on: this month within the plan's year, else its nearest end."""
    if today.year == plan.year:
        return plan.year, today.month
    return (plan.year, 12) if today.year > plan.year else (plan.year, 1)


def load_report(
    plan: Plan,
    year: int,
    month: int,
    scope: Scope,
    org_level_label: str,
    chart: bool = True,
    updates: bool = True,
    history: list[MonthClose] | None = None,
) -> tuple[Report, MonthClose | None]:
    """The report of a month and scope: from the stored snapshot when the month is
    closed, else from a snapshot of the history read now; without its chart when
    ``chart`` is False (a file, which does not show it: its series are then empty);
    without each item's updates of the month when ``updates`` is False (an
    organisation's page, which shows them only for a task that is opened: its items'
    ``notes`` are then empty). ``history``: the month's closes, when the caller has read
    them (see :func:`month_source`)."""
    closed, source = month_source(plan, year, month, history)
    shown = (chart, updates)
    report = _cached_report(plan, year, month, scope, org_level_label, closed, source, shown)
    return report, closed


Source = tuple[str, Any]


def month_source(
    plan: Plan, year: int, month: int, history: list[MonthClose] | None = None
) -> tuple[MonthClose | None, Source]:
    """The close in force for the month (None if open), and what its report is computed
    from: ("closed", the close's id), or ("live", the data version; None inside a write).
    The close is taken from ``history`` (the month's closes) when the caller has read it:
    the report page shows them, and reading them once instead of twice (one ORM statement
    with its loader fewer) takes its organisation report from 61.0 to 59.5 M instructions
    repeated (kept), 119.5 to 118.0 M computed (peer-sized ward,
    bench/results/2026-12-07-instructions-stmts.md)."""
    if history is not None:
        closed = in_force(history)
    else:
        closed = month_in_force(plan.id, year, month)
    return closed, ("closed", closed.id) if closed is not None else ("live", current_version())


def kept(key: str, source: Source) -> Any | None:
    """What was kept under ``key`` for this ``source`` (:func:`keep`); None when nothing
    was, when the month has changed since (another source), or inside a write.

    The speed device of issue 16: a month's report and its files are computed once per
    data version rather than per request. Still needed with the month-end read model
    (``assignment_month``), which made the month's reading an index seek: writing a file
    is most of a first request. On the peer-sized ward (``make bench``,
    bench/results/2026-12-07-vm-monthend.md) an organisation's CSV goes from 24 req/s
    computed to 147 kept, the ward's from 20 to 231, the XLSX from 4 to 179, the DOCX
    from 8 to 194 and the report page from 19 to 28."""
    if source[1] is None:
        return None
    held = cache.get(key)
    return held[1] if held is not None and held[0] == source else None


def keep(key: str, source: Source, value: Any) -> None:
    """Keep ``value`` under ``key`` for this ``source`` (not inside a write: its version
    is not known until it commits)."""
    if source[1] is not None:
        cache.set(key, (source, value))


def _cached_report(
    plan: Plan,
    year: int,
    month: int,
    scope: Scope,
    label: str,
    closed: MonthClose | None,
    source: Source,
    shown: tuple[bool, bool],
) -> Report:
    """The report of a month and scope, kept in the app's cache (Flask-Caching) with what
    it was computed from: the closed month's figures, or the data version for a live
    month (read before the history, so what is kept is as new as its version or newer).

    The page and its three downloads, and every user's next view, then cost one
    computation until the next write: a month's report reads every assignment's
    month-end state, last month's statuses, the month's notes and the chart's counts
    (see ``bench/README.md``). ``shown`` says whether the caller shows the chart and
    the items' updates of the month: a file leaves the chart out, an organisation's page
    the updates (until a task is opened); a caller asking after one the kept report
    lacks reads that part alone. One entry per plan, month, scope and label: a new
    version replaces the old one, so the cache holds no more reports than a ward has
    months and scopes (and drops the oldest beyond its threshold).
    """
    chart, updates = shown
    # The ward's summary shows no notes but its difficulties': they are never read.
    updates = updates and scope.kind != "ward"
    key = _report_key(plan, year, month, scope, label)
    held = kept(key, source)
    if held is not None:
        report, with_chart, with_updates = held
        if (with_chart or not chart) and (with_updates or not updates):
            return report
        if chart and not with_chart:
            # Kept by a download: the page adds the chart alone (live, counted in scope).
            counts = chart_counts(plan, year, month, scope)
            report.chart = _chart(counts, Scope("ward"), _sections(report), {})
        if updates and not with_updates:
            # Kept by the page: a file or an opened task adds the month's updates alone.
            found = month_updates(plan.id, year, month, scope)
            for item in report.items:
                item.notes = notes_read_back(found.get(item.assignment_id, []))
        chart, updates = chart or with_chart, updates or with_updates
    elif closed is not None:
        report = build_report(json.loads(closed.figures), scope, label)
        chart = updates = True
    else:
        complete = scope.kind != "ward"
        snapshot = build_snapshot(plan, year, month, scope, complete, chart, False, updates)
        report = build_report(snapshot, scope, label)
    keep(key, source, (report, chart, updates))
    return report


def _report_key(plan: Plan, year: int, month: int, scope: Scope, label: str) -> str:
    return f"report:{plan.id}:{year}-{month:02d}:{scope.key}:{label}"


def report_kept(
    plan: Plan, year: int, month: int, scope: Scope, label: str, source: Source
) -> bool:
    """Whether the month's report for ``scope`` is kept for ``source`` (:func:`load_report`
    then costs at most the part it lacks)."""
    return kept(_report_key(plan, year, month, scope, label), source) is not None


def _sections(report: Report) -> dict[int, OrgSection]:
    """The report's organisations by id, in report order (the chart's series follow it)."""
    return {org.id: org for org in report.organisations}
