"""Exports read back: XLSX (openpyxl), CSV (utf-8-sig), DOCX (python-docx) equal the page."""

from __future__ import annotations

import gzip
import io
import re
from datetime import date, datetime

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from wardtasks.extensions import db
from wardtasks.models import Assignment, Organisation, Task
from wardtasks.plans.current import current_plan
from wardtasks.reports.closing import month_in_force
from wardtasks.scope import Scope

from .factories import Ward
from .test_reports_support import (  # noqa: F401
    csv_both_ways,
    csv_rows,
    dated_ward,
    login,
    page_figures,
    record,
)

FORMULA = '=HYPERLINK("http://x")'
MONTH = "2023-03"


@pytest.fixture
def reported(app, client, ward: Ward) -> dict[str, int]:
    """March 2023 with a done, a blocked and a formula-titled assignment; logged in."""
    head = ward.users["branch_head"]
    with app.app_context():
        task = Task(plan_id=ward.plan, organisation_id=ward.org_a, title=FORMULA, text="x")
        db.session.add(task)
        db.session.flush()
        a = Assignment(
            task_id=task.id,
            organisation_id=ward.org_a,
            branch_id=ward.branch_a1,
            due_date=date(2023, 4, 20),
            created_at=datetime(2023, 1, 5),
        )
        db.session.add(a)
        db.session.commit()
        record(
            ward.assignment_a1, datetime(2023, 3, 3), "done", 100, "Đã tổ chức hội thi", None, head
        )
        record(
            ward.assignment_a2, datetime(2023, 3, 9), "blocked", 20, "Thiếu kinh phí", None, head
        )
        record(a.id, datetime(2023, 3, 12), "in_progress", 40, "@cmd|' /C calc'!A0", None, head)
    login(client, "vanphong")
    client.post(
        "/reports/settings",
        data={
            "ward_name": "Quỳnh Thiện",
            "parent_body": "Ủy ban MTTQ Việt Nam thị xã Hoàng Mai",
            "issuing_body": "Ban Thường trực Ủy ban MTTQ phường Quỳnh Thiện",
            "number_prefix": "MTTQ",
            "signer_role": "TM. Ban Thường trực",
            "signer_title": "Chủ tịch",
            "signer_name": "Nguyễn Phương",
            "recipients": "- Thường trực Đảng ủy phường;\n- Lưu VP.",
        },
    )
    html = client.get(f"/reports?month={MONTH}&scope=ward").get_data(as_text=True)
    return page_figures(html)


