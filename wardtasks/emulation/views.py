"""The emulation ranking (thi đua): the page with each score's breakdown, its exports, the
weights, and closing a period."""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .. import policy
from ..inputs import whole_number
from ..models import Plan
from ..models.base import utcnow
from ..plans.current import current_plan, plan_of_year, plan_years
from ..refusals import Refused
from ..reports.exports import DOCX_MIME, XLSX_MIME
from ..reports.settings import report_settings
from ..web import conditional, render_page, show_refusal
from .closing import close_period, ranking_of, reopen_period
from .forms import ReopenPeriodForm, WeightsForm
from .scores import CRITERIA, PERIOD_KEYS, Period, parse_period
from .weights import save_weights, weights

EXPORTS = {"xlsx": XLSX_MIME, "docx": DOCX_MIME}


def _messages() -> dict[str, str]:
    return {
        "not_ended": _("This period has not ended yet; it can be closed once it is over."),
        "already_closed": _("This period is already closed."),
        "not_closed": _("This period is not closed."),
        "reason_required": _("Please give the reason for reopening the period."),
    }


@dataclass
class Chosen:
    """The plan and period a request asks for, checked."""

    plan: Plan
    period: Period
    notice: str | None = None


def _choose(values: dict[str, str] | None = None) -> Chosen:
    """``year`` and ``period`` from the request (a bad one: the default, with a notice);
    404 when there is no plan at all."""
    args = values if values is not None else request.values
    plan = current_plan()
    if plan is None:
        abort(404)
    notices = []
    raw_year, raw_period = args.get("year"), args.get("period")
    year = whole_number(raw_year)
    if year is not None and year != plan.year:
        plan = plan_of_year(year) or plan
    if raw_year and year != plan.year:
        notices.append(
            _(
                "There is no plan for “%(year)s”; showing %(shown)d.",
                year=str(raw_year)[:20],
                shown=plan.year,
            )
        )
    period = parse_period(plan.year, raw_period or "year")
    if period is None:
        notices.append(_("Unknown period; showing the whole year."))
        period = Period(plan.year, "year")
    return Chosen(plan, period, " ".join(notices) or None)


def period_options(year: int) -> list[tuple[str, str]]:
    """The periods of a year as (key, label), the whole year first."""
    return [(key, Period(year, key).label) for key in PERIOD_KEYS]


def _back(chosen: Chosen) -> Response:
    return redirect(url_for("emulation.page", year=chosen.plan.year, period=chosen.period.key))


def _page(chosen: Chosen, reopen_form: ReopenPeriodForm | None = None) -> Response:
    ranking, closed = ranking_of(chosen.plan, chosen.period)
    return render_page(
        "emulation/page.html",
        "ranking",
        chosen=chosen,
        ranking=ranking,
        closed=closed,
        criteria=CRITERIA,
        years=plan_years(),
        periods=period_options(chosen.plan.year),
        reopen_form=reopen_form or ReopenPeriodForm(formdata=None),
        can_manage=policy.can_manage_emulation(),
        ended=chosen.period.end <= utcnow(),
    )


@login_required
@conditional
def page() -> Response:
    """A period's ranking of branches and organisations, each score with its breakdown."""
    policy.require(policy.can_view_emulation())
    return _page(_choose())


@login_required
def export(fmt: str) -> Response:
    """The ranking as an XLSX workbook, or as the DOCX list proposed for commendation
    (đề nghị khen thưởng) at the year-end conference."""
    policy.require(policy.can_view_emulation())
    if fmt not in EXPORTS:
        abort(404)
    chosen = _choose()
    ranking, closed = ranking_of(chosen.plan, chosen.period)
    stamp = closed.closed_at if closed is not None else utcnow().replace(microsecond=0)
    from . import exports  # openpyxl and python-docx only when a file is asked for

    body = exports.write(fmt, ranking, chosen.period, report_settings(), stamp)
    return send_file(
        io.BytesIO(body),
        mimetype=EXPORTS[fmt],
        as_attachment=True,
        download_name=f"thi-dua-{chosen.plan.year}-{chosen.period.key}.{fmt}",
        max_age=0,
        etag=False,
        last_modified=None,
    )


@login_required
def weights_page() -> Response:
    """The weight of each criterion (the secretariat)."""
    policy.require(policy.can_manage_emulation())
    form = WeightsForm(data=weights())
    if form.validate_on_submit():
        save_weights({c.key: getattr(form, c.key).data for c in CRITERIA}, current_user)
        flash(_("The weights are saved; open periods are ranked with them."), "success")
        return redirect(url_for("emulation.weights_page"))
    return render_page("emulation/weights.html", None, form=form, criteria=CRITERIA)


@login_required
def close() -> Response:
    """Close the period: its ranking and the weights it used are frozen."""
    policy.require(policy.can_manage_emulation())
    chosen = _choose()
    try:
        close_period(chosen.plan, chosen.period, current_user, _messages())
    except Refused as refusal:
        show_refusal(refusal)
    else:
        flash(_("%(period)s is closed.", period=chosen.period.label), "success")
    return _back(chosen)


@login_required
def reopen() -> Response:
    """Reopen a closed period, with a reason that is recorded."""
    policy.require(policy.can_manage_emulation())
    chosen = _choose()
    form = ReopenPeriodForm()
    if not form.validate_on_submit():
        response = _page(chosen, reopen_form=form)
        response.status_code = 422
        return response
    try:
        reopen_period(chosen.plan, chosen.period, current_user, form.reason.data or "", _messages())
    except Refused as refusal:
        show_refusal(refusal)
    else:
        flash(_("%(period)s is reopened.", period=chosen.period.label), "success")
    return _back(chosen)
