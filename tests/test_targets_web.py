"""Targets and emulation through the pages (issue 19): the target form with the importer's
suggestion, a value reported with a status update, actual against target on the pages and
the monthly report, the ranking page, its weights, closing, and the files read back."""

from __future__ import annotations

import csv
import io
import re

from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from wardtasks.extensions import db
from wardtasks.models import Assignment, StatusUpdate, Target, Task

from .test_reports_support import dated_ward  # noqa: F401  (the "ward" fixture, dated 2023)

TARGET_TEXT = (
    "Phát huy lợi thế vốn vay để tạo việc làm cho hội viên. "
    "Phấn đấu Hội không có Hộ nghèo và cận nghèo."
)


def _stated(app, ward) -> None:
    with app.app_context():
        db.session.get(Task, ward.task_a).text = TARGET_TEXT
        db.session.commit()


def _target(app, ward) -> Target | None:
    with app.app_context():
        target = db.session.scalar(select(Target).where(Target.task_id == ward.task_a))
        if target is not None:
            db.session.expunge(target)
        return target


def test_the_form_opens_with_the_target_the_text_states(app, client, auth, ward) -> None:
    """The secretariat sees the suggestion, confirms it as it is, and the task page
    shows the target by branch."""
    _stated(app, ward)
    auth.login("vanphong")
    task_page = client.get(f"/tasks/{ward.task_a}").get_data(as_text=True)
    assert "Nội dung nêu chỉ tiêu:" in task_page and "không có Hộ nghèo và cận nghèo" in task_page
    form = client.get(f"/tasks/{ward.task_a}/target").get_data(as_text=True)
    assert "Gợi ý từ nội dung nhiệm vụ:" in form
    assert 'value="hộ nghèo và cận nghèo"' in form
    assert re.search(r'value="at_most" checked', form)
    response = client.post(
        f"/tasks/{ward.task_a}/target",
        data={
            "action": "save",
            "measure": "hộ nghèo và cận nghèo",
            "unit": "hộ",
            "direction": "at_most",
            "branch_value": "0",
            "organisation_value": "0",
            "baseline": "14",
        },
    )
    assert response.status_code == 302
    target = _target(app, ward)
    assert target is not None
    assert (target.direction, target.branch_value, target.organisation_value, target.baseline) == (
        "at_most",
        0,
        0,
        14,
    )
    page = client.get(f"/tasks/{ward.task_a}").get_data(as_text=True)
    assert "Chi hội CCB khối 1" in page and "Chi hội đạt chỉ tiêu" in page
    assert "Sửa chỉ tiêu" in page


def test_bad_target_input_is_answered_next_to_the_field(app, client, auth, ward) -> None:
    auth.login("leader.a")
    base = {"action": "save", "measure": "hộ nghèo", "unit": "hộ", "direction": "at_most"}
    page = client.post(
        f"/tasks/{ward.task_a}/target", data={**base, "branch_value": "ba", "baseline": "-1"}
    ).get_data(as_text=True)
    assert page.count("Vui lòng nhập một số nguyên.") == 2
    assert 'value="ba"' in page  # what was typed is kept
    page = client.post(f"/tasks/{ward.task_a}/target", data=base).get_data(as_text=True)
    assert "Nhập chỉ tiêu cho mỗi chi hội, cho cả tổ chức, hoặc cả hai." in page
    page = client.post(
        f"/tasks/{ward.task_a}/target", data={**base, "direction": "sideways", "branch_value": "1"}
    ).get_data(as_text=True)
    assert "Vui lòng chọn một mục trong danh sách." in page
    assert _target(app, ward) is None


