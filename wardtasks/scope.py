"""What a page, a counter or a report is about: the ward, an organisation, a branch …"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select, true

from .inputs import whole_number
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
        if kind != "ward" and kind in kinds and (id_ := whole_number(number)) is not None:
            return cls(kind, id_)
        return None

    def clause(self, value: Any = None) -> ColumnElement[bool]:
        """SQL restricting Assignment rows to the scope; ``value``, a bound parameter,
        stands for the id in a statement built once for every scope of this kind."""
        id_ = self.id if value is None else value
        if self.kind == "org":
            return Assignment.organisation_id == id_
        if self.kind == "branch":
            return Assignment.branch_id == id_
        if self.kind == "block":
            return Assignment.branch_id.in_(select(Branch.id).where(Branch.block_id == id_))
        if self.kind == "task":
            return Assignment.task_id == id_
        return true()

    def contains(
        self,
        org_id: int | None,
        branch_id: int | None,
        block_id: int | None,
        task_id: int | None = None,
    ) -> bool:
        """Python form of :meth:`clause`, for an assignment already read (a report's
        snapshot row) given its organisation, branch, the branch's block and its task."""
        if self.kind == "org":
            return org_id == self.id
        if self.kind == "branch":
            return branch_id == self.id
        if self.kind == "block":
            return block_id is not None and block_id == self.id
        if self.kind == "task":
            return task_id is not None and task_id == self.id
        return True
