"""Developer command: a large generated ward for benchmarks and tests (``flask seed-scale``).

Not part of the running app: ``make bench`` (bench/run.py) and the scale tests use it.

Everything is drawn from one seeded random generator, so the same options give
the same ward. Rows are written with Core ``executemany`` in chunks and ids are
chosen here (no ``RETURNING`` round trips), which keeps ~400,000 status updates
to well under a minute on SQLite. The history of every assignment ends in its
current state: status, progress, version and last-update time/author are those
of its last status update, and every date lies inside its plan's year.
"""

from __future__ import annotations

import random
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import click
from flask.cli import with_appcontext
from sqlalchemy import Table, func, insert, select, text
from werkzeug.security import generate_password_hash

from ..database import write_transaction
from ..demo import NOTES
from ..extensions import db
from ..models import Assignment, Block, Branch, Organisation, Plan, StatusUpdate, Task, User
from ..search.index import bulk_load
from ..tasks import months

SCALE_PASSWORD = "ScaleWard-2026"  # noqa: S105 - documented benchmark logins, printed at seeding
CHUNK = 5000
# Cumulative shares of the assignments' last status.
FINAL_STATUSES = ((0.45, "done"), (0.55, "blocked"), (0.58, "cancelled"), (1.0, "in_progress"))
CANCELLED_NOTES = ("Không thực hiện do thay đổi kế hoạch của phường.",)


@dataclass(frozen=True)
class OrgSpec:
    code: str
    name: str
    short_name: str
    branch_prefix: str
    leader_username: str


# The demo ward's four, then the other organisations a ward commonly has; the same
# usernames as the demo ward so benchmarks log in alike on both.
KNOWN_ORGANISATIONS = (
    OrgSpec(
        "MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam phường", "MTTQ", "Ban công tác Mặt trận", "mttq"
    ),
    OrgSpec("DTN", "Đoàn Thanh niên phường", "Đoàn TN", "Chi đoàn", "doantn"),
    OrgSpec("CCB", "Hội Cựu chiến binh phường", "Hội CCB", "Chi hội CCB", "hoiccb"),
    OrgSpec("LHPN", "Hội Liên hiệp phụ nữ phường", "Hội LHPN", "Chi hội phụ nữ", "hoiphunu"),
    OrgSpec("HND", "Hội Nông dân phường", "Hội ND", "Chi hội nông dân", "hoinongdan"),
    OrgSpec("NCT", "Hội Người cao tuổi phường", "Hội NCT", "Chi hội người cao tuổi", "hoinct"),
    OrgSpec("CTD", "Hội Chữ thập đỏ phường", "Hội CTĐ", "Chi hội chữ thập đỏ", "hoictd"),
    OrgSpec("KH", "Hội Khuyến học phường", "Hội KH", "Chi hội khuyến học", "hoikh"),
)

TASK_PHRASES = (
    "Tuyên truyền, vận động hội viên thực hiện tốt chủ trương của Đảng, chính sách pháp luật",
    "Tổ chức sinh hoạt định kỳ, nâng cao chất lượng sinh hoạt chi hội",
    "Phát triển hội viên mới, phấn đấu tăng tỷ lệ tập hợp",
    "Vận động xây dựng nhà đại đoàn kết cho hộ nghèo, hộ cận nghèo",
    "Tham gia giữ gìn an ninh trật tự, an toàn giao thông trên địa bàn khối",
    "Hưởng ứng phong trào toàn dân đoàn kết xây dựng đời sống văn hóa",
    "Tổ chức các hoạt động kỷ niệm ngày thành lập",
    "Vận động hội viên tham gia bảo vệ môi trường, phân loại rác tại nguồn",
    "Phối hợp chăm lo gia đình chính sách, người có công",
    "Tham gia giám sát và phản biện xã hội theo quy định",
    "Tổ chức hội nghị sơ kết 6 tháng, tổng kết năm",
    "Vận động ủng hộ quỹ Vì người nghèo, quỹ khuyến học",
    "Hỗ trợ hội viên phát triển kinh tế, giảm nghèo bền vững",
    "Tổ chức các hoạt động văn hóa, văn nghệ, thể dục thể thao",
    "Thực hiện chuyển đổi số trong quản lý hội viên",
)


