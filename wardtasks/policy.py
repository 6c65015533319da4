"""Who may see and do what. The only place permission rules live.

Views ask :func:`require` (or :func:`can`) before acting on an object, and list
queries add the clauses from :func:`visible_assignments` and friends, so a page
never shows a row its user may not see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol, cast

from flask_login import current_user
from sqlalchemy import ColumnElement, false, or_, select, true

from .extensions import db
from .models import Assignment, Branch, Notice, Organisation, Plan, Task, TaskSupporter, User
from .refusals import NotAllowed
from .scope import Scope

SECRETARIAT = "secretariat"
LEADER = "leader"
BRANCH_HEAD = "branch_head"
VIEWER = "viewer"


class AssignmentLike(Protocol):
    """What the assignment rules read: an :class:`Assignment`, or a row of its columns."""

    @property
    def task_id(self) -> int: ...
    @property
    def organisation_id(self) -> int: ...
    @property
    def branch_id(self) -> int | None: ...
    @property
    def active(self) -> bool: ...


def _user(user: Any | None) -> Any | None:
    candidate = current_user if user is None else user
    if candidate is None or not getattr(candidate, "is_authenticated", False):
        return None
    return candidate


def _scope_active(u: Any) -> bool:
    """Whether what ``u`` acts for is still active: a leader's organisation, a branch
    head's branch and its organisation. Deactivated, they still read what they read, but
    change nothing."""
    if u.role == LEADER:
        return u.organisation is not None and u.organisation.active
    if u.role == BRANCH_HEAD:
        return u.branch is not None and u.branch.active and u.branch.organisation.active
    return True


def is_secretariat(user: User | None = None) -> bool:
    """The Front's standing office: may do everything."""
    u = _user(user)
    return u is not None and u.role == SECRETARIAT


def reads_everything(user: User | None = None) -> bool:
    """Secretariat and viewers read the whole ward."""
    u = _user(user)
    return u is not None and u.role in (SECRETARIAT, VIEWER)


def can_view_ward(user: User | None = None) -> bool:
    """The ward overview (all organisations)."""
    return reads_everything(user)


def _reads_organisation(u: Any, org_id: int | None) -> bool:
    """Ward-wide readers, the organisation's leader and its branch heads."""
    if u.role in (SECRETARIAT, VIEWER):
        return True
    if u.role == LEADER:
        return bool(u.organisation_id == org_id)
    if u.role == BRANCH_HEAD:
        return u.branch is not None and u.branch.organisation_id == org_id
    return False


def can_view_organisation(org: Organisation, user: User | None = None) -> bool:
    """An organisation's page: its own leader and branch heads, plus ward-wide readers."""
    u = _user(user)
    return u is not None and _reads_organisation(u, org.id)


def can_view_branch(branch: Branch, user: User | None = None) -> bool:
    """A branch's page: its heads, its organisation's leader, ward-wide readers."""
    u = _user(user)
    if u is None:
        return False
    if u.role in (SECRETARIAT, VIEWER):
        return True
    if u.role == LEADER:
        return u.organisation_id == branch.organisation_id
    if u.role == BRANCH_HEAD:
        return u.branch_id == branch.id
    return False


def can_view_assignment(assignment: AssignmentLike, user: User | None = None) -> bool:
    """An assignment and its history: its branch's heads, its organisation's leader,
    ward-wide readers, and (to read) the people of a supporting organisation of its task."""
    u = _user(user)
    if u is None:
        return False
    if u.role in (SECRETARIAT, VIEWER):
        return True
    if u.role == LEADER and u.organisation_id == assignment.organisation_id:
        return True
    if u.role == BRANCH_HEAD and u.branch_id is not None and u.branch_id == assignment.branch_id:
        return True
    # A supporting organisation reads the lead's assignments of the task (not to change).
    return _supports_task_id(u, assignment.task_id)


def _own_organisation(u: Any) -> int | None:
    """The organisation a leader or a branch head works in (a branch head's branch's)."""
    if u.role == LEADER:
        return cast(int | None, u.organisation_id)
    if u.role == BRANCH_HEAD and u.branch is not None:
        return cast(int, u.branch.organisation_id)
    return None


