"""Lead and supporting organisations in a real browser (issue 19.2): the secretariat gives
the shared task a lead and supporters on a computer's screen; a supporting organisation's
branch head finds it on a phone, adds a note with a photo, and cannot change its status."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from ..test_photos import jpeg_bytes
from .people import sign_in

pytestmark = pytest.mark.browser


def test_secretariat_sets_lead_and_supporters_then_a_supporter_adds_a_note(
    live_server, browser: Browser, tmp_path: Path
) -> None:
    ward = live_server.ward
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = desk.new_page()
    sign_in(page, live_server.url, "vanphong")
    page.goto(f"{live_server.url}/plans/{ward.plan}")
    page.get_by_role("link", name="Tổ chức chủ trì và phối hợp của các nhiệm vụ").click()
    expect(page.locator("h1")).to_have_text("Tổ chức chủ trì và phối hợp")
    # The shared task comes ticked; the lead and the supporters are chosen here.
    expect(page.get_by_label("Tuyên truyền chủ trương")).to_be_checked()
    page.get_by_label("Tổ chức chủ trì").select_option(label="Hội CCB")
    page.get_by_label("Hội LHPN").check()
    page.get_by_role("button", name="Lưu chủ trì và phối hợp").click()
    # Organisation b's assignment of the shared task is taken back: asked first.
    expect(page.locator("h1")).to_have_text("Thu hồi 1 phân công của các tổ chức khác?")
    expect(page.locator(".confirm li").first).to_have_text("Hội LHPN")
    page.get_by_role("button", name="Lưu chủ trì và phối hợp").click()
    expect(page.locator(".flash-success")).to_contain_text(
        "Đã đặt tổ chức chủ trì và phối hợp cho 1 nhiệm vụ"
    )
    expect(page.locator(f"#task-{ward.task_shared} .support-who")).to_have_text(
        "Chủ trì: Hội CCB · Phối hợp: Hội LHPN"
    )
    page.screenshot(path=str(tmp_path / "plan-1280.png"), full_page=True)
    desk.close()

    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = phone.new_page()
    sign_in(page, live_server.url, "head.b1")
    supported = page.locator("#supported-tasks")
    expect(supported).to_contain_text("Chủ trì: Hội CCB")
    supported.get_by_role("link", name="Tuyên truyền chủ trương").click()
    notes = page.locator("#notes")
    notes.get_by_label("Tổ chức mình đã làm gì").fill(
        "Chi hội phụ nữ khối 1 tuyên truyền tại tổ 3."
    )
    photo = tmp_path / "hop-to.jpg"
    photo.write_bytes(jpeg_bytes())
    notes.get_by_label("Ảnh minh chứng (không bắt buộc)").set_input_files(str(photo))
    notes.get_by_role("button", name="Gửi ghi chú").click()
    expect(page.locator(".flash-success")).to_have_text("Đã lưu ghi chú và ảnh.")
    note = page.locator("#notes ol.notes li").first
    expect(note).to_contain_text("Hội LHPN · Chi hội phụ nữ khối 1")
    expect(note).to_contain_text("Chi hội phụ nữ khối 1 tuyên truyền tại tổ 3.")
    expect(note.locator("img")).to_have_count(1)
    # The thumbnail is lazy-loaded: bring it into view and wait until the
    # browser has decoded it, so the check cannot race the download.
    thumb = note.locator("img")
    thumb.scroll_into_view_if_needed()
    assert thumb.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    # The lead's assignment is read, never updated, by a supporter.
    expect(page.locator(f"#assignment-{ward.assignment_org_a}")).to_be_visible()
    expect(page.get_by_role("link", name="Cập nhật", exact=True)).to_have_count(0)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the task page scrolls sideways: {width}px"
    page.screenshot(path=str(tmp_path / "task-360.png"), full_page=True)
    phone.close()
