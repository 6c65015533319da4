"""Bad input: every form I own driven with arbitrary text; XSS payloads; open redirects.

Invariants: never a 5xx; a refused form stores nothing; an accepted form stores
exactly what it showed it accepted (trimmed, NFC-normalised); stored text never
comes back unescaped; ``next`` never leads off the site.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from wardtasks.extensions import db
from wardtasks.inputs import normalise_text
from wardtasks.models import Block, Branch, Organisation, User

from .factories import PASSWORD

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any character a browser can send (surrogates cannot be encoded), plus the nasty ones.
any_char = st.characters(blacklist_categories=("Cs",))
nasty = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\t\n",
        "0",
        "-1",
        "1e9",
        "99999999999999999999",
        "NaN",
        "１２",
        "’",
        "Ủy ban MTTQ",
        "e\u0301",
        "\u202e",
        "\ufeff",
        "🙂",
        "%s%n",
        "{{7*7}}",
        "' OR 1=1 --",
    ]
)
texts = st.one_of(
    st.text(any_char, max_size=40),
    st.text(any_char, min_size=55, max_size=260),
    nasty,
    st.integers(-(10**12), 10**12).map(str),
)


def clean(value: str) -> str:
    """A one-line field as every form reads it (NFC, breaks and tabs as spaces, trimmed)."""
    return normalise_text(value, one_line=True)


@pytest.fixture
def app_config() -> dict[str, Any]:
    # Fuzzing logs in with thousands of wrong passwords: no throttling here (tested elsewhere).
    return {"LOGIN_FAILURES_PER_ACCOUNT": 10**9, "LOGIN_FAILURES_PER_ADDRESS": 10**9}


@pytest.fixture
def admin(app, ward):
    client = app.test_client()
    assert (
        client.post("/login", data={"username": "vanphong", "password": PASSWORD}).status_code
        == 302
    )
    return client


def _count(app, model: Any) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count(model.id))))


def _ok(response) -> None:
    assert response.status_code < 500, response.get_data(as_text=True)[-2000:]


# Admin forms ------------------------------------------------------------------------


@FUZZ
@given(code=texts, name=texts, short_name=texts, sort_order=texts)
def test_fuzz_organisation_form(app, admin, code, name, short_name, sort_order) -> None:
    before = _count(app, Organisation)
    data = {"code": code, "name": name, "short_name": short_name, "sort_order": sort_order}
    response = admin.post("/admin/organisations", data=data)
    _ok(response)
    if response.status_code == 302:
        assert _count(app, Organisation) == before + 1
        with app.app_context():
            org = db.session.scalar(select(Organisation).order_by(Organisation.id.desc()))
            assert (org.code, org.name, org.short_name) == (
                clean(code),
                clean(name),
                clean(short_name),
            )
            assert org.sort_order == int(sort_order.strip() or 0)
    else:
        assert response.status_code == 200
        assert _count(app, Organisation) == before


@FUZZ
@given(code=texts, name=texts, short_name=texts, sort_order=texts)
def test_fuzz_organisation_edit(app, admin, ward, code, name, short_name, sort_order) -> None:
    with app.app_context():
        old = db.session.get(Organisation, ward.org_b)
        old_values = (old.code, old.name, old.short_name, old.sort_order)
    data = {"code": code, "name": name, "short_name": short_name, "sort_order": sort_order}
    response = admin.post(f"/admin/organisations/{ward.org_b}", data=data)
    _ok(response)
    with app.app_context():
        org = db.session.get(Organisation, ward.org_b)
        now = (org.code, org.name, org.short_name, org.sort_order)
    if response.status_code == 302:
        assert now[:3] == (clean(code), clean(name), clean(short_name))
    else:
        assert now == old_values


@FUZZ
@given(number=texts, name=texts)
def test_fuzz_block_form(app, admin, number, name) -> None:
    before = _count(app, Block)
    response = admin.post("/admin/blocks", data={"number": number, "name": name})
    _ok(response)
    if response.status_code == 302:
        with app.app_context():
            block = db.session.scalar(select(Block).order_by(Block.id.desc()))
            assert (block.number, block.name) == (int(number.strip()), clean(name))
        assert _count(app, Block) == before + 1
    else:
        assert _count(app, Block) == before


@FUZZ
@given(
    org=st.one_of(texts, st.sampled_from(["1", "2", "0", "3"])),
    block=st.one_of(texts, st.sampled_from(["0", "1", "2"])),
    name=texts,
    sort_order=texts,
)
def test_fuzz_branch_form(app, admin, org, block, name, sort_order) -> None:
    before = _count(app, Branch)
    data = {"organisation_id": org, "block_id": block, "name": name, "sort_order": sort_order}
    response = admin.post("/admin/branches", data=data)
    _ok(response)
    if response.status_code == 302:
        with app.app_context():
            branch = db.session.scalar(select(Branch).order_by(Branch.id.desc()))
            assert branch.name == clean(name)
            assert branch.organisation_id == int(org)
            assert (branch.block_id or 0) == int(block)
        assert _count(app, Branch) == before + 1
    else:
        assert _count(app, Branch) == before


@FUZZ
@given(number=texts, name=texts, sort_order=texts, block=texts)
def test_fuzz_block_and_branch_edit(app, admin, ward, number, name, sort_order, block) -> None:
    with app.app_context():
        old_block = db.session.get(Block, ward.block_2).name
        old_branch = db.session.get(Branch, ward.branch_b1).name
    r1 = admin.post(f"/admin/blocks/{ward.block_2}", data={"number": number, "name": name})
    r2 = admin.post(
        f"/admin/branches/{ward.branch_b1}",
        data={"block_id": block, "name": name, "sort_order": sort_order},
    )
    _ok(r1)
    _ok(r2)
    with app.app_context():
        block_now = db.session.get(Block, ward.block_2).name
        branch_now = db.session.get(Branch, ward.branch_b1).name
    assert block_now == (clean(name) if r1.status_code == 302 else old_block)
    assert branch_now == (clean(name) if r2.status_code == 302 else old_branch)


ROLES = st.one_of(st.sampled_from(["secretariat", "leader", "branch_head", "viewer"]), texts)
IDS = st.one_of(st.sampled_from(["0", "1", "2", "3"]), texts)


@FUZZ
@given(username=texts, full_name=texts, role=ROLES, org=IDS, branch=IDS)
def test_fuzz_user_form(app, admin, username, full_name, role, org, branch) -> None:
    before = _count(app, User)
    data = {
        "username": username,
        "full_name": full_name,
        "role": role,
        "organisation_id": org,
        "branch_id": branch,
    }
    response = admin.post("/admin/users", data=data)
    _ok(response)
    page = response.get_data(as_text=True)
    if 'class="secret"' in page:  # accepted: the one-time password page
        with app.app_context():
            user = db.session.scalar(select(User).order_by(User.id.desc()))
            assert user.username == username.strip().lower()
            assert user.full_name == clean(full_name)
            assert user.role == role and user.must_change_password
        assert _count(app, User) == before + 1
    else:
        assert _count(app, User) == before


@FUZZ
@given(full_name=texts, role=ROLES, org=IDS, branch=IDS)
def test_fuzz_user_edit(app, admin, ward, full_name, role, org, branch) -> None:
    target = ward.users["other_org_branch_head"]
    fields = ("full_name", "role", "organisation_id", "branch_id")
    with app.app_context():
        user = db.session.get(User, target)
        before = tuple(getattr(user, f) for f in fields)
    data = {"full_name": full_name, "role": role, "organisation_id": org, "branch_id": branch}
    response = admin.post(f"/admin/users/{target}", data=data)
    _ok(response)
    with app.app_context():
        user = db.session.get(User, target)
        after = tuple(getattr(user, f) for f in fields)
        if response.status_code == 302:
            assert user.full_name == clean(full_name) and user.role == role
        else:
            assert after == before
        assert user.role != "leader" or user.organisation_id is not None
        assert user.role != "branch_head" or user.branch_id is not None


@FUZZ
@given(action=texts, target_type=texts, actor=texts, start=texts, end=texts, page=texts)
def test_fuzz_audit_filters(admin, action, target_type, actor, start, end, page) -> None:
    query = {
        "action": action,
        "target_type": target_type,
        "actor": actor,
        "from": start,
        "to": end,
        "page": page,
    }
    response = admin.get("/admin/audit", query_string=query)
    assert response.status_code == 200


@FUZZ
@given(active=texts, direction=texts)
def test_fuzz_toggle_buttons(admin, ward, active, direction) -> None:
    for response in (
        admin.post(f"/admin/branches/{ward.branch_a2}/active", data={"active": active}),
        admin.post(f"/admin/organisations/{ward.org_a}/move", data={"direction": direction}),
    ):
        assert response.status_code in (302, 400)


# Login and password ---------------------------------------------------------------


@FUZZ
@given(
    username=st.one_of(texts, st.just("vanphong")),
    password=st.one_of(texts, st.just(PASSWORD)),
    next_=texts,
)
def test_fuzz_login_form(app, ward, username, password, next_) -> None:
    client = app.test_client()
    response = client.post(
        "/login", data={"username": username, "password": password, "next": next_}
    )
    _ok(response)
    if response.status_code == 302:
        location = response.headers["Location"]
        parts = urlsplit(location)
        assert not parts.scheme and not parts.netloc and location.startswith("/")
        assert not location.startswith("//") and "\\" not in location


@pytest.fixture
def password_client(app, ward):
    client = app.test_client()
    client.post("/login", data={"username": "lanhdao", "password": PASSWORD})
    return client, {"current": PASSWORD}


@FUZZ
@given(current=st.one_of(texts, st.just(PASSWORD)), new=texts, same=st.booleans(), other=texts)
def test_fuzz_password_form(app, ward, password_client, current, new, same, other) -> None:
    client, state = password_client
    if current == PASSWORD:
        current = state["current"]
    confirm = new if same else other
    response = client.post(
        "/account/password",
        data={"current_password": current, "new_password": new, "confirm": confirm},
    )
    _ok(response)
    with app.app_context():
        user = db.session.get(User, ward.users["viewer"])
        if response.status_code == 302:
            assert user.check_password(new) and len(new) >= 10
            state["current"] = new
        else:
            assert user.check_password(state["current"])


# XSS --------------------------------------------------------------------------------

XSS = [
    "<script>alert(1)</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script src=//evil.example/x.js></script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "<iframe srcdoc='<script>alert(1)</script>'>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    '" autofocus onfocus="alert(1)',
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</option><script>alert(1)</script>",
    "</code><script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>',
    "<a href=javascript:alert(1)>x</a>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<audio src=x onerror=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<select onfocus=alert(1) autofocus>",
    "<marquee onstart=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<base href=//evil.example/>",
    "<meta http-equiv=refresh content=0;url=//evil.example>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<style>*{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">',
    '<div hx-get="/logout" hx-trigger="load">',
    '<div hx-on:click="alert(1)">x</div>',
    '<button hx-post="/admin/users/1/active" hx-vals=\'{"active":"0"}\'>',
    "{{7*7}}<b>jinja</b>",
    "{% raw %}<i>x</i>{% endraw %}",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>alert(1)//<</script>",
    "<img src=x:alert(1) onerror=eval(src)>",
    "<svg/onload=alert(1)>",
    "<img/src/onerror=alert(1)>",
    "<x onclick=alert(1)>click",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<table background=javascript:alert(1)>",
    "Hội <b>Nông dân</b> & \"Cựu\" 'chiến' binh",
    "<p>Tổ dân phố <em>số 5</em></p>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<img src="x` `<script>alert(1)</script>"` `>',
]


def test_xss_payloads_never_come_back_unescaped(app, admin, ward) -> None:
    stored = 0
    for i, payload in enumerate(XSS):
        responses = [
            admin.post(
                "/admin/organisations",
                data={
                    "code": f"X{i}",
                    "name": f"{payload} #{i}",
                    "short_name": payload[:60],
                    "sort_order": "9",
                },
            ),
            admin.post(
                "/admin/blocks", data={"number": str(100 + i), "name": f"{payload[:90]} #{i}"}
            ),
            admin.post(
                "/admin/branches",
                data={
                    "organisation_id": str(ward.org_a),
                    "block_id": "0",
                    "name": f"{payload} #{i}",
                    "sort_order": "1",
                },
            ),
            admin.post(
                "/admin/users",
                data={
                    "username": f"xss{i}",
                    "full_name": payload[:110],
                    "role": "leader",
                    "organisation_id": str(ward.org_a),
                    "branch_id": "0",
                },
            ),
        ]
        for response in responses:
            _ok(response)
        stored += sum(1 for r in responses if r.status_code in (200, 302))
    with app.app_context():
        assert db.session.scalar(select(func.count(Organisation.id))) == 2 + len(XSS)
        assert db.session.scalar(select(func.count(Block.id))) == 2 + len(XSS)
        assert db.session.scalar(select(func.count(Branch.id))) == 3 + len(XSS)
        assert db.session.scalar(select(func.count(User.id))) == 7 + len(XSS)
        org_ids = db.session.scalars(select(Organisation.id)).all()
        block_ids = db.session.scalars(select(Block.id)).all()
        branch_ids = db.session.scalars(select(Branch.id)).all()
        user_ids = db.session.scalars(select(User.id)).all()
    pages = [
        "/admin/organisations",
        "/admin/blocks",
        "/admin/branches",
        "/admin/users",
        "/admin/audit",
        "/ward",
        f"/orgs/{ward.org_a}",
        f"/branches/{ward.branch_a1}",
        *[f"/admin/organisations/{i}" for i in org_ids[-5:]],
        *[f"/admin/blocks/{i}" for i in block_ids[-5:]],
        *[f"/admin/branches/{i}" for i in branch_ids[-5:]],
        *[f"/admin/users/{i}" for i in user_ids[-5:]],
    ]
    dangerous = [p for p in XSS if any(c in p for c in "<>\"'")]
    for url in pages:
        response = admin.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        for payload in dangerous:
            for variant in (payload, payload[:60], payload[:90], payload[:110]):
                if any(c in variant for c in "<>\"'"):
                    assert variant not in body, (url, variant)
    # and in the header, where a user's own name is shown
    leader = app.test_client()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "xss0"))
        user.set_password(PASSWORD)
        user.must_change_password = False
        db.session.commit()
    leader.post("/login", data={"username": "xss0", "password": PASSWORD})
    body = leader.get(f"/orgs/{ward.org_a}").get_data(as_text=True)
    assert XSS[0] not in body and "&lt;script&gt;" in body


# Open redirects -------------------------------------------------------------------

REDIRECTS = [
    "https://evil.example/",
    "//evil.example",
    "///evil.example",
    "////evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    "http:evil.example",
    "https:/evil.example",
    "javascript:alert(1)",
    "data:text/html,x",
    " //evil.example",
    "\t//evil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "//evil.example/%2F..",
    "https://vanphong@evil.example",
    "/\x00//evil.example",
    "/\r\n//evil.example",
    "//evil.example\\@good",
    "http://127.0.0.1:1/",
    "%2F%2Fevil.example",
]


@pytest.mark.parametrize("target", REDIRECTS)
def test_next_never_leaves_the_site(app, ward, target: str) -> None:
    client = app.test_client()
    response = client.post(
        "/login", data={"username": "vanphong", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    parts = urlsplit(location)
    assert not parts.netloc and not parts.scheme and not location.startswith("//")
    response = client.post("/language", data={"lang": "en", "next": target})
    location = response.headers["Location"]
    assert not urlsplit(location).netloc and not location.startswith("//")
    assert "\\" not in location
