"""The monthly reporting cycle on a 360 px phone (issue 18): a branch head fills and
submits March's report, the leader returns it with a comment, the branch head sees the
notice under the bell, opens it to the returned report and its comment, corrects and
submits again; no page breaks the CSP, none scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from wardtasks.extensions import db
from wardtasks.models import Notice, ReportSubmission, User

from .people import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}


def _phone(browser: Browser) -> tuple[Page, list[str]]:
    page = browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
    csp: list[str] = []
    page.on(
        "console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None
    )
    return page, csp


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways: {width} px"


def test_submit_return_correct_resubmit_on_a_phone(app, live_server, browser: Browser) -> None:
    ward = live_server.ward
    url = f"{live_server.url}/cycle/branches/{ward.branch_a1}/2023-03"

    head, csp = _phone(browser)
    sign_in(head, live_server.url, "head.a1")
    # Menu → Báo cáo → Báo cáo định kỳ: the board, then March's report.
    head.locator(".menu-button").click()
    head.locator(".mainnav").get_by_role("link", name="Báo cáo", exact=True).click()
    head.locator(".subnav").get_by_role("link", name="Báo cáo định kỳ").click()
    head.wait_for_url("**/cycle")
    head.goto(f"{live_server.url}/cycle?month=2023-03")
    _no_sideways_scroll(head)
    head.get_by_role("link", name="Chi hội CCB khối 1").first.click()
    head.wait_for_url(url)
    expect(head.locator("#report-state")).to_have_text("Chưa lập báo cáo")
    _no_sideways_scroll(head)
    head.get_by_label("Kết quả").fill("Đã họp chi hội, thăm 3 hội viên ốm")
    head.get_by_label("Khó khăn, vướng mắc").fill("Thiếu kinh phí")
    head.get_by_role("button", name="Nộp báo cáo").click()
    expect(head.locator(".flash-success")).to_contain_text("Đã nộp báo cáo tháng 03/2023")
    expect(head.locator("#report-state")).to_have_text("Đã nộp, chờ xem xét")

    leader, csp2 = _phone(browser)
    sign_in(leader, live_server.url, "leader.a")
    leader.goto(url)
    _no_sideways_scroll(leader)
    leader.get_by_label("Ý kiến (bắt buộc khi trả lại báo cáo)").fill("Bổ sung số hội viên")
    leader.get_by_role("button", name="Trả lại để chỉnh sửa").click()
    expect(leader.locator("#report-state")).to_have_text("Bị trả lại, cần chỉnh sửa")

    # The branch head's bell counts the notice; the list says why, and opens the report.
    head.goto(f"{live_server.url}/cycle")
    expect(head.locator("#bell .bell-count")).to_have_text("1")
    head.locator("#bell").click()
    head.wait_for_url("**/notices")
    notice = head.locator(".notice-item.unread .notice-text")
    expect(notice).to_contain_text("bị trả lại")
    expect(notice).to_contain_text("Bổ sung số hội viên")
    notice.click()
    head.wait_for_url(url)
    expect(head.locator(".returned-comment")).to_contain_text("Bổ sung số hội viên")
    with app.app_context():
        uid = db.session.scalar(select(User.id).where(User.username == "head.a1"))
        kinds = list(db.session.scalars(select(Notice.kind).where(Notice.user_id == uid)))
    assert kinds == ["report_returned"]
    results = head.get_by_label("Kết quả")
    expect(results).to_have_value("Đã họp chi hội, thăm 3 hội viên ốm")
    results.fill("Đã họp chi hội, thăm 5 hội viên ốm")
    head.get_by_role("button", name="Nộp lại").click()
    expect(head.locator("#report-state")).to_have_text("Đã nộp, chờ xem xét")
    expect(head.locator(".cycle-history")).to_contain_text("Lần nộp 2")
    with app.app_context():
        texts = list(
            db.session.scalars(select(ReportSubmission.results).order_by(ReportSubmission.number))
        )
    assert texts == ["Đã họp chi hội, thăm 3 hội viên ốm", "Đã họp chi hội, thăm 5 hội viên ốm"]
    assert not csp and not csp2
