"""The daily workflow in a real browser on a phone-sized screen: status update in place,
a conflict between two people, a search without diacritics, no horizontal scroll."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from .people import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def _phone(browser: Browser) -> BrowserContext:
    return browser.new_context(viewport=PHONE, locale="vi-VN")


def _open_form(row) -> None:
    """Press the row's "Update" control and wait for its form, fetched into the row."""
    expect(row.locator("form.update-form")).to_have_count(0)  # lists carry no forms
    row.get_by_role("link", name="Cập nhật", exact=True).click()
    expect(row.locator("form.update-form")).to_be_visible()


def _no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} scrolls sideways: {width}px"


def test_branch_head_updates_a_status_in_place(live_server, browser: Browser, tmp_path: Path):
    context = _phone(browser)
    page = context.new_page()
    sign_in(page, live_server.url, "head.a1")
    expect(page.locator("h1")).to_have_text("Chi hội CCB khối 1")
    expect(page.locator("#count-done")).to_have_text("0")
    page.evaluate("window.__noReload = true")

    row = page.locator(f"#assignment-{live_server.ward.assignment_a1}")
    _open_form(row)
    expect(row.get_by_label("Chưa thực hiện")).to_be_focused()
    row.get_by_label("Hoàn thành").check()
    row.get_by_label("Nội dung đã thực hiện").fill("Đã tổ chức gặp mặt hội viên.")
    row.get_by_role("button", name="Lưu").click()

    expect(row.locator(".a-meta .badge").first).to_have_text("Hoàn thành")
    expect(row.locator(".a-note")).to_have_text("Đã tổ chức gặp mặt hội viên.")
    expect(page.locator("#count-done")).to_have_text("1")
    expect(page.locator("#summary .pct")).to_have_text("100%")
    expect(row.locator("form.update-form")).to_have_count(0)  # the row comes back closed
    expect(row.get_by_role("link", name="Cập nhật", exact=True)).to_be_focused()
    assert page.evaluate("window.__noReload") is True  # no page load happened
    _no_horizontal_scroll(page)
    page.screenshot(path=str(tmp_path / "branch-360.png"), full_page=True)
    context.close()


def test_second_editor_sees_the_conflict_and_reapplies(live_server, browser: Browser) -> None:
    ward = live_server.ward
    first, second = _phone(browser), _phone(browser)
    leader, head = first.new_page(), second.new_page()
    sign_in(leader, live_server.url, "leader.a")
    sign_in(head, live_server.url, "head.a1")
    leader.goto(live_server.url + f"/branches/{ward.branch_a1}")
    for page in (leader, head):
        _open_form(page.locator(f"#assignment-{ward.assignment_a1}"))

    row = leader.locator(f"#assignment-{ward.assignment_a1}")
    row.get_by_label("Gặp khó khăn, vướng mắc").check()
    row.get_by_label("Nội dung đã thực hiện").fill("Thiếu kinh phí.")
    row.get_by_role("button", name="Lưu").click()
    expect(row.locator(".a-note")).to_have_text("Thiếu kinh phí.")

    row = head.locator(f"#assignment-{ward.assignment_a1}")
    row.get_by_label("Đang thực hiện").check()
    row.get_by_label("Nội dung đã thực hiện").fill("Đã họp chi hội.")
    row.get_by_role("button", name="Lưu").click()
    conflict = row.locator(".conflict")
    expect(conflict).to_contain_text("Người khác đã lưu phân công này")
    expect(conflict.locator(".theirs")).to_contain_text("Thiếu kinh phí.")
    expect(conflict.locator(".mine")).to_contain_text("Đã họp chi hội.")
    _no_horizontal_scroll(head)

    row.get_by_role("button", name="Lưu thay đổi của tôi").click()
    expect(row.locator(".conflict")).to_have_count(0)
    expect(row.locator(".a-meta .badge").first).to_have_text("Đang thực hiện")
    expect(row.locator(".a-note")).to_have_text("Đã họp chi hội.")
    first.close()
    second.close()


