"""The daily workflow: status updates (service, htmx and plain paths), history, conflicts,
pages per role, filters and assigning."""

from __future__ import annotations

import html
import re
from datetime import date
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from wardtasks.extensions import db
from wardtasks.models import Assignment, Branch, StatusUpdate, Task, User
from wardtasks.tasks.assigning import assign_task
from wardtasks.tasks.services import (
    NotAllowed,
    NothingToSave,
    StaleVersion,
    record_status_update,
)

HX = {"HX-Request": "true"}


def _user(key: str, ward) -> User:
    user = db.session.get(User, ward.users[key])
    assert user is not None
    return user


def _history_count(assignment_id: int) -> int:
    return db.session.scalar(
        select(func.count(StatusUpdate.id)).where(StatusUpdate.assignment_id == assignment_id)
    )


# --- service level -------------------------------------------------------------------------


def test_status_update_writes_history_and_current_state_together(app, ward) -> None:
    with app.app_context():
        head = _user("branch_head", ward)
        head_id = head.id
        entry = record_status_update(
            ward.assignment_a1,
            head,
            status="in_progress",
            progress=40,
            note="Đã họp chi hội.",
            expected_version=1,
        )
        entry_id = entry.id
        db.session.remove()
        a = db.session.get(Assignment, ward.assignment_a1)
        assert (a.status, a.progress, a.version, a.updated_by_id) == (
            "in_progress",
            40,
            2,
            head_id,
        )
        history = db.session.scalars(
            select(StatusUpdate).where(StatusUpdate.assignment_id == a.id)
        ).all()
        assert [(h.from_status, h.status, h.progress, h.note, h.version) for h in history] == [
            ("not_started", "in_progress", 40, "Đã họp chi hội.", 2)
        ]
        assert history[0].id == entry_id


def test_a_failing_history_write_leaves_the_assignment_untouched(app, ward, monkeypatch) -> None:
    """Atomic: if the history row cannot be written, the current state is rolled back too."""
    with app.app_context():
        head = _user("branch_head", ward)
        original_execute = db.session.execute

        def broken_history_write(statement, *args, **kwargs):
            if statement.is_dml and statement.table.name == "status_update":
                raise RuntimeError("disk full")
            return original_execute(statement, *args, **kwargs)

        monkeypatch.setattr(db.session, "execute", broken_history_write)
        with pytest.raises(RuntimeError):
            record_status_update(
                ward.assignment_a1,
                head,
                status="done",
                progress=100,
                note="x",
                expected_version=1,
            )
        monkeypatch.setattr(db.session, "execute", original_execute)
        db.session.remove()
        a = db.session.get(Assignment, ward.assignment_a1)
        assert (a.status, a.version) == ("not_started", 1)
        assert _history_count(a.id) == 0


def test_a_stale_version_is_refused(app, ward) -> None:
    with app.app_context():
        head = _user("branch_head", ward)
        leader = _user("leader", ward)
        record_status_update(
            ward.assignment_a1, leader, status="blocked", progress=10, note="A", expected_version=1
        )
        with pytest.raises(StaleVersion) as exc:
            record_status_update(
                ward.assignment_a1,
                head,
                status="done",
                progress=100,
                note="B",
                expected_version=1,
            )
        assert exc.value.current.status == "blocked"
        assert exc.value.current.note == "A"
        db.session.remove()
        assert _history_count(ward.assignment_a1) == 1
        assert db.session.get(Assignment, ward.assignment_a1).status == "blocked"


def test_branch_head_cannot_update_another_branch_in_the_service(app, ward) -> None:
    with app.app_context():
        head = _user("branch_head", ward)
        with pytest.raises(NotAllowed):
            record_status_update(
                ward.assignment_a2, head, status="done", progress=100, note="", expected_version=1
            )
        with pytest.raises(NotAllowed):  # a due date is for leaders and the secretariat
            record_status_update(
                ward.assignment_a1,
                head,
                status="in_progress",
                progress=10,
                note="",
                expected_version=1,
                due_date=date(2023, 12, 31),
            )
        assert _history_count(ward.assignment_a2) == 0


def test_an_empty_update_is_refused(app, ward) -> None:
    with app.app_context():
        with pytest.raises(NothingToSave):
            record_status_update(
                ward.assignment_a1,
                _user("branch_head", ward),
                status="not_started",
                progress=0,
                note="  ",
                expected_version=1,
            )


