"""Every route of the URL map with everything it reads, and values that work in the test ward.

For each endpoint and method: the arguments of its address (filled from the ward, see
``ARGUMENTS``), the query parameters and form fields it reads, each with values that make
sense in the test ward, and for a route that writes, a form that does write
(:attr:`Route.writes`). The fuzz pass (``tests/fuzz_routes.py``, ``make fuzz``) sends every
one of them hostile values; the suite's tests of every writer send the writing forms.
``tests/test_route_catalogue.py`` checks that nothing the app reads is missing here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from sqlalchemy import select

from wardtasks.extensions import db
from wardtasks.models import Assignment
from wardtasks.plans.draft import Draft, DraftItem, NewOrg, SkippedRow

from .factories import PASSWORD, Ward
from .test_notices import unread_notices

# A parameter's good values, given the ward.
Values = Callable[[Ward], list[str]]
# A form that writes, given the app and the ward (it may prepare the database first).
Writer = Callable[[Flask, Ward], dict[str, Any]]


def fixed(*values: str) -> Values:
    return lambda _w: list(values)


@dataclass(frozen=True)
class Route:
    """One endpoint and method: what it reads, and (POST) a form that writes."""

    endpoint: str
    method: str
    query: Mapping[str, Values] = field(default_factory=dict)
    form: Mapping[str, Values] = field(default_factory=dict)
    writes: Writer | None = None
    # The names of its file fields (sent as multipart).
    files: tuple[str, ...] = ()

    def path(self, app: Flask, ward: Ward) -> str:
        """The route's address in the test ward."""
        rule = next(
            r
            for r in app.url_map.iter_rules()
            if r.endpoint == self.endpoint and self.method in (r.methods or ())
        )
        return rule.build({a: ARGUMENTS[a](ward) for a in rule.arguments})[1]


# URL arguments filled from the test ward; photo 1 is made by the permission matrix's SETUP.
ARGUMENTS: dict[str, Callable[[Ward], str]] = {
    "org_id": lambda w: str(w.org_a),
    "branch_id": lambda w: str(w.branch_a1),
    "block_id": lambda w: str(w.block_1),
    "plan_id": lambda w: str(w.plan),
    "task_id": lambda w: str(w.task_a),
    "assignment_id": lambda w: str(w.assignment_a1),
    "user_id": lambda w: str(w.users["other_org_branch_head"]),
    "photo_id": lambda w: "1",
    "notice_id": lambda w: "1",
    "size": lambda w: "thumb",
    "fmt": lambda w: "csv",
    "month": lambda w: "2023-03",
}
# Other good values of each argument, for the fuzz.
MORE_ARGUMENTS: dict[str, Callable[[Ward], list[str]]] = {
    "org_id": lambda w: [str(w.org_b)],
    "branch_id": lambda w: [str(w.branch_a2), str(w.branch_b1)],
    "block_id": lambda w: [str(w.block_2)],
    "task_id": lambda w: [str(w.task_b), str(w.task_shared)],
    "assignment_id": lambda w: [str(w.assignment_b1), str(w.assignment_org_a)],
    "user_id": lambda w: [str(w.users["other_branch_head"])],
    "size": lambda w: ["full"],
    "fmt": lambda w: ["xlsx", "docx"],
    "month": lambda w: ["2023-01", "2022-12"],
}

# --- values of parameters shared by many routes ---


def _scopes(w: Ward) -> list[str]:
    return [
        "ward",
        f"org-{w.org_a}",
        f"branch-{w.branch_a1}",
        f"block-{w.block_1}",
        f"task-{w.task_a}",
    ]


MONTHS = fixed("2023-03", "2023-01", "2023-12", "2022-12")
NEXT = fixed("/ward", "/reports?month=2023-03")
LIST_FILTERS: dict[str, Values] = {
    "org": lambda w: [str(w.org_a), str(w.org_b)],
    "branch": lambda w: [str(w.branch_a1), str(w.branch_b1)],
    "block": lambda w: [str(w.block_1)],
    "status": fixed("in_progress", "done", "blocked"),
    "overdue": fixed("1"),
    "month": fixed("1"),
    "q": fixed("ho tro", "Cựu chiến binh"),
    "page": fixed("1", "2"),
}
ACTIVE = fixed("0", "1")
# Lead and supporting organisations of tasks (issue 19.2).


