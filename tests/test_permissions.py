"""Every route × every role, generated from the URL map: a new route without an entry fails.

Roles include a leader of another organisation and heads of another branch of
the same organisation and of another organisation's branch.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from wardtasks import policy
from wardtasks.extensions import db
from wardtasks.models import Assignment, Branch, DataVersion, Organisation, User
from wardtasks.tasks.queries import load_row

from .factories import PASSWORD, USERNAMES, Ward
from .test_notices import make_matrix_notice
from .test_photos import make_matrix_photo
from .test_support import give_support, make_matrix_note_photo

ROLES = tuple(USERNAMES)
EVERYONE = frozenset(ROLES)
READ_ALL = frozenset({"secretariat", "viewer"})
SECRETARIAT_ONLY = frozenset({"secretariat"})

# endpoint -> (method, url for the test ward, roles allowed, whether anonymous is allowed)
Route = tuple[str, Callable[[Ward], str], frozenset[str], bool]
MATRIX: dict[str, Route] = {
    "auth.login": ("GET", lambda w: "/login", EVERYONE, True),
    "auth.logout": ("POST", lambda w: "/logout", EVERYONE, True),
    "auth.set_language": ("POST", lambda w: "/language", EVERYONE, True),
    "auth.change_password": ("GET", lambda w: "/account/password", EVERYONE, False),
    "orgs.home": ("GET", lambda w: "/", EVERYONE, False),
    "orgs.ward": ("GET", lambda w: "/ward", READ_ALL, False),
    "orgs.organisation": (
        "GET",
        lambda w: f"/orgs/{w.org_a}",
        READ_ALL | {"leader", "branch_head", "other_branch_head"},
        False,
    ),
    "orgs.branch": (
        "GET",
        lambda w: f"/branches/{w.branch_a1}",
        READ_ALL | {"leader", "branch_head"},
        False,
    ),
    # The search page: every signed-in user, each finding what they may read (the
    # results' scoping is tests/test_search.py's).
    "search.page": ("GET", lambda w: "/search?q=ho+tro", EVERYONE, False),
    # The workflow: task page, an assignment's history, status update, assigning.
    "tasks.task": (
        "GET",
        lambda w: f"/tasks/{w.task_a}",
        READ_ALL | {"leader", "branch_head", "other_branch_head"},
        False,
    ),
    "tasks.assignment": (
        "GET",
        lambda w: f"/assignments/{w.assignment_a1}",
        READ_ALL | {"leader", "branch_head"},
        False,
    ),
    # A row's update form (htmx; a plain request is sent to the assignment page) and the
    # row without it (the form's "Close"; a plain request goes back to the list).
    "tasks.edit_row": (
        "GET",
        lambda w: f"/assignments/{w.assignment_a1}/edit",
        frozenset({"secretariat", "leader", "branch_head"}),
        False,
    ),
    "tasks.row": (
        "GET",
        lambda w: f"/assignments/{w.assignment_a1}/row",
        READ_ALL | {"leader", "branch_head"},
        False,
    ),
    "tasks.update_status": (
        "POST",
        lambda w: f"/assignments/{w.assignment_a1}/status",
        frozenset({"secretariat", "leader", "branch_head"}),
        False,
    ),
    "tasks.assign": (
        "POST",
        lambda w: f"/tasks/{w.task_a}/assign",
        frozenset({"secretariat", "leader"}),
        False,
    ),
    # Lead and supporting organisations (issue 19.2): task a is supported by organisation
    # b (SETUP), whose leader and branch heads alone add notes to it; a note's photo on
    # a task of a third organisation b supports is read by ward-wide readers and b's people.
    "tasks.add_note": (
        "POST",
        lambda w: f"/tasks/{w.task_a}/notes",
        frozenset({"other_leader", "other_org_branch_head"}),
        False,
    ),
    "photos.note_photo": (
        "GET",
        lambda w: "/task-notes/photos/1/thumb",
        READ_ALL | {"other_leader", "other_org_branch_head"},
        False,
    ),
    "plans.support": ("GET", lambda w: f"/plans/{w.plan}/support", SECRETARIAT_ONLY, False),
    "tasks.progress": (
        "GET",
        lambda w: f"/progress?scope=org-{w.org_a}",
        READ_ALL | {"leader", "branch_head", "other_branch_head"},
        False,
    ),
    # Plans: the secretariat manages; viewers and leaders read (empty POSTs redirect).
    "plans.index": ("GET", lambda w: "/plans", READ_ALL | {"leader", "other_leader"}, False),
    "plans.plan": (
        "GET",
        lambda w: f"/plans/{w.plan}",
        READ_ALL | {"leader", "other_leader"},
        False,
    ),
    "plans.import_plan": ("GET", lambda w: "/plans/import", frozenset({"secretariat"}), False),
    "plans.edit_draft": (
        "POST",
        lambda w: "/plans/import/draft",
        frozenset({"secretariat"}),
        False,
    ),
    "plans.confirm": ("POST", lambda w: "/plans/import/confirm", frozenset({"secretariat"}), False),
    "plans.rollover": (
        "GET",
        lambda w: f"/plans/{w.plan}/rollover",
        frozenset({"secretariat"}),
        False,
    ),
    "plans.distribute_plan": (
        "POST",
        lambda w: f"/plans/{w.plan}/distribute",
        frozenset({"secretariat"}),
        False,
    ),
    "plans.distribute_task": (
        "POST",
        lambda w: f"/plans/{w.plan}/tasks/{w.task_a}/distribute",
        frozenset({"secretariat"}),
        False,
    ),
    # Closing a plan (issue 17): the secretariat; an empty POST is refused with a message.
    "plans.close": (
        "POST",
        lambda w: f"/plans/{w.plan}/close",
        frozenset({"secretariat"}),
        False,
    ),
    # Administration (issue 6): the secretariat alone.
    "admin.index": ("GET", lambda w: "/admin/", SECRETARIAT_ONLY, False),
    "admin.organisations": ("GET", lambda w: "/admin/organisations", SECRETARIAT_ONLY, False),
    "admin.edit_organisation": (
        "GET",
        lambda w: f"/admin/organisations/{w.org_a}",
        SECRETARIAT_ONLY,
        False,
    ),
    "admin.toggle_organisation": (
        "POST",
        lambda w: f"/admin/organisations/{w.org_a}/active?active=1",
        SECRETARIAT_ONLY,
        False,
    ),
    "admin.move_organisation": (
        "POST",
        lambda w: f"/admin/organisations/{w.org_b}/move?direction=up",
        SECRETARIAT_ONLY,
        False,
    ),
    "admin.blocks": ("GET", lambda w: "/admin/blocks", SECRETARIAT_ONLY, False),
    "admin.edit_block": ("GET", lambda w: f"/admin/blocks/{w.block_1}", SECRETARIAT_ONLY, False),
    "admin.toggle_block": (
        "POST",
        lambda w: f"/admin/blocks/{w.block_2}/active?active=1",
        SECRETARIAT_ONLY,
        False,
    ),
    "admin.branches": ("GET", lambda w: "/admin/branches", SECRETARIAT_ONLY, False),
    "admin.edit_branch": (
        "GET",
        lambda w: f"/admin/branches/{w.branch_a1}",
        SECRETARIAT_ONLY,
        False,
    ),
    "admin.toggle_branch": (
        "POST",
        lambda w: f"/admin/branches/{w.branch_a2}/active?active=1",
        SECRETARIAT_ONLY,
        False,
    ),
    "admin.move_branch": (
        "POST",
        lambda w: f"/admin/branches/{w.branch_a2}/move?direction=up",
        SECRETARIAT_ONLY,
        False,
    ),
    "admin.users": ("GET", lambda w: "/admin/users", SECRETARIAT_ONLY, False),
    "admin.edit_user": (
        "GET",
        lambda w: f"/admin/users/{w.users['leader']}",
        SECRETARIAT_ONLY,
        False,
    ),
    "admin.toggle_user": (
        "POST",
        lambda w: f"/admin/users/{w.users['other_org_branch_head']}/active?active=1",
        SECRETARIAT_ONLY,
        False,
    ),
    "admin.reset_password": (
        "POST",
        lambda w: f"/admin/users/{w.users['other_org_branch_head']}/password",
        SECRETARIAT_ONLY,
        False,
    ),
    "admin.audit": ("GET", lambda w: "/admin/audit", SECRETARIAT_ONLY, False),
    # Evidence photo 1 (made by SETUP) belongs to assignment a1.
    "photos.photo": (
        "GET",
        lambda w: "/photos/1/thumb",
        READ_ALL | {"leader", "branch_head"},
        False,
    ),
    # Reports: an organisation's report for its leader, a branch's for its head too.
    "reports.page": (
        "GET",
        lambda w: f"/reports?month=2023-03&scope=org-{w.org_a}",
        READ_ALL | {"leader"},
        False,
    ),
    "reports.export": (
        "GET",
        lambda w: f"/reports/export/csv?month=2023-03&scope=branch-{w.branch_a1}",
        READ_ALL | {"leader", "branch_head"},
        False,
    ),
    "reports.close": ("POST", lambda w: "/reports/close", SECRETARIAT_ONLY, False),
    "reports.reopen": ("POST", lambda w: "/reports/reopen", SECRETARIAT_ONLY, False),
    "reports.settings": ("GET", lambda w: "/reports/settings", SECRETARIAT_ONLY, False),
    # The monthly reporting cycle (issue 18): the board for every role (each seeing their
    # own units), a branch's report for whoever reads its figures, writing it for its head
    # alone, reviewing it for its leader and the
    # secretariat; an organisation's report for its leader, reviewed by the secretariat.
    "cycle.index": ("GET", lambda w: "/cycle?month=2023-03", EVERYONE, False),
    "cycle.export": ("GET", lambda w: "/cycle/export?month=2023-03", EVERYONE, False),
    "cycle.remind": (
        "POST",
        lambda w: "/cycle/remind",
        frozenset({"secretariat", "leader", "other_leader"}),
        False,
    ),
    "cycle.branch_report": (
        "GET",
        lambda w: f"/cycle/branches/{w.branch_a1}/2023-03",
        READ_ALL | {"leader", "branch_head"},
        False,
    ),
    "cycle.save_branch_report": (
        "POST",
        lambda w: f"/cycle/branches/{w.branch_a1}/2023-03",
        frozenset({"branch_head"}),
        False,
    ),
    "cycle.branch_review": (
        "POST",
        lambda w: f"/cycle/branches/{w.branch_a1}/2023-03/review",
        frozenset({"secretariat", "leader"}),
        False,
    ),
    "cycle.organisation_report": (
        "GET",
        lambda w: f"/cycle/orgs/{w.org_a}/2023-03",
        READ_ALL | {"leader"},
        False,
    ),
    "cycle.save_organisation_report": (
        "POST",
        lambda w: f"/cycle/orgs/{w.org_a}/2023-03",
        frozenset({"leader"}),
        False,
    ),
    "cycle.organisation_review": (
        "POST",
        lambda w: f"/cycle/orgs/{w.org_a}/2023-03/review",
        SECRETARIAT_ONLY,
        False,
    ),
    # Notices (issue 18): everyone has their own; notice 1 (made by SETUP) is the branch
    # head's, so only they open it or mark it read. The digest's runs are the secretariat's.
    "notices.page": ("GET", lambda w: "/notices", EVERYONE, False),
    "notices.bell": ("GET", lambda w: "/notices/bell", EVERYONE, False),
    "notices.read_all": ("POST", lambda w: "/notices/read-all", EVERYONE, False),
    "notices.read_one": ("POST", lambda w: "/notices/1/read", frozenset({"branch_head"}), False),
    "notices.open_notice": (
        "POST",
        lambda w: "/notices/1/open",
        frozenset({"branch_head"}),
        False,
    ),
    "notices.email_settings": ("GET", lambda w: "/account/email", EVERYONE, False),
    "notices.digest_runs": ("GET", lambda w: "/admin/digests", SECRETARIAT_ONLY, False),
    # Targets (issue 19): whoever manages the task's organisation sets its target.
    "targets.edit": (
        "GET",
        lambda w: f"/tasks/{w.task_a}/target",
        frozenset({"secretariat", "leader"}),
        False,
    ),
    # Emulation (issue 19): everyone reads the ranking and its files; the secretariat sets
    # the weights and closes or reopens a period (an empty reopening is answered 422).
    "emulation.page": ("GET", lambda w: "/emulation?year=2023&period=q1", EVERYONE, False),
    "emulation.export": (
        "GET",
        lambda w: "/emulation/export/docx?year=2023&period=year",
        EVERYONE,
        False,
    ),
    "emulation.weights_page": ("GET", lambda w: "/emulation/weights", SECRETARIAT_ONLY, False),
    "emulation.close": (
        "POST",
        lambda w: "/emulation/close?year=2023&period=m02",
        SECRETARIAT_ONLY,
        False,
    ),
    "emulation.reopen": (
        "POST",
        lambda w: "/emulation/reopen?year=2023&period=m02",
        SECRETARIAT_ONLY,
        False,
    ),
}


# Objects the test ward lacks, made before the request: endpoint -> maker(app, ward).
SETUP: dict[str, Callable[[Any, Ward], None]] = {
    "photos.photo": make_matrix_photo,
    "notices.read_one": make_matrix_notice,
    "notices.open_notice": make_matrix_notice,
    "photos.note_photo": make_matrix_note_photo,
    "tasks.add_note": give_support,
}


PYTHON_REPR = re.compile(r"(?:built-in|bound) method \w+ of | object at 0x[0-9a-f]{6,}")


def test_every_route_has_an_entry(app) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    missing = endpoints - set(MATRIX)
    assert not missing, f"routes without a permission entry: {sorted(missing)}"
    assert not set(MATRIX) - endpoints, "entries for routes that no longer exist"


def _request(client, method: str, url: str):
    # Read and close: a file response (a photo) must not leave its file open.
    response = client.open(url, method=method)
    response.get_data()
    response.close()
    return response


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
@pytest.mark.parametrize("role", ("anonymous", *ROLES))
def test_permission_matrix(app, ward, endpoint: str, role: str) -> None:
    method, url_for_ward, allowed, anonymous_ok = MATRIX[endpoint]
    if endpoint in SETUP:
        SETUP[endpoint](app, ward)
    client = app.test_client()
    if role != "anonymous":
        response = client.post(
            "/login", data={"username": USERNAMES[role], "password": "correct-horse-42"}
        )
        assert response.status_code == 302, "login failed"
    response = _request(client, method, url_for_ward(ward))
    if role == "anonymous":
        if anonymous_ok:
            assert response.status_code in (200, 302)
        else:
            assert response.status_code == 302
            assert response.headers["Location"].startswith("/login")
        return
    if role in allowed and method == "POST" and response.status_code in (409, 422):
        return  # allowed means not refused: an empty form is answered with its errors
    if role in allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302 and endpoint != "auth.logout":
            assert not response.headers["Location"].startswith("/login")
        if response.mimetype == "text/html":
            # What a template writes is words and values, never a Python object's repr
            # (``{{ words.update }}`` on a dict once wrote "<built-in method update …>").
            leak = PYTHON_REPR.search(response.get_data(as_text=True))
            assert leak is None, f"{endpoint} as {role} writes {leak.group(0)!r}"
    else:
        assert response.status_code == 403
        assert "Không được phép" in response.get_data(as_text=True)


# Users whose scope is deactivated (issue 14, item 6): they read, but write nothing.
# case -> (the user, the kind of what is deactivated, which one)
DEACTIVATED = {
    "head of a deactivated branch": ("branch_head", Branch, "branch_a1"),
    "head of a branch of a deactivated organisation": ("branch_head", Organisation, "org_a"),
    "leader of a deactivated organisation": ("leader", Organisation, "org_a"),
}
# Every route that writes, but a user's own session, language, password and notices.
WRITES = sorted(
    endpoint
    for endpoint, (method, *_rest) in MATRIX.items()
    if method == "POST" and not endpoint.startswith(("auth.", "notices."))
)


def _deactivate(app, ward: Ward, case: str) -> str:
    """Deactivate the scope of ``case``; returns the user's name."""
    role, model, key = DEACTIVATED[case]
    with app.app_context():
        db.session.get(model, getattr(ward, key)).active = False
        db.session.commit()
    return USERNAMES[role]