# --- HTTP: htmx and plain paths ------------------------------------------------------------


def _post_update(client, ward, assignment_id=None, headers=None, **data):
    form = {
        "status": "in_progress",
        "progress": "30",
        "note": "Đã triển khai đến các tổ.",
        "version": "1",
        "scope": f"branch-{ward.branch_a1}",
        "next": f"/branches/{ward.branch_a1}",
    }
    form.update({k: str(v) for k, v in data.items()})
    return client.post(
        f"/assignments/{assignment_id or ward.assignment_a1}/status",
        data=form,
        headers=headers or {},
    )


def test_the_updated_line_names_its_author_escaped_on_every_list(app, client, auth, ward):
    """Each row's "Cập nhật lúc … bởi …" line is translated once per list and filled in
    per row: the author's name is escaped in the saved row and on every page listing it."""
    name = '<script>alert(1)</script> & "Bình"'
    with app.app_context():
        db.session.get(User, ward.users["branch_head"]).full_name = name
        db.session.commit()
    auth.login("head.a1")
    row = _post_update(client, ward, headers=HX).get_data(as_text=True)
    pages = {"row": row, "branch": client.get(f"/branches/{ward.branch_a1}").get_data(True)}
    auth.logout()
    auth.login("leader.a")
    for path in (f"/orgs/{ward.org_a}", f"/tasks/{ward.task_a}"):
        pages[path] = client.get(path).get_data(as_text=True)
    auth.logout()
    auth.login("vanphong")
    pages["/ward"] = client.get("/ward").get_data(as_text=True)
    escaped = str(escape(name))
    for where, body in pages.items():
        assert name not in body, where
        assert re.search(
            r"Cập nhật lúc \d\d/\d\d/\d{4} \d\d:\d\d bởi " + re.escape(escaped), body
        ), where


def test_htmx_update_returns_the_row_and_out_of_band_counters(client, auth, ward) -> None:
    auth.login("head.a1")
    full = client.get(f"/branches/{ward.branch_a1}")
    response = _post_update(client, ward, headers=HX, status="done", progress="100")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<html" not in body
    assert "HX-Request" in response.headers["Vary"]
    assert body.lstrip().startswith(
        f'<li class="assignment just-saved" id="assignment-{ward.assignment_a1}"'
    )
    assert "Hoàn thành" in body and "Đã triển khai đến các tổ." in body
    # The row says it was saved (issue 17).
    assert '<p class="saved-note" role="status">Đã lưu</p>' in body
    # The counters a save can change, each out of band (the summary itself keeps polling).
    assert 'id="summary"' not in body
    assert re.search(r'<span hx-swap-oob="true" class="big" id="count-done">1<', body)
    assert re.search(r'hx-swap-oob="true" id="summary-bar"[^>]*>.*100%', body)
    # The row comes back closed, with its "Update" control, the focus on it.
    assert "<form" not in body and 'class="edit-open"' in body and "autofocus>Cập nhật</a>" in body
    assert len(body) < len(full.get_data())  # a fragment, not the page


def test_plain_update_redirects_to_the_full_page(client, auth, ward) -> None:
    auth.login("head.a1")
    response = _post_update(client, ward)
    assert response.status_code == 303
    # Back to the list, at the row that was saved (issue 17).
    anchor = f"#assignment-{ward.assignment_a1}"
    assert response.headers["Location"] == f"/branches/{ward.branch_a1}{anchor}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'id="{anchor[1:]}"' in page
    assert "<html" in page and "Đang thực hiện" in page and "Đã lưu cập nhật." in page


def test_validation_errors_come_back_in_the_row_in_vietnamese(client, auth, ward) -> None:
    auth.login("head.a1")
    response = _post_update(client, ward, headers=HX, progress="150", note="Giữ lại dòng này")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "<html" not in body
    assert "Tiến độ là số nguyên từ 0 đến 100." in body
    assert "Giữ lại dòng này" in body and 'value="150"' in body
    assert 'class="update-form"' in body and 'class="edit-close"' in body  # still open


def test_plain_validation_error_shows_the_full_assignment_page(client, auth, ward) -> None:
    auth.login("head.a1")
    response = _post_update(client, ward, status="bogus")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "<html" in body and "Hãy chọn trạng thái." in body


