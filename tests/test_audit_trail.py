"""Every write leaves its audit entry, and the audit page reads every kind of entry in words.

The class, not examples: every POST route of the app's URL map and every CLI command is
either exercised here (and must leave the entry named) or listed with the reason it
writes nothing a ward must trace. Then, with every kind of entry written, the audit page
must show each as "field: before → after" in Vietnamese: no JSON, no codes, no ISO dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from wardtasks.admin.trail import FIELD_LABELS, HIDDEN_FIELDS
from wardtasks.admin.views import ACTION_LABELS, TARGET_LABELS
from wardtasks.audit import record
from wardtasks.database import write_transaction
from wardtasks.extensions import db
from wardtasks.models import AuditEntry

from .factories import PASSWORD, Ward
from .test_import_screens import SAMPLE, draft_of
from .test_plans import _add_front_and_youth

HX = {"HX-Request": "true"}
NEW_PASSWORD = "một câu mật khẩu mới"
SETTINGS = {
    "ward_name": "Quỳnh Thiện",
    "parent_body": "Ủy ban MTTQ phường",
    "issuing_body": "Ban Thường trực",
    "number_prefix": "MTTQ",
    "signer_role": "TM. Ban Thường trực",
    "signer_title": "Chủ tịch",
    "signer_name": "Nguyễn Phương",
    "recipients": "- Thường trực Đảng ủy;\n- Lưu VP.",
}


def _login(client: FlaskClient, username: str = "vanphong", password: str = PASSWORD) -> Any:
    return client.post("/login", data={"username": username, "password": password})


def _as(username: str) -> Callable[[FlaskClient], None]:
    def switch(client: FlaskClient) -> None:
        client.post("/logout")
        _login(client, username)

    return switch


def _logged_out(client: FlaskClient) -> None:
    client.post("/logout")


def _import_draft(client: FlaskClient) -> str:
    return draft_of(client.post("/plans/import", data={"text": SAMPLE}).get_data(as_text=True))


def _create_from_preview(client: FlaskClient, w: Ward) -> Any:
    return client.post(
        "/plans/import/draft",
        data={
            "draft": _import_draft(client),
            "new-code-new:0": "MTTQ",
            "new-name-new:0": "Ủy ban MTTQ phường",
            "new-short-new:0": "MTTQ",
            "action": "create:new:0",
        },
    )


def _confirm_plan(client: FlaskClient, w: Ward) -> Any:
    """Import the sample, its headings the ward lacks mapped to the veterans' union."""
    page = client.post("/plans/import", data={"text": SAMPLE}).get_data(as_text=True)
    while match := re.search(r'name="map-(new:[0-9]+)"', page):
        page = client.post(
            "/plans/import/draft",
            data={
                "draft": draft_of(page),
                f"map-{match[1]}": f"org:{w.org_a}",
                "action": f"map:{match[1]}",
            },
        ).get_data(as_text=True)
    return client.post("/plans/import/confirm", data={"draft": draft_of(page)})


def _reopen(client: FlaskClient, w: Ward) -> Any:
    client.post("/reports/close", data={"month": "2023-03", "scope": "ward"})
    return client.post(
        "/reports/reopen",
        data={"month": "2023-03", "scope": "ward", "reason": "Bổ sung số liệu khối 2"},
    )


def _post(url: Callable[[Ward], str], data: dict[str, Any]) -> Callable[[FlaskClient, Ward], Any]:
    return lambda client, w: client.post(url(w), data=data)


@dataclass(frozen=True)
class Write:
    """One way of writing through a route: it must leave an entry with ``action``."""

    name: str
    endpoint: str
    action: str
    run: Callable[[FlaskClient, Ward], Any]
    before: Callable[[FlaskClient], None] | None = None  # as the secretariat, unless
    setup: Callable[[FlaskClient, Ward], Any] | None = None  # its entries do not count


