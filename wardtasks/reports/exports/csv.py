"""The report as CSV: UTF-8 with a byte-order mark (so Excel shows Vietnamese),
formulas neutralised, written row by row as it is sent.

A live month's file is written from the month's rows as the database gives them
(:func:`write_month`: Core tuples of the read model, counted once, no report built); a
closed month's from its report (:func:`write`), read from its stored snapshot. Both
write one :class:`Sheet`, so the two files are laid out by the same code, and the rules
(a row's category, overdue flag, month-end state, scope) are the report's own functions.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from typing import Any

from flask_babel import gettext as _

from ...dates import format_date, month_end_as_of, month_end_utc, next_month
from ...i18n import CATEGORY_LABELS, STATUS_LABELS
from ...inputs import printable
from ...models import Plan
from ...scope import Scope
from ...status import government_category, is_due_in_month, is_overdue
from ..month_end import as_date, done_day, month_end_rows
from ..report import (
    Report,
    Tally,
    Upcoming,
    notes_read_back,
    own_level,
    period_text,
    with_support,
)
from ..snapshot import month_updates, task_support
from . import ExportMeta
from .common import (
    branch_label,
    detail_headers,
    neutralise,
    summary_headers,
    summary_numbers,
    task_headers,
    task_numbers,
    title_of,
    translated,
    updates_text,
)

Row = Callable[..., None]

# Each text is made printable as it is written (no copy of the whole report first).
CLEANS_TEXT = True
# Sent in pieces of about this many characters.
CHUNK = 32 * 1024

# An assignment's line in an organisation's file: organisation, branch (or own level),
# task line, status, progress, due date, done on, overdue, category, updates of the month.
DetailLine = tuple[str, str, str, str, int, date | None, date | None, bool, str | None, Any]


@dataclass
class Sheet:
    """What the CSV shows of a month and scope: the report's figures, no more."""

    period: str
    next_period: str
    plan_title: str
    detailed: bool
    summary: Tally
    organisations: list[tuple[str, Tally]]
    # An organisation, branch or block: its branch lines (organisation, label, tally),
    # then every assignment.
    branches: list[tuple[str, str, Tally]] = field(default_factory=list)
    items: Iterable[DetailLine] = ()
    # The whole ward: task lines (organisation, task line, tally), the difficulties
    # (organisation, task, branch, note), what falls due next month.
    tasks: list[tuple[str, str, Tally]] = field(default_factory=list)
    difficulties: list[tuple[str, str, str, str]] = field(default_factory=list)
    upcoming: list[Upcoming] = field(default_factory=list)


def write(report: Report, meta: ExportMeta) -> Iterator[bytes]:
    """The report's CSV file, in pieces as its rows are written."""
    return _write(_sheet_of(report), meta)


def write_month(
    plan: Plan, year: int, month: int, scope: Scope, org_level_label: str, meta: ExportMeta
) -> Iterator[bytes]:
    """A live month's CSV file for ``scope``, read and counted from the month's rows
    (what :func:`write` writes from the month's report, byte for byte).

    Issue 16's CSV target (≥ 0.6× the floor page's rate, peer-sized ward): the report
    built a JSON-ready dict, an item and four tallies per assignment before the file was
    written. Computed, the organisation's file 116 -> 96 M instructions, the ward's 201 ->
    162 M (bench/results/2026-12-07-instructions-peer-csvfast.md)."""
    return _write(read_sheet(plan, year, month, scope, org_level_label), meta)


def _write(sheet: Sheet, meta: ExportMeta) -> Iterator[bytes]:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    pending: list[str] = []
    clean = _Cleaned()

    def row(*cells: object) -> None:
        w.writerow([clean[c] if isinstance(c, str) else c for c in cells])
        if buf.tell() >= CHUNK:
            pending.append(buf.getvalue())
            buf.seek(0)
            buf.truncate()

    yield "\ufeff".encode()
    row(title_of(sheet.period))
    row(_("Scope"), meta.scope_title)
    row(_("Plan"), sheet.plan_title)
    row(_("Figures"), _("closed") if meta.closed else _("provisional (month not closed)"))
    row()
    row(_("Organisation"), *summary_headers())
    for name, tally in sheet.organisations:
        row(name, *summary_numbers(tally))
    row(_("Total"), *summary_numbers(sheet.summary))
    row()
    if meta.targets:
        row(_("Targets at the end of the month:"))
        for line in meta.targets:
            row(line)
        row()
    parts = _detail(row, sheet) if sheet.detailed else _ward(row, sheet)
    for _written in chain(parts, [None]):  # each group of rows, then the end
        while pending:
            yield pending.pop(0).encode("utf-8")
    yield buf.getvalue().encode("utf-8")