def _data_version(app) -> str:
    with app.app_context():
        return db.session.scalar(select(DataVersion.token))


@pytest.mark.parametrize("endpoint", WRITES)
@pytest.mark.parametrize("case", DEACTIVATED)
def test_a_user_whose_scope_is_deactivated_writes_nothing(
    app, ward, case: str, endpoint: str
) -> None:
    """Every write route refuses them, as any other user without the right (403)."""
    method, url_for_ward, _allowed, _anonymous = MATRIX[endpoint]
    if endpoint in SETUP:
        SETUP[endpoint](app, ward)
    username = _deactivate(app, ward, case)
    client = app.test_client()
    assert (
        client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    )
    before = _data_version(app)
    response = _request(client, method, url_for_ward(ward))
    assert response.status_code == 403
    assert "Không được phép" in response.get_data(as_text=True)
    assert _data_version(app) == before


@pytest.mark.parametrize("case", DEACTIVATED)
def test_a_deactivated_scope_refuses_a_complete_save(app, ward, case: str) -> None:
    """A whole status update (and for a leader, setting a due date) is refused and
    nothing changes; what they read stays readable, without an Update control."""
    username = _deactivate(app, ward, case)
    client = app.test_client()
    client.post("/login", data={"username": username, "password": PASSWORD})
    status = client.post(
        f"/assignments/{ward.assignment_a1}/status",
        data={"status": "done", "progress": "100", "note": "Xong", "version": "1"},
    )
    assign = client.post(
        f"/tasks/{ward.task_a}/assign",
        data={"action": "set", "branch": str(ward.branch_a1), "due_date": "31/12/2023"},
    )
    assert (status.status_code, assign.status_code) == (403, 403)
    with app.app_context():
        a = db.session.get(Assignment, ward.assignment_a1)
        assert (a.status, a.version, a.due_date) == ("not_started", 1, date(2023, 7, 11))
    page = client.get(f"/assignments/{ward.assignment_a1}")
    assert page.status_code == 200
    assert "Phong trào Cựu chiến binh gương mẫu" in page.get_data(as_text=True)
    assert 'class="update-form"' not in page.get_data(as_text=True)