NEW_USER = {
    "username": "moi.nguoi",
    "full_name": "Người Mới",
    "role": "viewer",
    "organisation_id": "0",
    "branch_id": "0",
}
WRITES = [
    Write("login", "auth.login", "user.login", lambda c, w: _login(c, "head.a1"), _logged_out),
    Write(
        "e-mail settings",
        "notices.email_settings",
        "user.email_settings",
        _post(lambda w: "/account/email", {"email": "thu@quynhthien.gov.vn", "email_digest": "y"}),
    ),
    Write(
        "failed login, known account",
        "auth.login",
        "user.login_failed",
        lambda c, w: _login(c, "head.a1", "wrong-password"),
        _logged_out,
    ),
    Write(
        "failed login, no such account",
        "auth.login",
        "user.login_failed",
        lambda c, w: _login(c, "nobody.here", "wrong-password"),
        _logged_out,
    ),
    Write("logout", "auth.logout", "user.logout", lambda c, w: c.post("/logout")),
    Write(
        "password change, wrong current password",
        "auth.change_password",
        "user.password_change_failed",
        lambda c, w: c.post(
            "/account/password",
            data={
                "current_password": "wrong-one",
                "new_password": NEW_PASSWORD,
                "confirm": NEW_PASSWORD,
            },
        ),
        _as("head.a1"),
    ),
    Write(
        "password change",
        "auth.change_password",
        "user.change_password",
        lambda c, w: c.post(
            "/account/password",
            data={
                "current_password": PASSWORD,
                "new_password": NEW_PASSWORD,
                "confirm": NEW_PASSWORD,
            },
        ),
        _as("head.a1"),
    ),
    Write(
        "organisation from the import preview",
        "plans.edit_draft",
        "organisation.create",
        _create_from_preview,
    ),
    Write("plan from the import preview", "plans.confirm", "plan.create", _confirm_plan),
    Write(
        "close month",
        "reports.close",
        "month.close",
        _post(lambda w: "/reports/close", {"month": "2023-03", "scope": "ward"}),
    ),
    Write("reopen month", "reports.reopen", "month.reopen", _reopen),
    Write(
        "set a target",
        "targets.edit",
        "target.set",
        _post(
            lambda w: f"/tasks/{w.task_a}/target",
            {"measure": "hộ nghèo", "unit": "hộ", "direction": "at_most", "branch_value": "0"},
        ),
    ),
    Write(
        "remove a target",
        "targets.edit",
        "target.remove",
        _post(lambda w: f"/tasks/{w.task_a}/target", {"action": "remove"}),
        setup=_post(
            lambda w: f"/tasks/{w.task_a}/target",
            {"measure": "hộ nghèo", "unit": "hộ", "direction": "at_most", "branch_value": "0"},
        ),
    ),
    Write(
        "emulation weights",
        "emulation.weights_page",
        "emulation.weights",
        _post(
            lambda w: "/emulation/weights",
            {"done_on_time": "5", "done_late": "1", "overdue": "-2", "blocked": "-1"}
            | {"targets_met": "2", "reports_on_time": "2"},
        ),
    ),
    Write(
        "close an emulation period",
        "emulation.close",
        "emulation.close",
        _post(lambda w: "/emulation/close?year=2023&period=q1", {}),
    ),
    Write(
        "reopen an emulation period",
        "emulation.reopen",
        "emulation.reopen",
        _post(lambda w: "/emulation/reopen?year=2023&period=q1", {"reason": "Sửa trọng số"}),
        setup=_post(lambda w: "/emulation/close?year=2023&period=q1", {}),
    ),
    Write(
        "report settings",
        "reports.settings",
        "settings.update",
        _post(lambda w: "/reports/settings", SETTINGS),
    ),
    Write(
        "add organisation",
        "admin.organisations",
        "organisation.create",
        _post(
            lambda w: "/admin/organisations",
            {"code": "HND", "name": "Hội Nông dân", "short_name": "HND"},
        ),
    ),
    Write(
        "edit organisation",
        "admin.edit_organisation",
        "organisation.update",
        lambda c, w: c.post(
            f"/admin/organisations/{w.org_a}",
            data={"code": "CCB", "name": "Hội CCB phường", "short_name": "CCB", "sort_order": "3"},
        ),
    ),
    Write(
        "deactivate organisation",
        "admin.toggle_organisation",
        "organisation.deactivate",
        lambda c, w: c.post(f"/admin/organisations/{w.org_b}/active", data={"active": "0"}),
    ),
    Write(
        "move organisation",
        "admin.move_organisation",
        "organisation.reorder",
        lambda c, w: c.post(f"/admin/organisations/{w.org_b}/move", data={"direction": "up"}),
    ),
    Write(
        "add block",
        "admin.blocks",
        "block.create",
        _post(lambda w: "/admin/blocks", {"number": "9", "name": "Khối 9"}),
    ),
    Write(
        "edit block",
        "admin.edit_block",
        "block.update",
        lambda c, w: c.post(
            f"/admin/blocks/{w.block_1}", data={"number": "11", "name": "Khối Một"}
        ),
    ),
    Write(
        "deactivate block",
        "admin.toggle_block",
        "block.deactivate",
        lambda c, w: c.post(f"/admin/blocks/{w.block_2}/active", data={"active": "0"}),
    ),
    Write(
        "add branch",
        "admin.branches",
        "branch.create",
        lambda c, w: c.post(
            "/admin/branches",
            data={
                "organisation_id": str(w.org_a),
                "block_id": str(w.block_2),
                "name": "Chi hội trường",
            },
        ),
    ),
    Write(
        "edit branch",
        "admin.edit_branch",
        "branch.update",
        lambda c, w: c.post(
            f"/admin/branches/{w.branch_a1}",
            data={"block_id": str(w.block_2), "name": "Chi hội CCB khối Một", "sort_order": "4"},
        ),
    ),
    Write(
        "deactivate branch",
        "admin.toggle_branch",
        "branch.deactivate",
        lambda c, w: c.post(f"/admin/branches/{w.branch_b1}/active", data={"active": "0"}),
    ),
    Write(
        "move branch",
        "admin.move_branch",
        "branch.reorder",
        lambda c, w: c.post(f"/admin/branches/{w.branch_a2}/move", data={"direction": "up"}),
    ),
    Write("add user", "admin.users", "user.create", _post(lambda w: "/admin/users", NEW_USER)),
    Write(
        "edit user",
        "admin.edit_user",
        "user.update",
        lambda c, w: c.post(
            f"/admin/users/{w.users['viewer']}",
            data={
                "full_name": "Lãnh Đạo Phường",
                "role": "leader",
                "organisation_id": str(w.org_a),
                "branch_id": "0",
            },
        ),
    ),
    Write(
        "deactivate user",
        "admin.toggle_user",
        "user.deactivate",
        lambda c, w: c.post(
            f"/admin/users/{w.users['other_branch_head']}/active",
            data={"active": "0", "confirmed": "1"},
        ),
    ),
    Write(
        "reset password",
        "admin.reset_password",
        "user.reset_password",
        lambda c, w: c.post(f"/admin/users/{w.users['other_leader']}/password"),
    ),
    Write(
        "status update",
        "tasks.update_status",
        "assignment.status_update",
        lambda c, w: c.post(
            f"/assignments/{w.assignment_a1}/status",
            data={
                "status": "in_progress",
                "progress": "30",
                "note": "Đã họp chi hội",
                "version": "1",
                "due_date": "31/12/2023",
            },
        ),
    ),
]