def test_conflict_shows_their_change_next_to_yours(app, client, auth, ward) -> None:
    with app.app_context():
        record_status_update(
            ward.assignment_a1,
            _user("leader", ward),
            status="blocked",
            progress=20,
            note="Thiếu kinh phí.",
            expected_version=1,
        )
    auth.login("head.a1")
    response = _post_update(client, ward, headers=HX, status="done", note="Xong rồi.")
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Người khác đã lưu" in body
    assert "Thiếu kinh phí." in body and "Xong rồi." in body
    assert 'name="version" value="2"' in body  # re-apply in one click
    with app.app_context():
        assert _history_count(ward.assignment_a1) == 1
    again = _post_update(client, ward, headers=HX, status="done", note="Xong rồi.", version=2)
    assert again.status_code == 200
    with app.app_context():
        assert db.session.get(Assignment, ward.assignment_a1).status == "done"
        assert _history_count(ward.assignment_a1) == 2


def test_forged_id_of_another_branch_is_forbidden_and_writes_nothing(app, client, auth, ward):
    auth.login("head.a1")
    for headers in (HX, {}):
        response = _post_update(client, ward, assignment_id=ward.assignment_a2, headers=headers)
        assert response.status_code == 403
    with app.app_context():
        a = db.session.get(Assignment, ward.assignment_a2)
        assert (a.status, a.version) == ("not_started", 1)
        assert _history_count(a.id) == 0


def test_only_managers_can_move_the_due_date(app, client, auth, ward) -> None:
    auth.login("head.a1")
    form = client.get(f"/assignments/{ward.assignment_a1}/edit", headers=HX)
    assert 'name="progress"' in form.get_data(as_text=True)
    assert 'name="due_date"' not in form.get_data(as_text=True)
    _post_update(client, ward, due_date="31/12/2023")  # ignored for a branch head
    with app.app_context():
        assert db.session.get(Assignment, ward.assignment_a1).due_date == date(2023, 7, 11)
    auth.logout()
    auth.login("leader.a")
    form = client.get(f"/assignments/{ward.assignment_a1}/edit", headers=HX)
    assert 'name="due_date"' in form.get_data(
        as_text=True
    ) and 'value="11/07/2023"' in form.get_data(as_text=True)
    response = _post_update(client, ward, headers=HX, version=2, due_date="31/12/2023")
    assert response.status_code == 200, response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Assignment, ward.assignment_a1).due_date == date(2023, 12, 31)
    bad = _post_update(client, ward, headers=HX, version=3, due_date="31/02/2023")
    assert bad.status_code == 422
    assert "dd/mm/yyyy" in bad.get_data(as_text=True)
    # Cleared: the history keeps both moves, from what to what.
    assert _post_update(client, ward, headers=HX, version=3, due_date="").status_code == 200
    with app.app_context():
        assert db.session.get(Assignment, ward.assignment_a1).due_date is None
    page = client.get(f"/assignments/{ward.assignment_a1}").get_data(as_text=True)
    assert "Hạn 11/07/2023 → 31/12/2023" in page and "Hạn 31/12/2023 → —" in page


def test_history_is_shown_and_cannot_be_edited(app, client, auth, ward) -> None:
    auth.login("head.a1")
    _post_update(client, ward, note="Lần một")
    _post_update(client, ward, version=2, status="done", progress=100, note="Lần hai")
    page = client.get(f"/assignments/{ward.assignment_a1}").get_data(as_text=True)
    assert page.index("Lần hai") < page.index("Lần một")  # newest first
    assert "Trần Văn Bình" in page
    # No route edits or deletes history: the only write on an assignment is a new update.
    writes = {
        r.rule
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/assignments") and (r.methods or set()) & {"POST", "PUT", "DELETE"}
    }
    assert writes == {"/assignments/<int:assignment_id>/status"}


def test_leader_updates_from_the_organisation_page_and_the_matrix_moves(client, auth, ward):
    auth.login("leader.a")
    page = client.get(f"/orgs/{ward.org_a}").get_data(as_text=True)
    assert 'id="matrix"' in page and "Phong trào Cựu chiến binh gương mẫu" in page
    response = _post_update(
        client, ward, headers=HX, scope=f"org-{ward.org_a}", status="done", progress=100
    )
    body = response.get_data(as_text=True)
    a1 = ward.assignment_a1
    assert (
        'id="matrix"' in body
        and f'<td class="st-done"><a href="/assignments/{a1}">100</a></td>' in body
    )
    assert re.search(r'id="count-done">1<', body)


