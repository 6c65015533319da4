"""Plans: look-ups, the import draft, creating a plan, distributing its tasks, rollover.

The import preview keeps no state on the server: the draft (every item, the
lines that were not imported, the headings naming organisations the ward does
not have yet) travels in a hidden form field as JSON, and each action on the
preview posts it back together with the edited fields.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import defer

from ..database import write_transaction
from ..extensions import db
from ..importer import OrgAlias, ParseResult, parse_plan_text, read_docx_text
from ..models import Assignment, Branch, Organisation, Plan, Task

SHARED = "shared"
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_TEXT_CHARS = 500_000
TITLE_MAX = 300
_DUE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def current_plan() -> Plan | None:
    """The plan the pages show by default: the newest active plan, else the newest one."""
    # Without the published text, which is long.
    return db.session.scalar(
        select(Plan)
        .options(defer(Plan.source_text))
        .order_by(case((Plan.state == "active", 0), else_=1), Plan.year.desc(), Plan.id.desc())
        .limit(1)
    )


# --- reading what was pasted or uploaded ---------------------------------------------


class ImportInputError(ValueError):
    """Text or a file that cannot be imported; ``code`` names the reason for the UI."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def text_from_upload(filename: str, data: bytes) -> str:
    """The text of an uploaded .txt (UTF-8) or .docx file.

    Raises :class:`ImportInputError` with ``too_large``, ``wrong_type``,
    ``not_utf8``, ``not_docx`` or ``empty``.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportInputError("too_large")
    name = filename.lower()
    if name.endswith(".docx"):
        try:
            text = read_docx_text(data)
        except ValueError as exc:
            raise ImportInputError("not_docx") from exc
    elif name.endswith(".txt"):
        if b"\x00" in data:
            raise ImportInputError("not_utf8")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportInputError("not_utf8") from exc
    else:
        raise ImportInputError("wrong_type")
    if not text.strip():
        raise ImportInputError("empty")
    return text


def check_pasted_text(text: str) -> str:
    """Pasted text as it will be parsed; raises ``empty`` or ``too_large``."""
    if not text.strip():
        raise ImportInputError("empty")
    if len(text) > MAX_TEXT_CHARS:
        raise ImportInputError("too_large")
    return text


# --- the draft ------------------------------------------------------------------------


@dataclass
class DraftItem:
    """One task of the preview. ``org`` is "shared", "org:<id>" or "new:<n>"."""

    text: str
    title: str
    org: str
    due: str = ""  # dd/mm/yyyy as typed
    lines: list[int] = field(default_factory=list)
    dropped: bool = False


@dataclass
class NewOrg:
    """A heading naming an organisation the ward does not have (yet)."""

    key: str  # "new:<n>"
    heading: str
    code: str  # suggested code


@dataclass
class SkippedRow:
    """A source line that is not part of any task."""

    line: int
    text: str
    reason: str


@dataclass
class Draft:
    """Everything the preview shows and the confirm step needs."""

    year: int
    title: str
    source_text: str
    split_shared: bool = False
    items: list[DraftItem] = field(default_factory=list)
    new_orgs: list[NewOrg] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    heading_lines: list[int] = field(default_factory=list)
    line_count: int = 0
    messages: list[str] = field(default_factory=list)
    copied_from: int | None = None  # the year of the plan a rollover copies

    def to_json(self) -> str:
        """The draft for the hidden form field."""
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str) -> Draft:
        """Read a draft back; raises ValueError on anything malformed."""
        try:
            data = json.loads(raw)
            draft = cls(
                year=int(data["year"]),
                title=str(data["title"]),
                source_text=str(data["source_text"]),
                split_shared=bool(data.get("split_shared")),
                items=[
                    DraftItem(
                        text=str(i["text"]),
                        title=str(i["title"]),
                        org=str(i["org"]),
                        due=str(i.get("due", "")),
                        lines=[int(n) for n in i.get("lines", [])],
                        dropped=bool(i.get("dropped")),
                    )
                    for i in data["items"]
                ],
                new_orgs=[
                    NewOrg(str(n["key"]), str(n["heading"]), str(n["code"]))
                    for n in data.get("new_orgs", [])
                ],
                skipped=[
                    SkippedRow(int(s["line"]), str(s["text"]), str(s["reason"]))
                    for s in data.get("skipped", [])
                ],
                heading_lines=[int(n) for n in data.get("heading_lines", [])],
                line_count=int(data.get("line_count", 0)),
                messages=[str(m) for m in data.get("messages", [])],
                copied_from=(
                    int(data["copied_from"]) if data.get("copied_from") is not None else None
                ),
            )
        except (TypeError, KeyError, AttributeError, json.JSONDecodeError) as exc:
            raise ValueError("bad_draft") from exc
        return draft

    def new_org(self, key: str) -> NewOrg | None:
        """The unknown organisation heading behind ``key``."""
        return next((n for n in self.new_orgs if n.key == key), None)

    @property
    def live_items(self) -> list[tuple[int, DraftItem]]:
        """(index, item) of the items that are not dropped."""
        return [(i, it) for i, it in enumerate(self.items) if not it.dropped]

    @property
    def dropped_items(self) -> list[tuple[int, DraftItem]]:
        """(index, item) of the items the user dropped."""
        return [(i, it) for i, it in enumerate(self.items) if it.dropped]


def active_organisations() -> list[Organisation]:
    """The ward's organisations in display order."""
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.active.is_(True))
            .order_by(Organisation.sort_order, Organisation.id)
        )
    )


