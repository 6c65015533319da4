"""The reporting cycle's pages: the submission board, a branch's or an organisation's
report of a month (write, submit, review), reminders and the board's XLSX."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from typing import Any

from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .. import policy
from ..dates import format_date, next_month, parse_month, previous_month, today_in_vietnam
from ..extensions import db
from ..i18n import STATUS_LABELS
from ..inputs import whole_number
from ..models import REPORT_TEXTS, Branch, Organisation, ReportSubmission
from ..plans.current import current_plan, plan_of_year
from ..refusals import Refused
from ..reports.chart import ChartSeries, plot
from ..reports.report import Report, build_report, default_month, load_report
from ..reports.settings import report_settings
from ..web import render_page, show_refusal
from .board import Board, Cell, build_board, timeliness
from .deadline import deadline_day, outstanding, report_late_days
from .forms import STATE_LABELS, TEXT_LABELS, RemindForm, ReportForm, ReviewForm
from .services import (
    Unit,
    branch_unit,
    find_report,
    month_label,
    organisation_unit,
    review_report,
    save_report,
    send_reminders,
    submitted_texts,
)


def _messages() -> dict[str, str]:
    return {
        "stale": _(
            "This report was changed meanwhile (saved, submitted or reviewed by someone "
            "else). It is shown again as it is now; check it and try again."
        ),
        "not_editable": _("This report has been submitted; it can no longer be changed."),
        "not_submitted": _("This report is not awaiting review."),
        "comment_required": _("Please say what to correct: a returned report needs a comment."),
        "unknown_outcome": _("Choose whether to accept or return the report."),
        "too_early": _("This month has not begun yet: its report can be saved as a draft only."),
    }


def _month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _month(value: str) -> tuple[int, int]:
    """A month in an address (YYYY-MM); 404 for anything else."""
    parsed = parse_month(value)
    if parsed is None:
        abort(404)
    return parsed


def _review_link(unit: Unit, year: int, month: int) -> str:
    """The address a review of the unit's report of the month is posted to."""
    key = _month_key(year, month)
    if unit.branch_id is not None:
        return url_for("cycle.branch_review", branch_id=unit.branch_id, month=key)
    return url_for("cycle.organisation_review", org_id=unit.organisation_id, month=key)


def _link(unit: Unit, year: int, month: int) -> str:
    """The address of the unit's report of the month."""
    key = _month_key(year, month)
    if unit.branch_id is not None:
        return url_for("cycle.branch_report", branch_id=unit.branch_id, month=key)
    return url_for("cycle.organisation_report", org_id=unit.organisation_id, month=key)


def _branch(branch_id: int) -> Unit:
    branch = db.get_or_404(Branch, branch_id)
    policy.require(policy.can_view_periodic_report(branch.organisation_id, branch.id))
    return branch_unit(branch)


def _organisation(org_id: int) -> Unit:
    org = db.get_or_404(Organisation, org_id)
    policy.require(policy.can_view_periodic_report(org.id, None))
    return organisation_unit(org)


# --------------------------------------------------------------------------- the board


def _chosen_month(values: Mapping[str, Any]) -> tuple[int, int, str | None]:
    """The month asked for (``month=YYYY-MM``), else this month, with a notice when the
    value given could not be read."""
    raw = values.get("month")
    parsed = parse_month(raw)
    if parsed is None:
        # As the monthly report opens: this month within the current plan's year.
        plan = current_plan()
        today = today_in_vietnam()
        year, month = default_month(plan, today) if plan is not None else (today.year, today.month)
        notice = _(
            "“%(month)s” is not a month; showing %(shown)s.",
            month=str(raw)[:20],
            shown=month_label(year, month),
        )
        return year, month, notice if raw else None
    return parsed[0], parsed[1], None


def _board(year: int, month: int) -> Board:
    return build_board(year, month, policy.cycle_visibility(), report_settings())


