"""The monthly report page, closing/reopening a month, exports and report settings."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from .. import policy
from ..cycle.texts import month_unit_texts, texts_stamp
from ..dates import month_end_utc, month_has_ended, parse_month, today_in_vietnam
from ..extensions import db
from ..inputs import whole_number
from ..models import Block, Branch, MonthClose, Organisation, Plan
from ..models.base import utcnow
from ..plans.current import current_plan, plan_of_year, plan_years
from ..refusals import Refused
from ..scope import Scope
from ..targets.display import TargetView, target_sentence, targets_of
from ..tasks.pages import link_prefixes
from ..web import conditional, is_htmx_partial, render_page, show_refusal
from . import exports
from .chart import plot
from .closing import close_month, month_history, reopen_month
from .forms import CloseMonthForm, ReopenMonthForm, ReportSettingsForm
from .report import (
    SCOPE_KINDS,
    Report,
    Source,
    TaskGroup,
    default_month,
    keep,
    kept,
    load_report,
    month_source,
    report_kept,
)
from .settings import report_settings, save_report_settings
from .snapshot import full_titles

EXPORT_FORMATS = exports.FORMATS
# The whole ward's page lists this many difficulties per task; the organisation's
# report and every export list them all.
WARD_DIFFICULTIES_SHOWN = 3


def _messages() -> dict[str, str]:
    return {
        "not_ended": _(
            "This month has not ended yet; it can be closed from the 1st of next month."
        ),
        "outside_plan": _("This month is outside the plan's year."),
        "already_closed": _("This month is already closed."),
        "not_closed": _("This month is not closed."),
        "reason_required": _("Please give the reason for reopening the month."),
    }


@dataclass
class Chosen:
    """The plan, month and scope a request asks for, checked."""

    plan: Plan
    year: int
    month: int
    scope: Scope
    title: str
    notice: str | None = None

    @property
    def month_key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _default_scope() -> Scope:
    scope = policy.default_report_scope()
    if scope is None:
        abort(403)
    return scope


def _scope_title(scope: Scope) -> str:
    """The scope's name after checking the user may see its report (403/404 otherwise)."""
    if scope.kind == "ward":
        policy.require(policy.can_view_report("ward", None, None))
        return _("Whole ward")
    if scope.kind == "org":
        org = db.get_or_404(Organisation, scope.id)
        policy.require(policy.can_view_report("org", org.id, None))
        return org.name
    if scope.kind == "branch":
        br = db.get_or_404(Branch, scope.id)
        policy.require(policy.can_view_report("branch", br.organisation_id, br.id))
        return br.name
    block = db.get_or_404(Block, scope.id)
    policy.require(policy.can_view_report("block", None, None))
    return block.name


def _choose(values: Any) -> Chosen | None:
    """Read ``month`` and ``scope`` from ``values``; None when there is no plan yet."""
    plan = current_plan()
    if plan is None:
        return None
    notice = None
    raw_month = values.get("month")
    parsed = parse_month(raw_month)
    if parsed is not None and parsed[0] != plan.year:
        # A month of another year: that year's plan (last year's December in January).
        plan = plan_of_year(parsed[0]) or plan
    if parsed is None or parsed[0] != plan.year:
        parsed = default_month(plan, today_in_vietnam())
        if raw_month:
            notice = _(
                "“%(month)s” is not a month of the plan (%(year)d); showing %(shown)s.",
                month=str(raw_month)[:20],
                year=plan.year,
                shown=f"{parsed[1]:02d}/{parsed[0]}",
            )
    raw_scope = values.get("scope")
    scope = Scope.parse(raw_scope, SCOPE_KINDS)
    if scope is None:
        if raw_scope:
            unknown = _("Unknown report scope; showing your default one.")
            notice = f"{notice} {unknown}" if notice else unknown
        scope = _default_scope()
    chosen = Chosen(plan, parsed[0], parsed[1], scope, _scope_title(scope), notice)
    return chosen


def _report(
    chosen: Chosen,
    chart: bool = True,
    updates: bool = True,
    history: list[MonthClose] | None = None,
) -> tuple[Report, MonthClose | None]:
    label = _("own level")
    month = (chosen.plan, chosen.year, chosen.month, chosen.scope, label)
    return load_report(*month, chart, updates, history)


