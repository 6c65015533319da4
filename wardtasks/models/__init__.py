"""The domain model: structure of the ward, users, plans and their progress."""

from __future__ import annotations

from .audit import AuditEntry
from .login import LoginPlace
from .photo import EvidencePhoto
from .plan import (
    ASSIGNMENT_STATUSES,
    PLAN_STATES,
    Assignment,
    AssignmentMonth,
    Plan,
    StatusUpdate,
    Task,
)
from .report import MonthClose, WardSetting
from .structure import Block, Branch, Organisation
from .user import ROLES, User
from .version import DataVersion
from .yearend import CLOSE_OUTCOMES, CarriedAssignment, CarriedTask, PlanClosure

__all__ = [
    "ASSIGNMENT_STATUSES",
    "CLOSE_OUTCOMES",
    "CarriedAssignment",
    "CarriedTask",
    "PlanClosure",
    "PLAN_STATES",
    "ROLES",
    "Assignment",
    "AssignmentMonth",
    "AuditEntry",
    "Block",
    "EvidencePhoto",
    "Branch",
    "DataVersion",
    "LoginPlace",
    "MonthClose",
    "Organisation",
    "Plan",
    "StatusUpdate",
    "Task",
    "User",
    "WardSetting",
]
