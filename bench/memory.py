"""The memory of a gunicorn serving pages, alone: the memory section of ``make bench``
(bench/run.py) without the rest, and where each process's memory sits.

    .venv/bin/python bench/memory.py [--instance DIR] [--workers 4] [--mappings 15]

Builds the demo ward in a temporary instance folder (or serves ``--instance``, a folder
with a migrated database the demo seed filled), starts gunicorn as the bench does, drives
the bench's pages (branch head's page, leader's matrix, ward overview, task page) as the
bench's memory section does, then prints each process's RSS, PSS and private memory from
/proc/<pid>/smaps_rollup and, with ``--mappings``, the largest mappings of the master and
of one worker from /proc/<pid>/smaps (which file a worker's pages come from, how many of
them it shares).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402 - bench/run.py, beside this file


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


def main() -> int:
    p = argparse.ArgumentParser(description="The memory of a gunicorn serving pages.")
    p.add_argument("--instance", type=Path, help="a seeded instance folder (default: build one)")
    p.add_argument("--workers", type=int, default=run.MEMORY_WORKERS)
    p.add_argument("--mappings", type=int, default=0, help="show this many largest mappings")
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
        if endpoint and kr.method == "GET" and not kr.heavy and not kr.full:
            rule, _methods, rargs = routes[endpoint]
            pages.append((kr.role, run.build_path(rule, rargs, ward.ids, kr.query)))

    def inspect(server: run.Server) -> None:
        if args.mappings:
            print_mappings("master", server.proc.pid, args.mappings)
            print_mappings("worker", sorted(server.worker_pids())[0], args.mappings)

    lines, broken = run.four_worker_memory(ward, pages, tmp, 30, args.workers, inspect)
    print(lines)
    for line in broken:
        print(f"bench: {line}", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
