"""Issue 17, item 1 in a real browser: after next year's plan is imported, a branch head
sees last year's unfinished work on their page, on a phone (360 × 800) and a computer
(1280 px), and updates it in place."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from ..test_year_boundary import PLAN_2024
from .people import sign_in

pytestmark = pytest.mark.browser


def test_branch_head_sees_and_updates_last_years_work(
    app, live_server, browser: Browser, tmp_path: Path
) -> None:
    plan_file = tmp_path / "2024.txt"
    plan_file.write_text(PLAN_2024, encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=["import-plan", str(plan_file), "--year", "2024", "--distribute"]
    )
    assert result.exit_code == 0, result.output
    a1 = live_server.ward.assignment_a1
    steps = [
        ({"width": 1280, "height": 800}, "Đang thực hiện", "Đã họp chi hội tháng 12."),
        ({"width": 360, "height": 800}, "Hoàn thành", "Đã thăm đủ các hộ."),
    ]
    for viewport, status, note in steps:
        context = browser.new_context(viewport=viewport, locale="vi-VN")
        page = context.new_page()
        sign_in(page, live_server.url, "head.a1")
        section = page.locator("#unfinished-work")
        expect(section.get_by_role("heading", name="Việc năm trước chưa xong")).to_be_visible()
        expect(section).to_contain_text("Nhiệm vụ trọng tâm năm 2023")
        row = section.locator(f"#assignment-{a1}")
        expect(row).to_be_visible()
        # This year's work is listed too, below.
        expect(page.locator("#assignment-list .assignment")).not_to_have_count(0)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"the page scrolls sideways: {width}px"
        row.get_by_role("link", name="Cập nhật", exact=True).click()
        expect(row.locator("form.update-form")).to_be_visible()
        row.get_by_label(status, exact=True).check()
        row.get_by_label("Nội dung đã thực hiện").fill(note)
        row.get_by_role("button", name="Lưu").click()
        expect(row.locator(".a-meta .badge").first).to_have_text(status)
        expect(row.locator(".a-note")).to_have_text(note)
        context.close()
    # Done: last year's section is gone from the branch's page.
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, live_server.url, "head.a1")
    expect(page.locator("h1")).to_have_text("Chi hội CCB khối 1")
    expect(page.locator("#unfinished-work")).to_have_count(0)
    context.close()
