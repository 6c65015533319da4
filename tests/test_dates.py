"""Dates in the ward: the time zone, month bounds, dd/mm/yyyy, and the one date field."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date, datetime

import pytest
from flask import Flask
from flask_babel import force_locale
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.fields import DateField, DateTimeField

import wardtasks
from wardtasks.dates import (
    VIETNAM_ZONE,
    DayField,
    format_date,
    format_datetime,
    format_local_date,
    local_day,
    local_midnight_utc,
    month_end_as_of,
    month_end_utc,
    month_start_utc,
    parse_day,
    parse_month,
    today_in_vietnam,
)


def test_the_configured_zone_is_the_wards(app: Flask) -> None:
    assert app.config["BABEL_DEFAULT_TIMEZONE"] == VIETNAM_ZONE == "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize(
    ("utc", "day"),
    [
        (datetime(2023, 3, 31, 16, 59), date(2023, 3, 31)),
        (datetime(2023, 3, 31, 17, 0), date(2023, 4, 1)),  # local midnight
        (datetime(2023, 12, 31, 17, 0), date(2024, 1, 1)),
    ],
)
def test_a_stored_timestamp_falls_on_its_vietnamese_day(utc: datetime, day: date) -> None:
    assert local_day(utc) == today_in_vietnam(utc) == day
    assert local_midnight_utc(day) <= utc


def test_months_begin_and_end_at_local_midnight() -> None:
    assert month_start_utc(2023, 1) == datetime(2022, 12, 31, 17, 0)
    assert month_end_utc(2023, 12) == month_start_utc(2024, 1) == datetime(2023, 12, 31, 17)
    assert month_end_as_of(2023, 2) == date(2023, 3, 1)


@pytest.mark.parametrize(
    ("text", "month"),
    [("2023-03", (2023, 3)), (" 2023-12 ", (2023, 12)), ("2023-13", None), ("1999-05", None),
     ("2023-3", None), ("٢٠٢٣-٠٣", None), ("", None), (None, None)],
)  # fmt: skip
def test_report_months_parse_strictly(text: str | None, month: tuple[int, int] | None) -> None:
    assert parse_month(text) == month


@pytest.mark.parametrize(
    ("text", "day"),
    [("30/06/2023", date(2023, 6, 30)), ("1/2/2024", date(2024, 2, 1)),
     ("05.03.2023", date(2023, 3, 5)), ("2023-06-30", date(2023, 6, 30)),
     # the same day in every separator a phone's keyboard offers, and none (issue 17)
     ("15/01/2027", date(2027, 1, 15)), ("15.01.2027", date(2027, 1, 15)),
     ("15-01-2027", date(2027, 1, 15)), ("15012027", date(2027, 1, 15)),
     (" 29022024 ", date(2024, 2, 29))],
)  # fmt: skip
def test_the_date_parser_reads_what_offices_and_date_pickers_send(text: str, day: date) -> None:
    assert parse_day(text) == day


@pytest.mark.parametrize(
    "text",
    ["31/02/2023", "٣/٣/٢٠٢٣", "1²/3/2023", "30/06/23", "30/06/1800", "hôm nay", "2023/06/30",
     "31022023", "1501202", "150120270", "20270115", "1512027", "15 01 2027"],
)  # fmt: skip
def test_the_date_parser_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError):
        parse_day(text)


def test_a_timestamp_shown_as_a_day_is_the_vietnamese_day() -> None:
    # 20:00 UTC on 31/12 is already 1 January in the ward (the plans list's creation date).
    assert format_local_date(datetime(2026, 12, 31, 20, 0)) == "01/01/2027"
    assert format_local_date(datetime(2026, 12, 31, 16, 59)) == "31/12/2026"
    assert format_local_date(None) == ""


def test_the_plans_list_shows_its_creation_day_in_vietnam_time(client, auth, ward, app) -> None:
    from wardtasks.extensions import db
    from wardtasks.models import Plan

    with app.app_context():
        db.session.get(Plan, ward.plan).created_at = datetime(2026, 12, 31, 20, 0)
        db.session.commit()
    auth.login("vanphong")
    page = client.get("/plans").get_data(as_text=True)
    assert "01/01/2027" in page and "31/12/2026" not in page


def test_dates_are_written_dd_mm_yyyy_in_both_languages(app: Flask) -> None:
    with app.test_request_context():
        for language in ("vi", "en"):
            with force_locale(language):
                assert format_date(date(2023, 6, 5)) == "05/06/2023"
                assert format_datetime(datetime(2023, 6, 5, 17, 30)) == "06/06/2023 00:30"


class _Form(FlaskForm):
    class Meta:
        csrf = False

    due = DayField()


def test_the_date_field_keeps_what_was_typed_and_answers_in_vietnamese(app: Flask) -> None:
    with app.test_request_context():
        form = _Form(formdata=MultiDict({"due": "31/02/2023"}))
        assert not form.validate()
        assert [str(e) for e in form.due.errors] == [
            "Ghi ngày theo dạng dd/mm/yyyy, ví dụ 30/06/2023."
        ]
        assert form.due().count('value="31/02/2023"') == 1
        form = _Form(formdata=MultiDict({"due": "2023-06-30"}))
        assert form.validate() and form.due.data == date(2023, 6, 30)
        assert 'value="2023-06-30"' in form.due()
        assert 'value="30/06/2023"' in _Form(data={"due": date(2023, 6, 30)}).due()


def _form_classes() -> list[type[FlaskForm]]:
    classes = []
    for info in pkgutil.walk_packages(wardtasks.__path__, "wardtasks."):
        if info.name.endswith(".forms"):
            module = importlib.import_module(info.name)
            classes += [
                c
                for _n, c in inspect.getmembers(module, inspect.isclass)
                if issubclass(c, FlaskForm) and c.__module__ == module.__name__
            ]
    return classes


def test_every_date_input_of_every_form_is_the_one_date_field(app: Flask) -> None:
    forms = _form_classes()
    assert len(forms) >= 5  # the walk found the forms: the test can fail
    with app.test_request_context():
        for form_class in forms:
            form = form_class(meta={"csrf": False})
            for field in form:
                is_date = "date" in field.name or isinstance(field, DateField | DateTimeField)
                if is_date:
                    assert isinstance(field, DayField), f"{form_class.__name__}.{field.name}"
