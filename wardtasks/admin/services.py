"""Administrative changes: each in one write transaction with its audit entry.

Nothing is ever deleted: organisations, blocks, branches and users are
deactivated, so the history that refers to them stays whole.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..audit import record, snapshot
from ..database import one_writer_at_a_time, write_transaction
from ..extensions import db
from ..models import Block, Branch, Organisation, User
from ..models.base import utcnow
from ..models.user import USER_FIELDS
from ..refusals import Invalid

ORG_FIELDS = ("code", "name", "short_name", "sort_order", "active")
BLOCK_FIELDS = ("number", "name", "active")
BRANCH_FIELDS = ("organisation_id", "block_id", "name", "sort_order", "active")


class AdminError(Invalid):
    """A change refused for a reason the user can fix; ``field`` names the form field."""

    def __init__(self, field: str | None, message: Any) -> None:
        super().__init__(message, field)


@dataclass
class IssuedPassword:
    """A one-time password, shown once to the secretariat."""

    user_id: int
    username: str
    password: str


def one_time_password() -> str:
    """A random password the user must replace at first login (well above the minimum)."""
    return secrets.token_urlsafe(12)


def _same(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def _taken(values: list[tuple[int, str]], value: str, own_id: int | None) -> bool:
    return any(_same(v, value) and i != own_id for i, v in values)


# Organisations ---------------------------------------------------------------


def _check_organisation(data: dict[str, Any], own_id: int | None) -> None:
    one_writer_at_a_time("organisation")
    rows = db.session.execute(select(Organisation.id, Organisation.code, Organisation.name)).all()
    if _taken([(i, c) for i, c, _ in rows], data["code"], own_id):
        raise AdminError("code", _l("Another organisation already has this code."))
    if _taken([(i, n) for i, _, n in rows], data["name"], own_id):
        raise AdminError("name", _l("Another organisation already has this name."))


def create_organisation(actor_id: int | None, data: dict[str, Any]) -> Organisation:
    """Add an organisation."""
    with write_transaction():
        _check_organisation(data, None)
        org = Organisation(**{k: data[k] for k in ("code", "name", "short_name", "sort_order")})
        db.session.add(org)
        db.session.flush()
        record(
            actor_id, "organisation.create", "organisation", org.id, None, snapshot(org, ORG_FIELDS)
        )
    return org


def update_organisation(actor_id: int, org_id: int, data: dict[str, Any]) -> Organisation:
    """Rename an organisation or change its code or order."""
    with write_transaction():
        org = db.get_or_404(Organisation, org_id)
        _check_organisation(data, org.id)
        before = snapshot(org, ORG_FIELDS)
        for key in ("code", "name", "short_name", "sort_order"):
            setattr(org, key, data[key])
        db.session.flush()
        record(
            actor_id,
            "organisation.update",
            "organisation",
            org.id,
            before,
            snapshot(org, ORG_FIELDS),
        )
    return org


def _set_active(
    actor_id: int, model: Any, object_id: int, kind: str, fields: Any, active: bool
) -> Any:
    """Deactivate (hide from lists, keep everything) or reactivate a row; audited."""
    with write_transaction():
        obj = db.get_or_404(model, object_id)
        before = snapshot(obj, fields)
        obj.active = active
        db.session.flush()
        action = f"{kind}.activate" if active else f"{kind}.deactivate"
        record(actor_id, action, kind, obj.id, before, snapshot(obj, fields))
    return obj


def set_organisation_active(actor_id: int, org_id: int, active: bool) -> Organisation:
    """Deactivate (hide from lists, keep everything) or reactivate an organisation."""
    org: Organisation = _set_active(
        actor_id, Organisation, org_id, "organisation", ORG_FIELDS, active
    )
    return org


def _move(rows: list[Any], target_id: int, direction: str) -> tuple[Any, Any] | None:
    """Swap ``target_id`` with its neighbour in ``rows``; renumbers so orders are distinct."""
    ids = [r.id for r in rows]
    if target_id not in ids:
        return None
    i = ids.index(target_id)
    j = i - 1 if direction == "up" else i + 1
    if j < 0 or j >= len(rows):
        return None
    rows[i], rows[j] = rows[j], rows[i]
    return rows[j], rows[i]


def _reorder(actor_id: int, rows: list[Any], target_id: int, direction: str, kind: str) -> None:
    """Move ``target_id`` one place among ``rows``, renumber them and audit the change."""
    before = {str(r.id): r.sort_order for r in rows}
    if _move(rows, target_id, direction) is None:
        return
    for n, r in enumerate(rows):
        r.sort_order = n
    after = {str(r.id): r.sort_order for r in rows}
    record(
        actor_id, f"{kind}.reorder", kind, target_id, {"sort_order": before}, {"sort_order": after}
    )


def move_organisation(actor_id: int, org_id: int, direction: str) -> None:
    """Move an organisation one place up or down in the display order."""
    with write_transaction():
        db.get_or_404(Organisation, org_id)
        rows = list(
            db.session.scalars(
                select(Organisation).order_by(Organisation.sort_order, Organisation.id)
            )
        )
        _reorder(actor_id, rows, org_id, direction, "organisation")


# Blocks ------------------------------------------------------------------------


def _check_block(data: dict[str, Any], own_id: int | None) -> None:
    one_writer_at_a_time("block")
    rows = db.session.execute(select(Block.id, Block.number, Block.name)).all()
    if any(n == data["number"] and i != own_id for i, n, _ in rows):
        raise AdminError("number", _l("Another block already has this number."))
    if _taken([(i, n) for i, _, n in rows], data["name"], own_id):
        raise AdminError("name", _l("Another block already has this name."))


def create_block(actor_id: int, data: dict[str, Any]) -> Block:
    """Add a residential block."""
    with write_transaction():
        _check_block(data, None)
        block = Block(number=data["number"], name=data["name"])
        db.session.add(block)
        db.session.flush()
        record(actor_id, "block.create", "block", block.id, None, snapshot(block, BLOCK_FIELDS))
    return block


def update_block(actor_id: int, block_id: int, data: dict[str, Any]) -> Block:
    """Renumber or rename a block."""
    with write_transaction():
        block = db.get_or_404(Block, block_id)
        _check_block(data, block.id)
        before = snapshot(block, BLOCK_FIELDS)
        block.number, block.name = data["number"], data["name"]
        db.session.flush()
        record(actor_id, "block.update", "block", block.id, before, snapshot(block, BLOCK_FIELDS))
    return block


def set_block_active(actor_id: int, block_id: int, active: bool) -> Block:
    """Deactivate or reactivate a block."""
    block: Block = _set_active(actor_id, Block, block_id, "block", BLOCK_FIELDS, active)
    return block


def _check_branch(data: dict[str, Any], own_id: int | None) -> None:
    one_writer_at_a_time("branch")
    org = db.session.get(Organisation, data["organisation_id"])
    if org is None:
        raise AdminError("organisation_id", _l("Choose one of the options."))
    if not org.active and own_id is None:
        raise AdminError("organisation_id", _l("This organisation is deactivated."))
    if data["block_id"] and db.session.get(Block, data["block_id"]) is None:
        raise AdminError("block_id", _l("Choose one of the options."))
    rows = db.session.execute(
        select(Branch.id, Branch.name).where(Branch.organisation_id == org.id)
    ).all()
    if _taken([(i, n) for i, n in rows], data["name"], own_id):
        raise AdminError("name", _l("This organisation already has a branch with this name."))


def create_branch(actor_id: int, data: dict[str, Any]) -> Branch:
    """Add a branch to an organisation (in a block, or in none)."""
    with write_transaction():
        _check_branch(data, None)
        branch = Branch(
            organisation_id=data["organisation_id"],
            block_id=data["block_id"] or None,
            name=data["name"],
            sort_order=data["sort_order"],
            created_at=utcnow(),
        )
        db.session.add(branch)
        db.session.flush()
        record(
            actor_id, "branch.create", "branch", branch.id, None, snapshot(branch, BRANCH_FIELDS)
        )
    return branch


def update_branch(actor_id: int, branch_id: int, data: dict[str, Any]) -> Branch:
    """Rename a branch, change its block or order (its organisation stays: history is
    counted per organisation)."""
    with write_transaction():
        branch = db.get_or_404(Branch, branch_id)
        data = {**data, "organisation_id": branch.organisation_id}
        _check_branch(data, branch.id)
        before = snapshot(branch, BRANCH_FIELDS)
        branch.name = data["name"]
        branch.block_id = data["block_id"] or None
        branch.sort_order = data["sort_order"]
        db.session.flush()
        record(
            actor_id, "branch.update", "branch", branch.id, before, snapshot(branch, BRANCH_FIELDS)
        )
    return branch


def set_branch_active(actor_id: int, branch_id: int, active: bool) -> Branch:
    """Deactivate or reactivate a branch; its assignments and their history stay."""
    branch: Branch = _set_active(actor_id, Branch, branch_id, "branch", BRANCH_FIELDS, active)
    return branch


def move_branch(actor_id: int, branch_id: int, direction: str) -> None:
    """Move a branch one place up or down among its organisation's branches."""
    with write_transaction():
        branch = db.get_or_404(Branch, branch_id)
        rows = list(
            db.session.scalars(
                select(Branch)
                .where(Branch.organisation_id == branch.organisation_id)
                .order_by(Branch.sort_order, Branch.id)
            )
        )
        _reorder(actor_id, rows, branch_id, direction, "branch")


