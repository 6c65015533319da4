"""Issue 19 in a real browser: the secretariat sets a task's target and the emulation
weights, a branch head reports the measure from a phone, and the ranking moves."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import update

from wardtasks.dates import today_in_vietnam
from wardtasks.extensions import db
from wardtasks.models import Assignment, Plan, Task

from .people import sign_in

pytestmark = pytest.mark.browser


def _this_year(app, ward) -> int:
    """The test ward's plan moved to this year, so its year's ranking is still open."""
    year = today_in_vietnam().year
    with app.app_context():
        db.session.execute(update(Plan).values(year=year))
        db.session.execute(update(Task).values(due_date=date(year, 12, 31)))
        db.session.execute(
            update(Assignment).values(
                due_date=date(year, 12, 31), created_at=datetime(year, 1, 5, 2)
            )
        )
        db.session.commit()
        db.session.remove()
    return year


def test_target_weights_report_and_the_ranking_moves(
    app, live_server, browser: Browser, tmp_path: Path
) -> None:
    ward = live_server.ward
    year = _this_year(app, ward)
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    office = desk.new_page()
    errors: list[str] = []
    office.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(office, live_server.url, "vanphong")

    # The secretariat sets the target on the task.
    office.goto(f"{live_server.url}/tasks/{ward.task_a}")
    office.get_by_role("link", name="Đặt chỉ tiêu").click()
    office.get_by_label("Chỉ tiêu (đếm cái gì)").fill("hộ tham gia mô hình")
    office.get_by_label("Đơn vị").fill("hộ")
    office.get_by_label("Đạt ít nhất").check()
    office.get_by_label("Chỉ tiêu mỗi chi hội").fill("3")
    office.get_by_role("button", name="Xác nhận chỉ tiêu").click()
    expect(office.locator(".flash")).to_have_text("Đã lưu chỉ tiêu.")
    expect(office.locator('[data-figure="on-track"]')).to_have_text("0/2 (0%)")

    # … and the weights: a target met is worth 10.
    office.get_by_role("link", name="Thi đua").click()
    office.get_by_role("link", name="Trọng số").click()
    office.get_by_label("Đạt chỉ tiêu").fill("10")
    office.get_by_role("button", name="Lưu").click()
    expect(office.locator(".flash")).to_contain_text("Đã lưu trọng số")
    office.get_by_role("link", name="Về bảng xếp hạng").click()
    branches = office.locator("#ranking-branches")
    khoi2 = branches.locator("tr", has_text="Chi hội CCB khối 2")
    expect(khoi2.locator("td").first).to_have_text("1")  # everyone tied at 0
    expect(khoi2.locator("strong").first).to_have_text("0")

    # A branch head reports the measure from a phone.
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    head = phone.new_page()
    head.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(head, live_server.url, "head.a2")
    row = head.locator(f"#assignment-{ward.assignment_a2}")
    row.get_by_role("link", name="Cập nhật", exact=True).click()
    measured = row.locator('input[name="measured"]')
    expect(measured).to_be_visible()
    expect(row.get_by_text("Chưa báo cáo.")).to_be_visible()
    row.get_by_label("Đang thực hiện").check()
    measured.fill("4")
    row.get_by_role("button", name="Lưu").click()
    expect(row.locator("form.update-form")).to_have_count(0)
    head.screenshot(path=str(tmp_path / "branch-head-360.png"), full_page=True)

    # The ranking moved: khối 2 is first, alone, and says why.
    office.reload()
    khoi2 = office.locator("#ranking-branches tr", has_text="Chi hội CCB khối 2")
    khoi1 = office.locator("#ranking-branches tr", has_text="Chi hội CCB khối 1")
    expect(khoi2.locator("td").first).to_have_text("1")
    expect(khoi2.locator("strong").first).to_have_text("10")
    expect(khoi2).to_contain_text("Đạt chỉ tiêu: 1 × 10 = 10")
    expect(khoi1.locator("td").first).to_have_text("2")
    office.goto(f"{live_server.url}/tasks/{ward.task_a}")
    expect(office.locator('[data-figure="on-track"]')).to_have_text("1/2 (50%)")
    assert year == today_in_vietnam().year
    assert not errors, errors
    desk.close()
    phone.close()
