"""Importing a key-task list through the screens: paste, preview, edit, confirm, distribute."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import docx
import pytest
from sqlalchemy import func, select

from wardtasks.extensions import db
from wardtasks.models import Assignment, Branch, Organisation, Plan, Task
from wardtasks.plans import importing

from .factories import Ward, make_user

SAMPLE = (Path(__file__).parent.parent / "wardtasks" / "demo" / "quynh-thien-2023.txt").read_text(
    encoding="utf-8"
)
HX = {"HX-Request": "true"}


@pytest.fixture
def full_ward(app, ward: Ward) -> Ward:
    """The test ward plus the Front and the Youth Union, each with a branch and a head."""
    with app.app_context():
        mttq = Organisation(code="MTTQ", name="Ủy ban MTTQ phường", short_name="MTTQ")
        dtn = Organisation(code="DTN", name="Đoàn Thanh niên phường", short_name="Đoàn TN")
        db.session.add_all([mttq, dtn])
        db.session.flush()
        b_mttq = Branch(organisation_id=mttq.id, block_id=ward.block_1, name="Ban CTMT khối 1")
        b_dtn = Branch(organisation_id=dtn.id, block_id=ward.block_1, name="Chi đoàn khối 1")
        db.session.add_all([b_mttq, b_dtn])
        db.session.flush()
        make_user("head.mttq1", "branch_head", branch_id=b_mttq.id)
        make_user("head.dtn1", "branch_head", branch_id=b_dtn.id)
        db.session.commit()
    return ward


def draft_of(page: str) -> str:
    """The hidden draft JSON of a preview page."""
    match = re.search(r'name="draft" value="([^"]*)"', page)
    assert match, "no draft in the page"
    return html.unescape(match.group(1))


def item_index(page: str, words: str) -> int:
    """The index of the preview item whose text area holds ``words``."""
    for match in re.finditer(r'<textarea id="text-(\d+)"[^>]*>([^<]*)</textarea>', page):
        if words in html.unescape(match.group(2)):
            return int(match.group(1))
    raise AssertionError(f"no item with {words!r}")


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_import_screens_end_to_end(app, client, auth, full_ward: Ward) -> None:
    auth.login("vanphong")
    page = text_of(client.get("/plans/import"))
    assert "Nhập kế hoạch" in page

    response = client.post("/plans/import", data={"text": SAMPLE, "year": ""})
    assert response.status_code == 200
    page = text_of(response)
    # Grouped by organisation, with the ward's names; every skipped line listed with its reason.
    for name in ("Ủy ban MTTQ phường", "Đoàn Thanh niên phường", "Hội Cựu chiến binh phường"):
        assert name in page
    assert "Chung cho các tổ chức" in page
    assert "Tác giả bài viết: Nguyễn Phương-CT MTTQ phường" in page
    assert "Dòng tác giả, nguồn tin hoặc ngày đăng" in page
    assert "Tên tệp ảnh" in page
    assert "92 dòng trong văn bản" in page
    assert "21 nhiệm vụ sẽ được nhập" in page
    assert "Đã có kế hoạch năm 2023" in page  # the ward's existing plan

    # Drop one item (htmx: only the preview comes back).
    draft = draft_of(page)
    dropped = item_index(page, "Phối hợp tổ chức tiếp xúc cử tri")
    response = client.post(
        "/plans/import/draft", data={"draft": draft, "action": f"drop:{dropped}"}, headers=HX
    )
    page = text_of(response)
    assert response.status_code == 200 and "<html" not in page
    assert 'id="preview"' in page
    assert "Đã bỏ" in page and "20 nhiệm vụ sẽ được nhập" in page

    # Move one item to another organisation (the organisation select posts the form).
    with app.app_context():
        ccb = db.session.scalar(select(Organisation).where(Organisation.code == "CCB"))
        assert ccb is not None
        ccb_id = ccb.id
    moved = item_index(page, "Phối hợp ngân hàng chính sách xã hội")
    response = client.post(
        "/plans/import/draft",
        data={"draft": draft_of(page), f"org-{moved}": f"org:{ccb_id}", "action": "update"},
        headers=HX,
    )
    page = text_of(response)

    response = client.post("/plans/import/confirm", data={"draft": draft_of(page)})
    assert response.status_code == 302
    plan_url = response.headers["Location"]
    page = text_of(client.get(plan_url))
    assert "Đã tạo kế hoạch với 20 nhiệm vụ" in page
    assert "Chưa giao" in page

    with app.app_context():
        plan = db.session.scalar(select(Plan).order_by(Plan.id.desc()))
        assert plan is not None and plan.year == 2023 and plan.state == "active"
        assert plan.source_text == SAMPLE
        texts = {t.text: t for t in plan.tasks}
        assert len(texts) == 20
        assert not any("tiếp xúc cử tri" in t for t in texts)
        moved_task = next(t for t in plan.tasks if "Phối hợp ngân hàng chính sách" in t.text)
        assert moved_task.organisation_id == ccb_id
        mttq_task = next(t for t in plan.tasks if "(18/11/1930-18/11/2023)" in t.text)
        assert mttq_task.due_date is not None and mttq_task.due_date.isoformat() == "2023-11-18"
        plan_id = plan.id

    # Distribute the whole plan to all branches, twice: no duplicates.
    response = client.post(f"/plans/{plan_id}/distribute", data={"mode": "branches"})
    assert response.status_code == 302
    assert "phân công mới" in text_of(client.get(plan_url))
    with app.app_context():
        count = db.session.scalar(
            select(func.count(Assignment.id)).join(Task).where(Task.plan_id == plan_id)
        )
        ccb_tasks = db.session.scalar(
            select(func.count(Task.id)).where(
                Task.plan_id == plan_id, Task.organisation_id == ccb_id
            )
        )
        assert ccb_tasks == 6
        due = db.session.scalar(
            select(Assignment.due_date).where(Assignment.task_id == mttq_task.id)
        )
        assert due is not None and due.isoformat() == "2023-11-18"
    client.post(f"/plans/{plan_id}/distribute", data={"mode": "branches"})
    assert "Không có gì mới" in text_of(client.get(plan_url))
    with app.app_context():
        again = db.session.scalar(
            select(func.count(Assignment.id)).join(Task).where(Task.plan_id == plan_id)
        )
    assert again == count

    # Each branch head sees their organisation's items on their branch page.
    auth.logout()
    auth.login("head.a1")
    page = text_of(client.get(f"/branches/{full_ward.branch_a1}"))
    assert "Phối hợp ngân hàng chính sách xã hội" in page  # the moved item
    assert "Xây dựng tổ chức Hội trong sạch vững mạnh" in page
    auth.logout()
    auth.login("head.b1")
    page = text_of(client.get(f"/branches/{full_ward.branch_b1}"))
    assert "Tuyên truyền, giáo dục phẩm chất" in page
    assert "Phối hợp ngân hàng chính sách xã hội" not in page
    auth.logout()
    auth.login("head.mttq1")
    page = text_of(client.get("/", follow_redirects=True))
    assert "Triển khai thực hiện công tác giám sát, phản biện" in page
    assert "Phối hợp tổ chức tiếp xúc cử tri" not in page  # the dropped item


def test_preview_without_htmx_is_a_full_page(client, auth, full_ward: Ward) -> None:
    auth.login("vanphong")
    page = text_of(client.post("/plans/import", data={"text": SAMPLE}))
    index = item_index(page, "Phối hợp tổ chức tiếp xúc cử tri")
    response = client.post(
        "/plans/import/draft", data={"draft": draft_of(page), "action": f"drop:{index}"}
    )
    assert response.status_code == 200
    assert "<html" in text_of(response) and "Đã bỏ" in text_of(response)
    assert "HX-Request" in response.headers.get("Vary", "")


def test_merge_split_edit_and_restore(app, client, auth, full_ward: Ward) -> None:
    auth.login("vanphong")
    page = text_of(client.post("/plans/import", data={"text": SAMPLE, "split_shared": "y"}))
    assert "Kịp thời nắm bắt tư tưởng" in page  # a clause of the split shared paragraph
    first = item_index(page, "Tiếp tục quán triệt quan điểm đường lối")
    response = client.post(
        "/plans/import/draft", data={"draft": draft_of(page), "action": f"merge:{first}"}
    )
    page = text_of(response)
    merged = item_index(page, "Tiếp tục quán triệt quan điểm đường lối")
    assert merged == first
    assert "Chủ động nắm chắc tình hình" in html.unescape(
        re.search(rf'id="text-{first}"[^>]*>([^<]*)<', page).group(1)  # type: ignore[union-attr]
    )
    # Split it back where the user put a line break, with an edited title and due date.
    response = client.post(
        "/plans/import/draft",
        data={
            "draft": draft_of(page),
            f"text-{first}": "Việc thứ nhất của hội\nViệc thứ hai của hội",
            f"due-{first}": "31/12/2023",
            "action": f"split:{first}",
        },
    )
    page = text_of(response)
    assert item_index(page, "Việc thứ nhất của hội") == first
    assert item_index(page, "Việc thứ hai của hội") == first + 1
    # A bad due date blocks confirming, with the message next to the task and the text kept.
    response = client.post(
        "/plans/import/confirm", data={"draft": draft_of(page), f"due-{first}": "31/13/2023"}
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "Ghi hạn theo dạng dd/mm/yyyy." in page and 'value="31/13/2023"' in page
    # Drop then restore.
    page = text_of(
        client.post("/plans/import/draft", data={"draft": draft_of(page), "action": "drop:0"})
    )
    assert "Khôi phục" in page
    page = text_of(
        client.post("/plans/import/draft", data={"draft": draft_of(page), "action": "restore:0"})
    )
    assert "Đã bỏ" not in page


def test_unknown_organisation_create_or_map(app, client, auth, ward: Ward) -> None:
    """The test ward has no Front nor Youth Union: their headings are shown as new."""
    auth.login("vanphong")
    page = text_of(client.post("/plans/import", data={"text": SAMPLE}))
    assert page.count("Chưa có trong phường") >= 2
    # Confirming now is refused, nothing is lost.
    response = client.post("/plans/import/confirm", data={"draft": draft_of(page)})
    assert response.status_code == 400
    assert "tổ chức mà phường chưa có" in text_of(response)
    draft = draft_of(text_of(response))
    # Create the Front in one step, map the Youth Union to the women's union.
    response = client.post(
        "/plans/import/draft",
        data={
            "draft": draft,
            "new-code-new:0": "MTTQ",
            "new-name-new:0": "Ủy ban MTTQ phường",
            "new-short-new:0": "MTTQ",
            "action": "create:new:0",
        },
        headers=HX,
    )
    page = text_of(response)
    assert "Đã tạo tổ chức “Ủy ban MTTQ phường”" in page
    # Creating it twice is refused with a message.
    with app.app_context():
        mttq = db.session.scalar(select(Organisation).where(Organisation.code == "MTTQ"))
        assert mttq is not None
    response = client.post(
        "/plans/import/draft",
        data={"draft": draft_of(page), "map-new:1": f"org:{ward.org_b}", "action": "map:new:1"},
    )
    page = text_of(response)
    assert "Chưa có trong phường" not in page
    response = client.post("/plans/import/confirm", data={"draft": draft_of(page)})
    assert response.status_code == 302
    with app.app_context():
        plan = db.session.scalar(select(Plan).order_by(Plan.id.desc()))
        assert plan is not None
        orgs = {t.organisation_id for t in plan.tasks}
        assert orgs == {None, mttq.id, ward.org_a, ward.org_b}


def test_create_organisation_twice_is_refused(client, auth, ward: Ward) -> None:
    auth.login("vanphong")
    page = text_of(client.post("/plans/import", data={"text": SAMPLE}))
    response = client.post(
        "/plans/import/draft",
        data={
            "draft": draft_of(page),
            "new-code-new:0": "CCB",
            "new-name-new:0": "Tổ chức mới",
            "action": "create:new:0",
        },
    )
    assert response.status_code == 200
    assert "Đã có tổ chức với mã hoặc tên này" in text_of(response)


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("ke-hoach.pdf", b"%PDF-1.4", "Chỉ nhập được tệp .txt và .docx."),
        ("ke-hoach.txt", "Hội Cựu chiến binh".encode("utf-16"), "không phải văn bản UTF-8"),
        ("ke-hoach.txt", b"\x00\x01binary", "không phải văn bản UTF-8"),
        ("ke-hoach.docx", b"PK\x03\x04 not really a zip", "không phải tệp Word (.docx) thật"),
        ("ke-hoach.txt", b"  \n\n ", "Văn bản trống"),
        ("ke-hoach.txt", b"x" * 5000, "quá lớn"),
    ],
)
def test_bad_files_get_a_clear_message(
    client, auth, ward: Ward, monkeypatch, filename: str, data: bytes, message: str
) -> None:
    # A small limit: the test client spools big bodies to files it never closes.
    monkeypatch.setattr(importing, "MAX_UPLOAD_BYTES", 4096)
    auth.login("vanphong")
    response = client.post(
        "/plans/import",
        data={
            "text": "Văn bản đã gõ dở",
            "year": "2024",
            "upload": (io.BytesIO(data), filename),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    page = text_of(response)
    assert message in page
    assert "Văn bản đã gõ dở" in page and 'value="2024"' in page


def test_empty_paste_and_bad_year(client, auth, ward: Ward) -> None:
    auth.login("vanphong")
    response = client.post("/plans/import", data={"text": "   "})
    assert response.status_code == 400
    assert "Văn bản trống" in text_of(response)
    response = client.post("/plans/import", data={"text": SAMPLE, "year": "23"})
    assert response.status_code == 400
    assert "Năm từ 2000 đến 2100." in text_of(response)


def test_tampered_draft_goes_back_to_the_form(client, auth, ward: Ward) -> None:
    auth.login("vanphong")
    response = client.post("/plans/import/draft", data={"draft": "{not json"})
    assert response.status_code == 302
    response = client.post("/plans/import/draft", data={"draft": "{}"}, headers=HX)
    assert response.headers.get("HX-Redirect") == "/plans/import"
    page = text_of(client.get("/plans/import"))
    assert "Không đọc được bản xem trước" in page


def test_docx_upload(app, client, auth, ward: Ward) -> None:
    document = docx.Document()
    document.add_paragraph("NHIỆM VỤ TRỌNG TÂM NĂM 2024")
    document.add_paragraph("Hội Cựu chiến binh phường")
    document.add_paragraph("Thăm hỏi hội viên ốm đau.", style="List Bullet")
    document.add_paragraph("Tổ chức kỷ niệm ngày thành lập Hội (06/12/2024).", style="List Bullet")
    document.add_paragraph("Hội Liên hiệp phụ nữ phường")
    document.add_paragraph("Vận động hội viên tiết kiệm.", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    auth.login("vanphong")
    response = client.post(
        "/plans/import",
        data={"upload": (io.BytesIO(buffer.getvalue()), "nhiem-vu-2024.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "Thăm hỏi hội viên ốm đau." in page and "06/12/2024" in page
    assert "3 nhiệm vụ sẽ được nhập" in page
    response = client.post("/plans/import/confirm", data={"draft": draft_of(page)})
    assert response.status_code == 302
    with app.app_context():
        plan = db.session.scalar(select(Plan).where(Plan.year == 2024))
        assert plan is not None and len(plan.tasks) == 3


REAL = Path(__file__).parent / "data" / "real"
# No clear list here: the four clauses are offered unticked.
OFFERED_TEXT = (
    "Cụm thi đua 1 tiếp tục đổi mới phương thức hoạt động; thực hiện tốt công tác vận động "
    "hiến máu; tham gia phòng ngừa thảm họa; phối hợp chặt chẽ với Ủy ban MTTQ quận."
)


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_only_ticked_tasks_are_imported(app, client, auth, ward: Ward, headers: dict) -> None:
    """Offered tasks come unticked; the user ticks some (the form works without JavaScript
    and under htmx) and confirming creates exactly those."""
    auth.login("vanphong")
    page = text_of(client.post("/plans/import", data={"text": OFFERED_TEXT, "year": "2024"}))
    assert "không có danh sách nhiệm vụ rõ ràng" in page
    assert page.count('class="draft-item is-offered"') == 4
    assert "0 nhiệm vụ sẽ được nhập." in page
    # Confirming with nothing ticked creates nothing and says why.
    refused = client.post("/plans/import/confirm", data={"draft": draft_of(page)})
    assert refused.status_code == 400 and "không còn gì để nhập" in text_of(refused)
    shown = {f"shown-{n}": "1" for n in range(4)}
    page = text_of(
        client.post(
            "/plans/import/draft",
            data={"draft": draft_of(page), **shown, "tick-1": "1", "tick-3": "1"},
            headers=headers,
        )
    )
    assert "2 nhiệm vụ sẽ được nhập." in page
    response = client.post(
        "/plans/import/confirm",
        data={"draft": draft_of(page), **shown, "tick-1": "1", "tick-3": "1"},
    )
    assert response.status_code == 302
    with app.app_context():
        plan = db.session.scalar(select(Plan).where(Plan.year == 2024))
        assert plan is not None
        assert sorted(t.text for t in plan.tasks) == [
            "phối hợp chặt chẽ với Ủy ban MTTQ quận.",
            "thực hiện tốt công tác vận động hiến máu",
        ]


def test_the_source_is_shown_with_each_item_marked(client, auth, ward: Ward) -> None:
    auth.login("vanphong")
    text = (REAL / "nd-so-ket-quy-i-2022.txt").read_text(encoding="utf-8")
    page = text_of(client.post("/plans/import", data={"text": text}))
    # Every item's text is marked in the source and links to the item; the line holding the
    # count the text announces is flagged with the number found.
    marks = re.findall(r'<a href="#item-(\d+)" class="src-mark ticked">([^<]*)</a>', page)
    offered = re.findall(r'<a href="#item-(\d+)" class="src-mark offered">([^<]*)</a>', page)
    # Item 0 is offered: a target of the report's first paragraph ("phấn đấu đến tháng 9 …").
    assert [int(n) for n, _ in offered] == [0]
    assert [int(n) for n, _ in marks] == [1, 2, 3, 4]
    assert html.unescape(marks[0][1]).startswith("tiếp tục đổi mới nội dung sinh hoạt Hội")
    assert "văn bản nêu 11 nhiệm vụ, tìm thấy 4" in page
    assert re.search(r"<li id=\"src-5\" class=\"src-task\">", page)
    assert re.search(r'<li id="src-1" class="src-offered">', page)
    assert re.search(r'<li id="src-3" class="src-unrecognized">', page)


def test_docx_items_point_to_word_paragraphs(client, auth, ward: Ward) -> None:
    """Word paragraphs, not the blank lines put between them, number the source."""
    document = docx.Document()
    document.add_paragraph("NHIỆM VỤ TRỌNG TÂM NĂM 2024")
    document.add_paragraph("Hội Cựu chiến binh phường")
    document.add_paragraph("Thăm hỏi hội viên ốm đau.", style="List Bullet")
    document.add_paragraph("Hội Liên hiệp phụ nữ phường")
    document.add_paragraph("Vận động hội viên tiết kiệm.", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    auth.login("vanphong")
    page = text_of(
        client.post(
            "/plans/import",
            data={"upload": (io.BytesIO(buffer.getvalue()), "kh.docx")},
            content_type="multipart/form-data",
        )
    )
    numbers = [int(n) for n in re.findall(r'<span class="src-no">(\d+)</span>', page)]
    assert numbers == [1, 2, 3, 4, 5]
    assert re.search(r'href="#src-\d+">đoạn 5</a>', page)
