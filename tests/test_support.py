"""Lead and supporting organisations (chủ trì / phối hợp, issue 19 item 2).

A supporting organisation's leader and branch heads see the task (on its page, on their
organisation's and branch's pages), read the lead's assignments without changing them,
and add notes with photos to it; only the lead's assignments carry the status. The
secretariat gives tasks a lead and supporters in one step, which takes the other
organisations' assignments back; the report and its exports name lead and supporters.
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import tempfile
import weakref
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import func, select

from wardtasks.extensions import db
from wardtasks.models import (
    Assignment,
    AuditEntry,
    Organisation,
    Task,
    TaskNote,
    TaskNotePhoto,
    TaskSupporter,
    User,
)
from wardtasks.photos.processing import process_photo
from wardtasks.tasks.support import add_task_note, set_lead_and_supporters

from .factories import PASSWORD, USERNAMES, Ward
from .test_photos import jpeg_bytes

SUPPORTERS = {"other_leader", "other_org_branch_head"}  # organisation b's people


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, Any]:
    return {"PHOTO_FOLDER": str(tmp_path / "photos")}


def give_support(app: Flask, ward: Ward, task_id: int | None = None) -> None:
    """Task a (lead: organisation a) supported by organisation b, as the secretariat sets it."""
    with app.test_request_context():
        secretariat = db.session.get(User, ward.users["secretariat"])
        set_lead_and_supporters(
            ward.plan, [task_id or ward.task_a], ward.org_a, [ward.org_b], secretariat
        )


def make_matrix_note_photo(app: Flask, ward: Ward) -> None:
    """For the permission matrix: task a supported by organisation b; and photo 1 of a
    note by b's leader on a task of a third organisation (no user of its own) that b
    supports, so only ward-wide readers and b's people may see it."""
    folder = tempfile.mkdtemp(prefix="wardtasks-photos-")
    weakref.finalize(app, shutil.rmtree, folder, True)
    app.config["PHOTO_FOLDER"] = folder
    give_support(app, ward)
    with app.test_request_context():
        third = Organisation(code="HND", name="Hội Nông dân phường", short_name="HND")
        db.session.add(third)
        db.session.flush()
        task = Task(plan_id=ward.plan, organisation_id=third.id, title="Sản xuất giỏi", text="…")
        db.session.add(task)
        db.session.commit()
        task_id = task.id
        secretariat = db.session.get(User, ward.users["secretariat"])
        set_lead_and_supporters(ward.plan, [task_id], third.id, [ward.org_b], secretariat)
        leader_b = db.session.get(User, ward.users["other_leader"])
        saved = add_task_note(task_id, leader_b, "Hỗ trợ giống", [process_photo(jpeg_bytes())])
        assert saved.photos == 1
        assert db.session.scalar(select(TaskNotePhoto.id)) == 1


def _login(client: Any, role: str) -> None:
    client.post("/logout")
    response = client.post("/login", data={"username": USERNAMES[role], "password": PASSWORD})
    assert response.status_code == 302


def _rows(page: str) -> dict[int, bool]:
    """The list rows of a page: assignment id -> whether it offers the Update control."""
    return {
        int(re.search(r'id="assignment-(\d+)"', li)[1]): 'class="edit-open"' in li  # type: ignore[index]
        for li in re.findall(
            r'<li class="assignment[^"]*" id="assignment-\d+">.*?</li>', page, re.S
        )
    }


# --- setting lead and supporters -------------------------------------------------------


