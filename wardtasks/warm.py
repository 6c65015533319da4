"""What every worker would otherwise build for itself, built once in gunicorn's master.

gunicorn.conf.py loads the app in the master and forks the workers from it; what the
master holds before the fork sits in memory pages the workers share. Left to the first
requests, each worker would configure the ORM's mappers, compile every template and load
both languages' catalogues and locale data on its own: the same objects four times over,
in pages of its own. :func:`warm` does that work in the master, with no database
connection (the master runs no query, ``tests/test_app.py``).
"""

from __future__ import annotations

import gc

from babel import Locale
from flask import Flask
from flask_babel import force_locale, get_translations
from sqlalchemy.orm import configure_mappers


def warm(app: Flask) -> None:
    """Configure the mappers, compile the templates and load the catalogues of ``app``.

    The master loads with the collector off (gunicorn.conf.py), and compiling a template
    leaves its syntax tree behind in reference cycles. Collected once before and after
    each template (the youngest objects only, those the template made), what they freed
    is filled by what comes next in the master itself: on the demo ward the master's RSS
    0.3 MB lower and nearly no garbage left at the fork, whose free blocks the workers
    would fill by copying the master's pages (bench/results/2026-12-08-memory.md)."""
    gc.collect()
    configure_mappers()
    for name in app.jinja_env.list_templates(filter_func=_is_template):
        app.jinja_env.get_template(name)
        gc.collect(0)
    with app.test_request_context():
        for language in app.config["LANGUAGES"]:
            Locale.parse(language)
            with force_locale(language):
                get_translations()


def _is_template(name: str) -> bool:
    # .txt: the plain text of the e-mail digest (notices/digest.txt)
    return name.endswith((".html", ".txt"))
