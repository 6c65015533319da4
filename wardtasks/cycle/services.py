"""Writing, submitting and reviewing the monthly reports of the cycle, and reminders.

Each function is one write transaction: the report's change, its frozen submission, the
audit entry and the notices (:func:`wardtasks.notices.notify`) commit together or not at
all. Messages for the user come in ``messages`` (translated by the view): the services
stay free of request state.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..audit import record
from ..database import write_transaction
from ..dates import month_start_utc
from ..extensions import db
from ..models import REPORT_TEXTS, Branch, Organisation, PeriodicReport, ReportSubmission, User
from ..models.base import utcnow
from ..notices import notify
from ..notices.kinds import REPORT_ACCEPTED, REPORT_REMINDER, REPORT_RETURNED, REPORT_SUBMITTED
from ..notices.recipients import branch_heads, organisation_leaders, secretariat
from ..plans.current import plan_of_year
from ..refusals import Conflict, Invalid
from ..reports.closing import month_in_force
from ..reports.snapshot import build_snapshot
from ..scope import Scope

TEXT_MAX = 8000
OUTCOMES = ("accepted", "returned")


class StaleReport(Conflict):
    """The report changed since the form was shown (another save, a review)."""


class CycleRefusal(Invalid):
    """A request the cycle refuses; the message says why."""


@dataclass(frozen=True)
class Unit:
    """Who a monthly report is of: a branch (``branch_id`` set) or an organisation."""

    organisation_id: int
    branch_id: int | None
    name: str
    organisation_name: str
    organisation_short: str = ""

    @property
    def scope(self) -> Scope:
        """The figures' scope: the branch's, or the whole organisation's."""
        if self.branch_id is not None:
            return Scope("branch", self.branch_id)
        return Scope("org", self.organisation_id)

    @property
    def key(self) -> str:
        """``branch-<id>`` or ``org-<id>`` (a reminder's target in a form)."""
        return self.scope.key

    def authors(self) -> list[int]:
        """The active users who write this report."""
        if self.branch_id is not None:
            return branch_heads([self.branch_id])
        return organisation_leaders([self.organisation_id])

    def reviewers(self) -> list[int]:
        """The active users who accept or return it (the secretariat may too, and is told
        of the organisations' reports)."""
        if self.branch_id is not None:
            return organisation_leaders([self.organisation_id])
        return secretariat()


def branch_unit(branch: Branch) -> Unit:
    """The unit of a branch's report."""
    org = branch.organisation
    return Unit(org.id, branch.id, branch.name, org.name, org.short_name)


def organisation_unit(org: Organisation) -> Unit:
    """The unit of an organisation's own report."""
    return Unit(org.id, None, org.name, org.name, org.short_name)


def month_label(year: int, month: int) -> str:
    """MM/YYYY, as notices and pages write a month."""
    return f"{month:02d}/{year}"


def find_report(unit: Unit, year: int, month: int, *, lock: bool = False) -> PeriodicReport | None:
    """The unit's report of the month, if one was started (locked for a write)."""
    query = (
        select(PeriodicReport)
        .options(selectinload(PeriodicReport.submissions))
        .where(
            PeriodicReport.organisation_id == unit.organisation_id,
            PeriodicReport.year == year,
            PeriodicReport.month == month,
        )
    )
    if unit.branch_id is None:
        query = query.where(PeriodicReport.branch_id.is_(None))
    else:
        query = query.where(PeriodicReport.branch_id == unit.branch_id)
    if lock:
        query = query.with_for_update()
    return db.session.scalar(query)


def frozen_snapshot(year: int, month: int, scope: Scope) -> dict[str, Any] | None:
    """The figures a submission keeps: the scope's month-end snapshot as the report page
    computes it now (:mod:`wardtasks.reports.snapshot`; a closed month's, from its close),
    without the chart; None when the year has no plan."""
    plan = plan_of_year(year)
    if plan is None:
        return None
    closed = month_in_force(plan.id, year, month)
    if closed is None:
        return build_snapshot(plan, year, month, scope, complete=True, chart=False)
    return scope_part(json.loads(closed.figures), scope)


def scope_part(snapshot: dict[str, Any], scope: Scope) -> dict[str, Any]:
    """The part of a wider snapshot (the ward's) in ``scope``, without the chart."""
    rows = [
        r for r in snapshot["rows"] if scope.contains(r["org_id"], r["branch_id"], r["block_id"])
    ]
    kept = {str(r["aid"]) for r in rows}
    previous = {k: v for k, v in snapshot["previous"].items() if k in kept}
    return {**snapshot, "rows": rows, "previous": previous, "chart": []}


def _texts(texts: Mapping[str, str]) -> dict[str, str]:
    return {name: (texts.get(name) or "").strip()[:TEXT_MAX] for name in REPORT_TEXTS}


