"""Plans in the database: creating a plan (and an organisation), distributing tasks.

Which plan the pages show is :mod:`.current`. The import draft and its preview live in
:mod:`.draft`, :mod:`.importing` and :mod:`.preview`; this module writes what a confirmed
draft becomes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..admin import services as admin_services
from ..audit import record
from ..database import write_transaction
from ..extensions import db
from ..models import Assignment, Branch, Organisation, Plan, Task, TaskSupporter
from ..models.base import utcnow
from ..refusals import Invalid
from ..tasks.assigning import GIVEN_BACK, Held, create, lock, record_text
from ..tasks.services import change
from .draft import SHARED, TITLE_MAX, Draft, make_title, parse_due
from .preview import DraftInvalid, validate_draft

ORG_FIELDS = _l("Give the organisation a code (at most 20 characters) and a name.")
ORG_EXISTS = _l(
    "An organisation with this code or name already exists: map the heading to it instead."
)
BAD_MODE = _l("Choose how to distribute the tasks.")


def active_organisations() -> list[Organisation]:
    """The ward's organisations in display order."""
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.active.is_(True))
            .order_by(Organisation.sort_order, Organisation.id)
        )
    )


def create_organisation(
    actor_id: int | None, code: str, name: str, short_name: str
) -> Organisation:
    """Add an organisation to the ward (from an unknown heading), last in the order, through
    the administration's service (its checks and its audit entry); refused when the fields
    are missing or too long, or when the code or the name is taken."""
    code = code.strip().upper()
    name = " ".join(name.split())
    short_name = " ".join(short_name.split()) or name[:60]
    if not code or len(code) > 20 or not name or len(name) > 200 or len(short_name) > 60:
        raise Invalid(ORG_FIELDS)
    order = db.session.scalar(select(func.max(Organisation.sort_order))) or 0
    data = {"code": code, "name": name, "short_name": short_name, "sort_order": order + 1}
    try:
        return admin_services.create_organisation(actor_id, data)
    except admin_services.AdminError:  # the code or the name is taken
        raise Invalid(ORG_EXISTS) from None


def create_plan(draft: Draft, user_id: int | None, state: str = "active") -> Plan:
    """Create the plan and its tasks in one transaction; :class:`DraftInvalid` (nothing
    written) when the draft has problems, tasks of unknown organisations included."""
    orgs = active_organisations()
    problems, item_errors = validate_draft(draft, {SHARED} | {f"org:{o.id}" for o in orgs})
    if problems or item_errors:
        raise DraftInvalid(problems, item_errors)
    rank = {f"org:{o.id}": n for n, o in enumerate(orgs, start=1)}
    live = sorted(
        draft.imported_items,
        key=lambda pair: (0 if pair[1].org == SHARED else rank.get(pair[1].org, 999), pair[0]),
    )
    with write_transaction():
        plan = Plan(
            year=draft.year,
            title=draft.title.strip()[:TITLE_MAX],
            source_text=draft.source_text,
            state=state,
            created_by_id=user_id,
        )
        db.session.add(plan)
        active = {o.id for o in orgs}
        supported: list[tuple[Task, list[int]]] = []
        for order, (_index, item) in enumerate(live, start=1):
            text = " ".join(item.text.split())
            lead = None if item.org == SHARED else int(item.org.split(":")[1])
            task = Task(
                plan=plan,
                organisation_id=lead,
                title=(" ".join(item.title.split()) or make_title(text))[:TITLE_MAX],
                text=text,
                sort_order=order,
                due_date=parse_due(item.due),
                source_lines=",".join(str(n) for n in item.lines)[:200],
            )
            db.session.add(task)
            # A rollover's supporters: still active, never the lead itself.
            ids = [i for i in dict.fromkeys(item.supporters) if i in active and i != lead]
            if ids:
                supported.append((task, ids))
        db.session.flush()
        db.session.add_all(
            TaskSupporter(task_id=task.id, organisation_id=i)
            for task, ids in supported
            for i in ids
        )
        after = {"year": plan.year, "title": plan.title, "state": plan.state, "tasks": len(live)}
        record(user_id, "plan.create", "plan", plan.id, None, after)
    return plan


# --- plans and distribution ----------------------------------------------------------


@dataclass
class PlanSummary:
    """A row of the plans list."""

    plan: Plan
    tasks: int
    assignments: int


def plan_summaries() -> list[PlanSummary]:
    """Every plan, newest first, with its task and assignment counts."""
    tasks: dict[int, int] = {
        plan_id: n
        for plan_id, n in db.session.execute(
            select(Task.plan_id, func.count(Task.id)).group_by(Task.plan_id)
        )
    }
    assignments: dict[int, int] = {
        plan_id: n
        for plan_id, n in db.session.execute(
            select(Task.plan_id, func.count(Assignment.id))
            .join(Task, Task.id == Assignment.task_id)
            .where(Assignment.active.is_(True))
            .group_by(Task.plan_id)
        )
    }
    plans = db.session.scalars(select(Plan).order_by(Plan.year.desc(), Plan.id.desc()))
    return [PlanSummary(p, tasks.get(p.id, 0), assignments.get(p.id, 0)) for p in plans]


