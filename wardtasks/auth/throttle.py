"""Login throttling: failed logins counted per account and per address, in moving windows.

An attempt takes its place in both windows *before* its password is checked, in one
atomic step that refuses when either window is full: so however many guesses arrive at
once, in however many processes, no more than the limit are ever checked. A right
password gives its places back (the account's window starts again); a wrong one leaves
them as the failure. Checking first and counting after let 20 of 25 simultaneous
guesses through (issue 14, item 7).

The windows live in the app's database by default (``database://``): every gunicorn
worker, every process on that database, sees the same counts, with no other server to
run. ``redis://…`` keeps them in Redis instead (several machines sharing one lock without
sharing a database write per login attempt); ``memory://`` in the process (one process
only: its counts are its own). Each app keeps its own store in ``app.extensions`` so two
apps in one process never share in-memory counts by accident.
"""

from __future__ import annotations

import math
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from hashlib import blake2b
from typing import Any, Protocol

from flask import Flask, current_app
from sqlalchemy import delete, insert, select

from ..database import write_connection
from ..models import LoginPlace

EXTENSION_KEY = "wardtasks_login_throttle"

# (key of a window, how many places it has)
Windows = Sequence[tuple[str, int]]


class WindowStore(Protocol):
    """Moving windows of timestamped places, changed atomically."""

    def take(self, windows: Windows, seconds: float, token: str | None) -> float:
        """Add ``token`` to every window unless one is full (then add nothing); return the
        seconds until the fullest has a free place, 0 when it was taken. ``token=None``
        only asks."""

    def give_back(self, key: str, token: str) -> None:
        """Remove ``token`` from the window ``key``."""

    def clear(self, key: str) -> None:
        """Empty the window ``key``."""


def _wait(times: list[float], limit: int, seconds: float, now: float) -> float:
    """Seconds until a window holding the live ``times`` has fewer than ``limit``."""
    if len(times) < limit:
        return 0.0
    # Once the (len - limit + 1) oldest have left, a place is free.
    return sorted(times)[len(times) - limit] + seconds - now


class MemoryStore:
    """Windows of one process, behind one lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._windows: dict[str, dict[str, float]] = {}

    def take(self, windows: Windows, seconds: float, token: str | None) -> float:
        now = time.time()
        with self._lock:
            wait = 0.0
            for key, limit in windows:
                live = {t: at for t, at in self._windows.get(key, {}).items() if at > now - seconds}
                self._windows[key] = live
                wait = max(wait, _wait(list(live.values()), limit, seconds, now))
            if wait <= 0 and token is not None:
                for key, _limit in windows:
                    self._windows[key][token] = now
            return wait

    def give_back(self, key: str, token: str) -> None:
        with self._lock:
            self._windows.get(key, {}).pop(token, None)

    def clear(self, key: str) -> None:
        with self._lock:
            self._windows.pop(key, None)


# KEYS: the windows (sorted sets: token -> time). ARGV: now, seconds, token ("" to only
# ask), then each window's limit. Returns the wait in milliseconds, 0 when taken.
_TAKE_SCRIPT = """
local now, seconds, token = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local wait = 0
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - seconds)
  local limit = tonumber(ARGV[3 + i])
  local count = redis.call('ZCARD', key)
  if count >= limit then
    local oldest = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + seconds - now)
  end
end
if wait > 0 or token == '' then
  return math.ceil(wait * 1000)
end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, token)
  redis.call('EXPIRE', key, math.ceil(seconds))
end
return 0
"""


class RedisStore:
    """Windows shared by every process using the same Redis (one Lua script: atomic)."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self._take = client.register_script(_TAKE_SCRIPT)

    def take(self, windows: Windows, seconds: float, token: str | None) -> float:
        keys = [key for key, _limit in windows]
        limits = [limit for _key, limit in windows]
        waited_ms = self._take(keys=keys, args=[time.time(), seconds, token or "", *limits])
        return int(waited_ms) / 1000

    def give_back(self, key: str, token: str) -> None:
        self._client.zrem(key, token)

    def clear(self, key: str) -> None:
        self._client.delete(key)


_PLACES = LoginPlace.__table__
_KEY_LENGTH = _PLACES.c.window_key.type.length or 255


def _stored_key(key: str) -> str:
    """``key`` as the table stores it: whole when it fits, else its start and a hash."""
    if len(key) <= _KEY_LENGTH:
        return key
    return key[: _KEY_LENGTH - 33] + "#" + blake2b(key.encode(), digest_size=16).hexdigest()