def test_a_branch_head_reports_the_value_and_the_pages_show_it(app, client, auth, ward) -> None:
    """The update form asks for the measure only on a task with a target; the value lands in
    the history and on the branch page, the task page and the month's report."""
    auth.login("vanphong")
    client.post(
        f"/tasks/{ward.task_a}/target",
        data={"measure": "hộ nghèo", "unit": "hộ", "direction": "at_most", "branch_value": "0"},
    )
    auth.logout()
    auth.login("head.a1")
    form = client.get(f"/assignments/{ward.assignment_a1}").get_data(as_text=True)
    assert 'name="measured"' in form and "Chưa báo cáo." in form
    other = client.get(f"/assignments/{ward.assignment_b1}")
    assert other.status_code == 403 or 'name="measured"' not in other.get_data(as_text=True)
    response = client.post(
        f"/assignments/{ward.assignment_a1}/status",
        data={"status": "in_progress", "progress": "40", "measured": "2", "version": "1"},
    )
    assert response.status_code == 303
    with app.app_context():
        row = db.session.scalars(
            select(StatusUpdate).where(StatusUpdate.assignment_id == ward.assignment_a1)
        ).one()
        assert row.measured == 2
    # A value alone is something to save.
    response = client.post(
        f"/assignments/{ward.assignment_a1}/status",
        data={"status": "in_progress", "progress": "40", "measured": "0", "version": "2"},
    )
    assert response.status_code == 303
    branch = client.get(f"/branches/{ward.branch_a1}").get_data(as_text=True)
    assert "Chỉ tiêu" in branch and "0 hộ" in branch
    refused = client.post(
        f"/assignments/{ward.assignment_a1}/status",
        data={"status": "in_progress", "progress": "40", "measured": "mười", "version": "3"},
    )
    assert refused.status_code == 422
    assert "Vui lòng nhập một số nguyên." in refused.get_data(as_text=True)


def test_the_monthly_report_shows_actual_against_target_at_the_months_end(
    app, client, auth, ward
) -> None:
    from datetime import datetime

    from wardtasks.models import User
    from wardtasks.targets.services import TargetValues, save_target
    from wardtasks.tasks.services import record_status_update

    with app.app_context():
        user = db.session.get(User, ward.users["secretariat"])
        save_target(ward.task_a, TargetValues("hộ nghèo", "hộ", "at_most", 0, 0, 5), user)
        for aid, when, value in (
            (ward.assignment_a1, datetime(2023, 2, 3, 3), 3),
            (ward.assignment_a1, datetime(2023, 4, 3, 3), 0),
        ):
            a = db.session.get(Assignment, aid)
            db.session.refresh(a)
            record_status_update(
                aid,
                user,
                status="in_progress",
                progress=10,
                note="",
                expected_version=a.version,
                measured=value,
                now=when,
            )
    auth.login("leader.a")
    march = client.get(f"/reports?month=2023-03&scope=org-{ward.org_a}").get_data(as_text=True)
    assert "Chỉ tiêu: thực hiện so với chỉ tiêu vào cuối tháng" in march
    assert re.search(r'data-figure="organisation-actual">3 hộ', march)
    april = client.get(f"/reports?month=2023-04&scope=org-{ward.org_a}").get_data(as_text=True)
    assert re.search(r'data-figure="organisation-actual">0 hộ', april)
    docx = client.get(f"/reports/export/docx?month=2023-03&scope=org-{ward.org_a}")
    words = [p.text for p in Document(io.BytesIO(docx.data)).paragraphs]
    assert "Chỉ tiêu đến cuối tháng:" in words
    assert (
        "- Phong trào Cựu chiến binh gương mẫu: hộ nghèo, giữ không quá 0 hộ mỗi chi hội · "
        "0 hộ cho cả tổ chức; Tổ chức, thực hiện: 3 hộ (Chưa đạt); Chi hội đạt chỉ tiêu: 0/2"
    ) in words
    # The spreadsheet and the CSV say the same, in the same words.
    sentence = (
        "Phong trào Cựu chiến binh gương mẫu: hộ nghèo, giữ không quá 0 hộ mỗi chi hội · "
        "0 hộ cho cả tổ chức; Tổ chức, thực hiện: 3 hộ (Chưa đạt); Chi hội đạt chỉ tiêu: 0/2"
    )
    xlsx = client.get(f"/reports/export/xlsx?month=2023-03&scope=org-{ward.org_a}")
    first = [
        r[0]
        for r in load_workbook(io.BytesIO(xlsx.data)).worksheets[0].iter_rows(values_only=True)
        if r
    ]
    assert first[first.index("Chỉ tiêu đến cuối tháng:") + 1] == sentence
    csv_rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/reports/export/csv?month=2023-03&scope=org-{ward.org_a}").data.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    lines = [r[0] for r in csv_rows if r]
    assert lines[lines.index("Chỉ tiêu đến cuối tháng:") + 1] == sentence
    # A month after the target was met: April's files show it met.
    april_csv = client.get(f"/reports/export/csv?month=2023-04&scope=org-{ward.org_a}")
    assert "Tổ chức, thực hiện: 0 hộ (Đạt)" in april_csv.data.decode("utf-8-sig")