def _rate_chart(board: Board) -> Any:
    """The share of each organisation's branches that sent each month's report."""
    series = [
        ChartSeries(
            short,
            n % 6,
            [
                (i, rate.percent)
                for i, (y, m) in enumerate(board.months, start=1)
                if (rate := board.rate(org_id, y, m)).counted
            ],
        )
        for n, (org_id, short) in enumerate(board.rate_organisations)
    ]
    return plot(series, len(board.months))


def _remindable(board: Board) -> list[Cell]:
    """The late reports of the chosen month the user may remind."""
    return [
        c
        for c in board.late
        if policy.can_review_periodic_report(c.unit.organisation_id, c.unit.branch_id)
    ]


@login_required
def index() -> Response:
    """The submission board of a month: who has sent their report, who is late and by how
    many days, the twelve months' submission rates, and the reminders."""
    visibility = policy.cycle_visibility()
    if visibility[0] == "none":
        abort(403)
    year, month, notice = _chosen_month(request.args)
    board = _board(year, month)
    remindable = _remindable(board)
    return render_page(
        "cycle/index.html",
        None,
        board=board,
        notice=notice,
        month_key=_month_key(year, month),
        period=month_label(year, month),
        months=[(y, m, month_label(y, m)) for y, m in board.months],
        remindable={c.unit.key for c in remindable},
        remind_form=RemindForm(formdata=None),
        chart=_rate_chart(board),
        chart_labels=[f"{m:02d}/{y % 100:02d}" for y, m in board.months],
        state_labels=STATE_LABELS,
        link=_link,
        previous_key=_month_key(*previous_month(year, month)),
        next_key=_month_key(*next_month(year, month)),
        may_remind=policy.can_send_reminders(),
        timeliness=timeliness,
    )


@login_required
def remind() -> Response:
    """Remind (đôn đốc) the authors of the month's late reports: all of them, or one."""
    policy.require(policy.can_send_reminders())
    form = RemindForm()
    parsed = parse_month(form.month.data)
    if not form.validate_on_submit() or parsed is None:
        flash(_("The reminder could not be read; nothing was sent."), "error")
        return redirect(url_for("cycle.index"))
    year, month = parsed
    board = _board(year, month)
    late = _remindable(board)
    target = (form.target.data or "").strip()
    chosen = late if target == "late" else [c for c in late if c.unit.key == target]
    if not chosen:
        flash(_("Nobody is late with this month's report: no reminder was sent."), "error")
        return redirect(url_for("cycle.index", month=_month_key(year, month)))
    people = send_reminders(
        [c.unit for c in chosen], year, month, current_user, lambda u: _link(u, year, month)
    )
    flash(
        ngettext(
            "Reminder sent to %(num)d person (%(units)s).",
            "Reminder sent to %(num)d people (%(units)s).",
            people,
            units=", ".join(c.unit.name for c in chosen),
        ),
        "success",
    )
    return redirect(url_for("cycle.index", month=_month_key(year, month)))


@login_required
def export() -> Response:
    """The board (the month and its twelve months' rates) as an XLSX workbook."""
    if policy.cycle_visibility()[0] == "none":
        abort(403)
    year, month, _notice = _chosen_month(request.args)
    from .xlsx import board_workbook

    body = board_workbook(_board(year, month), STATE_LABELS)
    return send_file(
        io.BytesIO(body),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=f"nop-bao-cao-{_month_key(year, month)}.xlsx",
        max_age=0,
        etag=False,
        last_modified=None,
    )


# --------------------------------------------------------------------------- a report


def _figures(unit: Unit, year: int, month: int, latest: ReportSubmission | None) -> Report | None:
    """The report's figures: as sent (``latest``), or as the month stands now."""
    if latest is not None:
        figures = json.loads(latest.figures)
        return None if figures is None else build_report(figures, unit.scope, _("own level"))
    plan = plan_of_year(year)
    if plan is None:
        return None
    report, _closed = load_report(plan, year, month, unit.scope, _("own level"), chart=False)
    return report