def _scope_options() -> list[tuple[str, list[tuple[str, str]]]]:
    """The scopes the user may pick, grouped for the <select> (three queries at most)."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    everything = policy.reads_everything()
    if everything:
        groups.append(("", [("ward", _("Whole ward"))]))
    orgs = db.session.scalars(
        select(Organisation)
        .where(Organisation.active.is_(True), policy.visible_organisations())
        .order_by(Organisation.sort_order, Organisation.id)
    ).all()
    org_opts = [(f"org-{o.id}", o.name) for o in orgs if policy.can_view_report("org", o.id, None)]
    if org_opts:
        groups.append((_("Organisations"), org_opts))
    # Columns only, and the user looked up once: a ward has hundreds of branches.
    me = current_user._get_current_object()
    branches = db.session.execute(
        select(Branch.id, Branch.name, Branch.organisation_id)
        .join(Organisation, Organisation.id == Branch.organisation_id)
        .where(Branch.active.is_(True))
        .order_by(Organisation.sort_order, Organisation.id, Branch.sort_order, Branch.id)
    ).all()
    branch_opts = [
        (f"branch-{bid}", name)
        for bid, name, org_id in branches
        if policy.can_view_report("branch", org_id, bid, me)
    ]
    if branch_opts:
        groups.append((_("Branches"), branch_opts))
    if everything:
        blocks = db.session.scalars(
            select(Block).where(Block.active.is_(True)).order_by(Block.number)
        ).all()
        groups.append((_("Blocks"), [(f"block-{b.id}", b.name) for b in blocks]))
    return groups


def _closed_months(plan_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(MonthClose.month).where(
                MonthClose.plan_id == plan_id, MonthClose.reopened_at.is_(None)
            )
        )
    )


def _task_group(report: Report, task_id: int | None) -> TaskGroup | None:
    """The task ``task_id`` of a detailed report (None when the report has no such task)."""
    for org in report.organisations:
        for task in org.tasks:
            if task.task_id == task_id:
                return task
    return None


def _task_detail(report: Report, task_id: int | None) -> Response:
    """One task's part of a detailed report, each branch's status and the notes of the
    month: what a task of the organisation's page loads when opened (htmx)."""
    task = _task_group(report, task_id)
    if task is None:
        body = render_template("reports/_task_missing.html")
    else:
        links = link_prefixes()
        body = render_template("reports/_task.html", task=task, report=report, links=links)
    response = make_response(body)
    response.vary.add("HX-Request")
    return response


def _render(chosen: Chosen | None, reopen_form: ReopenMonthForm | None = None) -> Response:
    if chosen is None:
        return render_page("reports/page.html", "report", plan=None)
    # A detailed report lists its tasks with their figures; each task's branches and
    # notes come when asked (one task: ``task``; all of them, to print: ``detail=all``):
    # the month's updates are read only then.
    open_task = whole_number(request.args.get("task"))
    asked = open_task is not None or request.args.get("detail") == "all"
    # The month's closes, read once: the page lists them, and the one in force is the
    # report's source.
    history = month_history(chosen.plan.id, chosen.year, chosen.month)
    report, closed = _report(chosen, updates=asked, history=history)
    if report.detailed and open_task is not None and is_htmx_partial():
        return _task_detail(report, open_task)
    every_task = report.detailed and request.args.get("detail") == "all"
    close_form = CloseMonthForm(month=chosen.month_key, scope=chosen.scope.key)
    if reopen_form is None:
        reopen_form = ReopenMonthForm(formdata=None, month=chosen.month_key, scope=chosen.scope.key)
    return render_page(
        "reports/page.html",
        "report",
        plan=chosen.plan,
        chosen=chosen,
        report=report,
        every_task=every_task,
        open_task=_task_group(report, open_task) if report.detailed else None,
        closed=closed,
        history=history,
        chart=plot(report.chart, max((m for s in report.chart for m, _p in s.points), default=0)),
        scope_options=_scope_options(),
        closed_months=_closed_months(chosen.plan.id),
        plan_years=plan_years(),
        month_ended=month_has_ended(chosen.year, chosen.month),
        can_close=policy.can_close_month(),
        close_form=close_form,
        reopen_form=reopen_form,
        export_formats=EXPORT_FORMATS,
        links=link_prefixes(),
        target_views=_target_views(chosen),
        difficulties_shown=None if report.detailed else WARD_DIFFICULTIES_SHOWN,
        # Translated once, formatted per task (a template _() per task costs more than
        # the rest of the line).
        more_difficulties=_("and %(count)d more — see the report of %(org)s"),
        # The same for each task's line of an organisation's list of tasks.
        task_texts={
            "done": _("%(done)d/%(total)d done"),
            "blocked": _("%(num)d blocked"),
            "overdue": _("%(num)d overdue"),
        },
        # Built once per organisation: the ward's page links many tasks to them.
        org_report_urls={
            org.id: url_for("reports.page", month=chosen.month_key, scope=f"org-{org.id}")
            for org in report.organisations
        },
    )


