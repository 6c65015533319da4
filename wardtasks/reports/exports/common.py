"""What every export format shares: labels, headers, the numbers of a tally, safe text,
and the fixed zip dates that make a closed month's files identical on every download."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from ...dates import format_date, to_local
from ...i18n import CATEGORY_LABELS, STATUS_LABELS
from ...models import ASSIGNMENT_STATUSES
from ...status import GOVERNMENT_CATEGORIES
from ..report import Item, Report, Tally, own_level

# A CR is also a trigger; exports write it as a line break (inputs.printable), so LF is one.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: str) -> str:
    """Text that a spreadsheet must not read as a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def notes_text(item: Item, labels: Mapping[str, str] = STATUS_LABELS) -> str:
    """The month's updates of an item, one line each, oldest first (``labels``: the
    statuses' names, translated once by a caller writing many)."""
    return updates_text(item.notes, labels)


def updates_text(notes: list[dict[str, Any]], labels: Mapping[str, str] = STATUS_LABELS) -> str:
    """Updates (an item's ``notes``: time, author, status, progress, note), one line
    each, in the order given."""
    return "\n".join(
        f"{format_date(to_local(n['at']))} – {n['author']}: "
        f"{labels[n['status']]} {n['progress']}%" + (f". {n['note']}" if n["note"] else "")
        for n in notes
    )


def translated(labels: Mapping[str, str]) -> dict[str, str]:
    """``labels`` (:class:`~wardtasks.i18n.Labels`) translated once, for a file's rows."""
    return {key: str(labels[key]) for key in labels}


def branch_label(item: Item, own_level_label: str | None = None) -> str:
    """The branch, or the organisation's own level where there is none
    (``own_level_label``: "own level" translated, by a caller writing many rows: a
    translation looked up per row cost the peer ward's organisation XLSX 375 lookups
    through Flask-Babel's context, bench/results/2026-12-08-grouped.md)."""
    label = _("own level") if own_level_label is None else own_level_label
    return own_level(item.branch, item.organisation_short, label)


def title(report: Report) -> str:
    """The title every export carries."""
    return title_of(report.period)


def title_of(period: str) -> str:
    """The title every export carries, for a month written as :func:`..report.period_text`."""
    return _("Report on the results of the tasks of %(period)s", period=period)


def summary_headers() -> list[str]:
    """The columns of a summary line (see :func:`summary_numbers`), each title once: the
    overdue ones are the category "overdue" (open past the due date), not a column again."""
    return [
        _("Assignments"),
        *[str(STATUS_LABELS[s]) for s in ASSIGNMENT_STATUSES],
        *[str(CATEGORY_LABELS[c]) for c in GOVERNMENT_CATEGORIES],
        _("Share done (%)"),
        _("Previous month (%)"),
        _("Change (points)"),
    ]


def summary_numbers(t: Tally) -> list[int]:
    """A tally's figures in the order of :func:`summary_headers`."""
    return [
        t.total,
        *[t.by_status[s] for s in ASSIGNMENT_STATUSES],
        *[t.by_category[c] for c in GOVERNMENT_CATEGORIES],
        t.percent_done,
        t.previous_percent_done,
        t.change,
    ]


def detail_headers() -> list[str]:
    """The columns of one assignment's line."""
    return [
        _("Organisation"),
        _("Branch"),
        _("Task"),
        _("Status"),
        _("Progress (%)"),
        _("Due date"),
        _("Done on"),
        _("Overdue"),
        _("Category"),
        _("Updates this month"),
    ]


def task_headers() -> list[str]:
    """The columns of a task's line in the ward's summary."""
    return [
        _("Task"),
        _("Assignments"),
        *[str(STATUS_LABELS[s]) for s in ASSIGNMENT_STATUSES],
        _("Overdue"),
        _("Share done (%)"),
    ]


def task_numbers(t: Tally) -> list[int]:
    """A task's counts, as the page's table per organisation shows them."""
    return [t.total, *[t.by_status[s] for s in ASSIGNMENT_STATUSES], t.overdue, t.percent_done]


def blocked_text(items: list[Item]) -> str:
    """The blocked branches of a task with their notes, on one line each."""
    return "\n".join(branch_label(i) + (f": {i.last_note}" if i.last_note else "") for i in items)


def xml_text(value: str) -> str:
    """``value`` as the text of an XML element (made printable before)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Deflated:
    """A part of a file that is the same in every file of its format (styles, theme),
    compressed once per process: the XLSX and DOCX writers write only what a report
    changes (the bench's "XLSX/DOCX export, computed" rows: deflating DOCX's 800 KB of
    template styles took 20 ms of each file)."""

    crc: int
    size: int
    data: bytes

    @classmethod
    def of(cls, raw: bytes, level: int = zlib.Z_DEFAULT_COMPRESSION) -> Deflated:
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        return cls(zlib.crc32(raw), len(raw), packer.compress(raw) + packer.flush())


def zip_file(entries: Iterable[tuple[str, bytes | Deflated]], stamp: datetime) -> bytes:
    """A zip of ``entries`` (name, content) in order, each deflated and dated ``stamp``,
    laid out as :func:`fixed_zip` writes. What a file writes anew is deflated at the
    fastest level: the peer-sized ward's organisation sheet (150 KB of XML) takes 0.8 ms
    instead of 2.5 ms at the default level, for 20 KB instead of 15 KB."""
    when = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    dos_date = (when[0] - 1980) << 9 | when[1] << 5 | when[2]
    dos_time = when[3] << 11 | when[4] << 5 | when[5] // 2
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, content in entries:
        part = content if isinstance(content, Deflated) else Deflated.of(content, zlib.Z_BEST_SPEED)
        encoded = name.encode("ascii")
        fixed = (20, 0, 8, dos_time, dos_date, part.crc, len(part.data), part.size, len(encoded))
        local = struct.pack("<4s5H3L2H", b"PK\x03\x04", *fixed, 0) + encoded
        # Made on Unix (0x314: zip 2.0), read-write for its owner only, as fixed_zip's.
        rest = (0, 0, 0, 0, 0o600 << 16, offset)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 0x314, *fixed, *rest) + encoded)
        out += [local, part.data]
        offset += len(local) + len(part.data)
    directory = b"".join(central)
    count = len(central)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join([*out, directory, end])


def fixed_zip(data: bytes, stamp: datetime) -> bytes:
    """Rewrite a zip with every entry dated ``stamp``, in the same order."""
    when = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