class _Cleaned(dict[str, str]):
    """Each text as the file writes it (printable, formulas neutralised), each distinct
    text worked out once per file: most cells repeat (an organisation, a branch, a task, a
    status, a date on every row of its assignments)."""

    def __missing__(self, text: str) -> str:
        out = self[text] = neutralise(printable(text))
        return out


class _Dates(dict[date | None, str]):
    """Each date as the file writes it, worked out once per file (with :class:`_Cleaned`
    a dict's ``__missing__`` rather than a call per cell: the peer ward's organisation CSV,
    computed, 96.24 -> 92.24 M instructions, bench/instructions.py)."""

    def __missing__(self, day: date | None) -> str:
        out = self[day] = format_date(day)
        return out


def _ward(row: Row, sheet: Sheet) -> Iterator[None]:
    """The whole ward: per organisation and task; each branch is in its organisation's
    report."""
    row(_("Organisation"), *task_headers())
    for org, task, tally in sheet.tasks:
        row(org, task, *task_numbers(tally))
        yield
    row()
    row(_("Difficulties"))
    row(_("Organisation"), _("Task"), _("Branch"), _("Note"))
    for org, task, branch, note in sheet.difficulties:
        row(org, task, branch, note)
        yield
    row()
    row(_("Due next month (%(period)s)", period=sheet.next_period))
    row(_("Due date"), _("Organisation"), _("Task"), _("Not finished"))
    for u in sheet.upcoming:
        row(format_date(u.due), u.organisation_short, u.task, u.count)
        yield


def _detail(row: Row, sheet: Sheet) -> Iterator[None]:
    """An organisation, branch or block: each branch's tally, then every assignment."""
    row(_("Organisation"), _("Branch"), *summary_headers())
    for org, label, tally in sheet.branches:
        row(org, label, *summary_numbers(tally))
    yield
    row()
    row(*detail_headers())
    statuses, categories, yes = translated(STATUS_LABELS), translated(CATEGORY_LABELS), _("yes")
    dates = _Dates()
    for org, branch, task, status, progress, due, done_on, overdue, category, notes in sheet.items:
        row(
            org,
            branch,
            task,
            statuses[status],
            progress,
            dates[due],
            dates[done_on],
            yes if overdue else "",
            categories[category] if category else "",
            updates_text(notes, statuses),
        )
        yield


def _sheet_of(report: Report) -> Sheet:
    """What the CSV shows of ``report`` (a closed month's)."""
    sheet = Sheet(
        period=report.period,
        next_period=report.next_period,
        plan_title=report.plan_title,
        detailed=report.detailed,
        summary=report.summary,
        organisations=[(org.name, org.tally) for org in report.organisations],
    )
    if report.detailed:
        sheet.branches = [
            (org.name, line.label, line.tally)
            for org in report.organisations
            for line in org.branches
        ]
        sheet.items = (
            (
                i.organisation,
                branch_label(i),
                report.with_support(i.task_id, i.task),
                i.status,
                i.progress,
                i.due,
                i.done_on,
                i.overdue,
                i.category,
                i.notes,
            )
            for i in report.items
        )
    else:
        sheet.tasks = [
            (org.name, report.with_support(t.task_id, t.title), t.tally)
            for org in report.organisations
            for t in org.tasks
        ]
        sheet.difficulties = [
            (i.organisation, i.task, branch_label(i), i.last_note) for i in report.difficulties
        ]
        sheet.upcoming = report.next_month_counts
    return sheet