@dataclass
class ScaleSummary:
    """Rows made by :func:`seed_scale` and how long it took."""

    organisations: int = 0
    blocks: int = 0
    branches: int = 0
    plans: int = 0
    tasks: int = 0
    assignments: int = 0
    status_updates: int = 0
    users: int = 0
    seconds: float = 0.0
    years: list[int] = field(default_factory=list)
    logins: dict[str, str] = field(default_factory=dict)


def org_specs(count: int) -> list[OrgSpec]:
    """``count`` organisations: the known ones first, then numbered ones."""
    specs = list(KNOWN_ORGANISATIONS[:count])
    for n in range(len(specs) + 1, count + 1):
        specs.append(
            OrgSpec(f"ORG{n}", f"Tổ chức số {n} phường", f"TC {n}", f"Chi hội {n}", f"tc{n}")
        )
    return specs


def seed_scale(
    *,
    orgs: int = 8,
    blocks: int = 40,
    years: int = 5,
    updates_per_assignment: int = 8,
    seed: int = 2023,
    tasks_per_org: int = 30,
    users: int = 400,
    shared_tasks: int = 2,
    last_year: int = 2025,
    password_hash: str | None = None,
    updates_spread: int | None = None,
) -> ScaleSummary:
    """Fill an empty database with a large generated ward; same options, same ward.

    ``updates_per_assignment`` is the mean: each assignment gets between half and
    one and a half times as many, or ``updates_spread`` fewer to as many more.
    Raises RuntimeError if the ward already exists.
    """
    if min(orgs, blocks, years) < 1 or min(tasks_per_org, updates_per_assignment) < 0:
        raise ValueError("orgs, blocks and years must be at least 1, the other counts at least 0")
    if not 2000 <= last_year - years + 1 <= last_year <= 2100:
        raise ValueError("the plans' years must lie between 2000 and 2100")
    if users < orgs + 2:
        raise ValueError(f"--users must be at least {orgs + 2} (secretariat, viewer, leaders)")
    if db.session.scalar(select(func.count(Organisation.id))):
        raise RuntimeError("the database already holds organisations")
    started = time.monotonic()
    rng = random.Random(seed)  # noqa: S311 - generated test data, not security
    summary = ScaleSummary()
    pw_hash = password_hash or generate_password_hash(SCALE_PASSWORD, method="scrypt")
    with write_transaction(), bulk_load(db.session.connection()):
        ids = _IdSource()
        spread = updates_per_assignment // 2 if updates_spread is None else updates_spread
        if not 0 <= spread <= updates_per_assignment:
            raise ValueError("--updates-spread must lie between 0 and the mean")
        _seed(rng, ids, summary, orgs, blocks, years, (updates_per_assignment, spread),
              tasks_per_org, users, shared_tasks, last_year, pw_hash)  # fmt: skip
        # The history was written in bulk, not through tasks/services.py: the month rows
        # are made from it.
        months.rebuild()
        _reset_sequences()
    _analyze()
    summary.seconds = time.monotonic() - started
    return summary


