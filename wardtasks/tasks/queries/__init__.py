"""Read side of the workflow: scopes, filters, paginated lists, counters, the matrix.

Every function issues a fixed number of queries whatever the size of the ward
(grouped counts, eager loading, pagination), so pages stay at a constant number of
SQL statements. The modules: :mod:`.scopes` (what a page reads), :mod:`.filters`
(the list's filters and search), :mod:`.rows` (lists of rows) with :mod:`.history`
(their latest updates), :mod:`.summaries` (the counters) and :mod:`.matrix`.
"""

from __future__ import annotations

from .filters import FilterOptions, Filters, filter_clauses, filter_options, search_clause
from .history import (
    HISTORY_ROWS,
    Entry,
    History,
    Snapshot,
    Values,
    latest_history,
    snapshot,
    values_at_version,
)
from .matrix import Matrix, MatrixBranch, MatrixCell, MatrixRow, MatrixTask, organisation_matrix
from .rows import (
    PER_PAGE,
    Group,
    Page,
    Row,
    list_assignments,
    load_row,
    load_row_and_current_plan,
    noted_items,
)
from .scopes import SCOPE_KINDS, Base, base, scope_visible
from .summaries import Summary, scope_summary, summaries, ward_progress

__all__ = [
    "HISTORY_ROWS",
    "PER_PAGE",
    "SCOPE_KINDS",
    "Base",
    "Entry",
    "FilterOptions",
    "Filters",
    "Group",
    "History",
    "Matrix",
    "MatrixBranch",
    "MatrixCell",
    "MatrixRow",
    "MatrixTask",
    "Page",
    "Row",
    "Snapshot",
    "Summary",
    "Values",
    "base",
    "filter_clauses",
    "filter_options",
    "latest_history",
    "values_at_version",
    "list_assignments",
    "load_row",
    "load_row_and_current_plan",
    "noted_items",
    "organisation_matrix",
    "scope_summary",
    "scope_visible",
    "search_clause",
    "snapshot",
    "summaries",
    "ward_progress",
]
