"""A conflict in a real browser (issue 14, item 3): the branch head adds only a note and a
photo to a form opened while the assignment was done; the leader reopened it meanwhile.
The conflict shows only the note and the photo as theirs, the photo stays chosen, and
"Save my change" keeps the leader's status and progress. On a phone and a desktop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import func, select

from wardtasks.extensions import db
from wardtasks.models import Assignment, EvidencePhoto, User
from wardtasks.tasks.services import record_status_update

from ..test_photos import jpeg_bytes
from .people import sign_in
from .test_workflow_browser import _no_horizontal_scroll, _open_form

pytestmark = pytest.mark.browser


@pytest.fixture
def app_config(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.getbasetemp() / "browser-photos"
    return {"WTF_CSRF_ENABLED": True, "PHOTO_FOLDER": str(folder)}


def _save(app, ward, **values: Any) -> None:
    with app.app_context():
        leader = db.session.get(User, ward.users["leader"])
        version = db.session.get(Assignment, ward.assignment_a1).version
        record_status_update(ward.assignment_a1, leader, expected_version=version, **values)
        db.session.remove()


@pytest.mark.parametrize("width", [360, 1280])
def test_a_conflict_keeps_only_my_note_and_photo(
    live_server, app, browser: Browser, tmp_path: Path, width: int
) -> None:
    ward = live_server.ward
    _save(app, ward, status="done", progress=100, note="Đã xong.")
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, live_server.url, "head.a1")
    row = page.locator(f"#assignment-{ward.assignment_a1}")
    _open_form(row)
    _save(app, ward, status="in_progress", progress=80, note="Mở lại để bổ sung hồ sơ")

    photo = tmp_path / "bien-ban.jpg"
    photo.write_bytes(jpeg_bytes())
    row.get_by_label("Nội dung đã thực hiện").fill("Đã nộp biên bản họp.")
    row.locator("input[type=file]").set_input_files(str(photo))
    row.get_by_role("button", name="Lưu").click()

    conflict = row.locator(".conflict")
    expect(conflict.locator(".theirs")).to_contain_text("Mở lại để bổ sung hồ sơ")
    mine = conflict.locator(".mine")
    expect(mine).to_contain_text("Đã nộp biên bản họp.")
    expect(mine).to_contain_text("1 ảnh")
    expect(mine.locator(".badge")).to_have_count(0)  # the status was not theirs to change
    expect(mine).not_to_contain_text("%")
    # The form shows the leader's state, the note and the chosen photo kept.
    expect(row.get_by_label("Đang thực hiện")).to_be_checked()
    expect(row.locator("input[name=progress]")).to_have_value("80")
    assert row.locator("input[type=file]").evaluate("input => input.files.length") == 1
    if width == 360:
        _no_horizontal_scroll(page)
    page.screenshot(path=str(tmp_path / f"conflict-{width}.png"), full_page=True)

    row.get_by_role("button", name="Lưu thay đổi của tôi").click()
    expect(row.locator(".conflict")).to_have_count(0)
    expect(row.locator(".a-meta .badge").first).to_have_text("Đang thực hiện")
    expect(row.locator(".a-note")).to_have_text("Đã nộp biên bản họp.")
    with app.app_context():
        a = db.session.get(Assignment, ward.assignment_a1)
        assert (a.status, a.progress) == ("in_progress", 80)
        photos = db.session.scalar(
            select(func.count(EvidencePhoto.id)).where(
                EvidencePhoto.assignment_id == ward.assignment_a1
            )
        )
        assert photos == 1
        db.session.remove()
    context.close()