def save_report(
    unit: Unit,
    year: int,
    month: int,
    texts: Mapping[str, str],
    version: int,
    user: User,
    *,
    submit: bool,
    link: str,
    messages: Mapping[str, str],
) -> PeriodicReport:
    """Save the unit's report of the month as a draft, or (``submit``) send it: its texts
    and figures are then frozen in a new :class:`ReportSubmission` and its reviewers told.

    ``version`` is the one the form was shown with (0: no report yet). Refused when the
    report changed since (``stale``) or is submitted or accepted (``not_editable``), and
    a submission before the month has begun (``too_early``).
    """
    if submit and month_start_utc(year, month) > utcnow():
        raise CycleRefusal(messages["too_early"])
    user_id = user.id
    values = _texts(texts)
    try:
        with write_transaction():
            report = find_report(unit, year, month, lock=True)
            if (report.version if report is not None else 0) != version:
                raise StaleReport(messages["stale"])
            if report is None:
                report = PeriodicReport(
                    organisation_id=unit.organisation_id,
                    branch_id=unit.branch_id,
                    year=year,
                    month=month,
                    state="draft",
                    version=0,
                )
                db.session.add(report)
            elif report.state not in ("draft", "returned"):
                raise CycleRefusal(messages["not_editable"])
            before = {"report_state": report.state}
            for name, value in values.items():
                setattr(report, name, value)
            report.version += 1
            report.updated_at = utcnow()
            report.updated_by_id = user_id
            db.session.flush()
            period = {"month": f"{year:04d}-{month:02d}"}
            if not submit:
                record(user_id, "report.save", "periodic_report", report.id, before, period)
                return report
            number = len(report.submissions) + 1
            snapshot = frozen_snapshot(year, month, unit.scope)
            db.session.add(
                ReportSubmission(
                    report_id=report.id,
                    number=number,
                    submitted_at=utcnow().replace(microsecond=0),
                    submitted_by_id=user_id,
                    figures=json.dumps(snapshot, ensure_ascii=False, sort_keys=True),
                    **values,
                )
            )
            report.state = "submitted"
            after = {"report_state": "submitted", "submission": number, **period}
            record(user_id, "report.submit", "periodic_report", report.id, before, after)
            notify(
                unit.reviewers(),
                REPORT_SUBMITTED,
                link=link,
                scope=unit.name,
                month=month_label(year, month),
            )
    except IntegrityError as exc:  # started by someone else at the same moment
        raise StaleReport(messages["stale"]) from exc
    return report


def review_report(
    unit: Unit,
    year: int,
    month: int,
    outcome: str,
    comment: str,
    number: int,
    user: User,
    *,
    link: str,
    messages: Mapping[str, str],
) -> PeriodicReport:
    """Accept or return (with a comment) submission ``number`` of the unit's report, the
    one the reviewer read; its authors are told."""
    if outcome not in OUTCOMES:
        raise CycleRefusal(messages["unknown_outcome"])
    comment = comment.strip()[:TEXT_MAX]
    if outcome == "returned" and not comment:
        raise CycleRefusal(messages["comment_required"], field="comment")
    user_id = user.id
    with write_transaction():
        report = find_report(unit, year, month, lock=True)
        if report is None or report.state != "submitted" or report.latest is None:
            raise StaleReport(messages["not_submitted"])
        latest = report.latest
        if latest.number != number:
            raise StaleReport(messages["stale"])
        latest.outcome = outcome
        latest.reviewed_at = utcnow().replace(microsecond=0)
        latest.reviewed_by_id = user_id
        latest.comment = comment
        report.state = outcome
        report.version += 1
        after = {
            "report_state": outcome,
            "submission": number,
            "month": f"{year:04d}-{month:02d}",
        }
        if comment:
            after["comment"] = comment
        action = "report.accept" if outcome == "accepted" else "report.return"
        record(user_id, action, "periodic_report", report.id, {"report_state": "submitted"}, after)
        params: dict[str, str | int] = {"scope": unit.name, "month": month_label(year, month)}
        if comment:
            params["comment"] = comment
        kind = REPORT_ACCEPTED if outcome == "accepted" else REPORT_RETURNED
        notify(unit.authors(), kind, link=link, **params)
    return report


def send_reminders(
    units: Iterable[Unit], year: int, month: int, user: User, link: Callable[[Unit], str]
) -> int:
    """Remind the authors of each of ``units`` that their report of the month is awaited
    (the caller chose the late ones); returns how many people were reminded."""
    user_id = user.id
    reached: set[int] = set()
    with write_transaction():
        for unit in units:
            ids = unit.authors()
            notify(
                ids,
                REPORT_REMINDER,
                link=link(unit),
                scope=unit.name,
                month=month_label(year, month),
            )
            target = (
                ("branch", unit.branch_id)
                if unit.branch_id
                else ("organisation", unit.organisation_id)
            )
            after = {"month": f"{year:04d}-{month:02d}", "reminded": len(ids)}
            record(user_id, "report.remind", target[0], target[1], None, after)
            reached.update(ids)
    return len(reached)


def submitted_texts(year: int, month: int, scope: Scope) -> list[tuple[Unit, ReportSubmission]]:
    """The reports of the month in ``scope`` (an organisation's or the ward's) as last
    submitted and not returned: each organisation's own, then its branches', in the
    ward's order (the DOCX prints them under each branch)."""
    query = (
        select(PeriodicReport, Organisation, Branch)
        .join(Organisation, Organisation.id == PeriodicReport.organisation_id)
        .outerjoin(Branch, Branch.id == PeriodicReport.branch_id)
        .options(selectinload(PeriodicReport.submissions))
        .where(
            PeriodicReport.year == year,
            PeriodicReport.month == month,
            PeriodicReport.state.in_(("submitted", "accepted")),
        )
        .order_by(
            Organisation.sort_order,
            Organisation.id,
            Branch.id.is_not(None),
            Branch.sort_order,
            Branch.id,
        )
    )
    if scope.kind == "org":
        query = query.where(PeriodicReport.organisation_id == scope.id)
    elif scope.kind != "ward":
        return []
    found = []
    for report, org, branch in db.session.execute(query):
        unit = branch_unit(branch) if branch is not None else organisation_unit(org)
        if report.latest is not None:
            found.append((unit, report.latest))
    return found
