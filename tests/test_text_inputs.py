"""Control characters: read once on input, never stored, never a broken export.

A note with Word's line break (``\\x0b``) or page break (``\\x0c``) used to be stored, and from
then on that month's XLSX and DOCX answered 500 for good; ``\\x01`` in a report setting broke
every DOCX; a NUL was a 500 at save on PostgreSQL. Every text field of every form now reads
line breaks as "\\n" and refuses the other control characters with a message next to it
(:class:`wardtasks.inputs.Form`), and every export writes anything already stored.
"""

from __future__ import annotations

import csv
import importlib
import io
import pkgutil
from datetime import datetime
from typing import Any

import pytest
from docx import Document
from flask import Flask
from flask_wtf import FlaskForm
from openpyxl import load_workbook
from sqlalchemy import String, Text, select, update
from wtforms import HiddenField, PasswordField, StringField, TextAreaField

import wardtasks
from wardtasks.extensions import db
from wardtasks.models import Assignment, Task, WardSetting

from .factories import Ward
from .route_catalogue import ROUTES
from .test_redirects import _client, _roles
from .test_reports_support import record

# Every control character but tab and line feed, and the two non-characters XML refuses.
CONTROLS = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))]
CONTROLS += ["\ufffe", "\uffff"]
LINE_BREAKS = ("\x0b", "\x0c", "\r", "\r\n")  # Word's line and page breaks, CR LF, CR
REFUSED = "ký tự điều khiển"  # in the Vietnamese message next to the field


def has_forbidden_characters(text: str) -> bool:
    """What openpyxl and python-docx cannot write, nor PostgreSQL store (NUL)."""
    return any(c in CONTROLS for c in text)


def _form_classes() -> list[type[FlaskForm]]:
    """Every form class of the app (its base, :class:`wardtasks.inputs.Form`, aside)."""
    for module in pkgutil.walk_packages(wardtasks.__path__, "wardtasks."):
        importlib.import_module(module.name)
    found: list[type[FlaskForm]] = []
    todo = list(FlaskForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("wardtasks.") and cls.__module__ != "wardtasks.inputs":
            found.append(cls)
    return sorted(set(found), key=lambda c: c.__qualname__)


def _text_fields(cls: type[FlaskForm]) -> list[tuple[str, bool]]:
    """(name, is a text area) of the fields a user types text into: text they keep as text
    (a date or a percentage is parsed, a status chosen, a hidden field written by the app,
    a password compared as typed)."""
    fields = set()
    for klass in cls.__mro__:
        for name, unbound in vars(klass).items():
            kind = getattr(unbound, "field_class", None)
            if kind is None or not issubclass(kind, StringField):
                continue
            if issubclass(kind, HiddenField | PasswordField):
                continue
            if any(
                getattr(kind, m) is not getattr(StringField, m)
                for m in ("process_formdata", "pre_validate")
            ):
                continue
            fields.add((name, issubclass(kind, TextAreaField)))
    return sorted(fields)


FORM_FIELDS = [(cls, name, area) for cls in _form_classes() for name, area in _text_fields(cls)]


def test_every_form_of_the_app_reads_text_through_one_base() -> None:
    from wardtasks.inputs import Form

    classes = _form_classes()
    assert len(classes) >= 12
    assert all(issubclass(cls, Form) for cls in classes), [
        c.__qualname__ for c in classes if not issubclass(c, Form)
    ]
    assert len(FORM_FIELDS) >= 20  # note, names, settings, the import text …


def _read_field(app: Flask, cls: type[FlaskForm], name: str, typed: str) -> tuple[Any, list[str]]:
    """The field's data and its messages, once ``typed`` is sent in it."""
    with app.test_request_context(method="POST", data={name: typed}):
        form = cls()
        form.validate()
        return form[name].data, [str(e) for e in form[name].errors]


@pytest.mark.parametrize(
    ("cls", "name", "area"),
    FORM_FIELDS,
    ids=[f"{c.__name__}.{n}" for c, n, _a in FORM_FIELDS],
)
def test_every_text_field_reads_line_breaks_and_refuses_control_characters(
    app: Flask, cls: type[FlaskForm], name: str, area: bool
) -> None:
    """Each character between two words: a line break is one (a space on one line), a tab
    stays in a text area; any other is removed and the field says so, in Vietnamese."""
    for char in [*CONTROLS, "\r\n", "\t", "\n"]:
        data, errors = _read_field(app, cls, name, f"Hội{char}viên ")
        data = data.replace("hội", "Hội")  # a login name is lower-cased
        refused = [e for e in errors if REFUSED in e]
        if char in (*LINE_BREAKS, "\n"):
            assert data == ("Hội\nviên" if area else "Hội viên"), repr(char)
            assert not refused, repr(char)
        elif char == "\t":
            assert data == ("Hội\tviên" if area else "Hội viên")
            assert not refused
        else:
            assert refused and errors[0] == refused[0], (repr(char), errors)
            assert data == "Hộiviên", repr(char)  # shown again without it


# Through the routes: nothing sent to a writer ends up stored with a control character.


def _stored_texts(app: Flask) -> list[tuple[str, str, str]]:
    """(table, column, value) of every text stored in the database."""
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, String | Text):
                    for value in db.session.scalars(select(column)):
                        if value:
                            found.append((table.name, column.name, value))
    return found