def test_matrix_cells_are_a_class_and_a_link(client, auth, ward) -> None:
    """Thousands of cells at scale: no per-cell title; the headers name branch and task;
    each cell opens its assignment (issue 17)."""
    auth.login("leader.a")
    page = client.get(f"/orgs/{ward.org_a}").get_data(as_text=True)
    matrix = page[page.index('<table class="matrix">') : page.index("</table>")]
    body = matrix[matrix.index("<tbody>") : matrix.index("</tbody>")]
    cells = re.findall(r"<td[^>]*>(?:<a [^>]*>)?[^<]*(?:</a>)?</td>", body)
    # task A in branches A1 and A2 (both overdue since 11/07/2023: over 90 days, grade 3)
    a1 = ward.assignment_a1
    assert f'<td class="st-not_started mx-late3"><a href="/assignments/{a1}">0</a></td>' in cells
    assert "title=" not in body
    assert all(
        re.fullmatch(
            r'<td class="[a-z_0-9 -]+">(<a href="/assignments/[0-9]+">)?[^<]*(</a>)?</td>', c
        )
        for c in cells
    ), cells
    assert f'<th scope="row" class="mx-task"><a href="/tasks/{ward.task_a}">' in body
    head = matrix[: matrix.index("</thead>")]
    assert head.count('<th scope="col" class="mx-branch">') == 2
    assert f'href="/branches/{ward.branch_a1}" title="Chi hội CCB khối 1"' in head


def test_matrix_puts_each_cell_under_its_branch_and_counts_closed_branches(
    app, client, auth, ward
) -> None:
    """A task given to one branch shows "·" under the others; a closed branch loses its
    column, but its assignments still count in their task's completion."""
    with app.app_context():
        task = Task(
            plan_id=ward.plan,
            organisation_id=ward.org_a,
            title="Chỉ khối 2",
            text="…",
            sort_order=3,
        )
        db.session.add(task)
        db.session.flush()
        db.session.add(
            Assignment(
                task_id=task.id,
                organisation_id=ward.org_a,
                branch_id=ward.branch_a2,
                status="done",
                progress=100,
            )
        )
        db.session.get(Assignment, ward.assignment_a1).status = "done"
        db.session.commit()

    def matrix_rows() -> list[list[str]]:
        page = client.get(f"/orgs/{ward.org_a}").get_data(as_text=True)
        body = page[page.index('<table class="matrix">') : page.index("</table>")]
        body = body[body.index("<tbody>") : body.index("</tbody>")]
        body = re.sub(r"</?a[^>]*>", "", body)  # the cells' links (tested above)
        return [re.findall(r"<td[^>]*>[^<]*</td>", tr) for tr in body.split("<tr>")[1:]]

    auth.login("leader.a")
    task_a, only_a2 = matrix_rows()
    assert task_a == [
        '<td class="st-done">0</td>',
        '<td class="st-not_started mx-late3">0</td>',
        '<td class="mx-pct">50%</td>',
    ]
    assert only_a2 == [
        '<td class="mx-none">·</td>',
        '<td class="st-done">100</td>',
        '<td class="mx-pct">100%</td>',
    ]
    with app.app_context():
        db.session.get(Branch, ward.branch_a2).active = False
        db.session.commit()
    task_a, only_a2 = matrix_rows()
    assert task_a == ['<td class="st-done">0</td>', '<td class="mx-pct">50%</td>']
    assert only_a2 == ['<td class="mx-none">·</td>', '<td class="mx-pct">100%</td>']


def test_secretariat_ward_update_swaps_the_organisation_bars(client, auth, ward) -> None:
    auth.login("vanphong")
    response = _post_update(client, ward, headers=HX, scope="ward", status="done", progress=100)
    body = response.get_data(as_text=True)
    assert 'id="org-progress"' in body and "1/3 hoàn thành" in body


def test_scope_of_another_organisation_gets_no_counters(client, auth, ward) -> None:
    auth.login("head.a1")
    response = _post_update(client, ward, headers=HX, scope=f"org-{ward.org_b}")
    assert response.status_code == 200
    assert "hx-swap-oob" not in response.get_data(as_text=True)


# --- the update form, fetched when asked for ---------------------------------------------------


