"""The demo ward: phường Quỳnh Thiện and its 2023 key tasks (from the published sample)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from .. import importer
from ..cycle.services import scope_part
from ..extensions import db
from ..importer.targets import suggest_target
from ..models import (
    Assignment,
    Block,
    Branch,
    Organisation,
    PeriodicReport,
    Plan,
    ReportSubmission,
    StatusUpdate,
    Target,
    Task,
    TaskNote,
    TaskSupporter,
    User,
)
from ..models.user import hash_password
from ..reports.snapshot import build_snapshot
from ..scope import Scope
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
    # The targets' values from a stream of their own: the rest of the demo stays as it was.
    values = random.Random(DEMO_YEAR + 19)  # noqa: S311 - demo data, not security
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
    parsed = importer.parse_plan_text(text, year=DEMO_YEAR)
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
    targets = _targets(tasks, secretariat)

    # The Front leads the first shared task and the other organisations support it (issue
    # 19.2); any other shared task stays shared by all, as a plan that does not use it.
    led = next((t for t in tasks if t.organisation_id is None), None)
    if led is not None:
        led.organisation_id = orgs["MTTQ"].id
        db.session.add_all(
            TaskSupporter(task_id=led.id, organisation_id=org.id)
            for code, org in orgs.items()
            if code != "MTTQ"
        )
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
                _history(rng, a, heads[br.id], targets.get(task.id), values)
    if led is not None:
        _supporters_notes(led, orgs, branches, leaders, heads)
    # The history was written through the models, not tasks/services.py: the month rows of
    # the reports are made from it.
    db.session.flush()
    months.rebuild()
    db.session.commit()
    _monthly_reports(rng, plan, branches, heads, leaders, secretariat)
    return logins


def _monthly_reports(
    rng: random.Random,
    plan: Plan,
    branches: dict[str, list[Branch]],
    heads: dict[int, User],
    leaders: dict[str, User],
    secretariat: User,
) -> None:
    """The reporting cycle's past months: most branches sent January to November, some
    late, a few not at all; older months accepted (one returned first now and then),
    October and November partly awaiting review; the organisations' reports likewise.
    Each submission keeps its branch's figures, cut from one ward snapshot per month."""
    for month in range(1, 12):
        ward = build_snapshot(plan, DEMO_YEAR, month, Scope("ward"), complete=True, chart=False)
        deadline = date(DEMO_YEAR, month, 25)
        for code, org_branches in branches.items():
            leader = leaders[code]
            sent = 0
            for br in org_branches:
                if rng.random() < 0.12:
                    continue  # not sent
                sent += 1
                part = scope_part(ward, Scope("branch", br.id))
                done = sum(r["status"] == "done" for r in part["rows"])
                blocked = [r for r in part["rows"] if r["status"] == "blocked"]
                texts = {
                    "results": f"Tổ chức họp chi hội tháng {month}; {done}/{len(part['rows'])} "
                    "nhiệm vụ đã hoàn thành. Thăm hỏi hội viên ốm đau, tham gia vệ sinh môi "
                    "trường khu dân cư.",
                    "difficulties": "; ".join(r["task"] for r in blocked[:2]) or "Không có.",
                    "proposals": rng.choice(
                        (
                            "Đề nghị phường hỗ trợ kinh phí hoạt động.",
                            "",
                            "Đề nghị tập huấn nghiệp vụ.",
                        )
                    ),
                    "direction": "Tiếp tục triển khai các nhiệm vụ trọng tâm; chuẩn bị sơ kết.",
                }
                day = deadline + timedelta(days=rng.randint(-8, 4))
                returned = month <= 9 and rng.random() < 0.1
                outcome = "accepted" if month <= 9 or rng.random() < 0.5 else None
                _demo_report(
                    br.organisation_id,
                    br.id,
                    month,
                    texts,
                    part,
                    day,
                    heads[br.id],
                    leader,
                    returned,
                    outcome,
                )
            if month <= 10:
                texts = {
                    "results": f"{sent}/{len(org_branches)} chi hội đã nộp báo cáo tháng {month}.",
                    "difficulties": "Một số chi hội nộp báo cáo chậm.",
                    "proposals": "",
                    "direction": "Đôn đốc các chi hội thực hiện nhiệm vụ tháng tới.",
                }
                org_id = org_branches[0].organisation_id
                part = scope_part(ward, Scope("org", org_id))
                day = deadline + timedelta(days=rng.randint(0, 6))
                _demo_report(
                    org_id,
                    None,
                    month,
                    texts,
                    part,
                    day,
                    leader,
                    secretariat,
                    False,
                    "accepted" if month <= 9 else None,
                )
    db.session.commit()


