"""The bell and the list on a 360 × 800 phone (issue 18): the bell sits beside "Menu" on
the one-line header with its count; the list marks a notice read in place (the bell counts
down without a reload) and a notice opens what it is about; no CSP message, no sideways
scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from wardtasks.extensions import db
from wardtasks.notices import kinds, notify

from .people import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}


def test_the_bell_and_the_list_on_a_phone(app, live_server, browser: Browser) -> None:
    ward = live_server.ward
    with app.app_context():
        head = ward.users["branch_head"]
        notify(
            [head],
            kinds.ASSIGNMENT_GIVEN,
            link=f"/assignments/{ward.assignment_a1}",
            scope="Chi hội CCB khối 1",
            task="Phong trào Cựu chiến binh gương mẫu",
        )
        notify(
            [head],
            kinds.REPORT_RETURNED,
            link="/reports",
            scope="Chi hội CCB khối 1",
            month="11/2026",
            comment="Bổ sung số hội viên được thăm hỏi",
        )
        db.session.commit()
        db.session.remove()
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    csp: list[str] = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security" in m.text else None)
    sign_in(page, live_server.url, "head.a1")

    bell = page.locator("#bell")
    expect(bell.locator(".bell-count")).to_have_text("2")
    box = bell.bounding_box()
    assert box is not None and box["height"] >= 44 and box["x"] + box["width"] <= PHONE["width"]
    header = page.locator("header.topbar").bounding_box()
    assert header is not None and header["height"] <= 60  # still one line
    bell.click()
    page.wait_for_url("**/notices")

    returned = page.locator(".notice-item").first  # newest first
    expect(returned).to_contain_text(
        "Báo cáo tháng 11/2026 của Chi hội CCB khối 1 bị trả lại: Bổ sung số hội viên"
    )
    returned.get_by_role("button", name="Đánh dấu đã đọc").click()
    expect(page.locator("#bell .bell-count")).to_have_text("1")
    expect(page.locator(".notice-item.unread")).to_have_count(1)
    assert page.url.endswith("/notices")  # in place, no reload
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.locator(".notice-item.unread .notice-text").click()
    page.wait_for_url(f"**/assignments/{ward.assignment_a1}")
    expect(page.locator("#bell .bell-count")).to_have_count(0)
    assert csp == []
    context.close()
