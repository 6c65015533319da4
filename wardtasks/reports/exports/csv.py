"""The report as CSV: UTF-8 with a byte-order mark (so Excel shows Vietnamese),
formulas neutralised, written row by row from the report's rows as it is sent."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from itertools import chain

from flask_babel import gettext as _

from ...dates import format_date
from ...i18n import CATEGORY_LABELS, STATUS_LABELS
from ...inputs import printable
from ..report import Report
from . import ExportMeta
from .common import (
    branch_label,
    detail_headers,
    neutralise,
    notes_text,
    summary_headers,
    summary_numbers,
    task_headers,
    task_numbers,
    title,
    translated,
)

Row = Callable[..., None]

# Each text is made printable as it is written (no copy of the whole report first).
CLEANS_TEXT = True
# Sent in pieces of about this many characters.
CHUNK = 32 * 1024


def write(report: Report, meta: ExportMeta) -> Iterator[bytes]:
    """The report's CSV file, in pieces as its rows are written."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    pending: list[str] = []
    clean = _cleaner()

    def row(*cells: object) -> None:
        w.writerow([clean(c) if isinstance(c, str) else c for c in cells])
        if buf.tell() >= CHUNK:
            pending.append(buf.getvalue())
            buf.seek(0)
            buf.truncate()

    yield "\ufeff".encode()
    row(title(report))
    row(_("Scope"), meta.scope_title)
    row(_("Plan"), report.plan_title)
    row(_("Figures"), _("closed") if meta.closed else _("provisional (month not closed)"))
    row()
    row(_("Organisation"), *summary_headers())
    for org in report.organisations:
        row(org.name, *summary_numbers(org.tally))
    row(_("Total"), *summary_numbers(report.summary))
    row()
    if meta.targets:
        row(_("Targets at the end of the month:"))
        for line in meta.targets:
            row(line)
        row()
    parts = _detail(row, report) if report.detailed else _ward(row, report)
    for _written in chain(parts, [None]):  # each group of rows, then the end
        while pending:
            yield pending.pop(0).encode("utf-8")
    yield buf.getvalue().encode("utf-8")


def _cleaner() -> Callable[[str], str]:
    """A text as the file writes it (printable, formulas neutralised), each distinct text
    worked out once per file: most cells repeat (an organisation, a branch, a task, a
    status, a date on every row of its assignments)."""
    done: dict[str, str] = {}

    def clean(text: str) -> str:
        out = done.get(text)
        if out is None:
            out = done[text] = neutralise(printable(text))
        return out

    return clean


def _ward(row: Row, report: Report) -> Iterator[None]:
    """The whole ward: per organisation and task; each branch is in its organisation's
    report."""
    row(_("Organisation"), *task_headers())
    for org in report.organisations:
        for task in org.tasks:
            row(org.name, report.with_support(task.task_id, task.title), *task_numbers(task.tally))
            yield
    row()
    row(_("Difficulties"))
    row(_("Organisation"), _("Task"), _("Branch"), _("Note"))
    for item in report.difficulties:
        row(item.organisation, item.task, branch_label(item), item.last_note)
        yield
    row()
    row(_("Due next month (%(period)s)", period=report.next_period))
    row(_("Due date"), _("Organisation"), _("Task"), _("Not finished"))
    for u in report.next_month_counts:
        row(format_date(u.due), u.organisation_short, u.task, u.count)
        yield


def _detail(row: Row, report: Report) -> Iterator[None]:
    """An organisation, branch or block: each branch's tally, then every assignment."""
    row(_("Organisation"), _("Branch"), *summary_headers())
    for org in report.organisations:
        for line in org.branches:
            row(org.name, line.label, *summary_numbers(line.tally))
        yield
    row()
    row(*detail_headers())
    statuses, categories, yes = translated(STATUS_LABELS), translated(CATEGORY_LABELS), _("yes")
    for item in report.items:
        row(
            item.organisation,
            branch_label(item),
            report.with_support(item.task_id, item.task),
            statuses[item.status],
            item.progress,
            format_date(item.due),
            format_date(item.done_on),
            yes if item.overdue else "",
            categories[item.category] if item.category else "",
            notes_text(item, statuses),
        )
        yield