def org_aliases(orgs: Iterable[Organisation]) -> tuple[OrgAlias, ...]:
    """The database's organisations as extra aliases for the parser."""
    return tuple(OrgAlias(o.code, (o.name, o.short_name, o.code)) for o in orgs)


def parse_text(
    text: str, *, year: int | None, split_shared: bool, orgs: Sequence[Organisation]
) -> ParseResult:
    """Parse ``text`` knowing the ward's organisations."""
    return parse_plan_text(
        text, year=year, split_shared=split_shared, org_aliases=org_aliases(orgs)
    )


def draft_from_text(
    text: str, *, year: int | None, split_shared: bool, orgs: Sequence[Organisation]
) -> Draft:
    """Parse ``text`` into a draft; headings of unknown organisations become ``new:<n>``."""
    result = parse_text(text, year=year, split_shared=split_shared, orgs=orgs)
    by_code = {o.code: o for o in orgs}
    plan_year = year or result.year or date.today().year
    draft = Draft(
        year=plan_year,
        title=default_title(plan_year),
        source_text=text,
        split_shared=split_shared,
        skipped=[SkippedRow(s.line, s.text, s.reason) for s in result.skipped],
        heading_lines=list(result.heading_lines),
        line_count=result.line_count,
        messages=list(result.messages),
    )
    new_keys: dict[str, str] = {}
    for section in result.sections:
        if section.kind == "shared":
            key = SHARED
        elif section.org_code is not None and section.org_code in by_code:
            key = f"org:{by_code[section.org_code].id}"
        else:
            # Unknown to the parser, or a built-in name the ward has no organisation for.
            ident = section.org_code or section.heading_name
            if ident not in new_keys:
                new_keys[ident] = f"new:{len(draft.new_orgs)}"
                draft.new_orgs.append(
                    NewOrg(
                        new_keys[ident],
                        section.heading_name,
                        section.org_code or suggest_code(section.heading_name),
                    )
                )
            key = new_keys[ident]
        for item in section.items:
            draft.items.append(
                DraftItem(
                    text=item.text,
                    title=item.title,
                    org=key,
                    due=item.due_date.strftime("%d/%m/%Y") if item.due_date else "",
                    lines=list(item.lines),
                )
            )
    return draft


def default_title(year: int) -> str:
    """The usual name of a year's plan."""
    return f"Nhiệm vụ trọng tâm năm {year}"


def suggest_code(name: str) -> str:
    """An organisation code from a heading: initials without diacritics ("Hội Nông dân" → HND)."""
    folded = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    ascii_name = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[A-Za-z]+", ascii_name)
    stop = {"phuong", "xa", "thi", "tran"}
    initials = "".join(w[0] for w in words if w.lower() not in stop).upper()
    return (initials or "ORG")[:20]


