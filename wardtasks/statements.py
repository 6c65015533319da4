"""Statements of a fixed shape, built once per shape.

SQLAlchemy runs a statement through its compiled cache under a key it works out from the
statement's whole tree; it keeps that key on the statement object, so a statement that is
the same object on every run is keyed once. A statement whose shape depends only on a
few words (a kind of scope, a visibility, a number of month ends) and whose request's
values are bound parameters is therefore built by a function under :func:`built_once`:
one object per shape, for the life of the process. A statement with nothing variable in
its shape is a module constant; one whose shape follows a request's values (a filtered
list) is built per request.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

Builder = TypeVar("Builder", bound=Callable[..., Any])


def built_once(builder: Builder) -> Builder:
    """``builder`` (a function of hashable words returning a statement whose values are
    bound parameters), building each shape once.

    A speed device, kept because measurement shows it earns its place (issue 13;
    ``bench/instructions.py``, instructions per request, each statement built per call
    instead: bench/results/2026-12-07-instructions-stmts.md). The reports' statements
    (month-end rows, last month's statuses, the month's updates, the chart's counts,
    the supporters' lines and notes): the peer-sized ward's organisation report page
    119.8 -> 173.1 M per call (+44 %), CSV 92.3 -> 116.9 M, whole-ward CSV 160.9 ->
    184.6 M, XLSX 138.7 -> 166.3 M, DOCX 86.5 -> 113.9 M (computed, cache off). The
    lists' and counters' statements (:mod:`.tasks.queries`): the one-year scale ward's
    branch page 32.2 -> 35.1 M (+9 %), the ward overview 61.0 -> 65.0 M, a status update
    16.9 -> 18.2 M. The plan sections, targets and supporters' lines: the branch page
    32.2 -> 33.7 M (+5 %)."""
    return cache(builder)  # type: ignore[return-value]
