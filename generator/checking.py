"""Stress test of a family over many seeds: every answer re-derived by the family's independent
check (check.py), plus counts of distinct and rejected draws. Used by `sheetgen check` and tests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from generator import mathtex
from generator.errors import SheetgenError
from generator.problems import base


@dataclass
class CheckResult:
    family: str
    seeds: int
    distinct: int = 0
    rejected: int = 0
    failures: list = field(default_factory=list)

    def summary(self) -> str:
        status = "ok" if not self.failures else f"{len(self.failures)} FAILED"
        rate = self.rejected / (self.rejected + self.seeds)
        return (
            f"{self.family}: {status}; {self.seeds} seeds, {self.distinct} distinct variants, "
            f"rejected draws {self.rejected} ({rate:.0%})"
        )


def answer_values(drawn) -> dict:
    """Answer name -> plain JSON value, exactly as key.json holds it."""
    return {a.name: mathtex.plain(a.value, a.places) for a in drawn.answers}


def check_family(family, seeds: int) -> CheckResult:
    result = CheckResult(family.id, seeds)
    fingerprints = set()
    for seed in range(seeds):
        try:
            drawn = base.generate(family, seed)
        except SheetgenError as err:
            result.failures.append(f"seed {seed}: {err}")
            continue
        result.rejected += drawn.rejected
        fingerprints.add(json.dumps(drawn.params, sort_keys=True))
        for problem in family.verify(drawn.params, answer_values(drawn)):
            result.failures.append(f"seed {seed}: {problem}")
    result.distinct = len(fingerprints)
    return result