def make_title(text: str) -> str:
    """A short title for a task: the first clause once past ~40 characters, at most ~120."""
    text = " ".join(text.split())
    cut = len(text)
    for match in re.finditer(r"[;:,]|\.\s", text):
        if match.start() >= 40:
            cut = match.start()
            break
    title = text[:cut].rstrip(" .;:,")
    if len(title) > 120:
        space = title.rfind(" ", 40, 121)
        title = title[: space if space > 0 else 120].rstrip(' .;:,-–—(“"') + "…"
    return title or text[:120]


def parse_due(raw: str) -> date | None:
    """A dd/mm/yyyy date; raises ValueError for anything else (empty is None)."""
    if not raw.strip():
        return None
    match = _DUE.match(raw)
    if match is None:
        raise ValueError(raw)
    day, month, year = (int(g) for g in match.groups())
    return date(year, month, day)


# --- editing the draft ---------------------------------------------------------------


def apply_edits(draft: Draft, form: dict[str, str], valid_orgs: set[str]) -> None:
    """Copy the edited fields of the preview form into the draft."""
    if "plan_title" in form:
        draft.title = form["plan_title"].strip()[:TITLE_MAX]
    if "plan_year" in form:
        try:
            draft.year = int(form["plan_year"])
        except ValueError:
            pass
    for index, item in enumerate(draft.items):
        if f"text-{index}" in form:
            # Line breaks are kept: a break marks where Split cuts.
            raw = form[f"text-{index}"]
            item.text = "\n".join(" ".join(p.split()) for p in raw.splitlines() if p.strip())
        if f"title-{index}" in form:
            item.title = " ".join(form[f"title-{index}"].split())[:TITLE_MAX]
        if f"due-{index}" in form:
            item.due = form[f"due-{index}"].strip()[:20]
        org = form.get(f"org-{index}")
        if org is not None and org in valid_orgs:
            item.org = org


def drop_item(draft: Draft, index: int) -> None:
    """Leave the item out of the plan (it stays listed as dropped, and can be restored)."""
    draft.items[index].dropped = True


def restore_item(draft: Draft, index: int) -> None:
    """Bring back a dropped item."""
    draft.items[index].dropped = False


def merge_with_next(draft: Draft, index: int) -> bool:
    """Append the next item of the same organisation to this one; False if there is none."""
    item = draft.items[index]
    for later in range(index + 1, len(draft.items)):
        other = draft.items[later]
        if other.dropped or other.org != item.org:
            continue
        item.text = f"{item.text.rstrip()} {other.text.lstrip()}"
        item.lines = sorted(set(item.lines) | set(other.lines))
        item.due = item.due or other.due
        del draft.items[later]
        return True
    return False


def split_item(draft: Draft, index: int) -> bool:
    """Split an item at its line breaks, else at semicolons, else at sentence ends."""
    item = draft.items[index]
    parts = [p.strip() for p in item.text.splitlines() if p.strip()]
    if len(parts) < 2:
        parts = [p.strip() for p in re.split(r";\s*", item.text) if p.strip()]
    if len(parts) < 2:
        parts = [p.strip() for p in re.split(r"(?<=\.)\s+(?=[A-ZĐÀ-Ỹ])", item.text) if p.strip()]
    if len(parts) < 2:
        return False
    new_items = [
        DraftItem(
            text=part,
            title=item.title if n == 0 and item.title else make_title(part),
            org=item.org,
            due=item.due,
            lines=list(item.lines),
        )
        for n, part in enumerate(parts)
    ]
    new_items[0].title = make_title(parts[0])
    draft.items[index : index + 1] = new_items
    return True


def remap(draft: Draft, old: str, new: str) -> None:
    """Give every item of ``old`` (an unknown heading) to ``new`` and forget the heading."""
    for item in draft.items:
        if item.org == old:
            item.org = new
    draft.new_orgs = [n for n in draft.new_orgs if n.key != old]


def create_organisation(code: str, name: str, short_name: str) -> Organisation:
    """Add an organisation to the ward (from an unknown heading). Raises ValueError codes."""
    code = code.strip().upper()
    name = " ".join(name.split())
    short_name = " ".join(short_name.split()) or name[:60]
    if not code or len(code) > 20 or not name or len(name) > 200 or len(short_name) > 60:
        raise ValueError("org_fields")
    with write_transaction():
        taken = db.session.scalar(
            select(func.count(Organisation.id)).where(
                (Organisation.code == code) | (Organisation.name == name)
            )
        )
        if taken:
            raise ValueError("org_exists")
        order = db.session.scalar(select(func.max(Organisation.sort_order))) or 0
        org = Organisation(code=code, name=name, short_name=short_name, sort_order=order + 1)
        db.session.add(org)
    return org