class DatabaseStore:
    """Windows in the app's database (table ``login_place``), shared by every process on it.

    A take runs in a write transaction of its own (:func:`database.write_connection`):
    on SQLite ``BEGIN IMMEDIATE`` lets one writer in at a time; on PostgreSQL the
    windows' advisory locks do, so two attempts never both see a window's last free place.
    Only live places are counted, changed or given back; places older than the window
    are deleted after each attempt in a transaction of their own, which nothing else
    touches, so that cleaning can never make an attempt wait or fail."""

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds  # the windows' length: what "live" means to clear()

    def take(self, windows: Windows, seconds: float, token: str | None) -> float:
        now = time.time()
        live = _PLACES.c.at > now - seconds
        keys = [_stored_key(key) for key, _limit in windows]
        with write_connection(*keys) as connection:
            wait = 0.0
            for key, (_key, limit) in zip(keys, windows, strict=True):
                window = select(_PLACES.c.at).where(_PLACES.c.window_key == key, live)
                times = list(connection.scalars(window))
                wait = max(wait, _wait(times, limit, seconds, now))
            if wait <= 0 and token is not None:
                connection.execute(
                    insert(_PLACES), [{"window_key": k, "token": token, "at": now} for k in keys]
                )
        if token is not None:
            self._forget_before(now - seconds)
        return wait

    def give_back(self, key: str, token: str) -> None:
        key = _stored_key(key)
        with write_connection(key) as connection:
            connection.execute(
                delete(_PLACES).where(_PLACES.c.window_key == key, _PLACES.c.token == token)
            )

    def clear(self, key: str) -> None:
        # Live places only (see the class): the expired ones are the cleaner's.
        key = _stored_key(key)
        with write_connection(key) as connection:
            connection.execute(
                delete(_PLACES).where(
                    _PLACES.c.window_key == key, _PLACES.c.at > time.time() - self._seconds
                )
            )

    @staticmethod
    def _forget_before(cutoff: float) -> None:
        try:
            with write_connection() as connection:
                connection.execute(delete(_PLACES).where(_PLACES.c.at <= cutoff))
        except Exception:  # noqa: BLE001 - two cleaners may clash on PostgreSQL; next time
            current_app.logger.info("login places not cleaned this time", exc_info=True)


def store_from_uri(uri: str, seconds: float) -> WindowStore:
    """The store ``RATELIMIT_STORAGE_URI`` names: ``database://`` (the app's database),
    ``memory://`` or a Redis URL."""
    scheme = uri.partition("://")[0]
    if scheme == "database":
        return DatabaseStore(seconds)
    if scheme == "memory":
        return MemoryStore()
    if scheme in ("redis", "rediss", "redis+unix"):
        import redis

        return RedisStore(redis.Redis.from_url(uri.replace("redis+unix://", "unix://")))
    raise RuntimeError("RATELIMIT_STORAGE_URI must be database://, memory:// or a redis:// URL")


@dataclass(frozen=True)
class Reservation:
    """An attempt's places in the account's and the address's windows.

    ``wait`` > 0: a window was full (the login is locked that many seconds) and nothing
    was taken."""

    token: str
    account_key: str
    address_key: str
    wait: int


@dataclass
class LoginThrottle:
    """Failure windows of one app."""

    store: WindowStore
    per_account: int
    per_address: int
    seconds: int
    prefix: str

    def _windows(self, username: str, address: str) -> list[tuple[str, int]]:
        return [
            (f"{self.prefix}/login/account/{username.casefold()}", self.per_account),
            (f"{self.prefix}/login/address/{address}", self.per_address),
        ]

    def reserve(self, username: str, address: str) -> Reservation:
        """Count this attempt as a failure until its password proves right (:meth:`refund`);
        refused, with nothing counted, while the account or the address is locked."""
        windows = self._windows(username, address)
        token = secrets.token_hex(8)
        wait = self.store.take(windows, self.seconds, token)
        (account_key, _), (address_key, _) = windows
        return Reservation(token, account_key, address_key, _seconds(wait))

    def refund(self, reservation: Reservation) -> None:
        """The password was right: the account's count starts again, the address gets its
        place back (the other failures from it stay)."""
        self.store.clear(reservation.account_key)
        self.store.give_back(reservation.address_key, reservation.token)

    def locked_for(self, username: str, address: str) -> int:
        """Seconds until a login for this account from this address may be tried; 0 if now."""
        return _seconds(self.store.take(self._windows(username, address), self.seconds, None))


def _seconds(wait: float) -> int:
    return max(1, math.ceil(wait)) if wait > 0 else 0


def init_throttle(app: Flask) -> None:
    """Create the app's login throttle from its configuration."""
    app.extensions[EXTENSION_KEY] = LoginThrottle(
        store=store_from_uri(
            app.config["RATELIMIT_STORAGE_URI"], int(app.config["LOGIN_LOCK_SECONDS"])
        ),
        per_account=int(app.config["LOGIN_FAILURES_PER_ACCOUNT"]),
        per_address=int(app.config["LOGIN_FAILURES_PER_ADDRESS"]),
        seconds=int(app.config["LOGIN_LOCK_SECONDS"]),
        prefix=str(app.config.get("RATELIMIT_KEY_PREFIX") or "wardtasks"),
    )


def throttle() -> LoginThrottle:
    """The current app's login throttle."""
    throttle_: LoginThrottle = current_app.extensions[EXTENSION_KEY]
    return throttle_


@dataclass(frozen=True)
class Verdict:
    """What a throttled password check found."""

    checked: bool  # False: refused by the lock, no password was checked
    right: bool
    locked_for: int  # seconds the account or the address is locked from now; 0: not


def check_throttled(username: str, address: str, check: Callable[[], bool]) -> Verdict:
    """Run the password ``check`` for ``username`` from ``address`` under the throttle:
    its place in the windows is taken first (refused, unchecked, while locked) and given
    back when the password is right. A store that cannot be reached is logged and stops
    no one logging in."""
    try:
        reservation: Reservation | None = throttle().reserve(username, address)
    except Exception:  # noqa: BLE001 - a storage outage must not stop every login
        current_app.logger.exception("login throttle storage unavailable")
        reservation = None
    if reservation is not None and reservation.wait:
        return Verdict(checked=False, right=False, locked_for=reservation.wait)
    right = check()
    wait = 0
    try:
        if right and reservation is not None:
            throttle().refund(reservation)
        elif not right:
            wait = throttle().locked_for(username, address)  # this failure may have locked
    except Exception:  # noqa: BLE001
        current_app.logger.exception("login throttle storage unavailable")
    return Verdict(checked=True, right=right, locked_for=wait)