def _download(client, fmt: str, scope: str = "ward") -> bytes:
    response = client.get(f"/reports/export/{fmt}?month={MONTH}&scope={scope}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return response.data


def test_csv_equals_the_page(client, reported: dict[str, int], ward: Ward) -> None:
    rows = csv_rows(_download(client, "csv"))
    assert rows[0][0] == "Báo cáo kết quả thực hiện nhiệm vụ tháng 03/2023"
    header = next(r for r in rows if r and r[0] == "Tổ chức")
    total = dict(zip(header, next(r for r in rows if r and r[0] == "Tổng cộng"), strict=True))
    assert int(total["Phân công"]) == reported["total"] == 6
    assert int(total["Hoàn thành"]) == reported["done"] == 1
    assert int(total["Gặp khó khăn, vướng mắc"]) == reported["blocked"] == 1
    assert int(total["Quá hạn"]) == reported["overdue"]
    assert int(total["Tỷ lệ hoàn thành (%)"]) == reported["percent"]
    for category in ("Hoàn thành đúng hạn", "Chưa đến hạn"):
        assert category in total
    # The whole ward: one row per organisation and task, adding up to the total.
    task_header = next(r for r in rows if r[:2] == ["Tổ chức", "Nhiệm vụ"])
    start = rows.index(task_header) + 1
    tasks = [dict(zip(task_header, r, strict=True)) for r in rows[start : rows.index([], start)]]
    assert sum(int(t["Phân công"]) for t in tasks) == reported["total"]
    assert sum(int(t["Hoàn thành"]) for t in tasks) == reported["done"]
    titles = {t["Nhiệm vụ"] for t in tasks}
    assert "Phong trào Cựu chiến binh gương mẫu" in titles  # diacritics intact
    assert "'" + FORMULA in titles and FORMULA not in titles
    assert any("Thiếu kinh phí" in r for r in rows)  # the difficulty and its note
    # An organisation's file lists each branch with the notes of the month.
    rows = csv_rows(_download(client, "csv", f"org-{ward.org_a}"))
    detail_header = next(
        r for r in rows if r and r[:2] == ["Tổ chức", "Chi hội"] and "Nhiệm vụ" in r
    )
    details = rows[rows.index(detail_header) + 1 :]
    org_total = next(r for r in rows if r and r[0] == "Tổng cộng")
    assert len(details) == int(org_total[1]) == 4
    assert "'" + FORMULA in {r[2] for r in details}
    notes = " ".join(r[9] for r in details)
    assert "Thiếu kinh phí" in notes and "'@cmd" not in notes  # only cells *starting* with @


def test_xlsx_equals_the_page(client, reported: dict[str, int], ward: Ward) -> None:
    wb = load_workbook(io.BytesIO(_download(client, "xlsx")))
    summary = wb.worksheets[0]
    assert summary.title == "Tổng hợp"
    assert summary.freeze_panes == "B7"
    header = [c.value for c in summary[6]]
    total_row = next(r for r in summary.iter_rows(values_only=True) if r[0] == "Tổng cộng")
    total = dict(zip(header, total_row, strict=True))
    assert total["Phân công"] == reported["total"]
    assert total["Hoàn thành"] == reported["done"]
    assert total["Gặp khó khăn, vướng mắc"] == reported["blocked"]
    assert round(total["Tỷ lệ hoàn thành (%)"] * 100) == reported["percent"]
    assert isinstance(total["Tỷ lệ hoàn thành (%)"], float)
    names = [ws.title for ws in wb.worksheets[1:]]
    assert names == ["Hội CCB", "Hội LHPN"]
    # The whole ward: each organisation's sheet has a row per task with its counts.
    counted = 0
    for sheet in wb.worksheets[1:]:
        head = [c.value for c in sheet[1]]
        assert head[:2] == ["Nhiệm vụ", "Phân công"]
        for values in sheet.iter_rows(min_row=2, values_only=True):
            task = dict(zip(head, values, strict=True))
            assert isinstance(task["Phân công"], int)
            counted += task["Phân công"]
    assert counted == reported["total"]
    formula_cell = next(c for c in wb["Hội CCB"]["A"] if c.value == "'" + FORMULA)
    assert formula_cell.data_type == "s"
    # An organisation's workbook has each branch's row, coloured, with real dates.
    wb = load_workbook(io.BytesIO(_download(client, "xlsx", f"org-{ward.org_a}")))
    ccb = wb["Hội CCB"]
    assert ccb.freeze_panes == "A2"
    assert ccb["C1"].value == "Nhiệm vụ" and ccb["C1"].font.b
    rows = list(ccb.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 4
    titles = [r[2] for r in rows]
    assert "Phong trào Cựu chiến binh gương mẫu" in titles
    assert "'" + FORMULA in titles
    done_row = next(r for r in ccb.iter_rows(min_row=2) if r[3].value == "Hoàn thành")
    assert done_row[3].fill.fgColor.rgb.endswith("E8F5E9")
    assert done_row[4].value == 1 and done_row[4].number_format == "0%"
    assert isinstance(done_row[5].value, datetime) and done_row[5].value.date() == date(2023, 7, 11)
    assert ccb.column_dimensions["C"].width >= 30
    # Rows as tall as their wrapped text, the header's too; filters over every row.
    assert ccb.row_dimensions[1].height == 32
    assert all(ccb.row_dimensions[r].height >= 15 for r in range(2, 6))
    assert ccb.auto_filter.ref == "A1:J5"
    assert wb.worksheets[0]["A1"].font.b and wb.worksheets[0].column_dimensions["A"].width == 42


def test_docx_is_a_vietnamese_administrative_report(client, reported: dict[str, int]) -> None:
    doc = Document(io.BytesIO(_download(client, "docx")))
    head = doc.tables[0]
    left = head.cell(0, 0).text
    right = head.cell(0, 1).text
    assert "ỦY BAN MTTQ VIỆT NAM THỊ XÃ HOÀNG MAI" in left
    assert "BAN THƯỜNG TRỰC ỦY BAN MTTQ PHƯỜNG QUỲNH THIỆN" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    assert head.cell(1, 0).text == "Số: ……/BC-MTTQ"
    assert head.cell(1, 1).text.startswith("Quỳnh Thiện, ngày ")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO\nKết quả thực hiện nhiệm vụ tháng 03/2023" in text
    for heading in (
        "I. KẾT QUẢ CHUNG",
        "III. KHÓ KHĂN, VƯỚNG MẮC",
        "PHƯƠNG HƯỚNG NHIỆM VỤ THÁNG 04/2023",
    ):
        assert heading in text
    assert "Thiếu kinh phí" in text  # the difficulty and its note
    # 4/2023 due: next month's task (a document has no formulas), counted for the ward.
    assert f"{FORMULA} (hạn 20/04/2023): Hội CCB, 1 " in text
    # Section II: each organisation's tasks with done/total, adding up to the total.
    counts = re.findall(r"^- .*: (\d+)/(\d+) hoàn thành\.$", text, re.MULTILINE)
    assert sum(int(total) for _done, total in counts) == reported["total"]
    assert sum(int(done) for done, _total in counts) == reported["done"]
    summary = doc.tables[1]
    cells = [c.text for c in summary.rows[-1].cells]
    assert cells[0] == "Tổng cộng"
    assert int(cells[1]) == reported["total"] and int(cells[2]) == reported["done"]
    assert cells[7] == f"{reported['percent']}%"
    signature = doc.tables[-1]
    assert "Nơi nhận:" in signature.cell(0, 0).text
    assert "TM. BAN THƯỜNG TRỰC\nCHỦ TỊCH" in signature.cell(0, 1).text
    assert "Nguyễn Phương" in signature.cell(0, 1).text
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 13
    assert doc.sections[0].page_width.cm == pytest.approx(21, abs=0.01)


def test_exports_follow_the_scope(client, reported: dict[str, int], ward: Ward) -> None:
    rows = csv_rows(_download(client, "csv", f"branch-{ward.branch_a2}"))
    total = next(r for r in rows if r and r[0] == "Tổng cộng")
    assert total[1] == "1"
    assert rows[1] == ["Phạm vi", "Chi hội CCB khối 2"]


def test_open_month_files_are_stable_in_content_and_closed_ones_in_bytes(
    app, client, reported: dict[str, int]
) -> None:
    assert _download(client, "csv") == _download(client, "csv")
    client.post("/reports/close", data={"month": MONTH, "scope": "ward"})
    for fmt in ("xlsx", "docx"):
        first = _download(client, fmt)
        assert _download(client, fmt) == first
    doc = Document(io.BytesIO(_download(client, "docx")))
    wb = load_workbook(io.BytesIO(_download(client, "xlsx")))
    assert doc.core_properties.modified == doc.core_properties.created
    assert wb.properties.modified == wb.properties.created


# Libraries a worker that only serves pages never loads (issues 13 and 16, memory): the
# export and picture libraries, Flask-Migrate and Alembic load when a download, a photo or
# a `flask db` command needs them; the plan importer's parser and vocabulary when a plan is
# imported (wardtasks/importer/__init__.py); Redis only when configured; the test tools and
# Flask-Limiter (gone) never. On SQLite, neither SQLAlchemy's PostgreSQL dialect nor its
# driver (models/base.py's partial_index). Run in a fresh interpreter (this one has
# imported them all), with the app built as the tests build it but without importing the
# test suite, and as `make run` serves it: without docstrings and asserts
# (PYTHONOPTIMIZE=2, the Makefile's SERVE_ENV), which the pages and files work without.
LAZY_LIBRARIES = (
    "openpyxl",
    "docx",
    "PIL",
    "alembic",
    "flask_migrate",
    "wardtasks.importer.parser",
    "wardtasks.importer.vocab",
    # The command line's own modules (wardtasks.cli.LAZY_COMMANDS), the demo ward's data
    # and the generated scale ward among them.
    "wardtasks.backup",
    "wardtasks.demo",
    "wardtasks.devtools.scale",
    "wardtasks.plans.cli",
    "wardtasks.notices.cli",
    "redis",
    "flask_limiter",
    "hypothesis",
    "pytest",
    "playwright",
)
LAZY_ON_SQLITE = ("sqlalchemy.dialects.postgresql", "psycopg")


def test_pages_do_not_load_the_lazy_libraries_and_exports_do(
    app, database_url: str, ward: Ward
) -> None:
    """Every page the secretariat may open (every GET route of the permission matrix but
    the downloads), then the XLSX and DOCX downloads."""
    from .fresh_process import modules_loaded
    from .test_permissions import MATRIX

    pages = [
        url(ward)
        for endpoint, (method, url, roles, _anonymous) in MATRIX.items()
        if method == "GET" and "secretariat" in roles and not endpoint.endswith(".export")
    ]
    assert len(pages) > 20
    lazy = LAZY_LIBRARIES + (LAZY_ON_SQLITE if database_url.startswith("sqlite") else ())
    files = [f"/reports/export/{fmt}?month=2023-03&scope=ward" for fmt in ("xlsx", "docx")]
    (at_start, after_pages, after_exports), optimize = modules_loaded(
        database_url, [("vanphong", pages, "no error"), ("vanphong", files, "file")], lazy
    )
    assert at_start == after_pages == []
    assert {"docx", "openpyxl"} <= set(after_exports)  # openpyxl brings Pillow along
    assert optimize == 2


# --------------------------------------------------------------------------- issue 17: words


def _header_rows(rows: list[list[str]]) -> list[list[str]]:
    """The rows of column titles: those naming the assignments' count or a task's columns."""
    return [r for r in rows if "Phân công" in r or "Trạng thái" in r]


@pytest.mark.parametrize("scope", ["ward", "org", "branch"])
def test_every_report_column_has_its_own_title(
    client, reported: dict[str, int], ward: Ward, scope: str
) -> None:
    """No table of the page, the CSV or the XLSX has two columns of the same title (two
    "Hoàn thành", two "Quá hạn")."""
    key = {"ward": "ward", "org": f"org-{ward.org_a}", "branch": f"branch-{ward.branch_a1}"}[scope]
    html = client.get(f"/reports?month={MONTH}&scope={key}").get_data(as_text=True)
    heads = re.findall(r"<thead>(.*?)</thead>", html, re.DOTALL)
    assert heads
    for head in heads:
        titles = [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<th.*?</th>", head)]
        assert len(titles) == len(set(titles)), titles
    csv_heads = _header_rows(csv_rows(_download(client, "csv", key)))
    assert csv_heads
    for row in csv_heads:
        assert len(row) == len(set(row)), row
    wb = load_workbook(io.BytesIO(_download(client, "xlsx", key)))
    xlsx_heads = _header_rows(
        [[str(v) for v in r if v is not None] for ws in wb for r in ws.iter_rows(values_only=True)]
    )
    assert xlsx_heads
    for row in xlsx_heads:
        assert len(row) == len(set(row)), row


def _docx_text(doc) -> str:  # noqa: ANN001
    return "\n".join(p.text for p in doc.paragraphs)


def test_docx_of_an_open_month_says_its_figures_are_provisional(
    client, reported: dict[str, int]
) -> None:
    """As the page and the CSV do; once the month is closed, it does not."""
    assert "tạm tính" in _docx_text(Document(io.BytesIO(_download(client, "docx"))))
    client.post("/reports/close", data={"month": MONTH, "scope": "ward"})
    assert "tạm tính" not in _docx_text(Document(io.BytesIO(_download(client, "docx"))))


@pytest.mark.parametrize("scope", ["ward", "org"])
def test_docx_tables_fit_the_text_width(
    client, reported: dict[str, int], ward: Ward, scope: str
) -> None:
    key = "ward" if scope == "ward" else f"org-{ward.org_a}"
    doc = Document(io.BytesIO(_download(client, "docx", key)))
    section = doc.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert len(doc.tables) >= 3
    for table in doc.tables:
        for row in table.rows:
            assert sum(cell.width for cell in row.cells) <= text_width


LONG_TASK = (
    "Tiếp tục đẩy mạnh cuộc vận động toàn dân đoàn kết xây dựng nông thôn mới và đô thị văn"
    " minh gắn với phong trào thi đua cả nước chung tay vì người nghèo và không để ai bị bỏ"
    " lại phía sau trên địa bàn phường; báo cáo kết quả hằng quý."
)


def test_docx_writes_titles_in_full_and_notes_without_a_double_stop(
    app, client, ward: Ward
) -> None:
    """A title shortened at import ("…") is written out in full in every part of the
    document; a note ending with a stop is not closed as ".)."; the first document of a
    fresh ward (no report settings) is dated at the ward's configured name."""
    from wardtasks.importer.clauses import make_title

    title = make_title(LONG_TASK)
    assert title.endswith("…")
    full = make_title(LONG_TASK, max_chars=None)
    head = ward.users["branch_head"]
    with app.app_context():
        task = Task(plan_id=ward.plan, organisation_id=ward.org_a, title=title, text=LONG_TASK)
        db.session.add(task)
        db.session.flush()
        ids = []
        for branch in (ward.branch_a1, ward.branch_a2):
            a = Assignment(
                task_id=task.id,
                organisation_id=ward.org_a,
                branch_id=branch,
                due_date=date(2023, 4, 25),
                created_at=datetime(2023, 1, 5),
            )
            db.session.add(a)
            db.session.flush()
            ids.append(a.id)
        db.session.commit()
        record(ids[0], datetime(2023, 3, 9), "blocked", 20, "Chưa có kinh phí.", None, head)
        record(ward.assignment_a2, datetime(2023, 3, 9), "blocked", 20, "Thiếu địa điểm;", None)
    login(client, "vanphong")
    for scope in ("ward", f"org-{ward.org_a}"):
        text = _docx_text(Document(io.BytesIO(_download(client, "docx", scope))))
        assert "…" not in text.replace("……", "")
        assert text.count(full) >= 3, scope  # part II, the difficulties, next month
        assert "(Chưa có kinh phí)." in text and "(Thiếu địa điểm)." in text
        assert ".)" not in text and ";)" not in text
        # Titles stay short on the page and in the spreadsheets.
        assert title in client.get(f"/reports?month={MONTH}&scope={scope}").get_data(as_text=True)
    doc = Document(io.BytesIO(_download(client, "docx")))
    assert doc.tables[0].cell(1, 1).text.startswith("Quỳnh Thiện, ngày ")
    # Saved blank, the ward's name is still the place.
    client.post("/reports/settings", data={"ward_name": "", "signer_title": "Chủ tịch"})
    doc = Document(io.BytesIO(_download(client, "docx")))
    assert doc.tables[0].cell(1, 1).text.startswith("Quỳnh Thiện, ngày ")


def test_a_repeated_file_is_the_kept_one_until_a_write(
    app, client, reported: dict[str, int], ward: Ward
) -> None:
    """The second download of a file of an unchanged month is the first one, byte for
    byte, built from nothing (no report query); after a write the file shows it."""
    from sqlalchemy import event

    from wardtasks.extensions import cache

    with app.app_context():
        cache.clear()
        engine = db.engine
    scope = f"org-{ward.org_a}"
    first = {fmt: _download(client, fmt, scope) for fmt in ("csv", "xlsx", "docx")}
    statements: list[str] = []

    def _count(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", _count)
    try:
        again = {fmt: _download(client, fmt, scope) for fmt in ("csv", "xlsx", "docx")}
    finally:
        event.remove(engine, "before_cursor_execute", _count)
    assert again == first
    assert not [s for s in statements if "status_update" in s or "ward_setting" in s]
    # A client that accepts gzip gets the kept CSV as it is kept, compressed: the same file.
    packed = client.get(
        f"/reports/export/csv?month={MONTH}&scope={scope}", headers={"Accept-Encoding": "gzip"}
    )
    assert packed.headers["Content-Encoding"] == "gzip"
    assert packed.headers["Content-Disposition"].startswith("attachment;")
    assert gzip.decompress(packed.data) == first["csv"]
    assert any("Đã tổ chức hội thi" in cell for row in csv_rows(first["csv"]) for cell in row)
    with app.app_context():
        record(ward.assignment_a1, datetime(2023, 3, 20), "done", 100, "Bổ sung hồ sơ", None, 1)
    renewed = csv_rows(_download(client, "csv", scope))
    assert any("Bổ sung hồ sơ" in cell for row in renewed for cell in row)


def test_a_live_months_csv_is_the_one_its_report_writes(app, runner) -> None:
    """The demo ward, every month of its plan, the whole ward and each organisation: the
    CSV downloaded for a live month (written from the month's rows) is byte for byte the
    one written from the month's report (the page's figures, the files before)."""
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    compared = 0
    with app.test_request_context():
        plan = current_plan()
        assert plan is not None
        scopes = [Scope("ward")] + [
            Scope("org", org_id) for org_id in db.session.scalars(select(Organisation.id))
        ]
        for month in range(1, 13):
            if month_in_force(plan.id, plan.year, month) is not None:
                continue  # a closed month's file is written from its stored report
            for scope in scopes:
                new, old = csv_both_ways(plan, plan.year, month, scope)
                assert new == old, f"{month:02d}/{plan.year}, {scope.key}"
                compared += new.count(b"\r\n") > 20
    assert compared >= 12
