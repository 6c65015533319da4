"""Speed plumbing: compression (Flask-Compress), versioned long-lived static files,
opt-in query counts."""

from __future__ import annotations

import gzip
import re
from typing import Any

import pytest
from flask import Flask

from .factories import Ward


def test_full_pages_are_gzipped_for_clients_that_accept_it(
    client: Any, auth: Any, ward: Ward
) -> None:
    auth.login("vanphong")
    plain = client.get("/ward")
    assert "Content-Encoding" not in plain.headers
    zipped = client.get("/ward", headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    # The same page, but for the CSRF token (signed with a timestamp).
    token = re.compile(rb'(csrf_token" value="|X-CSRFToken&#34;: &#34;|"X-CSRFToken": ")[^"&]+')
    assert token.sub(b"", gzip.decompress(zipped.data)) == token.sub(b"", plain.data)
    assert len(zipped.data) < len(plain.data) / 2


def test_htmx_arrives_gzipped_to_clients_that_accept_it(client: Any) -> None:
    page = client.get("/login").get_data(as_text=True)
    url = next(u for u in re.findall(r'src="(/static/[^"]+)"', page) if "htmx" in u)
    plain = client.get(url)
    assert "Content-Encoding" not in plain.headers
    source = plain.data
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.data) == source
    assert len(zipped.data) < len(source) / 2
    # Its ETag (with the compression's suffix) still answers 304 when unchanged.
    again = client.get(
        url, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]}
    )
    assert again.status_code == 304
    for response in (plain, zipped, again):
        response.close()


@pytest.mark.own_app  # adds a route
def test_small_bodies_are_not_compressed(app: Flask) -> None:
    @app.route("/_tiny")
    def tiny() -> str:
        return "<p>ok</p>"

    response = app.test_client().get("/_tiny", headers={"Accept-Encoding": "gzip"})
    assert response.data == b"<p>ok</p>"
    assert "Content-Encoding" not in response.headers


def test_a_compressed_page_answers_304_to_its_own_etag(client: Any, auth: Any, ward: Ward) -> None:
    """Compression gives a compressed body's ETag a suffix (``"<tag>:gzip"``): the
    browser sends that one back, and it still names the unchanged page."""
    auth.login("vanphong")
    client.get("/ward")
    gz = {"Accept-Encoding": "gzip"}
    zipped = client.get("/ward", headers=gz)
    assert zipped.headers["Content-Encoding"] == "gzip"
    tag = zipped.headers["ETag"]
    assert tag.endswith(':gzip"')
    again = client.get("/ward", headers={**gz, "If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""


def test_static_urls_carry_a_content_hash_and_are_cached_long(client: Any) -> None:
    page = client.get("/login").get_data(as_text=True)
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert urls and all(re.search(r"\?v=[0-9a-f]{12}$", u) for u in urls), urls
    css_url = next(u for u in urls if "app.css" in u)
    response = client.get(css_url)
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    response.close()
    unversioned = client.get("/static/css/app.css")
    assert "immutable" not in unversioned.headers.get("Cache-Control", "")
    unversioned.close()


def test_query_count_header_only_when_asked(client: Any) -> None:
    assert "X-Query-Count" not in client.get("/login").headers


def test_the_session_cookie_is_not_rewritten_on_every_page(
    client: Any, auth: Any, ward: Ward
) -> None:
    """Signing and sending the cookie again on every response costs each request; it is
    rewritten when the session changes (the last-seen time, at most every 30 s)."""
    auth.login("vanphong")
    first = client.get("/ward")
    assert first.status_code == 200
    again = client.get("/ward")
    assert again.status_code == 200
    assert "Set-Cookie" not in again.headers
    # Still logged in on the next page, with the same cookie.
    assert client.get(f"/tasks/{ward.task_a}").status_code == 200
