"""Administration screens (secretariat only): structure of the ward, users, audit trail.

Every screen is a plain form answered by POST-redirect-GET, so it works without
JavaScript; every change goes through :mod:`wardtasks.admin.services`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response as BaseResponse

from ..dates import local_midnight_utc, parse_day
from ..extensions import db
from ..i18n import ROLE_LABELS
from ..models import AuditEntry, Block, Branch, DigestRun, Organisation, User
from ..refusals import Refused
from ..web import confirmation, render_page, show_refusal
from . import services, trail
from .forms import (
    BlockForm,
    BranchForm,
    NewUserForm,
    OrganisationForm,
    UserForm,
    set_choices,
)

AUDIT_PAGE_SIZE = 50

# How audit actions and object kinds read on the audit page (codes stay in the database).
ACTION_LABELS = {
    "organisation.create": _l("Organisation added"),
    "organisation.update": _l("Organisation changed"),
    "organisation.activate": _l("Organisation reactivated"),
    "organisation.deactivate": _l("Organisation deactivated"),
    "organisation.reorder": _l("Organisations reordered"),
    "block.create": _l("Block added"),
    "block.update": _l("Block changed"),
    "block.activate": _l("Block reactivated"),
    "block.deactivate": _l("Block deactivated"),
    "branch.create": _l("Branch added"),
    "branch.update": _l("Branch changed"),
    "branch.activate": _l("Branch reactivated"),
    "branch.deactivate": _l("Branch deactivated"),
    "branch.reorder": _l("Branches reordered"),
    "user.create": _l("User added"),
    "user.update": _l("User changed"),
    "user.activate": _l("User reactivated"),
    "user.deactivate": _l("User deactivated"),
    "user.reset_password": _l("Password reset"),
    "user.login": _l("Logged in"),
    "user.login_failed": _l("Failed login"),
    "user.logout": _l("Logged out"),
    "user.change_password": _l("Password changed"),
    "user.email_settings": _l("E-mail notice settings changed"),
    "user.password_change_failed": _l("Password not changed: wrong current password"),
    "plan.create": _l("Plan created"),
    "plan.close": _l("Plan closed"),
    "month.close": _l("Month closed"),
    "month.reopen": _l("Month reopened"),
    "settings.update": _l("Report settings changed"),
    "assignment.status_update": _l("Status updated"),
    "assignment.create": _l("Task given (new assignment)"),
    "assignment.set": _l("Responsible person or due date set"),
    "assignment.take_back": _l("Assignment taken back"),
    "assignment.give_back": _l("Assignment given back"),
    "assignment.redistribute": _l("Assignment given back by distributing the plan"),
    "assignment.carry_out": _l("Unfinished work carried into the next plan"),
    "assignment.carry_in": _l("Work carried on from last year's plan"),
    "assignment.not_done": _l("Marked not done when its plan was closed"),
    "database.restore": _l("Database restored from a backup"),
    "photo.add": _l("Photo added"),
    "report.save": _l("Monthly report draft saved"),
    "report.submit": _l("Monthly report submitted"),
    "report.accept": _l("Monthly report accepted"),
    "report.return": _l("Monthly report returned"),
    "report.remind": _l("Reminder to submit the monthly report"),
    "task.support": _l("Lead and supporting organisations set"),
    "task.note": _l("Supporting organisation's note added"),
    "target.set": _l("Target set"),
    "target.remove": _l("Target removed"),
    "emulation.weights": _l("Emulation weights changed"),
    "emulation.close": _l("Emulation period closed"),
    "emulation.reopen": _l("Emulation period reopened"),
}
TARGET_LABELS = {
    "organisation": _l("Organisation"),
    "block": _l("Block"),
    "branch": _l("Branch"),
    "user": _l("User"),
    "assignment": _l("Assignment"),
    "task": _l("Task"),
    "database": _l("Database"),
    "plan": _l("Plan"),
    "month_close": _l("Monthly figures"),
    "ward_setting": _l("Report settings"),
    "periodic_report": _l("Monthly report"),
    "task_target": _l("Target"),
    "emulation_close": _l("Emulation period"),
}


def _actor() -> int:
    return int(current_user.id)


def _data(form: FlaskForm, *names: str) -> dict[str, Any]:
    return {n: getattr(form, n).data for n in names}


def _active_flag() -> bool:
    """The ``active`` value of a deactivate/reactivate button (anything else is a 400)."""
    value = request.values.get("active", "")
    if value not in ("0", "1"):
        abort(400)
    return value == "1"


def _direction() -> str:
    value = request.values.get("direction", "")
    if value not in ("up", "down"):
        abort(400)
    return value


def index() -> BaseResponse:
    """The administration menu with a few figures."""
    counts = {
        "organisations": db.session.scalar(select(db.func.count(Organisation.id))),
        "blocks": db.session.scalar(select(db.func.count(Block.id))),
        "branches": db.session.scalar(select(db.func.count(Branch.id))),
        "users": db.session.scalar(select(db.func.count(User.id))),
    }
    settings_endpoint = "reports.settings" if "reports.settings" in _endpoints() else None
    last_digest = db.session.scalar(
        select(DigestRun).order_by(DigestRun.started_at.desc(), DigestRun.id.desc()).limit(1)
    )
    return render_page(
        "admin/index.html",
        counts=counts,
        settings_endpoint=settings_endpoint,
        last_digest=last_digest,
    )


def _endpoints() -> set[str]:
    from flask import current_app

    return set(current_app.view_functions)


# Organisations -----------------------------------------------------------------


def organisations() -> BaseResponse:
    """List organisations (active and deactivated) and add one."""
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            org = services.create_organisation(
                _actor(), _data(form, "code", "name", "short_name", "sort_order")
            )
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            flash(_("Organisation “%(name)s” added.", name=org.name), "success")
            return redirect(url_for("admin.organisations"))
    rows = db.session.scalars(
        select(Organisation).order_by(Organisation.sort_order, Organisation.id)
    ).all()
    return _form_page("admin/organisations.html", form, rows=rows)


def edit_organisation(org_id: int) -> BaseResponse:
    """Rename an organisation, change its code or display order."""
    org = db.get_or_404(Organisation, org_id)
    form = OrganisationForm(obj=org)
    if form.validate_on_submit():
        try:
            services.update_organisation(
                _actor(), org.id, _data(form, "code", "name", "short_name", "sort_order")
            )
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("admin.organisations"))
    return _form_page(
        "admin/edit.html",
        form,
        title=_("Edit organisation"),
        subject=org.name,
        back=url_for("admin.organisations"),
    )


def toggle_organisation(org_id: int) -> BaseResponse:
    """Deactivate or reactivate an organisation (its history is kept)."""
    org = services.set_organisation_active(_actor(), org_id, _active_flag())
    flash(_status_message(org.active, org.name), "success")
    return redirect(url_for("admin.organisations"))


def move_organisation(org_id: int) -> BaseResponse:
    """Move an organisation up or down in the display order."""
    services.move_organisation(_actor(), org_id, _direction())
    return redirect(url_for("admin.organisations"))


# Blocks ------------------------------------------------------------------------


def blocks() -> BaseResponse:
    """List residential blocks and add one."""
    form = BlockForm()
    if form.validate_on_submit():
        try:
            block = services.create_block(_actor(), _data(form, "number", "name"))
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            flash(_("Block “%(name)s” added.", name=block.name), "success")
            return redirect(url_for("admin.blocks"))
    rows = db.session.scalars(select(Block).order_by(Block.number)).all()
    return _form_page("admin/blocks.html", form, rows=rows)


def edit_block(block_id: int) -> BaseResponse:
    """Renumber or rename a block."""
    block = db.get_or_404(Block, block_id)
    form = BlockForm(obj=block)
    if form.validate_on_submit():
        try:
            services.update_block(_actor(), block.id, _data(form, "number", "name"))
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("admin.blocks"))
    return _form_page(
        "admin/edit.html",
        form,
        title=_("Edit block"),
        subject=block.name,
        back=url_for("admin.blocks"),
    )


def toggle_block(block_id: int) -> BaseResponse:
    """Deactivate or reactivate a block."""
    block = services.set_block_active(_actor(), block_id, _active_flag())
    flash(_status_message(block.active, block.name), "success")
    return redirect(url_for("admin.blocks"))


# Branches ----------------------------------------------------------------------


def _branch_choices(form: BranchForm) -> None:
    orgs = db.session.execute(
        select(Organisation.id, Organisation.name).order_by(
            Organisation.sort_order, Organisation.id
        )
    ).all()
    form.organisation_id.choices = {i: n for i, n in orgs}
    blocks = db.session.execute(select(Block.id, Block.name).order_by(Block.number)).all()
    set_choices(form.block_id, [(i, n) for i, n in blocks], _l("(no block)"))


def branches() -> BaseResponse:
    """List branches by organisation and add one."""
    form = BranchForm()
    _branch_choices(form)
    if form.validate_on_submit():
        try:
            branch = services.create_branch(
                _actor(), _data(form, "organisation_id", "block_id", "name", "sort_order")
            )
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            flash(_("Branch “%(name)s” added.", name=branch.name), "success")
            return redirect(url_for("admin.branches"))
    rows = db.session.scalars(
        select(Branch)
        .join(Organisation, Organisation.id == Branch.organisation_id)
        .options(joinedload(Branch.organisation), joinedload(Branch.block))
        .order_by(Organisation.sort_order, Organisation.id, Branch.sort_order, Branch.id)
    ).all()
    return _form_page("admin/branches.html", form, rows=rows)


def edit_branch(branch_id: int) -> BaseResponse:
    """Rename a branch, change its block or display order."""
    branch = db.get_or_404(Branch, branch_id)
    form = BranchForm(obj=branch)
    _branch_choices(form)
    if request.method == "GET":
        form.block_id.data = branch.block_id or 0
    # The organisation of a branch is fixed: its history is counted there.
    form.organisation_id.choices = {branch.organisation_id: branch.organisation.name}
    form.organisation_id.data = branch.organisation_id
    if form.validate_on_submit():
        try:
            services.update_branch(
                _actor(), branch.id, _data(form, "block_id", "name", "sort_order")
            )
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("admin.branches"))
    return _form_page(
        "admin/edit.html",
        form,
        title=_("Edit branch"),
        subject=branch.name,
        back=url_for("admin.branches"),
    )


def toggle_branch(branch_id: int) -> BaseResponse:
    """Deactivate or reactivate a branch (its assignments and history are kept)."""
    branch = services.set_branch_active(_actor(), branch_id, _active_flag())
    flash(_status_message(branch.active, branch.name), "success")
    return redirect(url_for("admin.branches"))


def move_branch(branch_id: int) -> BaseResponse:
    """Move a branch up or down among its organisation's branches."""
    services.move_branch(_actor(), branch_id, _direction())
    return redirect(url_for("admin.branches"))


