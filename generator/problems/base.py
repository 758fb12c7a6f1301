"""The contract every problem family fulfils, and the loop that draws one good variant of it.

A family lives in its own folder `generator/problems/<folder>/` with
  family.py   -- defines FAMILY = Family(...) built from pure functions (see `Family`);
  check.py    -- `verify(params, values) -> list[str]`: re-derives every numeric answer by an
                 independent route (plain numpy, finite differences); imports neither sympy nor
                 family.py; an empty list means every answer agrees;
  statement.ru.tex.j2, statement.en.tex.j2, solution.ru.tex.j2, solution.en.tex.j2.
Nothing else has to be registered: `generator.problems.registry` discovers the folders.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from generator.errors import SheetgenError

ANSWER_KINDS = ("number", "vector", "matrix", "expression", "text", "choice")
MAX_TRIES = 2000


@dataclass(frozen=True)
class Option:
    """One option a sheet file may set for a family: its default and the allowed values."""

    default: Any
    choices: tuple = ()
    help: str = ""

    def validate(self, name: str, value: Any) -> Any:
        if self.choices and value not in self.choices:
            allowed = ", ".join(map(str, self.choices))
            raise SheetgenError(f"option {name}={value!r} is not one of: {allowed}")
        return value


@dataclass(frozen=True)
class Answer:
    r"""One named part of the machine key.

    value: a sympy number (Integer, Rational, Float), a sympy Matrix (vectors are n x 1),
    a sympy expression, or a str for text/choice answers.
    places: None prints exact values (fractions); an int prints decimals rounded to that many places.
    label: how the part is named in the key, per language ({"ru": ..., "en": ...}); LaTeX math allowed.
    item: the statement's sub-item (1 = а)/a), 2 = б)/b), ...) the answer belongs to, or None when
        the statement has no lettered items. The key prints the letter before the label, from the
        same alphabet as the statement's `\item[((( 1 | item )))]`, so the two always agree.
    """

    name: str
    kind: str
    value: Any
    label: Mapping[str, str]
    places: int | None = None
    item: int | None = None

    def __post_init__(self):
        if self.kind not in ANSWER_KINDS:
            raise ValueError(f"answer {self.name}: unknown kind {self.kind!r}")


@dataclass(frozen=True)
class Family:
    """A problem family: metadata plus pure functions.

    sample(rng, options) -> params: plain JSON data (ints, short decimals as floats or strings,
        lists, strings), already in the form shown to students.
    solve(params) -> solution: a dict of sympy values (exact where possible); no LaTeX.
    accept(params, solution) -> bool: the hand-friendliness rule.
    answers(params, solution) -> list[Answer]: the machine key.
    figures(params, solution) -> dict of diagram models (optional).
    verify(params, values) -> list[str]: the independent check from check.py, where values maps
        answer name -> plain JSON value (as in key.json).
    """

    id: str
    title: Mapping[str, str]
    summary: str
    sample: Callable[[np.random.Generator, Mapping[str, Any]], dict]
    solve: Callable[[dict], dict]
    answers: Callable[[dict, dict], list]
    verify: Callable[[dict, dict], list]
    accept: Callable[[dict, dict], bool] = lambda params, solution: True
    figures: Callable[[dict, dict], dict] = lambda params, solution: {}
    options: Mapping[str, Option] = field(default_factory=dict)
    folder: str = ""

    def resolve_options(self, given: Mapping[str, Any]) -> dict:
        """Defaults overlaid with the sheet's options; unknown names are errors."""
        unknown = sorted(set(given) - set(self.options))
        if unknown:
            known = ", ".join(sorted(self.options)) or "none"
            raise SheetgenError(
                f"family {self.id} has no option {unknown[0]!r} (options: {known})"
            )
        resolved = {name: opt.default for name, opt in self.options.items()}
        for name, value in given.items():
            resolved[name] = self.options[name].validate(name, value)
        return resolved


@dataclass(frozen=True)
class Drawn:
    """One accepted variant of a family: what generate() returns."""

    family: Family
    seed: int
    options: dict
    params: dict
    solution: dict
    answers: tuple
    figures: dict
    rejected: int


def generate(family: Family, seed: int, options: Mapping[str, Any] | None = None) -> Drawn:
    """Draw params from one rng seeded by `seed` until `accept` holds (bounded)."""
    resolved = family.resolve_options(options or {})
    rng = np.random.default_rng(seed)
    for attempt in range(MAX_TRIES):
        params = family.sample(rng, resolved)
        solution = family.solve(params)
        if family.accept(params, solution):
            answers = tuple(family.answers(params, solution))
            figures = family.figures(params, solution)
            return Drawn(family, seed, resolved, params, solution, answers, figures, attempt)
    raise SheetgenError(
        f"family {family.id}: no acceptable variant in {MAX_TRIES} draws for seed {seed}"
    )
