"""The domain model: structure of the ward, users, plans and their progress."""

from __future__ import annotations

from .plan import (
    ASSIGNMENT_STATUSES,
    PLAN_STATES,
    Assignment,
    Plan,
    StatusUpdate,
    Task,
)
from .structure import Block, Branch, Organisation
from .user import ROLES, User

__all__ = [
    "ASSIGNMENT_STATUSES",
    "PLAN_STATES",
    "ROLES",
    "Assignment",
    "Block",
    "Branch",
    "Organisation",
    "Plan",
    "StatusUpdate",
    "Task",
    "User",
]
