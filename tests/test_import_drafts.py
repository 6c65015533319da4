"""The import preview's draft travels with the form: whatever comes back in it, and in the
preview's own fields, gets a clear message, never a server error and never a plan.

``{"year": 1e999}`` (float infinity), nesting 5,000 deep (a RecursionError) and
``plan_year=99999999999999999999`` (an integer no column holds) were 500s.
"""

from __future__ import annotations

import json

import pytest
from flask import Flask
from sqlalchemy import func, select

from wardtasks.extensions import db
from wardtasks.models import Organisation, Plan

from .factories import Ward
from .route_catalogue import DEEP_JSON, draft_json, json_paths, json_replaced
from .test_redirects import _client

BAD_DRAFT = "Không đọc được bản xem trước. Vui lòng dán lại văn bản."
BAD_YEAR = "Năm phải từ 2000 đến 2100."
CONTROL = "ký tự điều khiển"
# A value of every wrong kind for a draft's fields.
WRONG = ["1e999", "100000000000000000000", '"²"', '"new:²"', "null", "{}", '"\\u0001x"']


def _plans(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count(Plan.id))))


def _page(client, response) -> str:
    """The page the answer shows (the import page a bad draft is sent back to)."""
    if response.status_code in (302, 303):
        return client.get(response.headers["Location"]).get_data(as_text=True)
    return response.get_data(as_text=True)


def test_a_draft_with_any_field_broken_gets_a_clear_message(app: Flask, ward: Ward) -> None:
    """Every field of a draft (and the draft whole), sent back holding a value of another
    kind, too large, infinite, or nested 5,000 deep: the preview, or the import page with
    the message that the preview could not be read; never a server error."""
    client = _client(app, "secretariat")
    good = draft_json(ward, new_org=True)
    broken = [(path, v) for path in json_paths(json.loads(good)) for v in WRONG]
    broken += [((), DEEP_JSON), (("items",), DEEP_JSON), ((), '{"year": 1e999}')]
    told = 0
    for path, literal in broken:
        sent = json_replaced(good, path, literal)
        response = client.post("/plans/import/draft", data={"draft": sent, "action": "update"})
        assert response.status_code < 500, (path, literal)
        page = _page(client, response)
        told += BAD_DRAFT in page
        assert BAD_DRAFT in page or 'name="draft"' in page, (path, literal)
    assert told >= len(broken) // 2
    # Confirming such a draft creates nothing.
    for literal in ('{"year": 1e999}', DEEP_JSON, json_replaced(good, ("year",), "1e999")):
        response = client.post("/plans/import/confirm", data={"draft": literal})
        assert response.status_code == 302 and BAD_DRAFT in _page(client, response)
    assert _plans(app) == 1


@pytest.mark.parametrize("endpoint", ["draft", "confirm"])
def test_a_plan_year_that_is_not_one_is_refused_with_a_message(
    app: Flask, ward: Ward, endpoint: str
) -> None:
    client = _client(app, "secretariat")
    for year in ("99999999999999999999", "²", "٣", "-1", "1e9", "12345", "1999", ""):
        data = {"draft": draft_json(ward), "plan_year": year, "action": "update"}
        response = client.post(f"/plans/import/{endpoint}", data=data)
        assert response.status_code in (200, 400), year
        page = response.get_data(as_text=True)
        assert BAD_YEAR in page, year
        assert 'name="plan_year" value="2024"' in page, year  # the draft keeps its year
    assert _plans(app) == 1


def test_preview_fields_read_text_as_every_form_does(app: Flask, ward: Ward) -> None:
    """The preview's fields are typed text too: Word's line break is a line break (where
    Split cuts); other control characters are removed, said next to the task, and the plan
    is not created until the text has been checked."""
    client = _client(app, "secretariat")
    base = {"draft": draft_json(ward), "plan_year": "2024"}
    page = client.post(
        "/plans/import/draft",
        data={**base, "text-1": "Thăm hỏi\x0bhội viên", "action": "split:1"},
    ).get_data(as_text=True)
    assert ">Thăm hỏi</textarea>" in page and ">hội viên</textarea>" in page
    for field in ("text-1", "title-1", "due-1", "plan_title"):
        data = {**base, field: "Thăm\x01hỏi\x00", "action": "update"}
        page = client.post("/plans/import/draft", data=data).get_data(as_text=True)
        assert CONTROL in page, field
        assert "\x01" not in page and "\x00" not in page
        response = client.post("/plans/import/confirm", data=data)
        assert response.status_code == 400 and CONTROL in response.get_data(as_text=True)
    assert _plans(app) == 1
    # Creating an organisation from the preview: its names are typed text too.
    create = {
        "draft": draft_json(ward, new_org=True),
        "action": "create:new:1",
        "new-code-new:1": "HND",
        "new-name-new:1": "Hội\x01 Nông dân",
        "new-short-new:1": "Hội ND",
    }
    page = client.post("/plans/import/draft", data=create).get_data(as_text=True)
    assert CONTROL in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Organisation.id))) == 2
