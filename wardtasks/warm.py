"""What every worker would otherwise build for itself, built once in gunicorn's master.

gunicorn.conf.py loads the app in the master and forks the workers from it; what the
master holds before the fork sits in memory pages the workers share. Left to the first
requests, each worker would configure the ORM's mappers, compile the pages' templates and
load both languages' catalogues and locale data on its own: the same objects four times
over, in pages of its own. :func:`warm` does that work in the master, with no database
connection (the master runs no query, ``tests/test_app.py``).
"""

from __future__ import annotations

import gc

from babel import Locale
from flask import Flask
from flask_babel import force_locale, get_translations
from jinja2 import Environment, meta
from sqlalchemy.orm import configure_mappers

from .lazy_views import LAZY_AREAS


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
    for name in page_templates(app.jinja_env):
        app.jinja_env.get_template(name)
        gc.collect(0)
    with app.test_request_context():
        for language in app.config["LANGUAGES"]:
            Locale.parse(language)
            with force_locale(language):
                get_translations()


def page_templates(env: Environment) -> list[str]:
    """The templates of the areas loaded at start and every template they include,
    import or extend: not those of the areas whose views load on first use
    (:data:`~wardtasks.lazy_views.LAZY_AREAS`), which compile where they are first
    rendered, as their views load. Measured on the demo ward (bench/memory.py, 4
    workers, 3 runs each): a page-serving worker's RSS 60.0 → 59.1 MB on average, the
    whole server's PSS 168.0 → 165.2 MB (bench/results/2026-12-08-memory2.md)."""
    lazy = tuple(f"{area}/" for area in LAZY_AREAS)
    names = env.list_templates(filter_func=_is_template)
    todo = [name for name in names if not name.startswith(lazy)]
    chosen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in chosen:
            continue
        chosen.add(name)
        assert env.loader is not None  # noqa: S101 - the app's loader
        source, _filename, _uptodate = env.loader.get_source(env, name)
        todo.extend(ref for ref in meta.find_referenced_templates(env.parse(source)) if ref)
    return sorted(chosen)


def _is_template(name: str) -> bool:
    # .txt: the plain text of the e-mail digest (notices/digest.txt)
    return name.endswith((".html", ".txt"))
