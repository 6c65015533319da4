"""A report's data as a plain, JSON-ready dict: what a closed month stores and what
every report (live or closed) is built from.

:func:`build_snapshot` returns every assignment in scope with its state at the
month's end (category and overdue flag included), the notes of the month, the
previous month's statuses and the completion counts per month for the chart.
Closing a month stores it for the whole ward, so later updates cannot change a
closed month's report.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import DateTime, bindparam, select
from sqlalchemy.orm import aliased

from ..dates import month_end_as_of, month_end_utc, month_start_utc
from ..extensions import db
from ..importer.clauses import make_title
from ..models import Branch, Organisation, Plan, Task, TaskNote, TaskSupporter, User
from ..scope import Scope
from ..statements import built_once
from ..status import government_category, is_overdue
from .completion import completion_by_month
from .month_end import (
    as_date,
    done_day,
    month_end_rows,
    month_notes,
)

SNAPSHOT_VERSION = 1


def chart_months(plan: Plan, year: int, month: int) -> int:
    """How many months of the plan's year the chart shows for a report of ``year``/``month``."""
    return month if year == plan.year else (12 if year > plan.year else 0)


def build_snapshot(
    plan: Plan,
    year: int,
    month: int,
    scope: Scope,
    complete: bool = True,
    chart: bool = True,
    titles: bool = True,
    updates: bool = True,
) -> dict[str, Any]:
    """The report's data for ``scope`` at the end of ``year``/``month`` (four queries).

    With ``complete`` False (the live whole-ward summary, which shows no notes but
    the difficulties'), the month's notes are left out and only blocked rows carry
    their last note; with ``chart`` False (a file, which shows no chart), the chart's
    counts are left out; with ``titles`` False, the titles written out in full (which
    only the DOCX shows, and which cost the importer's reading of every shortened title:
    a live DOCX asks :func:`full_titles` itself); with ``updates`` False (an organisation's
    page, which shows each task's updates only when the task is opened), each row's
    updates of the month are left out (``notes`` empty; :func:`month_updates` reads them).
    A closed month always stores the complete snapshot.
    """
    end = month_end_utc(year, month)
    states = month_end_rows(plan.id, end, scope, "all" if complete else "blocked")
    notes = month_updates(plan.id, year, month, scope) if complete and updates else {}
    counts = chart_counts(plan, year, month, scope) if chart else []
    as_of = month_end_as_of(year, month)
    supported = task_support(plan.id)
    return {
        "version": SNAPSHOT_VERSION,
        "plan": {"id": plan.id, "title": plan.title, "year": plan.year},
        "year": year,
        "month": month,
        "rows": [_row(r, as_of, notes.get(r[0], [])) for r in states],
        # Last month's status of each row given out then (no other is read).
        "previous": {str(r[0]): r[17] for r in sorted(states) if r[17] is not None},
        "chart": counts,
        "full_titles": full_titles(plan.id) if titles else {},
        "support": {k: [t["lead"], t["supporters"]] for k, t in supported.items()},
        "supported": list(supported.values()),
        "support_notes": support_notes(plan.id, month_start_utc(year, month), end)
        if complete
        else {},
    }


def month_updates(plan_id: int, year: int, month: int, scope: Scope) -> dict[int, list[Any]]:
    """The updates written during the month per assignment in ``scope`` (a snapshot row's
    ``notes``), oldest first."""
    start, end = month_start_utc(year, month), month_end_utc(year, month)
    return month_notes(plan_id, start, end, scope)


def task_support(plan_id: int) -> dict[str, dict[str, Any]]:
    """The plan's tasks that have supporting organisations, in plan order: task id (as
    text, a JSON key) -> its id, title, lead (id, short name) and supporters (ids, short
    names in the ward's order). A closed month keeps them as they were when it was
    closed (its ``support``: [lead, [supporters]] per task; ``supported``: these)."""
    rows = db.session.connection().execute(_statement("support"), {"plan_id": plan_id})
    found: dict[str, dict[str, Any]] = {}
    for task_id, title, lead_id, lead_name, supporter_id, supporter in rows:
        task = found.setdefault(
            str(task_id),
            {
                "task_id": task_id,
                "task": title,
                "lead_id": lead_id,
                "lead": lead_name or "",
                "supporter_ids": [],
                "supporters": [],
            },
        )
        task["supporter_ids"].append(supporter_id)
        task["supporters"].append(supporter)
    return found


