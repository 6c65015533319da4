"""What a page, a counter or a report is about: the ward, an organisation, a branch …"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select, true

from .models import Assignment, Branch

ALL_KINDS = ("ward", "org", "branch", "block", "task")


@dataclass(frozen=True)
class Scope:
    """The ward (``id`` None) or one organisation, branch, block or task."""

    kind: str
    id: int | None = None

    @property
    def key(self) -> str:
        """The form carried in URLs and forms: ``ward``, ``org-3``, ``branch-12``."""
        return self.kind if self.id is None else f"{self.kind}-{self.id}"

    @classmethod
    def parse(cls, value: str | None, kinds: Collection[str] = ALL_KINDS) -> Scope | None:
        """Read :attr:`key` back, accepting only ``kinds``; None for anything else."""
        value = (value or "").strip()
        if value == "ward":
            return cls("ward") if "ward" in kinds else None
        kind, _, number = value.partition("-")
        if kind != "ward" and kind in kinds and number.isdigit() and len(number) < 10:
            return cls(kind, int(number))
        return None

    def clause(self) -> ColumnElement[bool]:
        """SQL restricting Assignment rows to the scope."""
        if self.kind == "org":
            return Assignment.organisation_id == self.id
        if self.kind == "branch":
            return Assignment.branch_id == self.id
        if self.kind == "block":
            return Assignment.branch_id.in_(select(Branch.id).where(Branch.block_id == self.id))
        if self.kind == "task":
            return Assignment.task_id == self.id
        return true()