def _supports_task_id(u: Any, task_id: int) -> bool:
    """Whether the organisation ``u`` works in supports (phối hợp) task ``task_id`` (the
    task and its supporters from the session when a page has read them already)."""
    org_id = _own_organisation(u)
    if org_id is None:
        return False
    task = db.session.get(Task, task_id)
    return task is not None and org_id in {o.id for o in task.supporters}


def supporting_organisation(task: Task, user: User | None = None) -> int | None:
    """The supporting organisation of ``task`` that ``user`` works in (its leader or one of
    its branch heads), or None."""
    u = _user(user)
    if u is None:
        return None
    org_id = _own_organisation(u)
    return org_id if org_id is not None and org_id in {o.id for o in task.supporters} else None


def can_add_task_note(task: Task, user: User | None = None) -> bool:
    """Add a note (with photos) to a task as a supporting organisation: its leader and its
    branch heads, while their organisation and branch are active, until the plan is
    closed. The lead's people report through their assignments' status instead."""
    u = _user(user)
    if u is None or task.plan.state == "closed" or supporting_organisation(task, u) is None:
        return False
    return _scope_active(u)


def can_set_task_support(plan: Plan, user: User | None = None) -> bool:
    """Give a plan's tasks their lead and supporting organisations: the secretariat, until
    the plan is closed."""
    return plan.state != "closed" and is_secretariat(user)


def task_assignment_visibility(task_id: int, user: User | None = None) -> tuple[str, int | None]:
    """:func:`assignment_visibility` on a task's page: a supporting organisation's people
    read every assignment of the task (the lead's work they help with)."""
    u = _user(user)
    kind, value = assignment_visibility(u)
    if kind in ("org", "branch") and _supports_task_id(u, task_id):
        return "all", None
    return kind, value


def can_view_row_scope(scope: Scope, a: Any) -> bool | None:
    """Whether the user may see the page ``scope`` when it is the page of row ``a``'s own
    branch or organisation (asked of the policy with the row's columns, no query); None
    when the row does not tell."""
    if scope.kind == "branch" and scope.id is not None and scope.id == a.branch_id:
        return can_view_branch(_BranchOf(scope.id, a.organisation_id))  # type: ignore[arg-type]
    if scope.kind == "org" and scope.id == a.organisation_id:
        return can_view_organisation(_OrganisationOf(scope.id))  # type: ignore[arg-type]
    if scope.kind == "ward":
        return can_view_ward()
    return None


class _BranchOf(NamedTuple):
    """What the policy asks of a branch."""

    id: int
    organisation_id: int


class _OrganisationOf(NamedTuple):
    """What the policy asks of an organisation."""

    id: int


class PlannedAssignmentLike(AssignmentLike, Protocol):
    """An assignment with its plan's state (a list row)."""

    @property
    def plan_state(self) -> str: ...


def can_update_assignment(assignment: PlannedAssignmentLike, user: User | None = None) -> bool:
    """Record a status update: the branch's heads, the organisation's leader, the secretariat
    (leaders and heads while their organisation and branch are active); never once its
    plan is closed (the previous year's open work stays updatable until then)."""
    return assignment_updater(user)(assignment)


def _never(assignment: PlannedAssignmentLike) -> bool:
    return False


def assignment_updater(user: User | None = None) -> Callable[[PlannedAssignmentLike], bool]:
    """:func:`can_update_assignment` for one user, as a predicate on assignments: what it
    asks of the user (role, scope, whether that scope is active) is read once, so a list
    asks it of each row for the price of a few comparisons (the rule is written here
    only; ``can_update_assignment`` is this predicate asked once)."""
    u = _user(user)
    if u is None or not _scope_active(u):
        return _never
    if u.role == SECRETARIAT:
        return lambda a: a.active and a.plan_state != "closed"
    if u.role == LEADER:
        org_id = u.organisation_id
        return lambda a: a.active and a.plan_state != "closed" and a.organisation_id == org_id
    if u.role == BRANCH_HEAD:
        branch_id = u.branch_id
        if branch_id is None:
            return _never
        return lambda a: a.active and a.plan_state != "closed" and a.branch_id == branch_id
    return _never


