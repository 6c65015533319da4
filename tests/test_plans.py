"""Plans: list and page, distribution without duplicates, rollover, the import-plan command."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import docx
from sqlalchemy import func, select

from wardtasks.extensions import db
from wardtasks.models import Assignment, Organisation, Plan, Task
from wardtasks.plans import importing, services

from .factories import Ward

SAMPLE_PATH = Path(__file__).parent.parent / "wardtasks" / "demo" / "quynh-thien-2023.txt"


def _assignments(task_id: int) -> list[tuple[int, int | None]]:
    return sorted(
        (
            (a.organisation_id, a.branch_id)
            for a in db.session.scalars(select(Assignment).where(Assignment.task_id == task_id))
        ),
        key=lambda pair: (pair[0], pair[1] or 0),
    )


def test_plans_list_and_page(client, auth, ward: Ward) -> None:
    auth.login("lanhdao")
    page = client.get("/plans").get_data(as_text=True)
    assert "Nhiệm vụ trọng tâm năm 2023" in page and "Đang thực hiện" in page
    assert "Nhập kế hoạch" not in page  # viewers read only
    page = client.get(f"/plans/{ward.plan}").get_data(as_text=True)
    assert "Hội Cựu chiến binh phường" in page and "Chung cho các tổ chức" in page
    assert "Đã giao 2/2 chi hội" in page  # task_a: both CCB branches
    assert "Ở cấp tổ chức: 2/2 tổ chức" in page  # the shared task
    assert "Giao mọi chi hội" not in page
    auth.logout()
    auth.login("vanphong")
    page = client.get(f"/plans/{ward.plan}").get_data(as_text=True)
    assert "Giao tất cả nhiệm vụ" in page and "Giao mọi chi hội" in page


def test_distribute_task_modes_without_duplicates(app, ward: Ward) -> None:
    with app.app_context():
        task_b = db.session.get(Task, ward.task_b)
        assert task_b is not None
        # Organisation level, then the same again: one row.
        assert services.distribute([task_b], "org") == 1
        assert services.distribute([task_b], "org") == 0
        # All branches: b1 exists already from the factory.
        assert services.distribute([task_b], "branches") == 0
        assert _assignments(ward.task_b) == [(ward.org_b, None), (ward.org_b, ward.branch_b1)]
        task_a = db.session.get(Task, ward.task_a)
        assert task_a is not None
        # A branch of another organisation is never chosen for an organisation's task.
        assert services.distribute([task_a], "chosen", [ward.branch_b1]) == 0
        assert (ward.org_a, ward.branch_b1) not in _assignments(ward.task_a)


def test_shared_task_goes_to_every_organisation(app, ward: Ward) -> None:
    with app.app_context():
        shared = db.session.get(Task, ward.task_shared)
        assert shared is not None
        # Org level exists for both organisations already (factory).
        assert services.distribute([shared], "org") == 0
        assert services.distribute([shared], "branches") == 3
        pairs = _assignments(ward.task_shared)
        assert (ward.org_a, ward.branch_a1) in pairs and (ward.org_b, ward.branch_b1) in pairs
        assert services.distribute([shared], "branches") == 0


def test_taken_back_assignment_is_given_back_not_duplicated(app, ward: Ward) -> None:
    with app.app_context():
        a = db.session.get(Assignment, ward.assignment_a1)
        assert a is not None
        a.active = False
        db.session.commit()
        task_a = db.session.get(Task, ward.task_a)
        assert task_a is not None
        secretariat = ward.users["secretariat"]
        assert services.distribute([task_a], "branches", author_id=secretariat) == 1
        a = db.session.get(Assignment, ward.assignment_a1)
        assert a is not None and a.active
        assert len(_assignments(ward.task_a)) == 2


def test_distribute_task_route_htmx_and_plain(app, client, auth, ward: Ward) -> None:
    auth.login("vanphong")
    url = f"/plans/{ward.plan}/tasks/{ward.task_b}/distribute"
    response = client.post(url, data={"mode": "org"}, headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page
    assert f'id="task-{ward.task_b}"' in page and "Đã tạo 1 phân công mới." in page
    assert "Ở cấp tổ chức" in page
    response = client.post(url, data={"mode": "chosen"}, headers={"HX-Request": "true"})
    assert "Hãy đánh dấu ít nhất một chi hội." in response.get_data(as_text=True)
    response = client.post(url, data={"mode": "org"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Không có gì mới" in page
    # A task of another plan under this plan's URL is not found.
    assert client.post(f"/plans/{ward.plan + 1}/tasks/{ward.task_b}/distribute").status_code == 404


def test_distribute_whole_plan_route(app, client, auth, ward: Ward) -> None:
    auth.login("vanphong")
    response = client.post(
        f"/plans/{ward.plan}/distribute", data={"mode": "branches", "shared_mode": "branches"}
    )
    assert response.status_code == 302
    with app.app_context():
        assert len(_assignments(ward.task_shared)) == 2 + 3
        assert len(_assignments(ward.task_b)) == 1


def test_rollover_copies_tasks_as_an_editable_draft(app, client, auth, ward: Ward) -> None:
    auth.login("vanphong")
    response = client.get(f"/plans/{ward.plan}/rollover")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Sao chép từ kế hoạch năm 2023" in page
    assert 'value="2024"' in page and "Nhiệm vụ trọng tâm năm 2024" in page
    assert 'value="11/07/2024"' in page  # due dates one year on
    draft = html.unescape(re.search(r'name="draft" value="([^"]*)"', page).group(1))  # type: ignore[union-attr]
    response = client.post("/plans/import/confirm", data={"draft": draft})
    assert response.status_code == 302
    with app.app_context():
        plan = db.session.scalar(select(Plan).where(Plan.year == 2024))
        assert plan is not None and len(plan.tasks) == 3
        task_a = next(t for t in plan.tasks if t.title == "Phong trào Cựu chiến binh gương mẫu")
        assert task_a.due_date == date(2024, 7, 11) and task_a.organisation_id == ward.org_a
        assert not task_a.assignments


def test_next_year_of_29_february() -> None:
    assert importing.a_year_later(date(2024, 2, 29)) == date(2025, 2, 28)


def test_suggest_code() -> None:
    assert importing.suggest_code("Hội Nông dân phường") == "HND"
    assert importing.suggest_code("Đoàn Thanh niên") == "DTN"


def _add_front_and_youth() -> None:
    db.session.add_all(
        [
            Organisation(code="MTTQ", name="Ủy ban MTTQ phường", short_name="MTTQ"),
            Organisation(code="DTN", name="Đoàn Thanh niên phường", short_name="Đoàn TN"),
        ]
    )
    db.session.commit()


def test_cli_dry_run_prints_the_preview_and_writes_nothing(app, runner, ward: Ward) -> None:
    with app.app_context():
        _add_front_and_youth()
    result = runner.invoke(args=["import-plan", str(SAMPLE_PATH), "--year", "2023", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "== Ủy ban MTTQ phường (6 tasks)" in result.output
    assert "== Shared by all organisations (1 tasks)" in result.output
    assert "line  79: author, source or date line: Tác giả bài viết" in result.output
    assert "92 lines:" in result.output
    assert "Dry run: nothing was written." in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Plan.id))) == 1


def test_cli_creates_the_plan_and_distributes(app, runner, ward: Ward) -> None:
    with app.app_context():
        _add_front_and_youth()
    result = runner.invoke(
        args=["import-plan", str(SAMPLE_PATH), "--year", "2023", "--split-shared", "--distribute"]
    )
    assert result.exit_code == 0, result.output
    assert "Created plan" in result.output and "Distributed:" in result.output
    with app.app_context():
        plan = db.session.scalar(select(Plan).order_by(Plan.id.desc()))
        assert plan is not None and plan.state == "active" and plan.id != ward.plan
        shared = [t for t in plan.tasks if t.organisation_id is None]
        assert len(shared) > 1  # split at semicolons
        ccb = [t for t in plan.tasks if t.organisation_id == ward.org_a]
        assert all(len(t.assignments) == 2 for t in ccb)  # both CCB branches
        assert all(
            {a.branch_id for a in t.assignments} == {None} and len(t.assignments) == 4
            for t in shared
        )


def test_cli_refuses_unknown_organisations(app, runner, ward: Ward) -> None:
    result = runner.invoke(args=["import-plan", str(SAMPLE_PATH), "--year", "2023"])
    assert result.exit_code != 0
    assert "NOT IN THE WARD YET" in result.output
    assert "nothing was written" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Plan.id))) == 1


def test_cli_bad_file(runner, ward: Ward, tmp_path: Path) -> None:
    bad = tmp_path / "plan.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    result = runner.invoke(args=["import-plan", str(bad), "--year", "2023"])
    assert result.exit_code != 0 and "not_utf8" in result.output


def test_cli_reads_a_docx(app, runner, ward: Ward, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("NHIỆM VỤ TRỌNG TÂM NĂM 2024")
    document.add_paragraph("Hội Liên hiệp phụ nữ phường")
    document.add_paragraph("Vận động hội viên tiết kiệm.", style="List Bullet")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    result = runner.invoke(args=["import-plan", str(path), "--year", "2024"])
    assert result.exit_code == 0, result.output
    assert "== Hội Liên hiệp phụ nữ phường (1 tasks)" in result.output
    with app.app_context():
        plan = db.session.scalar(select(Plan).where(Plan.year == 2024))
        assert plan is not None and [t.title for t in plan.tasks] == ["Vận động hội viên tiết kiệm"]
