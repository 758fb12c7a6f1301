"""G4: gradient descent on a parabola f(x) = a x^2 + b x + c: which step size lands in the
minimum in one step (eta = 1/(2a), whatever x0 is), a numeric instance, and what the doubled
step 1/a does (it jumps to the mirror point 2 x* - x0)."""

from __future__ import annotations

import sympy as sp

from generator.problems.base import Answer, Family

from .check import verify

A_VALUES = ("0.5", "1", "1.5", "2", "2.5", "3", "4", "5")
B_RANGE = (-8, 8)
C_RANGE = (-5, 5)
X0_RANGE = (-4, 4)
MAX_DENOMINATOR = 10


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
    a, b, c, x0 = (_q(params[k]) for k in ("a", "b", "c", "x0"))
    x = sp.Symbol("x")
    f = a * x**2 + b * x + c
    df = sp.diff(f, x)
    x_star = sp.solve(sp.Eq(df, 0), x)[0]
    grad0 = df.subs(x, x0)
    eta = sp.Rational(1, 1) / (2 * a)
    x1 = x0 - eta * grad0
    x1_double = x0 - 2 * eta * grad0
    return {
        "f0": f.subs(x, x0), "grad0": grad0, "eta": eta, "x1": sp.nsimplify(x1),
        "x_star": x_star, "f_min": f.subs(x, x_star), "x1_double": x1_double,
        "f_double": f.subs(x, x1_double), "two_a": 2 * a,
    }


def accept(params, solution) -> bool:
    if solution["grad0"] == 0:
        return False  # x0 is already the minimum
    values = [solution[k] for k in ("x_star", "f_min", "eta", "x1_double", "f0")]
    if any(sp.Rational(v).q > MAX_DENOMINATOR for v in values):
        return False
    return abs(solution["f_min"]) <= 40 and abs(solution["x_star"]) <= 6


def answers(params, solution) -> list[Answer]:
    return [
        Answer("grad0", "number", solution["grad0"], {"ru": "$f'(x_0)$", "en": "$f'(x_0)$"}),
        Answer("eta", "number", solution["eta"],
               {"ru": r"$\eta = \frac{1}{2a}$", "en": r"$\eta = \frac{1}{2a}$"}),
        Answer("x1", "number", solution["x1"],
               {"ru": r"$x_1 = x^*$", "en": r"$x_1 = x^*$"}),
        Answer("f_min", "number", solution["f_min"],
               {"ru": r"$f(x^*)$", "en": r"$f(x^*)$"}),
        Answer("x1_double", "number", solution["x1_double"],
               {"ru": r"$x_1$ при $\eta = \frac{1}{a}$", "en": r"$x_1$ for $\eta = \frac{1}{a}$"}),
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
