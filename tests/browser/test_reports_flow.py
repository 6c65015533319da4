"""The secretariat picks a month and an organisation (no reload), then downloads each export."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from sqlalchemy import update

from wardtasks.extensions import db
from wardtasks.models import Assignment

from ..factories import PASSWORD
from ..test_reports_support import record

pytestmark = pytest.mark.browser


def test_choose_month_and_organisation_then_download(
    app, live_server, page: Page, tmp_path: Path
) -> None:
    ward = live_server.ward
    with app.app_context():
        db.session.execute(update(Assignment).values(created_at=datetime(2023, 1, 5)))
        db.session.commit()
        record(ward.assignment_a1, datetime(2023, 4, 3), "done", 100, "Đã hoàn thành", None, 1)
        record(ward.assignment_b1, datetime(2023, 2, 3), "blocked", 10, "Thiếu kinh phí", None, 1)
        db.session.remove()

    page.goto(live_server.url + "/login")
    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Báo cáo").click()
    page.get_by_label("Tháng", exact=True).select_option("2023-03")
    expect(page).to_have_url(live_server.url + "/reports?month=2023-03&scope=ward")
    total = page.locator('[data-figure="total"]')
    expect(total).to_have_text("5")
    expect(page.locator('[data-figure="blocked"]')).to_have_text("1")
    page.evaluate("window.__noReload = true")

    page.get_by_label("Phạm vi", exact=True).select_option(label="Hội Cựu chiến binh phường")
    expect(total).to_have_text("3")
    expect(page.locator('[data-figure="blocked"]')).to_have_text("0")
    expect(page.locator(".scope-title")).to_have_text("Hội Cựu chiến binh phường")
    expect(page).to_have_url(f"{live_server.url}/reports?month=2023-03&scope=org-{ward.org_a}")
    page.get_by_label("Tháng", exact=True).select_option("2023-04")
    expect(page.locator('[data-figure="done"]')).to_have_text("1")
    assert page.evaluate("window.__noReload") is True  # swapped by htmx, not reloaded

    files = {}
    for fmt in ("XLSX", "CSV", "DOCX"):
        with page.expect_download() as info:
            page.get_by_role("link", name=fmt, exact=True).click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        files[fmt] = path
    assert files["CSV"].name == f"bao-cao-2023-04-org-{ward.org_a}.csv"
    rows = list(csv.reader(io.StringIO(files["CSV"].read_text(encoding="utf-8-sig"))))
    assert next(r for r in rows if r and r[0] == "Tổng cộng")[1:2] == ["3"]
    assert load_workbook(files["XLSX"]).sheetnames == ["Tổng hợp", "Hội CCB"]
    assert "Hội Cựu chiến binh phường" in "\n".join(
        p.text for p in Document(str(files["DOCX"])).paragraphs
    )
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)


def test_an_organisations_task_opens_with_its_branches_and_notes(
    app, live_server, page: Page
) -> None:
    """The organisation's report lists its tasks; opening one (also after the report was
    swapped in by htmx) shows each branch's status and the month's notes, unreloaded."""
    ward = live_server.ward
    with app.app_context():
        db.session.execute(update(Assignment).values(created_at=datetime(2023, 1, 5)))
        db.session.commit()
        record(
            ward.assignment_a1,
            datetime(2023, 4, 3),
            "done",
            100,
            "Hội thi đã tổ chức xong",
            None,
            1,
        )
        db.session.remove()
    page.goto(live_server.url + "/login")
    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(live_server.url + "/reports?month=2023-04&scope=ward")
    page.evaluate("window.__noReload = true")
    page.get_by_label("Phạm vi", exact=True).select_option(label="Hội Cựu chiến binh phường")
    tasks = page.locator("details.task-detail")
    expect(tasks.first).to_be_visible()
    expect(page.get_by_text("Hội thi đã tổ chức xong")).to_have_count(0)
    for n in range(tasks.count()):
        tasks.nth(n).locator("summary").click()
        expect(tasks.nth(n).locator(".task-detail-body table")).to_be_visible()
    expect(page.get_by_text("Hội thi đã tổ chức xong")).to_be_visible()
    assert page.evaluate("window.__noReload") is True