def _target_views(chosen: Chosen) -> list[TargetView]:
    """The scope's targets at the month's end (from the history, like the rest of the
    month): the ward's all, an organisation's or a branch's organisation's; none for a
    block (its branches belong to every organisation)."""
    if chosen.scope.kind == "block":
        return []
    org_id = None
    if chosen.scope.kind == "org":
        org_id = chosen.scope.id
    elif chosen.scope.kind == "branch":
        org_id = db.session.get(Branch, chosen.scope.id).organisation_id  # type: ignore[union-attr]
    end = month_end_utc(chosen.year, chosen.month)
    return targets_of(chosen.plan, org_id, end)


@login_required
@conditional
def page() -> Response:
    """A month's report for a scope; htmx gets the report block, a plain request the page."""
    return _render(_choose(request.args))


@login_required
def export(fmt: str) -> Response:
    """Download exactly what the page shows, as XLSX, CSV or DOCX."""
    if fmt not in EXPORT_FORMATS:
        abort(404)
    chosen = _choose(request.args)
    if chosen is None:
        abort(404)
    name = f"bao-cao-{chosen.month_key}-{chosen.scope.key}.{fmt}"
    closed, source = month_source(chosen.plan, chosen.year, chosen.month)
    # The DOCX prints the month's submitted reports (the reporting cycle), which a closed
    # month's source does not cover: their stamp joins the key.
    unit_texts = month_unit_texts(chosen.year, chosen.month, chosen.scope) if fmt == "docx" else []
    # The file itself is kept too: what it shows is the month's report in the request's
    # language and the settings (both under the data version), dated today.
    key = (
        f"file:{chosen.plan.id}:{chosen.month_key}:{chosen.scope.key}:{fmt}:"
        f"{get_locale()}:{today_in_vietnam().isoformat()}:{texts_stamp(unit_texts)}"
    )
    held = kept(key, source)
    if held is not None:
        return _kept_file(fmt, held, name)
    meta = exports.ExportMeta(
        scope_title=chosen.title,
        settings=report_settings(),
        # A closed month's files carry its close time so every download is identical.
        stamp=closed.closed_at if closed is not None else utcnow().replace(microsecond=0),
        closed=closed is not None,
        unit_texts=unit_texts,
        targets=[target_sentence(tv) for tv in _target_views(chosen)],
    )
    body: bytes | Iterator[bytes]
    month = (chosen.plan, chosen.year, chosen.month, chosen.scope, _("own level"))
    if fmt == "csv" and closed is None and not report_kept(*month, source):
        # A live month's CSV is written from its rows (no report built for a file), unless
        # the page or another file has kept the month's report already.
        body, mimetype = exports.live_csv(*month, meta)
    else:
        # No file shows the chart: it is not counted for one.
        report, closed = _report(chosen, chart=False)
        if fmt == "docx" and closed is None:
            # Only the DOCX writes shortened titles in full (a closed month stored them).
            report = replace(report, full_titles=full_titles(chosen.plan.id))
        body, mimetype = exports.export(fmt, report, meta)
    if isinstance(body, bytes):
        keep(key, source, body)
        return _attachment(body, mimetype, name)
    # Written as it is sent (the report is in memory), kept once whole.
    streamed = Response(
        stream_with_context(_kept_once_sent(fmt, body, key, source)), mimetype=mimetype
    )
    streamed.headers.set("Content-Disposition", "attachment", filename=name)
    return streamed