def _take_back(client: FlaskClient, w: Ward) -> Any:
    return client.post(
        f"/tasks/{w.task_a}/assign",
        data={"action": "withdraw", "branch": [w.branch_a1], "confirmed": "1"},
    )


ASSIGNMENT_WRITES = [
    Write(
        "set responsible and due date",
        "tasks.assign",
        "assignment.set",
        lambda c, w: c.post(
            f"/tasks/{w.task_a}/assign",
            data={
                "action": "set",
                "branch": [w.branch_a1],
                "responsible": "Ông Hùng",
                "due_date": "30/06/2024",
            },
        ),
    ),
    Write("take back", "tasks.assign", "assignment.take_back", _take_back),
    Write(
        "give back",
        "tasks.assign",
        "assignment.give_back",
        lambda c, w: c.post(
            f"/tasks/{w.task_a}/assign", data={"action": "assign", "branch": [w.branch_a1]}
        ),
        setup=_take_back,
    ),
    Write(
        "redistribute a task",
        "plans.distribute_task",
        "assignment.redistribute",
        _post(lambda w: f"/plans/{w.plan}/tasks/{w.task_a}/distribute", {"mode": "branches"}),
        setup=_take_back,
    ),
    Write(
        "redistribute the plan",
        "plans.distribute_plan",
        "assignment.redistribute",
        _post(lambda w: f"/plans/{w.plan}/distribute", {"mode": "branches"}),
        setup=_take_back,
    ),
]


def _org_b_active(client: FlaskClient, w: Ward) -> None:
    """Organisation b and its branch in use (the audit page's run deactivates them)."""
    client.post(f"/admin/organisations/{w.org_b}/active", data={"active": "1"})
    client.post(f"/admin/branches/{w.branch_b1}/active", data={"active": "1"})


def _support_task_a(client: FlaskClient, w: Ward) -> None:
    """Task a led by organisation a, supported by b; then signed in as a branch head of b
    (whose leader's password the audit page's run resets)."""
    _as("vanphong")(client)
    _org_b_active(client, w)
    client.post(
        f"/plans/{w.plan}/support",
        data={"task": [str(w.task_a)], "lead": str(w.org_a), "supporter": [str(w.org_b)]},
    )
    _as("head.b1")(client)