# Users -------------------------------------------------------------------------


def _user_choices(form: UserForm) -> None:
    form.role.choices = {r: str(label) for r, label in ROLE_LABELS.items()}
    orgs = db.session.execute(
        select(Organisation.id, Organisation.name)
        .where(Organisation.active.is_(True))
        .order_by(Organisation.sort_order, Organisation.id)
    ).all()
    set_choices(form.organisation_id, [(i, n) for i, n in orgs], _l("(none)"))
    rows = db.session.execute(
        select(Branch.id, Branch.name, Organisation.short_name)
        .join(Organisation, Organisation.id == Branch.organisation_id)
        .where(Branch.active.is_(True))
        .order_by(Organisation.sort_order, Organisation.id, Branch.sort_order, Branch.id)
    ).all()
    set_choices(form.branch_id, [(i, f"{o} · {n}") for i, n, o in rows], _l("(none)"))


USER_FORM_FIELDS = ("full_name", "role", "organisation_id", "branch_id")


def users() -> BaseResponse:
    """List users and create one with a one-time password."""
    form = NewUserForm()
    _user_choices(form)
    if form.validate_on_submit():
        try:
            issued = services.create_user(_actor(), _data(form, "username", *USER_FORM_FIELDS))
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            return _issued_page(issued, _("User created"))
    rows = db.session.scalars(
        select(User)
        .options(joinedload(User.organisation), joinedload(User.branch))
        .order_by(User.active.desc(), User.role, User.username)
    ).all()
    return _form_page("admin/users.html", form, rows=rows)


