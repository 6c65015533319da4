"""wardtasks: a ward's key tasks, assigned to organisations and branches, tracked monthly."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from .config import DefaultConfig


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, commands."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("WARDTASKS_INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    from .inputs import WholeNumberConverter

    app.url_map.converters["int"] = WholeNumberConverter  # before any route is added
    app.config.from_object(DefaultConfig)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("WARDTASKS")
    else:
        app.config.from_mapping(test_config)

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config.get("DATABASE_URL") or (
        "sqlite:///" + str(Path(app.instance_path) / "wardtasks.sqlite")
    )

    if app.config.get("RATELIMIT_STORAGE_URL"):
        # WARDTASKS_RATELIMIT_STORAGE_URL, e.g. redis://127.0.0.1:6379/0 for several processes.
        app.config["RATELIMIT_STORAGE_URI"] = app.config["RATELIMIT_STORAGE_URL"]

    from . import models  # noqa: F401  (registers the tables)
    from .database import configure_engine
    from .extensions import babel, cache, csrf, db, login_manager
    from .i18n import init_i18n

    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    cache.init_app(app)
    init_i18n(app, babel)
    with app.app_context():
        configure_engine(app)

    from .auth import init_auth
    from .auth.views import bp as auth_bp
    from .errors import init_errors
    from .notices.views import bp as notices_bp
    from .notices.views import init_notices
    from .orgs.views import bp as orgs_bp
    from .web import init_web

    init_auth(app)
    init_web(app)
    init_errors(app)
    app.register_blueprint(auth_bp)
    app.register_blueprint(orgs_bp)
    init_notices(app)
    app.register_blueprint(notices_bp)

    # The secretariat's areas (``routes``): their URL rules now, their views at the
    # first request that reaches one (wardtasks/lazy_views.py).
    from .admin.routes import bp as admin_bp

    app.register_blueprint(admin_bp)

    from .photos.views import bp as photos_bp

    app.register_blueprint(photos_bp)

    from .plans.routes import bp as plans_bp

    app.register_blueprint(plans_bp)

    from .cycle.routes import bp as cycle_bp
    from .reports.routes import bp as reports_bp

    app.register_blueprint(reports_bp)
    app.register_blueprint(cycle_bp)

    from .search.views import bp as search_bp

    app.register_blueprint(search_bp)

    from .tasks.views import bp as tasks_bp

    app.register_blueprint(tasks_bp)

    from .targets.views import bp as targets_bp

    app.register_blueprint(targets_bp)

    from .emulation.routes import bp as emulation_bp

    app.register_blueprint(emulation_bp)

    from .cli import init_cli

    init_cli(app)
    return app


def _instance_secret_key(instance: Path) -> str:
    """Read the secret key from the instance folder, creating it on first start."""
    path = instance / "secret_key"
    if not path.exists():
        # Written aside then linked, so concurrent workers never read a half-written key.
        tmp = instance / f".secret_key.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()
