"""The report as CSV: UTF-8 with a byte-order mark (so Excel shows Vietnamese),
formulas neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from flask_babel import gettext as _

from ...dates import format_date
from ...i18n import CATEGORY_LABELS, STATUS_LABELS
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
)

Row = Callable[..., None]


def write(report: Report, meta: ExportMeta) -> bytes:
    """The report's CSV file."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")

    def row(*cells: object) -> None:
        w.writerow([neutralise(c) if isinstance(c, str) else c for c in cells])

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
    if report.detailed:
        _detail(row, report)
    else:
        _ward(row, report)
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


def _ward(row: Row, report: Report) -> None:
    """The whole ward: per organisation and task; each branch is in its organisation's
    report."""
    row(_("Organisation"), *task_headers())
    for org in report.organisations:
        for task in org.tasks:
            row(org.name, task.title, *task_numbers(task.tally))
    row()
    row(_("Difficulties"))
    row(_("Organisation"), _("Task"), _("Branch"), _("Note"))
    for item in report.difficulties:
        row(item.organisation, item.task, branch_label(item), item.last_note)
    row()
    row(_("Due next month (%(period)s)", period=report.next_period))
    row(_("Due date"), _("Organisation"), _("Task"), _("Not finished"))
    for u in report.next_month_counts:
        row(format_date(u.due), u.organisation_short, u.task, u.count)


def _detail(row: Row, report: Report) -> None:
    """An organisation, branch or block: each branch's tally, then every assignment."""
    row(_("Organisation"), _("Branch"), *summary_headers())
    for org in report.organisations:
        for line in org.branches:
            row(org.name, line.label, *summary_numbers(line.tally))
    row()
    row(*detail_headers())
    for item in report.items:
        row(
            item.organisation,
            branch_label(item),
            item.task,
            str(STATUS_LABELS[item.status]),
            item.progress,
            format_date(item.due),
            format_date(item.done_on),
            _("yes") if item.overdue else "",
            str(CATEGORY_LABELS[item.category]) if item.category else "",
            notes_text(item),
        )