def _edit_url(ward, assignment_id=None, **args) -> str:
    query = urlencode(
        {"scope": f"branch-{ward.branch_a1}", "next": f"/branches/{ward.branch_a1}", **args}
    )
    return f"/assignments/{assignment_id or ward.assignment_a1}/edit?{query}"


def test_list_rows_carry_an_update_control_but_no_form(client, auth, ward) -> None:
    auth.login("head.a1")
    page = client.get(f"/branches/{ward.branch_a1}").get_data(as_text=True)
    assert "<form" in page  # the filters …
    assert 'class="update-form"' not in page and 'name="progress"' not in page  # … no row form
    link = re.search(r'<a class="edit-open" href="([^"]+)" hx-get="([^"]+)"[^>]*>([^<]+)</a>', page)
    assert link is not None
    href, hx_get, text = (html.unescape(g) for g in link.groups())
    assert text == "Cập nhật"
    # Without JavaScript: the assignment page, whose form goes back to this list.
    assert urlsplit(href).path == f"/assignments/{ward.assignment_a1}"
    assert parse_qs(urlsplit(href).query) == {"next": [f"/branches/{ward.branch_a1}"]}
    edit = urlsplit(hx_get)
    assert edit.path == f"/assignments/{ward.assignment_a1}/edit"
    assert parse_qs(edit.query) == parse_qs(urlsplit(_edit_url(ward)).query)


def test_the_update_control_opens_the_form_in_the_row(client, auth, ward) -> None:
    auth.login("head.a1")
    response = client.get(_edit_url(ward), headers=HX)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    body = response.get_data(as_text=True)
    assert "<html" not in body
    assert body.lstrip().startswith(
        f'<li class="assignment is-overdue" id="assignment-{ward.assignment_a1}"'
    )
    assert 'class="update-form"' in body and 'name="version" value="1"' in body
    assert f'name="scope" value="branch-{ward.branch_a1}"' in body
    assert f'name="next" value="/branches/{ward.branch_a1}"' in body
    assert 'name="csrf_token"' in body
    assert re.search(r'<input [^>]*type="file"', body) and 'id="photos-' in body
    assert 'value="not_started" checked autofocus' in body  # the focus goes into the form
    assert 'class="edit-open"' not in body
    close = re.search(r'<a class="edit-close" href="([^"]+)" hx-get="([^"]+)"', body)
    assert close is not None
    # without JavaScript "Close" goes back to the list, at this row
    assert (
        html.unescape(close.group(1))
        == f"/branches/{ward.branch_a1}#assignment-{ward.assignment_a1}"
    )
    closed = client.get(html.unescape(close.group(2)), headers=HX)
    assert closed.status_code == 200
    closed_body = closed.get_data(as_text=True)
    assert "<form" not in closed_body and 'class="edit-open"' in closed_body
    assert "autofocus>Cập nhật</a>" in closed_body  # the focus back on the control


def test_the_form_is_only_for_those_who_may_update(client, auth, ward) -> None:
    for username in ("lanhdao", "head.a2", "leader.b"):
        auth.login(username)
        for headers in (HX, {}):
            response = client.get(_edit_url(ward), headers=headers)
            assert response.status_code == 403, (username, headers)
        auth.logout()
    auth.login("head.a1")
    assert client.get(_edit_url(ward, ward.assignment_a2), headers=HX).status_code == 403
    assert client.get("/assignments/99999/edit", headers=HX).status_code == 404


def test_a_taken_back_assignment_has_no_form(app, client, auth, ward) -> None:
    with app.app_context():
        assign_task(
            ward.task_a, _user("leader", ward), action="withdraw", branch_ids=[ward.branch_a1]
        )
    auth.login("head.a1")
    assert client.get(_edit_url(ward), headers=HX).status_code == 403