def test_branch_page_lists_only_that_branch(app, client, auth, ward) -> None:
    """Lists are filtered by the policy too, not only the pages."""
    auth.login("leader.a")
    page = client.get(f"/branches/{ward.branch_a1}").get_data(as_text=True)
    assert "Phong trào Cựu chiến binh gương mẫu" in page
    assert "Hỗ trợ phụ nữ vay vốn" not in page


def test_ward_overview_counts(app, client, auth, ward) -> None:
    auth.login("lanhdao")
    page = client.get("/ward").get_data(as_text=True)
    assert "Hội Cựu chiến binh phường" in page and "Hội Liên hiệp phụ nữ phường" in page


# The menu --------------------------------------------------------------------------------


def _menu_links(page: str) -> set[str]:
    nav = re.search(r'<nav class="mainnav".*?</nav>', page, re.S)
    return set(re.findall(r'href="([^"]+)"', nav.group(0))) if nav else set()


def _menu_pages(app, ward: Ward, role: str) -> set[str]:
    """Every page a menu entry may link to for this user ("My organisation": the
    organisation of a leader's account or of a branch head's branch; "My branch")."""
    with app.app_context():
        user = db.session.get(User, ward.users[role])
        org_id = user.branch.organisation_id if user.branch else user.organisation_id
        own = {f"/orgs/{org_id}"} if org_id else set()
        own |= {f"/branches/{user.branch_id}"} if user.branch_id else set()
    return {"/ward", "/plans", "/plans/import", "/admin/", "/reports", "/emulation"} | own


