"""The report settings: the ward's name, the issuing body, the signer … printed on exports."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from ..audit import record
from ..database import one_writer_at_a_time, write_transaction
from ..extensions import db
from ..models import User, WardSetting
from ..models.base import utcnow

SETTING_KEYS = (
    "ward_name",
    "parent_body",
    "issuing_body",
    "number_prefix",
    "signer_role",
    "signer_title",
    "signer_name",
    "recipients",
    "report_deadline",
    "organisation_deadline_days",
)

SETTING_DEFAULTS = {
    "ward_name": "",
    "parent_body": "",
    "issuing_body": "",
    "number_prefix": "MTTQ",
    "signer_role": "TM. BAN THƯỜNG TRỰC",
    "signer_title": "CHỦ TỊCH",
    "signer_name": "",
    "recipients": "- Thường trực Đảng ủy phường;\n- Lưu VP.",
    # The monthly cycle (wardtasks.cycle.deadline): a branch's report of a month is due by
    # this day of the month ("1"-"31", past the month's end its last day) or by its last
    # working day ("last_working_day"); an organisation's this many days later.
    "report_deadline": "25",
    "organisation_deadline_days": "3",
}


def report_settings() -> dict[str, str]:
    """The report settings, with defaults for those never saved; the ward's name, never
    saved or saved blank, is the ward's configured name (``WARD_NAME``): the first report
    of a fresh ward is dated at its place."""
    saved = {s.key: s.value for s in db.session.scalars(select(WardSetting))}
    values = {k: saved.get(k, SETTING_DEFAULTS[k]) for k in SETTING_KEYS}
    values["ward_name"] = values["ward_name"] or str(current_app.config.get("WARD_NAME") or "")
    return values


def save_report_settings(values: dict[str, str], user: User) -> None:
    """Store the settings given (one transaction)."""
    with write_transaction():
        one_writer_at_a_time("ward_setting")  # the first save inserts every key
        existing = {
            s.key: s
            for s in db.session.scalars(
                select(WardSetting).where(WardSetting.key.in_(SETTING_KEYS))
            )
        }
        before: dict[str, str] = {}
        after: dict[str, str] = {}
        for key in SETTING_KEYS:
            if key not in values:
                continue
            value = values[key].strip()
            row = existing.get(key)
            was = SETTING_DEFAULTS[key] if row is None else row.value
            if was != value:
                before[key], after[key] = was, value
            if row is None:
                db.session.add(WardSetting(key=key, value=value, updated_by_id=user.id))
            elif row.value != value:
                row.value = value
                row.updated_at = utcnow()
                row.updated_by_id = user.id
        if after:
            record(user.id, "settings.update", "ward_setting", None, before, after)
