"""A refusal no view shows next to a field: the error page of its kind, in the user's language."""

from __future__ import annotations

import pytest
from flask_babel import lazy_gettext as _l

from wardtasks.refusals import Conflict, Invalid, NotAllowed, Refused

from .factories import PASSWORD, USERNAMES

REFUSALS = {
    "invalid": (Invalid(_l("Choose how to distribute the tasks.")), 422),
    "conflict": (Conflict(_l("Choose how to distribute the tasks.")), 409),
    "not-allowed": (NotAllowed(), 403),
}


@pytest.fixture
def refusing_app(app):
    """The app with a route raising each kind of refusal (as a service would)."""

    def refuse(kind: str) -> str:
        raise REFUSALS[kind][0]

    app.add_url_rule("/test-refusal/<kind>", view_func=refuse)
    return app


@pytest.mark.parametrize("kind", sorted(REFUSALS))
@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.own_app  # adds a route
def test_an_uncaught_refusal_answers_its_status_and_message(
    refusing_app, ward, kind: str, htmx: bool
) -> None:
    client = refusing_app.test_client()
    client.post("/login", data={"username": USERNAMES["secretariat"], "password": PASSWORD})
    response = client.get(f"/test-refusal/{kind}", headers={"HX-Request": "true"} if htmx else {})
    refusal, status = REFUSALS[kind]
    page = response.get_data(as_text=True)
    assert response.status_code == status == refusal.status
    if isinstance(refusal, NotAllowed):
        assert "Không được phép" in page
    else:
        assert "Hãy chọn cách giao nhiệm vụ." in page
    # A fragment for htmx (swapped into the page), the whole page otherwise.
    assert ("<html" in page) is not htmx


def test_service_refusals_share_one_base() -> None:
    """Views catch :class:`Refused`: every service's own refusal is one."""
    from wardtasks.admin.services import AdminError
    from wardtasks.backup import BackupError
    from wardtasks.plans.importing import ImportInputError
    from wardtasks.plans.preview import DraftInvalid
    from wardtasks.reports.closing import ReportError
    from wardtasks.tasks.services import NotAllowed as UpdateNotAllowed
    from wardtasks.tasks.services import NothingToSave, StaleVersion

    for cls in (AdminError, BackupError, ImportInputError, DraftInvalid, ReportError):
        assert issubclass(cls, Refused), cls
    assert issubclass(UpdateNotAllowed, NotAllowed) and UpdateNotAllowed.status == 403
    assert issubclass(NothingToSave, Invalid) and NothingToSave.status == 422
    assert issubclass(StaleVersion, Conflict) and StaleVersion.status == 409