ASSIGNMENT_WRITES += [
    Write(
        "lead and supporting organisations",
        "plans.support",
        "task.support",
        lambda c, w: c.post(
            f"/plans/{w.plan}/support",
            data={
                "task": [str(w.task_shared)],
                "lead": str(w.org_a),
                "supporter": [str(w.org_b)],
                "confirmed": "1",
            },
        ),
        setup=_org_b_active,
    ),
    Write(
        "supporting organisation's note",
        "tasks.add_note",
        "task.note",
        _post(lambda w: f"/tasks/{w.task_a}/notes", {"note": "Hội phụ nữ cùng vận động"}),
        setup=_support_task_a,
    ),
]


# Run last: once its plan is closed, its assignments take no other write.
def _submit_branch_report(client: FlaskClient, w: Ward) -> Any:
    _as("head.a1")(client)
    client.post(
        f"/cycle/branches/{w.branch_a1}/2023-03",
        data={"results": "Đã họp", "version": "0", "action": "submit"},
    )
    _as("leader.a")(client)


def _submit_organisation_report(client: FlaskClient, w: Ward) -> Any:
    _as("leader.a")(client)
    client.post(
        f"/cycle/orgs/{w.org_a}/2023-03",
        data={"results": "Hội đã họp", "version": "0", "action": "submit"},
    )
    _as("vanphong")(client)


CYCLE_WRITES = [
    Write(
        "submit a branch's monthly report",
        "cycle.save_branch_report",
        "report.submit",
        _post(
            lambda w: f"/cycle/branches/{w.branch_a1}/2023-03",
            {"results": "Đã họp chi hội", "version": "0", "action": "submit"},
        ),
        before=_as("head.a1"),
    ),
    Write(
        "return a branch's monthly report",
        "cycle.branch_review",
        "report.return",
        _post(
            lambda w: f"/cycle/branches/{w.branch_a1}/2023-03/review",
            {"action": "returned", "comment": "Bổ sung số liệu", "number": "1"},
        ),
        setup=_submit_branch_report,
    ),
    Write(
        "save an organisation's monthly report",
        "cycle.save_organisation_report",
        "report.save",
        _post(
            lambda w: f"/cycle/orgs/{w.org_a}/2023-04",
            {"results": "Hội đã họp", "version": "0", "action": "save"},
        ),
        before=_as("leader.a"),
    ),
    Write(
        "accept an organisation's monthly report",
        "cycle.organisation_review",
        "report.accept",
        _post(
            lambda w: f"/cycle/orgs/{w.org_a}/2023-03/review",
            {"action": "accepted", "comment": "", "number": "1"},
        ),
        setup=_submit_organisation_report,
    ),
    Write(
        "remind the late units",
        "cycle.remind",
        "report.remind",
        _post(lambda w: "/cycle/remind", {"month": "2023-03", "target": "late"}),
    ),
]

LAST_WRITES = [
    Write(
        "close a plan",
        "plans.close",
        "plan.close",
        _post(lambda w: f"/plans/{w.plan}/close", {"outcome": "not_done", "confirm": "1"}),
    ),
]

# POST routes that write nothing a ward must trace, and why.
NOT_AUDITED = {
    "auth.set_language": "the reader's own choice of language",
    "plans.import_plan": "shows a preview: nothing is saved before plans.confirm",
    "notices.read_one": "the reader's own notice marked read",
    "notices.read_all": "the reader's own notices marked read",
    "notices.open_notice": "the reader's own notice marked read as it is opened",
}


def _entries(app: Flask, after_id: int) -> list[AuditEntry]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEntry).where(AuditEntry.id > after_id).order_by(AuditEntry.id)
            )
        )


def _last_id(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.coalesce(func.max(AuditEntry.id), 0))))


def _run(app: Flask, client: FlaskClient, ward: Ward, write: Write) -> list[AuditEntry]:
    """Do ``write`` (as the secretariat unless it says otherwise); the entries it left."""
    (write.before or _as("vanphong"))(client)
    if write.setup is not None:
        write.setup(client, ward)
    start = _last_id(app)
    response = write.run(client, ward)
    assert response.status_code in (200, 302, 303), (write.name, response.status_code)
    return _entries(app, start)


