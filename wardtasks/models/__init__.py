"""The domain model: structure of the ward, users, plans and their progress."""

from __future__ import annotations

from .audit import AuditEntry
from .cycle import REPORT_STATES, REPORT_TEXTS, PeriodicReport, ReportSubmission
from .login import LoginPlace
from .notice import DigestRun, Notice, NoticeDue
from .photo import EvidencePhoto, TaskNotePhoto
from .plan import (
    ASSIGNMENT_STATUSES,
    PLAN_STATES,
    Assignment,
    AssignmentMonth,
    Plan,
    StatusUpdate,
    Task,
    TaskNote,
    TaskSupporter,
)
from .report import MonthClose, WardSetting
from .structure import Block, Branch, Organisation
from .target import TARGET_DIRECTIONS, EmulationClose, Target
from .user import ROLES, User
from .version import DataVersion
from .yearend import CLOSE_OUTCOMES, CarriedAssignment, CarriedTask, PlanClosure

__all__ = [
    "ASSIGNMENT_STATUSES",
    "CLOSE_OUTCOMES",
    "CarriedAssignment",
    "CarriedTask",
    "EmulationClose",
    "TARGET_DIRECTIONS",
    "Target",
    "PlanClosure",
    "PLAN_STATES",
    "REPORT_STATES",
    "REPORT_TEXTS",
    "PeriodicReport",
    "ReportSubmission",
    "ROLES",
    "Assignment",
    "AssignmentMonth",
    "AuditEntry",
    "Block",
    "EvidencePhoto",
    "Branch",
    "DataVersion",
    "DigestRun",
    "LoginPlace",
    "MonthClose",
    "Notice",
    "NoticeDue",
    "Organisation",
    "Plan",
    "StatusUpdate",
    "Task",
    "TaskNote",
    "TaskNotePhoto",
    "TaskSupporter",
    "User",
    "WardSetting",
]