def test_control_characters_sent_to_any_writer_are_never_stored(app: Flask, ward: Ward) -> None:
    """Every field of the form of every route that writes, one at a time, sent with a NUL,
    other control characters and Word's breaks: no server error (a NUL was a 500 on
    PostgreSQL), and afterwards no stored text holds any of them."""
    sent = 0
    for route in ROUTES:
        if route.writes is None:
            continue
        path = route.path(app, ward)
        client = _client(app, _roles(route.endpoint)[0])
        for name in route.writes(app, ward):
            form = route.writes(app, ward)
            if not isinstance(form[name], str):
                continue
            form[name] = f"{form[name]}\x00\x01\x0b\x0c\x1f\x7f\x85"
            response = client.post(path, data=form)
            response.close()
            sent += 1
            assert response.status_code < 500, (route.endpoint, name)
    assert sent >= 40
    bad = [(t, c, v) for t, c, v in _stored_texts(app) if has_forbidden_characters(v)]
    assert not bad


# Exports of what is already stored -------------------------------------------------------

# Machine-kept columns (codes, states, tokens, file names, JSON the app wrote) and the
# append-only audit trail; every other text column is typed by someone and reaches pages
# or files.
MACHINE_COLUMNS = {
    "data_version.token",
    "organisation.code",
    "user_account.username",
    "user_account.password_hash",
    "user_account.role",
    "user_account.locale",
    "user_account.session_token",
    "plan.state",
    "ward_setting.key",
    "month_close.figures",
    "periodic_report.state",
    "report_submission.outcome",
    "report_submission.figures",
    "task.source_lines",
    "assignment.status",
    "assignment_month.status",
    "status_update.from_status",
    "status_update.status",
    "evidence_photo.file_name",
    "evidence_photo.thumb_name",
}
MONTH = "2023-03"


def _free_text_columns() -> list[Any]:
    return [
        column
        for table in db.metadata.sorted_tables
        if table.name != "audit_entry"
        for column in table.columns
        if isinstance(column.type, String | Text)
        and f"{table.name}.{column.name}" not in MACHINE_COLUMNS
    ]


def poison_stored_text(app: Flask, ward: Ward, backend: str) -> None:
    """Store control characters in every typed text column, as rows saved before forms
    refused them would hold them (every character in long texts; a sample in names, whose
    columns are short), with March 2023 updates and report settings to carry them."""
    controls = [c for c in CONTROLS if not (backend == "postgresql" and c == "\x00")]
    everything = "".join(controls)
    sample = "\x0b\x0c\x01\x1f\x7f\x9f\uffff"
    head = ward.users["branch_head"]
    with app.app_context():
        # Handed out in January 2023, as the plan's assignments were.
        db.session.execute(update(Assignment).values(created_at=datetime(2023, 1, 5, 2)))
        for n, assignment in enumerate(
            (ward.assignment_a1, ward.assignment_a2, ward.assignment_b1)
        ):
            status = ("blocked", "in_progress", "done")[n]
            when = datetime(2023, 3, 5 + n)
            record(assignment, when, status, 40, f"Ghi chú{everything}cuối", None, head)
        for key in ("ward_name", "issuing_body", "signer_name", "recipients"):
            db.session.add(WardSetting(key=key, value=f"Cài đặt{sample}{key}"))
        db.session.commit()
        for column in _free_text_columns():
            suffix = everything if isinstance(column.type, Text) else sample
            db.session.execute(
                update(column.table)
                .where(column.is_not(None), column != "")
                .values({column.name: column + suffix})
            )
        db.session.commit()


def _texts_of(fmt: str, body: bytes) -> list[str]:
    if fmt == "csv":
        return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(body))
        return [
            str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row
        ] + book.sheetnames
    document = Document(io.BytesIO(body))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return texts


@pytest.mark.parametrize("scope", ["ward", "org", "branch", "block"])
def test_every_export_writes_text_stored_with_control_characters(
    app: Flask, ward: Ward, backend: str, scope: str
) -> None:
    poison_stored_text(app, ward, backend)
    key = {
        "ward": "ward",
        "org": f"org-{ward.org_a}",
        "branch": f"branch-{ward.branch_a1}",
        "block": f"block-{ward.block_1}",
    }[scope]
    client = _client(app, "secretariat")
    page = client.get(f"/reports?month={MONTH}&scope={key}")
    assert page.status_code == 200
    for fmt in ("csv", "xlsx", "docx"):
        response = client.get(f"/reports/export/{fmt}?month={MONTH}&scope={key}")
        assert response.status_code == 200, fmt
        texts = _texts_of(fmt, response.data)
        assert not [t for t in texts if has_forbidden_characters(t)], fmt
        joined = "\n".join(texts)
        # Names and notes written, Word's breaks and CR as line breaks, the rest left out.
        assert "Hội Cựu chiến binh phường\n\n" in joined, fmt
        assert "Ghi chú\n\n\ncuối" in joined, fmt


@pytest.mark.parametrize("lead", ["\r", "\x0b", "\x0c", "\r\n", "\x01\n"])
def test_a_formula_behind_a_stored_break_is_still_neutralised(
    app: Flask, ward: Ward, lead: str
) -> None:
    """A CR before a formula was neutralised; exports now write a CR as a line break, so a
    cell starting with a line break is neutralised too (``'`` first), in CSV and XLSX."""
    formula = '=HYPERLINK("http://evil.example")'
    with app.app_context():
        db.session.execute(update(Assignment).values(created_at=datetime(2023, 1, 5, 2)))
        db.session.execute(
            update(Task).where(Task.id == ward.task_a).values(title=f"{lead}{formula}")
        )
        db.session.commit()
    client = _client(app, "secretariat")
    for fmt in ("csv", "xlsx"):
        body = client.get(f"/reports/export/{fmt}?month={MONTH}&scope=org-{ward.org_a}").data
        cells = [t for t in _texts_of(fmt, body) if formula in t]
        assert cells and all(c.startswith("'") for c in cells), (fmt, cells)