@dataclass
class Group:
    """The items of the preview under one organisation."""

    key: str
    name: str
    items: list[tuple[int, DraftItem]]
    new_org: NewOrg | None = None


def group_items(draft: Draft, orgs: Sequence[Organisation]) -> list[Group]:
    """The live items grouped by organisation: shared first, then the ward's order."""
    names = {f"org:{o.id}": o.name for o in orgs}
    order = {f"org:{o.id}": n for n, o in enumerate(orgs, start=1)}
    groups: dict[str, Group] = {}
    for index, item in draft.live_items:
        if item.org not in groups:
            new = draft.new_org(item.org)
            name = new.heading if new else names.get(item.org, item.org)
            groups[item.org] = Group(item.org, name, [], new)
        groups[item.org].items.append((index, item))

    def rank(g: Group) -> tuple[int, int]:
        if g.key == SHARED:
            return (0, 0)
        if g.key in order:
            return (1, order[g.key])
        return (2, int(g.key.split(":")[1]) if g.key.startswith("new:") else 0)

    return sorted(groups.values(), key=rank)


@dataclass
class LineAccount:
    """How the source's lines were used: every line is in one of these."""

    total: int
    in_tasks: int
    headings: int
    not_imported: int
    blank: int
    dropped: int


def account_lines(draft: Draft) -> LineAccount:
    """Count the source lines by what became of them."""
    live = {n for _i, it in draft.live_items for n in it.lines}
    dropped = {n for _i, it in draft.dropped_items for n in it.lines} - live
    blank = sum(1 for s in draft.skipped if s.reason == "blank")
    return LineAccount(
        total=draft.line_count,
        in_tasks=len(live),
        headings=len(draft.heading_lines),
        not_imported=len(draft.skipped) - blank,
        blank=blank,
        dropped=len(dropped),
    )


def validate_draft(draft: Draft, valid_orgs: set[str]) -> tuple[list[str], dict[int, str]]:
    """Problems that block confirming: (plan-level codes, item index -> code)."""
    problems: list[str] = []
    item_errors: dict[int, str] = {}
    if not 2000 <= draft.year <= 2100:
        problems.append("bad_year")
    if not draft.title.strip():
        problems.append("no_title")
    live = draft.live_items
    if not live:
        problems.append("no_items")
    for index, item in live:
        if item.org.startswith("new:"):
            item_errors[index] = "unknown_org"
        elif item.org not in valid_orgs:
            item_errors[index] = "unknown_org"
        elif not item.text.strip():
            item_errors[index] = "empty_text"
        else:
            try:
                parse_due(item.due)
            except ValueError:
                item_errors[index] = "bad_due"
    if any(code == "unknown_org" for code in item_errors.values()):
        problems.append("unresolved_orgs")
    return problems, item_errors


def create_plan(draft: Draft, user_id: int | None, state: str = "active") -> Plan:
    """Create the plan and its tasks in one transaction (the draft must be valid)."""
    orgs = active_organisations()
    rank = {f"org:{o.id}": n for n, o in enumerate(orgs, start=1)}
    live = sorted(
        draft.live_items,
        key=lambda pair: (0 if pair[1].org == SHARED else rank.get(pair[1].org, 999), pair[0]),
    )
    with write_transaction():
        plan = Plan(
            year=draft.year,
            title=draft.title.strip()[:TITLE_MAX],
            source_text=draft.source_text,
            state=state,
            created_by_id=user_id,
        )
        db.session.add(plan)
        for order, (_index, item) in enumerate(live, start=1):
            text = " ".join(item.text.split())
            db.session.add(
                Task(
                    plan=plan,
                    organisation_id=None if item.org == SHARED else int(item.org.split(":")[1]),
                    title=(" ".join(item.title.split()) or make_title(text))[:TITLE_MAX],
                    text=text,
                    sort_order=order,
                    due_date=parse_due(item.due),
                    source_lines=",".join(str(n) for n in item.lines)[:200],
                )
            )
    return plan