def edit_user(user_id: int) -> BaseResponse:
    """Change a user's name, role, organisation or branch."""
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user)
    _user_choices(form)
    if request.method == "GET":
        form.organisation_id.data = user.organisation_id or 0
        form.branch_id.data = user.branch_id or 0
    if form.validate_on_submit():
        try:
            services.update_user(_actor(), user.id, _data(form, *USER_FORM_FIELDS))
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("admin.users"))
    return _form_page(
        "admin/user_edit.html", form, user=user, title=_("Edit user"), back=url_for("admin.users")
    )


def toggle_user(user_id: int) -> BaseResponse:
    """Deactivate (ending every session, after a confirmation) or reactivate a user."""
    active = _active_flag()
    if not active:
        target = db.get_or_404(User, user_id)
        asked = confirmation(
            _(
                "Deactivate the account of %(name)s (%(username)s)?",
                name=target.full_name,
                username=target.username,
            ),
            details=[
                _("They are logged out at once and can no longer log in; their history is kept.")
            ],
            confirm=_("Deactivate"),
            cancel_url=url_for("admin.users"),
        )
        if asked is not None:
            return asked
    try:
        user = services.set_user_active(_actor(), user_id, active)
    except Refused as refusal:
        show_refusal(refusal)
    else:
        flash(_status_message(user.active, user.full_name), "success")
    return redirect(url_for("admin.users"))