def read_sheet(plan: Plan, year: int, month: int, scope: Scope, org_level_label: str) -> Sheet:
    """What the CSV shows of a live month for ``scope``, from the month's rows
    (:func:`~..month_end.month_end_rows`, Core tuples in report order, each with last
    month's status) and the tasks' supporters; an organisation's, branch's or block's
    file also the month's updates. Each row is classified by the report's rules (month-end state in
    SQL, :func:`~wardtasks.status.government_category`, :func:`~wardtasks.status.is_overdue`,
    :func:`~wardtasks.status.is_due_in_month`) and counted, not made an object."""
    detailed = scope.kind != "ward"
    rows = month_end_rows(
        plan.id, month_end_utc(year, month), scope, "all" if detailed else "blocked"
    )
    support = {k: [t["lead"], t["supporters"]] for k, t in task_support(plan.id).items()}
    as_of = month_end_as_of(year, month)
    sheet = Sheet(
        period=period_text(year, month),
        next_period=period_text(*next_month(year, month)),
        plan_title=plan.title,
        detailed=detailed,
        summary=Tally(),
        organisations=[],
    )
    # Counted per group and state (status, category, overdue), then tallied: thousands of
    # rows, a few hundred such keys.
    counted: Counter[tuple[Any, str, str | None, bool]] = Counter()
    orgs: dict[int, tuple[str, Tally]] = {}
    groups: dict[tuple[int, Any], tuple[str, str, Tally]] = {}
    lines: list[Any] = []
    task_lines: dict[int, str] = {}  # a task's line, on every row of the task
    ny, nm = next_month(year, month)
    upcoming: dict[tuple[int, int, date], Upcoming] = {}
    for n, r in enumerate(rows):
        aid, task_id, task, org_id, org, org_short, branch_id, branch = (
            r[0], r[1], r[2], r[4], r[5], r[6], r[8], r[9]
        )  # fmt: skip
        status, due = r[12], as_date(r[15])
        done_on = done_day(status, r[16])
        category = government_category(status, due, done_on, as_of)
        overdue = is_overdue(status, due, as_of)
        org_line = orgs.get(org_id)
        if org_line is None:
            org_line = orgs[org_id] = (org, Tally())
        # A branch line of an organisation's file, a task line of the ward's.
        key = (org_id, branch_id if detailed else task_id)
        if key not in groups:
            label = (
                own_level(branch, org_short, org_level_label)
                if detailed
                else with_support(support, task_id, task)
            )
            groups[key] = (org, label, Tally())
        counted[(key, status, category, overdue)] += 1
        prev = r[17]
        if prev is not None:
            org_line[1].previous_total += 1
            org_line[1].previous_done += prev == "done"
            if detailed:
                groups[key][2].previous_total += 1
                groups[key][2].previous_done += prev == "done"
        if detailed:
            line = task_lines.get(task_id)
            if line is None:
                line = task_lines[task_id] = with_support(support, task_id, task)
            lines.append(
                (org, groups[key][1], line, status, r[13], due, done_on, overdue, category, aid)
            )
            continue
        if status == "blocked":
            sheet.difficulties.append(
                (org, task, own_level(branch, org_short, org_level_label), r[14])
            )
        if due is not None and is_due_in_month(status, due, ny, nm):
            ukey = (org_id, task_id, due)
            if ukey not in upcoming:
                upcoming[ukey] = Upcoming(org_id, org_short, task, due, 0, (n,))
            upcoming[ukey].count += 1
    for (key, status, category, overdue), count in counted.items():
        for tally in (sheet.summary, orgs[key[0]][1], groups[key][2]):
            tally.count(status, category, overdue, count)
    for _name, tally in orgs.values():
        sheet.summary.previous_total += tally.previous_total
        sheet.summary.previous_done += tally.previous_done
    sheet.organisations = list(orgs.values())
    if detailed:
        # Inside an organisation: its own level first, then branches as first read.
        place = {org_id: n for n, org_id in enumerate(orgs)}
        ordered = sorted(groups.items(), key=lambda g: (place[g[0][0]], g[0][1] is not None))
        sheet.branches = [line for _key, line in ordered]
        updates = month_updates(plan.id, year, month, scope)
        sheet.items = ((*line[:9], notes_read_back(updates.get(line[9], []))) for line in lines)
    else:
        sheet.tasks = list(groups.values())
        sheet.upcoming = sorted(upcoming.values(), key=lambda u: (u.due, u.order))
    return sheet
