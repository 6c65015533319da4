"""``flask notices-due`` and ``flask send-digests``: the daily step, for cron."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..dates import today_in_vietnam
from .due import produce_due_notices


@click.command("notices-due")
@with_appcontext
def notices_due_command() -> None:
    """Write the due-date notices of today (Vietnam time): once per assignment, kind and due
    date, so running it again the same day adds nothing."""
    count = produce_due_notices(today_in_vietnam())
    click.echo(f"due-date notices: {count} assignment(s)")


@click.command("send-digests")
@with_appcontext
def send_digests_command() -> None:
    """Write today's due-date notices, then e-mail each user who asked for it the digest
    of their unread notices. A failure of the mail server loses nothing (those notices go
    with the next run); it is recorded for the secretariat and the command exits with 1."""
    # Here, not at the top: a worker that serves pages never loads smtplib.
    from .digest import send_digests

    count = produce_due_notices(today_in_vietnam())
    result = send_digests()
    click.echo(
        f"due-date notices: {count} assignment(s); digests sent: {result.sent},"
        f" failed: {result.failed}"
    )
    if result.error:
        raise click.ClickException(f"mail server: {result.error}")
