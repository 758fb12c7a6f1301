"""G4: gradient descent on a parabola f(x) = a x^2 + b x + c: which step size lands in the
minimum in one step (eta = 1/(2a), whatever x0 is), a numeric instance, and what the doubled
step 1/a does (it jumps to the mirror point 2 x* - x0 and back to x0: x2 = x0).

Every answer is exact (integers or fractions with denominators up to 10, printed as fractions,
as the step 1/(2a) itself); nothing is rounded."""

from __future__ import annotations

import sympy as sp

from generator.problems.base import Answer, Family

from .check import verify

A_VALUES = ("0.5", "1", "1.5", "2", "2.5", "3", "4", "5")
B_RANGE = (-8, 8)
C_RANGE = (-5, 5)
X0_RANGE = (-4, 4)
MAX_DENOMINATOR = 10
ETA_FORMULA = r"\frac{1}{2a}"


def sample(rng, options) -> dict:
    return {
        "a": float(rng.choice(A_VALUES)),
        "b": int(rng.integers(B_RANGE[0], B_RANGE[1] + 1)),
        "c": int(rng.integers(C_RANGE[0], C_RANGE[1] + 1)),
        "x0": int(rng.integers(X0_RANGE[0], X0_RANGE[1] + 1)),
    }


def _q(value) -> sp.Rational:
    return sp.Rational(repr(value)) if isinstance(value, float) else sp.Rational(value)


def solve(params) -> dict:
    """Exact rational arithmetic: f'(x) = 2 a x + b, x* = -b / (2a), eta = 1 / (2a)."""
    a, b, c, x0 = (_q(params[k]) for k in ("a", "b", "c", "x0"))

    def f(x):
        return a * x**2 + b * x + c

    def df(x):
        return 2 * a * x + b

    x_star = -b / (2 * a)
    grad0 = df(x0)
    eta = 1 / (2 * a)
    x1_double = x0 - 2 * eta * grad0
    return {
        "f0": f(x0), "grad0": grad0, "eta": eta, "x1": x0 - eta * grad0,
        "x_star": x_star, "f_min": f(x_star), "x1_double": x1_double,
        "f_double": f(x1_double), "two_a": 2 * a,
        "x2_double": x1_double - 2 * eta * df(x1_double),
    }


def accept(params, solution) -> bool:
    """x0 is not the minimum (so no step is zero and the mirror point differs from x0); x*,
    f(x*), eta, the mirror point and f(x0) have denominators up to 10; |f(x*)| <= 40, |x*| <= 6."""
    if solution["grad0"] == 0:
        return False
    values = [solution[k] for k in ("x_star", "f_min", "eta", "x1_double", "f0")]
    if any(sp.Rational(v).q > MAX_DENOMINATOR for v in values):
        return False
    return abs(solution["f_min"]) <= 40 and abs(solution["x_star"]) <= 6


def answers(params, solution) -> list[Answer]:
    return [
        Answer("eta_formula", "text", ETA_FORMULA, {"ru": r"$\eta$", "en": r"$\eta$"}, item=1),
        Answer("grad0", "number", solution["grad0"], {"ru": "$f'(x_0)$", "en": "$f'(x_0)$"}, item=2),
        Answer("eta", "number", solution["eta"], {"ru": r"$\eta$", "en": r"$\eta$"}, item=2),
        Answer("x1", "number", solution["x1"], {"ru": r"$x_1 = x^*$", "en": r"$x_1 = x^*$"}, item=2),
        Answer("f_min", "number", solution["f_min"], {"ru": r"$f(x_1)$", "en": r"$f(x_1)$"}, item=2),
        Answer("x1_double", "number", solution["x1_double"], {"ru": "$x_1$", "en": "$x_1$"}, item=3),
        Answer("x2_double", "number", solution["x2_double"], {"ru": "$x_2$", "en": "$x_2$"}, item=3),
    ]


FAMILY = Family(
    id="G4",
    title={"ru": "Парабола за один шаг", "en": "A parabola in one step"},
    summary="f = a x^2 + b x + c: the step eta = 1/(2a) lands in the minimum in one GD step",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
)
