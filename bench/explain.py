"""Query plans of the key requests on a scale ward, on SQLite or PostgreSQL.

    .venv/bin/python bench/explain.py                      # SQLite, a fresh scale ward in /tmp
    .venv/bin/python bench/explain.py --url postgresql+psycopg://postgres@127.0.0.1/wt_explain
    .venv/bin/python bench/explain.py --scale "--blocks 10" --only ward,report

Runs every key request of bench/run.py in-process (Flask test client, logged in
as the role the bench uses), records each SQL statement it issues with its time,
and prints EXPLAIN QUERY PLAN (SQLite) or EXPLAIN ANALYZE (PostgreSQL) for the
statements slower than ``--min-ms`` (on SQLite a read's time includes fetching all its
rows: it runs again for that). The database is filled with ``seed-scale``
when it holds no ward yet (an empty PostgreSQL database must exist).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from run import KEY_REQUESTS, SCALE_PASSWORD, update_form  # type: ignore[import-not-found]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", default="", help="database URL (default: SQLite in a temp dir)")
    p.add_argument("--scale", default="", help="seed_scale options, e.g. '--blocks 10'")
    p.add_argument("--only", default="", help="comma-separated keys (branch,matrix,ward,...)")
    p.add_argument("--min-ms", type=float, default=2.0, help="explain statements slower than")
    p.add_argument(
        "--timeout", type=float, default=10.0, help="SQLite: interrupt a statement after (s)"
    )
    args = p.parse_args()

    tmp = tempfile.mkdtemp(prefix="wardtasks-explain-")
    os.environ["WARDTASKS_INSTANCE_PATH"] = tmp
    url = args.url or f"sqlite:///{tmp}/wardtasks.sqlite"
    from sqlalchemy import event, func, select
    from sqlalchemy.engine import Engine

    from wardtasks import create_app
    from wardtasks.devtools.scale import key_request_ids, seed_scale
    from wardtasks.extensions import db
    from wardtasks.models import Organisation

    app = create_app(
        {"SECRET_KEY": "explain", "DATABASE_URL": url, "WTF_CSRF_ENABLED": False, "TESTING": True}
    )
    with app.app_context():
        db.create_all()
        if not db.session.scalar(select(func.count(Organisation.id))):
            opts = _scale_options(args.scale)
            print(f"seeding {url} with {opts or 'the defaults'} …", flush=True)
            s = seed_scale(**opts)
            print(f"  {s.assignments} assignments, {s.status_updates} updates in {s.seconds:.0f} s")
        engine: Engine = db.engine
        found = key_request_ids()
        ids: dict[str, Any] = {
            "org_id": found["org_id"],
            "branch_id": found["branch_id"],
            "task_id": found["task_id"],
            "assignment_id": found["assignment_id"],
            "month_str": found["month"],
        }
        version = found["version"]

    captured: list[list[Any]] = []  # [seconds or None if interrupted, statement, params]
    current: list[float] = []  # start of the statement running now

    @event.listens_for(engine, "before_cursor_execute")
    def _before(_conn: Any, _cur: Any, st: str, params: Any, _ctx: Any, _many: bool) -> None:
        current[:] = [time.perf_counter()]
        captured.append([None, st, params])

    @event.listens_for(engine, "after_cursor_execute")
    def _after(*_args: Any) -> None:
        captured[-1][0] = time.perf_counter() - current[0]
        current.clear()

    @event.listens_for(engine, "handle_error")
    def _failed(_ctx: Any) -> None:
        current.clear()

    if engine.dialect.name == "sqlite" and args.timeout > 0:
        # A statement running longer than --timeout seconds is interrupted, so a request
        # that would take minutes still shows which statement and plan are at fault.
        @event.listens_for(engine, "connect")
        def _limit(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.set_progress_handler(
                lambda: int(bool(current) and time.perf_counter() - current[0] > args.timeout),
                10000,
            )

        engine.dispose()

    endpoints = {r.endpoint: r for r in app.url_map.iter_rules()}
    clients: dict[str, Any] = {}
    wanted = set(filter(None, args.only.split(",")))
    users = {"secretariat": "vanphong", "leader": "mttq", "branch_head": "mttq.k1"}
    for kr in KEY_REQUESTS:
        if wanted and kr.key not in wanted:
            continue
        endpoint = next((e for e in kr.candidates if e in endpoints), None)
        if endpoint is None:
            print(f"\n## {kr.label}: no route")
            continue
        if kr.role not in clients:
            c = app.test_client()
            c.post("/login", data={"username": users[kr.role], "password": SCALE_PASSWORD})
            clients[kr.role] = c
        from flask import url_for

        values = {a: ids[a] for a in endpoints[endpoint].arguments if a in ids}
        values |= kr.values
        values |= {k: v.format(**ids) for k, v in kr.query.items()}
        with app.test_request_context():
            path = url_for(endpoint, **values)
        captured.clear()
        t0 = time.perf_counter()
        try:
            if kr.method == "POST":
                form = update_form(version, 1, ids["branch_id"])
                version += 1
                r = clients[kr.role].post(path, data=form, headers={"HX-Request": "true"})
            else:
                r = clients[kr.role].get(path)
            outcome = f"{r.status_code}, {len(r.data)} bytes"
        except Exception as exc:  # noqa: BLE001 - an interrupted statement ends the request
            outcome = f"failed: {exc.__class__.__name__}"
        total = time.perf_counter() - t0
        if engine.dialect.name == "sqlite":
            _time_with_fetch(engine, captured)
        sql = sum(d for d, _s, _p in captured if d is not None)
        print(
            f"\n## {kr.label} `{kr.method} {path}` → {outcome}, "
            f"{total * 1000:.0f} ms, {len(captured)} statements ({sql * 1000:.0f} ms in SQL)"
        )
        for d, st, params in list(captured):
            line = " ".join(st.split())
            if d is None:
                print(f"- INTERRUPTED after {args.timeout:.0f} s  {line[:160]}")
            else:
                print(f"- {d * 1000:7.1f} ms  {line[:160]}")
            if d is not None and d * 1000 < args.min_ms:
                continue
            if st.lstrip().upper().startswith(("BEGIN", "PRAGMA")):
                continue
            for plan_line in _explain(engine, st, params):
                print(f"      {plan_line}")
    return 0


def _scale_options(text: str) -> dict[str, Any]:
    opts: dict[str, Any] = {}
    words = text.split()
    for flag, value in zip(words[::2], words[1::2], strict=False):
        opts[flag.lstrip("-").replace("-", "_")] = int(value)
    return opts


def _time_with_fetch(engine: Any, captured: list[list[Any]]) -> None:
    """Replace the time of each SQLite read with the time to run it and fetch every row.

    SQLite computes rows as they are fetched: at execute a grouped query has produced
    its first group, not the rest, so the execute time alone can miss most of its cost.
    Each read runs again three times on a driver connection of its own (outside the
    engine's events, which record the request's statements); the fastest run counts."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for entry in captured:
            d, st, params = entry
            if d is None or not st.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            runs = []
            for _ in range(3):
                start = time.perf_counter()
                cursor.execute(st, params)
                cursor.fetchall()
                runs.append(time.perf_counter() - start)
            entry[0] = min(runs)
        raw.rollback()
    finally:
        raw.close()


def _explain(engine: Any, statement: str, params: Any) -> list[str]:
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN ANALYZE "
    if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
        if engine.dialect.name != "sqlite":
            prefix = "EXPLAIN "
    with engine.connect() as conn:
        try:
            rows = conn.exec_driver_sql(prefix + statement, params).all()
        except Exception as exc:  # noqa: BLE001 - a plan we cannot get is reported, not fatal
            return [f"(no plan: {exc.__class__.__name__})"]
        finally:
            conn.rollback()
    if engine.dialect.name == "sqlite":
        return [f"{r[1]:>3} {r[3]}" for r in rows]
    return [str(r[0]) for r in rows]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main())
