"""Configuration defaults. Overridden by ``instance/config.py``, then ``WARDTASKS_*`` variables."""

from __future__ import annotations

from datetime import timedelta

from .dates import VIETNAM_ZONE
from .photos import processing as photos


class DefaultConfig:
    # The database URL; empty means the SQLite file in the instance folder.
    DATABASE_URL = ""
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {"pool_pre_ping": True}
    # Seconds a SQLite connection waits for a lock before giving up.
    SQLITE_BUSY_TIMEOUT_MS = 15000
    # Bytes SQLite's -wal file is kept near: above it, a request's end checkpoints and
    # truncates it (database.WalBound), and it is cut back to it when it restarts.
    SQLITE_WAL_LIMIT_BYTES = 8 * 1024 * 1024

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = VIETNAM_ZONE
    LANGUAGES = ("vi", "en")

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    WTF_CSRF_HEADERS = ["X-CSRFToken"]

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    # The cookie is written when the session changes (the last-seen time moves at most
    # every 30 s, see auth.SEEN_RESOLUTION_SECONDS), not signed again on every response.
    SESSION_REFRESH_EACH_REQUEST = False
    REMEMBER_COOKIE_HTTPONLY = True

    # How passwords are hashed (werkzeug's method string). scrypt is slow on purpose; the
    # test suite alone sets a cheap method, so that its thousands of logins stay quick.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a method name, not a password

    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    WARD_NAME = "Quỳnh Thiện"

    # Sessions end after this long without a request, and this long after login whatever happens.
    SESSION_IDLE_MINUTES = 60
    SESSION_ABSOLUTE_HOURS = 12

    # Login throttling (auth/throttle.py): database:// keeps the counts in the app's database,
    # seen by every worker; redis://… in Redis (several machines); memory:// in one process
    # only. WARDTASKS_RATELIMIT_STORAGE_URL sets it. Failed logins are counted per account and
    # per address; after the limit the account (or address) is locked for the window.
    RATELIMIT_STORAGE_URI = "database://"
    RATELIMIT_KEY_PREFIX = "wardtasks"

    # Computed counters, keyed by the data version (tasks/queries/summaries.py): per process
    # by default; WARDTASKS_CACHE_TYPE=RedisCache and WARDTASKS_CACHE_REDIS_URL to share them.
    CACHE_TYPE = "SimpleCache"
    CACHE_DEFAULT_TIMEOUT = 600
    CACHE_THRESHOLD = 2000
    LOGIN_FAILURES_PER_ACCOUNT = 5
    # Higher than per account: a ward office shares one address behind its router.
    LOGIN_FAILURES_PER_ADDRESS = 20
    LOGIN_LOCK_SECONDS = 15 * 60

    # Evidence photos: folder (empty: instance/photos), per update, per file, per picture,
    # and the pixels decoding an update's photos may hold together (photos/processing.py
    # says why these numbers).
    PHOTO_FOLDER = ""
    PHOTO_MAX_COUNT = 4
    PHOTO_MAX_BYTES = 6 * 1024 * 1024
    PHOTO_MAX_PIXELS = photos.MAX_PIXELS
    PHOTO_MAX_DECODED_PIXELS = photos.MAX_DECODED_PIXELS

    # The daily digest of notices (`flask send-digests`, wardtasks/notices/digest.py): the
    # mail server, how the connection is secured ("starttls", "ssl" or "none"), the sender,
    # and the address the app is reached at (the links in the mail).
    SMTP_HOST = ""
    SMTP_PORT = 587
    SMTP_USER = ""
    SMTP_PASSWORD = ""  # noqa: S105 - empty: no login
    SMTP_TLS = "starttls"
    SMTP_FROM = ""
    SMTP_TIMEOUT = 30
    PUBLIC_URL = "http://127.0.0.1:5000"