class _IdSource:
    """Next free primary key per table (read once, then counted here)."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def take(self, table: Table) -> int:
        if table.name not in self._next:
            current = db.session.scalar(select(func.max(table.c.id))) or 0
            self._next[table.name] = int(current) + 1
        value = self._next[table.name]
        self._next[table.name] = value + 1
        return value


class _Writer:
    """Buffers rows per table and writes them with executemany in chunks."""

    def __init__(self) -> None:
        self._rows: dict[str, tuple[Table, list[dict[str, Any]]]] = {}

    def add(self, table: Table, row: dict[str, Any]) -> None:
        # Tables are first seen parents before children, so a full flush keeps the
        # foreign keys satisfied (SQLite checks them row by row).
        entry = self._rows.setdefault(table.name, (table, []))
        entry[1].append(row)
        if len(entry[1]) >= CHUNK:
            self.flush()

    def flush(self, table: Table | None = None) -> None:
        tables = [table] if table is not None else [t for t, _rows in self._rows.values()]
        for t in tables:
            _t, rows = self._rows.get(t.name, (t, []))
            if rows:
                db.session.execute(insert(t), rows)
                rows.clear()


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


def _seed(
    rng: random.Random,
    ids: _IdSource,
    summary: ScaleSummary,
    n_orgs: int,
    n_blocks: int,
    n_years: int,
    mean_updates: tuple[int, int],
    tasks_per_org: int,
    n_users: int,
    shared_tasks: int,
    last_year: int,
    pw_hash: str,
) -> None:
    t_org, t_block, t_branch = _table(Organisation), _table(Block), _table(Branch)
    t_user, t_plan, t_task = _table(User), _table(Plan), _table(Task)
    t_assignment, t_update = _table(Assignment), _table(StatusUpdate)
    w = _Writer()
    created = datetime(last_year - n_years + 1, 1, 2, 2, 0)

    block_ids: list[int] = []
    for n in range(1, n_blocks + 1):
        bid = ids.take(t_block)
        w.add(t_block, {"id": bid, "number": n, "name": f"Khối {n}", "active": True})
        block_ids.append(bid)
    specs = org_specs(n_orgs)
    org_ids: list[int] = []
    branches: dict[int, list[tuple[int, int]]] = {}  # org id -> [(branch id, block number)]
    for order, spec in enumerate(specs, start=1):
        oid = ids.take(t_org)
        org_ids.append(oid)
        w.add(
            t_org,
            {"id": oid, "code": spec.code, "name": spec.name, "short_name": spec.short_name,
             "sort_order": order, "active": True, "created_at": created},
        )  # fmt: skip
        branches[oid] = []
        for number, bid in enumerate(block_ids, start=1):
            brid = ids.take(t_branch)
            w.add(
                t_branch,
                {"id": brid, "organisation_id": oid, "block_id": bid, "sort_order": number,
                 "name": f"{spec.branch_prefix} khối {number}", "active": True},
            )  # fmt: skip
            branches[oid].append((brid, number))
    w.flush(t_block)
    w.flush(t_org)
    w.flush(t_branch)

    # Users: a secretariat, viewers, one leader per organisation, then branch heads
    # round-robin over the branches (a second head per branch once all have one).
    def add_user(username: str, name: str, role: str, org: int | None, branch: int | None) -> int:
        uid = ids.take(t_user)
        w.add(
            t_user,
            {"id": uid, "username": username, "password_hash": pw_hash, "full_name": name,
             "role": role, "organisation_id": org, "branch_id": branch, "locale": None,
             "must_change_password": False, "active": True, "created_at": created,
             "session_token": secrets.token_urlsafe(16)},  # part of login cookies: not seeded
        )  # fmt: skip
        summary.users += 1
        return uid

    secretariat = add_user("vanphong", "Phan Thị Thu", "secretariat", None, None)
    summary.logins["secretariat"] = "vanphong"
    n_viewers = max(1, min(3, n_users - n_orgs - 1 - 1))
    for v in range(n_viewers):
        add_user(
            "lanhdao" if v == 0 else f"lanhdao{v + 1}", f"Lãnh đạo {v + 1}", "viewer", None, None
        )
    summary.logins["viewer"] = "lanhdao"
    leaders: dict[int, int] = {}
    for spec, oid in zip(specs, org_ids, strict=True):
        leaders[oid] = add_user(
            spec.leader_username, f"Chủ tịch {spec.short_name}", "leader", oid, None
        )
    summary.logins["leader"] = specs[0].leader_username
    heads: dict[int, list[int]] = {}
    all_branches = [
        (oid, brid, number, spec)
        for spec, oid in zip(specs, org_ids, strict=True)
        for brid, number in branches[oid]
    ]
    remaining = n_users - summary.users
    for i in range(remaining):
        oid, brid, number, spec = all_branches[i % len(all_branches)]
        rank = i // len(all_branches) + 1
        username = f"{spec.code.lower()}.k{number}" + (f".{rank}" if rank > 1 else "")
        heads.setdefault(brid, []).append(
            add_user(
                username,
                f"Trưởng chi hội {spec.code} khối {number} ({rank})",
                "branch_head",
                oid,
                brid,
            )  # fmt: skip
        )
    if all_branches and remaining:
        summary.logins["branch_head"] = f"{specs[0].code.lower()}.k1"
    w.flush(t_user)

    summary.organisations, summary.blocks = n_orgs, n_blocks
    summary.branches = len(all_branches)
    for year in range(last_year - n_years + 1, last_year + 1):
        summary.years.append(year)
        plan_id = ids.take(t_plan)
        w.add(
            t_plan,
            {"id": plan_id, "year": year, "title": f"Nhiệm vụ trọng tâm năm {year}",
             "source_text": "", "state": "active" if year == last_year else "closed",
             "created_at": datetime(year, 1, 4, 2, 0), "created_by_id": secretariat},
        )  # fmt: skip
        w.flush(t_plan)
        summary.plans += 1
        order = 0
        # Shared tasks are kept at each organisation's own level; the others go to
        # every branch of their organisation.
        plan_tasks: list[tuple[int, int | None, date]] = []
        for owner in [None] * shared_tasks + [o for o in org_ids for _ in range(tasks_per_org)]:
            order += 1
            tid = ids.take(t_task)
            due = _due_date(rng, year)
            phrase = rng.choice(TASK_PHRASES)
            w.add(
                t_task,
                {"id": tid, "plan_id": plan_id, "organisation_id": owner,
                 "title": f"{phrase} ({order})", "sort_order": order, "due_date": due,
                 "text": f"{phrase}; phấn đấu hoàn thành chỉ tiêu năm {year} ({order}).",
                 "source_lines": "", "created_at": datetime(year, 1, 4, 2, 0)},
            )  # fmt: skip
            plan_tasks.append((tid, owner, due or date(year, 12, 31)))
            summary.tasks += 1
        w.flush(t_task)
        for tid, owner, due in plan_tasks:
            targets: Iterator[tuple[int, int | None]] = (
                ((o, None) for o in org_ids)
                if owner is None
                else ((owner, brid) for brid, _n in branches[owner])
            )
            for a_org, a_branch in targets:
                authors = heads.get(a_branch, []) if a_branch is not None else []
                _assignment(rng, ids, w, t_assignment, t_update, summary, year, tid, a_org,
                            a_branch, due, mean_updates, authors, leaders[a_org])  # fmt: skip
    w.flush()


def _due_date(rng: random.Random, year: int) -> date | None:
    """A month's end within the year, or none (then the year's end applies)."""
    if rng.random() < 0.3:
        return None
    month = rng.randint(3, 12)
    return (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)


def _assignment(
    rng: random.Random,
    ids: _IdSource,
    w: _Writer,
    t_assignment: Table,
    t_update: Table,
    summary: ScaleSummary,
    year: int,
    task_id: int,
    org_id: int,
    branch_id: int | None,
    due: date,
    mean_updates: tuple[int, int],
    heads: list[int],
    leader: int,
) -> None:
    """One assignment and its history; the history's last entry is its current state."""
    aid = ids.take(t_assignment)
    created = datetime(year, 1, 5, 2, 0)
    mean, spread = mean_updates
    steps = rng.randint(mean - spread, mean + spread)
    # Sorted distinct minutes between 10 January and 28 December (09:00-17:00 in Vietnam).
    first, last = date(year, 1, 10), date(year, 12, 28)
    span_days = (last - first).days
    stamps = sorted(
        datetime.combine(first + timedelta(days=rng.randrange(span_days)), datetime.min.time())
        + timedelta(hours=2 + rng.randrange(8), minutes=rng.randrange(60), seconds=n)
        for n in range(steps)
    )
    roll = rng.random()
    final = next(st for limit, st in FINAL_STATUSES if roll < limit)
    status, progress, version = "not_started", 0, 1
    author: int | None = None
    when = created
    history: list[dict[str, Any]] = []
    for step, when in enumerate(stamps):
        is_last = step == steps - 1
        if is_last and final == "done":
            new_status, new_progress = "done", 100
        elif is_last and final in ("blocked", "cancelled"):
            new_status, new_progress = final, progress
        else:
            new_status = "blocked" if rng.random() < 0.05 else "in_progress"
            new_progress = min(90, progress + rng.choice((5, 10, 10, 15, 20)))
        author = heads[step % len(heads)] if heads and rng.random() < 0.9 else leader
        version += 1
        history.append(
            {"id": ids.take(t_update), "assignment_id": aid, "author_id": author,
             "created_at": when, "from_status": status, "status": new_status,
             "from_progress": progress, "progress": new_progress, "version": version,
             "note": rng.choice(NOTES.get(new_status, CANCELLED_NOTES)),
             "from_due_date": due, "due_date": due}
        )  # fmt: skip
        status, progress = new_status, new_progress
        summary.status_updates += 1
    w.add(
        t_assignment,
        {"id": aid, "task_id": task_id, "organisation_id": org_id, "branch_id": branch_id,
         "status": status, "progress": progress, "due_date": due, "responsible": "",
         "active": True, "version": version, "created_at": created,
         "updated_at": when if steps else created, "updated_by_id": author},
    )  # fmt: skip
    summary.assignments += 1
    for row in history:
        w.add(t_update, row)


