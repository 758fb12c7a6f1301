"""M3: linear regression L(w) = (y - Xw)^T (y - Xw) through differentials.

dL = -2 (y - Xw)^T X dw, grad L = 2 X^T (Xw - y), the normal equation X^T X w = X^T y, one step of
gradient descent w1 = w0 - eta * 2 X^T (X w0 - y), d^2L = 2 dw^T X^T X dw (Hessian 2 X^T X).

The numeric instance is built backwards so the optimum is exact and short: a small integer residual
e is drawn first, the columns of X are drawn among integer vectors orthogonal to e, then
y = X w* + e with an integer or half-integer w*; since X^T e = 0, w* solves the normal equation.
"""

from __future__ import annotations

import itertools
from functools import cache

import numpy as np
import sympy as sp

from generator.problems.base import Answer, Family, Option

from .check import verify

ENTRY = 5  # entries of X in [-ENTRY, ENTRY]
RESIDUAL = 2  # entries of the residual e in [-RESIDUAL, RESIDUAL]
MAX_Y = 15  # |y_i| <= MAX_Y
MAX_DET = 400  # det(X^T X) small enough to invert by hand
MAX_GRAM = 60  # entries of X^T X
MAX_W0 = 2  # starting point entries in [-MAX_W0, MAX_W0]
# Step sizes that keep w1 = w0 - eta * g0 at <= 3 decimals (g0 = 2 X^T r is always even).
STEPS = ("0.1", "0.05", "0.025", "0.02", "0.01", "0.005", "0.002", "0.001")
# The step must be neither tiny nor overshooting: eta * lambda_max(2 X^T X) in this window.
STEP_WINDOW = (0.2, 1.0)
W1_PLACES = 3
GRAD_FORMULA = r"2 X^T (X w - y)"
W_STAR_FORMULA = r"(X^T X)^{-1} X^T y"
HESSIAN_FORMULA = r"2 X^T X"


@cache
def _grid(n: int) -> np.ndarray:
    """All nonzero integer vectors of length n with entries in [-ENTRY, ENTRY]."""
    grid = np.array(list(itertools.product(range(-ENTRY, ENTRY + 1), repeat=n)), dtype=int)
    return grid[np.abs(grid).sum(axis=1) > 0]


def sample(rng, options) -> dict:
    n = int(rng.integers(3, options["max_rows"] + 1))
    residual = rng.integers(-RESIDUAL, RESIDUAL + 1, size=n)
    while not residual.any():
        residual = rng.integers(-RESIDUAL, RESIDUAL + 1, size=n)
    grid = _grid(n)
    columns = grid[grid @ residual == 0]
    i, j = rng.choice(len(columns), size=2, replace=False)
    X = np.stack([columns[i], columns[j]], axis=1)
    w_star = [sp.Integer(int(v)) for v in rng.integers(-3, 4, size=2)]
    # Half-integer components where X w* stays integer: odd halves a/2, b/2 need a c1 + b c2 even.
    halves = [h for h in ((1, 0), (0, 1), (1, 1)) if not ((h[0] * X[:, 0] + h[1] * X[:, 1]) % 2).any()]
    if halves and rng.random() < 0.5:
        pattern = halves[int(rng.integers(len(halves)))]
        signs = rng.choice((-1, 1), size=2)
        w_star = [w + sp.Rational(int(h * g), 2) for w, h, g in zip(w_star, pattern, signs, strict=True)]
    y = sp.Matrix(X.tolist()) * sp.Matrix(w_star) + sp.Matrix(residual.tolist())
    y_plain = [int(v) if v.is_Integer else str(v) for v in y]  # non-integers get rejected
    w0 = rng.integers(-MAX_W0, MAX_W0 + 1, size=2).tolist()
    gram = X.T @ X
    top = 2 * float(np.linalg.eigvalsh(gram.astype(float))[-1])
    fitting = [s for s in STEPS if STEP_WINDOW[0] <= float(s) * top <= STEP_WINDOW[1]]
    eta = str(rng.choice(fitting)) if fitting else STEPS[-1]
    return {"X": X.tolist(), "y": y_plain, "w0": [int(v) for v in w0], "eta": eta}


