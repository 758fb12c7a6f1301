"""Frozen data that flows through a build: sheet specs, the course schedule, variants."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SHEET_KINDS = ("practice", "quiz", "test")


@dataclass(frozen=True)
class Slot:
    """One problem position in a sheet: a family, or a pool of families of which `choose` are drawn."""

    id: str
    families: tuple[str, ...]
    choose: int = 1
    points: int | None = None
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_pool(self) -> bool:
        return len(self.families) > 1


@dataclass(frozen=True)
class SheetSpec:
    id: str
    title: Mapping[str, str]
    kind: str
    seed: int
    slots: tuple[Slot, ...]
    source: Path
    minutes: int | None = None
    intro: Mapping[str, str] = field(default_factory=dict)

    @property
    def graded(self) -> bool:
        """Tests and quizzes carry a name/group line and points."""
        return self.kind in ("quiz", "test")


@dataclass(frozen=True)
class Week:
    number: int
    topic: Mapping[str, str]
    sheets: tuple[str, ...]


@dataclass(frozen=True)
class Course:
    title: Mapping[str, str]
    weeks: tuple[Week, ...]
    sheets: Mapping[str, SheetSpec]

    def week(self, number: int) -> Week | None:
        return next((w for w in self.weeks if w.number == number), None)

    def week_of(self, sheet_id: str) -> int | None:
        """The one week scheduling the sheet (config allows at most one), None if unscheduled."""
        return next((w.number for w in self.weeks if sheet_id in w.sheets), None)


@dataclass(frozen=True)
class Problem:
    """One drawn problem in one variant: the slot, the family's Drawn result, its seed."""

    slot_id: str
    points: int | None
    drawn: Any  # generator.problems.base.Drawn


@dataclass(frozen=True)
class Variant:
    number: int
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class SheetInstance:
    spec: SheetSpec
    variants: tuple[Variant, ...]
    seed: int
    lang: str