def _reset_sequences() -> None:
    """PostgreSQL: move each id sequence past the ids chosen here."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" not in table.c:
            continue
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )


def _analyze() -> None:
    """Refresh the planner's statistics after a bulk load."""
    with write_transaction():
        db.session.execute(text("ANALYZE"))


@click.command("seed-scale")
@with_appcontext
@click.option("--orgs", default=8, show_default=True, help="Organisations.")
@click.option("--blocks", default=40, show_default=True, help="Residential blocks.")
@click.option("--years", default=5, show_default=True, help="Yearly plans (the last one active).")
@click.option("--updates-per-assignment", default=8, show_default=True, help="Mean history length.")
@click.option("--seed", default=2023, show_default=True, help="Random seed: same seed, same ward.")
@click.option(
    "--tasks-per-org", default=30, show_default=True, help="Tasks per organisation and plan."
)
@click.option(
    "--users", default=400, show_default=True, help="Logins (secretariat, viewers, leaders, heads)."
)
@click.option("--shared-tasks", default=2, show_default=True, help="Tasks shared by all, per plan.")
@click.option("--last-year", default=2025, show_default=True, help="Year of the newest plan.")
@click.option(
    "--updates-spread",
    type=int,
    default=None,
    help="History lengths from the mean less this to the mean plus this [default: half the mean].",
)
def seed_scale_command(
    orgs: int,
    blocks: int,
    years: int,
    updates_per_assignment: int,
    seed: int,
    tasks_per_org: int,
    users: int,
    shared_tasks: int,
    last_year: int,
    updates_spread: int | None,
) -> None:
    """Fill an empty database with a large generated ward (for benchmarks)."""
    try:
        s = seed_scale(
            orgs=orgs,
            blocks=blocks,
            years=years,
            updates_per_assignment=updates_per_assignment,
            seed=seed,
            tasks_per_org=tasks_per_org,
            users=users,
            shared_tasks=shared_tasks,
            last_year=last_year,
            updates_spread=updates_spread,
        )
    except (RuntimeError, ValueError) as exc:
        raise click.ClickException(f"not seeded: {exc}") from exc
    click.echo(
        f"Scale ward created in {s.seconds:.1f} s: {s.organisations} organisations, "
        f"{s.blocks} blocks, {s.branches} branches, {s.plans} plans ({s.years[0]}-{s.years[-1]}), "
        f"{s.tasks} tasks, {s.assignments} assignments, {s.status_updates} status updates, "
        f"{s.users} users."
    )
    click.echo(
        "Logins (password "
        + SCALE_PASSWORD
        + "): "
        + ", ".join(f"{role} {name}" for role, name in s.logins.items())
    )