def can_manage_organisation(org_id: int | None, user: User | None = None) -> bool:
    """Edit tasks, assign them and set due dates: the organisation's leader (while it is
    active) and the secretariat."""
    u = _user(user)
    if u is None:
        return False
    if u.role == SECRETARIAT:
        return True
    return (
        u.role == LEADER and org_id is not None and u.organisation_id == org_id and _scope_active(u)
    )


def assignment_visibility(user: User | None = None) -> tuple[str, int | None]:
    """Which assignments ``user`` may see: ``("all", None)``, ``("org", id)``,
    ``("branch", id)`` or ``("none", None)`` (see :func:`visibility_clause`)."""
    u = _user(user)
    if u is None:
        return "none", None
    if u.role in (SECRETARIAT, VIEWER):
        return "all", None
    if u.role == LEADER and u.organisation_id is not None:
        return "org", u.organisation_id
    if u.role == BRANCH_HEAD and u.branch_id is not None:
        return "branch", u.branch_id
    return "none", None


def visibility_clause(kind: str, value: Any) -> ColumnElement[bool]:
    """WHERE clause on Assignment for a visibility of :func:`assignment_visibility`;
    ``value`` is its id or a bound parameter standing for it."""
    if kind == "all":
        return true()
    if kind == "org":
        return Assignment.organisation_id == value
    if kind == "branch":
        return Assignment.branch_id == value
    return false()


def visible_assignments(user: User | None = None) -> ColumnElement[bool]:
    """WHERE clause restricting an Assignment query to what ``user`` may see."""
    return visibility_clause(*assignment_visibility(user))


def visible_organisations(user: User | None = None) -> ColumnElement[bool]:
    """WHERE clause restricting an Organisation query to what ``user`` may see."""
    u = _user(user)
    if u is None:
        return false()
    if u.role in (SECRETARIAT, VIEWER):
        return true()
    if u.role == LEADER and u.organisation_id is not None:
        return Organisation.id == u.organisation_id
    if u.role == BRANCH_HEAD and u.branch is not None:
        return Organisation.id == u.branch.organisation_id
    return false()


def visible_tasks(user: User | None = None) -> ColumnElement[bool]:
    """WHERE clause restricting a Task query to the tasks ``user`` may open
    (:func:`can_view_task`): shared tasks and those of the organisations they read."""
    u = _user(user)
    if u is None:
        return false()
    if u.role in (SECRETARIAT, VIEWER):
        return true()
    readable = select(Organisation.id).where(visible_organisations(u))
    return or_(
        Task.organisation_id.is_(None),
        Task.organisation_id.in_(readable),
        Task.id.in_(
            select(TaskSupporter.task_id).where(TaskSupporter.organisation_id.in_(readable))
        ),
    )


def visible_branches(user: User | None = None) -> ColumnElement[bool]:
    """WHERE clause restricting a Branch query to the branches ``user`` may open
    (:func:`can_view_branch`)."""
    u = _user(user)
    if u is None:
        return false()
    if u.role in (SECRETARIAT, VIEWER):
        return true()
    if u.role == LEADER and u.organisation_id is not None:
        return Branch.organisation_id == u.organisation_id
    if u.role == BRANCH_HEAD and u.branch_id is not None:
        return Branch.id == u.branch_id
    return false()


def can_view_task(task: Task, user: User | None = None) -> bool:
    """A task page (its assignments are still filtered, see :func:`task_assignment_visibility`):
    shared tasks, those of the organisations the user reads, and those a supporting
    organisation of which the user reads."""
    u = _user(user)
    if u is None:
        return False
    if task.organisation_id is None or _reads_organisation(u, task.organisation_id):
        return True
    return any(_reads_organisation(u, o.id) for o in task.supporters)


def sets_due_dates(user: User | None = None) -> bool:
    """Whether the user moves due dates at all (which ones: :func:`can_set_due_date`):
    a status update of anyone else leaves the due date as it is."""
    u = _user(user)
    return u is not None and u.role in (SECRETARIAT, LEADER)


def can_set_due_date(assignment: AssignmentLike, user: User | None = None) -> bool:
    """Move an assignment's due date: its organisation's leader and the secretariat."""
    return assignment.active and can_manage_organisation(assignment.organisation_id, user)