def test_without_javascript_the_form_is_on_the_assignment_page(client, auth, ward) -> None:
    auth.login("head.a1")
    response = client.get(_edit_url(ward))
    assert response.status_code == 302
    location = response.headers["Location"]
    target = urlsplit(location)
    assert target.path == f"/assignments/{ward.assignment_a1}"
    assert parse_qs(target.query) == {"next": [f"/branches/{ward.branch_a1}"]}
    page = client.get(location).get_data(as_text=True)
    assert "<html" in page and 'class="update-form"' in page
    assert f'name="next" value="/branches/{ward.branch_a1}"' in page  # back to the list
    assert "autofocus" not in page
    saved = _post_update(client, ward, scope="")
    assert saved.status_code == 303
    assert (
        saved.headers["Location"] == f"/branches/{ward.branch_a1}#assignment-{ward.assignment_a1}"
    )
    # "Close" without JavaScript goes back to the list too; a foreign address is ignored.
    close = client.get(f"/assignments/{ward.assignment_a1}/row?next=/branches/{ward.branch_a1}")
    assert close.status_code == 302 and close.headers["Location"] == f"/branches/{ward.branch_a1}"
    evil = client.get(f"/assignments/{ward.assignment_a1}/edit?next=//evil.example")
    assert evil.headers["Location"] == f"/assignments/{ward.assignment_a1}"


def test_the_assignment_page_shows_its_form_open(client, auth, ward) -> None:
    auth.login("leader.a")
    page = client.get(f"/assignments/{ward.assignment_a1}").get_data(as_text=True)
    assert 'class="update-form"' in page and 'name="due_date"' in page
    assert 'class="edit-open"' not in page
    auth.logout()
    auth.login("lanhdao")  # a viewer reads it, with no form and no control
    page = client.get(f"/assignments/{ward.assignment_a1}").get_data(as_text=True)
    assert "<h1>Phong trào Cựu chiến binh gương mẫu</h1>" in page
    assert 'class="update-form"' not in page and 'class="edit-open"' not in page


def test_a_bad_scope_in_the_row_request_gets_a_plain_row(client, auth, ward) -> None:
    auth.login("head.a1")
    for scope in (f"org-{ward.org_b}", "nonsense", "task-x"):
        response = client.get(_edit_url(ward, scope=scope), headers=HX)
        assert response.status_code == 200, scope
        assert 'name="scope" value=""' in response.get_data(as_text=True)


def test_the_update_response_stays_small(app, client, auth, ward) -> None:
    """The answer to a save is one row and the counters, whatever the length of the list."""
    with app.app_context():
        for n in range(40):
            task = Task(
                plan_id=ward.plan, organisation_id=ward.org_a, title=f"Việc số {n}", text=""
            )
            db.session.add(task)
            db.session.flush()
            db.session.add(
                Assignment(task_id=task.id, organisation_id=ward.org_a, branch_id=ward.branch_a1)
            )
        db.session.commit()
        db.session.remove()
    auth.login("head.a1")
    page = client.get(f"/branches/{ward.branch_a1}").get_data()
    response = _post_update(client, ward, headers=HX)
    assert response.status_code == 200
    assert len(response.get_data()) <= 0.1 * len(page), (len(response.get_data()), len(page))


# --- pages per role --------------------------------------------------------------------------


def test_branch_page_groups_overdue_first(client, auth, ward) -> None:
    auth.login("head.a1")
    page = client.get(f"/branches/{ward.branch_a1}").get_data(as_text=True)
    assert "<h1>Chi hội CCB khối 1</h1>" in page
    assert "Việc của chi hội" in page
    assert 'class="group-head group-overdue"' in page  # due 11/07/2023, long past


def test_ward_page_shows_blocked_items_with_their_notes(app, client, auth, ward) -> None:
    with app.app_context():
        record_status_update(
            ward.assignment_b1,
            _user("other_org_branch_head", ward),
            status="blocked",
            progress=10,
            note="Chưa có địa điểm sinh hoạt chung.",
            expected_version=1,
        )
    auth.login("lanhdao")
    page = client.get("/ward").get_data(as_text=True)
    assert "Khó khăn, vướng mắc được báo cáo" in page
    assert "Chưa có địa điểm sinh hoạt chung." in page
    assert "Cập nhật gần đây" in page
    assert 'class="edit-open"' not in page  # a viewer changes nothing


def test_ward_list_count_matches_the_counters_with_and_without_filters(
    app, client, auth, ward
) -> None:
    """The ward's unfiltered list reuses the counters' total; a filter counts its own rows."""
    with app.app_context():
        record_status_update(
            ward.assignment_b1,
            _user("other_org_branch_head", ward),
            status="blocked",
            progress=10,
            note="Thiếu kinh phí.",
            expected_version=1,
        )
        active = db.session.scalar(
            select(func.count(Assignment.id)).where(Assignment.active.is_(True))
        )
    auth.login("lanhdao")
    page = client.get("/ward").get_data(as_text=True)
    total = re.search(r'<span class="big" id="count-total">(\d+)</span>', page)
    assert total is not None and int(total.group(1)) == active
    assert f"{active} phân công" in page
    blocked = client.get("/ward?status=blocked").get_data(as_text=True)
    assert ">1 phân công · " in blocked