def draft_from_plan(plan: Plan) -> Draft:
    """Next year's draft from a plan's tasks: same organisations, due dates a year later."""
    year = plan.year + 1
    draft = Draft(year=year, title=default_title(year), source_text="", copied_from=plan.year)
    lines: list[str] = [default_title(year).upper()]
    for task in plan.tasks:
        due = _next_year(task.due_date)
        draft.items.append(
            DraftItem(
                text=task.text,
                title=task.title,
                org=SHARED if task.organisation_id is None else f"org:{task.organisation_id}",
                due=due.strftime("%d/%m/%Y") if due else "",
            )
        )
        lines.append(f"- {task.text}")
    draft.source_text = "\n".join(lines) + "\n"
    return draft


def _next_year(day: date | None) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


# --- plans and distribution ----------------------------------------------------------


@dataclass
class PlanSummary:
    """A row of the plans list."""

    plan: Plan
    tasks: int
    assignments: int


def plan_summaries() -> list[PlanSummary]:
    """Every plan, newest first, with its task and assignment counts."""
    tasks: dict[int, int] = {
        plan_id: n
        for plan_id, n in db.session.execute(
            select(Task.plan_id, func.count(Task.id)).group_by(Task.plan_id)
        )
    }
    assignments: dict[int, int] = {
        plan_id: n
        for plan_id, n in db.session.execute(
            select(Task.plan_id, func.count(Assignment.id))
            .join(Task, Task.id == Assignment.task_id)
            .where(Assignment.active.is_(True))
            .group_by(Task.plan_id)
        )
    }
    plans = db.session.scalars(select(Plan).order_by(Plan.year.desc(), Plan.id.desc()))
    return [PlanSummary(p, tasks.get(p.id, 0), assignments.get(p.id, 0)) for p in plans]


def org_branches() -> dict[int, list[Branch]]:
    """The active branches of each active organisation, in display order."""
    rows = db.session.scalars(
        select(Branch)
        .join(Organisation, Organisation.id == Branch.organisation_id)
        .where(Branch.active.is_(True), Organisation.active.is_(True))
        .order_by(Branch.organisation_id, Branch.sort_order, Branch.id)
    )
    result: dict[int, list[Branch]] = {}
    for br in rows:
        result.setdefault(br.organisation_id, []).append(br)
    return result


@dataclass
class TaskState:
    """Where a task has been given so far."""

    branch_ids: set[int] = field(default_factory=set)
    org_level_ids: set[int] = field(default_factory=set)


def task_states(task_ids: Sequence[int]) -> dict[int, TaskState]:
    """The active assignments of ``task_ids`` by task."""
    states = {tid: TaskState() for tid in task_ids}
    if not task_ids:
        return states
    rows = db.session.execute(
        select(Assignment.task_id, Assignment.organisation_id, Assignment.branch_id).where(
            Assignment.task_id.in_(task_ids), Assignment.active.is_(True)
        )
    )
    for task_id, org_id, branch_id in rows:
        if branch_id is None:
            states[task_id].org_level_ids.add(org_id)
        else:
            states[task_id].branch_ids.add(branch_id)
    return states


DISTRIBUTE_MODES = ("branches", "chosen", "org")


def _targets(
    task: Task,
    mode: str,
    chosen: set[int],
    branches: dict[int, list[Branch]],
    orgs: Sequence[Organisation],
) -> list[tuple[int, int | None]]:
    """(organisation id, branch id or None) pairs a task goes to in ``mode``."""
    org_ids = [o.id for o in orgs] if task.organisation_id is None else [task.organisation_id]
    if mode == "org":
        return [(org_id, None) for org_id in org_ids]
    pairs: list[tuple[int, int | None]] = []
    for org_id in org_ids:
        if mode == "branches" and not branches.get(org_id):
            # An organisation without branches keeps the task at its own level.
            pairs.append((org_id, None))
        for br in branches.get(org_id, []):
            if mode == "branches" or br.id in chosen:
                pairs.append((org_id, br.id))
    return pairs