def solve(params) -> dict:
    X = sp.Matrix(params["X"])
    y = sp.Matrix([sp.Rational(v) for v in params["y"]])
    w0 = sp.Matrix(params["w0"])
    eta = sp.Rational(params["eta"])
    gram = X.T * X
    moment = X.T * y
    det = gram.det()
    w_star = gram.inv() * moment if det != 0 else None
    r0 = X * w0 - y
    g0 = 2 * X.T * r0
    w1 = w0 - eta * g0
    solution = {
        "gram": gram,
        "moment": moment,
        "det": det,
        "adj": gram.adjugate(),
        "w_star": w_star,
        "r0": r0,
        "g0": g0,
        "step": eta * g0,
        "w1": w1,
        "hessian": 2 * gram,
        "L0": (r0.T * r0)[0],
        "L1": ((X * w1 - y).T * (X * w1 - y))[0],
    }
    if w_star is not None:
        e = y - X * w_star
        solution["residual"] = e
        solution["L_star"] = (e.T * e)[0]
    return solution


def accept(params, solution) -> bool:
    """Integer y in range, invertible and hand-sized X^T X, a short exact w*, a real step."""
    X = np.array(params["X"])
    if not all(isinstance(v, int) and abs(v) <= MAX_Y for v in params["y"]):
        return False
    if solution["w_star"] is None or not 0 < solution["det"] <= MAX_DET:
        return False
    if max(abs(v) for v in solution["gram"]) > MAX_GRAM:
        return False
    if (X == 0).sum() > 2 or any((X[:, k] == 0).all() for k in range(2)):
        return False
    if any(v.q > 2 for v in solution["w_star"]) or solution["L_star"] == 0:
        return False
    if list(solution["w_star"]) == params["w0"]:
        return False
    if any(v == 0 for v in solution["g0"]):  # a zero component would not move
        return False
    eta = float(params["eta"])
    top = float(np.linalg.eigvalsh(np.array(solution["hessian"].tolist(), dtype=float))[-1])
    if not STEP_WINDOW[0] <= eta * top <= STEP_WINDOW[1]:
        return False
    if not solution["L1"] < solution["L0"]:
        return False
    return all((v * 10**W1_PLACES).is_Integer and abs(v) < 10 for v in solution["w1"])


def answers(params, solution) -> list[Answer]:
    # The formulas are the same for every variant; they are kept as LaTeX text in course notation
    # (sympy's matrix-expression printer costs ~7 ms per call, and the key prints text in math mode).
    return [
        Answer("grad_formula", "text", GRAD_FORMULA, {"ru": r"$\nabla_w L$", "en": r"$\nabla_w L$"}),
        Answer(
            "w_star_formula",
            "text",
            W_STAR_FORMULA,
            {"ru": r"$w^*$ (из $X^T X w = X^T y$)", "en": r"$w^*$ (from $X^T X w = X^T y$)"},
        ),
        Answer(
            "hessian_formula",
            "text",
            HESSIAN_FORMULA,
            {"ru": r"гессиан $\nabla^2_w L$", "en": r"Hessian $\nabla^2_w L$"},
        ),
        Answer(
            "grad_w0",
            "vector",
            solution["g0"],
            {"ru": r"$\nabla_w L(w_0)$", "en": r"$\nabla_w L(w_0)$"},
        ),
        Answer("w_star", "vector", solution["w_star"], {"ru": r"$w^*$", "en": r"$w^*$"}),
        Answer(
            "w1",
            "vector",
            solution["w1"],
            {"ru": r"$w_1$ после одного шага", "en": r"$w_1$ after one step"},
            places=W1_PLACES,
        ),
        Answer(
            "hessian",
            "matrix",
            solution["hessian"],
            {"ru": r"гессиан $2X^T X$ для данных чисел", "en": r"Hessian $2X^T X$ for the given data"},
        ),
        Answer("L_star", "number", solution["L_star"], {"ru": r"$L(w^*)$", "en": r"$L(w^*)$"}),
    ]


FAMILY = Family(
    id="M3",
    title={"ru": "Линейная регрессия через дифференциалы", "en": "Linear regression via differentials"},
    summary="L(w) = (y - Xw)^T (y - Xw): dL, normal equation and w*, one GD step, Hessian 2X^T X",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
    options={"max_rows": Option(default=4, choices=(3, 4), help="most objects (rows of X)")},
)