def test_ranking_page_weights_close_and_files(app, client, auth, ward) -> None:
    """Everyone reads the ranking; the secretariat's weights move it; a closed period
    keeps its ranking after the weights change; XLSX and DOCX read back."""
    from .test_emulation import small_ward_year

    with app.app_context():
        small_ward_year(ward)
    auth.login("head.b1")
    page = client.get("/emulation?year=2023&period=year").get_data(as_text=True)
    assert page.index("Chi hội CCB khối 1") < page.index("Chi hội CCB khối 2")
    assert "Hoàn thành đúng hạn: 1 × 3 = <strong>3</strong>" in page
    assert client.get("/emulation/weights").status_code == 403
    auth.logout()

    auth.login("vanphong")
    bad = client.post("/emulation/weights", data={"done_on_time": "ba", "done_late": "1"})
    text = bad.get_data(as_text=True)
    assert "Nhập một số nguyên (dấu trừ cho điểm bị trừ)." in text
    assert "Vui lòng điền mục này." in text
    weights = {
        "done_on_time": "1",
        "done_late": "5",
        "overdue": "0",
        "blocked": "0",
        "targets_met": "0",
        "reports_on_time": "0",
    }
    assert client.post("/emulation/weights", data=weights).status_code == 302
    page = client.get("/emulation?year=2023&period=year").get_data(as_text=True)
    assert page.index("Chi hội CCB khối 2") < page.index("Chi hội CCB khối 1")

    assert client.post("/emulation/close?year=2023&period=year").status_code == 302
    client.post("/emulation/weights", data={**weights, "done_on_time": "50"})
    page = client.get("/emulation?year=2023&period=year").get_data(as_text=True)
    assert "Đã chốt xếp hạng" in page
    assert page.index("Chi hội CCB khối 2") < page.index("Chi hội CCB khối 1")

    xlsx = client.get("/emulation/export/xlsx?year=2023&period=year")
    book = load_workbook(io.BytesIO(xlsx.data))
    assert book.sheetnames == ["Chi hội", "Tổ chức", "Trọng số"]
    rows = list(book["Chi hội"].iter_rows(min_row=4, values_only=True))
    assert rows[0][:2] == (1, "Chi hội CCB khối 2") and rows[0][-1] == 5
    docx = client.get("/emulation/export/docx?year=2023&period=year")
    doc = Document(io.BytesIO(docx.data))
    words = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in words
    assert "Chi hội CCB khối 2" in cells and "Hoàn thành quá hạn: 1 × 5" in cells


def test_a_bad_period_or_year_falls_back_with_a_message(app, client, auth, ward) -> None:
    auth.login("lanhdao")
    page = client.get("/emulation?year=1999&period=q9").get_data(as_text=True)
    assert "Không có kế hoạch năm “1999”" in page
    assert "Không rõ kỳ; đang hiển thị cả năm." in page
    assert client.get("/emulation/export/pdf").status_code == 404


def test_the_import_preview_names_a_stated_target(app, client, auth, ward) -> None:
    """The preview says which items state a target, to confirm on the task page later."""
    auth.login("vanphong")
    text = (
        "Nhiệm vụ trọng tâm năm 2024\n\nHội Cựu chiến binh\n"
        "- Phấn đấu Hội không có hộ nghèo và cận nghèo.\n"
        "- Năm 2023 tỷ lệ hộ gia đình văn hóa đạt 95%.\n"
    )
    page = client.post("/plans/import", data={"text": text, "year": "2024"}).get_data(as_text=True)
    assert page.count("Chỉ tiêu nêu trong nội dung:") == 1
    assert "“không có hộ nghèo và cận nghèo” → hộ nghèo và cận nghèo, giữ không quá 0" in page