def test_search_without_diacritics_and_back_button(live_server, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, live_server.url, "vanphong")
    page.goto(live_server.url + "/ward")
    expect(page.locator(".list-count")).to_contain_text("5 phân công")
    page.get_by_label("Tìm kiếm").fill("ho tro")
    expect(page.locator(".list-count")).to_contain_text("1 phân công")
    expect(page.locator("#assignment-list")).to_contain_text("Hỗ trợ phụ nữ vay vốn")
    expect(page).to_have_url(live_server.url + "/ward?q=ho+tro")

    page.go_back()
    expect(page).to_have_url(live_server.url + "/ward")
    expect(page.locator("h1")).to_have_text("Tổng quan phường")  # a full page, not a bare list
    expect(page.locator(".list-count")).to_contain_text("5 phân công")
    context.close()


def test_every_role_page_fits_a_phone(live_server, browser: Browser, tmp_path: Path) -> None:
    ward = live_server.ward
    pages = {
        "vanphong": ["/ward", f"/tasks/{ward.task_a}"],
        "lanhdao": ["/ward"],
        "leader.a": [f"/orgs/{ward.org_a}", f"/tasks/{ward.task_shared}"],
        "head.a1": [f"/branches/{ward.branch_a1}", f"/assignments/{ward.assignment_a1}"],
    }
    for username, paths in pages.items():
        context = _phone(browser)
        page = context.new_page()
        sign_in(page, live_server.url, username)
        for path in paths:
            page.goto(live_server.url + path)
            expect(page.locator("h1")).to_be_visible()
            page.screenshot(
                path=str(tmp_path / f"{username}{path.replace('/', '-')}.png"), full_page=True
            )
            _no_horizontal_scroll(page)
        context.close()


def test_a_refused_save_keeps_what_was_typed(live_server, app, browser: Browser) -> None:
    """The task is taken back while the head is typing: the save is refused (403) and the
    message shows in the form, which keeps the text."""
    from wardtasks.extensions import db
    from wardtasks.models import User
    from wardtasks.tasks.assigning import assign_task

    ward = live_server.ward
    context = _phone(browser)
    page = context.new_page()
    sign_in(page, live_server.url, "head.a1")
    row = page.locator(f"#assignment-{ward.assignment_a1}")
    _open_form(row)
    row.get_by_label("Nội dung đã thực hiện").fill("Một dòng dài đã gõ trên điện thoại.")
    with app.app_context():
        leader = db.session.get(User, ward.users["leader"])
        assign_task(ward.task_a, leader, action="withdraw", branch_ids=[ward.branch_a1])
        db.session.remove()
    row.get_by_role("button", name="Lưu").click()
    expect(row.locator(".row-error")).to_contain_text("Bạn không có quyền")
    expect(row.get_by_label("Nội dung đã thực hiện")).to_have_value(
        "Một dòng dài đã gõ trên điện thoại."
    )
    context.close()


def test_the_form_closes_and_a_refused_opening_keeps_the_row(
    live_server, app, browser: Browser
) -> None:
    """ "Close" brings the plain row back; opening a form the head may no longer use (the
    task was taken back) shows the refusal in the row instead of an error page."""
    from wardtasks.extensions import db
    from wardtasks.models import User
    from wardtasks.tasks.assigning import assign_task

    ward = live_server.ward
    context = _phone(browser)
    page = context.new_page()
    sign_in(page, live_server.url, "head.a1")
    row = page.locator(f"#assignment-{ward.assignment_a1}")
    _open_form(row)
    row.locator("a.edit-close").click()
    expect(row.locator("form.update-form")).to_have_count(0)
    expect(row.get_by_role("link", name="Cập nhật", exact=True)).to_be_focused()
    with app.app_context():
        leader = db.session.get(User, ward.users["leader"])
        assign_task(ward.task_a, leader, action="withdraw", branch_ids=[ward.branch_a1])
        db.session.remove()
    row.get_by_role("link", name="Cập nhật", exact=True).click()
    expect(row.locator(".link-error")).to_contain_text("Bạn không có quyền")
    expect(row.locator(".a-title")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Chi hội CCB khối 1")
    context.close()
