"""No page, file or photo with personal data is kept where it should not be.

Every answer of every route of the URL map (as a role that may use it and anonymously,
with and without htmx) says ``Cache-Control: no-store``, or ``private, no-cache`` with a
validator where a 304 saves the download (the pages answered conditionally, photos).
Evidence photos were sent ``max-age=300, private``: a browser showed a photo for five
minutes after the user lost the right to see it, without asking.
"""

from __future__ import annotations

from typing import Any

import pytest

from .factories import Ward
from .route_catalogue import BY_KEY
from .test_permissions import SETUP
from .test_redirects import _client, _roles

KEPT_PRIVATELY = "private, no-cache"


def check(response: Any, where: str) -> None:
    """The answer's caching is one of the two allowed, with a validator when kept."""
    header = response.headers.get("Cache-Control")
    if header == KEPT_PRIVATELY:
        assert response.headers.get("ETag"), f"{where}: kept without a validator"
    else:
        assert header == "no-store", f"{where}: Cache-Control {header!r}"


@pytest.mark.parametrize("key", sorted(BY_KEY), ids="{0[0]}-{0[1]}".format)
def test_every_answer_of_every_route_is_private(app, ward: Ward, key: tuple[str, str]) -> None:
    endpoint, method = key
    route = BY_KEY[key]
    if endpoint in SETUP:
        SETUP[endpoint](app, ward)
    path = route.path(app, ward)
    query = {name: good(ward)[0] for name, good in route.query.items()}
    for role in (_roles(endpoint)[0], "anonymous"):
        client = _client(app, role)
        for htmx in (False, True):
            if endpoint == "auth.logout":
                client = _client(app, role)
            headers = {"HX-Request": "true"} if htmx else {}
            form = route.writes(app, ward) if route.writes else None
            response = client.open(
                path, method=method, query_string=query, data=form, headers=headers
            )
            response.close()
            where = f"{method} {path} as {role}, htmx={htmx}: {response.status_code}"
            check(response, where)
            tag = response.headers.get("ETag")
            if method == "GET" and response.status_code == 200 and tag:
                # Asked again with its validator (once the session holds its form token).
                for _ in range(2):
                    again = client.get(
                        path, query_string=query, headers={**headers, "If-None-Match": tag}
                    )
                    again.close()
                    tag = again.headers.get("ETag")
                assert again.status_code == 304, where
                check(again, f"{where} (304)")