def _kept_once_sent(fmt: str, pieces: Iterator[bytes], key: str, source: Source) -> Iterator[bytes]:
    """``pieces`` as they come; once all are sent, the file kept under ``key`` (a text
    file compressed, see :func:`_kept_file`)."""
    sent = []
    for piece in pieces:
        sent.append(piece)
        yield piece
    whole = b"".join(sent)
    keep(key, source, gzip.compress(whole, 6, mtime=0) if fmt in GZIPPED else whole)


# Formats kept compressed (gzip) and sent so to a client that accepts it: text, which
# compresses tenfold (XLSX and DOCX are zip files already).
GZIPPED = ("csv",)


def _kept_file(fmt: str, held: bytes, name: str) -> Response:
    """A kept file: as it was kept, or, for a text format (kept compressed), as it was
    kept to a client that accepts gzip and uncompressed to another.

    The speed device of issue 16's "repeated export" target: a peer ward's organisation CSV
    is 108 KB of text, 6 KB compressed (the ward's 48 KB, 3.5 KB); sent as kept, the
    server does not compress it again, and the network does not carry (nor the client
    read) eighteen times its bytes (make bench, "CSV export ... kept": 0.58 and 0.70 of
    the floor page's rate before, for 0.86 and 0.73 of its instructions)."""
    mimetype = exports.MIMETYPES[fmt]
    if fmt not in GZIPPED:
        return _attachment(held, mimetype, name)
    if not request.accept_encodings["gzip"]:
        response = _attachment(gzip.decompress(held), mimetype, name)
    else:
        response = Response(held, mimetype=mimetype)
        response.headers["Content-Encoding"] = "gzip"
        response.headers.set("Content-Disposition", "attachment", filename=name)
        response.headers["Cache-Control"] = "no-cache"
    response.vary.add("Accept-Encoding")
    return response


def _attachment(body: bytes, mimetype: str, name: str) -> Response:
    return send_file(
        io.BytesIO(body),
        mimetype=mimetype,
        as_attachment=True,
        download_name=name,
        max_age=0,
        etag=False,
        last_modified=None,
    )


def _back(values: Any) -> Response:
    params = {k: values.get(k) for k in ("month", "scope") if values.get(k)}
    return redirect(url_for("reports.page", **params))


@login_required
def close() -> Response:
    """Close the month (chốt số liệu): the secretariat freezes its figures."""
    policy.require(policy.can_close_month())
    chosen = _choose(request.form)
    if chosen is None:
        flash(_("There is no plan yet."), "error")
        return _back(request.form)
    try:
        close_month(chosen.plan, chosen.year, chosen.month, current_user, _messages())
    except Refused as refusal:
        show_refusal(refusal)
    else:
        flash(
            _("Month %(period)s is closed.", period=f"{chosen.month:02d}/{chosen.year}"), "success"
        )
    return _back(request.form)


@login_required
def reopen() -> Response:
    """Reopen a closed month, with a reason that is recorded."""
    policy.require(policy.can_close_month())
    form = ReopenMonthForm()
    chosen = _choose(request.form)
    if chosen is None:
        flash(_("There is no plan yet."), "error")
        return _back(request.form)
    if not form.validate_on_submit():
        # Shown again with the message next to the field and what was typed.
        return _render(chosen, reopen_form=form)
    try:
        reopen_month(
            chosen.plan,
            chosen.year,
            chosen.month,
            current_user,
            form.reason.data or "",
            _messages(),
        )
    except Refused as refusal:
        show_refusal(refusal)
    else:
        flash(
            _("Month %(period)s is reopened.", period=f"{chosen.month:02d}/{chosen.year}"),
            "success",
        )
    return _back(request.form)


@login_required
def settings() -> Response:
    """Ward name, issuing body, signer and number prefix printed on the reports."""
    policy.require(policy.can_edit_report_settings())
    current = report_settings()
    form = ReportSettingsForm(data=current)
    if form.validate_on_submit():
        save_report_settings(
            {name: str(getattr(form, name).data or "") for name in current}, current_user
        )
        flash(_("The report settings are saved."), "success")
        return redirect(url_for("reports.settings"))
    return render_page("reports/settings.html", None, form=form)
