"""What every worker would otherwise build for itself, built once in gunicorn's master.

gunicorn.conf.py loads the app in the master and forks the workers from it; what the
master holds before the fork sits in memory pages the workers share. Left to the first
requests, each worker would configure the ORM's mappers, compile every template and load
both languages' catalogues and locale data on its own: the same objects four times over,
in pages of its own. :func:`warm` does that work in the master, with no database
connection (the master runs no query, ``tests/test_app.py``).
"""

from __future__ import annotations

from babel import Locale
from flask import Flask
from flask_babel import force_locale, get_translations
from sqlalchemy.orm import configure_mappers


def warm(app: Flask) -> None:
    """Configure the mappers, compile the templates and load the catalogues of ``app``."""
    configure_mappers()
    for name in app.jinja_env.list_templates(filter_func=_is_template):
        app.jinja_env.get_template(name)
    with app.test_request_context():
        for language in app.config["LANGUAGES"]:
            Locale.parse(language)
            with force_locale(language):
                get_translations()


def _is_template(name: str) -> bool:
    # .txt: the plain text of the e-mail digest (notices/digest.txt)
    return name.endswith((".html", ".txt"))
