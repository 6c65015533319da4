"""The benchmark's own parts: the floor app and the URL helpers of bench/run.py."""

from __future__ import annotations

import gzip
import importlib.util
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_floor_page_has_the_asked_size_and_update_writes_two_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    floor = load("floor")
    db_path = tmp_path / "floor.sqlite"
    monkeypatch.setenv("FLOOR_DB", str(db_path))
    monkeypatch.setenv("FLOOR_PAGE_BYTES", "40000")
    client = floor.create_app().test_client()
    page = client.get("/page/3", headers={"Accept-Encoding": "gzip"})
    body = gzip.decompress(page.data)
    assert page.headers["Content-Encoding"] == "gzip"
    assert 39000 <= len(body) <= 41000
    assert body.count(b"<tr id=") == 50
    assert client.post("/update/7", data={"status": "done", "progress": "100"}).status_code == 200
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT status, version FROM item WHERE id = 7").fetchone() == ("done", 2)
    assert conn.execute("SELECT COUNT(*) FROM history WHERE item_id = 7").fetchone() == (1,)
    conn.close()


def test_paths_are_built_from_rules_and_ward_ids() -> None:
    run = load("run")
    ids = {"branch_id": 4, "month_str": "2025-11", "fmt": "xlsx"}
    assert run.build_path("/branches/<int:branch_id>", ["branch_id"], ids, {}) == "/branches/4"
    assert (
        run.build_path("/reports/export/<fmt>", ["fmt"], ids, {"month": "{month_str}"})
        == "/reports/export/xlsx?month=2025-11"
    )
    with pytest.raises(KeyError):
        run.build_path("/tasks/<int:task_id>", ["task_id"], ids, {})
    assert run.percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50) == 3.0
    assert run.percentile([float(n) for n in range(1, 101)], 99) == 99.0


def test_young_ward_is_the_scale_ward_with_one_year_of_history() -> None:
    run = load("run")
    assert (
        run.young_options(run.DEFAULT_SCALE)
        == "--orgs 8 --blocks 40 --years 1 --updates-per-assignment 6 --seed 2023"
    )
    assert run.parse_args([]).young == run.young_options(run.DEFAULT_SCALE)
    # The --opt=value form is replaced too, and an option left out is added.
    assert (
        run.young_options("--orgs 2 --years=3") == "--orgs 2 --years 1 --updates-per-assignment 6"
    )
    args = run.parse_args(["--scale=--orgs 2 --years 3", "--young=--orgs 2 --years 2"])
    assert (args.scale, args.young) == ("--orgs 2 --years 3", "--orgs 2 --years 2")
    assert run.parse_args(["--scale=--orgs 2"]).young == (
        "--orgs 2 --years 1 --updates-per-assignment 6"
    )


def test_floor_workers_booting_together_fill_the_table_once(tmp_path: Path) -> None:
    """gunicorn boots the floor's workers at the same moment; one failing on the other's
    rows made gunicorn halt the floor mid-bench (its refused requests then passed for
    thousands of requests per second)."""
    import threading

    floor = load("floor")
    db_path = str(tmp_path / "floor.sqlite")
    errors: list[BaseException] = []

    def boot() -> None:
        try:
            floor.init_db(db_path)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=boot) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT COUNT(*) FROM item").fetchone() == (500,)
    conn.close()


def test_failed_requests_count_as_failures_not_as_speed() -> None:
    run = load("run")
    dead = run.Sample(statuses={200: 14, 0: 346}, rps=[11394.9])
    assert dead.failed == 346
    assert run.Sample(statuses={200: 350, 302: 10}).failed == 0


def test_the_wal_target_is_four_times_the_database_or_16_mb(tmp_path: Path) -> None:
    """The bench fails a ward whose -wal file ends larger than 4 × its database or 16 MB,
    whichever is larger (issue 16), and shows every ward's sizes."""
    run = load("run")
    wards = []
    for name, db_mb, wal_mb in (("small", 1, 15), ("big", 10, 39), ("grown", 1, 17)):
        ward = run.Ward(name, tmp_path / name, "pw", [])
        ward.instance.mkdir()
        with open(ward.db, "wb") as fh:
            fh.truncate(db_mb * 2**20)
        with open(f"{ward.db}-wal", "wb") as fh:
            fh.truncate(wal_mb * 2**20)
        wards.append(ward)
    section, broken = run.wal_sizes(wards)
    assert broken == ["grown: WAL 17.0 MB > 16.0 MB"]
    assert "| big | 10.0 | 39.0 | 40.0 | yes |" in section
