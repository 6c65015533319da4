"""The memory of a gunicorn serving pages, alone: the memory section of ``make bench``
(bench/run.py) without the rest, and where each process's memory sits.

    .venv/bin/python bench/memory.py [--instance DIR] [--workers 4] [--mappings 15] [--exports]

Builds the demo ward in a temporary instance folder (or serves ``--instance``, a folder
with a migrated database the demo seed filled), starts gunicorn as the bench does, drives
the bench's pages (branch head's page, leader's matrix, ward overview, task page) as the
bench's memory section does (with ``--exports``, the XLSX and DOCX downloads of the
bench among them), then prints each process's RSS, PSS and private memory from
/proc/<pid>/smaps_rollup and, with ``--mappings``, the largest mappings of the master and
of one worker from /proc/<pid>/smaps (which file a worker's pages come from, how many of
them it shares) and, as root, how much of the worker's heap is still the master's pages,
copied from them on write, or new (/proc/<pid>/pagemap).

gunicorn runs as ``make run`` serves it (``run.SERVE_ENV``: ``PYTHONOPTIMIZE=2
PYTHONNODEBUGRANGES=1``), from the libraries' opt-2 bytecode that ``make run`` and ``make
bench`` compile once (``.venv/.optimized-nodebugranges-stamp``); without it the master
compiles them from source and its workers start from a heap holding the compiler's
leftovers (about 8 MB more PSS).
"""

from __future__ import annotations

import argparse
import mmap
import re
import struct
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402 - bench/run.py, beside this file

PAGE = mmap.PAGESIZE


def mappings(pid: int) -> dict[str, dict[str, int]]:
    """kB of Rss, Pss, Private_* and Shared_* per mapped file (``[heap]``, ``[anon]``, …)."""
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    name = "?"
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        head = line.split()
        if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
            name = Path(head[5]).name if len(head) > 5 else "[anon]"
        elif head and head[0].rstrip(":") in {"Rss", "Pss", "Private_Dirty", "Private_Clean"}:
            totals[name][head[0].rstrip(":")] += int(head[1])
    return totals


def print_mappings(label: str, pid: int, top: int) -> None:
    table = mappings(pid)
    print(f"\n{label} {pid}: largest mappings (kB)\n")
    print(f"| {'mapping':<40} | {'Rss':>7} | {'Pss':>7} | {'private':>7} |")
    print(f"|{'-' * 42}|{'-' * 9}|{'-' * 9}|{'-' * 9}|")
    ranked = sorted(table.items(), key=lambda kv: -kv[1]["Rss"])
    for name, kb in ranked[:top]:
        private = kb["Private_Dirty"] + kb["Private_Clean"]
        print(f"| {name:<40} | {kb['Rss']:>7} | {kb['Pss']:>7} | {private:>7} |")
    rest = ranked[top:]
    others = f"({len(rest)} others)"
    print(
        f"| {others:<40} | {sum(kb['Rss'] for _, kb in rest):>7} "
        f"| {sum(kb['Pss'] for _, kb in rest):>7} "
        f"| {sum(kb['Private_Dirty'] + kb['Private_Clean'] for _, kb in rest):>7} |"
    )


def _frames(pid: int, start: int, end: int) -> list[int]:
    """The page frame of each page in [start, end) of ``pid`` (0: not present)."""
    with open(f"/proc/{pid}/pagemap", "rb") as fh:
        fh.seek(start // PAGE * 8)
        data = fh.read((end - start) // PAGE * 8)
    entries = struct.unpack(f"{len(data) // 8}Q", data)
    return [e & ((1 << 55) - 1) if e >> 63 else 0 for e in entries]


def copied(master: int, worker: int) -> tuple[int, int, int] | None:
    """kB of the worker's anonymous memory (Python's heap) still shared with the master,
    copied from the master on write, and new, from their page frames
    (/proc/<pid>/pagemap; None when frames are hidden, as they are without root)."""
    ranges = []
    for line in Path(f"/proc/{worker}/maps").read_text().splitlines():
        parts = line.split()
        if len(parts) == 5 or parts[5] == "[heap]":
            start, end = (int(x, 16) for x in parts[0].split("-"))
            ranges.append((start, end))
    shared = copy = new = 0
    for start, end in ranges:
        mine = _frames(worker, start, end)
        theirs = _frames(master, start, end)
        for a, b in zip(mine, theirs, strict=True):
            if a and a == b:
                shared += 1
            elif a and b:
                copy += 1
            elif a:
                new += 1
    if shared + copy == 0:
        return None
    return shared * PAGE // 1024, copy * PAGE // 1024, new * PAGE // 1024


def main() -> int:
    p = argparse.ArgumentParser(description="The memory of a gunicorn serving pages.")
    p.add_argument("--instance", type=Path, help="a seeded instance folder (default: build one)")
    p.add_argument("--workers", type=int, default=run.MEMORY_WORKERS)
    p.add_argument("--mappings", type=int, default=0, help="show this many largest mappings")
    p.add_argument(
        "--exports",
        action="store_true",
        help="the secretariat's XLSX and DOCX downloads among the pages (a worker that "
        "served one keeps their libraries; see WARDTASKS_WORKER_RSS_ALLOWANCE_MB)",
    )
    args = p.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="wardtasks-memory-"))
    ward = run.Ward("small", args.instance or tmp / "small", run.DEMO_PASSWORD, ["seed-demo"])
    if args.instance is None:
        run.build_ward(ward)
    run.inspect_ward(ward)
    routes = run.discover_routes()
    pages = []
    for kr in run.KEY_REQUESTS:
        endpoint = next((e for e in kr.candidates if e in routes), None)
        export = args.exports and kr.key in ("xlsx", "docx")
        if endpoint and kr.method == "GET" and (export or not kr.heavy) and not kr.full:
            rule, _methods, rargs = routes[endpoint]
            ids = dict(ward.ids, **kr.values)
            pages.append((kr.role, run.build_path(rule, rargs, ids, kr.query)))

    def inspect(server: run.Server) -> None:
        if args.mappings:
            print_mappings("master", server.proc.pid, args.mappings)
            worker = sorted(server.worker_pids())[0]
            print_mappings("worker", worker, args.mappings)
            pages = copied(server.proc.pid, worker)
            if pages:
                print(
                    f"\nworker {worker}'s heap pages: {pages[0] / 1024:.1f} MB shared with "
                    f"the master, {pages[1] / 1024:.1f} MB copied from it on write, "
                    f"{pages[2] / 1024:.1f} MB new"
                )

    lines, broken = run.four_worker_memory(ward, pages, tmp, 30, args.workers, inspect)
    print(lines)
    for line in broken:
        print(f"bench: {line}", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