def _supporting(app: Flask, ward: Ward, form: dict[str, Any]) -> dict[str, Any]:
    """``form``, once task a is supported by organisation b (whose people add notes)."""
    from .test_support import give_support

    give_support(app, ward)
    return form


SUPPORT_FORM: dict[str, Values] = {
    "task": lambda w: [str(w.task_shared), str(w.task_a)],
    "lead": lambda w: [str(w.org_a), str(w.org_b)],
    "supporter": lambda w: [str(w.org_b), str(w.org_a)],
    # the answer to "take back the other organisations' assignments?" (web.confirmation)
    "confirmed": fixed("1", ""),
}
DIRECTION = fixed("up", "down")


def _version(app: Flask, ward: Ward) -> str:
    with app.app_context():
        return str(db.session.get(Assignment, ward.assignment_a1).version)


def status_update(app: Flask, ward: Ward) -> dict[str, Any]:
    """A status update of assignment a1 that saves (its note is new each time)."""
    return {
        "status": "in_progress",
        "progress": "30",
        "note": f"Đã họp chi hội #{_version(app, ward)}",
        "version": _version(app, ward),
    }


def draft_json(ward: Ward, *, new_org: bool = False) -> str:
    """A preview's draft for the ward: a task of organisation a, one shared, and (with
    ``new_org``) one under a heading the ward has no organisation for."""
    items = [
        DraftItem("Tuyên truyền chủ trương mới", "Tuyên truyền", "shared", "", [3]),
        DraftItem("Thăm hỏi hội viên ốm đau", "Thăm hỏi hội viên", f"org:{ward.org_a}", "", [5]),
    ]
    new_orgs = []
    if new_org:
        items.append(DraftItem("Hỗ trợ nông dân", "Hỗ trợ nông dân", "new:1", "30/06/2024", [7]))
        new_orgs.append(NewOrg("new:1", "Hội Nông dân", "HND"))
    draft = Draft(
        year=2024,
        title="Nhiệm vụ trọng tâm năm 2024",
        source_text="Nhiệm vụ trọng tâm năm 2024\n\n- Tuyên truyền chủ trương mới",
        items=items,
        new_orgs=new_orgs,
        skipped=[SkippedRow(1, "Ảnh: hội nghị", "caption")],
        heading_lines=[2],
        line_count=7,
    )
    return draft.to_json()


# JSON values that break a reader expecting a draft's fields, and nesting too deep to parse.
BAD_JSON = ["1e999", "-1", "100000000000000000000", '"²"', '"\\u0001"', "null", "[]", "{}", "true"]
BAD_JSON += ['"new:²"', '"org:99999999999999999999"', '"shared"', '""']
DEEP_JSON = "[" * 5000 + "]" * 5000


def json_paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Where ``value`` (parsed JSON) holds something: every key, the first item of a list."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from json_paths(item, (*prefix, key))
    elif isinstance(value, list) and value:
        yield from json_paths(value[0], (*prefix, 0))


def json_replaced(raw: str, path: tuple[Any, ...], literal: str) -> str:
    """The JSON text ``raw`` with the value at ``path`` replaced by the JSON text ``literal``."""
    if not path:
        return literal
    data = json.loads(raw)
    holder = data
    for key in path[:-1]:
        holder = holder[key]
    marker = "\x00mark\x00"
    holder[path[-1]] = marker
    return json.dumps(data, ensure_ascii=False).replace(json.dumps(marker), literal)


TARGET_FORM: dict[str, Values] = {
    "action": fixed("save", "remove"),
    "measure": fixed("hộ nghèo và cận nghèo", "hội viên tham gia BHYT"),
    "unit": fixed("hộ", "%"),
    "direction": fixed("at_most", "at_least"),
    "branch_value": fixed("0", "90", ""),
    "organisation_value": fixed("0", "95", ""),
    "baseline": fixed("14", ""),
}
PERIOD_QUERY: dict[str, Values] = {
    "year": fixed("2023"),
    "period": fixed("year", "q1", "m03"),
}
WEIGHTS_FORM: dict[str, Values] = {
    key: fixed("3", "-2", "0")
    for key in (
        "done_on_time",
        "done_late",
        "overdue",
        "blocked",
        "targets_met",
        "reports_on_time",
    )
}