def key_request_ids() -> dict[str, Any]:
    """URL values of the benchmarked requests, as the generated ward's users see them.

    The leader ``mttq`` and the branch head ``mttq.k1`` (also in the demo ward), the
    active plan, the leader's first task and the head's first assignment; ``month`` is
    November of the plan's year.
    """
    leader = db.session.scalar(select(User).where(User.username == "mttq"))
    head = db.session.scalar(select(User).where(User.username == "mttq.k1"))
    plan = db.session.scalar(select(Plan).where(Plan.state == "active"))
    if leader is None or head is None or plan is None:
        raise LookupError("not a generated or demo ward: mttq, mttq.k1 or the active plan missing")
    task_id = db.session.scalar(
        select(Task.id)
        .where(Task.plan_id == plan.id, Task.organisation_id == leader.organisation_id)
        .order_by(Task.sort_order)
        .limit(1)
    )
    assignment = db.session.scalar(
        select(Assignment)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan.id, Assignment.branch_id == head.branch_id)
        .order_by(Task.sort_order)
        .limit(1)
    )
    if assignment is None:
        raise LookupError("the branch head mttq.k1 has no assignment in the active plan")
    return {
        "org_id": leader.organisation_id,
        "branch_id": head.branch_id,
        "task_id": task_id,
        "assignment_id": assignment.id,
        "version": assignment.version,
        "month": f"{plan.year}-11",
    }
