"""Areas whose views load on first use: Flask's "Lazily Loading Views" pattern
(https://flask.palletsprojects.com/patterns/lazyloading/).

The secretariat's areas and the monthly ones (administration, plans and their import, the
monthly reporting cycle, emulation, the month report and its files) are opened far less
often than the pages every user opens all day: the ward's, an organisation's, a branch's and
a task's. An area registered here declares its blueprint and every URL rule in its
``routes.py`` (the one place its addresses are written); its ``views.py`` holds the view
functions, imported when a request first reaches one of them. So ``url_for`` knows every
address from the start, and a worker that serves only pages never loads those views, their
forms and services, nor (``warm.py``) compiles their templates.

Measured on the demo ward (``bench/memory.py --workers 4``, 3 runs each, with warm.py's
templates; bench/results/2026-12-08-memory2.md): a worker serving the bench's pages 61.1 →
59.1 MB RSS on average, 61.6 → 59.4 at most, the whole server's PSS 170.2 → 165.2 MB; of
that, the views alone 61.1 → 60.0 MB, the templates the rest. The price is paid where an
area is served: its first request in a worker loads the area (about 15-110 ms more CPU, once
per worker and area), in memory of that worker's own. A server whose every worker has served
every area holds more than with them loaded at start: workers 66.1 → 67.2 MB, whole server's
PSS 199.9 → 208.9 MB, until the worker is replaced (gunicorn's ``max_requests``, or
``WARDTASKS_WORKER_RSS_ALLOWANCE_MB``, gunicorn.conf.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from flask import Blueprint
from werkzeug.utils import import_string

# The attributes Flask reads from a view function when its rule is added: answered by
# the proxy itself (nothing), so that adding the rule does not import the view.
_READ_AT_REGISTRATION = frozenset({"methods", "required_methods", "provide_automatic_options"})

# The blueprints registered through :func:`lazy_rules`, by name: their templates (in the
# folder of that name) are compiled where they are first rendered, not in warm().
LAZY_AREAS: set[str] = set()


class LazyView:
    """A view function named by its import path, imported at its first call."""

    def __init__(self, import_name: str) -> None:
        self.import_name = import_name
        self.__module__, self.__name__ = import_name.rsplit(".", 1)

    @cached_property
    def view(self) -> Callable[..., Any]:
        view: Callable[..., Any] = import_string(self.import_name)
        return view

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.view(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        # What a decorator set on the view (``conditional``), read from the view itself.
        if name.startswith("__") or name in _READ_AT_REGISTRATION:
            raise AttributeError(name)
        return getattr(self.view, name)


def lazy_rules(bp: Blueprint, module: str) -> Callable[..., None]:
    """A function adding a rule of ``bp`` whose view is ``module``'s function of the
    endpoint's name, imported on first use: ``route("/close", "close", methods=["POST"])``."""
    LAZY_AREAS.add(bp.name)

    def route(rule: str, endpoint: str, **options: Any) -> None:
        bp.add_url_rule(rule, endpoint, LazyView(f"{module}.{endpoint}"), **options)

    return route