def _supported_lines(figures: Report) -> list[str]:
    """The tasks the unit's organisation supports, each with the unit's notes of the
    month on it (a report's prefill)."""
    lines = []
    for t in figures.supported:
        words = _("Lead: %(lead)s; supporting: %(orgs)s", lead=t.lead, orgs=", ".join(t.supporters))
        notes = "; ".join(n["note"] for n in t.notes if n["note"])
        lines.append(f"- {figures.full_title(t.title)} ({words})" + (f": {notes}" if notes else ""))
    return lines


def _prefill(unit: Unit, year: int, month: int, figures: Report | None) -> dict[str, str]:
    """A new report's texts: a branch's from its assignments (what was reported done this
    month, what is blocked, what falls due next month); an organisation's from its
    figures and the texts of its branches' accepted reports."""
    texts = dict.fromkeys(REPORT_TEXTS, "")
    if unit.branch_id is None:
        lines: dict[str, list[str]] = {name: [] for name in REPORT_TEXTS}
        if figures is not None:
            t = figures.summary
            lines["results"].append(
                ngettext(
                    "%(done)d of %(num)d assignment done (%(percent)d%%).",
                    "%(done)d of %(num)d assignments done (%(percent)d%%).",
                    t.total,
                    done=t.done,
                    percent=t.percent_done,
                )
            )
            lines["results"] += _supported_lines(figures)
        for branch, sent in submitted_texts(year, month, unit.scope):
            if branch.branch_id is None or sent.outcome != "accepted":
                continue
            for name in REPORT_TEXTS:
                text = getattr(sent, name).strip()
                if text:
                    lines[name].append(f"{branch.name}:\n{text}")
        return {name: "\n\n".join(parts) for name, parts in lines.items()}
    if figures is None:
        return texts
    done, blocked, due = [], [], []
    for item in figures.items:
        notes = [n["note"] for n in item.notes if n["note"]]
        if notes:
            done.append(f"- {figures.full_title(item.task)}: {'; '.join(notes)}")
        elif (
            item.status == "done"
            and item.done_on
            and (item.done_on.year, item.done_on.month) == (year, month)
        ):
            done.append(f"- {figures.full_title(item.task)}: {STATUS_LABELS['done']}")
        if item.status == "blocked":
            blocked.append(
                f"- {figures.full_title(item.task)}"
                + (f": {item.last_note}" if item.last_note else "")
            )
    for item in figures.next_month:
        due.append(
            "- "
            + _(
                "%(task)s (due %(due)s)",
                task=figures.full_title(item.task),
                due=format_date(item.due),
            )
        )
    done += _supported_lines(figures)
    texts.update(results="\n".join(done), difficulties="\n".join(blocked), direction="\n".join(due))
    return texts


def _report_page(
    unit: Unit,
    year: int,
    month: int,
    form: ReportForm | None = None,
    review_form: ReviewForm | None = None,
) -> Response:
    report = find_report(unit, year, month)
    state = report.state if report is not None else "none"
    latest = report.latest if report is not None else None
    frozen = latest if state in ("submitted", "accepted") else None
    figures = _figures(unit, year, month, frozen)
    may_write = policy.can_write_periodic_report(unit.organisation_id, unit.branch_id)
    editable = may_write and state in ("none", "draft", "returned")
    if form is None and editable:
        texts = (
            {name: getattr(report, name) for name in REPORT_TEXTS}
            if report is not None
            else _prefill(unit, year, month, figures)
        )
        form = ReportForm(formdata=None, data=texts, version=str(report.version if report else 0))
    may_review = state == "submitted" and policy.can_review_periodic_report(
        unit.organisation_id, unit.branch_id
    )
    if review_form is None and may_review and latest is not None:
        review_form = ReviewForm(formdata=None, number=str(latest.number))
    settings = report_settings()
    deadline = deadline_day(year, month, settings, organisation=unit.branch_id is None)
    first = (
        report.submissions[0].submitted_at if report is not None and report.submissions else None
    )
    branches = None
    if unit.branch_id is None:
        board = build_board(year, month, ("org", unit.organisation_id), settings)
        branches = [board.now(u) for u in board.branches]
    return render_page(
        "cycle/report.html",
        None,
        unit=unit,
        year=year,
        month=month,
        period=month_label(year, month),
        month_key=_month_key(year, month),
        report=report,
        state=state,
        latest=latest,
        figures=figures,
        form=form if editable else None,
        review_form=review_form if may_review else None,
        deadline=deadline,
        late_days=report_late_days(deadline, state, first),
        submitted=not outstanding(state, first),
        branches=branches,
        text_labels=TEXT_LABELS,
        state_labels=STATE_LABELS,
        link=_link,
        timeliness=timeliness,
        review_url=_review_link(unit, year, month),
    )