@pytest.mark.parametrize("role", ROLES)
def test_the_menu_shows_exactly_what_the_role_may_open(app, ward, role: str) -> None:
    """Every menu link answers 200 for the role; every such page it may open is shown
    (leaders and viewers read plans, so they have "Kế hoạch")."""
    client = app.test_client()
    client.post("/login", data={"username": USERNAMES[role], "password": "correct-horse-42"})
    home = client.get("/", follow_redirects=True)
    assert home.status_code == 200
    shown = _menu_links(home.get_data(as_text=True))
    may_open = {url for url in _menu_pages(app, ward, role) if client.get(url).status_code == 200}
    assert shown == may_open
    assert ("/plans" in shown) == (role in MATRIX["plans.index"][2])
    # The reports page links its settings for those who may change them, and the
    # reporting cycle for those who take part in it.
    reports = client.get("/reports").get_data(as_text=True)
    assert ('href="/cycle"' in reports) == (client.get("/cycle").status_code == 200)
    settings_ok = client.get("/reports/settings").status_code == 200
    assert ('href="/reports/settings"' in reports) == settings_ok


def test_branch_heads_menus_do_not_depend_on_how_the_account_was_made(app, ward) -> None:
    """Administration stores a branch head's organisation, the demo does not, and a
    moved branch leaves a stale one: the menu comes from the policy either way (issue 17)."""
    menus = []
    for stored in (None, ward.org_a, ward.org_b):
        with app.app_context():
            db.session.get(User, ward.users["branch_head"]).organisation_id = stored
            db.session.commit()
        client = app.test_client()
        client.post("/login", data={"username": "head.a1", "password": "correct-horse-42"})
        menus.append(_menu_links(client.get(f"/branches/{ward.branch_a1}").get_data(as_text=True)))
    assert menus[0] == menus[1] == menus[2]
    assert {f"/orgs/{ward.org_a}", f"/branches/{ward.branch_a1}"} <= menus[0]
    assert f"/orgs/{ward.org_b}" not in menus[0]


