"""How a service says "no": one small hierarchy of exceptions, nothing written.

A service raises a :class:`Refused` subclass carrying a message for the user (a
lazy gettext string, in the user's language when shown) and, when the refusal is
about one form field, that field's name. Views catch :class:`Refused` and show the
message next to the field (:func:`wardtasks.web.show_refusal`); a refusal no view
catches is answered by the error handler with the status of its class (403, 422
or 409) and its message (see :mod:`wardtasks.errors`).

Services keep their own names for their refusals (``tasks.services.StaleVersion``,
``admin.services.AdminError`` …), each a subclass of one of these.
"""

from __future__ import annotations

from typing import Any, ClassVar


class Refused(Exception):
    """An action a service declined for a reason the user can act on."""

    status: ClassVar[int] = 422

    def __init__(self, message: Any = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message  # None: the generic text of the status
        self.field = field


class NotAllowed(Refused):
    """The user may not do this (403)."""

    status = 403


class Invalid(Refused, ValueError):
    """What was typed or sent cannot be used; the message says what to change (422).

    Also a ValueError, which the services' invalid-input errors were before.
    """

    status = 422


class Conflict(Refused):
    """The data changed meanwhile, or already is as asked (409)."""

    status = 409