def _reopen_period(app: Flask, ward: Ward) -> dict[str, Any]:
    """Closes the year 2023 first, unless it is closed (through the service)."""
    from wardtasks.emulation.closing import close_period, period_in_force
    from wardtasks.emulation.scores import Period
    from wardtasks.models import Plan, User

    with app.test_request_context():
        plan = db.session.get(Plan, ward.plan)
        user = db.session.get(User, ward.users["secretariat"])
        if period_in_force(plan.id, "year") is None:
            close_period(
                plan,
                Period(2023, "year"),
                user,
                dict.fromkeys(("not_ended", "already_closed"), "x"),
            )
    return {"reason": "Bổ sung số liệu"}


def _close_month(app: Flask, ward: Ward) -> dict[str, Any]:
    return {"month": "2023-03", "scope": "ward"}


def _reopen_month(app: Flask, ward: Ward) -> dict[str, Any]:
    """Closes March 2023 first, unless it is closed (through the service, as the
    secretariat would)."""
    from wardtasks.models import MonthClose, Plan, User
    from wardtasks.reports.closing import close_month

    with app.test_request_context():
        plan = db.session.get(Plan, ward.plan)
        user = db.session.get(User, ward.users["secretariat"])
        messages = dict.fromkeys(
            ("not_ended", "outside_plan", "already_closed", "not_closed", "reason_required"), "x"
        )
        closed = db.session.scalar(
            select(MonthClose.id).where(
                MonthClose.plan_id == plan.id,
                MonthClose.month == 3,
                MonthClose.reopened_at.is_(None),
            )
        )
        if closed is None:
            close_month(plan, 2023, 3, user, messages)
    return {"month": "2023-03", "scope": "ward", "reason": "Bổ sung số liệu chi hội khối 2"}


SETTINGS: dict[str, Values] = {
    "ward_name": fixed("Quỳnh Thiện"),
    "parent_body": fixed("ĐẢNG BỘ PHƯỜNG QUỲNH THIỆN"),
    "issuing_body": fixed("ỦY BAN MTTQ VIỆT NAM PHƯỜNG"),
    "number_prefix": fixed("MTTQ"),
    "signer_role": fixed("TM. BAN THƯỜNG TRỰC"),
    "signer_title": fixed("CHỦ TỊCH"),
    "signer_name": fixed("Nguyễn Văn An"),
    "recipients": fixed("- Đảng ủy phường;\n- Lưu VP."),
    "report_deadline": fixed("25", "last_working_day", "31"),
    "organisation_deadline_days": fixed("3", "0"),
}


REPORT_FORM: dict[str, Values] = {
    "results": fixed("Đã họp chi hội, thăm 5 hội viên ốm", ""),
    "difficulties": fixed("Thiếu kinh phí", ""),
    "proposals": fixed("Đề nghị phường hỗ trợ", ""),
    "direction": fixed("Tổ chức ngày hội đại đoàn kết", ""),
    "version": fixed("0", "1"),
    "action": fixed("save", "submit"),
}
REVIEW_FORM: dict[str, Values] = {
    "action": fixed("accepted", "returned"),
    "comment": fixed("Bổ sung số liệu", ""),
    "number": fixed("1", "2"),
}


def _report_version(app: Flask, ward: Ward, branch: bool) -> str:
    """The version a report form of March 2023 is shown with (0: not started)."""
    from wardtasks.models import PeriodicReport

    with app.app_context():
        query = select(PeriodicReport.version).where(
            PeriodicReport.year == 2023, PeriodicReport.month == 3
        )
        if branch:
            query = query.where(PeriodicReport.branch_id == ward.branch_a1)
        else:
            query = query.where(
                PeriodicReport.organisation_id == ward.org_a, PeriodicReport.branch_id.is_(None)
            )
        return str(db.session.scalar(query) or 0)