@pytest.mark.parametrize("case", [*ROLES, *DEACTIVATED])
def test_list_rows_offer_update_exactly_where_the_policy_allows(app, ward, case: str) -> None:
    """A list asks the policy once for what its user may update (assignment_updater);
    every row it writes offers the Update control exactly when can_update_assignment,
    asked of that one assignment, says yes: for every role, and for leaders and heads
    whose organisation or branch has been deactivated."""
    username = _deactivate(app, ward, case) if case in DEACTIVATED else USERNAMES[case]
    client = app.test_client()
    assert (
        client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    )
    pages = ["/ward", f"/orgs/{ward.org_a}", f"/orgs/{ward.org_b}", f"/branches/{ward.branch_a1}"]
    offered: dict[int, bool] = {}
    for path in pages:
        response = client.get(path)
        if response.status_code != 200:
            continue
        for li in re.findall(
            r'<li class="assignment[^"]*" id="assignment-\d+">.*?</li>',
            response.get_data(as_text=True),
            re.S,
        ):
            aid = int(re.search(r'id="assignment-(\d+)"', li)[1])  # type: ignore[index]
            offered[aid] = 'class="edit-open"' in li
    assert offered, "no list row seen"
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.username == username))
        allowed = {aid: policy.can_update_assignment(load_row(aid), user) for aid in offered}
    assert offered == allowed
