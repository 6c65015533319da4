"""The demo ward: phường Quỳnh Thiện and its 2023 key tasks (from the published sample)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from ..extensions import db
from ..importer import parse_plan_text
from ..models import Assignment, Block, Branch, Organisation, Plan, StatusUpdate, Task, User
from ..models.user import hash_password
from ..tasks import months

SAMPLE_PATH = Path(__file__).parent / "quynh-thien-2023.txt"
DEMO_PASSWORD = "QuynhThien-2023"  # noqa: S105 - documented demo logins, printed at seeding
DEMO_YEAR = 2023
BLOCKS = 10


@dataclass(frozen=True)
class DemoOrganisation:
    code: str
    name: str
    short_name: str
    branch_prefix: str
    leader_username: str
    leader_name: str


ORGANISATIONS = (
    DemoOrganisation(
        "MTTQ",
        "Ủy ban Mặt trận Tổ quốc Việt Nam phường",
        "MTTQ",
        "Ban công tác Mặt trận",
        "mttq",
        "Nguyễn Phương",
    ),
    DemoOrganisation(
        "DTN", "Đoàn Thanh niên phường", "Đoàn TN", "Chi đoàn", "doantn", "Hồ Minh Tuấn"
    ),
    DemoOrganisation(
        "CCB", "Hội Cựu chiến binh phường", "Hội CCB", "Chi hội CCB", "hoiccb", "Trần Văn Hùng"
    ),
    DemoOrganisation(
        "LHPN",
        "Hội Liên hiệp phụ nữ phường",
        "Hội LHPN",
        "Chi hội phụ nữ",
        "hoiphunu",
        "Lê Thị Hoa",
    ),
)

NOTES = {
    "in_progress": (
        "Đã họp chi hội, phân công thành viên phụ trách.",
        "Đã tuyên truyền tại buổi sinh hoạt khối.",
        "Đang vận động các hộ gia đình tham gia.",
        "Đã triển khai đến các tổ, đang theo dõi kết quả.",
    ),
    "done": (
        "Đã hoàn thành, có biên bản kèm theo.",
        "Hoàn thành đúng kế hoạch, 100% hộ tham gia.",
        "Đã tổ chức xong, báo cáo gửi Thường trực.",
    ),
    "blocked": (
        "Thiếu kinh phí tổ chức, đề nghị phường hỗ trợ.",
        "Nhiều hội viên đi làm xa, khó tập hợp.",
        "Chưa có địa điểm sinh hoạt chung.",
    ),
}


@dataclass
class DemoLogin:
    username: str
    role: str
    scope: str


def seed_demo() -> list[DemoLogin]:
    """Fill an empty database with the demo ward. Returns the logins created."""
    if db.session.scalar(select(func.count(Organisation.id))):
        raise RuntimeError("the database already holds organisations")
    rng = random.Random(DEMO_YEAR)  # noqa: S311 - demo data, not security
    logins: list[DemoLogin] = []
    # One hash for the shared demo password (hashing is slow on purpose).
    password_hash = hash_password(DEMO_PASSWORD)

    def add_user(username: str, name: str, role: str, scope: str, **kw: object) -> User:
        user = User(username=username, full_name=name, role=role, password_hash=password_hash, **kw)
        db.session.add(user)
        logins.append(DemoLogin(username, role, scope))
        return user

    blocks = [Block(number=n, name=f"Khối {n}") for n in range(1, BLOCKS + 1)]
    db.session.add_all(blocks)
    secretariat = add_user("vanphong", "Phan Thị Thu", "secretariat", "Văn phòng MTTQ")
    add_user("lanhdao", "Hồ Sỹ Tùng", "viewer", "Đảng ủy phường")

    orgs: dict[str, Organisation] = {}
    branches: dict[str, list[Branch]] = {}
    heads: dict[int, User] = {}
    leaders: dict[str, User] = {}
    for order, spec in enumerate(ORGANISATIONS, start=1):
        org = Organisation(
            code=spec.code, name=spec.name, short_name=spec.short_name, sort_order=order
        )
        db.session.add(org)
        orgs[spec.code] = org
        branches[spec.code] = [
            Branch(
                organisation=org,
                block=block,
                name=f"{spec.branch_prefix} khối {block.number}",
                sort_order=block.number,
            )
            for block in blocks
        ]
        db.session.add_all(branches[spec.code])
        db.session.flush()
        leaders[spec.code] = add_user(
            spec.leader_username, spec.leader_name, "leader", spec.name, organisation_id=org.id
        )
        for br in branches[spec.code]:
            assert br.block is not None  # noqa: S101 - built just above
            heads[br.id] = add_user(
                f"{spec.code.lower()}.k{br.block.number}",
                f"Trưởng {br.name}",
                "branch_head",
                br.name,
                branch_id=br.id,
            )
    db.session.flush()

    text = SAMPLE_PATH.read_text(encoding="utf-8")
    parsed = parse_plan_text(text, year=DEMO_YEAR)
    plan = Plan(
        year=DEMO_YEAR,
        title=f"Nhiệm vụ trọng tâm năm {DEMO_YEAR}",
        source_text=text,
        state="active",
        created_by_id=secretariat.id,
        created_at=datetime(DEMO_YEAR, 1, 4, 9, 0),
    )
    db.session.add(plan)
    order = 0
    tasks: list[Task] = []
    for section in parsed.sections:
        org_id = orgs[section.org_code].id if section.org_code in orgs else None
        if section.kind == "org" and org_id is None:
            continue
        for item in section.items:
            order += 1
            task = Task(
                plan=plan,
                organisation_id=org_id,
                title=item.title,
                text=item.text,
                sort_order=order,
                due_date=item.due_date,
                source_lines=",".join(str(n) for n in item.lines),
            )
            tasks.append(task)
    db.session.add_all(tasks)
    db.session.flush()

    year_end = date(DEMO_YEAR, 12, 31)
    for task in tasks:
        due = task.due_date or year_end
        if task.organisation_id is None:  # shared: each organisation at its own level
            for spec in ORGANISATIONS:
                org = orgs[spec.code]
                a = Assignment(task=task, organisation_id=org.id, due_date=due)
                db.session.add(a)
                _history(rng, a, leaders[spec.code])
        else:
            code = next(c for c, o in orgs.items() if o.id == task.organisation_id)
            for br in branches[code]:
                a = Assignment(
                    task=task, organisation_id=task.organisation_id, branch_id=br.id, due_date=due
                )
                db.session.add(a)
                _history(rng, a, heads[br.id])
    # The history was written through the models, not tasks/changes.py: the month rows of
    # the reports are made from it.
    db.session.flush()
    months.rebuild()
    db.session.commit()
    return logins


def _history(rng: random.Random, assignment: Assignment, author: User) -> None:
    """A few months of plausible updates for one assignment, ending in its current state."""
    start = datetime(DEMO_YEAR, 2, 1, 2, 0)  # 09:00 in Vietnam
    steps = rng.choice((0, 1, 2, 2, 3, 3, 4))
    status, progress, version = "not_started", 0, 1
    when = start
    for step in range(steps):
        when = when + timedelta(days=rng.randint(12, 60), hours=rng.randint(0, 8))
        if when.year > DEMO_YEAR:
            break
        last = step == steps - 1
        roll = rng.random()
        if last and roll < 0.45:
            new_status, new_progress = "done", 100
        elif last and roll < 0.58:
            new_status, new_progress = "blocked", max(progress, rng.choice((10, 20, 30)))
        else:
            new_status = "in_progress"
            new_progress = min(90, progress + rng.choice((10, 20, 25, 30)))
        version += 1
        assignment.updates.append(
            StatusUpdate(
                author=author,
                created_at=when,
                from_status=status,
                status=new_status,
                from_progress=progress,
                progress=new_progress,
                note=rng.choice(NOTES[new_status]),
                from_due_date=assignment.due_date,
                due_date=assignment.due_date,
                version=version,
            )
        )
        status, progress = new_status, new_progress
    assignment.status = status
    assignment.progress = progress
    assignment.version = version
    assignment.created_at = datetime(DEMO_YEAR, 1, 5, 2, 0)
    assignment.updated_at = when if steps else assignment.created_at
    assignment.updated_by = author if steps else None
