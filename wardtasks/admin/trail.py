"""How the audit trail reads: each entry's object by name and its changes as lines
"field: before → after", in the reader's language.

Entries store codes and ids as JSON (:mod:`wardtasks.audit`); this module turns them
into words: field names and codes (statuses, roles, yes/no) through the catalogue,
dates as dd/mm/yyyy, ids as the names of what they point to (read once per page, one
query per kind of object). Nothing here shows JSON: a value of an unforeseen shape is
written out as plain words too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select

from ..cycle.forms import STATE_LABELS
from ..dates import format_date, format_datetime
from ..emulation.scores import PERIOD_LABELS
from ..extensions import db
from ..i18n import N_, ROLE_LABELS, STATUS_LABELS, Labels, page_translations
from ..models import Assignment, AuditEntry, Block, Branch, Organisation, Plan, Task, User
from ..models.cycle import PeriodicReport
from ..models.report import MonthClose
from ..plans.forms import OUTCOME_LABELS, PLAN_STATE_LABELS
from ..targets.forms import DIRECTION_LABELS

FIELD_LABELS = Labels(
    {
        # the ward's structure and its people
        "code": N_("Code"),
        "name": N_("Name"),
        "short_name": N_("Short name"),
        "number": N_("Number"),
        "sort_order": N_("Display order"),
        "active": N_("In use"),
        "organisation_id": N_("Organisation"),
        "block_id": N_("Block"),
        "branch_id": N_("Branch"),
        "username": N_("Username"),
        "full_name": N_("Full name"),
        "role": N_("Role"),
        "must_change_password": N_("Must change password"),
        "address": N_("Computer's address"),
        "email": N_("E-mail address"),
        "email_digest": N_("Daily e-mail of notices"),
        # assignments
        "task_id": N_("Task"),
        "status": N_("Status"),
        "progress": N_("Progress"),
        "due_date": N_("Due date"),
        "responsible": N_("Responsible person"),
        "note": N_("Note"),
        "supporters": N_("Supporting organisations"),
        # plans and reports
        "plan_id": N_("Plan"),
        "year": N_("Year"),
        "title": N_("Title"),
        "state": N_("State of the plan"),
        "tasks": N_("Number of tasks"),
        "outcome": N_("Unfinished work"),
        "open_items": N_("Unfinished assignments"),
        "not_done_items": N_("Of them marked not done"),
        "into_plan_id": N_("Carried into the plan"),
        "month": N_("Month"),
        "reason": N_("Reason"),
        "source": N_("Backup file"),
        # the report settings, as their form names them (the same msgids)
        "ward_name": N_("Ward name (place of issue)"),
        "parent_body": N_("Superior body (first line, optional)"),
        "issuing_body": N_("Issuing body"),
        "number_prefix": N_("Report number suffix (after BC-)"),
        "signer_role": N_("Signing on behalf of (e.g. TM. BAN THƯỜNG TRỰC)"),
        "signer_title": N_("Signer's title"),
        "signer_name": N_("Signer's name"),
        "recipients": N_("Recipients (one per line)"),
        "report_deadline": N_("Monthly reports of the branches are due by"),
        "organisation_deadline_days": N_(
            "Organisations' reports are due after the branches' by (days)"
        ),
        # the monthly reporting cycle
        "report_state": N_("State of the report"),
        "submission": N_("Submission"),
        "comment": N_("Comment"),
        "reminded": N_("People reminded"),
        # targets and emulation (issue 19), as their forms name them
        "measure": N_("Measure (what is counted)"),
        "unit": N_("Unit"),
        "direction": N_("Direction"),
        "branch_value": N_("Target for each branch"),
        "organisation_value": N_("Target for the organisation as a whole"),
        "baseline": N_("Baseline (at the start of the year)"),
        "measured": N_("Value now"),
        "period": N_("Period"),
        "done_on_time": N_("Done on time"),
        "done_late": N_("Done late"),
        "overdue": N_("Overdue"),
        "blocked": N_("Blocked"),
        "targets_met": N_("Targets met"),
    }
)

# Bookkeeping that means nothing to a reader (the row's version, ids of its rows).
HIDDEN_FIELDS = frozenset({"version", "status_update_id", "photo_id", "task_note_id"})

YES_NO = Labels({"yes": N_("Yes"), "no": N_("No")})
# Fields holding a code, and the words of each code.
CODE_LABELS: dict[str, Mapping[str, Any]] = {
    "role": ROLE_LABELS,
    "status": STATUS_LABELS,
    "state": PLAN_STATE_LABELS,
    "outcome": OUTCOME_LABELS,
    "report_state": STATE_LABELS,
    "direction": DIRECTION_LABELS,
    "period": PERIOD_LABELS,
}
# Fields holding an id, and the kind of object it names.
NAMED_BY_ID = {
    "organisation_id": "organisation",
    "block_id": "block",
    "branch_id": "branch",
    "plan_id": "plan",
    "into_plan_id": "plan",
    "task_id": "task",
}


@dataclass(frozen=True)
class Change:
    """One line of an entry: the field's label and its values as words (``before`` is
    None when the entry only says what a field is: a creation, a login)."""

    label: str
    before: str | None
    after: str


@dataclass
class Described:
    """What the audit page shows of one entry besides its time and action."""

    who: str
    target: str
    changes: list[Change] = field(default_factory=list)


def describe(entries: Sequence[AuditEntry]) -> dict[int, Described]:
    """Each entry's person, object name and change lines, by entry id (the entries'
    ``actor`` loaded with them)."""
    names = _Names(entries)
    return {e.id: Described(_who(e), names.target(e), _changes(e, names)) for e in entries}


def _who(entry: AuditEntry) -> str:
    if entry.actor is not None:
        return entry.actor.full_name
    if entry.action == "user.login_failed":
        return page_translations().ugettext("(not logged in)")
    return page_translations().ugettext("(system)")  # the CLI, a restore


def _changes(entry: AuditEntry, names: _Names) -> list[Change]:
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    lines: list[Change] = []
    for key in [*after, *(k for k in before if k not in after)]:
        if key in HIDDEN_FIELDS:
            continue
        if key == "sort_order" and isinstance(after.get(key), dict):
            lines += _reordered(entry, before.get(key) or {}, after[key], names)
            continue
        label = FIELD_LABELS.get(key, key)
        if key not in before:
            lines.append(Change(label, None, names.value(key, after[key])))
        elif key not in after:
            lines.append(Change(label, names.value(key, before[key]), names.value(key, None)))
        elif before[key] != after[key]:
            lines.append(Change(label, names.value(key, before[key]), names.value(key, after[key])))
    return lines


def _reordered(
    entry: AuditEntry, before: dict[str, Any], after: dict[str, Any], names: _Names
) -> list[Change]:
    """A reorder stores every row's place: one line per row that moved, by its name."""
    label = FIELD_LABELS["sort_order"]
    return [
        Change(
            f"{label} ({names.name(entry.target_type, _int(row_id))})",
            _plain(before.get(row_id)),
            _plain(place),
        )
        for row_id, place in after.items()
        if before.get(row_id) != place
    ]


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class _Names:
    """Names of the objects a page of entries mentions, one query per kind."""

    def __init__(self, entries: Sequence[AuditEntry]) -> None:
        wanted: dict[str, set[int]] = {}
        for e in entries:
            if e.target_id is not None:
                wanted.setdefault(e.target_type, set()).add(e.target_id)
            for values in (e.before, e.after):
                if not isinstance(values, dict):
                    continue
                for key, value in values.items():
                    kind = NAMED_BY_ID.get(key)
                    if kind and isinstance(value, int):
                        wanted.setdefault(kind, set()).add(value)
        self._names = {kind: _read_names(kind, ids) for kind, ids in wanted.items()}

    def name(self, kind: str, object_id: int | None) -> str:
        if object_id is None:
            return ""
        return self._names.get(kind, {}).get(object_id) or f"#{object_id}"

    def target(self, entry: AuditEntry) -> str:
        if entry.target_id is None:
            if entry.action == "user.login_failed":
                return page_translations().ugettext("(no such account)")
            return ""
        return self.name(entry.target_type, entry.target_id)

    def value(self, key: str, value: Any) -> str:
        """A stored value as words, by what its field holds."""
        if value is None or value == "":
            return "—"
        if key in NAMED_BY_ID:
            return self.name(NAMED_BY_ID[key], _int(value))
        codes = CODE_LABELS.get(key, {})
        if isinstance(value, str) and value in codes:
            return str(codes[value])
        if key == "progress" and isinstance(value, int):
            return f"{value} %"
        if key == "month" and isinstance(value, str) and len(value) == 7:
            return f"{value[5:]}/{value[:4]}"  # yyyy-mm as mm/yyyy
        return _plain(value)


