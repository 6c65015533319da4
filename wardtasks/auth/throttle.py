"""Login throttling: failed logins counted per account and per address.

Counts live in a storage of the ``limits`` library: memory
for one process, Redis when several app processes must share them
(``RATELIMIT_STORAGE_URI``). Each app keeps its own storage object in
``app.extensions`` so two apps in one process never share counts by accident.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from flask import Flask, current_app
from limits import RateLimitItem, RateLimitItemPerSecond
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

EXTENSION_KEY = "wardtasks_login_throttle"


@dataclass
class LoginThrottle:
    """Failure counters of one app."""

    limiter: MovingWindowRateLimiter
    storage: Storage
    per_account: RateLimitItem
    per_address: RateLimitItem
    prefix: str

    def _keys(self, username: str, address: str) -> list[tuple[RateLimitItem, str]]:
        return [
            (self.per_account, f"{self.prefix}/login/account/{username.casefold()}"),
            (self.per_address, f"{self.prefix}/login/address/{address}"),
        ]

    def locked_for(self, username: str, address: str) -> int:
        """Seconds until a login for this account from this address may be tried; 0 if now."""
        wait = 0
        for item, key in self._keys(username, address):
            if not self.limiter.test(item, key):
                reset_at, _remaining = self.limiter.get_window_stats(item, key)
                wait = max(wait, max(1, math.ceil(reset_at - time.time())))
        return wait

    def failed(self, username: str, address: str) -> None:
        """Count one failed login against the account and the address."""
        for item, key in self._keys(username, address):
            self.limiter.hit(item, key)

    def succeeded(self, username: str) -> None:
        """A correct password resets the account's count (the address's stays)."""
        item, key = self._keys(username, "")[0]
        self.limiter.clear(item, key)


def init_throttle(app: Flask) -> None:
    """Create the app's login throttle from its configuration."""
    window = int(app.config["LOGIN_LOCK_SECONDS"])
    storage = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
    if not isinstance(storage, Storage):  # an async:// URI: not for a WSGI app
        raise RuntimeError("RATELIMIT_STORAGE_URI must name a synchronous storage")
    app.extensions[EXTENSION_KEY] = LoginThrottle(
        limiter=MovingWindowRateLimiter(storage),
        storage=storage,
        per_account=RateLimitItemPerSecond(int(app.config["LOGIN_FAILURES_PER_ACCOUNT"]), window),
        per_address=RateLimitItemPerSecond(int(app.config["LOGIN_FAILURES_PER_ADDRESS"]), window),
        prefix=str(app.config.get("RATELIMIT_KEY_PREFIX") or "wardtasks"),
    )


def throttle() -> LoginThrottle:
    """The current app's login throttle."""
    throttle_: LoginThrottle = current_app.extensions[EXTENSION_KEY]
    return throttle_