def test_task_page_lists_assignments_with_history(app, client, auth, ward) -> None:
    with app.app_context():
        record_status_update(
            ward.assignment_a2,
            _user("other_branch_head", ward),
            status="in_progress",
            progress=50,
            note="Ghi chú khối 2",
            expected_version=1,
        )
    auth.login("leader.a")
    page = client.get(f"/tasks/{ward.task_a}").get_data(as_text=True)
    assert "Chi hội CCB khối 1" in page and "Chi hội CCB khối 2" in page
    assert "Lịch sử (1)" in page and "Ghi chú khối 2" in page
    assert "Giao cho các chi hội đã chọn" in page


def test_task_page_shows_the_latest_updates_and_links_to_the_whole_history(
    app, client, auth, ward
) -> None:
    with app.app_context():
        head = _user("branch_head", ward)
        for n in range(1, 6):
            record_status_update(
                ward.assignment_a1,
                head,
                status="in_progress",
                progress=10 * n,
                note=f"Bước số {n}",
                expected_version=n,
            )
    auth.login("leader.a")
    page = client.get(f"/tasks/{ward.task_a}").get_data(as_text=True)
    assert "Lịch sử (5)" in page
    notes = re.findall(r'<p class="h-note">(Bước số \d)</p>', page)
    assert notes == ["Bước số 5", "Bước số 4", "Bước số 3"]  # newest first, three of five
    more = rf'<p class="h-more"><a href="/assignments/{ward.assignment_a1}">[^<]*\b5\b[^<]*</a>'
    assert re.search(more, page)  # "See the whole history (5 updates)"
    full = client.get(f"/assignments/{ward.assignment_a1}").get_data(as_text=True)
    assert re.findall(r'<p class="h-note">(Bước số \d)</p>', full) == [
        f"Bước số {n}" for n in range(5, 0, -1)
    ]
    assert 'class="h-more"' not in full


# --- filters ---------------------------------------------------------------------------------


def test_search_ignores_diacritics_and_case(client, auth, ward) -> None:
    auth.login("vanphong")
    page = client.get("/ward?q=HO+TRO", headers=HX).get_data(as_text=True)
    assert "Hỗ trợ phụ nữ vay vốn" in page
    assert "Phong trào Cựu chiến binh gương mẫu" not in page
    assert "1 phân công" in page


def test_filters_swap_the_list_and_history_restore_gets_the_full_page(client, auth, ward):
    auth.login("vanphong")
    partial = client.get(f"/ward?status=not_started&org={ward.org_a}", headers=HX)
    body = partial.get_data(as_text=True)
    assert "<html" not in body and body.lstrip().startswith('<div id="assignment-list"')
    assert "HX-Request" in partial.headers["Vary"]
    assert "Hỗ trợ phụ nữ vay vốn" not in body
    restored = client.get(
        f"/ward?status=not_started&org={ward.org_a}",
        headers={**HX, "HX-History-Restore-Request": "true"},
    )
    page = restored.get_data(as_text=True)
    assert "<html" in page and "selected>Hội CCB</option>" in page
    plain = client.get(f"/ward?status=not_started&org={ward.org_a}").get_data(as_text=True)
    assert "<html" in plain


def test_overdue_and_month_filters(client, auth, ward) -> None:
    auth.login("vanphong")
    overdue = client.get("/ward?overdue=1", headers=HX).get_data(as_text=True)
    assert "2 phân công" in overdue  # the two branch assignments due 11/07/2023
    month = client.get("/ward?month=1", headers=HX).get_data(as_text=True)
    assert "0 phân công" in month


def test_bad_filter_values_are_ignored(client, auth, ward) -> None:
    auth.login("vanphong")
    response = client.get("/ward?org=x&status=nope&page=-3&block=%27")
    assert response.status_code == 200


# --- assigning -------------------------------------------------------------------------------


