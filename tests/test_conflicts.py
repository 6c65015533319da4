"""Two people saving one assignment (issue 14, item 3): after the conflict, "Save my
change" changes only the fields the second person changed from the version they opened,
and the conflict shows only those as what they typed: each field in turn the changed one.
"""

from __future__ import annotations

import io
import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from sqlalchemy import func, select

from wardtasks.extensions import db
from wardtasks.models import Assignment, EvidencePhoto, StatusUpdate, User
from wardtasks.tasks.services import record_status_update

from .factories import PASSWORD, Ward
from .test_photos import jpeg_bytes

HX = {"HX-Request": "true"}


@pytest.fixture
def app_config(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    # One folder for the module: its tests share one app.
    return {"PHOTO_FOLDER": str(tmp_path_factory.getbasetemp() / "conflict-photos")}


class _Form(HTMLParser):
    """The fields of the update form in a page, as a browser would send them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.file_inputs: list[dict[str, str | None]] = []
        self._in_form = False
        self._textarea: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and "update-form" in (a.get("class") or ""):
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("type") == "file":
            self.file_inputs.append(a)
        elif tag == "input" and a.get("name"):
            if a.get("type") != "radio" or "checked" in a:
                self.fields[a["name"] or ""] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.fields[self._textarea or ""] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def _mine(html: str) -> str:
    """The "what you typed" column of the conflict."""
    found = re.search(r'<div class="mine">(.*?)</div>', html, re.S)
    assert found, "no conflict shown"
    return found.group(1)


# Each field as the one the second person changes: who, and what they type.
CHANGES: dict[str, tuple[str, dict[str, str]]] = {
    "status": ("head.a1", {"status": "blocked"}),
    "progress": ("head.a1", {"progress": "90"}),
    "note": ("head.a1", {"note": "Đã nộp đủ hồ sơ."}),
    "due date": ("leader.a", {"due_date": "15/08/2023"}),
    "photos": ("head.a1", {}),
}
# How each field shows in the "what you typed" column, whatever its value.
SHOWN = {
    "status": r'class="badge st-',
    "progress": r"\d+%",
    "note": r'class="a-note"',
    "due date": r"Hạn ",
    "photos": r"\d+ ảnh",
}
TYPED = {
    "status": 'class="badge st-blocked"',
    "progress": "90%",
    "note": "Đã nộp đủ hồ sơ.",
    "due date": "Hạn 15/08/2023",
    "photos": "1 ảnh",
}
THEIRS = ("in_progress", 80, date(2023, 9, 30), "Mở lại để bổ sung hồ sơ")


def _save_as_secretariat(ward: Ward, **values: Any) -> None:
    secretariat = db.session.get(User, ward.users["secretariat"])
    version = db.session.scalar(
        select(Assignment.version).where(Assignment.id == ward.assignment_a1)
    )
    record_status_update(ward.assignment_a1, secretariat, expected_version=version, **values)


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
@pytest.mark.parametrize("field", list(CHANGES))
def test_saving_again_after_a_conflict_changes_only_the_changed_field(
    app, client, ward: Ward, field: str, htmx: bool
) -> None:
    """The assignment is done 100 %; the form is opened; the secretariat reopens it (in
    progress 80 %, a new due date, a note); the form is saved with one field changed:
    the conflict shows that field alone as typed, and "Save my change" (the form as it
    comes back) leaves the secretariat's values in every other field."""
    username, typed = CHANGES[field]
    headers = HX if htmx else {}
    with app.app_context():
        _save_as_secretariat(ward, status="done", progress=100, note="Xong")
    login = client.post("/login", data={"username": username, "password": PASSWORD})
    assert login.status_code == 302
    opened = _Form(client.get(f"/assignments/{ward.assignment_a1}").get_data(as_text=True))
    assert (opened.fields["status"], opened.fields["progress"]) == ("done", "100")
    with app.app_context():
        status, progress, due, note = THEIRS
        _save_as_secretariat(ward, status=status, progress=progress, note=note, due_date=due)

    def photos() -> list[tuple[io.BytesIO, str]]:
        return [(io.BytesIO(jpeg_bytes()), "ho-so.jpg")] if field == "photos" else []

    url = f"/assignments/{ward.assignment_a1}/status"
    sent = {**opened.fields, **typed, "photos": photos()}
    conflict = client.post(url, data=sent, headers=headers, content_type="multipart/form-data")
    assert conflict.status_code == 409
    page = conflict.get_data(as_text=True)
    mine = _mine(page)
    for other, shown in SHOWN.items():
        assert bool(re.search(shown, mine)) == (other == field), f"{other} shown as typed: {mine}"
    assert TYPED[field] in mine
    again = _Form(page)
    if field == "photos":
        # htmx keeps the chosen file in its field; a plain page asks for it again.
        assert ("hx-preserve" in again.file_inputs[0]) == htmx
        assert ("chọn lại" in mine) != htmx
    saved = client.post(
        url,
        data={**again.fields, "photos": photos()},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert saved.status_code == (200 if htmx else 303), saved.get_data(as_text=True)
    with app.app_context():
        a = db.session.get(Assignment, ward.assignment_a1)
        last = db.session.scalars(
            select(StatusUpdate).order_by(StatusUpdate.id.desc()).limit(1)
        ).one()
        photo_count = db.session.scalar(
            select(func.count(EvidencePhoto.id)).where(EvidencePhoto.status_update_id == last.id)
        )
    expected = {
        "status": "blocked" if field == "status" else "in_progress",
        "progress": 90 if field == "progress" else 80,
        "due_date": date(2023, 8, 15) if field == "due date" else date(2023, 9, 30),
        "note": typed.get("note", ""),
        "photos": 1 if field == "photos" else 0,
    }
    assert {
        "status": a.status,
        "progress": a.progress,
        "due_date": a.due_date,
        "note": last.note,
        "photos": photo_count,
    } == expected
    assert (last.from_status, last.from_progress, last.version) == ("in_progress", 80, 4)
