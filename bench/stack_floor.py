"""The memory floor of wardtasks' stack: what a worker of any app built on it holds.

Flask with Flask-SQLAlchemy (the ORM), Flask-Login, Flask-WTF's CSRF protection and
Flask-Babel, one model and one page (50 rows through a Jinja template); nothing of
wardtasks. bench/run.py's 4-worker memory section serves it under the same gunicorn
settings (gunicorn.conf.py, ``SERVE_ENV``) beside wardtasks, so that the report shows
how much of issue 16's memory bounds the stack itself takes.

Environment: ``STACK_FLOOR_DB`` (SQLite file, created and filled if empty).
"""

from __future__ import annotations

import os

from flask import Flask, render_template_string
from flask_babel import Babel
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

PAGE = (
    "<!doctype html><table>{% for i in items %}<tr><td>{{ i.id }}</td><td>{{ i.title }}</td>"
    "<td>{{ i.progress }} %</td></tr>{% endfor %}</table>"
)


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Item(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    progress: Mapped[int]


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.environ["STACK_FLOOR_DB"]
    app.config["SECRET_KEY"] = "stack-floor"
    db.init_app(app)
    CSRFProtect(app)
    LoginManager(app).user_loader(lambda _user_id: None)
    Babel(app)
    with app.app_context():
        db.create_all()
        if db.session.scalar(select(Item.id).limit(1)) is None:
            db.session.add_all(Item(title=f"Nhiệm vụ số {i}", progress=i % 100) for i in range(500))
            db.session.commit()
        db.session.remove()
        db.engine.dispose()  # the master keeps no connection for its workers

    @app.get("/")
    def page() -> str:
        items = db.session.scalars(select(Item).order_by(Item.id).limit(50)).all()
        return render_template_string(PAGE, items=items)

    return app
