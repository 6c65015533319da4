"""Several OS processes save status updates to the same and to different assignments at
once: afterwards the history holds exactly the accepted updates and every assignment's
current state is its last accepted update. Runs on SQLite (a file) and PostgreSQL."""

from __future__ import annotations

import multiprocessing
import random

from sqlalchemy import select

from wardtasks.extensions import db
from wardtasks.models import ASSIGNMENT_STATUSES, Assignment, StatusUpdate, User
from wardtasks.tasks.services import StaleVersion, record_status_update

PROCESSES = 4
UPDATES_PER_PROCESS = 30

Accepted = tuple[int, int, str, int, str]  # assignment, version, status, progress, note


def _worker(
    database_url: str, user_id: int, assignment_ids: list[int], seed: int
) -> tuple[list[Accepted], int]:
    """One process: many read-version-then-save cycles; conflicts are counted, not retried."""
    from .conftest import make_test_app

    app = make_test_app(database_url)
    rng = random.Random(seed)  # noqa: S311
    accepted: list[Accepted] = []
    refused = 0
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        for i in range(UPDATES_PER_PROCESS):
            aid = rng.choice(assignment_ids)
            db.session.rollback()  # a fresh snapshot for the version the "form" carries
            version = db.session.scalar(select(Assignment.version).where(Assignment.id == aid))
            status = rng.choice(ASSIGNMENT_STATUSES)
            progress = 100 if status == "done" else rng.randrange(0, 100, 5)
            note = f"process {seed} update {i}"
            try:
                entry = record_status_update(
                    aid,
                    user,
                    status=status,
                    progress=progress,
                    note=note,
                    expected_version=int(version or 0),
                )
            except StaleVersion:
                refused += 1
                continue
            accepted.append((aid, entry.version, status, progress, note))
        db.session.remove()
        db.engine.dispose()
    return accepted, refused


def test_concurrent_updates_lose_nothing(app, ward, database_url) -> None:
    hot = ward.assignment_a1  # every process writes to it
    own = [ward.assignment_a2, ward.assignment_b1, ward.assignment_org_a, ward.assignment_a1]
    jobs = [
        (database_url, ward.users["secretariat"], [hot, own[n % len(own)]], n)
        for n in range(PROCESSES)
    ]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(PROCESSES) as pool:
        results = pool.starmap(_worker, jobs)
    accepted = [row for rows, _refused in results for row in rows]
    refused = sum(r for _rows, r in results)
    assert len(accepted) + refused == PROCESSES * UPDATES_PER_PROCESS
    assert len(accepted) > PROCESSES  # the test really wrote
    print(f"accepted {len(accepted)}, refused as stale {refused}")

    with app.app_context():
        history = {
            (u.assignment_id, u.version, u.status, u.progress, u.note)
            for u in db.session.scalars(select(StatusUpdate))
        }
        assert history == set(accepted)  # every accepted update, nothing else
        assert len(history) == len(accepted)
        for aid in {row[0] for row in accepted}:
            mine = sorted((r for r in accepted if r[0] == aid), key=lambda r: r[1])
            # versions form an unbroken chain: no two saves were built on the same state
            assert [r[1] for r in mine] == list(range(2, len(mine) + 2))
            a = db.session.get(Assignment, aid)
            assert a is not None
            last = mine[-1]
            assert (a.version, a.status, a.progress) == (last[1], last[2], last[3])
        # each history row starts from the state the previous one left
        chain = db.session.scalars(
            select(StatusUpdate)
            .where(StatusUpdate.assignment_id == hot)
            .order_by(StatusUpdate.version)
        ).all()
        for before, after in zip(chain, chain[1:], strict=False):
            assert (after.from_status, after.from_progress) == (before.status, before.progress)