# Users -------------------------------------------------------------------------


def _scope(data: dict[str, Any]) -> tuple[int | None, int | None]:
    """(organisation_id, branch_id) for the role; refuses unknown or inactive ones."""
    role = data["role"]
    if role == "leader":
        org = db.session.get(Organisation, data["organisation_id"] or 0)
        if org is None or not org.active:
            raise AdminError("organisation_id", _l("A leader needs an organisation."))
        return org.id, None
    if role == "branch_head":
        branch = db.session.get(Branch, data["branch_id"] or 0)
        if branch is None or not branch.active:
            raise AdminError("branch_id", _l("A branch head needs a branch."))
        return branch.organisation_id, branch.id
    return None, None


def create_user(actor_id: int, data: dict[str, Any]) -> IssuedPassword:
    """Add a user with a one-time password that must be changed at first login."""
    password = one_time_password()
    with write_transaction():
        one_writer_at_a_time("user")
        names = db.session.scalars(select(User.username)).all()
        if any(_same(n, data["username"]) for n in names):
            raise AdminError("username", _l("This username is already taken."))
        org_id, branch_id = _scope(data)
        user = User(
            username=data["username"],
            full_name=data["full_name"],
            role=data["role"],
            organisation_id=org_id,
            branch_id=branch_id,
            must_change_password=True,
        )
        user.set_password(password)
        db.session.add(user)
        try:
            db.session.flush()
        except IntegrityError:  # a concurrent creation of the same name
            raise AdminError("username", _l("This username is already taken.")) from None
        record(actor_id, "user.create", "user", user.id, None, snapshot(user, USER_FIELDS))
    return IssuedPassword(user.id, user.username, password)


