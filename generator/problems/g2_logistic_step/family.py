"""G2: one gradient-descent step of a one-parameter logistic regression.

z = w x, p = sigma(z), logloss = -[y ln p + (1 - y) ln(1 - p)], d logloss / dw = (p - y) x.
Rule stated in the problem: p is rounded to 4 decimals and the rest is computed from the shown p;
w1 is rounded to 4 decimals.
"""

from __future__ import annotations

import sympy as sp

from generator.mathtex import rounded
from generator.problems.base import Answer, Family

from .check import verify

X_VALUES = (-5, -4, -3, -2, -1, 1, 2, 3, 4, 5)
W0_VALUES = ("-1.5", "-1", "-0.8", "-0.5", "-0.4", "-0.2", "0.2", "0.3", "0.4", "0.5", "0.8", "1",
             "1.5", "2")
GAMMAS = ("0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1")
MAX_ABS_Z = 4  # p stays in (0.018, 0.982): no saturated sigmoid
PLACES = 4


def sample(rng, options) -> dict:
    return {
        "x": int(rng.choice(X_VALUES)),
        "y": int(rng.integers(0, 2)),
        "w0": float(rng.choice(W0_VALUES)),
        "gamma": float(rng.choice(GAMMAS)),
    }


def _q(value) -> sp.Rational:
    return sp.Rational(repr(value)) if isinstance(value, float) else sp.Rational(value)


def _shown(value) -> sp.Rational:
    return sp.Rational(str(rounded(value, PLACES)))


def solve(params) -> dict:
    x, y = sp.Integer(params["x"]), sp.Integer(params["y"])
    w0, gamma = _q(params["w0"]), _q(params["gamma"])
    z = w0 * x
    p_exact = 1 / (1 + sp.exp(-z))
    p = _shown(p_exact)
    grad = (p - y) * x  # exact from the shown p (at most 4 decimals times an integer)
    w1_exact = w0 - gamma * grad
    return {"z": z, "p_exact": p_exact, "p": p, "grad": grad, "w1_exact": w1_exact,
            "w1": _shown(w1_exact), "diff": p - y}


def accept(params, solution) -> bool:
    z = solution["z"]
    if z == 0 or abs(z) > MAX_ABS_Z:
        return False  # p = 1/2 is too easy; |z| > 4 saturates the sigmoid
    # the step must move w visibly at 4 decimals and not be absurdly large
    step = abs(solution["w1"] - _q(params["w0"]))
    return sp.Rational(1, 1000) <= step <= 3


def answers(params, solution) -> list[Answer]:
    return [
        Answer("p", "number", solution["p"],
               {"ru": r"$p = \sigma(w_0 x)$", "en": r"$p = \sigma(w_0 x)$"}, places=PLACES),
        Answer("grad", "number", solution["grad"],
               {"ru": r"$\frac{\partial\, \mathrm{logloss}}{\partial w}(w_0) = (p - y)\,x$",
                "en": r"$\frac{\partial\, \mathrm{logloss}}{\partial w}(w_0) = (p - y)\,x$"},
               places=PLACES),
        Answer("w1", "number", solution["w1"], {"ru": "$w_1$", "en": "$w_1$"}, places=PLACES),
    ]


FAMILY = Family(
    id="G2",
    title={"ru": "Шаг логистической регрессии", "en": "One step of logistic regression"},
    summary="logistic regression z = w x, logloss: derivative (p - y) x and one GD step",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
)