def _demo_report(
    org_id: int,
    branch_id: int | None,
    month: int,
    texts: dict[str, str],
    figures: dict[str, object],
    day: date,
    author: User,
    reviewer: User,
    returned: bool,
    outcome: str | None,
) -> None:
    """One demo report with its submissions (a returned one first when ``returned``)."""
    state = outcome or "submitted"
    report = PeriodicReport(
        organisation_id=org_id,
        branch_id=branch_id,
        year=DEMO_YEAR,
        month=month,
        state=state,
        version=2,
        updated_by_id=author.id,
        **texts,
    )
    db.session.add(report)
    db.session.flush()
    at = datetime(day.year, day.month, day.day, 3, 0)  # 10:00 in Vietnam
    frozen = json.dumps(figures, ensure_ascii=False, sort_keys=True)
    number = 1
    if returned:
        db.session.add(
            ReportSubmission(
                report_id=report.id,
                number=1,
                submitted_at=at,
                submitted_by_id=author.id,
                figures=frozen,
                outcome="returned",
                reviewed_at=at + timedelta(days=1),
                reviewed_by_id=reviewer.id,
                comment="Bổ sung số hội viên được thăm hỏi.",
                **{**texts, "results": texts["results"].split(";")[0] + "."},
            )
        )
        number, at = 2, at + timedelta(days=2)
    db.session.add(
        ReportSubmission(
            report_id=report.id,
            number=number,
            submitted_at=at,
            submitted_by_id=author.id,
            figures=frozen,
            outcome=outcome,
            reviewed_at=at + timedelta(days=1) if outcome else None,
            reviewed_by_id=reviewer.id if outcome else None,
            **texts,
        )
    )


SUPPORTERS_NOTES = (
    ("DTN", None, "Đoàn TN cử đoàn viên cùng Ban công tác Mặt trận tuyên truyền tại các khối."),
    ("LHPN", 1, "Chi hội phụ nữ khối 1 cùng vận động 12 hộ tham gia ngày hội đại đoàn kết."),
    ("CCB", 3, "Chi hội CCB khối 3 phối hợp rà soát danh sách hộ khó khăn."),
)


def _supporters_notes(
    task: Task,
    orgs: dict[str, Organisation],
    branches: dict[str, list[Branch]],
    leaders: dict[str, User],
    heads: dict[int, User],
) -> None:
    """A few notes of the supporting organisations on the task the Front leads."""
    for n, (code, block, note) in enumerate(SUPPORTERS_NOTES):
        branch = branches[code][block - 1] if block else None
        db.session.add(
            TaskNote(
                task_id=task.id,
                organisation_id=orgs[code].id,
                branch_id=branch.id if branch else None,
                author_id=(heads[branch.id] if branch else leaders[code]).id,
                created_at=datetime(DEMO_YEAR, 3 + 2 * n, 10, 2, 0),
                note=note,
            )
        )


def _targets(tasks: list[Task], secretariat: User) -> dict[int, Target]:
    """The targets the sample states, as the secretariat would confirm the importer's
    suggestions ("Phấn đấu Hội không có Hộ nghèo và cận nghèo": none left in the
    organisation nor in any branch; "mỗi tổ từ 3 hộ trở lên": at least 3 per branch)."""
    targets: dict[int, Target] = {}
    for task in tasks:
        s = suggest_target(task.text)
        if s is None or task.organisation_id is None:
            continue
        none_left = s.direction == "at_most" and s.value == 0
        target = Target(
            task_id=task.id,
            measure=s.measure,
            unit=s.unit,
            direction=s.direction,
            branch_value=s.value if s.per_branch or none_left else None,
            organisation_value=None if s.per_branch else s.value,
            baseline=14 if none_left else 0,
            updated_by_id=secretariat.id,
            updated_at=datetime(DEMO_YEAR, 1, 6, 2, 0),
        )
        db.session.add(target)
        targets[task.id] = target
    return targets


def _measured(rng: random.Random, target: Target | None, step: int, start: int) -> int | None:
    """A branch's value of ``target`` after its ``step``-th update (from ``start``): poor
    households fall towards none, households in a model grow towards the target."""
    if target is None:
        return None
    if target.direction == "at_most":
        return max(0, start - step - rng.randint(0, 1))
    return min((target.branch_value or 3) + 2, step + rng.randint(0, 2))


def _history(
    rng: random.Random,
    assignment: Assignment,
    author: User,
    target: Target | None = None,
    values: random.Random | None = None,
) -> None:
    """A few months of plausible updates for one assignment, ending in its current state,
    each reporting the target's value (drawn from ``values``) when the task has one."""
    start = datetime(DEMO_YEAR, 2, 1, 2, 0)  # 09:00 in Vietnam
    steps = rng.choice((0, 1, 2, 2, 3, 3, 4))
    values = values or rng
    first_value = values.randint(0, 3) if target is not None else 0
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
                measured=_measured(values, target, step + 1, first_value),
            )
        )
        status, progress = new_status, new_progress
    assignment.status = status
    assignment.progress = progress
    assignment.version = version
    assignment.created_at = datetime(DEMO_YEAR, 1, 5, 2, 0)
    assignment.updated_at = when if steps else assignment.created_at
    assignment.updated_by = author if steps else None
