"""The package's layout shows its architecture (issue 13): a view imports services and
helpers, never another view, and no module reaches into another's private names — so a
rule has one home a newcomer can find, and moving a view cannot break another page."""

from __future__ import annotations

import ast
from pathlib import Path

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