def test_leader_assigns_withdraws_and_sets_in_bulk(app, client, auth, ward) -> None:
    auth.login("leader.a")
    url = f"/tasks/{ward.task_shared}/assign"
    response = client.post(
        url,
        data={
            "action": "assign",
            "branch": [ward.branch_a1, ward.branch_a2],
            "responsible": "Ông Hùng",
            "due_date": "30/06/2023",
        },
    )
    assert response.status_code == 303
    with app.app_context():
        rows = db.session.scalars(
            select(Assignment).where(
                Assignment.task_id == ward.task_shared, Assignment.branch_id.is_not(None)
            )
        ).all()
        assert {(a.branch_id, a.responsible, a.due_date) for a in rows} == {
            (ward.branch_a1, "Ông Hùng", date(2023, 6, 30)),
            (ward.branch_a2, "Ông Hùng", date(2023, 6, 30)),
        }
    client.post(url, data={"action": "withdraw", "branch": [ward.branch_a2], "confirmed": "1"})
    client.post(url, data={"action": "set", "branch": [ward.branch_a1], "due_date": "15/07/2023"})
    with app.app_context():
        a2 = db.session.scalar(
            select(Assignment).where(
                Assignment.task_id == ward.task_shared, Assignment.branch_id == ward.branch_a2
            )
        )
        assert a2 is not None and a2.active is False and _history_count(a2.id) == 1
        a1 = db.session.scalar(
            select(Assignment).where(
                Assignment.task_id == ward.task_shared, Assignment.branch_id == ward.branch_a1
            )
        )
        assert a1 is not None and a1.due_date == date(2023, 7, 15) and a1.version == 2
    # taken back: gone from the branch's list, history kept, can be given again
    auth.logout()
    auth.login("head.a2")
    page = client.get(f"/branches/{ward.branch_a2}").get_data(as_text=True)
    assert "Tuyên truyền chủ trương" not in page
    auth.logout()
    auth.login("leader.a")
    client.post(url, data={"action": "assign", "branch": [ward.branch_a2]})
    with app.app_context():
        db.session.remove()
        a2 = db.session.get(Assignment, a2.id)
        assert a2.active is True and _history_count(a2.id) == 2


def test_leader_cannot_assign_to_another_organisations_branch(app, client, auth, ward) -> None:
    auth.login("leader.a")
    response = client.post(
        f"/tasks/{ward.task_a}/assign", data={"action": "assign", "branch": [ward.branch_b1]}
    )
    assert response.status_code == 403
    with app.app_context():
        with pytest.raises(NotAllowed):
            assign_task(
                ward.task_a, _user("leader", ward), action="assign", branch_ids=[ward.branch_b1]
            )


def test_assign_form_errors_keep_what_was_typed(client, auth, ward) -> None:
    auth.login("leader.a")
    response = client.post(
        f"/tasks/{ward.task_a}/assign",
        data={"action": "set", "responsible": "Bà Lan", "due_date": "hôm qua"},
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Hãy chọn ít nhất một chi hội." in body
    assert 'value="Bà Lan"' in body and 'value="hôm qua"' in body


def test_counters_are_polled_so_others_updates_show(app, client, auth, ward) -> None:
    auth.login("leader.a")
    page = client.get(f"/orgs/{ward.org_a}").get_data(as_text=True)
    assert f'hx-get="/progress?scope=org-{ward.org_a}"' in page
    with app.app_context():
        record_status_update(
            ward.assignment_a2,
            _user("other_branch_head", ward),
            status="done",
            progress=100,
            note="",
            expected_version=1,
        )
    response = client.get(f"/progress?scope=org-{ward.org_a}", headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert re.search(r'id="count-done">1<', body) and 'id="matrix"' in body
    assert client.get(f"/progress?scope=org-{ward.org_b}", headers=HX).status_code == 403
    assert client.get("/progress?scope=nonsense", headers=HX).status_code == 404
    plain = client.get(f"/progress?scope=org-{ward.org_a}")
    assert plain.status_code == 302 and plain.headers["Location"] == f"/orgs/{ward.org_a}"


def test_system_notes_are_written_in_vietnamese_even_outside_a_request(app, ward) -> None:
    with app.app_context():
        assign_task(
            ward.task_a, _user("leader", ward), action="withdraw", branch_ids=[ward.branch_a2]
        )
        note = db.session.scalar(
            select(StatusUpdate.note).where(StatusUpdate.assignment_id == ward.assignment_a2)
        )
        assert note == "Thu hồi khỏi chi hội."
