"""The package's layout shows its architecture (issue 13): a view imports services and
helpers, never another view, and no module reaches into another's private names — so a
rule has one home a newcomer can find, and moving a view cannot break another page; and a
status update writes from the one service module its five files name."""

from __future__ import annotations

import ast
import io
import re
import sys
from pathlib import Path

from sqlalchemy import event

from wardtasks.extensions import db

PACKAGE = Path(__file__).resolve().parent.parent / "wardtasks"


def _own_imports() -> list[tuple[str, str, list[str]]]:
    """(importing module, imported wardtasks module, names) for every ``from … import``
    of the package's own modules."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        package = parts[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            elif node.module and node.module.split(".")[0] == "wardtasks":
                target = node.module
            else:
                continue
            found.append((".".join(parts), target, [a.name for a in node.names]))
    return found


def test_the_walk_sees_relative_and_absolute_imports_of_the_package() -> None:
    seen = {(module, target) for module, target, _names in _own_imports()}
    assert ("wardtasks.admin.trail", "wardtasks.plans.forms") in seen
    assert ("wardtasks.orgs.views", "wardtasks.targets.display") in seen
    assert ("wardtasks.targets.views", "wardtasks.targets.display") in seen


def test_no_view_imports_another_view() -> None:
    wrong = [
        (module, target)
        for module, target, names in _own_imports()
        if not module.endswith("__init__")
        and (target.endswith(".views") or any(n == "views" for n in names))
        and target != module
    ]
    assert wrong == []


def test_no_private_name_is_imported_across_modules() -> None:
    wrong = [
        (module, target, name)
        for module, target, names in _own_imports()
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert wrong == []


# --- the status update's path --------------------------------------------------------------

STATUS_UPDATE = "wardtasks.tasks.services"
# The writers every write of the app goes through, whatever it writes: the audit trail's
# entry and the data version the pages' ETags come from (bumped as the transaction commits).
SHARED_WRITERS = {"wardtasks.audit", "wardtasks.version"}
WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
TABLE = re.compile(r"\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)


def _innermost_wardtasks_module() -> str:
    """The module of the package's innermost function on the stack (who sent a statement)."""
    frame = sys._getframe(1)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module == "wardtasks" or module.startswith("wardtasks."):
            return module
        frame = frame.f_back
    return "?"


def test_a_status_update_writes_from_its_service_module_only(app, client, auth, ward) -> None:
    """A status update reads in five files (tasks/services.py's docstring): every row it
    writes — the assignment, its history row, its month row, its photo — is written by
    tasks/services.py itself, besides the audit entry and the data version every write
    of the app makes. Moving its write rule (or a part of it) to a sixth module of the
    package, as tasks/changes.py and tasks/months.py were, fails here."""
    from .test_photos import jpeg_bytes
    from .test_query_counts import update_form

    auth.login("head.a1")
    written: dict[str, set[str]] = {}

    def sent(_conn, _cursor, statement: str, *_args) -> None:
        if WRITE.match(statement):
            table = TABLE.match(statement)
            key = table.group(1) if table else statement[:40]
            written.setdefault(key, set()).add(_innermost_wardtasks_module())

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", sent)
    try:
        response = client.post(
            f"/assignments/{ward.assignment_a1}/status",
            data=update_form({"version": 1, "branch_id": ward.branch_a1})
            | {"photos": [(io.BytesIO(jpeg_bytes()), "anh.jpg")]},
            headers={"HX-Request": "true"},
        )
    finally:
        event.remove(engine, "before_cursor_execute", sent)
    assert response.status_code == 200 and "Đã họp chi hội." in response.get_data(as_text=True)
    own = {"assignment", "status_update", "assignment_month", "evidence_photo"}
    assert own <= written.keys()
    assert {table: written[table] for table in own} == dict.fromkeys(own, {STATUS_UPDATE})
    assert set().union(*written.values()) <= {STATUS_UPDATE} | SHARED_WRITERS


# --- the status badge and the progress bar ---------------------------------------------------

TEMPLATES = PACKAGE.parent / "templates"
MACROS = TEMPLATES / "_macros" / "ui.html"


def test_the_status_badge_and_the_progress_bar_are_written_by_their_macros_only() -> None:
    """A status's badge (its colour and its word) and the progress bar look the same on
    every page because one macro writes each: a template that copies the markup drifts
    when the macro changes (issue 13)."""
    badge = re.compile(r'class="badge st-\{\{')
    bar = re.compile(r'role="progressbar"')
    copies = [
        str(path.relative_to(TEMPLATES))
        for path in sorted(TEMPLATES.rglob("*.html"))
        if path != MACROS and (badge.search(text := path.read_text()) or bar.search(text))
    ]
    assert copies == []
    macros = MACROS.read_text()
    assert badge.search(macros) and bar.search(macros)
