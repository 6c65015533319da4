"""The demo ward built from the published sample."""

from __future__ import annotations

from sqlalchemy import func, select

from wardtasks.demo import DEMO_PASSWORD
from wardtasks.extensions import db
from wardtasks.models import (
    Assignment,
    Branch,
    Organisation,
    StatusUpdate,
    Task,
    TaskNote,
    User,
)


def test_seed_demo_builds_the_ward_from_the_sample(app, runner) -> None:
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert DEMO_PASSWORD in result.output and "vanphong" in result.output
    with app.app_context():
        orgs = db.session.scalars(select(Organisation).order_by(Organisation.sort_order)).all()
        assert [o.code for o in orgs] == ["MTTQ", "DTN", "CCB", "LHPN"]
        per_org = dict(
            db.session.execute(
                select(Organisation.code, func.count(Task.id))
                .join(Task, Task.organisation_id == Organisation.id)
                .group_by(Organisation.code)
            ).all()
        )
        # exactly the sample's per-organisation lists, and its shared paragraph's task led
        # by the Front with the three others supporting (issue 19.2), given to the Front's
        # branches alone, with the supporters' notes
        assert per_org == {"MTTQ": 7, "DTN": 5, "CCB": 5, "LHPN": 4}
        assert (
            db.session.scalar(select(func.count(Task.id)).where(Task.organisation_id.is_(None)))
            == 0
        )
        led = db.session.scalars(select(Task).where(Task.supporters.any())).one()
        assert led.organisation.code == "MTTQ" and led.title.startswith("MTTQ, các đoàn thể")
        assert [o.code for o in led.supporters] == ["DTN", "CCB", "LHPN"]
        assert {a.organisation.code for a in led.assignments} == {"MTTQ"}
        assert len(led.assignments) == 10
        notes = db.session.scalars(select(TaskNote).where(TaskNote.task_id == led.id)).all()
        assert {n.organisation.code for n in notes} == {"DTN", "CCB", "LHPN"}
        anniversary = db.session.scalar(
            select(Task).where(Task.text.contains("18/11/1930-18/11/2023"))
        )
        assert anniversary is not None and anniversary.due_date.isoformat() == "2023-11-18"
        # a branch per organisation per block, each given its organisation's tasks
        assert db.session.scalar(select(func.count(Branch.id))) == 40
        branch = db.session.scalar(select(Branch).where(Branch.name == "Chi hội CCB khối 3"))
        assert (
            db.session.scalar(
                select(func.count(Assignment.id)).where(Assignment.branch_id == branch.id)
            )
            == 5
        )
        # users of every role
        roles = dict(
            db.session.execute(select(User.role, func.count(User.id)).group_by(User.role)).all()
        )
        assert roles == {"secretariat": 1, "viewer": 1, "leader": 4, "branch_head": 40}
        # history consistent with the current state
        updates = db.session.scalar(select(func.count(StatusUpdate.id)))
        assert updates > 100
        for a in db.session.scalars(select(Assignment)).all():
            last = a.updates[-1] if a.updates else None
            assert a.status == (last.status if last else "not_started")
            assert a.version == (last.version if last else 1)
    # seeding twice is refused; --if-empty is a no-op
    assert runner.invoke(args=["seed-demo"]).exit_code != 0
    assert runner.invoke(args=["seed-demo", "--if-empty"]).exit_code == 0


def test_demo_logins_work(app, client, runner) -> None:
    runner.invoke(args=["seed-demo"])
    response = client.post("/login", data={"username": "ccb.k3", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Chi hội CCB khối 3" in page
