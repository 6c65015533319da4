"""Small wards for tests, built through the models."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from werkzeug.security import generate_password_hash

from wardtasks.extensions import db
from wardtasks.models import Assignment, Block, Branch, Organisation, Plan, Task, User

PASSWORD = "correct-horse-42"
# The tests' PASSWORD_HASH_METHOD: one round of PBKDF2 instead of scrypt, whose slowness (about
# 0.1 s a check) is the point in production but was most of the suite's time, one per login.
# Hashing itself is tested with scrypt in test_auth.py.
PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"


@cache
def password_hash() -> str:
    """The hash of :data:`PASSWORD` every test user gets."""
    return generate_password_hash(PASSWORD, method=PASSWORD_HASH_METHOD)


@dataclass
class Ward:
    """Ids of what :func:`build_ward` made (objects would outlive their session)."""

    org_a: int
    org_b: int
    block_1: int
    block_2: int
    branch_a1: int
    branch_a2: int
    branch_b1: int
    plan: int
    task_shared: int
    task_a: int
    task_b: int
    assignment_a1: int
    assignment_a2: int
    assignment_b1: int
    assignment_org_a: int
    users: dict[str, int] = field(default_factory=dict)


def make_user(username: str, role: str, **kw: object) -> User:
    user = User(
        username=username,
        full_name=kw.pop("full_name", username.title()),
        role=role,
        password_hash=password_hash(),
        **kw,
    )
    db.session.add(user)
    return user


def build_ward() -> Ward:
    """Two organisations, two blocks, three branches, a 2023 plan and a user per role."""
    org_a = Organisation(code="CCB", name="Hội Cựu chiến binh phường", short_name="Hội CCB")
    org_b = Organisation(
        code="LHPN", name="Hội Liên hiệp phụ nữ phường", short_name="Hội LHPN", sort_order=1
    )
    b1, b2 = Block(number=1, name="Khối 1"), Block(number=2, name="Khối 2")
    a1 = Branch(organisation=org_a, block=b1, name="Chi hội CCB khối 1", sort_order=1)
    a2 = Branch(organisation=org_a, block=b2, name="Chi hội CCB khối 2", sort_order=2)
    bb1 = Branch(organisation=org_b, block=b1, name="Chi hội phụ nữ khối 1", sort_order=1)
    db.session.add_all([org_a, org_b, b1, b2, a1, a2, bb1])
    db.session.flush()

    users = {
        "secretariat": make_user("vanphong", "secretariat", full_name="Phan Thị Thu"),
        "viewer": make_user("lanhdao", "viewer"),
        "leader": make_user("leader.a", "leader", organisation_id=org_a.id),
        "other_leader": make_user("leader.b", "leader", organisation_id=org_b.id),
        "branch_head": make_user(
            "head.a1", "branch_head", branch_id=a1.id, full_name="Trần Văn Bình"
        ),
        "other_branch_head": make_user("head.a2", "branch_head", branch_id=a2.id),
        "other_org_branch_head": make_user("head.b1", "branch_head", branch_id=bb1.id),
    }

    plan = Plan(year=2023, title="Nhiệm vụ trọng tâm năm 2023", state="active", source_text="")
    shared = Task(plan=plan, organisation_id=None, title="Tuyên truyền chủ trương", text="…")
    task_a = Task(
        plan=plan,
        organisation_id=org_a.id,
        title="Phong trào Cựu chiến binh gương mẫu",
        text="Đẩy mạnh phong trào thi đua “Cựu chiến binh gương mẫu”.",
        sort_order=1,
        due_date=date(2023, 7, 11),
    )
    task_b = Task(
        plan=plan,
        organisation_id=org_b.id,
        title="Hỗ trợ phụ nữ vay vốn",
        text="Phối hợp ngân hàng chính sách xã hội hỗ trợ hội viên vay vốn.",
        sort_order=2,
    )
    db.session.add_all([plan, shared, task_a, task_b])
    db.session.flush()
    as_a1 = Assignment(
        task=task_a, organisation_id=org_a.id, branch_id=a1.id, due_date=date(2023, 7, 11)
    )
    as_a2 = Assignment(
        task=task_a, organisation_id=org_a.id, branch_id=a2.id, due_date=date(2023, 7, 11)
    )
    as_b1 = Assignment(task=task_b, organisation_id=org_b.id, branch_id=bb1.id)
    as_org_a = Assignment(task=shared, organisation_id=org_a.id)
    as_org_b = Assignment(task=shared, organisation_id=org_b.id)
    db.session.add_all([as_a1, as_a2, as_b1, as_org_a, as_org_b])
    db.session.commit()
    return Ward(
        org_a=org_a.id,
        org_b=org_b.id,
        block_1=b1.id,
        block_2=b2.id,
        branch_a1=a1.id,
        branch_a2=a2.id,
        branch_b1=bb1.id,
        plan=plan.id,
        task_shared=shared.id,
        task_a=task_a.id,
        task_b=task_b.id,
        assignment_a1=as_a1.id,
        assignment_a2=as_a2.id,
        assignment_b1=as_b1.id,
        assignment_org_a=as_org_a.id,
        users={k: u.id for k, u in users.items()},
    )


USERNAMES = {
    "secretariat": "vanphong",
    "viewer": "lanhdao",
    "leader": "leader.a",
    "other_leader": "leader.b",
    "branch_head": "head.a1",
    "other_branch_head": "head.a2",
    "other_org_branch_head": "head.b1",
}