def test_every_post_route_is_exercised_or_says_why_not(app) -> None:
    posting = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in (rule.methods or ()) and not rule.endpoint.startswith("test_")
    }
    covered = {w.endpoint for w in WRITES + ASSIGNMENT_WRITES + CYCLE_WRITES + LAST_WRITES} | set(
        NOT_AUDITED
    )
    assert posting - covered == set(), "a new POST route: exercise it in WRITES"
    assert covered - posting == set(), "a route that is gone"


@pytest.mark.parametrize(
    "write",
    [pytest.param(w, id=w.name) for w in WRITES + ASSIGNMENT_WRITES + CYCLE_WRITES + LAST_WRITES],
)
def test_every_write_route_leaves_its_audit_entry(app, client, ward, write: Write) -> None:
    entries = _run(app, client, ward, write)
    actions = [e.action for e in entries]
    assert write.action in actions, f"{write.name}: {actions}"


# CLI commands: the ones that write what a ward must trace, and why the others need not.
CLI_WRITES = {
    "create-user": (
        ["create-user", "thuky", "--role", "secretariat", "--name", "Nguyễn Thị Thư"],
        "user.create",
    ),
    "import-plan": (["import-plan", "PLAN_FILE", "--year", "2024"], "plan.create"),
}
CLI_NOT_AUDITED = {
    "backup": "reads the database only",
    "restore": "writes its entry (database.restore); tested in test_backup",
    "db": "schema migrations, run by the operator before the app serves",
    "seed-demo": "fills an empty database with the demo ward",
    "seed-scale": "developer command: fills an empty database with a generated ward",
    "notices-due": "writes notices of due dates, which change nothing of the ward's data",
    "send-digests": "e-mails notices; each run is kept in digest_run, shown under Quản trị",
}


def test_every_cli_command_is_exercised_or_says_why_not(app) -> None:
    commands = set(app.cli.list_commands(None))  # type: ignore[arg-type]
    assert commands == set(CLI_WRITES) | set(CLI_NOT_AUDITED)


@pytest.mark.parametrize("command", sorted(CLI_WRITES))
def test_every_writing_cli_command_leaves_its_audit_entry(
    app, runner, ward, tmp_path, command: str
) -> None:
    plan_file = tmp_path / "plan.txt"
    plan_file.write_text(SAMPLE, encoding="utf-8")
    with app.app_context():
        _add_front_and_youth()  # every heading of the sample is an organisation
    args, action = CLI_WRITES[command]
    start = _last_id(app)
    result = runner.invoke(args=[str(plan_file) if a == "PLAN_FILE" else a for a in args])
    assert result.exit_code == 0, result.output
    assert action in [e.action for e in _entries(app, start)]


