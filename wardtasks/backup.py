"""Online backups of the SQLite database, and restoring one.

SQLite: :func:`backup_sqlite` copies the live database through SQLite's online
backup API (consistent even while the app writes), then checks the copy with
``PRAGMA integrity_check``. PostgreSQL has its own tool, ``pg_dump``;
:data:`PG_DUMP_HELP` says how to use it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from .refusals import Refused

PG_DUMP_HELP = """\
This database is PostgreSQL: back it up with pg_dump, e.g.
  pg_dump --format=custom --file=wardtasks-$(date +%F).dump "$DATABASE_URL"
and restore into an empty database with
  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" wardtasks-YYYY-MM-DD.dump
(use the plain postgresql:// form of the URL, without "+psycopg")."""

REQUIRED_TABLES = ("user_account", "organisation", "assignment", "status_update")


class BackupError(Refused):
    """A backup or restore that could not be done; the message says why."""


@dataclass
class CheckResult:
    """What :func:`check_database` found in a database file."""

    path: Path
    integrity: str
    tables: dict[str, int]


def sqlite_path(database_uri: str) -> Path | None:
    """The file of a SQLite database URI; None for other databases."""
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory database cannot be backed up")
    return Path(url.database)


def _connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    return sqlite3.connect(path, timeout=30)


def check_database(path: Path) -> CheckResult:
    """Run ``PRAGMA integrity_check`` on ``path`` and count the rows of the main tables."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    conn = _connect(path, readonly=True)
    try:
        try:
            integrity = "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path} is not a SQLite database: {exc}") from exc
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        missing = [t for t in REQUIRED_TABLES if t not in names]
        if missing:
            raise BackupError(f"{path} is not a wardtasks database (missing {', '.join(missing)})")
        tables = {
            t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0])  # noqa: S608
            for t in sorted(names)
            if not t.startswith("sqlite_")
        }
    finally:
        conn.close()
    return CheckResult(path, integrity, tables)


def backup_target(dest: Path, now: datetime | None = None) -> Path:
    """The file to write: ``dest`` itself, or a dated file inside ``dest`` if it is a folder."""
    if dest.is_dir():
        stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
        return dest / f"wardtasks-{stamp}.sqlite"
    return dest


def backup_sqlite(source: Path, dest: Path) -> CheckResult:
    """Copy the live database ``source`` to ``dest`` (a new file) and check the copy."""
    target = backup_target(dest)
    if target.exists():
        raise BackupError(f"{target} already exists; not overwriting it")
    if not source.is_file():
        raise BackupError(f"{source} does not exist")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = _connect(source)
    dst = _connect(partial)
    try:
        # One step, inside one read transaction: the copy is a single committed state. Under
        # WAL, writers go on meanwhile (copying in several steps would restart on every write).
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    os.chmod(partial, 0o600)
    result = check_database(partial)
    if result.integrity != "ok":
        raise BackupError(f"the copy failed its integrity check: {result.integrity}")
    partial.rename(target)
    result.path = target
    return result


def restore_sqlite(source: Path, target: Path, *, dry_run: bool = False) -> CheckResult:
    """Check the backup ``source`` and, unless ``dry_run``, copy it over the database ``target``.

    The copy goes through the backup API into the target database, so it is
    atomic for other connections; stop the app first all the same, so that no
    one keeps working on data that is about to be replaced.
    """
    result = check_database(source)
    if result.integrity != "ok":
        raise BackupError(f"{source} failed its integrity check: {result.integrity}")
    if dry_run:
        return result
    target.parent.mkdir(parents=True, exist_ok=True)
    src = _connect(source, readonly=True)
    dst = _connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    after = check_database(target)
    if after.integrity != "ok":
        raise BackupError(f"the restored database failed its integrity check: {after.integrity}")
    return after


def copy_new_files(source: Path, dest: Path) -> int:
    """Copy the files of ``source`` missing from ``dest`` (photos never change: names are
    random and files are never rewritten). Returns how many were copied."""
    if not source.is_dir():
        return 0
    dest.mkdir(parents=True, exist_ok=True)
    copied = 0
    for path in sorted(source.iterdir()):
        target = dest / path.name
        if path.is_file() and not target.exists():
            shutil.copy2(path, target)
            copied += 1
    return copied


@click.command("backup")
@click.argument("dest", type=click.Path(path_type=Path))
@with_appcontext
def backup_command(dest: Path) -> None:
    """Copy the database to DEST (a file, or a folder for a dated file) while the app runs."""
    uri = current_app.config["SQLALCHEMY_DATABASE_URI"]
    try:
        source = sqlite_path(uri)
        if source is None:
            click.echo(PG_DUMP_HELP)
            raise click.ClickException("not backed up: use pg_dump for PostgreSQL (see above)")
        result = backup_sqlite(source, dest)
    except BackupError as exc:
        raise click.ClickException(f"not backed up: {exc}") from exc
    rows = sum(result.tables.values())
    click.echo(f"Backed up to {result.path} (integrity_check: {result.integrity}, {rows} rows)")
    # Evidence photos: copied after the database, so every photo the copy names is there.
    from .photos.services import photo_folder

    photos_dest = result.path.parent / "photos"
    copied = copy_new_files(photo_folder(), photos_dest)
    if copied or photos_dest.exists():
        click.echo(f"Photos: {copied} new file(s) copied to {photos_dest}")


@click.command("restore")
@click.argument("src", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only check the backup and say what it holds.")
@with_appcontext
def restore_command(src: Path, dry_run: bool) -> None:
    """Replace the database with the backup SRC (stop the app first)."""
    from .audit import record
    from .database import write_transaction
    from .extensions import db

    uri = current_app.config["SQLALCHEMY_DATABASE_URI"]
    try:
        target = sqlite_path(uri)
        if target is None:
            click.echo(PG_DUMP_HELP)
            raise click.ClickException("not restored: use pg_restore for PostgreSQL (see above)")
        db.session.remove()
        db.engine.dispose()  # no pooled connection may keep the old database open
        result = restore_sqlite(src, target, dry_run=dry_run)
    except BackupError as exc:
        raise click.ClickException(f"not restored: {exc}") from exc
    counts = ", ".join(f"{t}={n}" for t, n in result.tables.items())
    if dry_run:
        click.echo(f"{src}: integrity_check {result.integrity}; would restore {counts}")
        return
    with write_transaction():
        record(None, "database.restore", "database", None, None, {"source": str(src)})
    click.echo(f"Restored {src} into {target} (integrity_check: {result.integrity}; {counts})")