def _report_writer(branch: bool) -> Writer:
    """A draft of March 2023's report (branch a1's, or organisation a's) that saves."""

    def writer(app: Flask, ward: Ward) -> dict[str, Any]:
        data = {name: good(ward)[0] for name, good in REPORT_FORM.items()}
        data["version"] = _report_version(app, ward, branch)
        data["results"] += f" #{data['version']}"
        return data

    return writer


def _review_writer(branch: bool) -> Writer:
    """Submits March 2023's report first (through the service, as its author would),
    unless it is awaiting review (an accepted one is deleted first); then returns it with
    a comment."""

    def writer(app: Flask, ward: Ward) -> dict[str, Any]:
        from wardtasks.cycle.services import (
            branch_unit,
            find_report,
            organisation_unit,
            save_report,
        )
        from wardtasks.models import Branch, Organisation, User

        with app.test_request_context():
            if branch:
                unit = branch_unit(db.session.get(Branch, ward.branch_a1))
                author = db.session.get(User, ward.users["branch_head"])
            else:
                unit = organisation_unit(db.session.get(Organisation, ward.org_a))
                author = db.session.get(User, ward.users["leader"])
            report = find_report(unit, 2023, 3)
            if report is not None and report.state == "accepted":
                # Accepted reports stay as they are: start the month afresh.
                db.session.delete(report)
                db.session.commit()
                report = None
            if report is None or report.state != "submitted":
                save_report(
                    unit,
                    2023,
                    3,
                    {"results": "Đã họp"},
                    report.version if report is not None else 0,
                    author,
                    submit=True,
                    link="/cycle",
                    messages=dict.fromkeys(("stale", "not_editable", "too_early"), "x"),
                )
                report = find_report(unit, 2023, 3)
            assert report is not None and report.latest is not None
            number = report.latest.number
        return {"action": "returned", "comment": "Bổ sung số liệu", "number": str(number)}

    return writer