def test_a_shared_task_gets_a_lead_and_supporters_in_one_step(app, client, ward) -> None:
    """The form opens with the shared task ticked, the Front (here: the first organisation,
    the ward has no MTTQ) leading and the others supporting; saving makes it so, takes
    the other organisations' assignments back (history kept) and audits the change."""
    _login(client, "secretariat")
    page = client.get(f"/plans/{ward.plan}/support").get_data(as_text=True)
    assert re.search(rf'name="task" value="{ward.task_shared}" checked', page)
    assert not re.search(rf'name="task" value="{ward.task_a}" checked', page)
    assert re.search(rf'<option value="{ward.org_a}" selected>', page)
    assert re.search(rf'name="supporter" value="{ward.org_b}" checked', page)
    chosen = {
        "task": [str(ward.task_shared)],
        "lead": str(ward.org_a),
        "supporter": [str(ward.org_b)],
    }
    # Organisation b's assignment would be taken back: asked first, by name; nothing yet.
    asked = client.post(f"/plans/{ward.plan}/support", data=chosen)
    assert asked.status_code == 200
    question = asked.get_data(as_text=True)
    assert (
        "Thu hồi 1 phân công của các tổ chức khác?" in question and "<li>Hội LHPN</li>" in question
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(TaskSupporter)) == 0
    response = client.post(f"/plans/{ward.plan}/support", data={**chosen, "confirmed": "1"})
    assert response.status_code == 303
    with app.app_context():
        task = db.session.get(Task, ward.task_shared)
        assert task.organisation_id == ward.org_a
        assert [o.id for o in task.supporters] == [ward.org_b]
        held = {
            a.organisation_id: a.active
            for a in db.session.scalars(select(Assignment).where(Assignment.task_id == task.id))
        }
        assert held == {ward.org_a: True, ward.org_b: False}
        # Taken back as every writer of an assignment writes (tasks/services.py): its history
        # row from the state it held, and its audit entry.
        taken = db.session.scalars(
            select(Assignment).where(
                Assignment.task_id == task.id, Assignment.organisation_id == ward.org_b
            )
        ).one()
        last = taken.updates[-1]
        assert (last.from_active, last.active, last.version) == (True, False, taken.version)
        assert last.note == "Thu hồi: nhiệm vụ đã có tổ chức chủ trì."
        assert db.session.scalar(
            select(func.count()).where(
                AuditEntry.action == "assignment.take_back", AuditEntry.target_id == taken.id
            )
        )
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "task.support")
        ).one()
        assert entry.after == {"organisation_id": ward.org_a, "supporters": "Hội LHPN"}
    plan_page = client.get(f"/plans/{ward.plan}").get_data(as_text=True)
    assert "Chủ trì: Hội CCB · Phối hợp: Hội LHPN" in plan_page
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert "Tổ chức phối hợp" in audit and "Nhiệm vụ: Tuyên truyền chủ trương" in audit


def test_a_tasks_page_opens_the_form_on_that_task_as_it_is(app, client, ward) -> None:
    give_support(app, ward)
    _login(client, "secretariat")
    page = client.get(f"/tasks/{ward.task_a}").get_data(as_text=True)
    link = f"/plans/{ward.plan}/support?task={ward.task_a}"
    assert f'href="{link}"' in page
    form = client.get(link).get_data(as_text=True)
    assert re.search(rf'name="task" value="{ward.task_a}" checked', form)
    assert not re.search(rf'name="task" value="{ward.task_shared}" checked', form)
    assert re.search(rf'<option value="{ward.org_a}" selected>', form)
    assert re.search(rf'name="supporter" value="{ward.org_b}" checked', form)
    _login(client, "leader")
    assert "support?task=" not in client.get(f"/tasks/{ward.task_a}").get_data(as_text=True)


def test_the_lead_is_never_its_own_supporter_and_bad_choices_are_refused(app, client, ward) -> None:
    _login(client, "secretariat")
    for data, message in (
        ({"lead": str(ward.org_a)}, "Hãy chọn ít nhất một nhiệm vụ."),
        ({"task": [str(ward.task_a)], "lead": "x"}, "Hãy chọn tổ chức chủ trì."),
        ({"task": [str(ward.task_a)], "lead": "99999"}, "Hãy chọn tổ chức chủ trì."),
        (
            {"task": [str(ward.task_a)], "lead": str(ward.org_a), "supporter": ["99999"]},
            "chọn tổ chức phối hợp",
        ),
    ):
        response = client.post(f"/plans/{ward.plan}/support", data=data)
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True), data
    client.post(
        f"/plans/{ward.plan}/support",
        data={
            "task": [str(ward.task_a)],
            "lead": str(ward.org_a),
            "supporter": [str(ward.org_a), str(ward.org_b)],
        },
    )
    with app.app_context():
        assert set(
            db.session.scalars(
                select(TaskSupporter.organisation_id).where(TaskSupporter.task_id == ward.task_a)
            )
        ) == {ward.org_b}


def test_a_plan_without_supporters_keeps_its_shared_tasks_as_they_were(app, client, ward) -> None:
    """Nothing changes for plans that do not use it: the shared task stays shared, with
    every organisation's assignment, and no page shows lead or supporters."""
    _login(client, "secretariat")
    task_page = client.get(f"/tasks/{ward.task_shared}").get_data(as_text=True)
    assert "Chung cho các tổ chức" in task_page
    assert "Chủ trì:" not in task_page and 'id="notes"' not in task_page
    assert "Chủ trì:" not in client.get("/ward").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(TaskSupporter)) == 0