def can_assign_task(task: Task, user: User | None = None) -> bool:
    """Give a task to branches or take it back: the secretariat; a leader for their
    organisation's tasks and for tasks shared by all (to their own branches), while their
    organisation is active; nobody once the task's plan is closed."""
    u = _user(user)
    if u is None or task.plan.state == "closed":
        return False
    if u.role == SECRETARIAT:
        return True
    return (
        u.role == LEADER
        and u.organisation_id is not None
        and task.organisation_id in (None, u.organisation_id)
        and _scope_active(u)
    )


def assignable_branches(task: Task, user: User | None = None) -> ColumnElement[bool]:
    """WHERE clause on Branch: the branches ``user`` may give ``task`` to."""
    u = _user(user)
    if u is None or not can_assign_task(task, u):
        return false()
    if u.role == LEADER:
        return Branch.organisation_id == u.organisation_id
    if task.organisation_id is None:
        return true()
    return Branch.organisation_id == task.organisation_id


def can_administer(user: User | None = None) -> bool:
    """Administration screens (organisations, blocks, branches, users, audit trail)."""
    return is_secretariat(user)


def can_manage_plans(user: User | None = None) -> bool:
    """Import, create, roll over and distribute yearly plans: the secretariat."""
    return is_secretariat(user)


def can_close_plan(plan: Plan, user: User | None = None) -> bool:
    """Close an active plan (its open work carried into a later plan or marked not
    done): the secretariat."""
    return plan.state == "active" and is_secretariat(user)


def can_view_plans(user: User | None = None) -> bool:
    """The plans list and a plan's page (read only): secretariat, viewers, leaders."""
    u = _user(user)
    return u is not None and u.role in (SECRETARIAT, VIEWER, LEADER)


def can_view_report(
    kind: str, organisation_id: int | None, branch_id: int | None, user: User | None = None
) -> bool:
    """A monthly report and its exports for a scope (``ward``, ``org``, ``branch``, ``block``).

    Secretariat and viewers: every scope. A leader: their organisation and its
    branches. A branch head: their branch. Blocks cross organisations, so only
    ward-wide readers see a block's report.
    """
    u = _user(user)
    if u is None:
        return False
    if u.role in (SECRETARIAT, VIEWER):
        return True
    if u.role == LEADER:
        return kind in ("org", "branch") and organisation_id == u.organisation_id
    if u.role == BRANCH_HEAD:
        return kind == "branch" and branch_id is not None and branch_id == u.branch_id
    return False


def can_close_month(user: User | None = None) -> bool:
    """Close a month's figures (chốt số liệu) or reopen it: the secretariat."""
    return is_secretariat(user)


def can_edit_report_settings(user: User | None = None) -> bool:
    """Ward name, issuing body, signer and number prefix of the reports: the secretariat."""
    return is_secretariat(user)


def can_view_periodic_report(
    organisation_id: int, branch_id: int | None, user: User | None = None
) -> bool:
    """A branch's or an organisation's monthly report (the cycle): whoever reads its
    monthly figures (:func:`can_view_report`)."""
    kind = "org" if branch_id is None else "branch"
    return can_view_report(kind, organisation_id, branch_id, user)


def can_write_periodic_report(
    organisation_id: int, branch_id: int | None, user: User | None = None
) -> bool:
    """Write and submit a monthly report: a branch's by its heads, an organisation's by its
    leader, while what they act for is active."""
    u = _user(user)
    if u is None or not _scope_active(u):
        return False
    if branch_id is not None:
        return u.role == BRANCH_HEAD and u.branch_id == branch_id
    return u.role == LEADER and u.organisation_id == organisation_id


def can_review_periodic_report(
    organisation_id: int, branch_id: int | None, user: User | None = None
) -> bool:
    """Accept or return a submitted monthly report, and remind its authors when it is late:
    a branch's by its organisation's leader (and the secretariat, who may do everything),
    an organisation's by the secretariat."""
    if branch_id is not None:
        return can_manage_organisation(organisation_id, user)
    return is_secretariat(user)


def can_send_reminders(user: User | None = None) -> bool:
    """Remind (đôn đốc) the authors of late monthly reports, those the user reviews
    (:func:`can_review_periodic_report`): the secretariat and active leaders."""
    u = _user(user)
    return u is not None and (u.role == SECRETARIAT or (u.role == LEADER and _scope_active(u)))