ORGANISATION: dict[str, Values] = {
    "code": fixed("HND", "CTD"),
    "name": fixed("Hội Nông dân phường", "Hội Chữ thập đỏ"),
    "short_name": fixed("Hội ND", "Hội CTĐ"),
    "sort_order": fixed("5", "0"),
}
BLOCK: dict[str, Values] = {"number": fixed("7", "12"), "name": fixed("Khối 7", "Khối 12")}
BRANCH: dict[str, Values] = {
    "organisation_id": lambda w: [str(w.org_a), str(w.org_b)],
    "block_id": lambda w: [str(w.block_2), "0"],
    "name": fixed("Chi hội CCB trường học", "Chi hội phụ nữ khối 2"),
    "sort_order": fixed("3", "0"),
}
USER: dict[str, Values] = {
    "full_name": fixed("Lê Thị Hoa", "Phạm Văn Nam"),
    "role": fixed("viewer", "leader", "branch_head", "secretariat"),
    "organisation_id": lambda w: ["0", str(w.org_a)],
    "branch_id": lambda w: ["0", str(w.branch_a1)],
}
NEW_USER: dict[str, Values] = {"username": fixed("lethihoa", "pvnam"), **USER}
PASSWORD_FORM: dict[str, Values] = {
    "current_password": fixed(PASSWORD),
    "new_password": fixed("sông Lam chảy mãi 2023"),
    "confirm": fixed("sông Lam chảy mãi 2023"),
}
STATUS_FORM: dict[str, Values] = {
    "status": fixed("in_progress", "done", "blocked", "not_started", "cancelled"),
    "progress": fixed("30", "100", "0", "45%"),
    "preset": fixed("", "25", "50", "75", "100"),
    "note": fixed("Đã họp chi hội", "Vướng kinh phí\nchờ phường hỗ trợ"),
    "due_date": fixed("30/06/2024", "2024-06-30", ""),
    "version": fixed("1"),
    "scope": lambda w: [f"org-{w.org_a}", f"task-{w.task_a}", "ward"],
    "next": NEXT,
    "measured": fixed("", "3", "0"),
}
ASSIGN_FORM: dict[str, Values] = {
    "action": fixed("set", "assign", "withdraw"),
    "branch": lambda w: [str(w.branch_a1), str(w.branch_a2)],
    "responsible": fixed("Ông Nguyễn Văn Tâm"),
    "due_date": fixed("31/12/2023", ""),
    # the answer to "take back?" (web.confirmation), asked before a withdrawal
    "confirmed": fixed("1", ""),
}
DRAFT_FORM: dict[str, Values] = {
    "draft": lambda w: [draft_json(w), draft_json(w, new_org=True)],
    "action": fixed(
        "update", "drop:0", "restore:0", "merge:0", "split:1", "move:0", "map:new:1", "create:new:1"
    ),
    "plan_year": fixed("2024", "2025"),
    "plan_title": fixed("Nhiệm vụ trọng tâm năm 2024"),
    "text-0": fixed("Tuyên truyền chủ trương; vận động hội viên"),
    "title-0": fixed("Tuyên truyền"),
    "due-0": fixed("30/06/2024", ""),
    "org-0": lambda w: [f"org:{w.org_a}", "shared"],
    # The tick box of an item the parser offered: sent only when ticked, "shown" always.
    "shown-0": fixed("y"),
    "tick-0": fixed("y", ""),
    "map-new:1": lambda w: [f"org:{w.org_b}", "shared"],
    "new-code-new:1": fixed("HND"),
    "new-name-new:1": fixed("Hội Nông dân phường"),
    "new-short-new:1": fixed("Hội ND"),
}
IMPORT_FORM: dict[str, Values] = {
    "text": fixed("Nhiệm vụ trọng tâm năm 2024\n\nHội Cựu chiến binh\n- Thăm hỏi hội viên ốm đau"),
    "year": fixed("2024", ""),
    "split_shared": fixed("y", ""),
}
DISTRIBUTE_PLAN: dict[str, Values] = {
    "mode": fixed("branches", "org"),
    "shared_mode": fixed("org", "branches"),
}
DISTRIBUTE_TASK: dict[str, Values] = {
    "mode": fixed("org", "branches", "chosen"),
    "branch": lambda w: [str(w.branch_a1), str(w.branch_a2)],
}
EMAIL_SETTINGS: dict[str, Values] = {
    "email": fixed("thu.pt@quynhthien.gov.vn", ""),
    "email_digest": fixed("y", ""),
}
MONTH_FORM: dict[str, Values] = {"month": MONTHS, "scope": _scopes}
AUDIT_FILTERS: dict[str, Values] = {
    "action": fixed("status_update", "user_create"),
    "target_type": fixed("assignment", "user"),
    "actor": lambda w: [str(w.users["secretariat"])],
    "from": fixed("01/01/2023", "2023-01-01"),
    "to": fixed("31/12/2030"),
    "page": fixed("1", "2"),
}


def _writes(values: Mapping[str, Values], **changes: Any) -> Writer:
    """The first good value of every field, with ``changes``."""

    def writer(_app: Flask, ward: Ward) -> dict[str, Any]:
        data = {name: good(ward)[0] for name, good in values.items()}
        data.update({k: v(ward) if callable(v) else v for k, v in changes.items()})
        return data

    return writer


def _button(endpoint: str, name: str, values: Values, writing: str) -> Route:
    """A button posting one value (deactivate or reactivate, move up or down)."""
    return Route(endpoint, "POST", form={name: values}, writes=_writes({name: fixed(writing)}))