def _write(unit: Unit, year: int, month: int) -> Response:
    """Save or submit the unit's report from the posted form."""
    policy.require(policy.can_write_periodic_report(unit.organisation_id, unit.branch_id))
    form = ReportForm()
    if not form.validate_on_submit():
        return _report_page(unit, year, month, form=form)
    version = whole_number(form.version.data or "")
    if version is None:
        flash(_messages()["stale"], "error")
        return redirect(_link(unit, year, month))
    submit = request.form.get("action") == "submit"
    try:
        save_report(
            unit,
            year,
            month,
            {name: getattr(form, name).data or "" for name in REPORT_TEXTS},
            version,
            current_user,
            submit=submit,
            link=_link(unit, year, month),
            messages=_messages(),
        )
    except Refused as refusal:
        show_refusal(refusal)
        return redirect(_link(unit, year, month))
    if submit:
        flash(
            _("The report for %(month)s is submitted.", month=month_label(year, month)), "success"
        )
    else:
        flash(_("The draft is saved."), "success")
    return redirect(_link(unit, year, month))


def _review(unit: Unit, year: int, month: int) -> Response:
    """Accept or return the unit's submitted report."""
    policy.require(policy.can_review_periodic_report(unit.organisation_id, unit.branch_id))
    form = ReviewForm()
    number = whole_number(form.number.data or "")
    if not form.validate_on_submit() or number is None:
        if number is None:
            form.comment.errors = [*form.comment.errors, _messages()["stale"]]
        return _report_page(unit, year, month, review_form=form)
    outcome = request.form.get("action", "")
    try:
        review_report(
            unit,
            year,
            month,
            outcome,
            form.comment.data or "",
            number,
            current_user,
            link=_link(unit, year, month),
            messages=_messages(),
        )
    except Refused as refusal:
        if refusal.field:
            show_refusal(refusal, form)
            return _report_page(unit, year, month, review_form=form)
        show_refusal(refusal)
        return redirect(_link(unit, year, month))
    if outcome == "accepted":
        flash(_("The report is accepted."), "success")
    else:
        flash(_("The report is returned with your comment."), "success")
    return redirect(_link(unit, year, month))


@login_required
def branch_report(branch_id: int, month: str) -> Response:
    """A branch's report of a month: its head writes and submits it, its organisation's
    leader reads and reviews it."""
    return _report_page(_branch(branch_id), *_month(month))


@login_required
def save_branch_report(branch_id: int, month: str) -> Response:
    """Save a branch's report as a draft or submit it (its head)."""
    return _write(_branch(branch_id), *_month(month))


@login_required
def branch_review(branch_id: int, month: str) -> Response:
    """Accept or return a branch's submitted report (its organisation's leader)."""
    unit = _branch(branch_id)
    return _review(unit, *_month(month))


@login_required
def organisation_report(org_id: int, month: str) -> Response:
    """An organisation's own report of a month, with its branches' reports: its leader
    reviews those and writes and submits this one to the secretariat."""
    return _report_page(_organisation(org_id), *_month(month))


@login_required
def save_organisation_report(org_id: int, month: str) -> Response:
    """Save an organisation's own report as a draft or submit it (its leader)."""
    return _write(_organisation(org_id), *_month(month))


@login_required
def organisation_review(org_id: int, month: str) -> Response:
    """Accept or return an organisation's submitted report (the secretariat)."""
    unit = _organisation(org_id)
    return _review(unit, *_month(month))