def reset_password(user_id: int) -> BaseResponse:
    """Issue a new one-time password (the user must change it at next login)."""
    issued = services.reset_password(_actor(), user_id)
    return _issued_page(issued, _("Password reset"))


def _issued_page(issued: services.IssuedPassword, title: str) -> BaseResponse:
    return render_page("admin/password_issued.html", issued=issued, title=title)


# Audit trail ---------------------------------------------------------------------


SMALL_NUMBER = re.compile(r"[0-9]{1,9}")


def _filter_text(value: str) -> str:
    """A filter value, or "" when it could not be a stored code (too long, control chars)."""
    if len(value) > 60 or any(unicodedata.category(c) in ("Cc", "Cs") for c in value):
        return ""
    return value


def _parse_day(value: str) -> date | None:
    try:
        return parse_day(value)
    except ValueError:
        return None


def audit() -> BaseResponse:
    """Browse the audit trail, newest first, filtered by action, person, object or dates."""
    args = request.args
    stmt = select(AuditEntry).options(joinedload(AuditEntry.actor))
    action = _filter_text(args.get("action", ""))
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    target_type = _filter_text(args.get("target_type", ""))
    if target_type:
        stmt = stmt.where(AuditEntry.target_type == target_type)
    actor = args.get("actor", "")
    if SMALL_NUMBER.fullmatch(actor):
        stmt = stmt.where(AuditEntry.actor_id == int(actor))
    errors: list[str] = []
    start = _parse_day(args.get("from", "")) if args.get("from") else None
    end = _parse_day(args.get("to", "")) if args.get("to") else None
    if args.get("from") and start is None or args.get("to") and end is None:
        errors.append(_("Write dates as dd/mm/yyyy."))
    # Days are Vietnamese days; entries are stored in UTC.
    if start is not None:
        stmt = stmt.where(AuditEntry.created_at >= local_midnight_utc(start))
    if end is not None:
        stmt = stmt.where(AuditEntry.created_at < local_midnight_utc(end + timedelta(days=1)))
    raw_page = args.get("page", "1")
    page_number = int(raw_page) if SMALL_NUMBER.fullmatch(raw_page) else 1
    page = db.paginate(
        stmt.order_by(AuditEntry.id.desc()),
        page=max(1, page_number),
        per_page=AUDIT_PAGE_SIZE,
        max_per_page=AUDIT_PAGE_SIZE,
        error_out=False,
    )
    actions = db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    target_types = db.session.scalars(
        select(AuditEntry.target_type).distinct().order_by(AuditEntry.target_type)
    )
    people = db.session.execute(select(User.id, User.full_name).order_by(User.full_name)).all()
    filters = {k: args.get(k, "") for k in ("action", "target_type", "actor", "from", "to")}
    return render_page(
        "admin/audit.html",
        "results",
        page=page,
        actions=list(actions),
        target_types=list(target_types),
        people=people,
        filters=filters,
        errors=errors,
        action_labels=ACTION_LABELS,
        target_labels=TARGET_LABELS,
        described=trail.describe(page.items),
    )


# Helpers -----------------------------------------------------------------------


def _status_message(active: bool, name: str) -> str:
    if active:
        return _("“%(name)s” is active again.", name=name)
    return _("“%(name)s” is deactivated; its history is kept.", name=name)


def _form_page(template: str, form: FlaskForm, **context: Any) -> BaseResponse:
    """Render a page with its form (errors, if any, next to their fields)."""
    return render_page(template, form=form, **context)