ROUTES: list[Route] = [
    # Accounts
    Route("auth.login", "GET", query={"next": NEXT}),
    Route(
        "auth.login",
        "POST",
        form={"username": fixed("vanphong"), "password": fixed(PASSWORD), "next": NEXT},
    ),
    Route("auth.logout", "POST", form={"next": NEXT}),
    Route(
        "auth.set_language",
        "POST",
        form={"lang": fixed("en", "vi"), "next": NEXT},
        writes=_writes({"lang": fixed("en")}),
    ),
    Route("auth.change_password", "GET"),
    Route("auth.change_password", "POST", form=PASSWORD_FORM, writes=_writes(PASSWORD_FORM)),
    # Pages, lists, the workflow
    Route("orgs.home", "GET"),
    Route("orgs.ward", "GET", query=LIST_FILTERS),
    Route("orgs.organisation", "GET", query=LIST_FILTERS),
    Route("orgs.branch", "GET", query=LIST_FILTERS),
    Route("tasks.task", "GET", query=LIST_FILTERS),
    Route("search.page", "GET", query={"q": fixed("hỗ trợ", "ho tro", "khoi 1", "")}),
    Route("tasks.assignment", "GET", query={"next": NEXT}),
    Route("tasks.edit_row", "GET", query={"next": NEXT, "scope": _scopes}),
    Route("tasks.row", "GET", query={"next": NEXT, "scope": _scopes}),
    Route("tasks.progress", "GET", query={"scope": _scopes}),
    Route("tasks.update_status", "POST", form=STATUS_FORM, writes=status_update, files=("photos",)),
    Route("tasks.assign", "POST", form=ASSIGN_FORM, writes=_writes(ASSIGN_FORM)),
    Route("photos.photo", "GET"),
    Route("photos.note_photo", "GET"),
    Route(
        "tasks.add_note",
        "POST",
        # Answered with its errors, the task page's list reads its filters.
        query=LIST_FILTERS,
        form={"note": fixed("Phối hợp vận động hội viên", "")},
        writes=lambda app, w: _supporting(app, w, {"note": "Phối hợp vận động hội viên"}),
        files=("photos",),
    ),
    # Plans
    Route("plans.index", "GET"),
    Route("plans.plan", "GET"),
    Route("plans.import_plan", "GET"),
    Route("plans.import_plan", "POST", form=IMPORT_FORM, files=("upload",)),
    Route(
        "plans.edit_draft",
        "POST",
        form=DRAFT_FORM,
        writes=_writes(
            DRAFT_FORM, draft=lambda w: draft_json(w, new_org=True), action="create:new:1"
        ),
    ),
    Route(
        "plans.confirm",
        "POST",
        form=DRAFT_FORM,
        writes=_writes({k: DRAFT_FORM[k] for k in ("draft", "plan_year", "plan_title")}),
    ),
    Route("plans.rollover", "GET"),
    Route("plans.support", "GET", query={"task": lambda w: [str(w.task_a), str(w.task_shared)]}),
    Route("plans.support", "POST", form=SUPPORT_FORM, writes=_writes(SUPPORT_FORM)),
    Route(
        "plans.distribute_plan",
        "POST",
        form=DISTRIBUTE_PLAN,
        writes=_writes(DISTRIBUTE_PLAN, mode="org"),
    ),
    Route(
        "plans.distribute_task",
        "POST",
        form=DISTRIBUTE_TASK,
        writes=_writes(DISTRIBUTE_TASK, mode="org"),
    ),
    Route(
        "plans.close",
        "POST",
        form={
            "outcome": fixed("not_done", "carry"),
            "not_done_task": lambda w: [str(w.task_b)],
            "confirm": fixed("1"),
        },
        writes=_writes({"outcome": fixed("not_done"), "confirm": fixed("1")}),
    ),
    # Reports
    Route(
        "reports.page",
        "GET",
        # A task of the organisation's report opened (htmx: its part alone), or all of them.
        query={
            **MONTH_FORM,
            "task": lambda w: [str(w.task_a), str(w.task_b)],
            "detail": fixed("all"),
        },
    ),
    Route("reports.export", "GET", query=MONTH_FORM),
    Route("reports.close", "POST", form=MONTH_FORM, writes=_close_month),
    Route(
        "reports.reopen",
        "POST",
        form={**MONTH_FORM, "reason": fixed("Bổ sung số liệu")},
        writes=_reopen_month,
    ),
    Route("reports.settings", "GET"),
    Route("reports.settings", "POST", form=SETTINGS, writes=_writes(SETTINGS)),
    # The monthly reporting cycle
    Route("cycle.index", "GET", query={"month": MONTHS}),
    Route("cycle.export", "GET", query={"month": MONTHS}),
    Route(
        "cycle.remind",
        "POST",
        form={
            "month": MONTHS,
            "target": lambda w: ["late", f"branch-{w.branch_a2}", f"org-{w.org_b}"],
        },
        writes=_writes({"month": fixed("2023-03"), "target": fixed("late")}),
    ),
    Route("cycle.branch_report", "GET"),
    Route("cycle.save_branch_report", "POST", form=REPORT_FORM, writes=_report_writer(True)),
    Route("cycle.branch_review", "POST", form=REVIEW_FORM, writes=_review_writer(True)),
    Route("cycle.organisation_report", "GET"),
    Route("cycle.save_organisation_report", "POST", form=REPORT_FORM, writes=_report_writer(False)),
    Route("cycle.organisation_review", "POST", form=REVIEW_FORM, writes=_review_writer(False)),
    # Targets and emulation (issue 19)
    Route("targets.edit", "GET"),
    Route("targets.edit", "POST", form=TARGET_FORM, writes=_writes(TARGET_FORM)),
    Route("emulation.page", "GET", query=PERIOD_QUERY),
    Route("emulation.export", "GET", query=PERIOD_QUERY),
    Route("emulation.weights_page", "GET"),
    Route("emulation.weights_page", "POST", form=WEIGHTS_FORM, writes=_writes(WEIGHTS_FORM)),
    Route("emulation.close", "POST", query=PERIOD_QUERY, writes=_writes({})),
    Route(
        "emulation.reopen",
        "POST",
        query=PERIOD_QUERY,
        form={"reason": fixed("Bổ sung số liệu", "")},
        writes=_reopen_period,
    ),
    # Administration
    Route("admin.index", "GET"),
    Route("admin.audit", "GET", query=AUDIT_FILTERS),
    Route("admin.organisations", "GET"),
    Route("admin.organisations", "POST", form=ORGANISATION, writes=_writes(ORGANISATION)),
    Route("admin.edit_organisation", "GET"),
    Route(
        "admin.edit_organisation",
        "POST",
        form=ORGANISATION,
        writes=_writes(ORGANISATION, code="CCB"),
    ),
    _button("admin.toggle_organisation", "active", ACTIVE, "0"),
    _button("admin.move_organisation", "direction", DIRECTION, "down"),
    Route("admin.blocks", "GET"),
    Route("admin.blocks", "POST", form=BLOCK, writes=_writes(BLOCK)),
    Route("admin.edit_block", "GET"),
    Route("admin.edit_block", "POST", form=BLOCK, writes=_writes(BLOCK, number="1")),
    _button("admin.toggle_block", "active", ACTIVE, "0"),
    Route("admin.branches", "GET"),
    Route("admin.branches", "POST", form=BRANCH, writes=_writes(BRANCH)),
    Route("admin.edit_branch", "GET"),
    Route("admin.edit_branch", "POST", form=BRANCH, writes=_writes(BRANCH)),
    _button("admin.toggle_branch", "active", ACTIVE, "0"),
    _button("admin.move_branch", "direction", DIRECTION, "down"),
    Route("admin.users", "GET"),
    Route("admin.users", "POST", form=NEW_USER, writes=_writes(NEW_USER)),
    Route("admin.edit_user", "GET"),
    Route(
        "admin.edit_user",
        "POST",
        form=USER,
        writes=_writes(USER, role="branch_head", branch_id=lambda w: str(w.branch_b1)),
    ),
    Route(
        "admin.toggle_user",
        "POST",
        form={"active": ACTIVE, "confirmed": fixed("1", "")},  # deactivating asks first
        writes=_writes({"active": fixed("0"), "confirmed": fixed("1")}),
    ),
    Route("admin.reset_password", "POST", writes=_writes({})),
    # Notices (issue 18): notice 1 is the branch head's (tests/test_permissions.py SETUP)
    Route("notices.page", "GET", query={"page": fixed("1", "2")}),
    Route("notices.bell", "GET"),
    Route("notices.read_one", "POST", form={"next": NEXT}, writes=unread_notices),
    Route("notices.read_all", "POST", form={"next": NEXT}, writes=unread_notices),
    Route("notices.open_notice", "POST", writes=unread_notices),
    Route("notices.email_settings", "GET"),
    Route(
        "notices.email_settings",
        "POST",
        form=EMAIL_SETTINGS,
        writes=_writes(EMAIL_SETTINGS),
    ),
    Route("notices.digest_runs", "GET"),
]
BY_KEY = {(r.endpoint, r.method): r for r in ROUTES}