def cycle_visibility(user: User | None = None) -> tuple[str, int | None]:
    """Whose monthly reports the submission board lists: ``("all", None)`` for ward-wide
    readers (every organisation's and branch's), ``("org", id)`` for a leader (their
    organisation's and its branches'), ``("branch", id)`` for a branch head (their own),
    ``("none", None)`` otherwise."""
    return assignment_visibility(user)


def can_set_target(task: Task, user: User | None = None) -> bool:
    """Set or remove a task's target (chỉ tiêu): whoever manages its organisation (a
    shared task: the secretariat)."""
    return can_manage_organisation(task.organisation_id, user)


def can_view_emulation(user: User | None = None) -> bool:
    """The emulation ranking with its breakdown, and its exports: everyone signed in (so
    anyone sees why a branch ranks where it does)."""
    return _user(user) is not None


def can_manage_emulation(user: User | None = None) -> bool:
    """The emulation weights, closing and reopening a period: the secretariat."""
    return is_secretariat(user)


def home(user: User | None = None) -> tuple[str, dict[str, Any]] | None:
    """The page a user starts on, as (endpoint, URL values); None when there is none.

    A leader: their organisation; a branch head: their branch; ward-wide readers: the
    ward overview.
    """
    u = _user(user)
    if u is None:
        return None
    if u.role == LEADER and u.organisation_id:
        return "orgs.organisation", {"org_id": u.organisation_id}
    if u.role == BRANCH_HEAD and u.branch_id:
        return "orgs.branch", {"branch_id": u.branch_id}
    if can_view_ward(u):
        return "orgs.ward", {}
    return None


def default_report_scope(user: User | None = None) -> Scope | None:
    """The report a user sees first: the ward, their organisation or their branch."""
    u = _user(user)
    if u is None:
        return None
    if reads_everything(u):
        return Scope("ward")
    if u.role == LEADER and u.organisation_id:
        return Scope("org", u.organisation_id)
    if u.role == BRANCH_HEAD and u.branch_id:
        return Scope("branch", u.branch_id)
    return None


@dataclass(frozen=True)
class Navigation:
    """The menu entries a user sees: each shown exactly when its page lets the user in."""

    ward: bool = False
    organisation_id: int | None = None  # "My organisation"
    branch_id: int | None = None  # "My branch"
    plans: bool = False
    import_plan: bool = False
    administration: bool = False
    reports: bool = False
    report_settings: bool = False  # on the reports page
    monthly_reports: bool = False  # the reporting cycle's board, in the reports' own menu
    emulation: bool = False


def navigation(user: User | None = None) -> Navigation:
    """What the main menu of ``user`` (default: the current user) links to."""
    u = _user(user)
    if u is None:
        return Navigation()
    # The organisation a user works in follows from the role, not from what an account
    # happens to store: a leader's own, a branch head's branch's (admin-made branch heads
    # store it, demo ones do not; both get the same menu).
    org_id = _own_organisation(u)
    own_org = org_id if org_id and _reads_organisation(u, org_id) else None
    return Navigation(
        ward=can_view_ward(u),
        organisation_id=own_org,
        branch_id=u.branch_id if u.role == BRANCH_HEAD and u.branch_id else None,
        plans=can_view_plans(u),
        import_plan=can_manage_plans(u),
        administration=can_administer(u),
        reports=default_report_scope(u) is not None,
        report_settings=can_edit_report_settings(u),
        monthly_reports=cycle_visibility(u)[0] != "none",
        emulation=can_view_emulation(u),
    )


def can_read_notice(notice: Notice, user: User | None = None) -> bool:
    """A notice is its user's alone: only they see it, open it and mark it read."""
    u = _user(user)
    return u is not None and notice.user_id == u.id


def own_notices(user: User | None = None) -> ColumnElement[bool]:
    """The notices ``user`` (default: the current user) may list: their own."""
    u = _user(user)
    return Notice.user_id == u.id if u is not None else false()


def can_see_digest_runs(user: User | None = None) -> bool:
    """The digest's runs and their mail-server errors: the secretariat's to act on."""
    return is_secretariat(user)


def require(allowed: bool) -> None:
    """Refuse (403, see :mod:`wardtasks.refusals`) unless ``allowed``."""
    if not allowed:
        raise NotAllowed
