"""The route catalogue names everything the app reads from a request: its routes, their query
parameters and form fields (``tests/route_catalogue.py``, which the fuzz pass and the tests
of every writer use). A new route, parameter or form field without an entry fails here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import zip_longest
from typing import Any

import pytest
from flask import has_request_context, request
from werkzeug.datastructures import MultiDict

from .route_catalogue import ARGUMENTS, BY_KEY, Route
from .test_permissions import SETUP
from .test_redirects import _client, _roles, _rules

_READERS = ("get", "getlist", "__getitem__", "__contains__")


class _ReadDict(dict):  # type: ignore[type-arg]
    """What ``request.form.to_dict()`` gives, noting the keys asked of it."""

    seen: set[str]

    def get(self, key: Any, default: Any = None) -> Any:
        self.seen.add(key)
        return super().get(key, default)

    def __getitem__(self, key: Any) -> Any:
        self.seen.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self.seen.add(str(key))
        return super().__contains__(key)


@contextmanager
def names_read() -> Iterator[set[str]]:
    """The names a request's views ask of its query string, form and files."""
    seen: set[str] = set()
    saved = {name: MultiDict.__dict__.get(name) for name in (*_READERS, "to_dict")}

    def of_request(mapping: object) -> bool:
        return has_request_context() and any(
            mapping is part for part in (request.args, request.form, request.files)
        )

    def recorder(name: str) -> Any:
        original = getattr(MultiDict, name)

        def read(self: MultiDict, key: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(key, str) and of_request(self):
                seen.add(key)
            return original(self, key, *args, **kwargs)

        return read

    def to_dict(self: MultiDict, flat: bool = True) -> Any:
        plain = saved["to_dict"](self, flat)  # type: ignore[misc]
        if not of_request(self):
            return plain
        noted = _ReadDict(plain)
        noted.seen = seen
        return noted

    for name in _READERS:
        setattr(MultiDict, name, recorder(name))
    MultiDict.to_dict = to_dict  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        for name, original in saved.items():
            if original is None:
                delattr(MultiDict, name)
            else:
                setattr(MultiDict, name, original)


def _shape(name: str) -> str:
    """A name with its numbers as N: ``text-3`` is a ``text-N`` field."""
    return re.sub(r"[0-9]+", "N", name)


def test_every_route_of_the_url_map_is_in_the_catalogue(app) -> None:
    routes = {(endpoint, method) for endpoint, method, _rule in _rules(app)}
    assert routes == set(BY_KEY), routes ^ set(BY_KEY)
    arguments = {a for rule in app.url_map.iter_rules() for a in rule.arguments} - {"filename"}
    assert arguments <= set(ARGUMENTS)


def _requests(route: Route, ward: Any) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    """The route's good values, one request per value of its longest list."""
    query = {name: good(ward) for name, good in route.query.items()}
    form = {name: good(ward) for name, good in route.form.items()}
    columns = [*query.values(), *form.values()] or [[]]
    for n, _ in enumerate(zip_longest(*columns)):
        yield (
            {k: v[n % len(v)] for k, v in query.items()},
            {k: v[n % len(v)] for k, v in form.items()},
        )


@pytest.mark.parametrize("key", sorted(BY_KEY), ids="{0[0]}-{0[1]}".format)
def test_everything_a_route_reads_is_in_the_catalogue(app, ward, key: tuple[str, str]) -> None:
    endpoint, method = key
    route = BY_KEY[key]
    if endpoint in SETUP:
        SETUP[endpoint](app, ward)
    path = route.path(app, ward)
    known = {_shape(n) for n in (*route.query, *route.form, *route.files)}
    client = None
    for query, form in _requests(route, ward):
        for htmx in (False, True):
            if client is None or endpoint == "auth.logout":  # (a changed password: once)
                client = _client(app, _roles(endpoint)[0])
            with names_read() as seen:
                response = client.open(
                    path,
                    method=method,
                    query_string=query,
                    data=form if method == "POST" else None,
                    headers={"HX-Request": "true"} if htmx else {},
                )
                response.close()
            assert response.status_code < 500
            unknown = {_shape(n) for n in seen} - known
            assert not unknown, f"{method} {path} reads {sorted(unknown)}, not in the catalogue"