def _last_active_secretariat(user: User) -> bool:
    one_writer_at_a_time("user")
    others = db.session.scalars(
        select(User.id).where(User.role == "secretariat", User.active.is_(True), User.id != user.id)
    ).all()
    return user.role == "secretariat" and user.active and not others


def update_user(actor_id: int, user_id: int, data: dict[str, Any]) -> User:
    """Change a user's name, role and scope. A changed role or scope ends their sessions."""
    with write_transaction():
        user = db.get_or_404(User, user_id)
        if data["role"] != "secretariat" and _last_active_secretariat(user):
            raise AdminError("role", _l("The ward must keep at least one active secretariat user."))
        org_id, branch_id = _scope(data)
        before = snapshot(user, USER_FIELDS)
        scope_changed = (user.role, user.organisation_id, user.branch_id) != (
            data["role"],
            org_id,
            branch_id,
        )
        user.full_name = data["full_name"]
        user.role = data["role"]
        user.organisation_id = org_id
        user.branch_id = branch_id
        if scope_changed:
            user.end_all_sessions()
        db.session.flush()
        record(actor_id, "user.update", "user", user.id, before, snapshot(user, USER_FIELDS))
    return user


def set_user_active(actor_id: int, user_id: int, active: bool) -> User:
    """Deactivate a user (ending every session at once) or reactivate them."""
    with write_transaction():
        user = db.get_or_404(User, user_id)
        if not active:
            if user.id == actor_id:
                raise AdminError(None, _l("You cannot deactivate your own account."))
            if _last_active_secretariat(user):
                raise AdminError(
                    None, _l("The ward must keep at least one active secretariat user.")
                )
        before = snapshot(user, USER_FIELDS)
        user.active = active
        user.end_all_sessions()
        db.session.flush()
        record(
            actor_id,
            "user.activate" if active else "user.deactivate",
            "user",
            user.id,
            before,
            snapshot(user, USER_FIELDS),
        )
    return user


def reset_password(actor_id: int, user_id: int) -> IssuedPassword:
    """Give a user a new one-time password; their sessions end, the old password stops working."""
    password = one_time_password()
    with write_transaction():
        user = db.get_or_404(User, user_id)
        before = snapshot(user, USER_FIELDS)
        user.set_password(password)
        user.must_change_password = True
        user.end_all_sessions()
        db.session.flush()
        # The password itself never goes into the audit trail.
        record(
            actor_id, "user.reset_password", "user", user.id, before, snapshot(user, USER_FIELDS)
        )
    return IssuedPassword(user.id, user.username, password)
