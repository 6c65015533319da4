"""Administration screens: organisations, blocks, branches, users (secretariat only)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from wardtasks.extensions import db
from wardtasks.models import Assignment, AuditEntry, Block, Branch, Organisation, User

from .factories import PASSWORD


def _login(client, username: str = "vanphong", password: str = PASSWORD):
    return client.post("/login", data={"username": username, "password": password})


def _page(response) -> str:
    return response.get_data(as_text=True)


def test_secretariat_sees_the_admin_link_others_do_not(client, ward) -> None:
    _login(client)
    assert "Quản trị" in _page(client.get("/ward"))
    client.post("/logout")
    _login(client, "lanhdao")
    assert "Quản trị" not in _page(client.get("/ward"))
    assert client.get("/admin/").status_code == 403


def test_create_rename_and_reorder_an_organisation(app, client, ward) -> None:
    _login(client)
    response = client.post(
        "/admin/organisations",
        data={"code": "HND", "name": "Hội Nông dân phường", "short_name": "HND", "sort_order": "5"},
    )
    assert response.status_code == 302
    page = _page(client.get("/admin/organisations"))
    assert "Đã thêm tổ chức “Hội Nông dân phường”." in page
    with app.app_context():
        org = db.session.scalar(select(Organisation).where(Organisation.code == "HND"))
        org_id = org.id
    response = client.post(
        f"/admin/organisations/{org_id}",
        data={"code": "HND", "name": "Hội Nông dân", "short_name": "Nông dân", "sort_order": "5"},
    )
    assert response.status_code == 302
    # move it to the top
    for _ in range(3):
        client.post(f"/admin/organisations/{org_id}/move", data={"direction": "up"})
    with app.app_context():
        orgs = db.session.scalars(
            select(Organisation).order_by(Organisation.sort_order, Organisation.id)
        ).all()
        assert orgs[0].name == "Hội Nông dân" and orgs[0].short_name == "Nông dân"
        assert len({o.sort_order for o in orgs}) == len(orgs)
    # the ward overview lists it first
    client.post("/logout")
    _login(client, "lanhdao")
    page = _page(client.get("/ward"))
    assert page.index("Hội Nông dân") < page.index("Hội Cựu chiến binh phường")


def test_duplicate_and_empty_values_get_vietnamese_messages(app, client, ward) -> None:
    _login(client)
    response = client.post(
        "/admin/organisations",
        data={
            "code": "ccb",
            "name": "hội cựu chiến binh phường",
            "short_name": "",
            "sort_order": "x",
        },
    )
    page = _page(response)
    assert response.status_code == 200
    assert "Vui lòng điền mục này." in page
    assert "Vui lòng nhập một số nguyên." in page
    response = client.post(
        "/admin/organisations",
        data={"code": "ccb", "name": "Hội mới", "short_name": "HM", "sort_order": "1"},
    )
    assert "Đã có tổ chức khác dùng mã này." in _page(response)
    response = client.post(
        "/admin/organisations",
        data={"code": "Mã có dấu", "name": "Hội mới", "short_name": "HM", "sort_order": "1"},
    )
    assert "Chỉ dùng chữ cái không dấu" in _page(response)
    # what was typed is kept
    assert 'value="Hội mới"' in _page(response)
    with app.app_context():
        assert db.session.scalar(select(func.count(Organisation.id))) == 2


def test_blocks_create_edit_deactivate(app, client, ward) -> None:
    _login(client)
    assert client.post("/admin/blocks", data={"number": "3", "name": "Khối 3"}).status_code == 302
    response = client.post("/admin/blocks", data={"number": "3", "name": "Khối ba"})
    assert "Đã có khối khác mang số này." in _page(response)
    response = client.post("/admin/blocks", data={"number": "0", "name": "Khối 0"})
    assert "Nhập một số từ 1 đến 9999." in _page(response)
    response = client.post(
        f"/admin/blocks/{ward.block_2}", data={"number": "2", "name": "Khối Hai"}
    )
    assert response.status_code == 302
    client.post(f"/admin/blocks/{ward.block_2}/active", data={"active": "0"})
    with app.app_context():
        block = db.session.get(Block, ward.block_2)
        assert block.name == "Khối Hai" and not block.active


def test_deactivated_branch_keeps_its_history(app, client, ward) -> None:
    _login(client)
    response = client.post(f"/admin/branches/{ward.branch_a2}/active", data={"active": "0"})
    assert response.status_code == 302
    assert "đã ngừng hoạt động; lịch sử vẫn được giữ nguyên" in _page(client.get("/admin/branches"))
    with app.app_context():
        branch = db.session.get(Branch, ward.branch_a2)
        assert branch is not None and not branch.active
        assert db.session.get(Assignment, ward.assignment_a2).branch_id == ward.branch_a2
    # no longer offered for new users, still on the admin list with its history
    users_page = _page(client.get("/admin/users"))
    assert f'value="{ward.branch_a2}">Hội CCB · Chi hội CCB khối 2' not in users_page
    assert "Chi hội CCB khối 2" in _page(client.get("/admin/branches"))
    # and back
    client.post(f"/admin/branches/{ward.branch_a2}/active", data={"active": "1"})
    users_page = _page(client.get("/admin/users"))
    assert f'value="{ward.branch_a2}">Hội CCB · Chi hội CCB khối 2' in users_page


def test_create_branch_and_rename(app, client, ward) -> None:
    _login(client)
    response = client.post(
        "/admin/branches",
        data={
            "organisation_id": str(ward.org_b),
            "block_id": str(ward.block_2),
            "name": "Chi hội phụ nữ khối 2",
            "sort_order": "2",
        },
    )
    assert response.status_code == 302
    response = client.post(
        "/admin/branches",
        data={"organisation_id": str(ward.org_b), "block_id": "0", "name": "chi hội phụ nữ khối 2"},
    )
    assert "Tổ chức này đã có chi hội mang tên này." in _page(response)
    response = client.post(
        "/admin/branches", data={"organisation_id": "999", "block_id": "0", "name": "X"}
    )
    assert "Vui lòng chọn một mục trong danh sách." in _page(response)
    with app.app_context():
        branch = db.session.scalar(select(Branch).where(Branch.name == "Chi hội phụ nữ khối 2"))
        branch_id = branch.id
    response = client.post(
        f"/admin/branches/{branch_id}",
        data={
            "organisation_id": str(ward.org_a),
            "block_id": "0",
            "name": "Chi hội PN trường",
            "sort_order": "1",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        branch = db.session.get(Branch, branch_id)
        # renamed, moved out of its block, but never to another organisation
        assert branch.name == "Chi hội PN trường" and branch.block_id is None
        assert branch.organisation_id == ward.org_b


def _one_time_password(page: str) -> str:
    match = re.search(r'<code class="secret">([^<]+)</code>', page)
    assert match, page
    return match.group(1)


def test_new_user_must_change_the_one_time_password(app, ward) -> None:
    admin = app.test_client()
    _login(admin)
    response = admin.post(
        "/admin/users",
        data={
            "username": "Ccb.K2 ",
            "full_name": "Lê Văn Cựu",
            "role": "branch_head",
            "organisation_id": "0",
            "branch_id": str(ward.branch_a2),
        },
    )
    assert response.status_code == 200
    page = _page(response)
    assert "Mật khẩu dùng một lần" in page and "ccb.k2" in page
    one_time = _one_time_password(page)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "ccb.k2"))
        assert user.must_change_password and user.organisation_id == ward.org_a
    newcomer = app.test_client()
    _login(newcomer, "ccb.k2", one_time)
    assert newcomer.get(f"/branches/{ward.branch_a2}").headers["Location"] == "/account/password"
    response = newcomer.post(
        "/account/password",
        data={"current_password": one_time, "new_password": "1234567890", "confirm": "1234567890"},
    )
    assert "Mật khẩu này quá phổ biến" in _page(response)
    new = "chi hoi khoi hai 2023"
    response = newcomer.post(
        "/account/password",
        data={"current_password": one_time, "new_password": new, "confirm": new},
    )
    assert response.status_code == 302
    assert newcomer.get(f"/branches/{ward.branch_a2}").status_code == 200


def test_user_validation_messages(app, client, ward) -> None:
    _login(client)
    base = {"username": "moi", "full_name": "Người Mới", "organisation_id": "0", "branch_id": "0"}
    page = _page(client.post("/admin/users", data={**base, "role": "leader"}))
    assert "Lãnh đạo tổ chức phải thuộc một tổ chức." in page
    page = _page(client.post("/admin/users", data={**base, "role": "branch_head"}))
    assert "Chi hội trưởng phải thuộc một chi hội." in page
    page = _page(
        client.post("/admin/users", data={**base, "username": "Vân Phòng", "role": "viewer"})
    )
    assert "Từ 3 đến 60 ký tự" in page
    page = _page(
        client.post("/admin/users", data={**base, "username": "VANPHONG", "role": "viewer"})
    )
    assert "Tên đăng nhập này đã có người dùng." in page
    page = _page(client.post("/admin/users", data={**base, "role": "superuser"}))
    assert "Vui lòng chọn một mục trong danh sách." in page
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 7


def test_change_role_and_scope_of_a_user(app, client, ward) -> None:
    _login(client)
    response = client.post(
        f"/admin/users/{ward.users['other_branch_head']}",
        data={
            "full_name": "Head A2",
            "role": "leader",
            "organisation_id": str(ward.org_b),
            "branch_id": "0",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, ward.users["other_branch_head"])
        assert (user.role, user.organisation_id, user.branch_id) == ("leader", ward.org_b, None)


def test_the_last_secretariat_cannot_be_removed(app, client, ward) -> None:
    _login(client)
    me = ward.users["secretariat"]
    client.post(f"/admin/users/{me}/active", data={"active": "0", "confirmed": "1"})
    assert "Bạn không thể tự ngừng hoạt động tài khoản của mình." in _page(
        client.get("/admin/users")
    )
    response = client.post(
        f"/admin/users/{me}",
        data={"full_name": "X", "role": "viewer", "organisation_id": "0", "branch_id": "0"},
    )
    assert "Phường phải luôn có ít nhất một người dùng Thường trực đang hoạt động." in _page(
        response
    )
    with app.app_context():
        user = db.session.get(User, me)
        assert user.active and user.role == "secretariat"


def test_bad_toggle_values_are_400_not_500(client, ward) -> None:
    _login(client)
    assert (
        client.post(f"/admin/branches/{ward.branch_a1}/active", data={"active": "x"}).status_code
        == 400
    )
    assert (
        client.post(f"/admin/branches/{ward.branch_a1}/move", data={"direction": "x"}).status_code
        == 400
    )
    assert client.post("/admin/branches/99999/active", data={"active": "0"}).status_code == 404


def test_every_admin_change_is_in_the_audit_trail(app, client, ward) -> None:
    _login(client)
    client.post("/admin/blocks", data={"number": "7", "name": "Khối 7"})
    client.post(f"/admin/branches/{ward.branch_a1}/active", data={"active": "0"})
    client.post(f"/admin/users/{ward.users['viewer']}/password")
    client.post("/admin/blocks", data={"number": "", "name": ""})  # refused: no entry
    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action != "user.login").order_by(AuditEntry.id)
        ).all()
        assert [e.action for e in entries] == [
            "block.create",
            "branch.deactivate",
            "user.reset_password",
        ]
        assert all(e.actor_id == ward.users["secretariat"] for e in entries)
        assert entries[1].before["active"] is True and entries[1].after["active"] is False
        assert "password" not in str(entries[2].after).replace("must_change_password", "")
