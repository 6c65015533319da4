"""``flask import-plan``: the import preview as text, then the plan."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from . import importing, preview, services


@click.command("import-plan")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--year", type=click.IntRange(2000, 2100), required=True, help="Year of the plan.")
@click.option("--split-shared", is_flag=True, help="One task per clause of the shared paragraph.")
@click.option("--dry-run", is_flag=True, help="Print the preview only; write nothing.")
@click.option(
    "--distribute",
    is_flag=True,
    help="Also give each task to all branches of its organisation (shared tasks to every "
    "organisation, at organisation level).",
)
def import_plan_command(
    file: Path, year: int, split_shared: bool, dry_run: bool, distribute: bool
) -> None:
    """Import a key-task list (.txt in UTF-8, or .docx) as an active plan of YEAR."""
    data = file.read_bytes()
    name = file.name if file.name.lower().endswith(".docx") else "plan.txt"
    try:
        text, paragraphs = importing.source_from_upload(name, data)
    except importing.ImportInputError as exc:
        raise click.ClickException(f"{file}: cannot import ({exc.code})") from exc
    orgs = services.active_organisations()
    draft = importing.draft_from_text(
        text, year=year, split_shared=split_shared, orgs=orgs, paragraphs=paragraphs
    )
    click.echo(preview.preview_text(draft, orgs), nl=False)
    if dry_run:
        click.echo("Dry run: nothing was written.")
        return
    if draft.new_orgs:
        names = ", ".join(f"{n.heading!r} (suggested code {n.code})" for n in draft.new_orgs)
        raise click.ClickException(
            f"the ward has no organisation for: {names}. Create them first (or import through "
            "the web page, which can create or map them); nothing was written."
        )
    try:
        plan = services.create_plan(draft, None)
    except preview.DraftInvalid as exc:
        raise click.ClickException(f"not imported: {exc}") from exc
    click.echo(
        f"Created plan {plan.id} ({plan.year}, active) with {len(draft.imported_items)} tasks."
    )
    if distribute:
        created = services.distribute(
            list(plan.tasks), "branches", shared_mode="org", author_id=None
        )
        click.echo(f"Distributed: {created} assignments created.")
    else:
        click.echo("The tasks are not distributed yet: use the plan's page, or --distribute.")