# --- what a supporting organisation sees and may do ------------------------------------


@pytest.mark.parametrize("role", sorted(USERNAMES))
def test_visibility_and_rights_per_role_on_a_supported_task(app, ward, role: str) -> None:
    """Task a (lead a, supporter b): every role reads it; b's leader and branch head read
    the lead's assignments without an Update control and may add notes, nobody else may;
    a status update of the lead's assignment by a supporter is refused."""
    give_support(app, ward)
    client = app.test_client()
    _login(client, role)
    page = client.get(f"/tasks/{ward.task_a}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    rows = _rows(html)
    assert set(rows) == (
        {ward.assignment_a2}
        if role == "other_branch_head"
        else {ward.assignment_a1}
        if role == "branch_head"
        else {ward.assignment_a1, ward.assignment_a2}
    )
    may_update = role in ("secretariat", "leader", "branch_head", "other_branch_head")
    assert all(offered == may_update for offered in rows.values()), rows
    assert ('class="note-form"' in html) == (role in SUPPORTERS)
    note = client.post(f"/tasks/{ward.task_a}/notes", data={"note": "Phối hợp tuyên truyền"})
    assert note.status_code == (303 if role in SUPPORTERS else 403)
    assignment = client.get(f"/assignments/{ward.assignment_a1}")
    assert assignment.status_code == (403 if role == "other_branch_head" else 200)
    status = client.post(
        f"/assignments/{ward.assignment_a1}/status",
        data={"status": "done", "progress": "100", "note": "Xong", "version": "1"},
    )
    if role in SUPPORTERS:
        assert status.status_code == 403
    with app.app_context():
        a1 = db.session.get(Assignment, ward.assignment_a1)
        if role in SUPPORTERS | {"viewer", "other_branch_head"}:
            assert a1.status == "not_started"


def test_without_support_the_other_organisation_sees_nothing_of_the_task(app, ward) -> None:
    client = app.test_client()
    _login(client, "other_leader")
    assert client.get(f"/tasks/{ward.task_a}").status_code == 403
    assert client.get(f"/assignments/{ward.assignment_a1}").status_code == 403
    assert client.post(f"/tasks/{ward.task_a}/notes", data={"note": "x"}).status_code == 403


@pytest.mark.parametrize("role", ["other_leader", "other_org_branch_head"])
def test_supported_tasks_show_on_the_supporters_pages(app, ward, role: str) -> None:
    give_support(app, ward)
    client = app.test_client()
    _login(client, role)
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert 'id="supported-tasks"' in home
    assert "Phong trào Cựu chiến binh gương mẫu" in home
    assert "Chủ trì: Hội CCB" in home
    org_page = client.get(f"/orgs/{ward.org_b}").get_data(as_text=True)
    assert 'id="supported-tasks"' in org_page
    # The lead's own page does not list it as supported.
    _login(client, "leader")
    assert 'id="supported-tasks"' not in client.get(f"/orgs/{ward.org_a}").get_data(as_text=True)
    _login(client, "secretariat")
    ward_page = client.get("/ward").get_data(as_text=True)
    assert "Phối hợp: Hội LHPN" in ward_page


# --- supporters' notes and photos --------------------------------------------------------


def test_a_supporters_note_and_photo_are_saved_and_shown_without_moving_the_status(
    app, ward
) -> None:
    give_support(app, ward)
    client = app.test_client()
    _login(client, "other_org_branch_head")
    response = client.post(
        f"/tasks/{ward.task_a}/notes",
        data={
            "note": "Chi hội phụ nữ khối 1 cùng vận động 12 hộ",
            "photos": [(io.BytesIO(jpeg_bytes()), "anh.jpg")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/tasks/{ward.task_a}#notes")
    page = client.get(f"/tasks/{ward.task_a}").get_data(as_text=True)
    assert "Đã lưu ghi chú và ảnh." in page
    notes = page[page.index('id="notes"') :]
    assert "Chi hội phụ nữ khối 1 cùng vận động 12 hộ" in notes
    assert "Hội LHPN · Chi hội phụ nữ khối 1" in notes
    thumb = re.search(r'src="(/task-notes/photos/(\d+)/thumb)"', notes)
    assert thumb is not None
    image = client.get(thumb[1])
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(TaskNote)) == 1
        a1 = db.session.get(Assignment, ward.assignment_a1)
        assert (a1.status, a1.version) == ("not_started", 1)
        actions = set(db.session.scalars(select(AuditEntry.action)))
        assert {"task.note", "photo.add"} <= actions
    # The lead's people see the note and the photo too; another organisation's would not.
    _login(client, "branch_head")
    assert "cùng vận động 12 hộ" in client.get(f"/tasks/{ward.task_a}").get_data(as_text=True)
    assert client.get(thumb[1]).status_code == 200


def test_an_empty_note_or_a_bad_photo_is_refused_with_a_message(app, ward) -> None:
    give_support(app, ward)
    client = app.test_client()
    _login(client, "other_leader")
    empty = client.post(f"/tasks/{ward.task_a}/notes", data={"note": "   "})
    assert empty.status_code == 422
    assert "Hãy ghi tổ chức mình đã làm gì, hoặc thêm ảnh." in empty.get_data(as_text=True)
    bad = client.post(
        f"/tasks/{ward.task_a}/notes",
        data={"note": "Có ảnh", "photos": [(io.BytesIO(b"not a photo"), "x.jpg")]},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert "không phải là ảnh" in html and "Có ảnh</textarea>" in html
    # The page's filters still go to the task's page.
    assert f'action="/tasks/{ward.task_a}" role="search"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(TaskNote)) == 0


def test_a_closed_plan_takes_no_more_notes(app, ward) -> None:
    give_support(app, ward)
    with app.app_context():
        db.session.get(Task, ward.task_a).plan.state = "closed"
        db.session.commit()
    client = app.test_client()
    _login(client, "other_leader")
    assert 'class="note-form"' not in client.get(f"/tasks/{ward.task_a}").get_data(as_text=True)
    assert client.post(f"/tasks/{ward.task_a}/notes", data={"note": "x"}).status_code == 403


# --- the report line and its exports -----------------------------------------------------

SUPPORT_WORDS = "Chủ trì: Hội CCB; phối hợp: Hội LHPN"


@pytest.mark.parametrize("scope", ["ward", "org"])
def test_the_report_line_and_every_export_show_lead_and_supporters(
    app, client, ward, scope: str
) -> None:
    give_support(app, ward)
    with app.app_context():  # given out in January 2023, so March's report counts them
        for a in db.session.scalars(select(Assignment)):
            a.created_at = datetime(2023, 1, 5)
        db.session.commit()
    _login(client, "secretariat")
    key = "ward" if scope == "ward" else f"org-{ward.org_a}"
    query = f"month=2023-03&scope={key}"
    page = client.get(f"/reports?{query}").get_data(as_text=True)
    assert SUPPORT_WORDS in page
    text = client.get(f"/reports/export/csv?{query}").get_data().decode("utf-8-sig")
    assert any(SUPPORT_WORDS in cell for row in csv.reader(io.StringIO(text)) for cell in row)
    book = load_workbook(io.BytesIO(client.get(f"/reports/export/xlsx?{query}").get_data()))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert any(SUPPORT_WORDS in c for c in cells)
    doc = Document(io.BytesIO(client.get(f"/reports/export/docx?{query}").get_data()))
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert any(SUPPORT_WORDS in t for t in texts)


def test_a_report_without_supporters_reads_as_before(app, client, ward) -> None:
    _login(client, "secretariat")
    page = client.get("/reports?month=2023-03&scope=ward").get_data(as_text=True)
    assert "Chủ trì:" not in page


def test_work_carried_into_next_years_plan_keeps_its_supporters(app, ward) -> None:
    from wardtasks.models import CarriedTask, Plan
    from wardtasks.plans.yearend import close_plan

    give_support(app, ward)
    with app.test_request_context():
        db.session.add(Plan(year=2024, title="Nhiệm vụ trọng tâm năm 2024", state="active"))
        db.session.commit()
        close_plan(ward.plan, db.session.get(User, ward.users["secretariat"]), "carry")
        carried = db.session.scalar(
            select(CarriedTask.task_id).where(CarriedTask.carried_from_id == ward.task_a)
        )
        task = db.session.get(Task, carried)
        assert task.organisation_id == ward.org_a
        assert [o.id for o in task.supporters] == [ward.org_b]


# --- the supporter's monthly report, its notes, next year's plan -----------------------


def _notes_in_march(app: Flask, ward: Ward) -> None:
    """Task a supported by b; b's leader and b1's head write notes in March 2023, b's
    leader one in February too (not March's)."""
    give_support(app, ward)
    with app.test_request_context():
        for a in db.session.scalars(select(Assignment)):
            a.created_at = datetime(2023, 1, 5)
        db.session.commit()
        leader_b = db.session.get(User, ward.users["other_leader"])
        head_b1 = db.session.get(User, ward.users["other_org_branch_head"])
        add_task_note(ward.task_a, leader_b, "Tháng trước đã họp", now=datetime(2023, 2, 10, 3))
        add_task_note(ward.task_a, leader_b, "Phối hợp tuyên truyền", now=datetime(2023, 3, 10, 3))
        add_task_note(ward.task_a, head_b1, "Chi hội vận động 12 hộ", now=datetime(2023, 3, 12, 3))


def test_a_supporters_month_report_lists_the_tasks_it_supports(app, client, ward) -> None:
    """Organisation b's March report (page, DOCX, its own report's prefill) lists task a
    with its lead and b's notes of March; b1's report only b1's note."""
    _notes_in_march(app, ward)
    _login(client, "other_leader")
    page = client.get(f"/reports?month=2023-03&scope=org-{ward.org_b}").get_data(as_text=True)
    section = page[page.index('id="supported-tasks"') :]
    section = section[: section.index("</section>")]
    assert "Nhiệm vụ tổ chức mình phối hợp" in section
    assert "Phong trào Cựu chiến binh gương mẫu" in section and SUPPORT_WORDS in section
    assert "Phối hợp tuyên truyền" in section and "Chi hội vận động 12 hộ" in section
    assert "Tháng trước đã họp" not in section
    branch = client.get(f"/reports?month=2023-03&scope=branch-{ward.branch_b1}")
    section = branch.get_data(as_text=True).split('id="supported-tasks"')[1].split("</section>")[0]
    assert "Chi hội vận động 12 hộ" in section and "Phối hợp tuyên truyền" not in section

    docx = client.get(f"/reports/export/docx?month=2023-03&scope=org-{ward.org_b}")
    texts = [p.text for p in Document(io.BytesIO(docx.data)).paragraphs]
    assert "Nhiệm vụ tổ chức mình phối hợp:" in texts
    assert f"- Phong trào Cựu chiến binh gương mẫu ({SUPPORT_WORDS})." in texts
    assert "+ 10/03/2023, Leader.B: Phối hợp tuyên truyền" in texts
    assert "+ 12/03/2023, Head.B1 (Chi hội phụ nữ khối 1): Chi hội vận động 12 hộ" in texts

    form = client.get(f"/cycle/orgs/{ward.org_b}/2023-03").get_data(as_text=True)
    results = html.unescape(re.search(r'name="results"[^>]*>([^<]*)<', form)[1])  # type: ignore[index]
    assert (
        f"- Phong trào Cựu chiến binh gương mẫu ({SUPPORT_WORDS}): "
        "Phối hợp tuyên truyền; Chi hội vận động 12 hộ"
    ) in results


def test_the_leads_month_report_shows_the_supporters_notes(app, client, ward) -> None:
    """In organisation a's March report, task a's notes of the month (the task opened,
    as its link or htmx asks) include b's."""
    _notes_in_march(app, ward)
    _login(client, "leader")
    url = f"/reports?month=2023-03&scope=org-{ward.org_a}&task={ward.task_a}"
    page = client.get(url).get_data(as_text=True)
    block = page.split(f'id="task-{ward.task_a}"', 1)[1].split("</details>")[0]
    assert "Ghi chú của tổ chức phối hợp" in block
    assert "Hội LHPN · Leader.B" in block and "Phối hợp tuyên truyền" in block
    assert "Hội LHPN (Chi hội phụ nữ khối 1) · Head.B1" in block
    assert "Tháng trước đã họp" not in page
    assert 'id="supported-tasks"' not in page  # a supports nothing


def test_next_years_plan_made_from_this_one_keeps_lead_and_supporters(app, client, ward) -> None:
    give_support(app, ward)
    _login(client, "secretariat")
    page = client.get(f"/plans/{ward.plan}/rollover").get_data(as_text=True)
    draft = html.unescape(re.search(r'name="draft" value="([^"]*)"', page)[1])  # type: ignore[index]
    assert client.post("/plans/import/confirm", data={"draft": draft}).status_code == 302
    with app.app_context():
        from wardtasks.models import Plan

        plan = db.session.scalar(select(Plan).where(Plan.year == 2024))
        task = next(t for t in plan.tasks if t.title == "Phong trào Cựu chiến binh gương mẫu")
        assert task.organisation_id == ward.org_a
        assert [o.id for o in task.supporters] == [ward.org_b]
        others = [t for t in plan.tasks if t is not task]
        assert all(not t.supporters for t in others)
