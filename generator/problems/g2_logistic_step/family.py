"""G2: one gradient-descent step of a one-parameter logistic regression.

z = w x, p = sigma(z), logloss = -[y ln p + (1 - y) ln(1 - p)], d logloss / dw = (p - y) x.
Rounding rule stated in the problem, followed literally here: p is computed without intermediate
rounding and rounded half away from zero to 4 decimals; the derivative (p - y) x and the step are
computed from that shown p (the derivative is then exact); w1 is rounded to 4 decimals.
The learning rate is eta, as everywhere on the gradient-descent sheets.
"""

from __future__ import annotations

import sympy as sp

from generator.mathtex import rounded
from generator.problems.base import Answer, Family

from .check import verify

X_VALUES = (-5, -4, -3, -2, -1, 1, 2, 3, 4, 5)
W0_VALUES = ("-1.5", "-1", "-0.8", "-0.5", "-0.4", "-0.2", "0.2", "0.3", "0.4", "0.5", "0.8", "1",
             "1.5", "2")
ETAS = ("0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1")
MAX_ABS_Z = 4  # p stays in (0.018, 0.982): no saturated sigmoid
PLACES = 4
FORMULA = r"(p - y)\,x"


def sample(rng, options) -> dict:
    return {
        "x": int(rng.choice(X_VALUES)),
        "y": int(rng.integers(0, 2)),
        "w0": float(rng.choice(W0_VALUES)),
        "eta": float(rng.choice(ETAS)),
    }


def _q(value) -> sp.Rational:
    return sp.Rational(repr(value)) if isinstance(value, float) else sp.Rational(value)


def _shown(value) -> sp.Rational:
    return sp.Rational(str(rounded(value, PLACES)))


def solve(params) -> dict:
    x, y = sp.Integer(params["x"]), sp.Integer(params["y"])
    w0, eta = _q(params["w0"]), _q(params["eta"])
    z = w0 * x
    p_exact = 1 / (1 + sp.exp(-z))
    p = _shown(p_exact)
    grad = (p - y) * x  # exact from the shown p (at most 4 decimals times an integer)
    w1_exact = w0 - eta * grad
    return {"z": z, "p_exact": p_exact, "p": p, "grad": grad, "w1_exact": w1_exact,
            "w1": _shown(w1_exact), "diff": p - y}


def accept(params, solution) -> bool:
    """z != 0 (p = 1/2 is too easy), |z| <= 4 (no saturated sigmoid), and a step that moves w
    visibly at 4 decimals (at least 0.001) without being absurd (at most 3)."""
    z = solution["z"]
    if z == 0 or abs(z) > MAX_ABS_Z:
        return False
    step = abs(solution["w1"] - _q(params["w0"]))
    return sp.Rational(1, 1000) <= step <= 3


def answers(params, solution) -> list[Answer]:
    """p and w1 carry their values before rounding, so the key prints the shown digits with all
    four places (0.9820, not 0.982); the derivative from the shown p is exact."""
    derivative = r"$\partial\, \mathrm{logloss} / \partial w$"
    return [
        Answer("formula", "text", FORMULA, {"ru": derivative, "en": derivative}, item=1),
        Answer("p", "number", solution["p_exact"], {"ru": r"$p$", "en": r"$p$"}, places=PLACES,
               item=2),
        Answer("grad", "number", solution["grad"],
               {"ru": r"$\partial\, \mathrm{logloss} / \partial w\,(w_0)$",
                "en": r"$\partial\, \mathrm{logloss} / \partial w\,(w_0)$"},
               places=PLACES, item=2),
        Answer("w1", "number", solution["w1_exact"], {"ru": "$w_1$", "en": "$w_1$"}, places=PLACES,
               item=2),
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
