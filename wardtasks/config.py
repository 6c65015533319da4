"""Configuration defaults. Overridden by ``instance/config.py``, then ``WARDTASKS_*`` variables."""

from __future__ import annotations

from datetime import timedelta


class DefaultConfig:
    # The database URL; empty means the SQLite file in the instance folder.
    DATABASE_URL = ""
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {"pool_pre_ping": True}
    # Seconds a SQLite connection waits for a lock before giving up.
    SQLITE_BUSY_TIMEOUT_MS = 15000

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    WTF_CSRF_HEADERS = ["X-CSRFToken"]

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    REMEMBER_COOKIE_HTTPONLY = True

    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    WARD_NAME = "Quỳnh Thiện"
