"""The application factory and its configuration."""

from __future__ import annotations

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