def support_notes(plan_id: int, start: datetime, end: datetime) -> dict[str, list[dict[str, Any]]]:
    """The supporting organisations' notes written during [start, end), per task (id as
    text), oldest first: the month's notes of the tasks they support."""
    values = {"plan_id": plan_id, "start": start, "end": end}
    rows = db.session.connection().execute(_statement("support_notes"), values)
    notes: dict[str, list[dict[str, Any]]] = {}
    for task_id, org_id, branch_id, org_short, branch, author, at, note in rows:
        notes.setdefault(str(task_id), []).append(
            {
                "org_id": org_id,
                "org_short": org_short,
                "branch_id": branch_id,
                "branch": branch,
                "author": author,
                "at": at.isoformat(timespec="seconds"),
                "note": note or "",
            }
        )
    return notes


def _support_statement() -> Any:
    """The statement of :func:`task_support` (the plan bound)."""
    lead = aliased(Organisation)
    return (
        select(
            Task.id,
            Task.title,
            Task.organisation_id,
            lead.short_name,
            Organisation.id,
            Organisation.short_name,
        )
        .join(TaskSupporter, TaskSupporter.task_id == Task.id)
        .join(Organisation, Organisation.id == TaskSupporter.organisation_id)
        .outerjoin(lead, lead.id == Task.organisation_id)
        .where(Task.plan_id == bindparam("plan_id"))
        .order_by(Task.sort_order, Task.id, Organisation.sort_order, Organisation.id)
    )


def _support_notes_statement() -> Any:
    """The statement of :func:`support_notes` (the plan and the month's bounds bound)."""
    return (
        select(
            TaskNote.task_id,
            TaskNote.organisation_id,
            TaskNote.branch_id,
            Organisation.short_name,
            Branch.name,
            User.full_name,
            TaskNote.created_at,
            TaskNote.note,
        )
        .join(Task, Task.id == TaskNote.task_id)
        .join(Organisation, Organisation.id == TaskNote.organisation_id)
        .outerjoin(Branch, Branch.id == TaskNote.branch_id)
        .join(User, User.id == TaskNote.author_id)
        .where(
            Task.plan_id == bindparam("plan_id"),
            TaskNote.created_at >= bindparam("start", type_=DateTime()),
            TaskNote.created_at < bindparam("end", type_=DateTime()),
        )
        .order_by(TaskNote.created_at, TaskNote.id)
    )


_BUILDERS = {"support": _support_statement, "support_notes": _support_notes_statement}


@built_once
def _statement(name: str) -> Any:
    """A snapshot's statement, run on the session's connection (Core rows): every report
    reads them, and building an ORM statement and its cache key on each request cost more
    than reading the few rows they give."""
    return _BUILDERS[name]()


def full_titles(plan_id: int) -> dict[str, str]:
    """The plan's titles shortened at import (ending with "…"), each with its task's
    first clause in full, as official text writes it (a title two tasks share is left
    as it is: it could name either)."""
    found: dict[str, str | None] = {}
    rows = db.session.execute(
        select(Task.title, Task.text).where(Task.plan_id == plan_id, Task.title.endswith("…"))
    )
    for title, text in rows:
        head = title.removesuffix("…").rstrip()
        clause = make_title(" ".join((text or "").split()), max_chars=None)
        # Not from the text (the title was edited): nothing to write it out from.
        full = clause if clause.startswith(head) and len(clause) > len(head) else None
        found[title] = full if title not in found else None
    return {title: full for title, full in sorted(found.items()) if full}


def chart_counts(plan: Plan, year: int, month: int, scope: Scope) -> list[list[int | None]]:
    """The chart's counts of a snapshot: completion at the end of each month shown."""
    shown = chart_months(plan, year, month)
    return completion_by_month(plan.id, plan.year, shown, scope) if shown else []


def _row(r: tuple[Any, ...], as_of: date, notes: list[dict[str, Any]]) -> dict[str, Any]:
    """One assignment's month-end state (a :func:`month_end_rows` row) as a snapshot
    row, classified as of ``as_of``."""
    status, due = r[12], as_date(r[15])
    done_on = done_day(status, r[16])
    return {
        "aid": r[0],
        "task_id": r[1],
        "task": r[2],
        "task_order": r[3],
        "org_id": r[4],
        "org": r[5],
        "org_short": r[6],
        "org_order": r[7],
        "branch_id": r[8],
        "branch": r[9],
        "block_id": r[11],
        "status": status,
        "progress": r[13],
        "due": due.isoformat() if due else None,
        "done_on": done_on.isoformat() if done_on else None,
        "category": government_category(status, due, done_on, as_of),
        "overdue": is_overdue(status, due, as_of),
        "last_note": r[14],
        "notes": notes,
    }
