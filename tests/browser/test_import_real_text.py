"""A real published text in the import preview: the source beside the items, offered tasks
ticked by hand, the announced count flagged; on a desktop screen and on a 360 px phone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from wardtasks.extensions import db
from wardtasks.models import Organisation, Plan

from .people import sign_in

pytestmark = pytest.mark.browser

REAL = Path(__file__).parent.parent / "data" / "real"


def shots(tmp_path: Path) -> Path:
    """Where screenshots go: $WARDTASKS_SCREENSHOTS to look at them, else the test's folder."""
    folder = Path(os.environ.get("WARDTASKS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def add_org(app, code: str, name: str) -> None:
    with app.app_context():
        db.session.add(Organisation(code=code, name=name, short_name=code))
        db.session.commit()
        db.session.remove()


@pytest.mark.parametrize("width", [1280, 360])
def test_offered_tasks_are_ticked_by_hand_beside_the_source(
    app, live_server, page: Page, tmp_path: Path, width: int
) -> None:
    add_org(app, "CTD", "Hội Chữ thập đỏ phường")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, "vanphong")
    page.goto(live_server.url + "/plans/import")
    text = (REAL / "ctd-cum-thi-dua-1-binh-thanh.txt").read_text(encoding="utf-8")
    page.get_by_label("Dán văn bản danh sách nhiệm vụ trọng tâm").fill(text)
    page.get_by_label("Năm của kế hoạch").fill("2025")
    page.get_by_role("button", name="Xem trước").click()

    # No clear list: the four tasks, and the speaker's call to "tổ chức các hoạt động nhân
    # đạo …" before them, offered unticked, each marked in the text beside them.
    expect(page.locator(".notice").first).to_contain_text("không có danh sách nhiệm vụ rõ ràng")
    expect(page.locator("li.draft-item.is-offered")).to_have_count(5)
    # An item wrapped over several lines is marked on each of them.
    marked = page.locator(".preview-source .src-mark.offered")
    expect(marked.first).to_be_visible()
    assert len(set(marked.evaluate_all("marks => marks.map(m => m.hash)"))) == 5
    expect(page.locator(".plan-meta")).to_contain_text("0 nhiệm vụ sẽ được nhập.")
    mark = page.locator(".preview-source .src-mark.offered", has_text="tiếp tục đổi mới")
    expect(mark).to_contain_text("tiếp tục đổi mới phương thức hoạt động")
    page.screenshot(path=str(shots(tmp_path) / f"import-offered-{width}.png"), full_page=True)
    # Nothing runs wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # Tick two of them (htmx posts each change); the source marks follow.
    page.locator("#tick-0").check()
    expect(page.locator(".plan-meta")).to_contain_text("1 nhiệm vụ sẽ được nhập.")
    page.locator("#tick-2").check()
    expect(page.locator(".plan-meta")).to_contain_text("2 nhiệm vụ sẽ được nhập.")
    ticked = page.locator(".preview-source .src-mark.ticked")
    assert set(ticked.evaluate_all("marks => marks.map(m => m.hash)")) == {"#item-0", "#item-2"}
    page.screenshot(path=str(shots(tmp_path) / f"import-ticked-{width}.png"), full_page=True)

    page.get_by_role("button", name="Xác nhận và tạo kế hoạch").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã tạo kế hoạch với 2 nhiệm vụ.")
    with app.app_context():
        plan = db.session.scalars(db.select(Plan).order_by(Plan.id.desc())).first()
        assert plan is not None and plan.year == 2025
        texts = [t.text for t in sorted(plan.tasks, key=lambda t: t.sort_order)]
        db.session.remove()
    assert texts == [
        "tiếp tục đổi mới phương thức hoạt động, chú trọng tổ chức các hoạt động nhân đạo "
        "chăm lo cho Nhân dân tại địa phương",
        "tham gia phòng ngừa, ứng phó thảm họa, dịch bệnh",
    ]


def test_an_announced_count_that_differs_is_flagged(app, live_server, page: Page) -> None:
    add_org(app, "ND", "Hội Nông dân phường")
    sign_in(page, live_server.url, "vanphong")
    page.goto(live_server.url + "/plans/import")
    text = (REAL / "nd-so-ket-quy-i-2022.txt").read_text(encoding="utf-8")
    page.get_by_label("Dán văn bản danh sách nhiệm vụ trọng tâm").fill(text)
    page.get_by_role("button", name="Xem trước").click()
    note = page.locator(".count-note")
    expect(note).to_contain_text("văn bản nêu 11 nhiệm vụ, tìm thấy 4")
    expect(page.locator(".plan-meta")).to_contain_text("4 nhiệm vụ sẽ được nhập.")
    # The note leads to the line of the source that announces the count.
    note.get_by_role("link").click()
    expect(page.locator(".preview-source li:target")).to_contain_text("đề ra 11 nội dung")
