"""Helpers for the report tests (no tests here): history written through the models."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from typing import Any

import pytest
from flask import Flask
from flask_babel import gettext
from sqlalchemy import update

from wardtasks.extensions import db
from wardtasks.models import Assignment, StatusUpdate
from wardtasks.reports import exports
from wardtasks.reports.report import load_report
from wardtasks.tasks import months

from .factories import Ward, build_ward

SECRETARIAT = "vanphong"


def record(
    assignment_id: int,
    when: datetime,
    status: str,
    progress: int,
    note: str = "",
    due: date | None = None,
    author_id: int = 1,
    active: bool | None = None,
) -> None:
    """Append a status update at ``when`` (naive UTC) and move the assignment's current state
    (``due``: a new due date; None keeps it; ``active``: taken back (False) or given back
    (True); None keeps it)."""
    a = db.session.get(Assignment, assignment_id)
    assert a is not None
    a.version += 1
    db.session.add(
        StatusUpdate(
            assignment_id=a.id,
            author_id=author_id,
            created_at=when,
            from_status=a.status,
            status=status,
            from_progress=a.progress,
            progress=progress,
            note=note,
            from_due_date=a.due_date,
            due_date=a.due_date if due is None else due,
            from_active=a.active,
            active=a.active if active is None else active,
            version=a.version,
        )
    )
    # As the app does: updated_at moves with every update (reports rely on it).
    a.status, a.progress, a.updated_at = status, progress, when
    if due is not None:
        a.due_date = due
    if active is not None:
        a.active = active
    # Written past tasks/services.py: the reports' month rows are made again from the history.
    db.session.flush()
    months.rebuild([a.id])
    db.session.commit()


def page_figures(html: str) -> dict[str, int]:
    """The summary figures of the report page (data-figure / data-status attributes)."""
    figures = {
        name: int(value) for name, value in re.findall(r'data-figure="(\w+)">\(?([+-]?\d+)', html)
    }
    for status, value in re.findall(r'data-status="(\w+)">(\d+)<', html):
        figures[status] = int(value)
    for category, value in re.findall(r'data-category="(\w+)">(\d+)<', html):
        figures[category] = int(value)
    return figures


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def csv_both_ways(plan: Any, year: int, month: int, scope: Any) -> tuple[bytes, bytes]:
    """A live month's CSV for ``scope`` written from its rows (what the download serves)
    and from the month's report (how a closed month's is written, and how every CSV was
    before), with the same header; in a request context (the files' words)."""
    meta = exports.ExportMeta("Phạm vi", {}, datetime(2024, 1, 1), False, targets=["=1+1 mục tiêu"])
    label = gettext("own level")  # as the download names an organisation's own level
    report, closed = load_report(plan, year, month, scope, label, chart=False)
    assert closed is None
    old, _mime = exports.export("csv", report, meta)
    assert not isinstance(old, bytes)  # written as it is sent
    new, mime = exports.live_csv(plan, year, month, scope, label, meta)
    assert mime == "text/csv"
    return b"".join(new), b"".join(old)


def login(client: Any, username: str, password: str = "correct-horse-42") -> None:
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302


@pytest.fixture(name="ward")
def dated_ward(app: Flask) -> Ward:
    """The test ward, its assignments handed out in January 2023 (the plan's year)."""
    with app.app_context():
        ward = build_ward()
        db.session.execute(update(Assignment).values(created_at=datetime(2023, 1, 5, 2)))
        db.session.commit()
        return ward
