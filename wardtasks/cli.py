"""Operator commands: ``flask --app wardtasks <command>``."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from importlib import import_module
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select
from werkzeug.local import LocalProxy

from .audit import record, snapshot
from .database import write_transaction
from .extensions import db
from .models import ROLES, Branch, Organisation, User
from .models.user import USER_FIELDS

# The commands whose modules a worker serving pages never needs, by name: the command
# line imports each one when it looks the name up. The backup, the generated scale ward
# (with the demo ward's data it draws from), the plan import and the notices' runs. With
# them loaded at start (bench/memory.py --workers 4, demo ward, 2026-12-08-memory.md): a
# worker's RSS 62.5 MB instead of 62.2 on average, the whole server's PSS 171.2 MB instead
# of 170.2.
LAZY_COMMANDS = {
    "backup": "wardtasks.backup:backup_command",
    "restore": "wardtasks.backup:restore_command",
    "seed-scale": "wardtasks.devtools.scale:seed_scale_command",
    "import-plan": "wardtasks.plans.cli:import_plan_command",
    "notices-due": "wardtasks.notices.cli:notices_due_command",
    "send-digests": "wardtasks.notices.cli:send_digests_command",
}


def init_cli(app: Flask) -> None:
    """Register the commands."""
    commands = CommandLine(app.cli.name, LAZY_COMMANDS)
    commands.commands.update(app.cli.commands)
    app.cli = commands
    init_migrations(app)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_user_command)


class CommandLine(AppGroup):
    """``app.cli`` with commands imported when the command line looks them up (click's
    lazily loaded subcommands): ``lazy`` maps a name to ``module:attribute``."""

    def __init__(self, name: str | None, lazy: Mapping[str, str]) -> None:
        super().__init__(name)
        self.lazy = dict(lazy)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            module, _, attribute = self.lazy[cmd_name].partition(":")
            command: click.Command = getattr(import_module(module), attribute)
            return command
        return super().get_command(ctx, cmd_name)


def init_migrations(app: Flask) -> None:
    """``flask db …``: Flask-Migrate's commands, with Flask-Migrate itself set up when an
    operator first runs one.

    Flask-Migrate imports Alembic, about 11 MB of a worker's memory, and only these
    commands use it: a worker that serves pages never loads it.
    """
    held: list[Any] = []

    def config() -> Any:
        if not held:
            from flask_migrate import Migrate

            directory = str(Path(__file__).parent.parent / "migrations")
            Migrate(app, db, directory=directory, render_as_batch=True, compare_type=True)
            held.append(app.extensions["migrate"])
        return held[0]

    app.extensions["migrate"] = LocalProxy(config)
    app.cli.add_command(MigrationCommands("db", help="Perform database migrations."))


class MigrationCommands(click.Group):
    """Flask-Migrate's ``db`` group, imported when the command line looks it up: its
    options, its callback and its commands are the real group's."""

    def _real(self) -> click.Group:
        from flask_migrate.cli import db as commands

        return commands

    @property
    def params(self) -> list[click.Parameter]:
        return self._real().params

    @params.setter
    def params(self, _value: list[click.Parameter]) -> None:
        pass  # click.Command.__init__ sets it; the real group's are used

    @property
    def callback(self) -> Any:
        return self._real().callback

    @callback.setter
    def callback(self, _value: Any) -> None:
        pass

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._real().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._real().get_command(ctx, cmd_name)


@click.command("seed-demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing (and say so) if the ward exists.")
def seed_demo_command(if_empty: bool) -> None:
    """Fill an empty database with the demo ward (Quỳnh Thiện, 2023) and print its logins."""
    from .demo import DEMO_PASSWORD, seed_demo

    if if_empty and db.session.scalar(select(func.count(Organisation.id))):
        click.echo(
            "The database already holds a ward; not seeding. Demo logins (if this is the "
            f"demo ward): vanphong, lanhdao, mttq, doantn, hoiccb, hoiphunu, ccb.k3 … "
            f"password {DEMO_PASSWORD}"
        )
        return
    try:
        logins = seed_demo()
    except RuntimeError as exc:
        raise click.ClickException(f"not seeded: {exc}") from exc
    heads = [lg for lg in logins if lg.role == "branch_head"]
    click.echo("Demo ward created. Every demo login has the password: " + DEMO_PASSWORD)
    click.echo(f"{'username':<12} {'role':<12} scope")
    for lg in logins:
        if lg.role != "branch_head":
            click.echo(f"{lg.username:<12} {lg.role:<12} {lg.scope}")
    for lg in heads[:3]:
        click.echo(f"{lg.username:<12} {lg.role:<12} {lg.scope}")
    click.echo(
        f"... and {len(heads) - 3} more branch heads: <organisation>.k<block>, "
        "e.g. ccb.k3 (mttq, dtn, ccb, lhpn; blocks 1-10)"
    )


@click.command("create-user")
@with_appcontext
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", "full_name", required=True, help="Full name shown in the app.")
@click.option("--organisation", "org_code", help="Organisation code (leaders).")
@click.option("--branch", "branch_id", type=int, help="Branch id (branch heads).")
def create_user_command(
    username: str, role: str, full_name: str, org_code: str | None, branch_id: int | None
) -> None:
    """Create a user with a one-time password that must be changed at first login."""
    username = username.strip().lower()
    if db.session.scalar(select(func.count(User.id)).where(User.username == username)):
        raise click.ClickException(f"user {username!r} already exists")
    org_id = None
    if role == "leader":
        org = db.session.scalar(select(Organisation).where(Organisation.code == org_code))
        if org is None:
            raise click.ClickException("a leader needs --organisation with an existing code")
        org_id = org.id
    if role == "branch_head":
        branch = db.session.get(Branch, branch_id) if branch_id else None
        if branch is None:
            raise click.ClickException("a branch head needs --branch with an existing branch id")
        org_id = branch.organisation_id
    password = secrets.token_urlsafe(9)
    user = User(
        username=username,
        full_name=full_name,
        role=role,
        organisation_id=org_id,
        branch_id=branch_id if role == "branch_head" else None,
        must_change_password=True,
    )
    user.set_password(password)
    with write_transaction():
        db.session.add(user)
        db.session.flush()
        # No one is logged in at a terminal: the actor is recorded as none (the operator).
        record(None, "user.create", "user", user.id, None, snapshot(user, USER_FIELDS))
    click.echo(f"Created {username} ({role}). One-time password: {password}")
    click.echo("The user must choose a new password at first login.")