def org_branches() -> dict[int, list[Branch]]:
    """The active branches of each active organisation, in display order."""
    rows = db.session.scalars(
        select(Branch)
        .join(Organisation, Organisation.id == Branch.organisation_id)
        .where(Branch.active.is_(True), Organisation.active.is_(True))
        .order_by(Branch.organisation_id, Branch.sort_order, Branch.id)
    )
    result: dict[int, list[Branch]] = {}
    for br in rows:
        result.setdefault(br.organisation_id, []).append(br)
    return result


@dataclass
class TaskState:
    """Where a task has been given so far."""

    branch_ids: set[int] = field(default_factory=set)
    org_level_ids: set[int] = field(default_factory=set)


def task_states(task_ids: Sequence[int]) -> dict[int, TaskState]:
    """The active assignments of ``task_ids`` by task."""
    states = {tid: TaskState() for tid in task_ids}
    if not task_ids:
        return states
    rows = db.session.execute(
        select(Assignment.task_id, Assignment.organisation_id, Assignment.branch_id).where(
            Assignment.task_id.in_(task_ids), Assignment.active.is_(True)
        )
    )
    for task_id, org_id, branch_id in rows:
        if branch_id is None:
            states[task_id].org_level_ids.add(org_id)
        else:
            states[task_id].branch_ids.add(branch_id)
    return states


DISTRIBUTE_MODES = ("branches", "chosen", "org")


def _targets(
    task: Task,
    mode: str,
    chosen: set[int],
    branches: dict[int, list[Branch]],
    orgs: Sequence[Organisation],
) -> list[tuple[int, int | None]]:
    """(organisation id, branch id or None) pairs a task goes to in ``mode``."""
    org_ids = [o.id for o in orgs] if task.organisation_id is None else [task.organisation_id]
    if mode == "org":
        return [(org_id, None) for org_id in org_ids]
    pairs: list[tuple[int, int | None]] = []
    for org_id in org_ids:
        if mode == "branches" and not branches.get(org_id):
            # An organisation without branches keeps the task at its own level.
            pairs.append((org_id, None))
        for br in branches.get(org_id, []):
            if mode == "branches" or br.id in chosen:
                pairs.append((org_id, br.id))
    return pairs


def distribute(
    tasks: Sequence[Task],
    mode: str,
    chosen: Iterable[int] = (),
    *,
    shared_mode: str | None = None,
    author_id: int | None = None,
) -> int:
    """Give ``tasks`` to branches or keep them at organisation level; returns how many are
    new or given back.

    ``mode``: "branches" (all branches of the task's organisation, or its own level
    if it has none), "chosen" (the
    ``chosen`` branch ids among them) or "org" (organisation level). Shared tasks go
    to every organisation, in ``shared_mode`` if given. Assignments that exist are
    left alone; one taken back earlier is given back, with its history row and audit
    entry (so by someone: ``author_id`` None is the import command, whose plan is new).
    None is ever duplicated.
    """
    if mode not in DISTRIBUTE_MODES or (shared_mode and shared_mode not in DISTRIBUTE_MODES):
        raise Invalid(BAD_MODE)
    chosen_ids = set(chosen)
    created = 0
    when = utcnow()
    with write_transaction():
        task_ids = sorted(t.id for t in tasks)
        # Locked in id order, as a task page's assigning locks its task: two distributions,
        # or a distribution and an assigning, of one task wait for each other.
        tasks = db.session.scalars(
            select(Task)
            .where(Task.id.in_(task_ids))
            .order_by(Task.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).all()
        branches = org_branches()
        orgs = active_organisations()
        existing: dict[tuple[int, int, int | None], Held | None] = {}
        for a in lock(Assignment.task_id.in_(task_ids)):
            existing[(a.task_id, a.organisation_id, a.branch_id)] = a
            if a.branch_id is not None:
                # The branch index is unique per task whatever the organisation.
                existing[(a.task_id, -1, a.branch_id)] = a
        for task in tasks:
            task_mode = shared_mode if task.organisation_id is None and shared_mode else mode
            for org_id, branch_id in _targets(task, task_mode, chosen_ids, branches, orgs):
                key = (
                    (task.id, org_id, branch_id) if branch_id is None else (task.id, -1, branch_id)
                )
                if key in existing:
                    found = existing[key]
                    if found is not None and not found.active:
                        if author_id is None:
                            raise ValueError("giving an assignment back needs its author")
                        note = record_text(GIVEN_BACK)
                        change(found, author_id, when, "assignment.redistribute", note, active=True)
                        existing[key] = None
                        created += 1
                    continue
                create(
                    author_id,
                    when,
                    task_id=task.id,
                    organisation_id=org_id,
                    branch_id=branch_id,
                    due_date=task.due_date,
                )
                existing[key] = None
                created += 1
    return created


def tasks_by_organisation(plan: Plan) -> list[tuple[Organisation | None, list[Task]]]:
    """The plan's tasks grouped: shared first, then by organisation order."""
    groups: dict[int | None, list[Task]] = {}
    for task in plan.tasks:
        groups.setdefault(task.organisation_id, []).append(task)
    orgs = {o.id: o for o in db.session.scalars(select(Organisation))}
    keys = sorted(
        groups,
        key=lambda k: (-1, 0) if k is None else (orgs[k].sort_order, k),
    )
    return [(None if k is None else orgs[k], groups[k]) for k in keys]