def _plain(value: Any) -> str:
    """Any stored value as plain words: ISO dates as dd/mm/yyyy, lists and mappings
    written out (never as JSON)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return YES_NO["yes" if value else "no"]
    if isinstance(value, str):
        return _day_or_text(value)
    if isinstance(value, dict):
        return "; ".join(f"{FIELD_LABELS.get(k, k)}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value)
    return str(value)


def _day_or_text(value: str) -> str:
    """An ISO date or timestamp (how :mod:`wardtasks.audit` stores them) as dd/mm/yyyy."""
    if len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            if len(value) == 10:
                return format_date(date.fromisoformat(value))
            return format_datetime(datetime.fromisoformat(value))
        except ValueError:
            pass
    return value


def _read_names(kind: str, ids: Iterable[int]) -> dict[int, str]:
    """The display names of ``ids`` of one kind of object."""
    ids = list(ids)
    stmt: Select[Any]
    if kind == "organisation":
        stmt = select(Organisation.id, Organisation.short_name).where(Organisation.id.in_(ids))
    elif kind == "block":
        stmt = select(Block.id, Block.name).where(Block.id.in_(ids))
    elif kind == "branch":
        stmt = (
            select(Branch.id, Organisation.short_name, Branch.name)
            .join(Organisation, Organisation.id == Branch.organisation_id)
            .where(Branch.id.in_(ids))
        )
    elif kind == "user":
        stmt = select(User.id, User.full_name, User.username).where(User.id.in_(ids))
    elif kind == "plan":
        stmt = select(Plan.id, Plan.title).where(Plan.id.in_(ids))
    elif kind == "task":
        stmt = select(Task.id, Task.title).where(Task.id.in_(ids))
    elif kind == "month_close":
        stmt = (
            select(MonthClose.id, Plan.title)
            .join(Plan, Plan.id == MonthClose.plan_id)
            .where(MonthClose.id.in_(ids))
        )
    elif kind == "periodic_report":
        stmt = (
            select(
                PeriodicReport.id,
                Organisation.short_name,
                Branch.name,
                PeriodicReport.month,
                PeriodicReport.year,
            )
            .join(Organisation, Organisation.id == PeriodicReport.organisation_id)
            .outerjoin(Branch, Branch.id == PeriodicReport.branch_id)
            .where(PeriodicReport.id.in_(ids))
        )
        return {
            i: " · ".join(p for p in (short, branch, f"{m:02d}/{y}") if p)
            for i, short, branch, m, y in db.session.execute(stmt)
        }
    elif kind == "assignment":
        stmt = (
            select(Assignment.id, Task.title, Organisation.short_name, Branch.name)
            .join(Task, Task.id == Assignment.task_id)
            .join(Organisation, Organisation.id == Assignment.organisation_id)
            .outerjoin(Branch, Branch.id == Assignment.branch_id)
            .where(Assignment.id.in_(ids))
        )
    else:
        return {}
    rows = db.session.execute(stmt)
    if kind == "user":  # the name, and the login it goes by
        return {i: f"{name} ({login})" for i, name, login in rows}
    return {i: " · ".join(part for part in parts if part) for i, *parts in rows}
