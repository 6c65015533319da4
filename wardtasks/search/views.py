"""The search page (``/search?q=…``): tasks, notes and branches the user may see that
hold every word typed, the phrase first, then by relevance, each with its matched words
highlighted."""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import login_required
from werkzeug.wrappers import Response

from ..web import render_page
from .query import MAX_CHARS, MAX_WORDS, Terms, search

bp = Blueprint("search", __name__)


@bp.route("/search")
@login_required
def page() -> Response:
    """Search whatever the user may read; an empty or wordless query asks for words."""
    query = " ".join((request.args.get("q") or "").split())
    terms = Terms.read(query)
    results = search(terms)
    return render_page(
        "search/page.html",
        query=query[:MAX_CHARS],
        typed=bool(query),
        results=results,
        max_words=MAX_WORDS,
        max_chars=MAX_CHARS,
    )