# The page --------------------------------------------------------------------------

ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def test_the_audit_page_reads_every_kind_of_entry(app, client, ward) -> None:
    # The cycle's first: later writes deactivate and move the users who write reports.
    for write in CYCLE_WRITES + WRITES + ASSIGNMENT_WRITES + LAST_WRITES:
        _run(app, client, ward, write)
    _as("vanphong")(client)
    with app.app_context():
        entries = list(db.session.scalars(select(AuditEntry)))
    kinds = {e.action for e in entries}
    assert {w.action for w in WRITES + ASSIGNMENT_WRITES + CYCLE_WRITES + LAST_WRITES} <= kinds
    # Everything written has its words: actions, objects and fields.
    for e in entries:
        assert e.action in ACTION_LABELS, e.action
        assert e.target_type in TARGET_LABELS, e.target_type
        for values in (e.before or {}, e.after or {}):
            assert set(values) <= set(FIELD_LABELS) | HIDDEN_FIELDS, (e.action, values)

    rows = []
    pages = -(-len(entries) // 50)
    for page in range(1, pages + 1):
        html = client.get(f"/admin/audit?page={page}", headers=HX).get_data(as_text=True)
        rows += re.findall(r"<tr>\s*<td.*?</tr>", html, re.S)
    assert len(rows) == len(entries)
    table = "\n".join(rows)
    assert "\\u" not in table and "{" not in table and "}" not in table
    assert not ISO_DAY.search(table), ISO_DAY.search(table)
    for e in entries:  # no code shows: actions, object kinds, field names
        for code in (e.action, e.target_type):
            assert f">{code}</td>" not in table, code
        for key in [*(e.before or {}), *(e.after or {})]:
            assert f'class="field">{key}' not in table, key
    for word in ("True", "False", "None", "null"):
        assert word not in table
    # A few lines as a reader sees them.
    for line in (
        'Trạng thái:</span> Chưa thực hiện <span class="arrow">→</span> Đang thực hiện',
        'Tiến độ:</span> 0 % <span class="arrow">→</span> 30 %',
        'Hạn:</span> 11/07/2023 <span class="arrow">→</span> 31/12/2023',
        'Đang hoạt động:</span> Có <span class="arrow">→</span> Không',
        'Vai trò:</span> Lãnh đạo (chỉ xem) <span class="arrow">→</span> Lãnh đạo tổ chức',
        'Tổ chức:</span> — <span class="arrow">→</span> CCB',
        "Tháng:</span> 03/2023",
        "Lý do:</span> Bổ sung số liệu khối 2",
        'Phải đổi mật khẩu:</span> Không <span class="arrow">→</span> Có',
        'Họ tên người ký:</span> — <span class="arrow">→</span> Nguyễn Phương',
    ):
        assert line in table, line
    assert ">Người dùng: Trần Văn Bình (head.a1)</td>" in table  # objects by name
    assert ">Tổ chức: Hội LHPN</td>" in table
    assert ">(chưa đăng nhập)</td>" in table  # who failed to log in


def test_logins_leave_every_page_current(app, client, ward) -> None:
    """A login writes only its audit entry, which no cached page shows: other people's
    pages and counters stay current (answered 304), as before logins were audited."""
    _login(client)
    client.get("/ward")
    tag = client.get("/ward").headers["ETag"]
    other = app.test_client()
    _login(other, "head.a1", "wrong-password")
    _login(other, "head.a1")
    other.post(
        "/account/password",
        data={
            "current_password": "wrong-one",
            "new_password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert [e.action for e in _entries(app, 0)][-3:] == [
        "user.login_failed",
        "user.login",
        "user.password_change_failed",
    ]
    assert client.get("/ward", headers={"If-None-Match": tag}).status_code == 304


def test_every_field_reads_in_words(app, client, ward) -> None:
    """Every field the trail knows, changed in one entry: each reads "label: before →
    after" with words for its codes, names for its ids, dd/mm/yyyy for its dates."""
    samples: dict[str, tuple[Any, Any]] = {
        "organisation_id": (ward.org_a, ward.org_b),
        "block_id": (None, ward.block_2),
        "branch_id": (ward.branch_a1, ward.branch_b1),
        "plan_id": (None, ward.plan),
        "task_id": (None, ward.task_a),
        "active": (True, False),
        "must_change_password": (False, True),
        "role": ("branch_head", "leader"),
        "status": ("not_started", "blocked"),
        "state": ("draft", "active"),
        "progress": (0, 45),
        "due_date": ("2023-07-11", "2024-06-30"),
        "month": ("2023-02", "2023-03"),
        "year": (2023, 2024),
        "sort_order": (1, 2),
    }
    before = {f: samples.get(f, ("cũ", "mới"))[0] for f in FIELD_LABELS}
    after = {f: samples.get(f, ("cũ", "mới"))[1] for f in FIELD_LABELS}
    with app.app_context(), write_transaction():
        record(None, "organisation.update", "organisation", ward.org_a, before, after)
    _login(client)
    table = client.get("/admin/audit?action=organisation.update", headers=HX).get_data(as_text=True)
    arrows = re.findall(
        r'class="field">([^<]+):</span> ([^<]*) <span class="arrow">→</span> ([^<]*)<', table
    )
    assert len(arrows) == len(FIELD_LABELS), arrows
    words = {label: (was, now) for label, was, now in arrows}
    assert len(words) == len(FIELD_LABELS), "two fields read alike"
    assert words["Tổ chức"] == ("Hội CCB", "Hội LHPN")
    assert words["Khối"] == ("—", "Khối 2")
    assert words["Chi hội"] == ("Hội CCB · Chi hội CCB khối 1", "Hội LHPN · Chi hội phụ nữ khối 1")
    assert words["Nhiệm vụ"] == ("—", "Phong trào Cựu chiến binh gương mẫu")
    assert words["Đang hoạt động"] == ("Có", "Không")
    assert words["Vai trò"] == ("Chi hội trưởng", "Lãnh đạo tổ chức")
    assert words["Tiến độ"] == ("0 %", "45 %")
    assert words["Hạn"] == ("11/07/2023", "30/06/2024")
    assert words["Tháng"] == ("02/2023", "03/2023")
    for code in ("not_started", "blocked", "branch_head", "draft", "True", "None", "{"):
        assert code not in table, code
    assert not ISO_DAY.search(table)
