"""The places failed logins hold in the login lock's moving windows (auth/throttle.py).

One row per attempt and window: kept in the database so that every app process (every
gunicorn worker) sees the same counts without another server. Rows older than the window
are deleted by the next attempt; nothing else reads or writes the table.
"""

from __future__ import annotations

from sqlalchemy import Float, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class LoginPlace(db.Model):  # type: ignore[name-defined]
    """An attempt's place in one window (an account's or an address's)."""

    __tablename__ = "login_place"

    window_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    at: Mapped[float] = mapped_column(Float)  # seconds since the epoch

    __table_args__ = (Index("ix_login_place_at", "at"),)