def distribute(
    tasks: Sequence[Task], mode: str, chosen: Iterable[int] = (), *, shared_mode: str | None = None
) -> int:
    """Give ``tasks`` to branches or keep them at organisation level; returns how many are new.

    ``mode``: "branches" (all branches of the task's organisation, or its own level
    if it has none), "chosen" (the
    ``chosen`` branch ids among them) or "org" (organisation level). Shared tasks go
    to every organisation, in ``shared_mode`` if given. Assignments that exist are
    left alone (one taken back earlier is given back); none is ever duplicated.
    """
    if mode not in DISTRIBUTE_MODES or (shared_mode and shared_mode not in DISTRIBUTE_MODES):
        raise ValueError("bad_mode")
    chosen_ids = set(chosen)
    created = 0
    with write_transaction():
        branches = org_branches()
        orgs = active_organisations()
        task_ids = [t.id for t in tasks]
        existing: dict[tuple[int, int, int | None], Assignment] = {}
        if task_ids:
            for a in db.session.scalars(select(Assignment).where(Assignment.task_id.in_(task_ids))):
                existing[(a.task_id, a.organisation_id, a.branch_id)] = a
                if a.branch_id is not None:
                    # The branch index is unique per task whatever the organisation.
                    existing[(a.task_id, -1, a.branch_id)] = a
        for task in tasks:
            task_mode = shared_mode if task.organisation_id is None and shared_mode else mode
            for org_id, branch_id in _targets(task, task_mode, chosen_ids, branches, orgs):
                key = (
                    (task.id, org_id, branch_id) if branch_id is None else (task.id, -1, branch_id)
                )
                found = existing.get(key)
                if found is not None:
                    if not found.active:
                        found.active = True
                        found.version += 1
                        created += 1
                    continue
                a = Assignment(
                    task_id=task.id,
                    organisation_id=org_id,
                    branch_id=branch_id,
                    due_date=task.due_date,
                )
                db.session.add(a)
                existing[key] = a
                created += 1
    return created


def tasks_by_organisation(plan: Plan) -> list[tuple[Organisation | None, list[Task]]]:
    """The plan's tasks grouped: shared first, then by organisation order."""
    groups: dict[int | None, list[Task]] = {}
    for task in plan.tasks:
        groups.setdefault(task.organisation_id, []).append(task)
    orgs = {o.id: o for o in db.session.scalars(select(Organisation))}
    keys = sorted(
        groups,
        key=lambda k: (-1, 0) if k is None else (orgs[k].sort_order, k),
    )
    return [(None if k is None else orgs[k], groups[k]) for k in keys]


# --- the text preview (CLI) ----------------------------------------------------------

REASON_TEXT = {
    "blank": "blank line",
    "image_id": "image file name",
    "caption": "caption or repeated title",
    "byline": "author, source or date line",
    "boilerplate": "page furniture (ratings, comments, other news)",
    "conclusion": "closing paragraph after the lists",
    "preamble": "report text before the list",
    "unrecognized": "not recognised",
}


def preview_text(draft: Draft, orgs: Sequence[Organisation]) -> str:
    """The preview as plain text: tasks by organisation, then every line not imported."""
    out: list[str] = [f"Plan {draft.year}: {draft.title}", ""]
    for group in group_items(draft, orgs):
        label = "Shared by all organisations" if group.key == SHARED else group.name
        if group.new_org is not None:
            label += f"  [NOT IN THE WARD YET: create organisation {group.new_org.code!r} first]"
        out.append(f"== {label} ({len(group.items)} tasks)")
        for n, (_index, item) in enumerate(group.items, start=1):
            where = ",".join(str(x) for x in item.lines)
            due = f"  [due {item.due}]" if item.due else ""
            out.append(f"{n:>3}. {item.title}{due}  (line {where})")
        out.append("")
    shown = [s for s in draft.skipped if s.reason != "blank"]
    out.append(f"== Not imported ({len(shown)} lines)")
    for s in shown:
        text = " ".join(s.text.split())
        text = text if len(text) <= 70 else text[:69] + "…"
        out.append(f"  line {s.line:>3}: {REASON_TEXT.get(s.reason, s.reason)}: {text}")
    acc = account_lines(draft)
    out.append("")
    out.append(
        f"{acc.total} lines: {acc.in_tasks} in tasks, {acc.headings} headings, "
        f"{acc.not_imported} not imported, {acc.blank} blank."
    )
    for message in draft.messages:
        out.append(f"Note: {message}")
    return "\n".join(out) + "\n"
