"""The application factory and its configuration."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from wardtasks import create_app


def test_secret_key_generated_into_instance_once(tmp_path: Path, monkeypatch) -> None:
    """Without a configured key, one is generated into instance/ (0600) and reused."""
    monkeypatch.setenv("WARDTASKS_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("WARDTASKS_SECRET_KEY", raising=False)
    first = create_app()
    key_file = tmp_path / "instance" / "secret_key"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.config["SECRET_KEY"]) >= 64
    second = create_app()
    assert second.config["SECRET_KEY"] == first.config["SECRET_KEY"]
    # the default database lives in the instance folder too
    assert first.config["SQLALCHEMY_DATABASE_URI"] == (
        "sqlite:///" + str(tmp_path / "instance" / "wardtasks.sqlite")
    )


def test_environment_and_instance_config_override_defaults(tmp_path: Path, monkeypatch) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text('WARD_NAME = "Phường Mẫu"\nSECRET_KEY = "from-file"\n')
    monkeypatch.setenv("WARDTASKS_INSTANCE_PATH", str(instance))
    monkeypatch.setenv("WARDTASKS_DATABASE_URL", "sqlite:///" + str(tmp_path / "other.sqlite"))
    monkeypatch.setenv("WARDTASKS_SECRET_KEY", "from-env")
    app = create_app()
    assert app.config["WARD_NAME"] == "Phường Mẫu"
    assert app.config["SECRET_KEY"] == "from-env"  # the environment wins over the file
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("other.sqlite")
    assert not (instance / "secret_key").exists()


@pytest.mark.parametrize("path", ["/login", "/no-such-page"])
def test_security_headers_on_every_response(client, path: str) -> None:
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp and "base-uri 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_404_is_a_vietnamese_page_in_the_layout(client) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Không tìm thấy" in page
    assert "<html" in page and "Traceback" not in page


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(app) -> None:
    from sqlalchemy import text

    from wardtasks.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite connection settings only apply to SQLite")
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_postgresql_connections_run_without_jit_even_after_a_rollback(app) -> None:
    """JIT compiling cost the month report about a quarter of its time on PostgreSQL;
    every connection of the pool has it off, also once a request's transaction was
    rolled back (a SET inside that transaction would have been undone with it)."""
    from sqlalchemy import text

    from wardtasks.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the JIT setting only applies to PostgreSQL")
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            conn.rollback()
            assert conn.execute(text("SHOW jit")).scalar() == "off"


# gunicorn.conf.py loads the app once in the master and forks the workers from it.


def test_loading_the_app_connects_to_no_database(database_url: str) -> None:
    """Nothing at start runs a query: the master that loads and warms the app
    (gunicorn's preload_app, wardtasks/warm.py) holds no database connection for its
    workers to inherit."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from wardtasks.extensions import db
    from wardtasks.warm import page_templates, warm

    from .conftest import make_test_app

    connections: list[object] = []

    def connected(dbapi_connection: object, _record: object) -> None:
        connections.append(dbapi_connection)

    event.listen(Engine, "connect", connected)
    try:
        app = make_test_app(database_url)
        warm(app)  # what gunicorn.conf.py does in the master before forking
    finally:
        event.remove(Engine, "connect", connected)
    assert connections == []
    # and the master holds what every worker would otherwise build for itself: the
    # templates of the pages and what they include, not those of the secretariat's
    # areas, whose views load on first use (wardtasks/lazy_views.py)
    compiled = {template.name for template in app.jinja_env.cache.values()}
    assert compiled == set(page_templates(app.jinja_env))
    assert {"orgs/ward.html", "tasks/task.html", "reports/_chart.svg.html"} <= compiled
    assert not compiled & {"admin/users.html", "plans/plan.html", "reports/page.html"}
    assert app.test_client().get("/login").status_code == 200
    with app.app_context():
        db.engine.dispose()


def test_warming_leaves_the_workers_next_to_no_garbage(database_url: str) -> None:
    """The master loads with the collector off (gunicorn.conf.py). Compiling the templates
    leaves their syntax trees in reference cycles (nearly a thousand objects, 0.9 MB):
    warm() collects them as it goes, so the master refills that memory itself rather
    than forking with it free, for every worker to fill by copying the master's pages
    (worker RSS and the whole server's PSS, bench/results/2026-12-08-memory.md)."""
    import gc

    from wardtasks.extensions import db
    from wardtasks.warm import warm

    from .conftest import make_test_app

    gc.disable()
    try:
        app = make_test_app(database_url)
        warm(app)
        left = gc.collect()
    finally:
        gc.enable()
    assert left < 100
    with app.app_context():
        db.engine.dispose()


def test_a_forked_worker_forgets_the_masters_database_connections(database_url: str) -> None:
    """Should a connection ever be made while loading, each worker's pool starts empty
    and leaves the master's connection open (SQLAlchemy's advice for forked processes)."""
    import gc
    import runpy

    from flask import Flask
    from sqlalchemy import text

    from wardtasks.extensions import db

    from .conftest import make_test_app

    try:
        hooks = runpy.run_path(str(Path(__file__).parent.parent / "gunicorn.conf.py"))
    finally:
        gc.enable()  # the file turns the collector off while gunicorn loads the app
    assert hooks["preload_app"] is True
    app = make_test_app(database_url)
    with app.app_context():
        raw = db.engine.raw_connection()
        held = raw.driver_connection
        raw.close()  # back into the pool, as if the master had queried
        assert db.engine.pool.checkedin() == 1

    class Worker:
        def __init__(self, wsgi: Flask) -> None:
            self.app = type("Application", (), {"wsgi": staticmethod(lambda: wsgi)})()

    hooks["post_fork"](None, Worker(app))
    hooks["post_fork"](None, Worker(Flask("without_a_database")))
    with app.app_context():
        assert db.engine.pool.checkedin() == 0
        with db.engine.connect() as connection:
            assert connection.connection.driver_connection is not held
    held.execute(text("SELECT 1").text)  # the master's connection is still open
    held.close()
    with app.app_context():
        db.engine.dispose()


def test_every_page_names_a_favicon_that_is_served(client, ward) -> None:
    """Browsers asked /favicon.ico and got a 404 (issue 17): pages link the icon."""
    page = client.get("/login").get_data(as_text=True)
    link = re.search(r'<link rel="icon" href="([^"]+)"', page)
    assert link is not None
    icon = client.get(link.group(1))
    assert icon.status_code == 200 and icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.parametrize("asked", [None, "3"])
def test_gunicorn_serves_with_one_worker_per_core(monkeypatch, asked: str | None) -> None:
    """``make run`` (gunicorn.conf.py) serves with a worker per core the server may use,
    unless WEB_CONCURRENCY says how many: the login lock holds across them (its counts
    are in the database, tests/test_login_throttle.py)."""
    import gc
    import os
    import runpy

    if asked is None:
        monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    else:
        monkeypatch.setenv("WEB_CONCURRENCY", asked)
    try:
        settings = runpy.run_path(str(Path(__file__).parent.parent / "gunicorn.conf.py"))
    finally:
        gc.enable()
    assert settings["workers"] == (int(asked) if asked else len(os.sched_getaffinity(0)))


def test_gunicorn_warms_the_app_in_the_master_before_forking(database_url: str) -> None:
    """gunicorn.conf.py's when_ready (in the master, before any worker exists) compiles
    the pages' templates there, so the workers share them; another app (bench/floor.py)
    is left as it is."""
    import gc
    import runpy

    from flask import Flask

    from wardtasks.warm import page_templates

    from .conftest import make_test_app

    try:
        hooks = runpy.run_path(str(Path(__file__).parent.parent / "gunicorn.conf.py"))
    finally:
        gc.enable()

    def server(wsgi: Flask) -> object:
        application = type("Application", (), {"wsgi": staticmethod(lambda: wsgi)})()
        return type(
            "Arbiter", (), {"app": application, "cfg": type("Cfg", (), {"preload_app": True})}
        )()

    app = make_test_app(database_url)
    other = Flask("floor")
    try:
        hooks["when_ready"](server(app))
        hooks["when_ready"](server(other))
        assert gc.isenabled()
    finally:
        gc.unfreeze()  # what this test process had loaded goes back to the collector
    compiled = {t.name for t in app.jinja_env.cache.values()}
    assert compiled == set(page_templates(app.jinja_env))
    assert "tasks/task.html" in compiled
    assert not other.jinja_env.cache


@pytest.mark.parametrize(
    ("allowance", "grown_mb", "retires"), [(None, 50, False), ("10", 5, False), ("10", 15, True)]
)
def test_a_worker_grown_past_its_allowance_retires_after_its_response(
    monkeypatch, allowance: str | None, grown_mb: float, retires: bool
) -> None:
    """With WARDTASKS_WORKER_RSS_ALLOWANCE_MB set, a worker whose RSS grew that far past the
    master's (an XLSX download loads openpyxl for good) stops after the response it sent
    and gunicorn forks a fresh one; unset, workers are never retired for their size."""
    import gc
    import logging
    import runpy

    if allowance is None:
        monkeypatch.delenv("WARDTASKS_WORKER_RSS_ALLOWANCE_MB", raising=False)
    else:
        monkeypatch.setenv("WARDTASKS_WORKER_RSS_ALLOWANCE_MB", allowance)
    try:
        hooks = runpy.run_path(str(Path(__file__).parent.parent / "gunicorn.conf.py"))
    finally:
        gc.enable()
    here = hooks["resident_mb"]()
    assert here is not None and here > 0
    hooks["post_request"].__globals__["_master_rss_mb"][:] = [here - grown_mb]
    worker = type("Worker", (), {"pid": 1, "alive": True, "log": logging.getLogger("t")})()
    hooks["post_request"](worker, None, {}, None)
    assert worker.alive is not retires


# The secretariat's areas, whose views load at their first request (wardtasks/lazy_views.py),
# and what their views alone bring along.
SECRETARIAT_AREAS = (
    "wardtasks.admin.views",
    "wardtasks.cycle.views",
    "wardtasks.emulation.views",
    "wardtasks.plans.views",
    "wardtasks.reports.views",
    "wardtasks.plans.services",
    "wardtasks.reports.report",
    "wardtasks.cycle.services",
)


def test_the_pages_load_no_secretariat_area_and_each_area_works_on_first_use(
    app, database_url: str, ward
) -> None:
    """A worker that serves a leader's pages (the ward, the organisation, a branch, a
    task) never loads the administration, plans, reporting cycle, emulation or month
    report views; the secretariat's first visit to each area loads it and is served."""
    from .fresh_process import modules_loaded

    pages = [f"/orgs/{ward.org_a}", f"/branches/{ward.branch_a1}", f"/tasks/{ward.task_a}"]
    areas = [
        "/admin/users",
        "/plans",
        "/cycle",
        "/emulation?year=2023&period=year",
        "/reports?month=2023-03&scope=ward",
    ]
    loaded, _optimize = modules_loaded(
        database_url,
        [("leader.a", pages, "page"), ("vanphong", ["/ward"], "page"), ("vanphong", areas, "page")],
        SECRETARIAT_AREAS,
    )
    at_start, after_pages, after_ward, after_areas = loaded
    assert at_start == after_pages == after_ward == []
    assert after_areas == sorted(SECRETARIAT_AREAS)
